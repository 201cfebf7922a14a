#!/usr/bin/env bash
# Runs the libFuzzer targets of fuzz/ (built by the "fuzz" preset) for a fixed number of inputs each,
# on a copy of their seed corpus in a temporary directory, with AddressSanitizer (leak checks on) and
# UndefinedBehaviorSanitizer, and fails if either finds anything in ishydro's code.
#
#   fuzz_config      parse_config_string: any report, crash, leak or timeout fails.
#   fuzz_state_file  read_state_file on damaged HDF5 files. Debian's libhdf5 1.10.8 itself crashes,
#                    hangs and over-allocates on such files (docs/fuzzing.md), so this target runs in
#                    fork mode, where libFuzzer keeps going past a crash; every input it saved is then
#                    run again and fuzz/triage.py decides whose fault it is: only reports whose stacks
#                    start inside libhdf5 are accepted (listed), anything else fails. Leaks inside
#                    libhdf5 are suppressed by name in fuzz/lsan_hdf5.supp.
#
# Usage: scripts/run_fuzzers.sh [BUILD_DIR]   (default build/fuzz)
# Environment: FUZZ_CONFIG_RUNS (20000), FUZZ_STATE_RUNS (3000), FUZZ_MAX_TIME (120 s per target),
#              FUZZ_SEED (1; 0: a new seed each time). With a fixed seed fuzz_config sees the same
#              inputs on every run; fuzz_state_file, in fork mode, still varies with timing.
# The work directory with logs and reproducers is kept, and printed, when something fails.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/fuzz}
config_runs=${FUZZ_CONFIG_RUNS:-20000}
state_runs=${FUZZ_STATE_RUNS:-3000}
max_time=${FUZZ_MAX_TIME:-120}
seed=${FUZZ_SEED:-1}
python=/usr/bin/python3
[ -x "$python" ] || python=python3

for t in fuzz_config fuzz_state_file; do
  if [ ! -x "$build/$t" ]; then
    echo "run_fuzzers: $build/$t missing; build it with: cmake --preset fuzz && cmake --build --preset fuzz -j2" >&2
    exit 2
  fi
done
build=$(cd "$build" && pwd)
repo=$PWD

work=$(mktemp -d "${TMPDIR:-/tmp}/ishydro_fuzz.XXXXXX")
export TMPDIR="$work"  # fuzz_state_file's temporary input files go here too
# fast_unwind_on_malloc=0: full allocation stacks through libhdf5 (no frame pointers) for the
# suppressions and the triage.
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:fast_unwind_on_malloc=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$repo/fuzz/lsan_hdf5.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
limits=(-timeout=5 -rss_limit_mb=2048 -malloc_limit_mb=1024)

status=0
fail() {
  echo "run_fuzzers: $*" >&2
  status=1
}

# run TARGET CORPUS RUNS [libFuzzer options...]: fuzzes from a copy of fuzz/CORPUS in the work dir.
run() {
  local target=$1 corpus=$2 runs=$3
  shift 3
  local dir="$work/$target"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp "$repo/fuzz/$corpus"/* "$dir/corpus/"
  echo "run_fuzzers: $target, $runs inputs (at most ${max_time} s), seeds fuzz/$corpus"
  local start=$SECONDS rc=0
  # From the work dir: relative paths in fuzzed inputs resolve there.
  (cd "$dir" && "$build/$target" -seed="$seed" -runs="$runs" -max_total_time="$max_time" "${limits[@]}" \
      -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$@" corpus) >"$dir/log" 2>&1 || rc=$?
  echo "run_fuzzers: $target ran $((SECONDS - start)) s, exit status $rc;" \
       "$(grep -E '^(stat::number_of_executed_units|#[0-9]+: cov:)' "$dir/log" | tail -n 1)"
  return $rc
}

# 1. The input-file parser: nothing may be found.
if ! run fuzz_config corpus_config "$config_runs" -dict="$repo/fuzz/toml.dict"; then
  fail "fuzz_config FAILED; reproducer in $work/fuzz_config/artifacts/, log $work/fuzz_config/log:"
  ls -l "$work/fuzz_config/artifacts" >&2 || true
  tail -n 60 "$work/fuzz_config/log" >&2
fi

# 2. The state-file reader: keep going past crashes, then triage every saved input.
run fuzz_state_file corpus_state "$state_runs" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 || true
state="$work/fuzz_state_file"
if ! grep -qE "INFO: (fuzzed for|exiting)" "$state/log"; then
  fail "fuzz_state_file did not run to the end; log $state/log:"
  tail -n 40 "$state/log" >&2
fi
hdf5=0
for artifact in "$state"/artifacts/*; do
  [ -e "$artifact" ] || continue
  (cd "$state" && "$build/fuzz_state_file" "${limits[@]}" "$artifact") >"$artifact.log" 2>&1 || true
  if verdict=$("$python" "$repo/fuzz/triage.py" "$artifact.log"); then
    hdf5=$((hdf5 + 1))
    echo "run_fuzzers:   $(basename "$artifact"): $verdict"
  else
    fail "fuzz_state_file: $(basename "$artifact"): $verdict"
    fail "  reproduce: $build/fuzz_state_file $artifact   (log $artifact.log)"
    grep -E "ERROR|runtime error|fuzz_state_file: |^ +#[0-9]+ " "$artifact.log" | head -n 30 >&2 || true
  fi
done
echo "run_fuzzers: fuzz_state_file: $hdf5 input(s) that fault inside libhdf5 1.10.8 (not ishydro; docs/fuzzing.md)"

if [ "$status" -eq 0 ]; then
  rm -rf "$work"
  echo "run_fuzzers: no findings in ishydro"
else
  echo "run_fuzzers: FAILED; logs and reproducers kept in $work" >&2
fi
exit "$status"
