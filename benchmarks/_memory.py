# Copyright (c) 2026 The covid-synergy maintainers. MIT License (see LICENSE).
"""Memory of a load (tracemalloc), measured in a fresh process per loader.

Run as ``python -m benchmarks._memory LOADER FOLDER``; prints JSON with the
peak of the load and what stays allocated after it, in bytes, over what
was allocated before it started (imports, converters and decoders are
made before tracing starts).
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

import covid_synergy as cs

from ._reference import loaders

__all__ = ["measure_memory"]


def _measure(name: str, folder: Path) -> dict[str, Any]:
    loader = loaders()[name]
    cs.load()  # the converter and its hooks exist before tracing starts
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    result = loader(folder)
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    found: dict[str, Any] = {"peak": peak - base, "retained": current - base, "indexed": None}
    if isinstance(result, cs.Dataset):
        anyone = next(iter(result.entities))
        for records in (result.events, result.aid, result.statements, result.figures):
            records.between(date.min, date.max)
            records.involving(anyone)
        gc.collect()
        found["indexed"] = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    return found


def measure_memory(name: str, folder: Path, cwd: Path) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; ``cwd`` holds the ``benchmarks`` package."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks._memory", name, str(folder)],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


if __name__ == "__main__":
    print(json.dumps(_measure(sys.argv[1], Path(sys.argv[2]))))
