"""ishydro from Python: run the solver, read its outputs, write state files, compute spectra.

    import ishydro
    sim = ishydro.Simulation({"grid": {...}, "time": {...}, "initial": {...}})  # or a TOML path
    sim.advance(1.0)                  # the same steps as `ishydro run` with time.end = 1.0
    f = sim.fields()                  # {"e": array (nx, ny, nz), "T": ..., "ux": ..., "pi_xx": ...}
    k, Es, Ec = ishydro.spectrum(f, sim.grid["size"])
    run = ishydro.read("out")         # an output directory of `ishydro run`
    run.times, run.snapshot(-1)["e"], run.diagnostics["total_T00"], run.config["grid"]

Simulation is compiled (pybind11, _ishydro); read, write_state and spectrum are plain Python with
numpy and h5py. docs/python.md describes every function. Units are those of the outputs (fm, GeV/fm^3,
GeV; scripts/ishydro_run.py lists them).
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
import tomllib
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from ._ishydro import Simulation

__all__ = ["Simulation", "Run", "read", "write_state", "spectrum", "FIELD_NAMES", "CHARGE_FIELD_NAMES",
           "PRIMITIVE_NAMES"]

#: The datasets of a fields.h5 snapshot (and the keys of Simulation.fields()), in order.
FIELD_NAMES: Tuple[str, ...] = (
    "e", "T", "p", "ux", "uy", "uz", "Pi", "pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz")
#: The datasets a run with a baryon charge adds after FIELD_NAMES (docs/usage.md).
CHARGE_FIELD_NAMES: Tuple[str, ...] = ("nB", "muB", "Vx", "Vy", "Vz")
#: The primitive fields a state file holds (and Simulation.set_fields takes); e is required.
PRIMITIVE_NAMES: Tuple[str, ...] = (
    "e", "ux", "uy", "uz", "Pi", "pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz")

_SNAPSHOT = re.compile(r"^snapshot_(\d+)$")
PathLike = Union[str, "os.PathLike[str]"]


class Run:
    """An output directory of `ishydro run` (or of a Simulation with outputs), read lazily.

    times: the snapshot times of fields.h5, in order (numpy float64 array).
    snapshot(i): the fields of snapshot i (negative counts from the end) as {name: float64 array
        (nx, ny, nz)}; each call opens fields.h5 and reads that one snapshot only.
    diagnostics: diagnostics.csv as {column: numpy array} (step as int64, the rest float64), read
        on first use.
    config: the resolved input from run.json as a dict shaped like the input file, read on first use.
    info: the whole of run.json (version, build, libraries, threads, ...).
    """

    def __init__(self, directory: PathLike) -> None:
        self.directory: str = os.fspath(directory)
        self._fields_path = os.path.join(self.directory, "fields.h5")
        if not os.path.isfile(self._fields_path):
            raise FileNotFoundError(f"{self._fields_path}: no such file (not an ishydro output directory?)")
        import h5py

        with h5py.File(self._fields_path, "r") as f:
            groups = sorted(((int(m.group(1)), name) for name in f if (m := _SNAPSHOT.match(name))))
            self._groups: List[str] = [name for _, name in groups]
            self.times: np.ndarray = np.array([float(np.ravel(f[name].attrs["time"])[0]) for name in self._groups])
        self._diagnostics: Optional[Dict[str, np.ndarray]] = None
        self._info: Optional[Dict[str, Any]] = None

    def __len__(self) -> int:
        return len(self._groups)

    def __repr__(self) -> str:
        return f"ishydro.Run({self.directory!r}: {len(self)} snapshots)"

    def snapshot(self, i: int) -> Dict[str, np.ndarray]:
        """The fields of snapshot i (0 .. len - 1, or negative from the end), read from fields.h5 now."""
        import h5py

        name = self._groups[i]  # IndexError past the end
        with h5py.File(self._fields_path, "r") as f:
            return {key: np.asarray(dataset[()], dtype=np.float64) for key, dataset in f[name].items()}

    @property
    def diagnostics(self) -> Dict[str, np.ndarray]:
        """diagnostics.csv as {column: array}: step (int64) and the float64 columns (docs/usage.md)."""
        if self._diagnostics is None:
            with open(os.path.join(self.directory, "diagnostics.csv"), newline="") as f:
                rows = list(csv.reader(f))
            header, body = rows[0], rows[1:]
            self._diagnostics = {
                name: np.array([row[c] for row in body], dtype=np.int64 if name == "step" else np.float64)
                for c, name in enumerate(header)
            }
        return self._diagnostics

    @property
    def info(self) -> Dict[str, Any]:
        """run.json: how the output was made (resolved input as TOML text, version, build, threads)."""
        if self._info is None:
            with open(os.path.join(self.directory, "run.json")) as f:
                self._info = json.load(f)
        return self._info

    @property
    def config(self) -> Dict[str, Any]:
        """The resolved input (every default filled in) as a dict shaped like the input file."""
        return tomllib.loads(self.info["resolved_input"])


def read(directory: PathLike) -> Run:
    """Opens an ishydro output directory (fields.h5, diagnostics.csv, run.json) lazily: see Run."""
    return Run(directory)


def _grid_of(grid: Mapping[str, Any]) -> Tuple[Tuple[int, int, int], Tuple[float, float, float], str]:
    try:
        points = tuple(int(n) for n in grid["points"])
        size = tuple(float(L) for L in grid["size"])
    except (KeyError, TypeError) as err:
        raise TypeError("grid must be a mapping with 'points' (3 integers) and 'size' (3 numbers), like "
                        "the input's [grid] or Simulation.grid") from err
    coordinates = str(grid.get("coordinates", "cartesian"))
    if len(points) != 3 or len(size) != 3:
        raise ValueError(f"grid: points {points} and size {size} must have 3 entries each")
    if coordinates not in ("cartesian", "milne"):
        raise ValueError(f"grid: coordinates = {coordinates!r}: must be 'cartesian' or 'milne'")
    return points, size, coordinates  # type: ignore[return-value]


def write_state(path: PathLike, grid: Mapping[str, Any], time: float, **fields: np.ndarray) -> None:
    """Writes a state file that `[initial] kind = "file"` (and so Simulation) starts from.

    path: the file to write (HDF5). Written to a temporary file in the same directory, then renamed
        over path, so a reader never sees a partial file.
    grid: {'points': (nx, ny, nz), 'size': (Lx, Ly, Lz), 'coordinates': 'cartesian' or 'milne'}
        (the input's [grid], or Simulation.grid); the run's grid must match it.
    time: the start time (fm; Milne: tau).
    fields: the primitive fields e, ux, uy, uz, Pi, pi_xx, pi_xy, pi_xz, pi_yy, pi_yz, pi_zz (absent
        ones 0; e is required), each shaped (nx, ny, nz); converted to float64.

    The layout is that of a fields.h5 with one snapshot (root attributes points, size, coordinates;
    group snapshot_000000 with attribute time and one dataset per field). The solver makes the
    conserved state from it as from any snapshot (pi made traceless and orthogonal to u).
    """
    import h5py

    points, size, coordinates = _grid_of(grid)
    unknown = sorted(set(fields) - set(PRIMITIVE_NAMES))
    if unknown:
        raise TypeError(f"write_state: unexpected field(s) {', '.join(unknown)} (the fields are "
                        f"{', '.join(PRIMITIVE_NAMES)})")
    if "e" not in fields:
        raise TypeError("write_state: e is required")
    if not np.isfinite(time):
        raise ValueError(f"write_state: time = {time}: must be finite")
    arrays = {}
    for name in PRIMITIVE_NAMES:
        a = np.asarray(fields[name], dtype=np.float64) if name in fields else np.zeros(points)
        if a.shape != points:
            raise ValueError(f"write_state: {name} has shape {a.shape}, expected {points} (the grid)")
        if not np.all(np.isfinite(a)):
            raise ValueError(f"write_state: {name} has non-finite values")
        arrays[name] = a
    if not np.all(arrays["e"] > 0):
        raise ValueError("write_state: e must be > 0 everywhere")

    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".", suffix=".tmp", dir=directory)
    os.close(fd)
    try:
        with h5py.File(tmp, "w") as f:
            f.attrs["points"] = np.array(points, dtype=np.int32)
            f.attrs["size"] = np.array(size, dtype=np.float64)
            f.attrs["coordinates"] = coordinates
            group = f.create_group("snapshot_000000")
            group.attrs["time"] = np.float64(time)
            for name, a in arrays.items():
                group.create_dataset(name, data=a)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def spectrum(fields: Mapping[str, np.ndarray], size: Sequence[float]) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The kinetic-energy spectrum of W = sqrt(e + p) u^i, split into solenoidal and compressive parts.

    fields: at least e, p, ux, uy, uz, each (nx, ny, nz) (Simulation.fields() or Run.snapshot(i)).
    size: the box lengths (Lx, Ly, Lz) (Simulation.grid["size"], or the input's grid.size).

    Returns (k, E_solenoidal, E_compressive), as spectra.h5 defines them (docs/python.md): k = m dk for
    m = 0, 1, ..., up to the shell of the largest |k| on the grid, dk = 2 pi / the largest box length
    among the axes with more than one point; E_*[m] is the sum over the modes with |k| in
    [(m - 1/2) dk, (m + 1/2) dk) of (1/2)|W(k)|^2, divided by dk, with W(k) the discrete Fourier
    transform normalized so that sum_k |W(k)|^2 = <W.W> (the box average) and split by the Helmholtz
    projection along k (the k = 0 mode counts as solenoidal). So
    sum(E_solenoidal + E_compressive) * dk = <(e + p) u.u>/2.
    """
    e = np.asarray(fields["e"], dtype=np.float64)
    p = np.asarray(fields["p"], dtype=np.float64)
    if e.ndim != 3 or p.shape != e.shape:
        raise ValueError(f"spectrum: e and p must be 3-dimensional arrays of one shape, got {e.shape} and {p.shape}")
    shape = e.shape
    if len(size) != 3:
        raise ValueError(f"spectrum: size must hold 3 box lengths, got {len(size)}")
    resolved = [a for a in range(3) if shape[a] > 1]
    if not resolved:
        raise ValueError("spectrum: needs an axis with more than one point")
    dk = 2 * np.pi / max(float(size[a]) for a in resolved)

    weight = np.sqrt(e + p)
    cells = e.size
    W = np.stack([np.fft.fftn(weight * np.asarray(fields[c], dtype=np.float64)) / cells for c in ("ux", "uy", "uz")])
    k_axes = [2 * np.pi * np.fft.fftfreq(shape[a], d=float(size[a]) / shape[a]) if shape[a] > 1 else np.zeros(1)
              for a in range(3)]
    K = np.stack(np.meshgrid(*k_axes, indexing="ij"))
    k_norm = np.sqrt(np.sum(K**2, axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        k_hat = np.where(k_norm > 0, K / k_norm, 0.0)
    W_c = k_hat * np.sum(k_hat * W, axis=0)  # the part along k; zero at k = 0 (solenoidal)
    W_s = W - W_c
    energy_c = 0.5 * np.sum(np.abs(W_c) ** 2, axis=0)
    energy_s = 0.5 * np.sum(np.abs(W_s) ** 2, axis=0)

    shell = np.floor(k_norm / dk + 0.5).astype(np.int64).ravel()
    shells = int(shell.max()) + 1
    E_s = np.bincount(shell, weights=energy_s.ravel(), minlength=shells) / dk
    E_c = np.bincount(shell, weights=energy_c.ravel(), minlength=shells) / dk
    return np.arange(shells) * dk, E_s, E_c
