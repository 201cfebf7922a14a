#!/usr/bin/env python3
"""What a notebook user writes: a relativistic Kelvin-Helmholtz shear layer set from numpy, advanced,
and looked at (energy spectra and a slice of the density), all from Python.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/notebook.py [--out DIR]

Writes DIR/notebook_spectra.png and DIR/notebook_slice.png (DIR defaults to ./notebook_example) and
prints a line per time. Run by ctest as python.notebook_example (label python), writing into the build
directory.
"""

import argparse
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import ishydro  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--out", default="notebook_example")
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)

# The box and the physics, as a dict shaped like the TOML input file.
n, L = 64, 1.0
config = {
    "grid": {"points": [n, n, 1], "size": [L, L, 1.0]},
    "time": {"start": 0.0, "end": 1.0},
    "eos": {"kind": "conformal"},
    "transport": {"eta_over_s": 0.08},
    "initial": {"kind": "uniform", "e0": 1.0},  # replaced below by set_fields
    "output": {"times": [1.0]},
}
sim = ishydro.Simulation(config, threads=1)

# A double shear layer from numpy: v^x = +-0.5 across layers at y = L/4 and 3L/4, a small v^y bump.
x, y = np.meshgrid(np.arange(n) * L / n, np.arange(n) * L / n, indexing="ij")
a, A, sigma = L / 40, 0.01, L / 10
vx = 0.5 * (np.tanh((y - L / 4) / a) - np.tanh((y - 3 * L / 4) / a) - 1)
vy = A * np.sin(2 * np.pi * x / L) * (np.exp(-((y - L / 4) ** 2) / sigma**2) + np.exp(-((y - 3 * L / 4) ** 2) / sigma**2))
gamma = 1 / np.sqrt(1 - vx**2 - vy**2)
shape = (n, n, 1)
sim.set_fields(e=np.ones(shape), ux=(gamma * vx).reshape(shape), uy=(gamma * vy).reshape(shape))

fig, ax = plt.subplots()
for t in (0.0, 0.5, 1.0):
    if t > sim.time:
        sim.advance(t)
    fields = sim.fields()
    k, E_s, E_c = ishydro.spectrum(fields, sim.grid["size"])
    print(f"t = {sim.time:.3g} fm, step {sim.step}: kinetic energy {np.sum(E_s + E_c) * k[1]:.6g} GeV/fm^3, "
          f"compressive {np.sum(E_c) * k[1]:.3g}")
    ax.loglog(k[1:], E_s[1:] + E_c[1:], label=f"t = {sim.time:g} fm")
ax.loglog(k[2:], (E_s + E_c)[2] * (k[2:] / k[2]) ** (-5 / 3), "k:", label=r"$k^{-5/3}$")
ax.set_xlabel(r"$k$ [1/fm]")
ax.set_ylabel(r"$E(k)$ [GeV/fm$^2$]")
ax.legend()
fig.savefig(os.path.join(args.out, "notebook_spectra.png"), dpi=80)

fig, ax = plt.subplots()
image = ax.imshow(fields["e"][:, :, 0].T, origin="lower", extent=(0, L, 0, L))
fig.colorbar(image, label=r"$e$ [GeV/fm$^3$]")
ax.set_xlabel("x [fm]")
ax.set_ylabel("y [fm]")
ax.set_title(f"energy density at t = {sim.time:g} fm")
fig.savefig(os.path.join(args.out, "notebook_slice.png"), dpi=80)
for name in ("notebook_spectra.png", "notebook_slice.png"):
    assert os.path.getsize(os.path.join(args.out, name)) > 1000, name
print("wrote", os.path.join(args.out, "notebook_spectra.png"), "and", os.path.join(args.out, "notebook_slice.png"))
