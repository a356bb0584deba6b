# Copyright (c) 2026 The covid-synergy maintainers. MIT License (see LICENSE).
"""The runner: ``python -m benchmarks [--quick] [--output DIR]``."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import covid_synergy as cs

from . import _cold, _paired, _query, _report
from ._generate import SEED, Generated, generate
from ._load import LoadRunner
from ._memory import measure_memory
from ._reference import FILES, load_constructors, load_slots, loaders
from ._timing import machine

if TYPE_CHECKING:
    from collections.abc import Sequence

ROOT = Path(__file__).resolve().parent.parent
FULL_SIZES = (10**2, 10**3, 10**4, 10**5, 10**6)
QUICK_SIZES = (10**2, 10**3)


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke run at small N (well under a minute)")
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "benchmarks" / "results",
        metavar="DIR",
        help="where results.md, results.json and scaling.png go (default: benchmarks/results)",
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(float(v)) for v in text.split(",")],
        default=None,
        help="comma-separated record counts (default 1e2,...,1e6; --quick: 1e2,1e3)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="skip a load whose projected time exceeds this, and report the projection (default 300)",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"the generator's seed (default {SEED})")
    parser.add_argument(
        "--versus",
        metavar="PYTHON",
        help="only compare this installation with the one of another interpreter (e.g. the previous "
        "release in its own virtual environment), in alternating pairs; writes versus.md",
    )
    parser.add_argument("--rounds", type=int, default=30, help="rounds of the side-by-side comparisons (default 30)")
    parser.add_argument("--peers", action="store_true", help="only the first answers beside the peers; writes peers.md")
    return parser.parse_args(argv)


def _peers(args: argparse.Namespace) -> int:
    """The first answers beside the peers, alone, written to ``peers.md``."""
    started = time.perf_counter()
    rows = _paired.peers(args.rounds)
    text = _report.peers_markdown(rows, rounds=args.rounds, elapsed=time.perf_counter() - started)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "peers.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def _versus(args: argparse.Namespace) -> int:
    """Compare this installation with another, side by side, and write ``versus.md``."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="covid-synergy-versus-") as scratch:
        folders = {}
        for n in _paired.LOAD_SIZES:
            folders[n] = Path(scratch) / str(n)
            generate(folders[n], n, seed=args.seed)
        _log(f"versus {args.versus}: {args.rounds} pairs per command")
        rows = _paired.versus(args.versus, rounds=args.rounds, load_rounds=max(5, args.rounds // 3), folders=folders)
    text = _report.versus_markdown(rows, this=sys.executable, other=args.versus, elapsed=time.perf_counter() - started)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "versus.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def _check_format(info: Generated) -> None:
    """Check that the generated files are what ``covid_synergy.dump`` writes for their records."""
    loaded = cs.load_path(info.folder)
    with tempfile.TemporaryDirectory() as out:
        cs.dump(loaded, out)
        for file in FILES:
            if (Path(out) / file).read_bytes() != (info.folder / file).read_bytes():
                msg = f"the generated {file} is not in the canonical packaged format"
                raise AssertionError(msg)
    filled = load_slots(info.folder)
    expected = [list(loaded.entities.values()), *([*sorted(s, key=_by_id)] for s in _collections(loaded))]
    if [sorted(records, key=_by_id) for records in filled] != expected:
        msg = "the records whose slots were filled differ from load_path's"
        raise AssertionError(msg)


def _by_id(record: Any) -> str:
    return str(record.id)


def _collections(ds: cs.Dataset) -> list[list[Any]]:
    return [list(ds.events), list(ds.aid), list(ds.statements), list(ds.figures)]


def _queries(info: Generated, load: dict[str, Any], *, quick: bool) -> tuple[dict[str, Any], dict[str, str]]:
    ds = load_constructors(info.folder)
    timed = load["load_path"]["median"]
    if timed is not None and timed < 10:  # seconds: cheap enough to load once more
        loaded = cs.load_path(info.folder)
        if loaded != ds:
            msg = "the records built by the constructors differ from load_path's"
            raise AssertionError(msg)
        del loaded
    return _query.measure_queries(ds, info, quick=quick), _query.describe(ds, info)


def _memory(info: Generated, load: dict[str, Any], names: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in names:
        timed = load.get(name, {}).get("median")
        if timed is None or timed > 30:  # seconds: tracing doubles the time
            found[name] = None
            continue
        found[name] = measure_memory(name, info.folder, ROOT)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark, print the tables, write them and the plot to ``--output``."""
    args = _arguments(argv)
    if args.versus:
        return _versus(args)
    if args.peers:
        return _peers(args)
    started = time.perf_counter()
    sizes = args.sizes or list(QUICK_SIZES if args.quick else FULL_SIZES)
    query_sizes = [n for n in sizes if n >= (10**2 if args.quick else 10**3)]
    memory_sizes = [n for n in sizes if n <= (10**3 if args.quick else 10**5)]
    cold_repeats = 5 if args.quick else 25
    command = "python -m benchmarks" + (" " + shlex.join(argv if argv is not None else sys.argv[1:])).rstrip()
    results: dict[str, Any] = {
        "machine": machine(),
        "command": command.strip(),
        "quick": args.quick,
        "budget": args.budget,
        "cold_repeats": cold_repeats,
        "sizes": [],
    }

    _log(f"cold start, {cold_repeats} rounds")
    results["cold"] = _cold.cold_start(cold_repeats)
    _log(f"first answers beside the peers, {args.rounds} alternating rounds")
    results["peers"] = _paired.peers(5 if args.quick else args.rounds)
    results["breakdown"] = _cold.breakdown(cold_repeats)
    results["imports"] = _cold.import_profile(3 if args.quick else 7)

    available = loaders()
    runner = LoadRunner(available, budget=args.budget, quick=args.quick)
    memory_names = [n for n in _report.MEMORY_LOADERS if n in available]
    with tempfile.TemporaryDirectory(prefix="covid-synergy-bench-") as scratch:
        for index, n in enumerate(sizes):
            folder = Path(scratch) / str(n)
            _log(f"N={n:,}: generating")
            info = generate(folder, n, seed=args.seed)
            if index == 0:
                _check_format(info)
            _log(f"N={n:,}: {info.bytes / 1e6:,.1f} MB; loading")
            size: dict[str, Any] = {"n": n, "bytes": info.bytes, "entities": info.entities}
            size["load"] = runner.measure(folder, n)
            if n in query_sizes:
                _log(f"N={n:,}: queries")
                size["queries"], results["query_texts"] = _queries(info, size["load"], quick=args.quick)
            if n in memory_sizes:
                _log(f"N={n:,}: memory")
                size["memory"] = _memory(info, size["load"], memory_names)
            results["sizes"].append(size)
            for file in FILES:
                (folder / file).unlink()

    results["elapsed"] = time.perf_counter() - started
    results["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    results["targets"] = _report.targets(results)
    args.output.mkdir(parents=True, exist_ok=True)
    text = _report.markdown(results)
    (args.output / "results.md").write_text(text, encoding="utf-8")
    raw = json.dumps(results, indent=2, default=str) + "\n"
    (args.output / "results.json").write_text(raw, encoding="utf-8")
    drawn = _report.plot(results, args.output / "scaling.png")
    print(text)
    _log(
        f"wrote {args.output / 'results.md'}"
        + (f" and {args.output / 'scaling.png'}" if drawn else " (no plot: matplotlib is not installed)")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
