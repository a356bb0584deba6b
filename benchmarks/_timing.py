# Copyright (c) 2026 The covid-synergy maintainers. MIT License (see LICENSE).
"""Timing helpers and a description of the machine."""

from __future__ import annotations

import gc
import hashlib
import os
import platform
import statistics
import sys
import timeit
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["machine", "per_call", "time_once"]

PACKAGES = ("covid-synergy", "attrs", "cattrs", "msgspec", "pydantic", "pycountry")


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return platform.processor() or "unknown"
    for line in text.splitlines():
        if line.startswith("model name"):
            return line.partition(":")[2].strip()
    return platform.processor() or "unknown"


def _source_digest() -> str:
    """A short digest of the package's Python files: which state of the code was measured."""
    import covid_synergy  # noqa: PLC0415

    digest = hashlib.sha256()
    for path in sorted(Path(covid_synergy.__file__).parent.rglob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def machine() -> dict[str, str]:
    """Describe the machine the numbers were measured on."""
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            continue
    return {
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpus": str(os.cpu_count()),
        "python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "packages": ", ".join(versions),
        "source": _source_digest(),
    }


def time_once(fn: Callable[[], object]) -> float:
    """Time one call, from a collected heap; the result is dropped untimed."""
    gc.collect()
    start = timeit.default_timer()
    result = fn()
    elapsed = timeit.default_timer() - start
    del result
    gc.collect()
    return elapsed


def per_call(fn: Callable[[], object], *, min_time: float, repeats: int) -> float:
    """Return the median seconds per call; each of ``repeats`` rounds lasts at least ``min_time``."""
    timer = timeit.Timer(fn)
    number = 1
    while True:
        elapsed = timer.timeit(number)
        if elapsed >= min_time:
            break
        number = max(number * 2, int(number * min_time / max(elapsed, 1e-9) * 1.1))
    rounds = [elapsed, *timer.repeat(repeats - 1, number)] if repeats > 1 else [elapsed]
    return statistics.median(rounds) / number
