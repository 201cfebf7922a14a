"""ishydro.spectrum: Parseval's identity and the Helmholtz split (docs/python.md, "spectrum")."""

from __future__ import annotations

import numpy as np
import pytest

import ishydro

SHAPE = (16, 8, 4)
SIZE = (4.0, 2.0, 1.0)


def grid_coordinates():
    return np.meshgrid(*[np.arange(n) * L / n for n, L in zip(SHAPE, SIZE)], indexing="ij")


def fields_with(ux, uy, uz, e=None):
    e = np.full(SHAPE, 2.0) if e is None else e
    return {"e": e, "p": e / 3, "ux": ux, "uy": uy, "uz": uz}


def kinetic(f):
    return 0.5 * np.mean((f["e"] + f["p"]) * (f["ux"] ** 2 + f["uy"] ** 2 + f["uz"] ** 2))


def test_parseval_on_a_random_field():
    rng = np.random.default_rng(7)
    e = 1.0 + rng.random(SHAPE)
    f = fields_with(*(0.1 * rng.standard_normal(SHAPE) for _ in range(3)), e=e)
    k, Es, Ec = ishydro.spectrum(f, SIZE)
    dk = 2 * np.pi / 4.0
    assert k[0] == 0 and np.allclose(np.diff(k), dk)
    assert np.all(Es >= 0) and np.all(Ec >= 0) and Ec.sum() > 0 and Es.sum() > 0
    assert np.sum(Es + Ec) * dk == pytest.approx(kinetic(f), rel=1e-12)
    # Every mode is counted: the last shell holds the box's corner |k|.
    kmax = np.sqrt(sum((np.pi * n / L) ** 2 for n, L in zip(SHAPE, SIZE)))
    assert k[-1] == pytest.approx(np.floor(kmax / dk + 0.5) * dk)


def test_pure_shear_is_solenoidal():
    x, y, z = grid_coordinates()
    # u_y(x) and u_x(y): divergence free, each a single mode.
    f = fields_with(0.05 * np.sin(2 * np.pi * y / SIZE[1]), 0.05 * np.cos(2 * np.pi * 2 * x / SIZE[0]), 0 * x)
    k, Es, Ec = ishydro.spectrum(f, SIZE)
    dk = k[1]
    assert np.sum(Ec) * dk < 1e-14 * kinetic(f)
    assert np.sum(Es) * dk == pytest.approx(kinetic(f), rel=1e-12)
    # |k| = 2 pi / Ly = 2 dk and 2 (2 pi) / Lx = 2 dk: all in shell 2.
    assert Es[2] * dk == pytest.approx(kinetic(f), rel=1e-12)


def test_pure_compression_is_compressive():
    x, y, z = grid_coordinates()
    # u_x(x) + u_z(z): curl free.
    f = fields_with(0.05 * np.sin(2 * np.pi * x / SIZE[0]), 0 * x, 0.03 * np.cos(2 * np.pi * z / SIZE[2]))
    k, Es, Ec = ishydro.spectrum(f, SIZE)
    dk = k[1]
    assert np.sum(Es) * dk < 1e-14 * kinetic(f)
    assert np.sum(Ec) * dk == pytest.approx(kinetic(f), rel=1e-12)
    assert Ec[1] > 0 and Ec[4] > 0  # |k| = 2 pi/Lx = dk and 2 pi/Lz = 4 dk


def test_uniform_flow_is_the_solenoidal_k0_shell():
    f = fields_with(np.full(SHAPE, 0.1), np.zeros(SHAPE), np.zeros(SHAPE))
    k, Es, Ec = ishydro.spectrum(f, SIZE)
    assert Es[0] * k[1] == pytest.approx(kinetic(f), rel=1e-12)
    assert np.sum(Es[1:]) == pytest.approx(0, abs=1e-16) and np.sum(Ec) == pytest.approx(0, abs=1e-16)


def test_unresolved_axes_do_not_set_dk():
    x = np.arange(8)[:, None, None] * np.ones((8, 1, 1))
    f = {"e": np.ones((8, 1, 1)), "p": np.ones((8, 1, 1)) / 3, "ux": 0.1 * np.sin(2 * np.pi * x / 8),
         "uy": np.zeros((8, 1, 1)), "uz": np.zeros((8, 1, 1))}
    k, Es, Ec = ishydro.spectrum(f, (2.0, 100.0, 100.0))
    assert k[1] == pytest.approx(np.pi)  # 2 pi / Lx, not / 100
    assert Ec[1] * k[1] == pytest.approx(kinetic(f), rel=1e-12)


def test_simulation_fields_feed_spectrum(config):
    sim = ishydro.Simulation(config)
    k, Es, Ec = ishydro.spectrum(sim.fields(), sim.grid["size"])
    f = sim.fields()
    assert np.sum(Es + Ec) * k[1] == pytest.approx(kinetic(f), rel=1e-10)
