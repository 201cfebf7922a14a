"""Shared pieces of the Python module's tests (run by ctest as python.pytest, docs/python.md).

ctest sets PYTHONPATH=<build>/python and ISHYDRO_BINARY=<build>/ishydro. A missing module or command
is an error, never a skip: these tests must not pass without testing anything.
"""

from __future__ import annotations

import copy
import os
import subprocess
from typing import Any, Dict

import pytest

import ishydro  # noqa: F401  (an ImportError here fails the whole session)

# A small 3D box with viscosity: 8 x 4 x 4 cells, a sound wave plus a shear wave, a few dozen steps.
BASE_CONFIG: Dict[str, Any] = {
    "grid": {"points": [8, 4, 4], "size": [4.0, 2.0, 2.0]},
    "time": {"start": 0.0, "end": 0.4, "cfl": 0.3},
    "eos": {"kind": "conformal"},
    "transport": {"eta_over_s": 0.2, "zeta_over_s": 0.0, "tau_pi_coeff": 5.0, "tau_Pi_coeff": 5.0},
    "initial": {"kind": "sound_wave", "e0": 1.0, "amplitude": 1e-3, "mode": [1, 1, 0]},
    "output": {"times": [0.0, 0.2, 0.4], "profile": False},
    "numerics": {"plan_rigor": "estimate"},
}


@pytest.fixture
def config() -> Dict[str, Any]:
    return copy.deepcopy(BASE_CONFIG)


def to_toml(config: Dict[str, Any]) -> str:
    """A dict of tables as TOML text (the values the tests use: numbers, strings, bools, lists)."""

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(v, float):
            return repr(v)
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return str(v)

    lines = []
    for section, table in config.items():
        lines.append(f"[{section}]")
        lines.extend(f"{key} = {value(v)}" for key, v in table.items())
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def ishydro_binary() -> str:
    path = os.environ.get("ISHYDRO_BINARY", "")
    assert path and os.access(path, os.X_OK), "ISHYDRO_BINARY must name the ishydro command (ctest sets it)"
    return path


def run_cli(binary: str, toml_path: str, out_dir: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary, "run", toml_path, "--output", out_dir, "--threads", "1", "--quiet"],
                          capture_output=True, text=True, timeout=300)
