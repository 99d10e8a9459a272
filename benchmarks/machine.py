"""Describe the machine and the libraries the figures were measured with."""

from __future__ import annotations

import os
import platform
import sys
import sysconfig
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from service import NATIVE

LIBRARIES = (
    "onnxruntime",
    "onnx",
    "scikit-learn",
    "skl2onnx",
    "numpy",
    "fastapi",
    "uvicorn",
    "uvloop",
    "httptools",
    "orjson",
    "pydantic",
)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def python_build() -> dict[str, Any]:
    """How the interpreter running this was built. The same CPython version decides about a tenth faster or slower
    by its build (benchmarks/JOURNAL.md, twenty-eighth session): pyenv's default build has neither profile-guided
    optimisation nor link-time optimisation and loads libpython as a shared library; the official Docker images
    (this project's Dockerfile) are configured with both. Debian's /usr/bin/python3 is built with them too, but its
    recorded configure flags are those of its shared-library variant, which do not say so: ``libpython_loaded`` is
    what this process actually runs."""
    flags = sysconfig.get_config_var("CONFIG_ARGS") or ""
    try:
        loaded = "libpython" in Path("/proc/self/maps").read_text()
    except OSError:
        loaded = None
    return {
        "executable": str(Path(sys.executable).resolve()),
        "configured_with_optimizations": "--enable-optimizations" in flags,
        "configured_with_lto": "--with-lto" in flags,
        "libpython_loaded": loaded,
    }


def describe() -> dict[str, Any]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    try:
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kb = 0
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "python_build": python_build(),
        # Whether the service's decision modules ran compiled (scripts/build_native.py) or from source.
        "service_code": {"compiled": NATIVE.compiled, "reason": NATIVE.reason},
        "libraries": versions,
        "load_average_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def cpu_ticks() -> list[int] | None:
    """The machine's CPU time counters since boot (the ``cpu`` line of /proc/stat: user, nice, system, idle,
    iowait, irq, softirq, steal, ...), or None where there is no /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()
    except (OSError, IndexError):
        return None
    return [int(v) for v in fields[1:]] if fields and fields[0] == "cpu" else None


def steal_pct(before: list[int] | None, after: list[int] | None) -> float | None:
    """Share of CPU time, between two ``cpu_ticks`` readings, that the hypervisor gave to other guests ("steal").

    This machine is a virtual machine on a shared host, and its slow phases are other guests' load: in one
    minute of a session, two busy processes saw 7 % steal, in another 36 %, and the same pure-Python loop took
    157 and 440 ms. A figure measured under heavy steal says more about the host than about the code, so each
    part of a run records it next to its figures."""
    if before is None or after is None or len(before) < 8 or len(after) < 8:
        return None
    delta = [b - a for a, b in zip(before, after, strict=False)]
    total = sum(delta[:8])  # guest time is already counted in user and nice
    return round(100.0 * delta[7] / total, 1) if total > 0 else None


def with_steal(measure: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """``measure(*args)``'s figures, with ``steal_pct``: the CPU steal while it ran."""
    before = cpu_ticks()
    figures = measure(*args)
    figures["steal_pct"] = steal_pct(before, cpu_ticks())
    return figures
