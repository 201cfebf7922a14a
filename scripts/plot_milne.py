#!/usr/bin/env python3
"""Plot a Milne run (initial.kind = "bjorken" or "gubser") against a reference computed here.

    plot_milne.py RUN_DIR [--out PNG] [--table]

The reference is computed independently of the C++ code, in numpy, from the run's resolved input
(docs/validation_milne.md has the equations and conventions):

* ``bjorken``: the Bjorken ODEs (docs/equations.md, eqs. 11-13 in Milne coordinates)

      de/dtau = -(e + p + Pi - phi)/tau
      tau_pi dphi/dtau = -phi + 4 eta/(3 tau) - (delta_pipi + tau_pipi/3) phi/tau + phi7 phi^2/2
                         + (2/3) lambda_piPi Pi/tau
      tau_Pi dPi/dtau = -Pi - zeta/tau - delta_PiPi Pi/tau + lambda_Pipi phi/tau

  with phi = -tau^2 pi^{eta eta} = -pi_zz, integrated by RK4 in ln(tau) (step 5e-5). Plots T,
  tau^2 pi^{eta eta} (and Pi with bulk viscosity) from the single cell of each snapshot (markers)
  against the reference (lines), and the relative errors.
* ``gubser``: the Gubser-frame ODEs for T_hat(rho), pi_bar(rho), integrated by RK4 (step 2.5e-4)
  from rho = 0 both ways, mapped to Milne coordinates. Plots T, u^x, pi^{xx} and pi_zz along the
  centre line y = Ly/2 for |x - Lx/2| <= 5 fm at each snapshot, and the relative error of T and the
  error of the others divided by the largest magnitude of the field there.

--table prints a markdown table of the errors per snapshot time and writes it to RUN_DIR/errors.md
(gubser: max over |x - centre| <= 5 fm on the centre line and the diagonal y - cy = x - cx).

Needs numpy, h5py (through ishydro_run), matplotlib (Agg) and tomllib (Python >= 3.11).
"""

from __future__ import annotations

import argparse
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ishydro_run  # noqa: E402

import tomllib  # noqa: E402

HBARC = 0.1973269804  # GeV fm
_SETS = {
    "is": dict(delta_pipi=False, tau_pipi=False, phi7=False, lambda_piPi=False, delta_PiPi=False, lambda_Pipi=False),
    "is43": dict(delta_pipi=True, tau_pipi=False, phi7=False, lambda_piPi=False, delta_PiPi=False, lambda_Pipi=False),
    "dnmr": dict(delta_pipi=True, tau_pipi=True, phi7=True, lambda_piPi=True, delta_PiPi=True, lambda_Pipi=True),
}


def rk4(f, y, x0, x1, h):
    """Integrates dy/dx = f(x, y) from x0 to x1 with RK4 steps of at most |h|."""
    n = max(1, int(math.ceil(abs(x1 - x0) / h)))
    dx = (x1 - x0) / n
    x = x0
    for _ in range(n):
        k1 = f(x, y)
        k2 = f(x + dx / 2, y + dx / 2 * k1)
        k3 = f(x + dx / 2, y + dx / 2 * k2)
        k4 = f(x + dx, y + dx * k3)
        y = y + dx / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        x += dx
    return y


def terms(tr: dict) -> dict:
    flags = dict(_SETS[tr.get("second_order", "is")])
    flags.update({k: bool(v) for k, v in tr.get("terms", {}).items()})
    return flags


class Medium:
    """EOS and transport coefficients of the input, as functions of e (GeV/fm^3)."""

    def __init__(self, cfg: dict):
        eos = cfg.get("eos", {})
        self.cs2 = 1.0 / 3.0 if eos.get("kind", "conformal") == "conformal" else float(eos["cs2"])
        self.dof = float(eos.get("dof", 47.5))
        self.a = math.pi**2 / 30 * self.dof / HBARC**3
        tr = cfg.get("transport", {})
        self.tr = tr
        self.flags = terms(tr)

    def T(self, e):
        return (e / self.a) ** (1.0 / (1.0 + 1.0 / self.cs2))

    def e_of_T(self, T):
        return self.a * T ** (1.0 + 1.0 / self.cs2)

    def coefficients(self, e):
        tr, p = self.tr, self.cs2 * e
        w, T = e + p, self.T(e)
        eta = float(tr["eta"]) if "eta" in tr else float(tr.get("eta_over_s", 0.0)) * w / T * HBARC
        zeta = float(tr["zeta"]) if "zeta" in tr else float(tr.get("zeta_over_s", 0.0)) * w / T * HBARC
        tau_pi = float(tr["tau_pi"]) if "tau_pi" in tr else float(tr.get("tau_pi_coeff", 5.0)) * eta / w
        tau_Pi = float(tr["tau_Pi"]) if "tau_Pi" in tr else float(tr.get("tau_Pi_coeff", 5.0)) * zeta / w
        f = self.flags
        return dict(
            p=p, eta=eta, zeta=zeta, tau_pi=tau_pi, tau_Pi=tau_Pi,
            delta_pipi=4 / 3 * tau_pi if f["delta_pipi"] else 0.0,
            tau_pipi=10 / 7 * tau_pi if f["tau_pipi"] else 0.0,
            phi7=9 / (70 * p) if f["phi7"] else 0.0,
            lambda_piPi=6 / 5 * tau_pi if f["lambda_piPi"] else 0.0,
            delta_PiPi=2 / 3 * tau_Pi if f["delta_PiPi"] else 0.0,
            lambda_Pipi=8 / 5 * (1 / 3 - self.cs2) * tau_Pi if f["lambda_Pipi"] else 0.0,
        )


# ----------------------------------------------------------------------------------------------- Bjorken


def bjorken_reference(cfg: dict, taus):
    """(e, phi, Pi) at each tau of `taus` (sorted) from the Bjorken ODEs."""
    m = Medium(cfg)
    tau0 = float(cfg["time"]["start"])
    e0 = m.e_of_T(float(cfg["initial"]["T0"]))
    c0 = m.coefficients(e0)
    ns = cfg["initial"].get("pi", "zero") == "navier-stokes"
    y = np.array([e0, 4 * c0["eta"] / (3 * tau0) if ns else 0.0, -c0["zeta"] / tau0 if ns else 0.0])

    def rhs(s, y):  # s = ln tau
        tau = math.exp(s)
        e, phi, Pi = y
        c = m.coefficients(e)
        de = -(e + c["p"] + Pi - phi) / tau
        dphi = 0.0
        if c["eta"] > 0:
            dphi = (-phi + 4 * c["eta"] / (3 * tau) - (c["delta_pipi"] + c["tau_pipi"] / 3) * phi / tau
                    + c["phi7"] * phi**2 / 2 + 2 / 3 * c["lambda_piPi"] * Pi / tau) / c["tau_pi"]
        dPi = 0.0
        if c["zeta"] > 0:
            dPi = (-Pi - c["zeta"] / tau - c["delta_PiPi"] * Pi / tau + c["lambda_Pipi"] * phi / tau) / c["tau_Pi"]
        return tau * np.array([de, dphi, dPi])

    out, s = [], math.log(tau0)
    for t in taus:
        y = rk4(rhs, y, s, math.log(t), 5e-5)
        s = math.log(t)
        out.append(y.copy())
    out = np.array(out)
    return m, out[:, 0], out[:, 1], out[:, 2]


def bjorken(run, cfg, out_png, table):
    import matplotlib.pyplot as plt

    snaps = sorted(run.snapshots, key=lambda s: s.time)
    tn = np.array([s.time for s in snaps])
    num = {k: np.array([s.fields[k].ravel()[0] for s in snaps]) for k in ("T", "pi_zz", "Pi")}
    tau0, tend = float(cfg["time"]["start"]), float(cfg["time"]["end"])
    tl = np.unique(np.concatenate([np.geomspace(tau0, max(tend, tn.max()), 200), tn]))
    m, e, phi, Pi = bjorken_reference(cfg, tl)
    ref_line = {"T": m.T(e), "pi_zz": -phi, "Pi": Pi}
    idx = np.searchsorted(tl, tn)
    ref = {k: v[idx] for k, v in ref_line.items()}
    bulk = bool(np.any(Pi != 0) or np.any(num["Pi"] != 0))
    fields = ["T", "pi_zz"] + (["Pi"] if bulk else [])
    labels = {"T": "T (GeV)", "pi_zz": r"$\tau^2\pi^{\eta\eta}$ (GeV/fm$^3$)", "Pi": r"$\Pi$ (GeV/fm$^3$)"}
    err = {}
    for k in fields:
        scale = np.where(np.abs(ref[k]) > 0, np.abs(ref[k]), 1.0)
        err[k] = np.abs(num[k] - ref[k]) / scale

    fig, axes = plt.subplots(1, len(fields) + 1, figsize=(4.2 * (len(fields) + 1), 3.8))
    for ax, k in zip(axes, fields):
        ax.plot(tl, ref_line[k], "-", color="C0", label="reference (RK4)")
        ax.plot(tn, num[k], "o", color="C1", mfc="none", label="ishydro")
        ax.set_xscale("log")
        ax.set_xlabel(r"$\tau$ (fm)")
        ax.set_ylabel(labels[k])
        ax.legend(fontsize=8)
    ax = axes[-1]
    for i, k in enumerate(fields):
        ax.semilogy(tn, np.maximum(err[k], 1e-17), "o-", color=f"C{i}", label=k)
    ax.set_xscale("log")
    ax.set_xlabel(r"$\tau$ (fm)")
    ax.set_ylabel("relative error")
    ax.legend(fontsize=8)
    tr = cfg.get("transport", {})
    fig.suptitle(f"Bjorken flow: T0 = {cfg['initial']['T0']} GeV, tau0 = {tau0} fm, "
                 f"eta/s = {tr.get('eta_over_s', tr.get('eta', 0))}, set {tr.get('second_order', 'is')}, "
                 f"cs2 = {m.cs2:.4g}", fontsize=10)
    fig.tight_layout()
    fig.savefig(out_png, dpi=100)

    if table:
        lines = ["| tau (fm) | " + " | ".join(f"{k} rel. error" for k in fields) + " |",
                 "|---" * (len(fields) + 1) + "|"]
        for i, t in enumerate(tn):
            lines.append(f"| {t:.4g} | " + " | ".join(f"{err[k][i]:.1e}" for k in fields) + " |")
        lines.append(f"| max | " + " | ".join(f"{err[k].max():.1e}" for k in fields) + " |")
        return "\n".join(lines)
    return None


# ------------------------------------------------------------------------------------------------ Gubser


class GubserReference:
    def __init__(self, cfg: dict, rho_min: float, rho_max: float, h: float = 2.5e-4):
        self.m = Medium(cfg)
        ini, tr = cfg["initial"], cfg.get("transport", {})
        self.q = float(ini.get("q", 1.0))
        self.T0 = float(ini.get("T_hat0", 1.2))
        self.pi0 = float(ini.get("pi_bar0", 0.0))
        self.eos = float(tr.get("eta_over_s", 0.0))
        self.ctau = float(tr.get("tau_pi_coeff", 5.0))
        f = self.m.flags
        self.d = 4 / 3 if f["delta_pipi"] else 0.0
        self.t = 10 / 7 if f["tau_pipi"] else 0.0
        self.f = 1.0 if f["phi7"] else 0.0
        self.ideal = self.eos == 0
        if not self.ideal:
            # Tabulate on a uniform rho grid from 0 both ways; Hermite interpolation with the RHS.
            lo, hi = min(rho_min, 0.0) - 0.01, max(rho_max, 0.0) + 0.01
            self.h = h
            n_neg, n_pos = int(math.ceil(-lo / h)), int(math.ceil(hi / h))
            self.rho = np.arange(-n_neg, n_pos + 1) * h
            tab = np.empty((len(self.rho), 2))
            tab[n_neg] = (self.T0, self.pi0)
            for sign, rng in ((1, range(n_neg + 1, len(self.rho))), (-1, range(n_neg - 1, -1, -1))):
                y = np.array([self.T0, self.pi0])
                x = 0.0
                for i in rng:
                    y = rk4(self.rhs, y, x, x + sign * h, h)
                    x += sign * h
                    tab[i] = y
            self.tab = tab
            self.dtab = np.array([self.rhs(r, y) for r, y in zip(self.rho, tab)])

    def rhs(self, rho, y):
        Th, pb = y
        C = self.ctau * self.eos
        th = math.tanh(rho)
        dT = Th * th * (pb / 3 - 2 / 3)
        dp = (-pb * Th / C + 4 / (3 * self.ctau) * th + (8 / 3 - 2 * self.d) * pb * th - 4 / 3 * pb**2 * th
              + self.t / 3 * pb * th - 9 / 35 * pb**2 * Th / C * self.f)
        return np.array([dT, dp])

    def at_rho(self, rho):
        rho = np.asarray(rho, dtype=float)
        if self.ideal:
            return self.T0 / np.cosh(rho) ** (2 / 3), np.zeros_like(rho)
        s = (rho - self.rho[0]) / self.h
        i = np.clip(np.floor(s).astype(int), 0, len(self.rho) - 2)
        u = s - i
        h00, h10 = 2 * u**3 - 3 * u**2 + 1, u**3 - 2 * u**2 + u
        h01, h11 = -2 * u**3 + 3 * u**2, u**3 - u**2
        out = [h00 * self.tab[i, c] + h10 * self.h * self.dtab[i, c] + h01 * self.tab[i + 1, c]
               + h11 * self.h * self.dtab[i + 1, c] for c in range(2)]
        return out[0], out[1]

    def rho_of(self, tau, r):
        q = self.q
        return -np.arcsinh((1 - q**2 * tau**2 + q**2 * r**2) / (2 * q * tau))

    def fields(self, tau, dx, dy):
        """T, ux, uy, pi_xx, pi_xy, pi_yy, pi_zz at offsets (dx, dy) from the centre."""
        q = self.q
        r = np.hypot(dx, dy)
        rho = self.rho_of(tau, r)
        kappa = np.arctanh(2 * q**2 * tau * r / (1 + q**2 * tau**2 + q**2 * r**2))
        Th, pb = self.at_rho(rho)
        T = Th * HBARC / tau
        e = self.m.e_of_T(T)
        w = e * (1 + self.m.cs2)
        safe = np.where(r > 0, r, 1.0)
        cx, cy = np.where(r > 0, dx / safe, 1.0), np.where(r > 0, dy / safe, 0.0)
        ur = np.sinh(kappa)
        prr = -(pb * w / 2) * np.cosh(kappa) ** 2
        pff = -pb * w / 2
        return dict(T=T, ux=ur * cx, uy=ur * cy,
                    pi_xx=prr * cx * cx + pff * cy * cy, pi_xy=(prr - pff) * cx * cy,
                    pi_yy=prr * cy * cy + pff * cx * cx, pi_zz=pb * w)


GUBSER_FIELDS = ("T", "ux", "uy", "pi_xx", "pi_yy", "pi_xy", "pi_zz")


def gubser(run, cfg, out_png, table, half=5.0):
    import matplotlib.pyplot as plt

    Lx, Ly = cfg["grid"]["size"][0], cfg["grid"]["size"][1]
    nx, ny = len(run.x), len(run.y)
    cxp, cyp = Lx / 2, Ly / 2
    dxg = Lx / nx
    j0 = int(round(cyp / (Ly / ny)))
    i0 = int(round(cxp / dxg))
    sel = np.where(np.abs(run.x - cxp) <= half + 1e-9)[0]
    jd = j0 + (sel - i0)  # diagonal y - cy = x - cx (square cells)
    snaps = sorted(run.snapshots, key=lambda s: s.time)
    # rho range needed
    taus = np.array([s.time for s in snaps])
    rmax = half * math.sqrt(2) + 2 * dxg
    q = float(cfg["initial"].get("q", 1.0))
    rhos = [-np.arcsinh((1 - q**2 * t**2 + q**2 * r**2) / (2 * q * t)) for t in taus for r in (0.0, rmax)]
    ref = GubserReference(cfg, min(rhos), max(rhos))

    rows, curves = [], []
    for s in snaps:
        t = s.time
        dx = run.x[sel] - cxp
        errs = {}
        on_line = {}
        for name, jj, dy in (("centre", np.full_like(sel, j0), np.zeros_like(dx)),
                             ("diagonal", jd, run.y[jd] - cyp)):
            ex = ref.fields(t, dx, dy)
            nm = {k: s.fields[k][sel, jj, 0] for k in GUBSER_FIELDS}
            on_line[name] = (ex, nm)
        for k in GUBSER_FIELDS:
            exs = np.concatenate([on_line[n][0][k] for n in on_line])
            nms = np.concatenate([on_line[n][1][k] for n in on_line])
            if k == "T":
                errs[k] = np.max(np.abs(nms - exs) / np.abs(exs))
            else:
                scale = np.max(np.abs(exs))
                errs[k] = np.max(np.abs(nms - exs)) / scale if scale > 0 else np.max(np.abs(nms - exs))
        rows.append((t, errs))
        curves.append((t, dx, on_line["centre"]))

    plot_fields = [("T", "T (GeV)"), ("ux", r"$u^x$"), ("pi_xx", r"$\pi^{xx}$ (GeV/fm$^3$)"),
                   ("pi_zz", r"$\tau^2\pi^{\eta\eta}$ (GeV/fm$^3$)")]
    fig, axes = plt.subplots(2, 4, figsize=(15, 7))
    xf = np.linspace(-half, half, 401)
    for ci, (t, dx, (ex, nm)) in enumerate(curves):
        exf = ref.fields(t, xf, np.zeros_like(xf))
        for col, (k, lab) in enumerate(plot_fields):
            ax = axes[0, col]
            ax.plot(xf, exf[k], "-", color=f"C{ci}", lw=1, label=f"tau = {t:.3g} fm" if col == 0 else None)
            ax.plot(dx[::4], nm[k][::4], "o", color=f"C{ci}", ms=3.5, mfc="none")
            ax.set_ylabel(lab)
            ax.set_xlabel("x - centre (fm), y = centre")
            ax2 = axes[1, col]
            if k == "T":
                e = np.abs(nm[k] - ex[k]) / np.abs(ex[k])
                ylab = "|T - T_ref| / T_ref"
            else:
                sc = np.max(np.abs(ex[k]))
                e = np.abs(nm[k] - ex[k]) / (sc if sc > 0 else 1.0)
                ylab = f"|error| / max|{k}|"
            ax2.semilogy(dx, np.maximum(e, 1e-16), "-", color=f"C{ci}", lw=1)
            ax2.set_ylabel(ylab)
            ax2.set_xlabel("x - centre (fm), y = centre")
    axes[0, 0].legend(fontsize=7, loc="lower center", title="lines: reference, markers: ishydro", title_fontsize=7)
    tr = cfg.get("transport", {})
    fig.suptitle(f"Gubser flow: q = {q}/fm, T_hat0 = {ref.T0}, pi_bar0 = {ref.pi0}, eta/s = {ref.eos}, "
                 f"tau_pi_coeff = {ref.ctau}, set {tr.get('second_order', 'is')}, grid {nx}x{ny}, "
                 f"box {Lx} fm", fontsize=10)
    fig.tight_layout()
    fig.savefig(out_png, dpi=100)

    if table:
        lines = ["| tau (fm) | " + " | ".join(GUBSER_FIELDS) + " |", "|---" * (len(GUBSER_FIELDS) + 1) + "|"]
        for t, errs in rows:
            lines.append(f"| {t:.4g} | " + " | ".join(f"{errs[k]:.1e}" for k in GUBSER_FIELDS) + " |")
        lines.append("| max | " + " | ".join(f"{max(e[k] for _, e in rows):.1e}" for k in GUBSER_FIELDS) + " |")
        return "\n".join(lines)
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run_dir")
    ap.add_argument("--out", help="PNG to write (default RUN_DIR/<kind>.png)")
    ap.add_argument("--table", action="store_true", help="print the error table and write RUN_DIR/errors.md")
    args = ap.parse_args(argv)

    import matplotlib
    matplotlib.use("Agg")

    run = ishydro_run.load_run(args.run_dir)
    cfg = tomllib.loads(run.resolved_input)
    kind = cfg.get("initial", {}).get("kind")
    out = args.out or os.path.join(args.run_dir, f"{kind}.png")
    if kind == "bjorken":
        tab = bjorken(run, cfg, out, args.table)
        head = "Relative errors of ishydro against the RK4 reference (Bjorken ODEs):"
    elif kind == "gubser":
        tab = gubser(run, cfg, out, args.table)
        head = ("Errors against the Gubser reference for |x - centre| <= 5 fm on the centre line and the diagonal "
                "(T relative; others max |error| / max |reference| of that field):")
    else:
        sys.exit(f"plot_milne.py: initial.kind = {kind!r}; only 'bjorken' and 'gubser' are supported")
    print(f"wrote {out}")
    if tab:
        text = head + "\n\n" + tab + "\n"
        print(text)
        with open(os.path.join(args.run_dir, "errors.md"), "w") as fh:
            fh.write(text)


if __name__ == "__main__":
    main()
