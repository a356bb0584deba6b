# Copyright (c) 2026 The covid-synergy maintainers. MIT License (see LICENSE).
"""Markdown tables, the targets of the issue, and the log-log plot."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ._query import FIRST_CALLS, QUERIES

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["markdown", "plot", "targets"]

TIMES = "\N{MULTIPLICATION SIGN}"

#: Loaders in the order of the table columns (those measured).
LOAD_COLUMNS = (
    "json.loads",
    "json.loads, GC paused",
    "load_path",
    "attrs constructors",
    "attrs slots, no checks",
    "msgspec",
    "pydantic",
)
#: Loaders named in plain words rather than as code.
PLAIN_NAMES = ("attrs constructors", "attrs slots, no checks")
MEMORY_LOADERS = ("json.loads", "load_path", "attrs constructors", "msgspec", "pydantic")


def _n(n: int) -> str:
    exponent = len(str(n)) - 1
    return f"1e{exponent}" if n == 10**exponent else f"{n:,}"


def _ms(seconds: float) -> str:
    ms = seconds * 1000
    if ms >= 100:
        return f"{ms:,.0f}"
    if ms >= 10:
        return f"{ms:.1f}"
    return f"{ms:.2f}"


def _us(micros: float) -> str:
    if micros >= 100:
        return f"{micros:,.0f}"
    if micros >= 10:
        return f"{micros:.1f}"
    return f"{micros:.2f}"


def _duration(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _cpu_note(ratio: float) -> str:
    return "" if math.isnan(ratio) else f"CPU time: {ratio:.2f}{TIMES}"


def _cold(results: dict[str, Any]) -> dict[str, float]:
    return {row["label"]: row["median"] for row in results["cold"]}


def _load_ratio(size: dict[str, Any], name: str) -> tuple[float, bool] | None:
    """Return the load time of ``name`` over json.loads, and whether it is a projection."""
    found, base = size["load"].get(name), size["load"]["json.loads"]
    if found is None or base["median"] is None:
        return None
    if found["median"] is not None:
        return found["median"] / base["median"], False
    return found["projected"] / base["median"], True


def _growth_sizes(queried: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the sizes query growth is measured between: 1e3 (or the smallest) and the largest."""
    large = queried[-1]
    small = next((s for s in queried[:-1] if s["n"] == 10**3), queried[0])
    return small, large


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Return each target of the issue with its measured ratio."""
    out: list[dict[str, Any]] = []
    cold = _cold(results)
    cpu = {row["label"]: row.get("cpu", math.nan) for row in results["cold"]}
    if "import attrs" in cold:
        out.append(
            {
                "target": f"`import covid_synergy` ≤ 1.2 {TIMES} `import attrs`",
                "ratio": cold["import covid_synergy"] / cold["import attrs"],
                "limit": 1.2,
                "note": _cpu_note(cpu["import covid_synergy"] / cpu["import attrs"]),
            }
        )
    if "import attrs, cattrs, json" in cold:
        out.append(
            {
                "target": f"time to first answer ≤ 1.3 {TIMES} `import attrs, cattrs, json`",
                "ratio": cold["first answer"] / cold["import attrs, cattrs, json"],
                "limit": 1.3,
                "note": _cpu_note(cpu["first answer"] / cpu["import attrs, cattrs, json"]),
            }
        )
    sizes = {size["n"]: size for size in results["sizes"]}
    for n in (10**4, 10**5):
        if n in sizes:
            found = _load_ratio(sizes[n], "load_path")
            if found is not None:
                ratio, projected = found
                notes = ["projected: not run within the budget"] if projected else []
                paused = sizes[n]["load"].get("json.loads, GC paused")
                if paused and paused["median"]:
                    base = sizes[n]["load"]["json.loads"]["median"]
                    notes.append(f"{ratio * base / paused['median']:.2f}{TIMES} `json.loads` with GC paused")
                out.append(
                    {
                        "target": f"`load_path` ≤ 2.0 {TIMES} `json.loads` at {_n(n)} records",
                        "ratio": ratio,
                        "limit": 2.0,
                        "note": "; ".join(notes),
                    }
                )
    queried = [size for size in results["sizes"] if size.get("queries")]
    if len(queried) > 1:
        small, large = _growth_sizes(queried)
        for name in ("between, narrow", "involving"):
            ratio = large["queries"]["us"][name] / small["queries"]["us"][name]
            out.append(
                {
                    "target": f"`{name.split(',')[0]}`{' (narrow)' if ',' in name else ''} at {_n(large['n'])} "
                    f"≤ 3 {TIMES} at {_n(small['n'])}",
                    "ratio": ratio,
                    "limit": 3.0,
                }
            )
    measured = [
        size
        for size in results["sizes"]
        if size.get("memory") and size["memory"].get("load_path") and size["memory"].get("json.loads")
    ]
    if measured:
        size = measured[-1]
        ours, plain = size["memory"]["load_path"], size["memory"]["json.loads"]
        out.append(
            {
                "target": f"retained bytes per record ≤ plain dicts ({_n(size['n'])} records)",
                "ratio": ours["retained"] / plain["retained"],
                "limit": 1.0,
            }
        )
        if ours.get("indexed"):
            out.append(
                {
                    "target": f"… with the date and entity indexes built ({_n(size['n'])} records)",
                    "ratio": ours["indexed"] / plain["retained"],
                    "limit": 1.0,
                }
            )
    for row in out:
        row["holds"] = row["ratio"] <= row["limit"]
    return out


def _cold_section(results: dict[str, Any]) -> list[str]:
    cold = _cold(results)
    floor = cold["python -c pass"]
    rows = [
        [
            f"`{row['label']}`" if row["label"] != "first answer" else "time to first answer",
            f"`{row['code']}`",
            _ms(row["median"]),
            f"{row['median'] / floor:.2f}{TIMES}",
            _ms(row["median"] - floor),
            _ms(row["cpu"]) if not math.isnan(row.get("cpu", math.nan)) else "—",
        ]
        for row in results["cold"]
    ]
    lines = [
        "## Cold start",
        "",
        (
            f"Whole processes (`python -c ...`), {results['cold_repeats']} interleaved rounds after two "
            "warm-up rounds; medians of the wall time, and of the CPU time (user + system) of the process "
            "as a check less sensitive to other load. Byte code is cached for every module, as after an "
            "ordinary install."
        ),
        "",
        *_table(["", "code", "ms", f"{TIMES} `python -c pass`", "ms above `python -c pass`", "CPU ms"], rows),
        "",
        "Time to first answer, step by step inside one process (medians):",
        "",
        *_table(["step", "ms"], [[row["step"], _ms(row["median"])] for row in results["breakdown"]]),
    ]
    imports = results.get("imports")
    if imports:
        lines += [
            "",
            (
                "What the first answer imports beyond the floor `import attrs, cattrs, json`: "
                f"{imports['modules']} modules, {imports['total_ms']:.1f} ms of self time under "
                "`-X importtime` (which inflates it; best of several runs), largest first (a module's "
                "self time includes running its body: for the package's modules, creating their classes):"
            ),
            "",
            *_table(
                ["package", "modules", "self time, ms"],
                [[f"`{r['package']}`", str(r["modules"]), f"{r['self_ms']:.1f}"] for r in imports["rows"]],
            ),
        ]
    return lines


def _load_cell(found: dict[str, Any] | None, base: float | None) -> str:
    if found is None:
        return "—"
    if found["median"] is None:
        return f"not run (projected {_duration(found['projected'])})"
    ratio = f" ({found['median'] / base:.2f}{TIMES})" if base else ""
    return f"{_ms(found['median'])}{ratio}"


def _load_section(results: dict[str, Any]) -> list[str]:
    columns = [c for c in LOAD_COLUMNS if any(c in size["load"] for size in results["sizes"])]
    rows = []
    for size in results["sizes"]:
        base = size["load"]["json.loads"]["median"]
        path = size["load"]["load_path"]
        per_record = f"{path['median'] / size['n'] * 1e6:.1f}" if path["median"] is not None else "—"
        rows.append(
            [
                _n(size["n"]),
                f"{size['bytes'] / 1e6:,.1f}",
                *(_load_cell(size["load"].get(c), base) for c in columns),
                per_record,
            ]
        )
    return [
        "## Load throughput",
        "",
        (
            "Milliseconds per load of a whole dataset folder (six files, read from the page cache), median "
            "of up to 15 runs (one run above 5 s); in brackets, the ratio to `json.loads` of the same bytes. "
            "N counts the records of the four collections; entities come on top (one per 10 records). "
            "`load_path` validates fully (JSON types, unknown keys rejected, ids unique, references "
            f"resolved); a load projected to take more than {_duration(results['budget'])} is not run."
        ),
        "",
        *_table(
            ["N", "MB", *[f"`{c}`" if c not in PLAIN_NAMES else c for c in columns], "`load_path` µs / record"],
            rows,
        ),
        "",
        (
            "`json.loads` reads and parses each file; *GC paused* does the same with the cyclic collector "
            "off, as `load_path` runs. *attrs constructors* builds the library's own classes by hand from "
            "the parsed JSON with their public constructors (their validators run; no type, key or reference "
            "checks). *attrs slots, no checks* fills the same classes' slots directly and checks nothing: the "
            "least any Python loader that builds these classes must do, so the floor for `load_path`. "
            "msgspec and pydantic decode into equivalent frozen models that reject unknown keys; they check "
            "types per record, not ids or references."
        ),
    ]


def _query_section(results: dict[str, Any]) -> list[str]:
    queried = [size for size in results["sizes"] if size.get("queries")]
    if not queried:
        return []
    header = [
        "N",
        "events",
        *[f"`{q}`" for q in QUERIES],
        *[f"first `{q}` (builds the {FIRST_CALLS[q]})" for q in FIRST_CALLS],
    ]
    rows = []
    for size in queried:
        found = size["queries"]
        rows.append(
            [
                _n(size["n"]),
                f"{found['events']:,}",
                *(f"{_us(found['us'][q])} ({found['found'][q]:,})" for q in QUERIES),
                *(_us(found["first_us"][q]) for q in FIRST_CALLS),
            ]
        )
    small, large = _growth_sizes(queried)
    if large is not small:
        growth = [
            f"**growth {_n(small['n'])} → {_n(large['n'])}**",
            f"{large['queries']['events'] / small['queries']['events']:,.0f}{TIMES}",
            *(f"{large['queries']['us'][q] / small['queries']['us'][q]:,.1f}{TIMES}" for q in QUERIES),
            *(f"{large['queries']['first_us'][q] / small['queries']['first_us'][q]:,.0f}{TIMES}" for q in FIRST_CALLS),
        ]
        rows.append(growth)
    texts = results["query_texts"]
    return [
        "## Query latency",
        "",
        (
            "Microseconds per query with the indexes built (median of 5 rounds), and in brackets the records "
            "returned (for `total`, the quantities summed). The last columns time the first call on a fresh "
            "set (`events[:]`), which builds the index it needs. The generated data keep a constant density "
            "(20 records a day, one entity per 10 records), so the narrow `between` and `involving` return "
            "about the same number of records at every N."
        ),
        "",
        *_table(header, rows),
        "",
        *(f"- `{name}`: `{texts[name]}`" for name in QUERIES),
    ]


def _memory_section(results: dict[str, Any]) -> list[str]:
    rows = []
    for size in results["sizes"]:
        memory = size.get("memory")
        if not memory:
            continue
        for name in MEMORY_LOADERS:
            found = memory.get(name)
            if name not in memory:
                continue
            if found is None:
                rows.append([_n(size["n"]), f"`{name}`", "not run (load too slow)", "", ""])
                continue
            n = size["n"]
            indexed = found.get("indexed")
            rows.append(
                [
                    _n(n),
                    f"`{name}`" if name not in PLAIN_NAMES else name,
                    f"{found['peak'] / n:,.0f}",
                    f"{found['retained'] / n:,.0f}",
                    f"{indexed / n:,.0f}" if indexed else "—",
                ]
            )
    if not rows:
        return []
    return [
        "## Memory",
        "",
        (
            "Bytes per record (tracemalloc, a fresh process per cell): the peak during the load and what "
            "stays allocated after it (the whole dataset, entities and source included, over N). The last "
            "column adds the date and entity indexes that the first `between` and `involving` on each "
            "collection build."
        ),
        "",
        *_table(["N", "loader", "peak", "retained", "retained with indexes"], rows),
    ]


def markdown(results: dict[str, Any]) -> str:
    """Render the results as a markdown document (its sections start at ``##``)."""
    machine = results["machine"]
    lines = [
        "# covid-synergy benchmarks",
        "",
        f"- Machine: {machine['platform']}; {machine['cpu']}; {machine['cpus']} CPUs",
        f"- Python: {machine['python']}",
        f"- Packages: {machine['packages']} (source digest {machine['source']})",
        f"- Command: `{results['command']}` ({results['elapsed']:.0f} s, {results['when']})",
        "",
        "## Targets",
        "",
        *_table(
            ["target", "measured", ""],
            [
                [
                    t["target"],
                    f"{t['ratio']:.2f}{TIMES}" + (f" ({t['note']})" if t.get("note") else ""),
                    "holds" if t["holds"] else "**missed**",
                ]
                for t in targets(results)
            ],
        ),
        "",
        *_cold_section(results),
        "",
        "## First answers beside the peers",
        "",
        *peers_markdown(results.get("peers", []), rounds=results.get("cold_repeats", 0), elapsed=0).splitlines()[2:],
        "",
        *_load_section(results),
        "",
        *_query_section(results),
        "",
        *_memory_section(results),
    ]
    return "\n".join(lines).rstrip() + "\n"


def plot(results: dict[str, Any], path: Path) -> bool:
    """Draw load time and query time against N, log-log; ``False`` without matplotlib."""
    try:
        import matplotlib as mpl  # noqa: PLC0415 - optional, benchmark-only

        mpl.use("Agg")
        import matplotlib.pyplot as plt  # noqa: PLC0415
    except ImportError:
        return False
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 5), constrained_layout=True)
    sizes = results["sizes"]
    for name in LOAD_COLUMNS:
        points = [(s["n"], s["load"][name]) for s in sizes if name in s["load"]]
        measured = [(n, f["median"] * 1000) for n, f in points if f["median"] is not None]
        if not measured:
            continue
        (line,) = left.plot(*zip(*measured, strict=True), marker="o", label=name)
        projected = [(n, f["projected"] * 1000) for n, f in points if f["median"] is None]
        if projected:
            left.plot(
                *zip(measured[-1], *projected, strict=True),
                linestyle=":",
                marker="o",
                markerfacecolor="none",
                color=line.get_color(),
                label=f"{name} (projected, not run)",
            )
    left.set(xscale="log", yscale="log", xlabel="records (N)", ylabel="ms per load", title="Load a dataset folder")
    left.grid(visible=True, which="both", alpha=0.3)
    left.legend(fontsize="small")
    queried = [s for s in sizes if s.get("queries")]
    for name in QUERIES:
        xs = [s["n"] for s in queried]
        ys = [s["queries"]["us"][name] for s in queried]
        right.plot(xs, ys, marker="o", label=name)
    right.set(
        xscale="log",
        yscale="log",
        xlabel="records (N)",
        ylabel="µs per query",
        title="Query the events (indexes built)",
    )
    right.grid(visible=True, which="both", alpha=0.3)
    right.legend(fontsize="small")
    machine = results["machine"]
    python = machine["python"].split(" (")[0]
    figure.suptitle(f"covid-synergy · {python} · {machine['platform']} · {machine['cpus']} CPUs", fontsize="medium")
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return True


def versus_markdown(rows: list[dict[str, Any]], *, this: str, other: str, elapsed: float) -> str:
    """The side-by-side comparison as a Markdown table: this installation's time over the other's."""
    lines = [
        (
            f"Side by side, in alternating pairs: `{this}` (this) against `{other}` (other); "
            f"{elapsed:.0f} s in all. A ratio below 1 means this one is faster."
        ),
        "",
        "| what | this | other | this / other (median of pairs) | quartiles | pairs |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['what']} | {r['median'] * 1e3:.1f} ms | {r['base_median'] * 1e3:.1f} ms | {r['ratio']:.2f}"
        f"{TIMES} | {r['q1']:.2f}{TIMES} to {r['q3']:.2f}{TIMES} | {r['pairs']} |"
        for r in rows
    ]
    return "\n".join(lines) + "\n"


def peers_markdown(rows: list[dict[str, Any]], *, rounds: int, elapsed: float) -> str:
    """The first answers beside the peers, as ratios to pycountry's (median of the per-round ratios)."""
    lines = [
        (
            f"First answers, side by side in {rounds} alternating rounds ({elapsed:.0f} s); each ratio is the median "
            "of the per-round ratios to pycountry's first answer in the same round, with its quartiles."
        ),
        "",
        "| first answer | median time | / pycountry | quartiles |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r['what']} | {r['median'] * 1e3:.1f} ms | {r['ratio']:.2f}{TIMES} | "
        f"{r['q1']:.2f}{TIMES} to {r['q3']:.2f}{TIMES} |"
        for r in rows
    ]
    for over in [r["over_bare"] for r in rows if "over_bare" in r]:
        lines += [
            "",
            (
                f"In the same rounds, the first answer in Python is {over['ratio']:.2f}{TIMES} the bare build's "
                f"(quartiles {over['q1']:.2f}{TIMES} to {over['q3']:.2f}{TIMES}); the bare build makes the same "
                "records from the same files and checks nothing."
            ),
        ]
    return "\n".join(lines) + "\n"
