#!/usr/bin/env python3
"""Checks that the include graph of src/, app/ and python/ follows the layers of docs/architecture.md.

Every folder has a place in LAYERS; a file may include headers of its own folder and of folders
earlier in the list, never of a later one (so no include points up and no two folders reach each
other). Exits 1 and lists each offending include otherwise. Standard library only.
"""
import pathlib
import re
import sys

# Lowest first (docs/architecture.md, "Layers"). src/app and the top-level app/ are one layer.
LAYERS = ["util", "simd", "memory", "profiling", "parallel", "config", "grid", "eos", "transport", "h5",
          "spectral", "hydro", "noise", "time", "problems", "io", "run", "app", "python"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z0-9_]+)/', re.M)


def folder_of(path: pathlib.Path, root: pathlib.Path) -> str:
    parts = path.relative_to(root).parts
    return parts[1] if parts[0] == "src" else parts[0]


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    rank = {name: i for i, name in enumerate(LAYERS)}
    problems = []
    files = [p for d in ("src", "app", "python") if (root / d).is_dir()
             for p in (root / d).rglob("*") if p.suffix in (".hpp", ".cpp", ".h", ".cc")]
    for path in sorted(files):
        here = folder_of(path, root)
        if here not in rank:
            problems.append(f"{path.relative_to(root)}: folder '{here}' has no place in LAYERS")
            continue
        for target in INCLUDE.findall(path.read_text()):
            if target == here or target not in rank and target == "ishydro":  # generated version.hpp
                continue
            if target not in rank:
                problems.append(f"{path.relative_to(root)}: includes '{target}/', which has no place in LAYERS")
            elif rank[target] > rank[here]:
                problems.append(f"{path.relative_to(root)}: {here} includes {target}/ (points up the layers)")
    for line in problems:
        print(line)
    print(f"check_layers: {len(files)} files, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
