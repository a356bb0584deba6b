# Copyright (c) 2026 The covid-synergy maintainers. MIT License (see LICENSE).
"""Side by side: commands timed in alternating pairs, as ratios per pair.

Two things compared on a shared machine drift together: timing them one
after the other, in rounds whose order alternates, and taking the median of
the per-round ratios, cancels most of the drift that separate runs suffer.

``python -m benchmarks --versus PYTHON`` uses this to compare this checkout
with another installation (say, the previous release in its own virtual
environment): the first answer from Python and from the shell, the import,
and ``load_path`` at 1e4 and 1e5 records, each as a ratio of this one's time
to the other's.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import timeit
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["BARE", "LOAD_SIZES", "PEERS", "paired", "peers", "summary", "versus"]

#: The record counts ``load_path`` is compared at.
LOAD_SIZES = (10**4, 10**5)

#: Code timed as whole processes: (label, code for ``python -c``).
FIRST_CALLS: tuple[tuple[str, str], ...] = (
    ("import covid_synergy", "import covid_synergy"),
    ("first answer (Python)", "import covid_synergy as cs; cs.load().events.involving('ITA')"),
)

#: Loads a folder ``repeats`` times in one process and prints the median seconds.
_LOAD = """
import gc, statistics, sys, time
import covid_synergy as cs
folder, repeats = sys.argv[1], int(sys.argv[2])
cs.load_path(folder)
times = []
for _ in range(repeats):
    gc.collect()
    start = time.perf_counter()
    cs.load_path(folder)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


def _environment(cache: Path) -> dict[str, str]:
    dropped = {"PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "PYTHONPATH"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def _wall(command: Sequence[str], cwd: str, env: dict[str, str]) -> float:
    start = timeit.default_timer()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return timeit.default_timer() - start


def _printed(command: Sequence[str], cwd: str, env: dict[str, str]) -> float:
    done = subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return float(done.stdout.strip())


def paired(
    commands: Mapping[str, Sequence[str]],
    rounds: int,
    *,
    printed: bool = False,
    warm_up: int = 2,
) -> dict[str, list[float]]:
    """Run every command once per round, the order rotating each round; return each one's times.

    With ``printed``, a command's time is the number it prints (seconds);
    otherwise it is the wall time of the whole process.
    """
    labels = list(commands)
    times: dict[str, list[float]] = {label: [] for label in labels}
    measure = _printed if printed else _wall
    with tempfile.TemporaryDirectory(prefix="covid-synergy-paired-") as scratch:
        cwd = Path(scratch) / "cwd"
        cwd.mkdir()
        env = _environment(Path(scratch) / "pycache")
        for _ in range(warm_up):  # byte code cached, files in the page cache
            for label in labels:
                measure(commands[label], str(cwd), env)
        for index in range(rounds):
            shift = index % len(labels)
            for label in labels[shift:] + labels[:shift]:
                times[label].append(measure(commands[label], str(cwd), env))
    return times


def summary(times: dict[str, list[float]], label: str, base: str) -> dict[str, Any]:
    """The median of the per-round ratios ``label / base``, its quartiles, and each one's median time."""
    ratios = sorted(a / b for a, b in zip(times[label], times[base], strict=True))
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
    return {
        "label": label,
        "base": base,
        "ratio": statistics.median(ratios),
        "q1": quartiles[0],
        "q3": quartiles[2],
        "pairs": len(ratios),
        "median": statistics.median(times[label]),
        "base_median": statistics.median(times[base]),
    }


#: The first answers compared side by side, by label: (module it needs or None, the command after the interpreter).
PEERS: dict[str, tuple[str | None, list[str]]] = {
    "covid-synergy, Python: `cs.load().events.involving('ITA')`": (
        None,
        ["-c", "import covid_synergy as cs; cs.load().events.involving('ITA')"],
    ),
    "covid-synergy, shell: `covid-synergy events --involving Italy`": (
        None,
        ["-m", "covid_synergy", "events", "--involving", "Italy"],
    ),
    "pycountry: `pycountry.countries.get(alpha_3='ITA')`": (
        "pycountry",
        ["-c", "import pycountry; pycountry.countries.get(alpha_3='ITA')"],
    ),
    "holidays: `holidays.country_holidays('IT', years=2020).get('2020-12-25')`": (
        "holidays",
        ["-c", "import holidays; holidays.country_holidays('IT', years=2020).get('2020-12-25')"],
    ),
    "`import covid_synergy`": (None, ["-c", "import covid_synergy"]),
    "`import attrs`": (None, ["-c", "import attrs"]),
    "`import attrs, cattrs, json`": (None, ["-c", "import attrs, cattrs, json"]),
}
#: What the peers' ratios are taken against.
PEER_BASE = "pycountry: `pycountry.countries.get(alpha_3='ITA')`"
#: The least covid-synergy's first answer in Python could cost: the same records, built with no check.
BARE = "bare build: the same records from the same files, no check (`benchmarks/_bare.py`)"
_BARE_CODE = "import sys; sys.path.insert(0, sys.argv[1]); import _bare; _bare.first_answer(sys.argv[2])"


def peers(rounds: int) -> list[dict[str, Any]]:
    """The first answers of covid-synergy and its peers, in alternating rounds, as ratios to pycountry's."""
    from importlib.util import find_spec  # noqa: PLC0415

    from covid_synergy._compat import files  # noqa: PLC0415

    found = [
        (label, [sys.executable, *argv])
        for label, (needs, argv) in PEERS.items()
        if needs is None or find_spec(needs) is not None
    ]
    data = files("covid_synergy").joinpath("data")
    bare = [sys.executable, "-c", _BARE_CODE, str(Path(__file__).parent), str(data)]
    python, *others = found  # the bare build goes beside the first answer in Python
    times = paired(dict([python, (BARE, bare), *others]), rounds)
    base = PEER_BASE if PEER_BASE in times else next(iter(times))
    rows = [{"what": label, **summary(times, label, base)} for label in times]
    rows[0]["over_bare"] = summary(times, python[0], BARE)
    return rows


def versus(other: str, *, rounds: int, load_rounds: int, folders: dict[int, Path]) -> list[dict[str, Any]]:
    """Compare this interpreter's installation with ``other``'s (a Python executable), pair by pair."""
    this = sys.executable
    rows = []
    for label, code in FIRST_CALLS:
        times = paired({"this": [this, "-c", code], "other": [other, "-c", code]}, rounds)
        rows.append({"what": label, **summary(times, "this", "other")})
    this_cli = [this, "-m", "covid_synergy", "events", "--involving", "Italy", "--format", "csv"]
    other_cli = [other, "-m", "covid_synergy", "events", "--involving", "Italy", "--format", "csv"]
    times = paired({"this": this_cli, "other": other_cli}, rounds)
    rows.append({"what": "first answer (shell)", **summary(times, "this", "other")})
    for n, folder in folders.items():
        repeats = "3" if n >= 10**5 else "9"
        commands = {
            "this": [this, "-c", _LOAD, str(folder), repeats],
            "other": [other, "-c", _LOAD, str(folder), repeats],
        }
        times = paired(commands, load_rounds, printed=True, warm_up=1)
        rows.append({"what": f"load_path, {n:,} records", **summary(times, "this", "other")})
    return rows
