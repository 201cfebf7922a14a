#!/usr/bin/env python3
"""Counts heap allocations while stepping from outside the process, with valgrind's DHAT.

Runs `ishydro run` on the benchmark's standard problem (src/app/bench.cpp as an input file, no
snapshots) for two step counts under `valgrind --tool=dhat`, and reports every allocation (malloc,
calloc, realloc, memalign, operator new, from any library: libgomp, FFTW, HDF5, ...) made

  - under the stepping functions (Etd4::advance, Etd4::begin, RightHandSide::evaluate), and
  - anywhere in the process, minus the MPI runtime's start-up (ORTE/OPAL), whose count varies from
    run to run,

for each step count; zero under stepping means no allocation while stepping on the calling thread, and
totals that do not grow with the steps cover the other threads too (the totals also hold FFTW's
planning, which can differ by a few hundred between runs: read them as "no growth per step"). valgrind 3.19 does not decode AVX-512: use a build with
`-DISHYDRO_NATIVE=OFF` (docs/benchmarks.md, "Zero allocations, checked from outside").

  scripts/check_allocations.py --ishydro build/portable/ishydro --grid 16 --threads 1 2
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

PROBLEM = """[grid]
points = [{n}, {n}, {n}]
size = [10.0, 10.0, 10.0]
[time]
start = 0.0
end = 1e9
cfl = 0.4
max_steps = {steps}
[eos]
kind = "conformal"
dof = 47.5
[transport]
eta_over_s = 0.1
zeta_over_s = 0.05
tau_pi_coeff = 5.0
tau_Pi_coeff = 5.0
second_order = "dnmr"
[initial]
kind = "sound_wave"
e0 = 10.0
amplitude = 0.1
mode = [1, 1, 1]
[output]
times = []
profile = false
"""

STEPPING = ("Etd4::advance", "Etd4::begin", "RightHandSide::evaluate")
STARTUP = ("orte_", "opal_", "ompi_mpi_init", "libopen-", "libtasn1", "libgnutls", "_dl_", "dl-init")


def count(dhat_file):
    d = json.load(open(dhat_file))
    ftbl = d["ftbl"]
    stepping = total = 0
    for p in d["pps"]:
        frames = [ftbl[f] for f in p["fs"]]
        if any(s in f for f in frames for s in STEPPING):
            stepping += p["tbk"]
        if not any(s in f for f in frames for s in STARTUP):
            total += p["tbk"]
    return stepping, total


def run(ishydro, n, steps, threads, work):
    toml = os.path.join(work, f"p{steps}.toml")
    with open(toml, "w") as f:
        f.write(PROBLEM.format(n=n, steps=steps))
    for old in glob.glob(os.path.join(work, "dhat.out.*")):
        os.remove(old)
    subprocess.run(["valgrind", "--tool=dhat", f"--dhat-out-file={work}/dhat.out.%p", ishydro, "run", toml,
                    "--output", os.path.join(work, f"out{steps}"), "--threads", str(threads), "--quiet"],
                   check=True, capture_output=True)
    return count(glob.glob(os.path.join(work, "dhat.out.*"))[0])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ishydro", default="build/portable/ishydro")
    ap.add_argument("--grid", type=int, default=16)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--steps", type=int, nargs=2, default=[10, 30])
    args = ap.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as work:
        for t in args.threads:
            counts = [run(args.ishydro, args.grid, s, t, work) for s in args.steps]
            (s0, t0), (s1, t1) = counts
            per_step = (t1 - t0) / (args.steps[1] - args.steps[0])
            print(f"{args.grid}^3, {t} thread(s): {args.steps[0]} steps: {s0} allocations under stepping, {t0} in all; "
                  f"{args.steps[1]} steps: {s1} under stepping, {t1} in all; {per_step:+.2f} per step")
            ok = ok and s0 == 0 and s1 == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
