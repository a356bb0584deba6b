# Copyright (c) 2026 The covid-synergy maintainers. MIT License (see LICENSE).
"""Cold start: whole interpreter processes, timed from outside, repeated, median."""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import timeit
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path
from typing import Any

__all__ = ["COMMANDS", "breakdown", "cold_start", "import_profile"]

#: (label, code for ``python -c``, a module it needs or ``None``).
COMMANDS: tuple[tuple[str, str, str | None], ...] = (
    ("python -c pass", "pass", None),
    ("import attrs", "import attrs", None),
    ("import attrs, cattrs, json", "import attrs, cattrs, json", None),
    ("import covid_synergy", "import covid_synergy", None),
    (
        "first answer",
        "import covid_synergy as cs; cs.load().events.involving('ITA')",
        None,
    ),
    (
        "pycountry lookup",
        "import pycountry; pycountry.countries.get(alpha_3='ITA')",
        "pycountry",
    ),
)

_BREAKDOWN = """
import json, sys, time
t0 = time.perf_counter()
import covid_synergy as cs
t1 = time.perf_counter()
load = cs.load
t2 = time.perf_counter()
assert 'cattrs' not in sys.modules, 'cattrs was imported with the package'
from covid_synergy._compat import files
folder = files('covid_synergy').joinpath('data')
t3 = time.perf_counter()
from covid_synergy._codec import _structure
t4 = time.perf_counter()
ds = load()
t5 = time.perf_counter()
assert 'cattrs' not in sys.modules, 'cattrs was imported to load good data'
ds.events.involving('ITA')
t6 = time.perf_counter()
cs.load_path(folder)
t7 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6]))
"""

#: The steps of the time to first answer, measured inside one process.
STEPS = (
    "`import covid_synergy` (none of its modules yet)",
    "first use of a name: the package's modules, `datetime`, `decimal`, attrs building the record classes",
    "find the packaged data: `importlib_resources` (Python < 3.13) and `files()`",
    "the pre-built structure functions (byte code; cattrs is not imported)",
    "`load()`: read, parse, structure and check the packaged files",
    "`events.involving('ITA')`, indexes built",
    "for comparison, after the answer: `load_path()` of the same files",
)


@contextmanager
def _sandbox() -> Iterator[tuple[str, dict[str, str]]]:
    """Give a scratch working directory and an environment with byte-code caching on.

    Installed packages come with their byte code compiled; a source tree
    installed in editable mode, under ``PYTHONDONTWRITEBYTECODE``, would
    instead compile every module of the package at every start and charge
    it to the package. So every process here reads and writes its byte code
    under a private ``PYTHONPYCACHEPREFIX``, filled by the warm-up runs: all
    commands pay the same, as after an ordinary install.
    """
    with tempfile.TemporaryDirectory(prefix="covid-synergy-cold-") as scratch:
        cwd, cache = Path(scratch) / "cwd", Path(scratch) / "pycache"
        cwd.mkdir()
        dropped = {"PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME"}
        env = {k: v for k, v in os.environ.items() if k not in dropped}
        env["PYTHONPYCACHEPREFIX"] = str(cache)
        yield str(cwd), env


def _run(code: str, where: tuple[str, dict[str, str]], *options: str) -> subprocess.CompletedProcess[str]:
    cwd, env = where
    command = [sys.executable, *options, "-c", code]
    return subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True, text=True)


def _cpu_of_children() -> float:
    """CPU seconds (user + system) of every child waited for so far; NaN where unknown (Windows)."""
    try:
        import resource  # noqa: PLC0415 - POSIX only
    except ImportError:  # pragma: no cover - Windows
        return math.nan
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold_start(repeats: int) -> list[dict[str, Any]]:
    """Time each command as a fresh process, rounds interleaved; medians.

    Wall time is the measure; the CPU time (user + system) of the process is
    kept beside it, as a check that is less sensitive to other load on the
    machine.
    """
    commands = [(label, code) for label, code, needs in COMMANDS if needs is None or find_spec(needs)]
    wall: dict[str, list[float]] = {label: [] for label, _code in commands}
    cpu: dict[str, list[float]] = {label: [] for label, _code in commands}
    with _sandbox() as where:
        for _warm_up in range(2):  # byte-code caches written, files in the page cache
            for _label, code in commands:
                _run(code, where)
        for _round in range(repeats):
            for label, code in commands:
                used = _cpu_of_children()
                start = timeit.default_timer()
                _run(code, where)
                wall[label].append(timeit.default_timer() - start)
                cpu[label].append(_cpu_of_children() - used)
    return [
        {
            "label": label,
            "code": code,
            "median": statistics.median(wall[label]),
            "min": min(wall[label]),
            "cpu": statistics.median(cpu[label]),
        }
        for label, code in commands
    ]


def breakdown(repeats: int) -> list[dict[str, Any]]:
    """Time the steps of the time to first answer inside one process (medians)."""
    rows: list[list[float]] = []
    with _sandbox() as where:
        _run(_BREAKDOWN, where)
        rows.extend(json.loads(_run(_BREAKDOWN, where).stdout) for _round in range(repeats))
    return [{"step": step, "median": statistics.median(row[i] for row in rows)} for i, step in enumerate(STEPS)]


def _self_times(code: str, where: tuple[str, dict[str, str]]) -> dict[str, int]:
    """Return the self time in µs of every module ``code`` imports (``-X importtime``)."""
    found: dict[str, int] = {}
    for line in _run(code, where, "-X", "importtime").stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        fields = line.removeprefix("import time:").split("|")
        if len(fields) != 3 or not fields[0].strip().isdigit():
            continue
        found[fields[2].strip()] = int(fields[0])
    return found


#: The floor the first answer is compared with, and the first answer itself.
FLOOR_CODE = "import attrs, cattrs, json"
FIRST_ANSWER_CODE = "import covid_synergy as cs; cs.load().events.involving('ITA')"


def import_profile(repeats: int, top: int = 12) -> dict[str, Any]:
    """Find what the first answer imports beyond ``import attrs, cattrs, json``.

    Grouped by top-level package, with the self time of its modules
    (``-X importtime``, best of ``repeats``).
    """
    with _sandbox() as where:
        _run(FIRST_ANSWER_CODE, where)  # byte code cached
        ours: dict[str, int] = {}
        floor: set[str] = set()
        for _round in range(repeats):
            floor.update(_self_times(FLOOR_CODE, where))
            for module, micros in _self_times(FIRST_ANSWER_CODE, where).items():
                ours[module] = min(micros, ours.get(module, micros))
    extra = {m: us for m, us in ours.items() if m not in floor}
    groups: dict[str, list[str]] = {}
    for module in extra:
        top_level = module if module.startswith("covid_synergy") else module.split(".")[0]
        groups.setdefault(top_level, []).append(module)
    rows: list[dict[str, Any]] = [
        {"package": name, "modules": len(mods), "self_ms": sum(extra[m] for m in mods) / 1000}
        for name, mods in groups.items()
    ]
    rows.sort(key=lambda r: -r["self_ms"])
    return {
        "total_ms": sum(extra.values()) / 1000,
        "modules": len(extra),
        "rows": rows[:top],
    }
