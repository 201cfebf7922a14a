#!/usr/bin/env python3
"""Classifies one libFuzzer reproduction log of fuzz_state_file: a defect of libhdf5, or ours.

    triage.py LOG      exit status 0: inside libhdf5 (known class, see docs/fuzzing.md); 1: ours or unclear

Debian's libhdf5 1.10.8 crashes, hangs and over-allocates on damaged files in its own metadata
decoding (fixed upstream in 1.14, e.g. HDFGroup/hdf5 PRs #2808, #2810, #4445); those are not
findings in ishydro. A report counts as libhdf5's only when every stack it prints (the faulting one,
and for heap errors where the memory was allocated or freed) reaches libhdf5 before any ishydro
frame, once the sanitizer, libFuzzer and libc frames on top are skipped: a libhdf5 frame on top means
the fault is in libhdf5's own code on its own memory. Everything else is ours: UndefinedBehavior-
Sanitizer reports (libhdf5 is not instrumented), the target's own aborts (an exception other than
InputError escaping, HDF5 objects left open), leaks not in fuzz/lsan_hdf5.supp, out-of-memory from
our allocations, crashes in our code, and anything this script cannot parse.
"""

from __future__ import annotations

import re
import sys
from typing import List, Optional, Tuple

FRAME = re.compile(r"^\s*#(\d+) 0x[0-9a-f]+\s(?P<rest>.*)$")
MODULE = re.compile(r"\((?P<module>[^()\s]+)\+0x[0-9a-f]+\)")
RUNTIME_FUNC = re.compile(
    r"^(__interceptor_|__asan|__sanitizer|__lsan|__ubsan|__interception|fuzzer::|__libc_|__GI_|_start$|"
    r"__(mem|str|wmem)\w*|"
    r"(malloc|calloc|realloc|free|posix_memalign|aligned_alloc|strdup|strndup|memcpy|memmove|memset)$|"
    r"operator new|operator delete)"
)
RUNTIME_MODULE = re.compile(r"(/libc\.so|/ld-linux|/libstdc\+\+\.so|/libgcc_s\.so|sysdeps/|^string/)")


def parse_frame(line: str) -> Optional[Tuple[str, str]]:
    """(function, where) of one symbolized frame line; `where` is the module or the source file."""
    m = FRAME.match(line)
    if not m:
        return None
    rest = re.sub(r"\s*\(BuildId: [0-9a-f]+\)\s*$", "", m.group("rest")).strip()
    where = ""
    mod = MODULE.search(rest)
    if mod and rest.endswith(mod.group(0)):
        where = mod.group("module")
        rest = rest[: mod.start()].strip()
    else:
        src = re.search(r"\s(\S+:\d+(?::\d+)?)$", rest)
        if src:
            where = src.group(1)
            rest = rest[: src.start()].strip()
    func = rest[3:] if rest.startswith("in ") else rest
    return func, where


def stacks_after(lines: List[str], start: int) -> List[Tuple[str, str]]:
    """The frames (function, module or source) of the first stack trace at or after line `start`."""
    frames = []
    i = start
    while i < len(lines) and not FRAME.match(lines[i]):
        i += 1
    while i < len(lines):
        frame = parse_frame(lines[i])
        if frame is None:
            break
        frames.append(frame)
        i += 1
    return frames


def first_owner(frames) -> str:
    """'libhdf5', 'ours' or 'none' for the first frame below the runtime frames on top."""
    for func, where in frames:
        if RUNTIME_FUNC.match(func) or RUNTIME_MODULE.search(where):
            continue
        return "libhdf5" if "libhdf5" in where else "ours"
    return "none"


def classify(text: str) -> Tuple[bool, str]:
    lines = text.splitlines()
    if "runtime error:" in text:
        return False, "UndefinedBehaviorSanitizer report (libhdf5 is not instrumented: our code)"
    if re.search(r"^fuzz_state_file: ", text, re.M):
        line = re.search(r"^fuzz_state_file: .*$", text, re.M).group(0)
        return False, f"the target's own check failed: {line}"
    if "ERROR: LeakSanitizer" in text:
        return False, "a leak not suppressed by fuzz/lsan_hdf5.supp"
    header = None
    for n, line in enumerate(lines):
        if re.search(r"ERROR: (AddressSanitizer|libFuzzer): ", line):
            header = n
            break
    if header is None:
        return False, "no sanitizer or libFuzzer report (did not reproduce?)"
    what = lines[header].split("ERROR: ", 1)[1].strip()
    if "out-of-memory (used:" in what:
        return False, f"{what}: the RSS limit, no allocation to blame"
    starts = [header]
    starts += [n for n, line in enumerate(lines) if re.search(r"(allocated|freed) by thread", line)]
    owners = [first_owner(stacks_after(lines, s)) for s in starts]
    if owners and all(o == "libhdf5" for o in owners):
        return True, f"inside libhdf5: {what}"
    return False, f"{what}; stacks start in: {', '.join(owners)}"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], errors="replace") as fh:
        libhdf5, why = classify(fh.read())
    print(("libhdf5: " if libhdf5 else "FINDING: ") + why)
    return 0 if libhdf5 else 1


if __name__ == "__main__":
    sys.exit(main())
