"""The initial kinds shear_layer and random_velocity (docs/problems.md)."""

from __future__ import annotations

import numpy as np
import pytest

import ishydro


def config(initial, points=(32, 32, 1), size=(2.0, 2.0, 1.0)):
    return {
        "grid": {"points": list(points), "size": list(size)},
        "time": {"start": 0.0, "end": 0.1},
        "eos": {"kind": "conformal"},
        "initial": initial,
        "numerics": {"plan_rigor": "estimate"},
    }


def velocity(f):
    gamma = np.sqrt(1 + f["ux"] ** 2 + f["uy"] ** 2 + f["uz"] ** 2)
    return f["ux"] / gamma, f["uy"] / gamma, f["uz"] / gamma


def test_shear_layer_is_the_documented_formula():
    initial = {"kind": "shear_layer", "e0": 2.0, "v_shear": 0.4, "thickness": 0.05, "perturbation": 0.02,
               "mode": 2, "sigma": 0.1}
    sim = ishydro.Simulation(config(initial))
    f = sim.fields()
    x, y, _ = np.meshgrid(np.arange(32) * 2 / 32, np.arange(32) * 2 / 32, [0.0], indexing="ij")
    vx = 0.4 * (np.tanh((y - 0.5) / 0.05) - np.tanh((y - 1.5) / 0.05) - 1)
    vy = 0.02 * np.sin(2 * np.pi * 2 * x / 2) * (np.exp(-((y - 0.5) ** 2) / 0.01) + np.exp(-((y - 1.5) ** 2) / 0.01))
    v = velocity(f)
    np.testing.assert_allclose(v[0], vx, atol=1e-13)
    np.testing.assert_allclose(v[1], vy, atol=1e-13)
    np.testing.assert_allclose(f["e"], 2.0, rtol=1e-12)
    assert "thickness = 0.05" in sim.resolved_input
    sim.advance(0.1)  # it runs


def test_shear_layer_defaults_and_bad_values():
    sim = ishydro.Simulation(config({"kind": "shear_layer"}))
    assert "thickness = 0.05" in sim.resolved_input and "sigma = 0.2" in sim.resolved_input
    with pytest.raises(ValueError, match=r"initial.v_shear = 1"):
        ishydro.Simulation(config({"kind": "shear_layer", "v_shear": 1.0}))
    with pytest.raises(ValueError, match=r"initial.mode = 16"):
        ishydro.Simulation(config({"kind": "shear_layer", "mode": 16}))
    with pytest.raises(ValueError, match=r"initial.perturbation = 0.5"):
        ishydro.Simulation(config({"kind": "shear_layer", "v_shear": 0.9, "perturbation": 0.5}))
    with pytest.raises(ValueError, match=r"more than 1 point along x and y"):
        ishydro.Simulation(config({"kind": "shear_layer"}, points=(32, 1, 1)))


def random_fields(**keys):
    return ishydro.Simulation(config({"kind": "random_velocity", **keys})).fields()


def test_random_velocity_rms_solenoidal_and_deterministic():
    f = random_fields(v_rms=0.2, seed=5)
    v = velocity(f)
    assert np.mean(v[0] ** 2 + v[1] ** 2 + v[2] ** 2) == pytest.approx(0.04, rel=1e-12)
    assert np.all(v[2] == 0)  # no component along the unresolved z
    k, Es, Ec = ishydro.spectrum(f, (2.0, 2.0, 1.0))
    # div v = 0; W = sqrt(e + p) gamma v is solenoidal up to the variation of gamma, O(v^4) in energy.
    assert Ec.sum() < 2e-3 * Es.sum()
    slow = random_fields(v_rms=0.002, seed=5)
    k2, Es2, Ec2 = ishydro.spectrum(slow, (2.0, 2.0, 1.0))
    assert Ec2.sum() < 1e-10 * Es2.sum()
    peak = k[np.argmax(Es)]
    assert 0.5 * 4 * np.pi < peak < 1.5 * 4 * np.pi  # default k_peak = 4 dk, dk = pi
    again = random_fields(v_rms=0.2, seed=5)
    assert all(np.array_equal(f[n], again[n]) for n in ("ux", "uy", "uz"))
    other = random_fields(v_rms=0.2, seed=6)
    assert not np.allclose(f["ux"], other["ux"])


def test_random_velocity_compressive_and_power_law():
    f = random_fields(v_rms=0.05, compressive=1.0, spectrum="power_law", k_min=3.0, k_max=20.0, slope=-2.0)
    k, Es, Ec = ishydro.spectrum(f, (2.0, 2.0, 1.0))
    assert Es.sum() < 1e-4 * Ec.sum()
    inside = (k >= 3.0 + np.pi) & (k <= 20.0 - np.pi)
    assert np.all(Ec[k < 3.0 - np.pi] < 1e-6 * Ec.max()) and np.all(Ec[inside] > 0)
    half = random_fields(v_rms=0.05, compressive=0.5, seed=3)
    k, Es, Ec = ishydro.spectrum(half, (2.0, 2.0, 1.0))
    assert 0.3 < Ec.sum() / (Es.sum() + Ec.sum()) < 0.7


def test_random_velocity_bad_values():
    with pytest.raises(ValueError, match=r"initial.v_rms = 1"):
        random_fields(v_rms=1.0)
    with pytest.raises(ValueError, match=r"initial.k_min = 1(\.0)?: not used with initial.spectrum = \"peaked\""):
        random_fields(k_min=1.0)
    with pytest.raises(ValueError, match=r"initial.compressive = 2"):
        random_fields(compressive=2.0)
    with pytest.raises(ValueError, match=r"initial.v_rms = 0.9: the field reaches"):
        random_fields(v_rms=0.9)
