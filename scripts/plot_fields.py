#!/usr/bin/env python3
"""Draw one field of an ishydro run at one snapshot, with the run's diagnostics over time.

    plot_fields.py RUN_DIR [--field e] [--snapshot -1] [--slice z=0] [--out PNG]

Left: the field at the snapshot, against the cell positions, with units (scripts/ishydro_run.py):
  - a 2D colour map of the plane through the box that keeps two resolved axes (more than 1 point):
    for a 3D box the plane at --slice AXIS=POSITION (default z = 0; the nearest grid plane is used);
    for a box with two resolved axes, their plane;
  - a line when one resolved axis is left (a 1D grid, or a 2D one sliced along a resolved axis);
  - for a single cell (1 x 1 x 1), the field at every snapshot against time, the chosen one marked.
Right: from diagnostics.csv, against time, the drift of total_T00 relative to its start
((T00(t) - T00(0)) / |T00(0)|; in Milne coordinates tau T^{tau tau} is not conserved), the constraint
residuals max |u_mu pi^{mu nu}| and max |pi^mu_mu| (log scale), and the time step dt; a dashed line
marks the snapshot's time.

--snapshot counts from 0 in time order; negative values count from the end (-1: the last).
Writes PNG (default RUN_DIR/plot_FIELD_SNAPSHOT.png) with matplotlib's Agg backend and prints its path.
Needs numpy, h5py and matplotlib (Debian: python3-numpy, python3-h5py, python3-matplotlib).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Dict, List, Optional, Tuple

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ishydro_run  # noqa: E402

AXES = "xyz"


def axis_label(run: ishydro_run.Run, axis: str) -> str:
    if run.coordinates == "milne" and axis == "z":
        return "eta_s"
    return f"{axis} [{run.units[axis]}]"


def time_label(run: ishydro_run.Run) -> str:
    return "tau [fm]" if run.coordinates == "milne" else "t [fm]"


def field_label(run: ishydro_run.Run, name: str) -> str:
    unit = run.units.get(name)
    return f"{name} [{unit}]" if unit and unit != "1" else name


def parse_slice(text: str) -> Tuple[str, float]:
    """'z=0' -> ('z', 0.0)."""
    axis, sep, value = text.partition("=")
    axis = axis.strip()
    if not sep or axis not in AXES:
        raise argparse.ArgumentTypeError(f"--slice {text!r}: expected AXIS=POSITION with AXIS one of x, y, z")
    try:
        return axis, float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--slice {text!r}: {value!r} is not a number") from None


def nearest_index(coords: np.ndarray, length: float, position: float) -> int:
    """Index of the grid point nearest to `position` on a periodic axis of the given length."""
    if len(coords) == 1:
        return 0
    d = np.abs(((coords - position) + 0.5 * length) % length - 0.5 * length)
    return int(np.argmin(d))


def draw_field(ax, fig, run: ishydro_run.Run, name: str, snap_index: int, slice_: Optional[Tuple[str, float]]) -> str:
    """Draws the field; returns a description of what was cut."""
    snap = run.snapshots[snap_index]
    data = snap.fields[name]
    coords = {"x": run.x, "y": run.y, "z": run.z}
    sizes = {a: len(coords[a]) * (coords[a][1] - coords[a][0]) if len(coords[a]) > 1 else 0.0 for a in AXES}
    resolved = [a for a in AXES if len(coords[a]) > 1]

    # Which axes are cut, and where.
    cut: Dict[str, int] = {a: 0 for a in AXES if a not in resolved}
    if slice_ is not None:
        axis, position = slice_
        if axis in resolved and len(resolved) >= 2:
            cut[axis] = nearest_index(coords[axis], sizes[axis], position)
        elif axis in resolved:
            print(f"plot_fields: --slice {axis}=...: ignored, {axis} is the only resolved axis", file=sys.stderr)
    elif len(resolved) == 3:
        cut["z"] = nearest_index(coords["z"], sizes["z"], 0.0)
    kept = [a for a in AXES if a not in cut]
    where = ", ".join(
        f"{a} = {coords[a][cut[a]]:.4g}" + (f" (index {cut[a]})" if a in resolved else "")
        for a in AXES if a in cut and a in resolved
    )
    index = tuple(cut[a] if a in cut else slice(None) for a in AXES)
    values = data[index]

    if len(kept) == 2:
        h, v = kept  # the first kept axis horizontal
        img = values if AXES.index(h) > AXES.index(v) else values.T  # rows along v, columns along h
        mesh = ax.pcolormesh(coords[h], coords[v], img, shading="nearest", cmap="viridis")
        cb = fig.colorbar(mesh, ax=ax)
        cb.set_label(field_label(run, name))
        ax.set_xlabel(axis_label(run, h))
        ax.set_ylabel(axis_label(run, v))
        ratio = sizes[v] / sizes[h] if sizes[h] > 0 else 1.0
        if 1 / 3 < ratio < 3:
            ax.set_aspect("equal")
    elif len(kept) == 1:
        (h,) = kept
        ax.plot(coords[h], values, ".-", lw=1, ms=3)
        ax.set_xlabel(axis_label(run, h))
        ax.set_ylabel(field_label(run, name))
        ax.grid(alpha=0.3)
    else:  # a single cell: the field at every snapshot
        times = run.times
        series = [s.fields[name].reshape(-1)[0] for s in run.snapshots]
        ax.plot(times, series, "o-", ms=4, lw=1)
        ax.plot([times[snap_index]], [series[snap_index]], "o", ms=9, mfc="none", mec="C3",
                label=f"snapshot {snap_index}")
        ax.set_xlabel(time_label(run))
        ax.set_ylabel(field_label(run, name))
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
        where = "single cell; every snapshot"
    return where


def draw_diagnostics(axes: List, run: ishydro_run.Run, diag: Optional[Dict[str, np.ndarray]], t_snap: float) -> None:
    panels = [
        ("total_T00", "total_T00 drift\n(T00(t) - T00(0)) / |T00(0)|", "linear"),
        ("max_u_pi", "max |u_mu pi^{mu nu}| [GeV/fm^3]", "log"),
        ("max_trace_pi", "max |pi^mu_mu| [GeV/fm^3]", "log"),
        ("dt", "dt [fm]", "linear"),
    ]
    for ax, (column, label, scale) in zip(axes, panels):
        ax.set_title(label, fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
        if diag is None or column not in diag or "time" not in diag:
            ax.text(0.5, 0.5, "no diagnostics.csv" if diag is None else f"no column {column}",
                    ha="center", va="center", transform=ax.transAxes, fontsize=9)
            continue
        t, y = diag["time"], diag[column].astype(float)
        if column == "total_T00":
            y = (y - y[0]) / abs(y[0]) if y[0] != 0 else y - y[0]
            if run.coordinates == "milne":
                ax.set_title(label + "\n(not conserved in Milne coordinates)", fontsize=9)
        if column == "dt":
            t, y = t[1:], y[1:]  # step 0 is the initial state, dt = 0
        if scale == "log":
            positive = y > 0
            if positive.any():
                ax.semilogy(t[positive], y[positive], lw=1)
            else:
                ax.text(0.5, 0.5, "0 at every step", ha="center", va="center", transform=ax.transAxes, fontsize=9)
                if len(t) > 1 and t[-1] > t[0]:
                    ax.set_xlim(t[0], t[-1])
        else:
            ax.plot(t, y, lw=1)
            ax.ticklabel_format(axis="y", style="sci", scilimits=(-3, 3), useOffset=False)
        ax.axvline(t_snap, color="C3", ls="--", lw=0.8)
        ax.set_xlabel(time_label(run), fontsize=8)


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="Draw one field of an ishydro run at one snapshot, with its diagnostics.")
    ap.add_argument("run_dir", metavar="RUN_DIR", help="the run's output directory (fields.h5, diagnostics.csv)")
    ap.add_argument("--field", default="e", help="dataset name in fields.h5 (default e)")
    ap.add_argument("--snapshot", type=int, default=-1, help="snapshot number, from 0; negative from the end (default -1)")
    ap.add_argument("--slice", type=parse_slice, default=None, metavar="AXIS=POS",
                    help="for a 3D box, the plane at this position (default z=0); nearest grid plane")
    ap.add_argument("--out", default=None, metavar="PNG", help="output image (default RUN_DIR/plot_FIELD_SNAPSHOT.png)")
    args = ap.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    try:
        run = ishydro_run.load_run(args.run_dir, fields=[args.field])
    except KeyError:
        available = sorted(ishydro_run.load_run(args.run_dir).snapshots[0].fields)
        print(f"plot_fields: no field '{args.field}' in {args.run_dir}/fields.h5; it has {', '.join(available)}",
              file=sys.stderr)
        return 2
    except (OSError, ValueError) as e:
        print(f"plot_fields: {e}", file=sys.stderr)
        return 2
    n = len(run.snapshots)
    if n == 0:
        print(f"plot_fields: {args.run_dir}/fields.h5 has no snapshot", file=sys.stderr)
        return 2
    if not -n <= args.snapshot < n:
        print(f"plot_fields: --snapshot {args.snapshot}: the run has {n} snapshots (0 .. {n - 1})", file=sys.stderr)
        return 2
    index = args.snapshot % n
    snap = run.snapshots[index]

    diag = None
    if os.path.exists(os.path.join(args.run_dir, "diagnostics.csv")):
        try:
            diag = ishydro_run.load_diagnostics(args.run_dir)
        except ValueError as e:
            print(f"plot_fields: diagnostics.csv ignored: {e}", file=sys.stderr)

    fig = plt.figure(figsize=(13, 6), constrained_layout=True)
    grid = fig.add_gridspec(2, 3, width_ratios=[1.6, 1, 1])
    ax_field = fig.add_subplot(grid[:, 0])
    where = draw_field(ax_field, fig, run, args.field, index, args.slice)
    ax_field.set_title(
        f"{field_label(run, args.field)} at {time_label(run).split()[0]} = {snap.time:.6g} fm"
        f" (snapshot {index} of {n})" + (f"\n{where}" if where else ""),
        fontsize=10,
    )
    diag_axes = [fig.add_subplot(grid[r, c]) for r in range(2) for c in (1, 2)]
    draw_diagnostics(diag_axes, run, diag, snap.time)
    shape = " x ".join(str(len(a)) for a in (run.x, run.y, run.z))
    fig.suptitle(f"{os.path.abspath(args.run_dir)}: {shape} {run.coordinates} grid", fontsize=11)

    out = args.out or os.path.join(args.run_dir, f"plot_{args.field}_{index}.png")
    fig.savefig(out, dpi=100)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
