"""Outputs of issue 16: spectra.h5, the physics columns of diagnostics.csv, output control
([output] fields, precision, compression; units and axes) and starting from a chosen snapshot."""

from __future__ import annotations

import copy
import os
import subprocess

import h5py
import numpy as np
import pytest
from conftest import run_cli, to_toml

import ishydro

# A 2D box (16 x 16) with a nonlinear viscous sound wave (bulk and shear viscosity).
VISCOUS = {
    "grid": {"points": [16, 16, 1], "size": [4.0, 4.0, 1.0]},
    "time": {"start": 0.0, "end": 0.6, "cfl": 0.3},
    "eos": {"kind": "conformal"},
    "transport": {"eta_over_s": 0.2, "zeta_over_s": 0.05, "tau_pi_coeff": 5.0, "tau_Pi_coeff": 5.0},
    "initial": {"kind": "sound_wave", "e0": 1.0, "amplitude": 0.2, "mode": [1, 1, 0]},
    "output": {"times": [0.0, 0.3, 0.6], "profile": False, "spectra": True},
    "numerics": {"plan_rigor": "estimate"},
}


def run(tmp_path, config, binary, name="out"):
    path = tmp_path / f"{name}.toml"
    path.write_text(to_toml(config))
    cli = run_cli(binary, str(path), str(tmp_path / name))
    assert cli.returncode == 0, cli.stderr
    return tmp_path / name


@pytest.fixture(scope="module")
def viscous_run(tmp_path_factory, ishydro_binary):
    return run(tmp_path_factory.mktemp("viscous"), copy.deepcopy(VISCOUS), ishydro_binary)


@pytest.mark.parametrize("initial", [
    {"kind": "random_velocity", "v_rms": 0.2, "compressive": 0.5, "seed": 3},  # both parts
    {"kind": "shear_layer", "v_shear": 0.3, "perturbation": 0.05, "thickness": 0.2, "sigma": 0.4},
])
def test_spectra_h5_equals_ishydro_spectrum_of_fields_h5(tmp_path, ishydro_binary, initial):
    config = copy.deepcopy(VISCOUS)
    config["initial"] = initial
    out = run(tmp_path, config, ishydro_binary)
    fields = ishydro.read(out)
    with h5py.File(out / "spectra.h5", "r") as f:
        groups = sorted(f)
        assert groups == ["snapshot_000000", "snapshot_000001", "snapshot_000002"]
        for i, name in enumerate(groups):
            g = f[name]
            assert g.attrs["time"] == fields.times[i]
            assert g["k"].attrs["units"] in ("1/fm", b"1/fm")
            k, Es, Ec = ishydro.spectrum(fields.snapshot(i), (4.0, 4.0, 1.0))
            assert g["k"].shape == k.shape
            np.testing.assert_allclose(g["k"][()], k, rtol=1e-15, atol=0)
            scale = max(Es.max(), Ec.max())
            np.testing.assert_allclose(g["E_solenoidal"][()], Es, rtol=1e-12, atol=1e-12 * scale)
            np.testing.assert_allclose(g["E_compressive"][()], Ec, rtol=1e-12, atol=1e-12 * scale)
            assert Es.sum() > 0 and (Ec.sum() > 0 or i == 0)
            snap = fields.snapshot(i)
            kinetic = 0.5 * np.mean((snap["e"] + snap["p"]) * (snap["ux"] ** 2 + snap["uy"] ** 2 + snap["uz"] ** 2))
            assert np.sum(g["E_solenoidal"][()] + g["E_compressive"][()]) * k[1] == pytest.approx(kinetic, rel=1e-12)


def test_diagnostics_physics_columns_and_entropy_production(viscous_run):
    d = ishydro.read(viscous_run).diagnostics
    for column in ("total_S", "dS_dt", "max_inv_Re_shear", "max_inv_Re_bulk", "max_Kn", "enstrophy",
                   "max_vorticity", "mean_v"):
        assert column in d, column
    assert np.isnan(d["dS_dt"][0])
    S = d["total_S"]
    dt = np.diff(d["time"])
    np.testing.assert_allclose(d["dS_dt"][1:], np.diff(S) / dt, rtol=1e-9, atol=1e-12 * S[0])
    # The second law: S never decreases by more than the time error (ETD4: ~dt^5 per step).
    assert np.all(np.diff(S) >= -1e-9 * S[0]), np.diff(S).min()
    assert S[-1] > S[0] * (1 + 1e-7)  # a nonlinear viscous wave does produce entropy
    assert np.all(d["max_inv_Re_shear"][1:] > 0) and np.all(d["max_Kn"][1:] > 0)
    assert np.all(d["mean_v"] <= d["max_v"]) and np.all(d["mean_v"][1:] > 0)
    assert np.all(d["max_vorticity"] >= 0) and np.all(d["enstrophy"] >= 0)
    # Entropy of the initial state: s = (e + p)/T, T from e = (pi^2/30) 47.5 T^4 / (hbar c)^3.
    snap = ishydro.read(viscous_run).snapshot(0)
    u2 = snap["ux"] ** 2 + snap["uy"] ** 2 + snap["uz"] ** 2
    s_expected = np.sum((snap["e"] + snap["p"]) / snap["T"] * np.sqrt(1 + u2)) * (4.0 / 16) ** 2
    assert S[0] == pytest.approx(s_expected, rel=1e-12)


def test_shear_wave_produces_entropy_and_vorticity(tmp_path, ishydro_binary):
    config = copy.deepcopy(VISCOUS)
    config["initial"] = {"kind": "shear_wave", "e0": 1.0, "amplitude": 0.1, "mode": [1, 0, 0]}
    config["output"] = {"times": [0.6], "profile": False}
    d = ishydro.read(run(tmp_path, config, ishydro_binary)).diagnostics
    S = d["total_S"]
    assert np.all(np.diff(S) >= -1e-9 * S[0]) and S[-1] > S[0]
    assert d["max_vorticity"][0] > 0 and d["enstrophy"][-1] < d["enstrophy"][0]  # decaying shear


def test_ideal_run_conserves_entropy(tmp_path, ishydro_binary):
    config = copy.deepcopy(VISCOUS)
    config["transport"] = {"eta_over_s": 0.0, "zeta_over_s": 0.0}
    config["initial"]["amplitude"] = 0.01  # smooth over the run: no shock
    config["output"] = {"times": [0.6], "profile": False}
    d = ishydro.read(run(tmp_path, config, ishydro_binary)).diagnostics
    S = d["total_S"]
    assert np.max(np.abs(S - S[0])) < 1e-9 * S[0]
    assert np.all(d["max_Kn"] == 0) and np.all(d["max_inv_Re_shear"] == 0)


def test_output_fields_precision_compression_units_axes(tmp_path, ishydro_binary, viscous_run):
    config = copy.deepcopy(VISCOUS)
    config["output"] = {"times": [0.0, 0.3], "profile": False, "fields": ["uy", "e", "T"],
                        "precision": "float32", "compression": 6}
    out = run(tmp_path, config, ishydro_binary)
    with h5py.File(out / "fields.h5", "r") as f:
        assert sorted(f["snapshot_000001"]) == ["T", "e", "uy"]
        e = f["snapshot_000001/e"]
        assert e.dtype == np.float32 and e.compression == "gzip" and e.compression_opts == 6
        assert e.chunks is not None
        np.testing.assert_allclose(f["x"][()], np.arange(16) * 0.25)
        np.testing.assert_allclose(f["z"][()], [0.0])
        units = {n: f["snapshot_000001"][n].attrs["units"] for n in ("T", "e", "uy")}
        units = {n: u.decode() if isinstance(u, bytes) else u for n, u in units.items()}
        assert units == {"T": "GeV", "e": "GeV/fm^3", "uy": "1"}
        assert f["x"].attrs["units"] in ("fm", b"fm")
        with h5py.File(viscous_run / "fields.h5", "r") as full:
            np.testing.assert_allclose(e[()], full["snapshot_000001/e"][()], rtol=1e-6)
            assert full["snapshot_000001/e"].dtype == np.float64 and full["snapshot_000001/e"].chunks is None
    xdmf = (out / "fields.xdmf").read_text()
    assert 'Precision="4" Format="HDF">fields.h5:/snapshot_000001/e' in xdmf and "/p<" not in xdmf
    # A state file needs every primitive: this one lacks some and is refused, naming one.
    start = copy.deepcopy(VISCOUS)
    start["initial"] = {"kind": "file", "path": str(out / "fields.h5")}
    del start["time"]["start"]
    with pytest.raises(ValueError, match=r"snapshot_000001/ux' is missing"):
        ishydro.Simulation(start)


def test_float32_state_file_is_read(tmp_path, ishydro_binary):
    config = copy.deepcopy(VISCOUS)
    config["output"] = {"times": [0.0, 0.3], "profile": False, "precision": "float32"}
    out = run(tmp_path, config, ishydro_binary)
    start = copy.deepcopy(VISCOUS)
    start["initial"] = {"kind": "file", "path": str(out / "fields.h5")}
    del start["time"]["start"]
    sim = ishydro.Simulation(start)
    assert sim.time == pytest.approx(0.3)
    with h5py.File(out / "fields.h5", "r") as f:
        np.testing.assert_allclose(sim.fields()["e"], f["snapshot_000001/e"][()].astype(np.float64),
                                   rtol=1e-12)


@pytest.mark.parametrize("choice, time", [({"snapshot": 0}, 0.0), ({"snapshot": -2}, 0.3), ({"snapshot": 2}, 0.6),
                                          ({"snapshot_time": 0.3}, 0.3), ({}, 0.6)])
def test_start_from_a_chosen_snapshot(viscous_run, choice, time):
    start = copy.deepcopy(VISCOUS)
    start["initial"] = {"kind": "file", "path": str(viscous_run / "fields.h5"), **choice}
    del start["time"]["start"]
    start["time"]["end"] = 1.0
    start["output"]["times"] = [1.0]
    sim = ishydro.Simulation(start)
    assert sim.time == time
    i = list(ishydro.read(viscous_run).times).index(time)
    np.testing.assert_allclose(sim.fields()["e"], ishydro.read(viscous_run).snapshot(i)["e"], rtol=1e-12)


@pytest.mark.parametrize("choice, message", [
    ({"snapshot": 3}, r"initial.snapshot = 3: the file has 3 snapshots"),
    ({"snapshot": -4}, r"initial.snapshot = -4"),
    ({"snapshot_time": 0.25}, r"initial.snapshot_time = 0.25: no snapshot at that time"),
    ({"snapshot": 1, "snapshot_time": 0.3}, r"give only one"),
    ({"snapshot": 0.5}, r"initial.snapshot"),
])
def test_bad_snapshot_choice_names_the_key(viscous_run, choice, message):
    start = copy.deepcopy(VISCOUS)
    start["initial"] = {"kind": "file", "path": str(viscous_run / "fields.h5"), **choice}
    del start["time"]["start"]
    with pytest.raises(ValueError, match=message):
        ishydro.Simulation(start)


@pytest.mark.parametrize("output, message", [
    ({"fields": ["e", "vx"]}, r"output.fields = .*unknown field \"vx\" \(valid: e, T, p, ux"),
    ({"precision": "float16"}, r"output.precision"),
    ({"compression": 10}, r"output.compression = 10"),
])
def test_bad_output_control_is_refused(output, message):
    config = copy.deepcopy(VISCOUS)
    config["output"].update(output)
    with pytest.raises(ValueError, match=message):
        ishydro.Simulation(config)


def test_spectra_refused_in_milne():
    config = {
        "grid": {"points": [8, 8, 1], "size": [10.0, 10.0, 1.0], "coordinates": "milne"},
        "time": {"start": 1.0, "end": 1.2},
        "initial": {"kind": "bjorken", "T0": 0.3},
        "output": {"spectra": True},
    }
    with pytest.raises(ValueError, match=r"output.spectra = true: spectra are defined for Cartesian"):
        ishydro.Simulation(config)


def test_plot_spectra_script(viscous_run, tmp_path):
    import os
    import subprocess
    import sys

    script = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "plot_spectra.py")
    out = tmp_path / "spectra.png"
    done = subprocess.run([sys.executable, script, str(viscous_run), "--out", str(out), "--part", "both"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 1000 and out.read_bytes()[:4] == b"\x89PNG"


def test_spectra_h5_on_white_noise_with_nyquist_modes(tmp_path):
    """3D, every mode present (Nyquist planes included, where the direction of k follows numpy's
    fftfreq): spectra.h5 of the state set from numpy equals ishydro.spectrum of it."""
    shape, size = (8, 6, 4), (2.0, 1.5, 1.0)
    config = {
        "grid": {"points": list(shape), "size": list(size)},
        "time": {"start": 0.0, "end": 0.01},
        "initial": {"kind": "uniform", "e0": 1.0},
        "output": {"times": [0.0, 0.01], "spectra": True, "profile": False},
        "numerics": {"plan_rigor": "estimate"},
    }
    sim = ishydro.Simulation(config, output_dir=str(tmp_path / "out"))
    rng = np.random.default_rng(1)
    sim.set_fields(e=1.0 + 0.01 * rng.random(shape), **{c: 0.01 * rng.standard_normal(shape) for c in ("ux", "uy", "uz")})
    fields = sim.fields()
    sim.advance(0.01)
    k, Es, Ec = ishydro.spectrum(fields, size)
    with h5py.File(tmp_path / "out" / "spectra.h5", "r") as f:
        g = f["snapshot_000000"]
        scale = max(Es.max(), Ec.max())
        np.testing.assert_allclose(g["E_solenoidal"][()], Es, rtol=1e-12, atol=1e-12 * scale)
        np.testing.assert_allclose(g["E_compressive"][()], Ec, rtol=1e-12, atol=1e-12 * scale)


@pytest.mark.skipif(not os.environ.get("ISHYDRO_MPIRUN"), reason="not an MPI build (ctest sets ISHYDRO_MPIRUN)")
def test_one_and_two_ranks_agree_on_spectra_diagnostics_and_the_random_field(tmp_path, ishydro_binary):
    config = copy.deepcopy(VISCOUS)
    config["grid"] = {"points": [16, 16, 8], "size": [4.0, 4.0, 2.0]}
    config["time"]["end"] = 0.2
    config["initial"] = {"kind": "random_velocity", "v_rms": 0.2, "compressive": 0.3, "seed": 11}
    config["output"] = {"times": [0.0, 0.2], "profile": False, "spectra": True, "compression": 4}
    path = tmp_path / "in.toml"
    path.write_text(to_toml(config))
    serial = run_cli(ishydro_binary, str(path), str(tmp_path / "serial"))
    assert serial.returncode == 0, serial.stderr
    mpi = subprocess.run([os.environ["ISHYDRO_MPIRUN"], "--allow-run-as-root", "--oversubscribe", "-np", "2",
                          ishydro_binary, "run", str(path), "--output", str(tmp_path / "mpi"), "--threads", "1",
                          "--quiet"], capture_output=True, text=True, timeout=300)
    assert mpi.returncode == 0, mpi.stderr
    one, two = ishydro.read(tmp_path / "serial"), ishydro.read(tmp_path / "mpi")
    np.testing.assert_allclose(two.snapshot(0)["ux"], one.snapshot(0)["ux"], rtol=0, atol=1e-14)
    for column in ("total_S", "enstrophy", "max_vorticity", "max_Kn", "mean_v", "max_inv_Re_shear"):
        np.testing.assert_allclose(two.diagnostics[column], one.diagnostics[column], rtol=1e-10, err_msg=column)
    with h5py.File(tmp_path / "serial" / "spectra.h5", "r") as a, h5py.File(tmp_path / "mpi" / "spectra.h5", "r") as b:
        for i, name in enumerate(["snapshot_000000", "snapshot_000001"]):
            k, Es, Ec = ishydro.spectrum(two.snapshot(i), (4.0, 4.0, 2.0))
            scale = max(Es.max(), Ec.max())
            for part, E in (("E_solenoidal", Es), ("E_compressive", Ec)):
                np.testing.assert_allclose(b[name][part][()], a[name][part][()], rtol=1e-12, atol=1e-13 * scale)
                np.testing.assert_allclose(b[name][part][()], E, rtol=1e-12, atol=1e-12 * scale)


def test_snapshot_choice_refused_for_a_checkpoint(viscous_run):
    start = copy.deepcopy(VISCOUS)
    start["initial"] = {"kind": "file", "path": str(viscous_run / "checkpoint.h5"), "snapshot": 0}
    del start["time"]["start"]
    start["time"]["end"] = 1.0
    with pytest.raises(ValueError, match=r"initial.snapshot = 0: a checkpoint holds one state"):
        ishydro.Simulation(start)


def test_continued_run_keeps_earlier_spectra(tmp_path, ishydro_binary):
    config = copy.deepcopy(VISCOUS)
    config["initial"] = {"kind": "random_velocity", "v_rms": 0.1, "seed": 2}
    full = run(tmp_path, config, ishydro_binary, name="full")
    part_config = copy.deepcopy(config)
    part_config["time"]["end"] = 0.3
    part_config["output"]["times"] = [0.0, 0.3]
    part = run(tmp_path, part_config, ishydro_binary, name="part")
    cont = copy.deepcopy(config)
    cont["initial"] = {"kind": "file", "path": str(part / "checkpoint.h5")}
    del cont["time"]["start"]
    path = tmp_path / "cont.toml"
    path.write_text(to_toml(cont))
    done = run_cli(ishydro_binary, str(path), str(part))
    assert done.returncode == 0, done.stderr
    with h5py.File(full / "spectra.h5", "r") as a, h5py.File(part / "spectra.h5", "r") as b:
        assert sorted(a) == sorted(b) == ["snapshot_000000", "snapshot_000001", "snapshot_000002"]
        for name in a:
            assert a[name].attrs["time"] == b[name].attrs["time"]
            np.testing.assert_allclose(b[name]["E_solenoidal"][()], a[name]["E_solenoidal"][()], rtol=1e-12)
