#!/usr/bin/env python3
"""Compare a diffusion_wave run (baryon charge, eos.kind = "qgp") with its exact linear solution.

    plot_charge.py RUN_DIR [--out PNG] [--tolerance TOL]

The exact solution is that of docs/equations.md, eqs. 96-97 (the same as the C++ tests'
tests/support/charge_reference.hpp): for the lab Fourier mode k of the initial data
n_B = nB0 + A cos(k.x), V = 0 on the uniform background (e0, nB0, velocity v), y = (dn, V^x, V^y, V^z)
obeys E y' = F y with

    E = [[gamma, v^T], [gamma^2 D_B v, gamma tau_V I]],
    F = -[[i gamma k.v, i k^T], [i D_B (k + gamma^2 (k.v) v), (1 + i gamma tau_V k.v) I]],

D_B = kappa_B (d alpha/d n_B)_e and tau_V at the background (eqs. 83-84, 91), solved by a matrix
exponential. The qgp inversion (e, n_B) -> (T, mu_B) is redone here (Newton on g(x) = y, eq. 83).

Drawn: n_B - nB0 and V along the wave, (k.x mod 2 pi)/|k|, numerical markers on exact lines for each
snapshot; and the error max|n_B - exact| / A against time. With --tolerance the exit status is 1
when an error exceeds it (a message names the field and the time).
"""

from __future__ import annotations

import argparse
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ishydro_run  # noqa: E402

HBARC = 0.1973269804  # GeV fm


class QgpGas:
    """The massless quark-gluon gas of eqs. 80-84 (src/eos/qgp.hpp), scalar."""

    def __init__(self, nf: float):
        self.nf = nf
        self.a = math.pi**2 * (8.0 / 45.0 + 7.0 / 60.0 * nf)
        self.g_max = nf / (3.0 * math.pi**2) / (0.75 * nf / math.pi**2) ** 0.75

    def P(self, x):
        return self.a + 0.5 * self.nf * x * x + self.nf * x**4 / (4.0 * math.pi**2)

    def N(self, x):
        return self.nf / 3.0 * x * (1.0 + x * x / math.pi**2)

    def g(self, x):
        return self.N(x) / (3.0 * self.P(x)) ** 0.75

    def g_prime(self, x):
        num = self.nf / 3.0 * (self.a + (3.0 * self.a / math.pi**2 - 0.25 * self.nf) * x * x
                               + self.nf * x**4 / (4.0 * math.pi**2))
        P = self.P(x)
        return num / (P * (3.0 * P) ** 0.75)

    def state(self, e: float, nB: float) -> dict:
        """T, alpha, (d alpha/d nB)_e, n/alpha at (e, nB) (eqs. 82-84)."""
        y = abs(nB) * HBARC**0.75 / e**0.75
        if not y < self.g_max:
            raise ValueError(f"n_B = {nB} is beyond the degenerate limit at e = {e}")
        x = y / self.g_prime(0.0)
        lo, hi = 0.0, math.inf
        for _ in range(200):
            r = self.g(x) - y
            if r == 0:
                break
            if r < 0:
                lo = x
            else:
                hi = x
            nxt = x - r / self.g_prime(x)
            if not lo < nxt < hi:
                nxt = 2 * x if math.isinf(hi) else 0.5 * (lo + hi)
            step, x = abs(nxt - x), nxt
            if step <= 4e-16 * x:
                break
        T = (e * HBARC**3 / (3.0 * self.P(x))) ** 0.25
        return {
            "T": T,
            "alpha": math.copysign(3.0 * x, nB),
            "dalpha_dn": 3.0 * HBARC**0.75 / (e**0.75 * self.g_prime(x)),
            "n_over_alpha": self.nf / 9.0 * T**3 * (1.0 + x * x / math.pi**2) / HBARC**3,
        }


def diffusion_coefficients(gas: QgpGas, e: float, nB: float, C_B: float):
    """tau_V (fm) and D_B = kappa_B (d alpha/d nB)_e (fm) at the background (eqs. 91-92)."""
    st = gas.state(e, nB)
    a = st["alpha"]
    acotha = 1.0 if a == 0 else a / math.tanh(a)  # (the C++ code uses a series below 0.1)
    tau_V = C_B * HBARC / st["T"]
    kappa = tau_V * (st["n_over_alpha"] * acotha / 3.0 - nB * nB * st["T"] / (e + e / 3.0))
    return tau_V, kappa * st["dalpha_dn"]


def mode_matrix(tau_V: float, D_B: float, v: np.ndarray, k: np.ndarray) -> np.ndarray:
    """E^{-1} F of eq. 96 (4x4 complex)."""
    g = 1.0 / math.sqrt(1.0 - v @ v)
    kv = k @ v
    E = np.zeros((4, 4), complex)
    F = np.zeros((4, 4), complex)
    E[0, 0], F[0, 0] = g, -1j * g * kv
    E[0, 1:], F[0, 1:] = v, -1j * k
    E[1:, 0] = g * g * D_B * v
    F[1:, 0] = -1j * D_B * (k + g * g * kv * v)
    E[1:, 1:] = g * tau_V * np.eye(3)
    F[1:, 1:] = -(1.0 + 1j * g * tau_V * kv) * np.eye(3)
    return np.linalg.solve(E, F)


def expm(M: np.ndarray) -> np.ndarray:
    """Matrix exponential by scaling and squaring of a Taylor series (as tests/support/linear_modes.hpp)."""
    norm = np.abs(M).sum(axis=1).max()
    s = max(0, int(math.ceil(math.log2(norm / 0.25))) if norm > 0.25 else 0)
    A = M / 2.0**s
    result, term = np.eye(len(M), dtype=complex), np.eye(len(M), dtype=complex)
    for n in range(1, 25):
        term = term @ A / n
        result = result + term
    for _ in range(s):
        result = result @ result
    return result


class DiffusionWave:
    """The exact solution of a diffusion_wave run, read from its resolved input."""

    def __init__(self, resolved_input: str):
        import tomllib

        cfg = tomllib.loads(resolved_input)
        ini, eos, tr = cfg["initial"], cfg.get("eos", {}), cfg.get("transport", {})
        if ini.get("kind") != "diffusion_wave":
            raise ValueError(f"initial.kind = {ini.get('kind')!r}: plot_charge.py compares diffusion_wave runs")
        self.gas = QgpGas(float(eos.get("nf", 3.0)))
        self.e0 = float(ini["e0"])
        self.nB0 = float(ini.get("nB0", 0.0))
        self.A = float(ini.get("amplitude", 1e-6))
        self.v = np.array([float(c) for c in ini.get("velocity", [0.0, 0.0, 0.0])])
        size = [float(c) for c in cfg["grid"]["size"]]
        mode = [int(c) for c in ini.get("mode", [1, 0, 0])]
        self.k = np.array([2.0 * math.pi * m / L for m, L in zip(mode, size)])
        self.t0 = float(cfg.get("time", {}).get("start", 0.0))
        self.tau_V, self.D_B = diffusion_coefficients(self.gas, self.e0, self.nB0, float(tr.get("kappa_coeff", 0.4)))
        self.M = mode_matrix(self.tau_V, self.D_B, self.v, self.k)

    def fields(self, t: float, x, y, z) -> dict:
        """n_B and V^i on the grid (arrays of shape (nx, ny, nz)) at time t."""
        amp = expm(self.M * (t - self.t0))[:, 0]
        X, Y, Z = np.meshgrid(x, y, z, indexing="ij")
        phase = np.exp(1j * (self.k[0] * X + self.k[1] * Y + self.k[2] * Z))
        out = {"nB": self.nB0 + self.A * np.real(amp[0] * phase)}
        for a, name in enumerate(("Vx", "Vy", "Vz")):
            out[name] = self.A * np.real(amp[1 + a] * phase)
        return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run_dir")
    ap.add_argument("--out", help="PNG to write (default RUN_DIR/charge.png)")
    ap.add_argument("--tolerance", type=float, help="largest allowed max|n_B - exact| / amplitude")
    args = ap.parse_args()

    run = ishydro_run.load_run(args.run_dir, fields=["nB", "Vx", "Vy", "Vz"])
    wave = DiffusionWave(run.resolved_input)
    X, Y, Z = np.meshgrid(run.x, run.y, run.z, indexing="ij")
    kk = math.sqrt(wave.k @ wave.k)
    s = np.mod(wave.k[0] * X + wave.k[1] * Y + wave.k[2] * Z, 2 * math.pi).ravel() / kk
    order = np.argsort(s)
    khat = wave.k / kk

    errors = []
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_n, ax_v, ax_e) = plt.subplots(1, 3, figsize=(15, 4.2))
    for i, snap in enumerate(run.snapshots):
        exact = wave.fields(snap.time, run.x, run.y, run.z)
        err_n = np.abs(snap.fields["nB"] - exact["nB"]).max() / abs(wave.A)
        err_v = max(np.abs(snap.fields[c] - exact[c]).max() for c in ("Vx", "Vy", "Vz")) / abs(wave.A)
        errors.append((snap.time, err_n, err_v))
        color = f"C{i % 10}"
        v_par = sum(khat[a] * snap.fields[c] for a, c in enumerate(("Vx", "Vy", "Vz"))).ravel()
        v_par_exact = sum(khat[a] * exact[c] for a, c in enumerate(("Vx", "Vy", "Vz"))).ravel()
        ax_n.plot(s[order], (exact["nB"].ravel() - wave.nB0)[order], "-", color=color, lw=1)
        ax_n.plot(s, snap.fields["nB"].ravel() - wave.nB0, "o", color=color, ms=3, label=f"t = {snap.time:g} fm")
        ax_v.plot(s[order], v_par_exact[order], "-", color=color, lw=1)
        ax_v.plot(s, v_par, "o", color=color, ms=3)
    ax_n.set(xlabel="distance along k (fm)", ylabel=r"$n_B - n_{B,0}$ (1/fm$^3$)",
             title=f"diffusion wave, v = {list(wave.v)}, nB0 = {wave.nB0:g}")
    ax_n.legend(fontsize=7)
    ax_v.set(xlabel="distance along k (fm)", ylabel=r"$\hat k \cdot V$ (1/fm$^3$)", title="lines: exact (eq. 97)")
    t, en, ev = (np.array(c) for c in zip(*errors))
    ax_e.semilogy(t, np.maximum(en, 1e-18), "o-", label=r"max $|n_B - n_B^{\rm exact}|$ / A")
    ax_e.semilogy(t, np.maximum(ev, 1e-18), "s-", label=r"max $|V - V^{\rm exact}|$ / A")
    ax_e.set(xlabel="t (fm)", ylabel="error / amplitude")
    ax_e.legend(fontsize=7)
    fig.tight_layout()
    out = args.out or os.path.join(args.run_dir, "charge.png")
    fig.savefig(out, dpi=110)

    print("| t (fm) | max abs(nB - exact) / A | max abs(V - exact) / A |")
    print("|---|---|---|")
    for time, a, b in errors:
        print(f"| {time:g} | {a:.3e} | {b:.3e} |")
    print(f"tau_V = {wave.tau_V:.6g} fm, D_B = {wave.D_B:.6g} fm, c_V^2 = {wave.D_B / wave.tau_V:.6g}; plot: {out}")
    if args.tolerance is not None:
        for time, a, b in errors:
            for name, err in (("nB", a), ("V", b)):
                if not err <= args.tolerance:
                    print(f"plot_charge.py: {name} error {err:.3e} > tolerance {args.tolerance:g} at t = {time:g}",
                          file=sys.stderr)
                    return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
