#!/usr/bin/env pvpython
"""Opens a run's fields.xdmf in ParaView and checks what ParaView sees against fields.h5.

    pvpython scripts/check_paraview.py RUN_DIR

With each XDMF reader of ParaView (the one File > Open picks, i.e. paraview.simple.OpenDataFile:
Xdmf3ReaderS in 5.11; and the legacy "XDMF Reader"), reads the last time step and checks:
  - the time steps are the snapshot times of fields.h5;
  - the point arrays are the datasets of the last snapshot group plus u and pi;
  - the grid: ParaView's x, y, z are ishydro's (the bounds are the cell positions, no Transform), and
    probes at physical points (x_i, y_j, z_k) give fields.h5's e, u and pi at [i, j, k];
  - u is a 3-component vector (ux, uy, uz) and pi a 6-component symmetric tensor whose components,
    named XX, YY, ZZ, XY, YZ, XZ by ParaView, are pi_xx, pi_yy, pi_zz, pi_xy, pi_yz, pi_xz;
  - every value equals fields.h5's (VTK's point order, X fastest, is the C order of (nx, ny, nz)).
Then colours a slice by e with its unit in the colour legend's title (scripts/paraview_units.py) and
renders it to RUN_DIR/paraview_slice.png. Exit status 0: all checks pass; 1: a check failed; 77: not
run by pvpython (no paraview module), for ctest's "skipped".
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
    import h5py
    import ishydro_run  # noqa: E402  (needs h5py)
    import paraview_units  # noqa: E402
except ImportError as e:
    print(f"skipped: the Python of pvpython lacks a module ({e}); Debian's has numpy and h5py")
    sys.exit(77)


VECTOR = ["ux", "uy", "uz"]
TENSOR = ["pi_xx", "pi_yy", "pi_zz", "pi_xy", "pi_yz", "pi_xz"]  # VTK's order of a symmetric tensor


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
    # ParaView's x, y, z are ishydro's: the bounds are the cell positions along each axis.
    bounds = tuple(data.GetBounds())
    for a, (axis, coords) in enumerate(zip("xyz", (run.x, run.y, run.z))):
        want = (float(coords[0]), float(coords[-1]))
        if not np.allclose(bounds[2 * a : 2 * a + 2], want, rtol=1e-12, atol=1e-12):
            fail(f"{label}: ParaView's {axis} runs over {bounds[2 * a : 2 * a + 2]}, ishydro's {axis} over {want}")
    if data.GetNumberOfPoints() != nx * ny * nz:
        fail(f"{label}: {data.GetNumberOfPoints()} points, expected {nx * ny * nz}")
    # Probes at physical points (a cell of each corner region and the middle): ParaView's value at
    # (x_i, y_j, z_k) is fields.h5's value at [i, j, k], for e and the components of u and pi.
    probed = []
    for i, j, k in {(0, 0, 0), (nx - 1, ny - 1, nz - 1), (nx // 2, ny // 3, nz - 1), (nx - 1, 0, nz // 2)}:
        point = (float(run.x[i]), float(run.y[j]), float(run.z[k]))
        probe = pv.ProbeLocation(Input=reader, ProbeType="Fixed Radius Point Source")
        probe.ProbeType.Center = point
        probe.UpdatePipeline(times[-1])
        at = servermanager.Fetch(probe).GetPointData()
        for name, parts in (("e", ["e"]), ("u", VECTOR), ("pi", TENSOR)):
            if not all(p in last.fields for p in parts):
                continue
            value = vtk_to_numpy(at.GetArray(name))[0]
            want = np.array([last.fields[p][i, j, k] for p in parts])
            if not np.allclose(value, want, rtol=1e-12, atol=0):
                fail(f"{label}: {name} at (x, y, z) = {point} is {value} in ParaView, fields.h5 has {want}")
        pv.Delete(probe)
        probed.append(point)
    pd = data.GetPointData()
    names = sorted(pd.GetArrayName(i) for i in range(pd.GetNumberOfArrays()))
    # u (vector) and pi (symmetric tensor) join the scalars: fields.h5's /views (docs/usage.md).
    # (Each where output.fields writes all its components; it always does by default.)
    views = [("u", VECTOR, ["X", "Y", "Z"]), ("pi", TENSOR, ["XX", "YY", "ZZ", "XY", "YZ", "XZ"])]
    views = [v for v in views if all(p in last.fields for p in v[1])]
    joined = [v[0] for v in views]
    if names != sorted(list(last.fields) + joined):
        fail(f"{label}: point arrays {names}, expected the last snapshot's {sorted(last.fields)} and {joined}")
    for name, parts, labels in views:
        values = vtk_to_numpy(pd.GetArray(name))
        want = np.stack([last.fields[p].ravel() for p in parts], axis=-1)
        if values.shape != want.shape or not np.array_equal(values, want):
            fail(f"{label}: {name} has shape {values.shape}; expected the {len(parts)} components {', '.join(parts)}")
        shown = reader.PointData[name]
        got = [shown.GetComponentName(c) for c in range(shown.GetNumberOfComponents())]
        if got != labels:
            fail(f"{label}: ParaView names the components of {name} {got}, expected {labels}")
    for name in (n for n in names if n not in joined):
        values = vtk_to_numpy(pd.GetArray(name))
        expected = np.ascontiguousarray(last.fields[name]).ravel(order="C")
        if values.shape != expected.shape or not np.array_equal(values, expected):
            worst = np.max(np.abs(values - expected)) if values.shape == expected.shape else "shape"
            fail(f"{label}: array '{name}' differs from fields.h5 (max |diff| {worst})")
    return (
        f"{label}: {len(times)} time steps, last t = {times[-1]:g}; {len(names)} point arrays "
        f"({', '.join(names)}); bounds {bounds} = ishydro's x, y, z; values and probes at {len(probed)} "
        f"physical points equal fields.h5"
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
    # A slice rendered to PNG (headless: pvpython --force-offscreen-rendering, or under xvfb-run).
    png = os.path.join(run_dir, "paraview_slice.png")
    reader = pv.OpenDataFile(xdmf)
    view = pv.CreateView("RenderView")
    view.ViewSize = [400, 300]
    if len(run.z) > 1 and len(run.y) > 1:
        shown = pv.Slice(Input=reader)
        shown.SliceType.Origin = [float(run.x[len(run.x) // 2]), float(run.y[len(run.y) // 2]), float(run.z[len(run.z) // 2])]
        shown.SliceType.Normal = [0.0, 0.0, 1.0]
    else:
        shown = reader
    display = pv.Show(shown, view)
    pv.ColorBy(display, ("POINTS", "e"))
    # The colour legends carry the units of fields.xdmf, which are fields.h5's `units` attributes.
    titles = paraview_units.show_units(shown, view)
    with h5py.File(os.path.join(run_dir, "fields.h5"), "r") as f:
        group = f[sorted(n for n in f if n.startswith("snapshot_"))[-1]]
        views = f["views"][group.name.lstrip("/")]
        for name in list(group) + list(views):
            dataset = group[name] if name in group else views[name]
            unit = dataset.attrs["units"]
            unit = unit.decode() if isinstance(unit, bytes) else str(unit)
            if titles.get(name) != paraview_units.legend_title(name, unit):
                fail(f"colour legend of {name}: {titles.get(name)!r}; fields.h5's unit is {unit!r}")
    bar = pv.GetScalarBar(pv.GetColorTransferFunction("e"), view)
    if bar.Title != "e [GeV/fm^3]":
        fail(f"the colour legend of e is titled {bar.Title!r}, expected 'e [GeV/fm^3]'")
    display.SetScalarBarVisibility(view, True)
    view.ViewTime = run.times[-1]
    pv.ResetCamera(view)
    pv.SaveScreenshot(png, view)
    if not os.path.exists(png) or os.path.getsize(png) == 0:
        fail(f"no picture written to {png}")
    lines.append(f"rendered a slice of e with its colour legend {bar.Title!r} to {png}")
    for line in lines:
        print("check_paraview: " + line)
    print("check_paraview: ParaView's x, y, z are ishydro's x, y, z")
    return 0


if __name__ == "__main__":
    status = main()
    # Skip ParaView's teardown: under Xvfb its GLX context release fails (GLXBadContext) after all is done.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
