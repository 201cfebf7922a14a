#!/usr/bin/env python3
"""Bjorken flow through the QCD crossover: ishydro's run of examples/bjorken_qcd.toml against an
independent RK4 integration of the Bjorken ODEs (docs/validation_qcd.md).

The reference is written here from docs/equations.md: the HotQCD 2014 p/T^4 with s = dp/dT by the
complex step (exact to round-off) and ds/dT by central differences of it, T(e) by Newton, the kink
eta/s and the Cauchy zeta/s, the DNMR coefficients with the local p and cs2, tau_Pi in the "cs2" form:
  de/dtau = -(e + p + Pi - phi)/tau
  tau_pi dphi/dtau = -phi + 4 eta/(3 tau) - (delta_pipi + tau_pipi/3) phi/tau + phi7 phi^2/2
                     + (2/3) lambda_piPi Pi/tau
  tau_Pi dPi/dtau = -Pi - zeta/tau - delta_PiPi Pi/tau + lambda_Pipi phi/tau
with phi = -pi^{eta eta} (orthonormal). Usage: plot_bjorken_qcd.py OUTDIR/fields.h5 OUT.png
"""
import sys

import h5py
import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HC = 0.1973269804
TC = 0.154
PID = 95 * np.pi**2 / 180
CT, T0C = 3.8706, 0.9761
AN, BN, CN, DN = -8.7704, 3.92, 0.0, 0.3419
AD, BD, CD, DD = -1.26, 0.8425, 0.0, -0.0475


def pressure(T):  # GeV/fm^3; T may be complex (complex step)
    t = T / TC
    g = 0.5 * (1 + np.tanh(CT * (t - T0C)))
    f = g * (PID + AN / t + BN / t**2 + CN / t**3 + DN / t**4) / (1 + AD / t + BD / t**2 + CD / t**3 + DD / t**4)
    return f * T**4 / HC**3


def entropy(T):
    h = 1e-30
    return pressure(T + 1j * h).imag / h


def thermo(T):
    p, s = pressure(T), entropy(T)
    dsdT = (entropy(T * (1 + 1e-6)) - entropy(T * (1 - 1e-6))) / (2e-6 * T)
    return T * s - p, p, s / (T * dsdT)


def temperature(e):
    """T(e) by Newton on e(T) - e = 0 with de/dT = T ds/dT."""
    T = (e * HC**3 / 15.6) ** 0.25
    for _ in range(60):
        ee = T * entropy(T) - pressure(T)
        dsdT = (entropy(T * (1 + 1e-6)) - entropy(T * (1 - 1e-6))) / (2e-6 * T)
        dT = (ee - e) / (T * dsdT)
        T -= dT
        if abs(dT) < 1e-15 * T:
            break
    return T


def kink(T):
    return max(0.0, 0.071 + (-1.188 if T < 0.223 else 0.389) * (T - 0.223))


def cauchy(T):
    w = 0.093 * (1 + (-0.161 if T >= 0.156 else 0.161))
    return 0.102 / (1 + ((T - 0.156) / w) ** 2)


def rhs(tau, y):
    e, phi, Pi = y
    T = temperature(e)
    _, p, cs2 = thermo(T)
    w = e + p
    s_hc = w / T * HC
    eta, zeta = kink(T) * s_hc, cauchy(T) * s_hc
    tau_pi = 5 * eta / w
    d = 1.0 / 3 - cs2
    tau_Pi = zeta / (14.55 * d * d * w)
    de = -(e + p + Pi - phi) / tau
    dphi = (-phi + 4 * eta / (3 * tau) - (4.0 / 3 * tau_pi + 10.0 / 21 * tau_pi) * phi / tau + 9.0 / (70 * p) * phi**2 / 2
            + 2.0 / 3 * 1.2 * tau_pi * Pi / tau) / tau_pi
    dPi = (-Pi - zeta / tau - 2.0 / 3 * tau_Pi * Pi / tau + 1.6 * d * tau_Pi * phi / tau) / tau_Pi
    return np.array([de, dphi, dPi])


def main():
    fields, png = sys.argv[1], sys.argv[2]
    snaps = []
    with h5py.File(fields, "r") as f:
        for name in sorted(k for k in f if k.startswith("snapshot")):
            g = f[name]
            snaps.append((g.attrs["time"], float(g["e"][()].ravel()[0]), float(-g["pi_zz"][()].ravel()[0]),
                          float(g["Pi"][()].ravel()[0])))
    tau0, e0, phi0, Pi0 = snaps[0]
    y = np.array([e0, phi0, Pi0])
    taus, ys = [tau0], [y.copy()]
    targets = [s[0] for s in snaps[1:]]
    s = np.log(tau0)
    for target in targets:
        n = max(200, int(400 * np.log(target / np.exp(s))))
        ds = (np.log(target) - s) / n
        for _ in range(n):
            f = lambda ss, yy: np.exp(ss) * rhs(np.exp(ss), yy)  # noqa: E731
            k1 = f(s, y)
            k2 = f(s + ds / 2, y + ds / 2 * k1)
            k3 = f(s + ds / 2, y + ds / 2 * k2)
            k4 = f(s + ds, y + ds * k3)
            y = y + ds / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            s += ds
        taus.append(target)
        ys.append(y.copy())
    ys = np.array(ys)
    tau = np.array([s[0] for s in snaps])
    T_run = np.array([temperature(s[1]) for s in snaps])
    T_ref = np.array([temperature(e) for e in ys[:, 0]])
    rel = {"T": T_run / T_ref - 1, "phi": np.array([s[2] for s in snaps]) / ys[:, 1] - 1,
           "Pi": np.array([s[3] for s in snaps]) / ys[:, 2] - 1}
    fig, ax = plt.subplots(1, 3, figsize=(13, 3.8))
    ax[0].plot(tau, T_run, "o", label="ishydro")
    ax[0].plot(tau, T_ref, "-", label="RK4 ODE")
    ax[0].set_xlabel("tau (fm)"), ax[0].set_ylabel("T (GeV)"), ax[0].set_xscale("log"), ax[0].legend()
    w = np.array([s[1] + pressure(t) for s, t in zip(snaps, T_run)])
    ax[1].plot(tau, np.array([s[2] for s in snaps]) / w, "o", label="phi/(e+p) ishydro")
    ax[1].plot(tau, ys[:, 1] / w, "-", label="phi/(e+p) ODE")
    ax[1].plot(tau, np.array([s[3] for s in snaps]) / w, "s", label="Pi/(e+p) ishydro")
    ax[1].plot(tau, ys[:, 2] / w, "--", label="Pi/(e+p) ODE")
    ax[1].set_xlabel("tau (fm)"), ax[1].set_xscale("log"), ax[1].legend(fontsize=8)
    for k, v in rel.items():
        ax[2].semilogy(tau[1:], np.abs(v[1:]) + 1e-17, "o-", label=k)
    ax[2].set_xlabel("tau (fm)"), ax[2].set_ylabel("|relative difference|"), ax[2].set_xscale("log")
    ax[2].legend()
    fig.suptitle("Bjorken flow through the crossover (HotQCD, kink eta/s, Cauchy zeta/s, DNMR, tau_Pi form cs2)")
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    for i, t in enumerate(tau):
        print(f"tau = {t:6.3f}: T = {T_run[i]:.8f} (ODE {T_ref[i]:.8f}), rel T {rel['T'][i]:.2e}, "
              f"phi {rel['phi'][i]:.2e}, Pi {rel['Pi'][i]:.2e}")


if __name__ == "__main__":
    main()
