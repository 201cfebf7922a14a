"""ishydro.Simulation: construction, errors, stepping against `ishydro run`, fields and set_fields."""

from __future__ import annotations

import os
import pathlib
import signal
import threading

import numpy as np
import pytest
from conftest import BASE_CONFIG, run_cli, to_toml

import ishydro


def test_from_dict_and_from_path_agree(config, tmp_path):
    path = tmp_path / "input.toml"
    path.write_text(to_toml(config))
    from_dict = ishydro.Simulation(config)
    from_str = ishydro.Simulation(str(path))
    from_pathlike = ishydro.Simulation(pathlib.Path(path))
    assert from_dict.resolved_input == from_str.resolved_input == from_pathlike.resolved_input
    assert from_dict.time == 0.0 and from_dict.step == 0
    assert from_dict.grid == {"points": (8, 4, 4), "size": (4.0, 2.0, 2.0), "coordinates": "cartesian"}
    a, b = from_dict.fields(), from_str.fields()
    assert list(a) == list(ishydro.FIELD_NAMES)
    for name in a:
        assert a[name].dtype == np.float64 and a[name].shape == (8, 4, 4)
        assert np.array_equal(a[name], b[name])


def test_dict_values_of_numpy_tuples_and_nested_tables(config, tmp_path):
    plain = ishydro.Simulation(config)
    config["grid"]["points"] = np.array([8, 4, 4])
    config["grid"]["size"] = (np.float64(4.0), 2, 2.0)  # an int where a float goes, as TOML allows
    config["time"]["cfl"] = np.float64(0.3)
    config["transport"]["terms"] = {"delta_pipi": np.bool_(False)}
    config["output"]["dir"] = tmp_path  # os.PathLike
    other = ishydro.Simulation(config)
    assert other.grid == plain.grid
    assert other.resolved_input.replace(str(tmp_path), "out") == plain.resolved_input


def test_config_of_other_types_is_a_type_error():
    with pytest.raises(TypeError, match="config must be a dict"):
        ishydro.Simulation(42)


def test_dict_values_that_are_not_toml_name_the_key(config):
    config["time"]["end"] = object()
    with pytest.raises(ValueError, match=r"^input error: time\.end: not a TOML value"):
        ishydro.Simulation(config)


BAD_INPUTS = [
    ("grid", "points", [7, 1, 1]),          # an odd axis
    ("time", "end", -1.0),                  # before the start
    ("time", "cfl", "fast"),                # a string for a number
    ("transport", "eta_over_s", -0.1),      # negative viscosity
    ("initial", "kind", "vortex"),          # unknown kind
    ("grid", "pointz", [8, 1, 1]),          # unknown key (with a suggestion)
]


@pytest.mark.parametrize("section,key,value", BAD_INPUTS)
def test_bad_input_raises_the_command_lines_message(config, tmp_path, ishydro_binary, section, key, value):
    config[section][key] = value
    path = tmp_path / "bad.toml"
    path.write_text(to_toml(config))
    cli = run_cli(ishydro_binary, str(path), str(tmp_path / "out"))
    assert cli.returncode == 1, cli.stderr
    expected = cli.stderr.strip()
    assert expected.startswith("ishydro: input error: ")
    for source in (config, path):
        with pytest.raises(ValueError) as err:
            ishydro.Simulation(source)
        assert "ishydro: " + str(err.value) == expected


def test_advance_in_pieces_equals_one_piece_and_the_command_line(config, tmp_path, ishydro_binary, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "input.toml"
    path.write_text(to_toml(config))
    cli = run_cli(ishydro_binary, str(path), str(tmp_path / "cli"))
    assert cli.returncode == 0, cli.stderr
    final = ishydro.read(tmp_path / "cli").snapshot(-1)

    whole = ishydro.Simulation(config)
    summary = whole.advance(0.4)
    assert summary["time"] == whole.time == 0.4 and summary["steps"] == whole.step > 2
    pieces = ishydro.Simulation(config)
    pieces.advance(0.2)  # one of output.times: a landing of the one-piece run too
    assert pieces.time == 0.2
    pieces.advance(0.4)
    assert pieces.step == whole.step
    a, b = whole.fields(), pieces.fields()
    for name in ishydro.FIELD_NAMES:
        assert np.array_equal(a[name], b[name]), name
        assert np.array_equal(a[name], final[name]), name  # bit for bit with fields.h5
    assert sorted(os.listdir(tmp_path)) == ["cli", "input.toml"]  # nothing written by default (output.dir "out")


def test_advance_to_now_does_nothing_and_backwards_is_an_error(config):
    sim = ishydro.Simulation(config)
    sim.advance(0.0)
    assert sim.step == 0
    sim.advance(0.2)
    with pytest.raises(ValueError, match="earlier than the current time"):
        sim.advance(0.1)
    with pytest.raises(ValueError, match="must be finite"):
        sim.advance(float("nan"))


def test_outputs_are_written_when_asked(config, tmp_path):
    sim = ishydro.Simulation(config, output_dir=str(tmp_path / "py"))
    sim.advance(0.4)
    run = ishydro.read(tmp_path / "py")
    assert run.times[-1] == 0.4
    assert run.diagnostics["step"][-1] == sim.step


def test_fields_copies_and_the_pi_view(config):
    sim = ishydro.Simulation(config)
    copies = sim.fields()
    copies["e"][0, 0, 0] = -1.0  # a copy: the solver is untouched
    assert sim.fields()["e"][0, 0, 0] > 0
    view = sim.fields(copy=False)["Pi"]
    assert not view.flags.writeable and not view.flags.owndata
    with pytest.raises(ValueError):
        view[0, 0, 0] = 1.0
    shape = sim.grid["points"]
    sim.set_fields(e=np.ones(shape), Pi=np.full(shape, 0.01))
    assert np.all(view == 0.01)  # follows the state
    del sim
    assert np.all(view == 0.01)  # the view keeps the simulation alive


def test_set_fields_round_trip(config):
    sim = ishydro.Simulation(config)
    shape = sim.grid["points"]
    x = np.linspace(0, 2 * np.pi, shape[0], endpoint=False)[:, None, None] * np.ones(shape)
    e = 1.0 + 0.1 * np.sin(x)
    ux = 0.05 * np.cos(x)
    uy = 0.02 * np.sin(x)
    Pi = 1e-3 * np.cos(x)
    pi_xy = 1e-3 * np.sin(x)  # orthogonal to u only after the projection: compared after it
    sim.set_fields(e=e, ux=ux, uy=uy, Pi=Pi, pi_xy=pi_xy)
    assert sim.time == 0.0 and sim.step == 0
    f = sim.fields()
    np.testing.assert_allclose(f["e"], e, rtol=1e-12)
    np.testing.assert_allclose(f["ux"], ux, rtol=0, atol=1e-13)
    np.testing.assert_allclose(f["uy"], uy, rtol=0, atol=1e-13)
    np.testing.assert_allclose(f["uz"], 0.0, rtol=0, atol=1e-13)
    assert np.array_equal(f["Pi"], Pi)
    # The state is what the projected fields give back: setting them again changes nothing.
    sim.set_fields(**{name: f[name] for name in ishydro.PRIMITIVE_NAMES})
    g = sim.fields()
    for name in ishydro.PRIMITIVE_NAMES:
        np.testing.assert_allclose(g[name], f[name], rtol=1e-12, atol=1e-15, err_msg=name)
    sim.advance(0.1)
    assert sim.time == 0.1


def test_set_fields_rejects_bad_arguments_and_keeps_the_state(config):
    sim = ishydro.Simulation(config)
    before = sim.fields()
    shape = sim.grid["points"]
    e = np.ones(shape)
    cases = [
        (dict(), TypeError, "e"),
        (dict(e=e, uq=e), TypeError, "uq"),
        (dict(e=[[[1.0]]]), TypeError, "e must be a numpy array"),
        (dict(e=np.ones(shape, dtype=np.float32)), TypeError, "e must have dtype float64"),
        (dict(e=e, ux=np.zeros((8, 4))), ValueError, r"ux has shape \(8, 4\), expected \(8, 4, 4\)"),
        (dict(e=e, uy=np.where(np.arange(8)[:, None, None] == 3, np.nan, 0.0) * np.ones(shape)), ValueError,
         r"uy\[3, 0, 0\] = nan: must be finite"),
        (dict(e=np.where(np.arange(8)[:, None, None] == 5, 0.0, 1.0) * np.ones(shape)), ValueError,
         r"e\[5, 0, 0\] = 0: must be > 0"),
        (dict(e=e, ux=np.full(shape, 0.5), Pi=np.full(shape, -5.0)), ValueError,
         r"^set_fields: unphysical state: no \(e, v\) reproduces T\^\{t nu\}"),
    ]
    for kwargs, error, message in cases:
        with pytest.raises(error, match=message):
            sim.set_fields(**kwargs)
        after = sim.fields()
        for name in ishydro.FIELD_NAMES:
            assert np.array_equal(after[name], before[name]), (kwargs.keys(), name)


def test_set_fields_accepts_non_contiguous_arrays(config):
    sim = ishydro.Simulation(config)
    shape = sim.grid["points"]
    e = np.asfortranarray(1.0 + 0.01 * np.random.default_rng(1).random(shape))
    sim.set_fields(e=e)
    np.testing.assert_allclose(sim.fields()["e"], e, rtol=1e-14)  # (e + p) - p: round-off only


def test_advance_releases_the_gil(config):
    config["grid"]["points"] = [32, 16, 16]
    config["time"]["end"] = 2.0
    sim = ishydro.Simulation(config)
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        sim.advance(2.0)
    finally:
        stop.set()
        t.join()
    assert len(ticks) > 3


def test_ctrl_c_stops_advance_cleanly_and_the_simulation_goes_on(config):
    config["grid"]["points"] = [32, 16, 16]
    config["time"]["end"] = 20.0
    config["output"]["times"] = [20.0]
    sim = ishydro.Simulation(config)
    handler = signal.getsignal(signal.SIGINT)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        sim.advance(20.0)
    timer.join()
    assert 0 < sim.time < 20.0 and sim.step > 0  # stopped between steps, inside advance
    assert signal.getsignal(signal.SIGINT) is handler  # Python's handler is back
    # Usable: going on gives the uninterrupted run's state (a stop is not a landing: the same steps).
    sim.advance(20.0)
    reference = ishydro.Simulation(config)
    reference.advance(20.0)
    assert sim.step == reference.step
    a, b = sim.fields(), reference.fields()
    for name in ishydro.FIELD_NAMES:
        assert np.array_equal(a[name], b[name]), name


def test_advance_stops_at_t_end_before_a_later_output_time(config):
    """An output time after t_end is not a landing of this advance: it ends on t_end exactly."""
    config["output"]["times"] = [0.4]
    sim = ishydro.Simulation(config)
    sim.advance(0.15)
    assert sim.time == 0.15
    sim.advance(0.4)
    assert sim.time == 0.4


def test_charged_run_has_the_charge_fields(config, tmp_path):
    # A baryon charge (docs/usage.md, "Fields of a charged run"): fields() adds nB, muB, Vx, Vy, Vz, with
    # N^t = n_B at rest (V = 0), and a dict config is checked like the input file.
    config["eos"] = {"kind": "qgp"}
    config["initial"]["nB0"] = 0.2
    config["transport"]["kappa_coeff"] = 0.3
    sim = ishydro.Simulation(config)
    f = sim.fields()
    assert list(f) == list(ishydro.FIELD_NAMES) + list(ishydro.CHARGE_FIELD_NAMES)
    profile = f["e"] / config["initial"]["e0"]  # 1 + A cos(k.x), u = 0 initially
    np.testing.assert_allclose(f["nB"], 0.2 * profile, rtol=1e-13)
    assert np.all(f["Vx"] == 0) and np.all(f["muB"] > 0)
    sim.advance(0.2)
    assert np.abs(sim.fields()["Vx"]).max() > 0  # the charge diffuses
    config["eos"] = {"kind": "conformal"}
    with pytest.raises(ValueError, match=r"initial.nB0 = 0.2.*eos.kind = \"conformal\" has no"):
        ishydro.Simulation(config)
    config["eos"] = {"kind": "qgp"}
    config["transport"]["kappa_coeff"] = 0.0
    with pytest.raises(ValueError, match="transport.kappa_coeff = 0"):
        ishydro.Simulation(config)


def test_set_fields_takes_the_charge_of_a_charged_run(config):
    config["eos"] = {"kind": "qgp"}
    config["initial"] = {"kind": "diffusion_wave", "nB0": 0.1}
    sim = ishydro.Simulation(config)
    shape = (8, 4, 4)
    e, nB, Vx = np.full(shape, 1.5), np.full(shape, 0.05), np.full(shape, 1e-3)
    sim.set_fields(e=e, nB=nB, Vx=Vx)
    f = sim.fields()
    np.testing.assert_allclose(f["nB"], nB, rtol=1e-14)  # at rest: N^t = n_B
    np.testing.assert_array_equal(f["Vx"], Vx)
    plain = ishydro.Simulation(BASE_CONFIG)
    with pytest.raises(ValueError, match="nB exists in a run with a baryon charge only"):
        plain.set_fields(e=e, nB=nB)
