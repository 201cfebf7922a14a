"""ishydro.read (lazy) and ishydro.write_state (a state file a run starts from)."""

from __future__ import annotations

import os

import h5py
import numpy as np
import pytest
from conftest import run_cli, to_toml

import ishydro


@pytest.fixture
def run_dir(config, tmp_path, ishydro_binary):
    path = tmp_path / "input.toml"
    path.write_text(to_toml(config))
    cli = run_cli(ishydro_binary, str(path), str(tmp_path / "out"))
    assert cli.returncode == 0, cli.stderr
    return tmp_path / "out"


def test_read_gives_times_snapshots_diagnostics_and_config(run_dir):
    run = ishydro.read(run_dir)
    assert len(run) == 3 and list(run.times) == [0.0, 0.2, 0.4]
    snap = run.snapshot(-1)
    assert sorted(snap) == sorted(ishydro.FIELD_NAMES)
    with h5py.File(run_dir / "fields.h5", "r") as f:
        assert np.array_equal(snap["e"], f["snapshot_000002/e"][()])
    diag = run.diagnostics
    assert diag["step"].dtype == np.int64 and diag["step"][0] == 0
    assert diag["time"][-1] == 0.4 and len(diag["total_T00"]) == len(diag["step"])
    assert run.config["grid"]["points"] == [8, 4, 4]
    assert run.config["initial"]["kind"] == "sound_wave"
    with pytest.raises(IndexError):
        run.snapshot(3)


def test_read_is_lazy(run_dir, monkeypatch):
    """Opening reads only the times; snapshot(i) reads that snapshot's datasets and no other."""
    read_names = []
    original = h5py.Dataset.__getitem__

    def spy(self, key):
        read_names.append(self.name)
        return original(self, key)

    monkeypatch.setattr(h5py.Dataset, "__getitem__", spy)
    run = ishydro.read(run_dir)
    assert read_names == []
    run.snapshot(1)
    assert len(read_names) == len(ishydro.FIELD_NAMES)
    assert all(name.startswith("/snapshot_000001/") for name in read_names)


def test_read_refuses_a_directory_without_fields(tmp_path):
    with pytest.raises(FileNotFoundError, match="fields.h5"):
        ishydro.read(tmp_path)


def test_write_state_then_a_run_from_it(config, tmp_path, ishydro_binary):
    grid = {"points": (8, 4, 4), "size": (4.0, 2.0, 2.0), "coordinates": "cartesian"}
    x = np.arange(8)[:, None, None] * np.ones((8, 4, 4))
    e = 1.0 + 0.05 * np.cos(2 * np.pi * x / 8)
    ux = 0.01 * np.sin(2 * np.pi * x / 8)
    state = tmp_path / "state.h5"
    ishydro.write_state(state, grid, 0.25, e=e, ux=ux, Pi=np.full((8, 4, 4), 1e-4))
    assert sorted(os.listdir(tmp_path)) == ["state.h5"]  # no temporary file left

    config["initial"] = {"kind": "file", "path": str(state)}
    del config["time"]["start"]
    config["time"]["end"] = 0.5
    config["output"]["times"] = [0.25, 0.5]
    sim = ishydro.Simulation(config)
    assert sim.time == 0.25
    f = sim.fields()
    np.testing.assert_allclose(f["e"], e, rtol=1e-12)
    np.testing.assert_allclose(f["ux"], ux, rtol=0, atol=1e-14)

    # The same state through set_fields is the same state, bit for bit; both run on identically,
    # and so does the command line from the file.
    other = ishydro.Simulation(config)
    other.set_fields(e=e, ux=ux, Pi=np.full((8, 4, 4), 1e-4))
    sim.advance(0.5)
    other.advance(0.5)
    path = tmp_path / "from_file.toml"
    path.write_text(to_toml(config))
    cli = run_cli(ishydro_binary, str(path), str(tmp_path / "out"))
    assert cli.returncode == 0, cli.stderr
    final = ishydro.read(tmp_path / "out").snapshot(-1)
    a, b = sim.fields(), other.fields()
    for name in ishydro.FIELD_NAMES:
        assert np.array_equal(a[name], b[name]), name
        assert np.array_equal(a[name], final[name]), name


def test_write_state_rejects_bad_fields(tmp_path):
    grid = {"points": (4, 1, 1), "size": (1.0, 1.0, 1.0)}
    with pytest.raises(TypeError, match="e is required"):
        ishydro.write_state(tmp_path / "s.h5", grid, 0.0, ux=np.zeros((4, 1, 1)))
    with pytest.raises(ValueError, match="ux has shape"):
        ishydro.write_state(tmp_path / "s.h5", grid, 0.0, e=np.ones((4, 1, 1)), ux=np.zeros(4))
    with pytest.raises(ValueError, match="e must be > 0"):
        ishydro.write_state(tmp_path / "s.h5", grid, 0.0, e=np.zeros((4, 1, 1)))
    with pytest.raises(TypeError, match="unexpected field"):
        ishydro.write_state(tmp_path / "s.h5", grid, 0.0, e=np.ones((4, 1, 1)), vx=np.zeros((4, 1, 1)))
    assert os.listdir(tmp_path) == []
