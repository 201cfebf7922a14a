#!/usr/bin/env python3
"""Plots the equal-time structure factors of structure_factors.h5 (ishydro [output] structure_factors)
against thermodynamics' values: S_T00 = T^2 de/dT and S_T0i = (e + p) T (docs/equations.md, eq. 49).

Usage: plot_structure_factors.py OUTPUT_DIR [--skip N] [--png FILE] [--table]
The snapshots after the first N are averaged; the EOS and e0 come from run.json's resolved input
(a uniform initial state: [initial] kind = "uniform").
"""
import argparse
import json
import math
import sys
import tomllib

import h5py
import numpy as np

HBARC = 0.1973269804


def thermodynamics(resolved):
    eos = resolved["eos"]
    cs2 = eos["cs2"] if eos["kind"] == "ideal" else 1.0 / 3.0
    e = resolved["initial"]["e0"]
    norm = math.pi**2 / 30.0 * eos["dof"] / HBARC**3
    T = (e / norm) ** (1.0 / (1.0 + 1.0 / cs2))
    return {"T00": (1.0 + 1.0 / cs2) * e * T, "T0i": (1.0 + cs2) * e * T, "T": T}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--skip", type=int, default=0, help="snapshots to skip (equilibration)")
    ap.add_argument("--png", default=None, help="output image (default DIR/structure_factors.png)")
    ap.add_argument("--table", action="store_true", help="print the shell table and the averages")
    args = ap.parse_args()
    info = json.load(open(f"{args.dir}/run.json"))
    resolved = tomllib.loads(info["resolved_input"])
    ref = thermodynamics(resolved)
    f = h5py.File(f"{args.dir}/structure_factors.h5", "r")
    groups = sorted(f.keys())[args.skip:]
    if not groups:
        sys.exit("no snapshots left after --skip")
    k = f[groups[-1]]["k"][:]
    counts = f[groups[-1]]["counts"][:]
    series = {}
    for name, key in [("S_T00", "T00"), ("S_T0i_longitudinal", "T0i"), ("S_T0i_transverse", "T0i")]:
        S = np.array([f[g][name][:] for g in groups]) / ref[key]
        total = (S * counts).sum(1) / counts.sum()
        nb = min(10, len(total))
        batches = np.array_split(total, nb)
        means = np.array([b.mean() for b in batches])
        err = means.std(ddof=1) / math.sqrt(nb) if nb > 1 else float("nan")
        series[name] = (S.mean(0), S.std(0) / math.sqrt(len(groups)), total.mean(), err)
    if args.table:
        print(f"T = {ref['T']:.6g} GeV, T^2 de/dT = {ref['T00']:.6g}, (e+p) T = {ref['T0i']:.6g} GeV^2/fm^3; "
              f"{len(groups)} snapshots")
        print("k [1/fm]  modes   S_T00/ref  S_L/ref  S_T/ref")
        for i in range(len(k)):
            print(f"{k[i]:7.3f} {counts[i]:6.0f}   " +
                  "  ".join(f"{series[n][0][i]:7.3f}" for n in series))
        for n, (_, _, mean, err) in series.items():
            print(f"{n}: {mean:.4f} +- {err:.4f} (batch means) of thermodynamics")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    labels = {"S_T00": r"$S_{T^{00}}/(T^2\,de/dT)$", "S_T0i_longitudinal": r"$S_{T^{0i}}^{L}/((e+p)T)$",
              "S_T0i_transverse": r"$S_{T^{0i}}^{T}/((e+p)T)$"}
    for (n, (m, e, _, _)), mk in zip(series.items(), "osd"):
        ax.errorbar(k, m, yerr=e, marker=mk, ls="none", capsize=2, label=labels[n])
    ax.axhline(1.0, color="k", lw=1, label="thermodynamics")
    ax.set_xlabel(r"$|k|$ [1/fm]")
    ax.set_ylabel("structure factor / thermodynamics")
    ax.set_ylim(0.5, 1.5)
    ax.legend(fontsize=8)
    ax.set_title(f"{args.dir}: {len(groups)} snapshots", fontsize=9)
    fig.tight_layout()
    fig.savefig(args.png or f"{args.dir}/structure_factors.png", dpi=110)


if __name__ == "__main__":
    main()
