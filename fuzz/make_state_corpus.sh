#!/usr/bin/env bash
# Regenerates fuzz/corpus_state/: small valid checkpoint.h5 and fields.h5 files on the grid that
# fuzz_state_file.cpp reads with (4 x 2 x 1 points, box 2 x 1 x 1, Cartesian), written by the built
# ishydro from two tiny runs. Usage: fuzz/make_state_corpus.sh [ISHYDRO]  (default build/release/ishydro)
set -euo pipefail
cd "$(dirname "$0")/.."
ishydro=$(realpath "${1:-build/release/ishydro}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ishydro_corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
grid='[grid]
points = [4, 2, 1]
size = [2.0, 1.0, 1.0]'
cat >"$tmp/uniform.toml" <<TOML
$grid
[time]
end = 0.1
dt = 0.05
[transport]
eta_over_s = 0.2
zeta_over_s = 0.05
[initial]
kind = "uniform"
e0 = 2.0
ux = 0.1
pi_xy = 0.05
Pi = -0.02
[output]
times = [0.1]
profile = false
TOML
cat >"$tmp/sound.toml" <<TOML
$grid
[time]
end = 0.1
dt = 0.05
[transport]
eta_over_s = 0.1
[initial]
kind = "sound_wave"
amplitude = 1e-3
mode = [1, 0, 0]
[output]
times = [0.0, 0.1]
profile = false
TOML
out=fuzz/corpus_state
mkdir -p "$out"
rm -f "$out"/*.h5
for case in uniform sound; do
  "$ishydro" run "$tmp/$case.toml" --output "$tmp/$case" --threads 1 --quiet
  cp "$tmp/$case/checkpoint.h5" "$out/checkpoint_$case.h5"
  cp "$tmp/$case/fields.h5" "$out/fields_$case.h5"
done
ls -l "$out"
