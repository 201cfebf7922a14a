#!/usr/bin/env python3
"""Compare an ishydro run with its exact solution (scripts/exact_solutions.py), plot and tabulate.

    plot_validation.py RUN_DIR [--out PNG] [--table] [--tolerance TOL] [--input TOML] [--snapshots N]

Kinds and what is drawn:
  sound_wave  e - e0 and u_par = u.khat against the distance along the wave, (k.x mod 2 pi) / |k|;
  shear_wave  u^y and pi^{xy} against x;
  uniform     |pi^{ij}| and |Pi| against time (log scale) with the exponential relaxation;
and in every case the error against time. The numbers are markers, the exact solution lines.

Errors (one per field and snapshot; the Markdown table lists them):
  sound/shear: max over the grid (and the components of u or pi) of |numerical - exact|, divided by
    the field's amplitude: the largest |exact| over [start, end] of that perturbation (de, u_par or
    u^y, the largest pi^{ij}, Pi). For shear_wave, e stays e0 at linear order and its error is divided
    by e0 |A|.
  uniform: each relaxing stress relative to its exact value at that time, |num - exact| / |exact(t)|;
    e relative to e0; u absolute; pi components that start at 0 relative to the largest |pi^{ij}_0|.

The table is printed, and with --table also written to RUN_DIR/errors.md. With --tolerance the exit
status is 1 (with a message naming the field and time) when any error exceeds it.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from typing import Dict, List

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exact_solutions as ex  # noqa: E402
import ishydro_run  # noqa: E402

FLOOR = 1e-18  # zero errors are drawn at this level on the log scale


class Comparison:
    """Errors per field and snapshot, the amplitudes they are divided by, and what the plot needs."""

    def __init__(self, run: ishydro_run.Run, sol):
        self.run = run
        self.sol = sol
        self.times = run.times
        self.errors: Dict[str, np.ndarray] = {}
        self.norms: Dict[str, str] = {}
        self.exact = [sol.fields(s.time, run.x, run.y, run.z) for s in run.snapshots]
        getattr(self, "_" + sol.kind)()

    def _max_diff(self, names: List[str]) -> np.ndarray:
        out = []
        for snap, exact in zip(self.run.snapshots, self.exact):
            out.append(max(np.abs(snap.fields[n] - exact[n]).max() for n in names))
        return np.array(out)

    def _waves(self, fields: Dict[str, List[str]]):
        amp = self.sol.peak_amplitudes()
        self.amplitudes = amp
        for key, names in fields.items():
            self.errors[key] = self._max_diff(names) / amp[key]
            self.norms[key] = f"{amp[key]:.6g}"

    def _sound_wave(self):
        fields = {"e": ["e"], "u": ["ux", "uy", "uz"], "pi": list(ex.PI_COMPONENTS)}
        if self.sol.background.bulk and self.sol.peak_amplitudes()["Pi"] > 0:
            fields["Pi"] = ["Pi"]
        self._waves(fields)

    def _shear_wave(self):
        self._waves({"e": ["e"], "u": ["ux", "uy", "uz"], "pi": list(ex.PI_COMPONENTS)})

    def _uniform(self):
        sol = self.sol
        for name in sol.relaxing():
            err = []
            for snap, exact in zip(self.run.snapshots, self.exact):
                ref = abs(exact[name].flat[0])
                err.append(np.abs(snap.fields[name] - exact[name]).max() / ref)
            self.errors[name] = np.array(err)
            self.norms[name] = "|exact(t)|"
        self.errors["e"] = self._max_diff(["e"]) / sol.background.e0
        self.norms["e"] = f"e0 = {sol.background.e0:g}"
        self.errors["u"] = self._max_diff(["ux", "uy", "uz"])
        self.norms["u"] = "1"
        others = [n for n in ex.PI_COMPONENTS if n not in sol.relaxing()]
        scale = max([abs(v) for v in sol.pi0.values()] + [0.0])
        if others and scale > 0:
            self.errors["pi_other"] = self._max_diff(others) / scale
            self.norms["pi_other"] = f"max |pi0| = {scale:g} ({', '.join(others)})"

    def worst(self):
        """(error, field, time) of the largest error."""
        best = (-1.0, "", float("nan"))
        for name, err in self.errors.items():
            i = int(np.argmax(err))
            if err[i] > best[0] or math.isnan(err[i]):
                best = (float(err[i]), name, float(self.times[i]))
        return best

    def table(self) -> str:
        names = list(self.errors)
        lines = ["| t (fm) | " + " | ".join(names) + " |", "|---:|" + "---:|" * len(names)]
        for i, t in enumerate(self.times):
            lines.append(f"| {t:g} | " + " | ".join(f"{self.errors[n][i]:.2e}" for n in names) + " |")
        lines.append("| **max** | " + " | ".join(f"**{self.errors[n].max():.2e}**" for n in names) + " |")
        return "\n".join(lines)

    def normalisation(self) -> str:
        return "; ".join(f"{n}: {v}" for n, v in self.norms.items())


def _pick(n: int, count: int) -> List[int]:
    if count <= 0 or n <= count:
        return list(range(n))
    return sorted(set(int(round(v)) for v in np.linspace(0, n - 1, count)))


def _title(sol, run) -> str:
    b = sol.background
    grid = "x".join(str(len(a)) for a in (run.x, run.y, run.z))
    visc = f"eta={b.eta:.4g} GeV/fm^2, tau_pi={b.tau_pi:.4g} fm"
    if b.zeta > 0:
        visc += f", zeta={b.zeta:.4g}, tau_Pi={b.tau_Pi:.4g} fm"
    return f"{sol.kind}: grid {grid}, e0={b.e0:g}, cs2={b.cs2:.4g}, {visc}"


def plot(cmp: Comparison, out: str, count: int, tolerance=None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sol, run = cmp.sol, cmp.run
    fig, axes = plt.subplots(1, 3 if sol.kind != "uniform" else 2, figsize=(13, 3.9) if sol.kind != "uniform" else (10, 3.9))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    chosen = _pick(len(run.snapshots), count)

    if sol.kind == "sound_wave":
        X, Y, Z = np.meshgrid(run.x, run.y, run.z, indexing="ij")
        phase = sol.kvec[0] * X + sol.kvec[1] * Y + sol.kvec[2] * Z
        xi = (np.mod(phase, 2 * np.pi) / sol.k).ravel()
        sel = np.arange(xi.size)
        if xi.size > 2000:
            sel = np.random.default_rng(0).choice(xi.size, 2000, replace=False)
        fine = np.linspace(0, 2 * np.pi / sol.k, 400)
        for c, i in enumerate(chosen):
            snap, col = run.snapshots[i], colors[c % len(colors)]
            de, u, _, _ = sol.mode_amplitudes(snap.time)
            wave = np.exp(1j * sol.k * fine)
            upar = sum(sol.khat[a] * snap.fields[n] for a, n in enumerate(("ux", "uy", "uz")))
            axes[0].plot(fine, np.real(de * wave), color=col, lw=1.2)
            axes[0].plot(xi[sel], (snap.fields["e"] - sol.background.e0).ravel()[sel], "o", ms=3, color=col,
                         label=f"t={snap.time:g}")
            axes[1].plot(fine, np.real(u * wave), color=col, lw=1.2)
            axes[1].plot(xi[sel], upar.ravel()[sel], "o", ms=3, color=col)
        axes[0].set_xlabel("(k.x mod 2pi)/|k| (fm)")
        axes[1].set_xlabel("(k.x mod 2pi)/|k| (fm)")
        axes[0].set_ylabel("e - e0 (GeV/fm^3)")
        axes[1].set_ylabel("u_par = u.khat")
    elif sol.kind == "shear_wave":
        fine = np.linspace(0, run.x[-1] + run.x[1] - run.x[0] if len(run.x) > 1 else sol.size[0], 400)
        for c, i in enumerate(chosen):
            snap, col = run.snapshots[i], colors[c % len(colors)]
            u, pi = sol.mode_amplitudes(snap.time)
            wave = np.exp(1j * sol.k * fine)
            axes[0].plot(fine, np.real(u * wave), color=col, lw=1.2)
            axes[0].plot(run.x, snap.fields["uy"][:, 0, 0], "o", ms=3, color=col, label=f"t={snap.time:g}")
            axes[1].plot(fine, np.real(pi * wave), color=col, lw=1.2)
            axes[1].plot(run.x, snap.fields["pi_xy"][:, 0, 0], "o", ms=3, color=col)
        axes[0].set_xlabel("x (fm)")
        axes[1].set_xlabel("x (fm)")
        axes[0].set_ylabel("u^y")
        axes[1].set_ylabel("pi^{xy} (GeV/fm^3)")
    else:
        fine = np.linspace(sol.t0, max(sol.t_end, run.times.max()), 400)
        for c, name in enumerate(sol.relaxing()):
            col = colors[c % len(colors)]
            exact = np.array([abs(sol.values(t)[name]) for t in fine])
            axes[0].semilogy(fine, exact, color=col, lw=1.2, label=f"|{name}| exact")
            num = np.array([abs(s.fields[name].flat[0]) for s in run.snapshots])
            axes[0].semilogy(run.times, num, "o", ms=4, color=col, label=f"|{name}| ishydro")
        axes[0].set_xlabel("t (fm)")
        axes[0].set_ylabel("GeV/fm^3")
        axes[0].set_title("relaxation at rest", fontsize=9)

    axes[0].legend(fontsize=7, loc="best", title="markers: ishydro, lines: exact", title_fontsize=7)
    ax = axes[-1]
    for c, (name, err) in enumerate(cmp.errors.items()):
        ax.semilogy(run.times, np.maximum(err, FLOOR), "o-", ms=3, lw=1, color=colors[c % len(colors)], label=name)
    if tolerance is not None:
        ax.axhline(tolerance, color="k", ls="--", lw=0.8, label=f"tolerance {tolerance:g}")
    ax.set_xlabel("t (fm)")
    ax.set_ylabel("relative error" if sol.kind == "uniform" else "max |error| / amplitude")
    ax.set_title(f"errors (0 drawn at {FLOOR:g})", fontsize=9)
    ax.legend(fontsize=7, loc="best")
    for a in axes:
        a.grid(alpha=0.3)
    worst, field, t = cmp.worst()
    verdict = f"largest error {worst:.2e} ({field}, t={t:g})"
    if tolerance is not None:
        verdict += f": {'PASS' if worst <= tolerance else 'FAIL'} (tolerance {tolerance:g})"
    fig.suptitle(_title(sol, run) + ("" if sol.valid else "  [exact only for 'is']") + "\n" + verdict, fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Compare an ishydro run with its exact solution.")
    ap.add_argument("run_dir", help="the run's output directory (fields.h5)")
    ap.add_argument("--out", help="PNG to write (default RUN_DIR/validation.png)")
    ap.add_argument("--table", action="store_true", help="also write the error table to RUN_DIR/errors.md")
    ap.add_argument("--tolerance", type=float, default=None, help="exit 1 if any error exceeds this")
    ap.add_argument("--input", help="TOML input to use if fields.h5 has no resolved_input")
    ap.add_argument("--snapshots", type=int, default=5, help="snapshots drawn in the field panels (0: all)")
    ap.add_argument("--no-plot", action="store_true", help="only compute and print the errors")
    args = ap.parse_args(argv)

    try:
        run = ishydro_run.load_run(args.run_dir)
        sol = ex.solution_for(ex.load_config(args.run_dir, args.input))
    except (OSError, ValueError, KeyError) as err:
        print(f"plot_validation: {err}", file=sys.stderr)
        return 2
    if not run.snapshots:
        print(f"plot_validation: {args.run_dir}: no snapshots", file=sys.stderr)
        return 2
    if not sol.valid:
        print(f"plot_validation: {sol.validity_note}", file=sys.stderr)

    cmp = Comparison(run, sol)
    header = (
        f"Run `{args.run_dir}`, initial.kind = `{sol.kind}`; {sol.validity_note}.\n"
        f"Error = max over the grid of |numerical - exact| / normalisation ({cmp.normalisation()}).\n"
    )
    table = cmp.table()
    print(header)
    print(table)
    if args.table:
        with open(os.path.join(args.run_dir, "errors.md"), "w") as fh:
            fh.write(header + "\n" + table + "\n")
    if not args.no_plot:
        out = args.out or os.path.join(args.run_dir, "validation.png")
        plot(cmp, out, args.snapshots, args.tolerance)
        print(f"\nwrote {out}")

    worst, field, t = cmp.worst()
    if args.tolerance is not None:
        if not (worst <= args.tolerance):
            print(
                f"plot_validation: FAIL: {sol.kind}: error {worst:.3e} in '{field}' at t = {t:g} fm exceeds "
                f"the tolerance {args.tolerance:g}",
                file=sys.stderr,
            )
            return 1
        print(f"OK: largest error {worst:.3e} ('{field}' at t = {t:g} fm) <= tolerance {args.tolerance:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
