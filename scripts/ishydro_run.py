"""Read an ishydro run directory (output.dir) into numpy arrays.

    import ishydro_run
    run = ishydro_run.load_run("out")
    for snap in run.snapshots:
        print(snap.time, snap.fields["e"].max())
    diag = ishydro_run.load_diagnostics("out")
    print(diag["time"], diag["total_T00"])

Needs only numpy and h5py (Debian: python3-numpy, python3-h5py).

Layout (see the project's interface notes, "What a run writes"): fields.h5 holds one group
/snapshot_NNNNNN per snapshot with attribute `time` and float64 datasets of shape (nx, ny, nz),
index [i][j][k] at x_i = i * Lx / nx, y_j = j * Ly / ny, z_k = k * Lz / nz.

Units (natural units, hbar = c = 1, with fm as the length unit):
  - time t (Milne: proper time tau), positions x, y, z and box sizes: fm. In Milne coordinates the
    third axis is the spacetime rapidity eta_s, which is dimensionless.
  - e (energy density), p (pressure), Pi (bulk pressure), pi_ij (shear stress): GeV/fm^3.
    In Milne coordinates the contravariant components carrying eta pick up 1/fm per eta index:
    pi_xz, pi_yz in GeV/fm^4, pi_zz in GeV/fm^5.
  - T (temperature): GeV.
  - ux, uy, uz (spatial components of u^mu): dimensionless; in Milne u^eta (uz) is in 1/fm.
  - diagnostics.csv: time and dt in fm; total_T00 and total_T0i are sums of T^{tt}, T^{ti} times the
    cell volume, so GeV in Cartesian coordinates (in Milne, tau T^{tau tau} dx dy deta: GeV as well).
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

import h5py
import numpy as np

__all__ = ["Snapshot", "Run", "UNITS", "load_run", "load_diagnostics"]

_SNAPSHOT = re.compile(r"^snapshot_(\d+)$")

# Units of each field as written by ishydro (Cartesian coordinates; see the module docstring for Milne).
UNITS: Dict[str, str] = {
    "time": "fm",
    "x": "fm",
    "y": "fm",
    "z": "fm",
    "e": "GeV/fm^3",
    "p": "GeV/fm^3",
    "T": "GeV",
    "ux": "1",
    "uy": "1",
    "uz": "1",
    "Pi": "GeV/fm^3",
    "pi_xx": "GeV/fm^3",
    "pi_xy": "GeV/fm^3",
    "pi_xz": "GeV/fm^3",
    "pi_yy": "GeV/fm^3",
    "pi_yz": "GeV/fm^3",
    "pi_zz": "GeV/fm^3",
}

_MILNE_UNITS = {"z": "1 (eta_s)", "uz": "1/fm", "pi_xz": "GeV/fm^4", "pi_yz": "GeV/fm^4", "pi_zz": "GeV/fm^5"}


@dataclass
class Snapshot:
    """One output time: `time` (fm) and a dict of (nx, ny, nz) float64 arrays by field name."""

    index: int
    time: float
    fields: Dict[str, np.ndarray]


@dataclass
class Run:
    """A run's snapshots in time order, the grid coordinates and what the run recorded about itself."""

    snapshots: List[Snapshot]
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    coordinates: str  # "cartesian" or "milne"
    units: Dict[str, str]
    resolved_input: str = ""
    metadata: dict = field(default_factory=dict)

    @property
    def times(self) -> np.ndarray:
        return np.array([s.time for s in self.snapshots])


def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.shape == ():
        return _text(value[()])
    return str(value)


def _box_from_toml(resolved_input: str):
    """(size, coordinates) from the resolved input, for fields.h5 files without root grid attributes."""
    try:
        import tomllib  # Python 3.11+
    except ImportError:  # pragma: no cover - older Pythons
        return None, None
    try:
        grid = tomllib.loads(resolved_input).get("grid", {})
    except (tomllib.TOMLDecodeError, AttributeError):
        return None, None
    return grid.get("size"), grid.get("coordinates")


def load_run(directory: str, fields: Optional[Sequence[str]] = None) -> Run:
    """Loads directory/fields.h5: every snapshot (or only the named `fields` of each) into memory.

    Returns a Run whose x, y, z are the cell positions i * L / n along each axis (fm; z is eta_s in
    Milne coordinates) and whose `units` maps each name to its unit string.
    """
    path = os.path.join(directory, "fields.h5")
    with h5py.File(path, "r") as f:
        resolved_input = _text(f.attrs.get("resolved_input", ""))
        metadata_text = _text(f.attrs.get("metadata", "{}"))
        try:
            metadata = json.loads(metadata_text) if metadata_text else {}
        except json.JSONDecodeError:
            metadata = {"raw": metadata_text}

        groups = []
        for name in f.keys():
            m = _SNAPSHOT.match(name)
            if m and isinstance(f[name], h5py.Group):
                groups.append((int(m.group(1)), name))
        groups.sort()

        snapshots = []
        shape = None
        for index, name in groups:
            g = f[name]
            wanted = list(g.keys()) if fields is None else list(fields)
            data = {}
            for field_name in wanted:
                if field_name not in g:
                    raise KeyError(f"{path}: {name} has no dataset '{field_name}'")
                data[field_name] = g[field_name][...]
                shape = data[field_name].shape
            snapshots.append(Snapshot(index=index, time=float(g.attrs["time"]), fields=data))

        if "points" in f.attrs:
            points = [int(v) for v in f.attrs["points"]]
        elif shape is not None:
            points = list(shape)
        else:
            raise ValueError(f"{path}: no snapshots and no 'points' attribute; the grid is unknown")

        size = [float(v) for v in f.attrs["size"]] if "size" in f.attrs else None
        coordinates = _text(f.attrs["coordinates"]) if "coordinates" in f.attrs else None
        if size is None or coordinates is None:
            toml_size, toml_coords = _box_from_toml(resolved_input)
            size = size if size is not None else toml_size
            coordinates = coordinates if coordinates is not None else toml_coords
        if size is None:
            raise ValueError(f"{path}: the box size is recorded neither as an attribute nor in resolved_input")
        coordinates = coordinates or "cartesian"

    axes = [np.arange(n) * (float(L) / n) for n, L in zip(points, size)]
    units = dict(UNITS)
    if coordinates == "milne":
        units.update(_MILNE_UNITS)
    return Run(
        snapshots=snapshots,
        x=axes[0],
        y=axes[1],
        z=axes[2],
        coordinates=coordinates,
        units=units,
        resolved_input=resolved_input,
        metadata=metadata,
    )


def load_diagnostics(directory: str) -> Dict[str, np.ndarray]:
    """Reads directory/diagnostics.csv into {column name: 1-d numpy array}, one entry per time step.

    `step` is int64; every other column is float64 (nan and inf are kept as such).
    """
    path = os.path.join(directory, "diagnostics.csv")
    with open(path, newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise ValueError(f"{path}: empty file (no header line)") from None
        rows = [row for row in reader if row and any(cell.strip() for cell in row)]
    for n, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise ValueError(f"{path}:{n}: {len(row)} values for {len(header)} columns")
    columns: Dict[str, np.ndarray] = {}
    for c, name in enumerate(header):
        values = [row[c].strip() for row in rows]
        if name == "step":
            columns[name] = np.array([int(v) for v in values], dtype=np.int64)
        else:
            columns[name] = np.array([float(v) for v in values], dtype=np.float64)
    return columns


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 2:
        sys.exit("usage: ishydro_run.py OUTPUT_DIR")
    run = load_run(sys.argv[1])
    print(f"{len(run.snapshots)} snapshots, grid {len(run.x)} x {len(run.y)} x {len(run.z)} ({run.coordinates})")
    for s in run.snapshots:
        e = s.fields.get("e")
        extra = f", e in [{e.min():.6g}, {e.max():.6g}] {run.units['e']}" if e is not None else ""
        print(f"  snapshot {s.index}: time {s.time:.6g} {run.units['time']}{extra}")
    if os.path.exists(os.path.join(sys.argv[1], "diagnostics.csv")):
        d = load_diagnostics(sys.argv[1])
        print(f"diagnostics: {len(next(iter(d.values()))) if d else 0} rows, columns {', '.join(d)}")
