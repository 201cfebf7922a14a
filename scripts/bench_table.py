#!/usr/bin/env python3
"""Runs `ishydro bench` over grids and thread counts and prints the tables of docs/benchmarks.md.

Each (grid, threads) is run `--repeats` times (256^3 and above once); the fastest run (least
seconds_per_step) is reported and every run is listed. Run it on an otherwise idle machine. Only the
standard library: any python3 will do.

  scripts/bench_table.py --ishydro build/release/ishydro --grids 16 32 64 128 256 --threads 1 2
"""
import argparse
import json
import subprocess
import sys


def steps_for(n):
    return {16: 20, 32: 10, 64: 5, 128: 2}.get(n, 1)


def run(ishydro, n, threads):
    cmd = [ishydro, "bench", "--grid", str(n), str(n), str(n), "--steps", str(steps_for(n)), "--threads",
           str(threads), "--json"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    report = json.loads(out)
    report["command"] = " ".join(["ishydro"] + cmd[1:])
    return report


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ishydro", default="build/release/ishydro")
    ap.add_argument("--grids", type=int, nargs="+", default=[16, 32, 64, 128])
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", help="also write every report here")
    args = ap.parse_args()

    rows, runs = [], []
    for n in args.grids:
        for t in args.threads:
            reports = [run(args.ishydro, n, t) for _ in range(args.repeats if n < 256 else 1)]
            runs.append((n, t, reports))
            best = min(reports, key=lambda r: r["seconds_per_step"])
            rows.append((n, t, best))
            print(f"{n}^3 threads {t}: {best['seconds_per_step']:.4g} s/step, ratio {best['fft_bound_ratio']:.3g}",
                  file=sys.stderr)

    print("| grid | threads | s/step | ffts/rhs | s/FFT | FFT bound (s/step) | fft_bound_ratio | bytes/cell "
          "| allocs/step |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, t, r in rows:
        print(f"| {n}^3 | {t} | {r['seconds_per_step']:.4g} | {r['ffts_per_rhs']:.0f} | {r['seconds_per_fft']:.3g} "
              f"| {r['fft_bound_seconds_per_step']:.4g} | **{r['fft_bound_ratio']:.2f}** | {r['bytes_per_cell']:.1f} "
              f"| {r['allocations_per_step']:.0f} |")
    print()
    phases = ["primitive recovery + fluxes", "fft forward", "fft inverse", "k-space work", "advection products",
              "relaxation sources", "integrator updates"]
    print("| grid | threads | " + " | ".join(phases) + " | fft total | pointwise total |")
    print("|---|---:|" + "---:|" * (len(phases) + 2))
    for n, t, r in rows:
        b = r["breakdown"]
        cells = " | ".join(f"{b['phases_seconds_per_step'][p]:.4g}" for p in phases)
        print(f"| {n}^3 | {t} | {cells} | {b['fft_seconds_per_step']:.4g} | {b['pointwise_seconds_per_step']:.4g} |")
    print()
    print("All runs (s/step, fft_bound_ratio):")
    print()
    for n, t, reports in runs:
        listed = ", ".join(f"{r['seconds_per_step']:.4g} ({r['fft_bound_ratio']:.2f})" for r in reports)
        print(f"- `{reports[0]['command']}`: {listed}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump([{"grid": n, "threads": t, "reports": rs} for n, t, rs in runs], f, indent=1)


if __name__ == "__main__":
    main()
