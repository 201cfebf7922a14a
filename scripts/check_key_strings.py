#!/usr/bin/env python3
"""Checks that every registered initial kind and every key of an initial kind or of [transport] is
spelled (as a quoted string, outside // comments) in at most two files under src/: its own file and at
most one registry line (docs/architecture.md). Exits 1 and lists each string spelled in more files.
Standard library only.

The uniform kind's velocity and stress keys share their names with the fields of the snapshot files
(io/snapshot.cpp, problems/state_file.cpp, run/simulation.cpp); those field names are not keys and are
listed in FIELD_NAMES, which this check skips. Keys of other sections that share a name with one of
these are listed in OTHER_SECTIONS with the file that spells them for that section (eos.path, the
equation of state's table, in src/config/config.cpp), which is not counted for that string.
"""
import pathlib
import re
import sys

KINDS = ["sound_wave", "diffusion_wave", "shear_wave", "uniform", "file", "bjorken", "gubser", "gaussian", "shear_layer",
         "random_velocity"]
KEYS = ["e0", "amplitude", "mode", "path", "T0", "q", "T_hat0", "pi_bar0", "window_inner", "window_outer",
        "width", "centre", "eta_over_s", "eta", "zeta_over_s", "zeta", "tau_pi_coeff", "tau_pi",
        "tau_Pi_coeff", "tau_Pi", "delta_pipi", "tau_pipi", "phi7", "lambda_piPi", "delta_PiPi",
        "lambda_Pipi", "vorticity", "snapshot", "snapshot_time", "v_shear", "thickness", "perturbation", "sigma",
        "v_rms", "spectrum", "k_peak", "k_min", "k_max", "slope", "compressive", "seed", "nB0", "muB0", "velocity",
        "kappa_coeff", "delta_VV", "lambda_VV"]
OTHER_SECTIONS = {"path": ["src/config/config.cpp"]}
FIELD_NAMES = ["ux", "uy", "uz", "pi_xx", "pi_xy", "pi_xz", "pi_yy", "pi_yz", "pi_zz", "Pi"]


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    texts = {}
    for p in (root / "src").rglob("*"):
        if p.suffix in (".hpp", ".cpp"):
            texts[p.relative_to(root)] = re.sub(r"//[^\n]*", "", p.read_text())
    bad = 0
    for s in KINDS + KEYS:
        files = sorted(str(p) for p, t in texts.items()
                       if f'"{s}"' in t and str(p) not in OTHER_SECTIONS.get(s, []))
        if len(files) > 2:
            print(f'"{s}" is spelled in {len(files)} files: {", ".join(files)}')
            bad += 1
    print(f"check_key_strings: {len(KINDS) + len(KEYS)} strings, {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
