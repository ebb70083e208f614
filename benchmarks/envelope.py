"""The parts of a benchmark's JSON that say what ran it (DESIGN.md section 6):
``versions`` of TNOC, Python and the packages measured, and the ``machine`` (cores this
process may use, platform, the load when the run ended, which on a shared machine says
how far a time is to be trusted). Imported by the benchmarks as ``envelope`` (run from
the project root, ``benchmarks/`` is on the path)."""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version


def versions(*packages: str) -> dict[str, str]:
    """TNOC's, Python's and each of ``packages``' installed version ("not installed"
    when it is not)."""
    found = {"python": platform.python_version()}
    for package in ("tnoc", *packages):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found


def machine() -> dict[str, object]:
    """The cores this process may run on, the platform and the 1-minute load average."""
    return {"cores": len(os.sched_getaffinity(0)), "platform": platform.platform(),
            "load_average_1min": round(os.getloadavg()[0], 2)}
