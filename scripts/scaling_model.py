#!/usr/bin/env python3
"""Performance model of ishydro's slab-decomposed time step (docs/scaling.md), printed as Markdown.

    time per step = rhs_per_step * ffts_per_rhs * (t_fft_local + t_transpose) + t_pointwise

    t_fft_local = c * (cells per rank) * log2(N^3) / T_eff
    t_pointwise = p * (cells per rank) / T_eff
    t_transpose = alpha * (R - 1)                         one all-to-all per transform, R - 1 messages
                + V_off / (B_node / ranks_per_node)       bytes to other nodes, the rank's share of the link
                + V_on / (M * T_eff)                      bytes to ranks of the same node: one copy
                + k * (rank's complex array) / (M * T_eff)   local passes (FFTW-MPI's local transposes)
    V = V_off + V_on = 16 * N * ceil(N/R) * (N/2 + 1) * (R - 1)/R bytes sent by a rank per transform

c (seconds per point and log2 of the transform size, one thread) and p (pointwise seconds per cell
and step, one thread: (fft_bound_ratio - 1) times the FFT part of the step, per cell) are fitted to
the one-rank `ishydro bench` measurements in docs/data/scaling_2core.jsonl, on the largest grid;
T_eff is the threads' effective speed-up measured there (2 threads), extrapolated to T threads at
the same efficiency per thread; M is one core's memcpy bandwidth measured there and k the local
passes that make a 2-rank transform there cost what it measured. Cells per rank are ceil(N/R)
x-planes of N^2 cells (FFTW's slabs), so R must not exceed N. The network (alpha, the node's
injection bandwidth shared by its ranks) is an assumption: see the options and docs/scaling.md.
Only numpy and the standard library are needed.

    python3 scripts/scaling_model.py                 # every table of docs/scaling.md
    python3 scripts/scaling_model.py --node-bandwidth 25e9 --threads 16 --ranks-per-node 4
    python3 scripts/scaling_model.py --data my_machine.jsonl   # recalibrate from other bench runs

The data file holds one JSON object per line: {"rep", "time", "load_before", "wall_seconds",
"command", "bench"} where "bench" is the `ishydro bench --json` report (and one line
{"memcpy_bytes_per_second", ...}); of the repeats of one (grid, ranks, threads) the smallest
seconds_per_step and the smallest seconds_per_fft are used, fft_bound_ratio recomputed from them.
"""
import argparse
import json
import math
import pathlib
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "docs" / "data" / "scaling_2core.jsonl"


# ----------------------------------------------------------------------------------------------
# Measurements
# ----------------------------------------------------------------------------------------------
def load_measurements(path):
    """{(N, ranks, threads): (bench report of the fastest repeat, number of repeats)}; seconds_per_fft is
    the smallest over the repeats and fft_bound_ratio is recomputed from the two minima."""
    runs = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            rec = json.loads(line)
            if "bench" not in rec:  # the memcpy record
                continue
            b = rec["bench"]
            n = b["grid"]
            if not (n[0] == n[1] == n[2]):
                continue
            runs.setdefault((n[0], b["ranks"], b["threads"]), []).append(b)
    best = {}
    for k, v in runs.items():
        # Other jobs on the machine only ever slow a run down: keep the smallest of each timing over the
        # repeats, and the FFT bound ratio of those two.
        b = dict(min(v, key=lambda b: b["seconds_per_step"]))
        b["seconds_per_fft"] = min(x["seconds_per_fft"] for x in v)
        b["fft_bound_ratio"] = b["seconds_per_step"] / fft_part(b)
        best[k] = (b, len(v))
    return best


def fft_part(b):
    """Seconds per step spent in transforms, as the bench bounds it: rhs * ffts * seconds_per_fft."""
    return b["rhs_per_step"] * b["ffts_per_rhs"] * b["seconds_per_fft"]


def log2_cells(n):
    return math.log2(float(n) ** 3)


class Calibration:
    """c, p, T_eff (one-rank runs) and the local passes k (two-rank run) from the measurements."""

    def __init__(self, meas, memcpy, fit_grid=None):
        self.meas = meas
        one = sorted(k[0] for k in meas if k[1] == 1 and k[2] == 1)
        if not one:
            sys.exit("scaling_model: no one-rank one-thread measurement to calibrate on")
        self.grids = one
        self.c_by_n = {n: meas[(n, 1, 1)][0]["seconds_per_fft"] / (n**3 * log2_cells(n)) for n in one}
        self.p_by_n = {
            n: (meas[(n, 1, 1)][0]["seconds_per_step"] - fft_part(meas[(n, 1, 1)][0])) / n**3 for n in one
        }
        # The largest grid measured is the one out of cache, like every grid the model predicts for.
        self.fit_grid = fit_grid or one[-1]
        self.c = self.c_by_n[self.fit_grid]
        self.p = self.p_by_n[self.fit_grid]
        b0 = meas[(self.fit_grid, 1, 1)][0]
        self.rhs_per_step = b0["rhs_per_step"]
        self.ffts_per_rhs = b0["ffts_per_rhs"]
        self.transforms = self.rhs_per_step * self.ffts_per_rhs
        self.bytes_per_cell = b0["bytes_per_cell"]
        # Threads: the speed-up of the step, of the transforms and of the pointwise work from 1 to 2.
        self.teff = {}
        for n in one:
            if (n, 1, 2) in meas:
                b1, b2 = meas[(n, 1, 1)][0], meas[(n, 1, 2)][0]
                pw1 = b1["seconds_per_step"] - fft_part(b1)
                pw2 = b2["seconds_per_step"] - fft_part(b2)
                self.teff[n] = (
                    b1["seconds_per_step"] / b2["seconds_per_step"],
                    b1["seconds_per_fft"] / b2["seconds_per_fft"],
                    pw1 / pw2,
                )
        if self.fit_grid in self.teff:
            self.teff2 = self.teff[self.fit_grid][0]
        elif self.teff:
            self.teff2 = float(np.mean([v[0] for v in self.teff.values()]))
        else:
            self.teff2 = 2.0
        self.thread_efficiency = self.teff2 / 2.0
        self.memcpy = memcpy  # bytes/s one core copies here
        # Local passes of a slab transform: what a 2-rank transform costs here beyond half a 1-rank one
        # and the exchange itself (one copy of the sent bytes at memcpy speed: Open MPI's shared-memory
        # transport copies once, CMA), in passes over the rank's complex array at memcpy speed. It lumps
        # FFTW-MPI's local transposes around the all-to-all, the padded copies and the two ranks'
        # contention for memory.
        self.passes_by_n = {}
        for n in one:
            if (n, 2, 1) in meas:
                b1, b2 = meas[(n, 1, 1)][0], meas[(n, 2, 1)][0]
                extra = b2["seconds_per_fft"] - b1["seconds_per_fft"] / 2 - transpose_bytes(n, 2) / memcpy
                self.passes_by_n[n] = extra * memcpy / local_complex_bytes(n, 2)
        self.passes = self.passes_by_n.get(self.fit_grid, 0.0)


# ----------------------------------------------------------------------------------------------
# The model
# ----------------------------------------------------------------------------------------------
class Machine:
    def __init__(self, name, threads, thread_efficiency, ranks_per_node, node_bandwidth, alpha, node_memory):
        self.name = name
        self.threads = threads
        self.teff = 1.0 if threads == 1 else threads * thread_efficiency  # T_eff of one rank
        self.ranks_per_node = ranks_per_node
        self.node_bandwidth = node_bandwidth  # bytes/s injected by one node, shared by its ranks
        self.alpha = alpha  # seconds per message of the all-to-all
        self.node_memory = node_memory

    @property
    def rank_bandwidth(self):
        return self.node_bandwidth / self.ranks_per_node


def local_planes(n, r):
    """FFTW's slabs: ceil(N/R) planes on the fullest rank (x-planes in real space, y in Fourier)."""
    return math.ceil(n / r)


def local_complex_bytes(n, r):
    """Bytes of one rank's N x ceil(N/R) x (N/2+1) complex array (the transposed spectrum)."""
    return 16.0 * n * local_planes(n, r) * (n // 2 + 1)


def transpose_bytes(n, r):
    """Bytes one rank sends (and receives) in one all-to-all of the N x N x (N/2+1) complex array."""
    if r == 1:
        return 0.0
    return 16.0 * n * local_planes(n, r) * (n // 2 + 1) * (r - 1) / r


def step_model(cal, m, n, r):
    """Per-step times (seconds) on R ranks of machine m for an N^3 grid: a dict of the parts."""
    cells = local_planes(n, r) * n * n
    t_fft = cal.c * cells * log2_cells(n) / m.teff
    t_pw = cal.p * cells / m.teff
    # Of the (R-1)/R of its array a rank sends, the part for the other ranks of its node stays in shared
    # memory (copied once at memcpy speed by its threads); the rest crosses the network at the rank's
    # share of the node's injection bandwidth.
    on_node = min(r, m.ranks_per_node)
    off_bytes = transpose_bytes(n, r) * (r - on_node) / (r - 1) if r > 1 else 0.0
    shm_bytes = transpose_bytes(n, r) - off_bytes
    t_net = 0.0 if r == 1 else m.alpha * (r - 1) + off_bytes / m.rank_bandwidth + shm_bytes / (cal.memcpy * m.teff)
    t_local = 0.0 if r == 1 else cal.passes * local_complex_bytes(n, r) / (cal.memcpy * m.teff)
    t_tr = t_net + t_local
    fft_total = cal.transforms * t_fft
    tr_total = cal.transforms * t_tr
    step = fft_total + tr_total + t_pw
    return {
        "step": step,
        "fft": fft_total,
        "pointwise": t_pw,
        "transpose": tr_total,
        "latency": cal.transforms * (m.alpha * (r - 1) if r > 1 else 0.0),
        "local_passes": cal.transforms * t_local,
        "transpose_fraction": tr_total / step,
        "t_fft_local": t_fft,
        "t_transpose": t_tr,
        "memory": cal.bytes_per_cell * cells + 16.0 * local_planes(n, r) * n * (n // 2 + 1),
    }


# ----------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------
def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" for _ in header) + "|"]
    out += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
    return "\n".join(out)


def g(x, digits=3):
    return f"{x:.{digits}g}"


def pct(x):
    return f"{100 * x:.0f}%"


def gib(x):
    return f"{x / 2**30:.3g}"


def measured_table(meas):
    rows = []
    for (n, r, t) in sorted(meas):
        b, reps = meas[(n, r, t)]
        base = meas.get((n, 1, 1))
        speedup = base[0]["seconds_per_step"] / b["seconds_per_step"] if base else float("nan")
        rows.append(
            [
                f"{n}^3",
                r,
                t,
                g(b["seconds_per_step"], 4),
                f"{speedup:.2f}",
                pct(speedup / (r * t)),
                g(b["seconds_per_fft"], 4),
                f"{b['fft_bound_ratio']:.2f}",
                f"{b['bytes_per_cell']:.0f}",
                f"{b['resident_bytes_per_cell']:.0f}",
                reps,
            ]
        )
    return table(
        [
            "grid",
            "ranks",
            "threads",
            "s/step",
            "speed-up vs (1,1)",
            "efficiency",
            "s/fft",
            "fft_bound_ratio",
            "bytes/cell",
            "resident bytes/cell",
            "runs",
        ],
        rows,
    )


def calibration_text(cal):
    rows = []
    for n in cal.grids:
        te = cal.teff.get(n)
        k = cal.passes_by_n.get(n)
        rows.append(
            [
                f"{n}^3",
                g(cal.c_by_n[n] * 1e9, 3),
                g(cal.p_by_n[n] * 1e6, 3),
                g(cal.p_by_n[n] / (cal.c_by_n[n] * log2_cells(n) * cal.transforms), 3),
                f"{te[0]:.2f}" if te else "-",
                f"{te[1]:.2f}" if te else "-",
                f"{te[2]:.2f}" if te else "-",
                f"{k:.1f}" if k is not None else "-",
            ]
        )
    s = table(
        [
            "grid",
            "c (ns per point per log2 N^3)",
            "p (us per cell per step)",
            "pointwise / FFT",
            "T_eff(2) step",
            "T_eff(2) FFT",
            "T_eff(2) pointwise",
            "local passes (2 ranks)",
        ],
        rows,
    )
    s += (
        f"\n\nUsed: c = {cal.c * 1e9:.3g} ns and p = {cal.p * 1e6:.3g} us (from {cal.fit_grid}^3, the largest grid, "
        f"out of cache like every grid predicted), {cal.transforms:.0f} transforms per step "
        f"({cal.rhs_per_step} rhs x {cal.ffts_per_rhs:.0f}), T_eff(2) = {cal.teff2:.2f} "
        f"(efficiency per thread {cal.thread_efficiency:.2f}), {cal.passes:.1f} local passes per slab transform "
        f"at {cal.memcpy / 1e9:.3g} GB/s (memcpy of one core here), bytes/cell = {cal.bytes_per_cell:.0f}."
    )
    return s


def check_here(cal, meas, shm_alpha):
    """Predicted vs measured on this machine: (1 rank, 2 threads) and (2 ranks, 1 thread), the second
    with the transposes through shared memory at memcpy speed. Each grid uses its own one-rank c and p
    (so the check isolates the threads' and the ranks' split and the transposes); T_eff and the local
    passes are the ones fitted on the largest grid."""
    rows = []
    for n in sorted({k[0] for k in meas if (k[0], 1, 1) in meas}):
        local = Calibration(meas, cal.memcpy, fit_grid=n)
        local.passes = cal.passes
        for r, t in ((1, 2), (2, 1)):
            if (n, r, t) not in meas:
                continue
            b = meas[(n, r, t)][0]
            here = Machine("here", t, cal.thread_efficiency, r, cal.memcpy * r, shm_alpha, 0)
            pred = step_model(local, here, n, r)
            fft_pred = pred["t_fft_local"] + pred["t_transpose"]
            fit_step = " (fit)" if n == cal.fit_grid and (r, t) == (1, 2) else ""
            fit_fft = " (fit)" if n == cal.fit_grid and (r, t) == (2, 1) else ""
            rows.append(
                [
                    f"{n}^3",
                    r,
                    t,
                    g(b["seconds_per_fft"], 3),
                    g(fft_pred, 3),
                    f"{b['seconds_per_fft'] / fft_pred:.2f}" + fit_fft,
                    g(b["seconds_per_step"], 4),
                    g(pred["step"], 4),
                    f"{b['seconds_per_step'] / pred['step']:.2f}" + fit_step,
                ]
            )
    return table(
        ["grid", "ranks", "threads", "s/fft measured", "s/fft model", "measured/model", "s/step measured",
         "s/step model", "measured/model"],
        rows,
    )


def machine_text(m):
    node_cores = m.threads * m.ranks_per_node
    return (
        f"{m.name}: {m.ranks_per_node} ranks per node x {m.threads} threads "
        f"({node_cores} cores per node, T_eff = {m.teff:.1f} per rank), "
        f"injection bandwidth {m.node_bandwidth / 1e9:.3g} GB/s per node "
        f"({m.rank_bandwidth / 1e9:.3g} GB/s per rank), alpha = {m.alpha * 1e6:.3g} us per message, "
        f"{m.node_memory / 2**30:.0f} GiB per node."
    )


def strong_tables(cal, m, grids, r_min, r_max):
    out = []
    for n in grids:
        rs = [r for r in (2**k for k in range(0, 20)) if r_min <= r <= min(r_max, n)]
        if not rs:
            continue
        base = step_model(cal, m, n, rs[0])
        serial = step_model(cal, m, n, 1)
        rows = []
        for r in rs:
            s = step_model(cal, m, n, r)
            speedup = base["step"] / s["step"]
            nodes = math.ceil(r / m.ranks_per_node)
            fits = s["memory"] * m.ranks_per_node <= m.node_memory
            rows.append(
                [
                    r,
                    nodes,
                    g(s["step"], 3),
                    f"{speedup:.2f}",
                    pct(speedup * rs[0] / r),
                    pct(serial["step"] / (r * s["step"])),
                    pct(s["transpose_fraction"]),
                    pct(s["latency"] / s["step"]),
                    g(s["t_fft_local"] * 1e3, 3),
                    g(s["pointwise"] / cal.transforms * 1e3, 3),
                    g(s["t_transpose"] * 1e3, 3),
                    gib(s["memory"]) + ("" if fits else " (too big)"),
                ]
            )
        out.append(
            f"N = {n} ({n}^3 = {n**3:.3g} cells, one rank's model time {g(serial['step'], 3)} s/step):\n\n"
            + table(
                [
                    "R",
                    "nodes",
                    "s/step",
                    f"speed-up vs R={rs[0]}",
                    f"efficiency vs R={rs[0]}",
                    "efficiency vs 1 rank",
                    "time in transposes",
                    "of it latency",
                    "t_fft_local (ms)",
                    f"t_pointwise / {cal.transforms:.0f} (ms)",
                    "t_transpose (ms)",
                    "GiB per rank",
                ],
                rows,
            )
        )
    return "\n\n".join(out)


def weak_table(cal, m, per_rank_edge, rs):
    c0 = per_rank_edge**3
    one = step_model(cal, m, per_rank_edge, 1)
    rows = []
    for r in rs:
        n = round((c0 * r) ** (1 / 3))
        if n**3 != c0 * r or r > n:
            continue
        s = step_model(cal, m, n, r)
        rows.append(
            [
                r,
                f"{n}^3",
                math.ceil(r / m.ranks_per_node),
                g(s["step"], 3),
                pct(one["step"] / s["step"]),
                pct(s["transpose_fraction"]),
                pct(s["latency"] / s["step"]),
                gib(s["memory"]),
            ]
        )
    return table(
        ["R", "grid", "nodes", "s/step", "weak efficiency vs 1 rank", "time in transposes", "of it latency", "GiB per rank"],
        rows,
    )


def crossovers(cal, m, grids):
    """Where the transposes outweigh the local work (t_transpose > t_fft_local + t_pointwise / transforms),
    and where the efficiency relative to the smallest R of the strong-scaling tables falls below 50%."""
    lines = []
    for n in grids:
        rs = np.arange(2, n + 1)
        dom = [int(r) for r in rs if step_model(cal, m, n, int(r))["transpose_fraction"] > 0.5]
        first = dom[0] if dom else None
        lines.append(
            f"- N = {n}: transposes take more than half the step "
            + (f"from R = {first} on" if first else "for no R <= N")
            + (" (already at R = 2: the bandwidth term alone outweighs the local work)" if first == 2 else "")
            + "."
        )
    # Machine balance: for R >> 1 the bandwidth term per transform is 16 (N/2+1)/N ~ 8 bytes per local
    # cell at B_node / ranks_per_node, against (c log2 N^3 + p / transforms) / T_eff of compute per cell.
    eff = m.teff / m.threads if m.threads > 1 else cal.thread_efficiency
    for n in grids:
        compute_per_cell = cal.c * log2_cells(n) + cal.p / cal.transforms  # one thread, seconds
        bytes_per_cell = 16.0 * (n // 2 + 1) / n  # sent per local cell and transform, R >> 1
        passes_per_cell = cal.passes * bytes_per_cell / cal.memcpy  # one thread, seconds
        # transposes > local work  <=>  bytes * rpn / B_node > (compute - passes) / (eff * T)
        cores = (compute_per_cell - passes_per_cell) * m.node_bandwidth / bytes_per_cell / eff
        lines.append(
            f"- N = {n}, R >> 1, latency aside: the transposes outweigh the local work on nodes of more than "
            f"{cores:.0f} cores at {m.node_bandwidth / 1e9:.3g} GB/s per node (one core: "
            f"{compute_per_cell * 1e9:.1f} ns of FFT and pointwise work per cell and transform, "
            f"{passes_per_cell * 1e9:.1f} ns of local passes, against {bytes_per_cell:.2f} bytes per cell "
            f"and transform on the network)."
        )
    return "\n".join(lines)


def sensitivity_table(cal, m, n, r):
    """Share of the step in transposes at (N, R) for other nodes: injection bandwidth x cores per node."""
    bandwidths = [12.5e9, 25e9, 50e9, 100e9]
    cores = [16, 32, 64, 128]
    rows = []
    for b in bandwidths:
        row = [f"{b / 1e9:.4g} GB/s"]
        for k in cores:
            mm = Machine("", k // m.ranks_per_node, m.teff / m.threads if m.threads > 1 else cal.thread_efficiency,
                         m.ranks_per_node, b, m.alpha, m.node_memory)
            row.append(pct(step_model(cal, mm, n, r)["transpose_fraction"]))
        rows.append(row)
    return table(["node bandwidth"] + [f"{k} cores/node" for k in cores], rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="bench measurements (JSON lines)")
    ap.add_argument("--threads", type=int, default=32, help="threads per rank (one rank per 32-core socket)")
    ap.add_argument("--thread-efficiency", type=float, default=None,
                    help="T_eff / T per rank (default: measured at 2 threads here)")
    ap.add_argument("--ranks-per-node", type=int, default=2)
    ap.add_argument("--node-bandwidth", type=float, default=12.5e9, help="bytes/s injected per node")
    ap.add_argument("--alpha", type=float, default=2e-6, help="seconds per all-to-all message")
    ap.add_argument("--node-memory", type=float, default=256 * 2**30, help="bytes per node")
    ap.add_argument("--memcpy-bandwidth", type=float, default=None,
                    help="bytes/s one core copies (default: the memcpy record in the data file, else 1e10)")
    ap.add_argument("--shm-alpha", type=float, default=1e-6)
    ap.add_argument("--grids", type=int, nargs="+", default=[512, 1024, 2048])
    ap.add_argument("--r-min", type=int, default=64)
    ap.add_argument("--r-max", type=int, default=4096)
    args = ap.parse_args()

    meas = load_measurements(args.data)
    memcpy = args.memcpy_bandwidth
    if memcpy is None:
        memcpy = 10e9
        with open(args.data) as f:
            for line in f:
                if line.strip() and "memcpy_bytes_per_second" in json.loads(line):
                    memcpy = json.loads(line)["memcpy_bytes_per_second"]
    cal = Calibration(meas, memcpy)
    teff = args.thread_efficiency if args.thread_efficiency is not None else cal.thread_efficiency
    m = Machine("cluster", args.threads, teff, args.ranks_per_node, args.node_bandwidth, args.alpha,
                args.node_memory)

    print("## Measured here (smallest of the repeats)\n")
    print(measured_table(meas))
    print("\n## Calibration (one rank)\n")
    print(calibration_text(cal))
    print(f"\n## Check here: predicted vs measured (transposes through shared memory at "
          f"{memcpy / 1e9:.3g} GB/s, alpha {args.shm_alpha * 1e6:.3g} us)\n")
    print(check_here(cal, meas, args.shm_alpha))
    print("\n## Machine assumed\n")
    print(machine_text(m))
    print("\n## Strong scaling (model)\n")
    print(strong_tables(cal, m, args.grids, args.r_min, args.r_max))
    print("\n## Weak scaling (model)\n")
    for edge in (128, 256):
        print(f"{edge}^3 cells per rank:\n")
        print(weak_table(cal, m, edge, [1, 8, 64, 512, 4096]))
        print()
    print("## Where the transposes dominate (model)\n")
    print(crossovers(cal, m, args.grids))
    sn, sr = 1024, 256
    print(f"\nShare of the step in transposes at N = {sn}, R = {sr} ({m.ranks_per_node} ranks per node, "
          f"alpha {m.alpha * 1e6:.3g} us) for other nodes:\n")
    print(sensitivity_table(cal, m, sn, sr))


if __name__ == "__main__":
    main()
