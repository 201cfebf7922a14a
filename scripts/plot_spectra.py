#!/usr/bin/env python3
"""Plot the kinetic-energy spectra of an ishydro run over time.

    plot_spectra.py RUN_DIR [--out PNG] [--part total|solenoidal|compressive|both]

Reads RUN_DIR/spectra.h5 (written with `[output] spectra = true`, docs/usage.md "spectra.h5") and
draws E(k) of every snapshot in log-log (colour: time, from dark to light), with a k^(-5/3) guide
through the first snapshot's spectrum near its peak. The k = 0 shell (the mean flow) has no place on
a log axis and is left out. `--part both` draws solenoidal (solid) and compressive (dashed) apart.
Writes PNG (default RUN_DIR/spectra.png) with matplotlib's Agg backend and prints its path. Needs
numpy, h5py and matplotlib (Debian: python3-numpy, python3-h5py, python3-matplotlib).
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np


def read_spectra(path: str):
    import h5py

    out = []
    with h5py.File(path, "r") as f:
        for name in sorted(n for n in f if n.startswith("snapshot_")):
            g = f[name]
            out.append((float(np.ravel(g.attrs["time"])[0]), g["k"][()], g["E_solenoidal"][()],
                        g["E_compressive"][()]))
    out.sort(key=lambda s: s[0])
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir")
    parser.add_argument("--out", default=None)
    parser.add_argument("--part", choices=["total", "solenoidal", "compressive", "both"], default="total")
    args = parser.parse_args(argv)
    path = os.path.join(args.run_dir, "spectra.h5")
    if not os.path.isfile(path):
        print(f"plot_spectra.py: {path}: no such file (run with [output] spectra = true)", file=sys.stderr)
        return 2
    spectra = read_spectra(path)
    if not spectra:
        print(f"plot_spectra.py: {path} holds no snapshot", file=sys.stderr)
        return 2

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    cmap = plt.get_cmap("viridis")
    times = [s[0] for s in spectra]
    t0, t1 = times[0], times[-1]
    for t, k, Es, Ec in spectra:
        colour = cmap(0.0 if t1 == t0 else 0.9 * (t - t0) / (t1 - t0))
        keep = k > 0
        if args.part == "both":
            ax.loglog(k[keep], np.maximum(Es[keep], 1e-300), color=colour, label=f"t = {t:g} fm")
            ax.loglog(k[keep], np.maximum(Ec[keep], 1e-300), color=colour, linestyle="--")
        else:
            E = {"total": Es + Ec, "solenoidal": Es, "compressive": Ec}[args.part]
            ax.loglog(k[keep], np.maximum(E[keep], 1e-300), color=colour, label=f"t = {t:g} fm")
    # k^(-5/3) guide through the first spectrum's peak.
    _, k, Es, Ec = spectra[0]
    E = Es + Ec
    if np.any(k > 0) and np.max(E[k > 0]) > 0:
        peak = int(np.argmax(np.where(k > 0, E, -1.0)))
        kg = k[k >= k[peak]]
        ax.loglog(kg, E[peak] * (kg / k[peak]) ** (-5.0 / 3.0), color="grey", linestyle=":",
                  label=r"$k^{-5/3}$")
    ax.set_xlabel(r"$k$ [fm$^{-1}$]")
    ax.set_ylabel(r"$E(k)$ [GeV fm$^{-2}$]" + ("" if args.part in ("total", "both") else f" ({args.part})"))
    ax.set_title("spectrum of W = sqrt(e + p) u" + ("  (solid: solenoidal, dashed: compressive)"
                                                    if args.part == "both" else ""), fontsize=9)
    if len(spectra) <= 12:
        ax.legend(fontsize=7)
    fig.tight_layout()
    out = args.out or os.path.join(args.run_dir, "spectra.png")
    fig.savefig(out, dpi=100)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
