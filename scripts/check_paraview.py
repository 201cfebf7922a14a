#!/usr/bin/env pvpython
"""Opens a run's fields.xdmf in ParaView and checks what ParaView sees against fields.h5.

    pvpython scripts/check_paraview.py RUN_DIR

With each XDMF reader of ParaView (the one File > Open picks, Xdmf3ReaderS in 5.11, and the legacy
"XDMF Reader"), reads the last time step and checks:
  - the time steps are the snapshot times of fields.h5;
  - the point arrays are exactly the datasets of the last snapshot group;
  - the grid: XDMF's 3DCoRectMesh lists dimensions slowest first and fields.h5 stores (nx, ny, nz)
    in C order, so ParaView's dimensions are (nz, ny, nx) and its spacing (dz, dy, dx): ParaView's
    X axis is ishydro's z and its Z axis is ishydro's x (docs/usage.md);
  - every value equals fields.h5's (VTK's point order, X fastest, is the C order of (nx, ny, nz)).
Prints one line per reader. Exit status 0: all checks pass; 1: a check failed; 77: not run by
pvpython (no paraview module), for ctest's "skipped".
"""

from __future__ import annotations

import os
import sys

try:
    from paraview import servermanager
    from paraview import simple as pv
    from paraview.vtk.util.numpy_support import vtk_to_numpy
except ImportError:
    print("skipped: no paraview module (run this script with pvpython)")
    sys.exit(77)

try:
    import numpy as np

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import ishydro_run  # noqa: E402  (needs h5py)
except ImportError as e:
    print(f"skipped: the Python of pvpython lacks a module ({e}); Debian's has numpy and h5py")
    sys.exit(77)


def fail(message: str) -> None:
    print(f"check_paraview: FAILED: {message}")
    sys.exit(1)


def snapshot_contents(run_dir: str):
    """Times of all snapshots and the datasets of the last one, from fields.h5."""
    run = ishydro_run.load_run(run_dir)
    if not run.snapshots:
        fail(f"{run_dir}/fields.h5 has no snapshot")
    last = run.snapshots[-1]
    return run, last


def leaf(data):
    """The dataset of a reader's output (first leaf of a multiblock, if it is one)."""
    while data is not None and data.IsA("vtkMultiBlockDataSet"):
        data = data.GetBlock(0)
    return data


def check_reader(label: str, reader, run, last) -> str:
    steps = reader.TimestepValues
    times = [float(t) for t in steps] if hasattr(steps, "__len__") else [float(steps)]
    if not np.allclose(times, run.times, rtol=1e-12, atol=0):
        fail(f"{label}: time steps {times}, fields.h5 has {list(run.times)}")
    reader.UpdatePipeline(times[-1])
    data = leaf(servermanager.Fetch(reader))
    if data is None:
        fail(f"{label}: no data for the last time step")
    nx, ny, nz = len(run.x), len(run.y), len(run.z)
    dims = tuple(data.GetDimensions())
    if dims != (nz, ny, nx):
        fail(f"{label}: dimensions {dims}, expected (nz, ny, nx) = {(nz, ny, nx)}")
    spacing = tuple(data.GetSpacing())
    expected_spacing = tuple(
        float(axis[1] - axis[0]) if len(axis) > 1 else None for axis in (run.z, run.y, run.x)
    )
    for got, want, axis in zip(spacing, expected_spacing, "zyx"):
        if want is not None and not np.isclose(got, want, rtol=1e-12):
            fail(f"{label}: spacing {spacing}, expected d{axis} = {want} along ParaView's {'XYZ'['zyx'.index(axis)]}")
    pd = data.GetPointData()
    names = sorted(pd.GetArrayName(i) for i in range(pd.GetNumberOfArrays()))
    if names != sorted(last.fields):
        fail(f"{label}: point arrays {names}, the last snapshot has {sorted(last.fields)}")
    for name in names:
        values = vtk_to_numpy(pd.GetArray(name))
        expected = np.ascontiguousarray(last.fields[name]).ravel(order="C")
        if values.shape != expected.shape or not np.array_equal(values, expected):
            worst = np.max(np.abs(values - expected)) if values.shape == expected.shape else "shape"
            fail(f"{label}: array '{name}' differs from fields.h5 (max |diff| {worst})")
    return (
        f"{label}: {len(times)} time steps, last t = {times[-1]:g}; {len(names)} point arrays "
        f"({', '.join(names)}); dimensions {dims} = (nz, ny, nx), spacing {spacing} = (dz, dy, dx); "
        f"values equal fields.h5"
    )


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    run_dir = sys.argv[1]
    xdmf = os.path.join(run_dir, "fields.xdmf")
    if not os.path.exists(xdmf):
        fail(f"{xdmf} does not exist")
    run, last = snapshot_contents(run_dir)
    version = f"{servermanager.vtkSMProxyManager.GetVersionMajor()}.{servermanager.vtkSMProxyManager.GetVersionMinor()}"
    default = pv.OpenDataFile(xdmf)
    if default is None:
        fail(f"ParaView {version} cannot open {xdmf}")
    lines = [check_reader(f"ParaView {version} {default.GetXMLName()} (File > Open)", default, run, last)]
    pv.Delete(default)
    legacy = pv.XDMFReader(FileNames=[xdmf])
    lines.append(check_reader(f"ParaView {version} XDMFReader (legacy)", legacy, run, last))
    pv.Delete(legacy)
    for line in lines:
        print("check_paraview: " + line)
    print("check_paraview: ParaView's X axis is ishydro's z, Y is y, Z is x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
