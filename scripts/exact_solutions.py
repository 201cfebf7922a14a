#!/usr/bin/env python3
"""Exact solutions for ishydro's test problems, computed from a run's resolved input.

    import exact_solutions as ex
    sol = ex.solution_for("out")            # a run directory (fields.h5) or a TOML input file
    f = sol.fields(t, x, y, z)              # dict: e, p, T, ux, uy, uz, Pi, pi_xx ... at time t
    print(sol.describe())

Needs only numpy (and tomllib, Python >= 3.11; h5py when given a run directory).

Kinds (docs/input.md, [initial]):

* ``sound_wave``: e = e0 (1 + A cos(k.x)), u = 0, pi = 0, Pi = 0 with k = 2 pi (m_x/Lx, m_y/Ly, m_z/Lz).
  The linearized Israel-Stewart equations for the sound mode along khat = k/|k| (y = de, u_par,
  pi_par = khat_i khat_j pi^{ij}, Pi), each field proportional to exp(i k.x),

      d_t de           = -(e+p) i k u_par
      (e+p) d_t u_par  = -i k (cs2 de + Pi + pi_par)
      tau_pi d_t pi_par = -pi_par - (4/3) eta i k u_par
      tau_Pi d_t Pi     = -Pi - zeta i k u_par,

  are solved exactly, y(t) = expm(M (t - t0)) y(t0) with y(t0) = (e0 A, 0, 0, 0) (matrix exponential by
  scaling and squaring of a Taylor series, no small-k expansion, no scipy). The fields are
  e = e0 + Re(de e^{i k.x}), u^i = khat^i Re(u_par e^{i k.x}), Pi = Re(Pi e^{i k.x}) and, since the
  linear pi relaxes towards -2 eta sigma with sigma^{ij} = i k u_par (khat^i khat^j - delta^{ij}/3),
  pi^{ij} = (3/2) Re(pi_par e^{i k.x}) (khat^i khat^j - delta^{ij}/3).
* ``shear_wave``: e = e0, u^y = A sin(k x), k = 2 pi m_x / Lx along x (the only direction the input
  allows). y = (u^y, pi^{xy}): (e+p) d_t u = -i k pi, tau_pi d_t pi = -pi - eta i k u, y(t0) =
  (-i A, 0), u^y = Re(u e^{ikx}), pi^{xy} = Re(pi e^{ikx}); e = e0 and every other component is 0.
* ``uniform`` at rest (ux = uy = uz = 0): e = e0 and every stress relaxes on its own,
  pi^{ij}(t) = pi^{ij}_0 exp(-(t - t0)/tau_pi), Pi(t) = Pi_0 exp(-(t - t0)/tau_Pi). This is exact for
  second_order = "is" only: in a fluid at rest theta = sigma = 0, but the "dnmr" set (its phi7 term,
  -phi7 pi_a^<mu pi^nu>a) couples the components nonlinearly. `UniformSolution.valid` says which.

The background coefficients follow src/eos/eos.hpp and src/transport/transport.cpp at e = e0:
p = cs2 e, e = (pi^2/30) dof T^(1+1/cs2) / (hbar c)^3, eta = eta_over_s (e+p)/T hbar c (or the constant
`eta`), tau_pi = tau_pi_coeff eta/(e+p) (or the constant `tau_pi`), likewise zeta and tau_Pi.

The sound and shear solutions are those of the *linearized* equations: the nonlinear solver differs from
them by O(A) relative to the perturbation (A = amplitude).

Command line: ``exact_solutions.py RUN_DIR_OR_TOML [--input TOML] [--times T ...]`` prints the
background coefficients and the mode amplitudes at the given times.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import warnings
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

import numpy as np

try:
    import tomllib
except ImportError:  # pragma: no cover - Python < 3.11
    tomllib = None

__all__ = [
    "HBARC",
    "Background",
    "expm",
    "load_config",
    "sound_mode",
    "shear_mode",
    "SoundWaveSolution",
    "ShearWaveSolution",
    "UniformSolution",
    "solution_for",
]

HBARC = 0.1973269804  # GeV fm
PI_COMPONENTS = ("pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz")
_PI_INDEX = {"pi_xx": (0, 0), "pi_xy": (0, 1), "pi_xz": (0, 2), "pi_yy": (1, 1), "pi_yz": (1, 2), "pi_zz": (2, 2)}


# ----------------------------------------------------------------------------------------------------
# Input
# ----------------------------------------------------------------------------------------------------
def _text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.shape == ():
        return _text(value[()])
    return str(value)


def load_config(source: str, fallback_toml: Optional[str] = None) -> dict:
    """The run's configuration as a dict.

    `source` is a run directory (its fields.h5 root attribute `resolved_input` is used), a fields.h5
    file, or a TOML input file. When the run has no `resolved_input`, `fallback_toml` (a TOML file) is
    read instead; without one that is an error.
    """
    if tomllib is None:
        raise RuntimeError("exact_solutions needs Python >= 3.11 (tomllib)")
    text = ""
    h5path = None
    if os.path.isdir(source):
        h5path = os.path.join(source, "fields.h5")
    elif source.endswith(".h5"):
        h5path = source
    if h5path is not None:
        if os.path.exists(h5path):
            import h5py

            with h5py.File(h5path, "r") as f:
                text = _text(f.attrs.get("resolved_input", ""))
        if not text:
            if fallback_toml is None:
                raise ValueError(f"{h5path}: no root attribute 'resolved_input' (and no TOML file given)")
            source = fallback_toml
    if not text:
        with open(source, "rb") as fh:
            return tomllib.load(fh)
    return tomllib.loads(text)


# ----------------------------------------------------------------------------------------------------
# Background coefficients (src/eos/eos.hpp, src/transport/transport.cpp)
# ----------------------------------------------------------------------------------------------------
@dataclass
class Background:
    e0: float
    cs2: float
    dof: float
    T: float
    eta: float
    zeta: float
    tau_pi: float
    tau_Pi: float

    @property
    def p(self) -> float:
        return self.cs2 * self.e0

    @property
    def enthalpy(self) -> float:
        return self.e0 + self.p

    @property
    def shear(self) -> bool:
        """pi evolves (a relaxation time is defined); otherwise pi = 0 (ideal in the shear channel)."""
        return self.tau_pi > 0

    @property
    def bulk(self) -> bool:
        return self.tau_Pi > 0

    @staticmethod
    def temperature(e: float, cs2: float, dof: float) -> float:
        norm = math.pi**2 / 30.0 * dof / HBARC**3
        return (e / norm) ** (1.0 / (1.0 + 1.0 / cs2))

    @classmethod
    def from_config(cls, cfg: dict, e0: Optional[float] = None) -> "Background":
        eos = cfg.get("eos", {})
        kind = eos.get("kind", "conformal")
        cs2 = 1.0 / 3.0 if kind == "conformal" else float(eos["cs2"])
        dof = float(eos.get("dof", 47.5))
        if e0 is None:
            e0 = float(cfg.get("initial", {}).get("e0", 1.0))
        tr = cfg.get("transport", {})
        w = e0 * (1.0 + cs2)
        T = cls.temperature(e0, cs2, dof)
        eta = float(tr["eta_over_s"]) * w / T * HBARC if "eta_over_s" in tr else float(tr.get("eta", 0.0))
        zeta = float(tr["zeta_over_s"]) * w / T * HBARC if "zeta_over_s" in tr else float(tr.get("zeta", 0.0))
        tau_pi = float(tr["tau_pi"]) if "tau_pi" in tr else float(tr.get("tau_pi_coeff", 5.0)) * eta / w
        tau_Pi = float(tr["tau_Pi"]) if "tau_Pi" in tr else float(tr.get("tau_Pi_coeff", 5.0)) * zeta / w
        return cls(e0=e0, cs2=cs2, dof=dof, T=T, eta=eta, zeta=zeta, tau_pi=tau_pi, tau_Pi=tau_Pi)


# ----------------------------------------------------------------------------------------------------
# Linear modes
# ----------------------------------------------------------------------------------------------------
def expm(m: np.ndarray) -> np.ndarray:
    """exp(m) for a small square (complex) matrix: scaling and squaring of a 24-term Taylor series."""
    m = np.asarray(m, dtype=complex)
    n = m.shape[0]
    norm = np.abs(m).max() * n
    squarings = 0
    while norm > 0.25:
        norm *= 0.5
        squarings += 1
    a = m * 2.0**-squarings
    result = np.eye(n, dtype=complex)
    term = np.eye(n, dtype=complex)
    for k in range(1, 25):
        term = term @ a / k
        result = result + term
    for _ in range(squarings):
        result = result @ result
    return result


def sound_matrix(b: Background, k: float) -> np.ndarray:
    """M of y' = M y for y = (de, u_par, pi_par, Pi) ~ exp(i k.x); the rows of an inactive channel are 0."""
    w = b.enthalpy
    ik = 1j * k
    M = np.zeros((4, 4), dtype=complex)
    M[0, 1] = -w * ik
    M[1, 0] = -ik * b.cs2 / w
    if b.shear:
        M[1, 2] = -ik / w
        M[2, 1] = -4.0 / 3.0 * b.eta * ik / b.tau_pi
        M[2, 2] = -1.0 / b.tau_pi
    if b.bulk:
        M[1, 3] = -ik / w
        M[3, 1] = -b.zeta * ik / b.tau_Pi
        M[3, 3] = -1.0 / b.tau_Pi
    return M


def shear_matrix(b: Background, k: float) -> np.ndarray:
    """M of y' = M y for y = (u_perp, pi_{par perp}) ~ exp(i k x)."""
    w = b.enthalpy
    ik = 1j * k
    M = np.zeros((2, 2), dtype=complex)
    if b.shear:
        M[0, 1] = -ik / w
        M[1, 0] = -b.eta * ik / b.tau_pi
        M[1, 1] = -1.0 / b.tau_pi
    return M


def sound_mode(b: Background, k: float, y0: Sequence[complex], t: float) -> np.ndarray:
    return expm(sound_matrix(b, k) * t) @ np.asarray(y0, dtype=complex)


def shear_mode(b: Background, k: float, y0: Sequence[complex], t: float) -> np.ndarray:
    return expm(shear_matrix(b, k) * t) @ np.asarray(y0, dtype=complex)


# ----------------------------------------------------------------------------------------------------
# Solutions on a grid
# ----------------------------------------------------------------------------------------------------
def _mesh(x, y, z):
    return np.meshgrid(np.asarray(x, float), np.asarray(y, float), np.asarray(z, float), indexing="ij")


def _thermo(fields: Dict[str, np.ndarray], b: Background) -> None:
    fields["p"] = b.cs2 * fields["e"]
    fields["T"] = Background.temperature(1.0, b.cs2, b.dof) * fields["e"] ** (1.0 / (1.0 + 1.0 / b.cs2))


class _Solution:
    kind = ""
    valid = True
    validity_note = ""

    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.initial = cfg.get("initial", {})
        self.t0 = float(cfg.get("time", {}).get("start", 0.0))
        self.t_end = float(cfg.get("time", {}).get("end", self.t0))
        self.size = [float(v) for v in cfg["grid"]["size"]]
        self.points = [int(v) for v in cfg["grid"]["points"]]
        self.background = Background.from_config(cfg)
        if cfg["grid"].get("coordinates", "cartesian") != "cartesian":
            raise ValueError(f"initial.kind = '{self.kind}' needs Cartesian coordinates")

    def grid_axes(self):
        return [np.arange(n) * (L / n) for n, L in zip(self.points, self.size)]

    def fields(self, t: float, x=None, y=None, z=None) -> Dict[str, np.ndarray]:
        raise NotImplementedError

    def describe(self) -> str:
        b = self.background
        lines = [
            f"kind = {self.kind}, t0 = {self.t0:g} fm",
            f"e0 = {b.e0:.10g} GeV/fm^3, cs2 = {b.cs2:.10g}, T0 = {b.T:.10g} GeV, e+p = {b.enthalpy:.10g} GeV/fm^3",
            f"eta = {b.eta:.10g} GeV/fm^2, tau_pi = {b.tau_pi:.10g} fm, zeta = {b.zeta:.10g} GeV/fm^2, "
            f"tau_Pi = {b.tau_Pi:.10g} fm",
        ]
        if self.validity_note:
            lines.append(self.validity_note)
        return "\n".join(lines)


class SoundWaveSolution(_Solution):
    kind = "sound_wave"
    validity_note = "exact solution of the linearized equations (nonlinear corrections are O(amplitude))"

    def __init__(self, cfg: dict):
        super().__init__(cfg)
        self.amplitude = float(self.initial.get("amplitude", 1e-6))
        self.mode = [int(v) for v in self.initial.get("mode", [1, 0, 0])]
        self.kvec = np.array([2.0 * math.pi * m / L for m, L in zip(self.mode, self.size)])
        self.k = float(np.linalg.norm(self.kvec))
        if self.k == 0:
            raise ValueError("initial.mode is zero")
        self.khat = self.kvec / self.k
        self.y0 = np.array([self.background.e0 * self.amplitude, 0, 0, 0], dtype=complex)
        P = np.outer(self.khat, self.khat) - np.eye(3) / 3.0
        self.pi_projector = 1.5 * P  # pi^{ij} = pi_par * pi_projector[i, j]

    def mode_amplitudes(self, t: float) -> np.ndarray:
        """Complex (de, u_par, pi_par, Pi) at time t."""
        return sound_mode(self.background, self.k, self.y0, t - self.t0)

    def eigenvalues(self) -> np.ndarray:
        return np.linalg.eigvals(sound_matrix(self.background, self.k))

    def phase(self, X, Y, Z):
        return self.kvec[0] * X + self.kvec[1] * Y + self.kvec[2] * Z

    def fields(self, t, x=None, y=None, z=None):
        if x is None:
            x, y, z = self.grid_axes()
        X, Y, Z = _mesh(x, y, z)
        wave = np.exp(1j * self.phase(X, Y, Z))
        de, u, pipar, Pi = self.mode_amplitudes(t)
        b = self.background
        out = {"e": b.e0 + np.real(de * wave)}
        upar = np.real(u * wave)
        out["u_par"] = upar
        for a, name in enumerate(("ux", "uy", "uz")):
            out[name] = self.khat[a] * upar
        pp = np.real(pipar * wave)
        out["pi_par"] = pp
        for name, (i, j) in _PI_INDEX.items():
            out[name] = self.pi_projector[i, j] * pp
        out["Pi"] = np.real(Pi * wave)
        _thermo(out, b)
        return out

    def peak_amplitudes(self, samples: int = 801) -> Dict[str, float]:
        """max over t in [t0, end] of the peak of each perturbation: de, u_par, max_ij |pi^{ij}|, Pi."""
        ts = np.linspace(self.t0, max(self.t_end, self.t0), samples)
        y = np.array([np.abs(self.mode_amplitudes(t)) for t in ts]).max(axis=0)
        return {"e": y[0], "u": y[1], "pi": y[2] * np.abs(self.pi_projector).max(), "Pi": y[3]}


class ShearWaveSolution(_Solution):
    kind = "shear_wave"
    validity_note = "exact solution of the linearized equations (nonlinear corrections are O(amplitude))"

    def __init__(self, cfg: dict):
        super().__init__(cfg)
        self.amplitude = float(self.initial.get("amplitude", 1e-6))
        self.mode = [int(v) for v in self.initial.get("mode", [1, 0, 0])]
        if self.mode[1] != 0 or self.mode[2] != 0 or self.mode[0] == 0:
            raise ValueError(f"shear_wave needs mode = [m, 0, 0] with m != 0, got {self.mode}")
        self.k = 2.0 * math.pi * self.mode[0] / self.size[0]
        # u^y = A sin(kx) = Re(-i A e^{ikx})
        self.y0 = np.array([-1j * self.amplitude, 0], dtype=complex)

    def mode_amplitudes(self, t: float) -> np.ndarray:
        """Complex (u^y, pi^{xy}) at time t."""
        return shear_mode(self.background, self.k, self.y0, t - self.t0)

    def eigenvalues(self) -> np.ndarray:
        return np.linalg.eigvals(shear_matrix(self.background, self.k))

    def fields(self, t, x=None, y=None, z=None):
        if x is None:
            x, y, z = self.grid_axes()
        X, Y, Z = _mesh(x, y, z)
        wave = np.exp(1j * self.k * X)
        u, pi = self.mode_amplitudes(t)
        zero = np.zeros_like(X)
        out = {"e": zero + self.background.e0, "ux": zero.copy(), "uy": np.real(u * wave), "uz": zero.copy()}
        for name in PI_COMPONENTS:
            out[name] = zero.copy()
        out["pi_xy"] = np.real(pi * wave)
        out["Pi"] = zero.copy()
        _thermo(out, self.background)
        return out

    def peak_amplitudes(self, samples: int = 801) -> Dict[str, float]:
        """max over t of |u^y| and |pi^{xy}|; for e (which stays e0 at linear order) e0 * |A|."""
        ts = np.linspace(self.t0, max(self.t_end, self.t0), samples)
        y = np.array([np.abs(self.mode_amplitudes(t)) for t in ts]).max(axis=0)
        return {"e": self.background.e0 * abs(self.amplitude), "u": y[0], "pi": y[1]}


class UniformSolution(_Solution):
    kind = "uniform"

    def __init__(self, cfg: dict):
        super().__init__(cfg)
        u = [float(self.initial.get(n, 0.0)) for n in ("ux", "uy", "uz")]
        if any(v != 0.0 for v in u):
            raise ValueError("the exact uniform solution is for a fluid at rest (ux = uy = uz = 0)")
        self.pi0 = {n: float(self.initial.get(n, 0.0)) for n in PI_COMPONENTS}
        self.Pi0 = float(self.initial.get("Pi", 0.0))
        b = self.background
        if any(self.pi0.values()) and not b.shear:
            raise ValueError("initial pi given but tau_pi = 0 (no shear relaxation time)")
        if self.Pi0 and not b.bulk:
            raise ValueError("initial Pi given but tau_Pi = 0 (no bulk relaxation time)")
        tr = cfg.get("transport", {})
        terms = tr.get("terms", {})
        order = tr.get("second_order", "is")
        # The resolved input lists every term of [transport.terms]; "is" switches all of them off.
        nonlinear = [n for n, on in terms.items() if on] if terms else ([] if order == "is" else [order])
        self.valid = not nonlinear
        self.validity_note = (
            "exact for second_order = \"is\" (pure exponential relaxation at rest)"
            if self.valid
            else f"WARNING: exact only for second_order = \"is\" (no [transport.terms] on); this run has "
            f"second_order = \"{order}\" with {', '.join(nonlinear)} on"
            + ": the curves are the 'is' relaxation, not this run's exact solution"
        )

    def values(self, t: float) -> Dict[str, float]:
        """The homogeneous values at time t (scalars)."""
        b = self.background
        dt = t - self.t0
        out = {"e": b.e0, "ux": 0.0, "uy": 0.0, "uz": 0.0}
        for n, v in self.pi0.items():
            out[n] = v * math.exp(-dt / b.tau_pi) if v else 0.0
        out["Pi"] = self.Pi0 * math.exp(-dt / b.tau_Pi) if self.Pi0 else 0.0
        return out

    def fields(self, t, x=None, y=None, z=None):
        if x is None:
            x, y, z = self.grid_axes()
        X, _, _ = _mesh(x, y, z)
        out = {n: np.full_like(X, v) for n, v in self.values(t).items()}
        _thermo(out, self.background)
        return out

    def relaxing(self) -> List[str]:
        """Names of the stresses that start non-zero."""
        names = [n for n, v in self.pi0.items() if v]
        return names + (["Pi"] if self.Pi0 else [])


def solution_for(source, fallback_toml: Optional[str] = None) -> _Solution:
    """The exact solution for a run directory / TOML file (or an already parsed config dict)."""
    cfg = source if isinstance(source, dict) else load_config(source, fallback_toml)
    kind = cfg.get("initial", {}).get("kind")
    classes = {"sound_wave": SoundWaveSolution, "shear_wave": ShearWaveSolution, "uniform": UniformSolution}
    if kind not in classes:
        raise ValueError(f"no exact solution for initial.kind = {kind!r} (have: {', '.join(classes)})")
    sol = classes[kind](cfg)
    if not sol.valid:
        warnings.warn(sol.validity_note, stacklevel=2)
    return sol


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", help="run directory (fields.h5 with resolved_input) or TOML input file")
    ap.add_argument("--input", help="TOML file to use when the run has no resolved_input")
    ap.add_argument("--times", type=float, nargs="*", help="times (fm) at which to print the solution")
    args = ap.parse_args(argv)
    try:
        sol = solution_for(args.source, args.input)
    except (ValueError, OSError, KeyError) as err:
        print(f"exact_solutions: {err}", file=sys.stderr)
        return 1
    print(sol.describe())
    if hasattr(sol, "eigenvalues"):
        print("eigenvalues of M (1/fm): " + ", ".join(f"{z.real:.6g}{z.imag:+.6g}i" for z in sol.eigenvalues()))
    times = args.times if args.times else [sol.t0, sol.t_end]
    for t in times:
        if isinstance(sol, UniformSolution):
            v = sol.values(t)
            print(f"t = {t:g}: " + ", ".join(f"{n} = {v[n]:.10g}" for n in sol.relaxing()))
        else:
            names = ("de", "u_par", "pi_par", "Pi") if isinstance(sol, SoundWaveSolution) else ("u_y", "pi_xy")
            y = sol.mode_amplitudes(t)
            print(f"t = {t:g}: " + ", ".join(f"{n} = {z.real:.6e}{z.imag:+.6e}i" for n, z in zip(names, y)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
