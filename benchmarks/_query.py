# Copyright (c) 2026 The covid-synergy maintainers. MIT License (see LICENSE).
"""Query latency on a loaded dataset, in µs per query.

The generated data keep a constant density (see ``_generate``), so the
narrow ``between`` and ``involving`` return about the same number of
records at every size: their growth is the cost of finding the records,
not of returning more of them. The wide ``between``, ``search`` and
``total`` return or visit a share of the whole set and grow with it.
"""

from __future__ import annotations

import functools
import statistics
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ._timing import per_call, time_once

if TYPE_CHECKING:
    from collections.abc import Callable

    import covid_synergy as cs

    from ._generate import Generated

__all__ = ["QUERIES", "measure_queries"]

#: The queries, by the name the tables use.
QUERIES = (
    "between, narrow",
    "between, wide",
    "involving",
    "search",
    "total",
)
#: The queries whose first call builds an index, and the index.
FIRST_CALLS = {"between, narrow": "date index", "involving": "entity index"}


def _queries(ds: cs.Dataset, info: Generated) -> dict[str, tuple[str, Callable[[Any], Any]]]:
    """Each query as (what it does, a function of the events set)."""
    days = (info.last_day - info.first_day).days + 1
    day = info.first_day + timedelta(days=days // 2)
    wide_from = info.first_day + timedelta(days=days // 4)
    wide_to = info.first_day + timedelta(days=3 * days // 4)
    aid = ds.aid
    return {
        "between, narrow": (f"events.between(day, day), one day ({day})", lambda s: s.between(day, day)),
        "between, wide": (
            "events.between(a, b), the middle half of the span",
            lambda s: s.between(wide_from, wide_to),
        ),
        "involving": (
            f"events.involving({info.country_code!r}), a country by its ISO code",
            lambda s: s.involving(info.country_code),
        ),
        "search": (f"events.search({info.needle!r})", lambda s: s.search(info.needle)),
        "total": ("aid.total('USD')", lambda _s: aid.total("USD")),
    }


def _on_fresh_copy(fn: Callable[[Any], Any], events: cs.RecordSet[cs.Event]) -> object:
    return fn(events[:])


def describe(ds: cs.Dataset, info: Generated) -> dict[str, str]:
    return {name: text for name, (text, _fn) in _queries(ds, info).items()}


def measure_queries(ds: cs.Dataset, info: Generated, *, quick: bool) -> dict[str, Any]:
    """Time every query: µs per query with the indexes built, and the result sizes.

    Also times the first call on a fresh set, which builds the index it needs.
    """
    events = ds.events
    queries = _queries(ds, info)
    first: dict[str, float] = {}
    for name in FIRST_CALLS:
        _text, fn = queries[name]
        # events[:] is a new set over the same records, with no index yet.
        fresh = functools.partial(_on_fresh_copy, fn, events)
        first[name] = statistics.median(time_once(fresh) for _ in range(3)) * 1e6
    steady: dict[str, float] = {}
    found: dict[str, int] = {}
    for name, (_text, fn) in queries.items():
        result = fn(events)
        found[name] = result.count if name == "total" else len(result)
        del result
        call = functools.partial(fn, events)
        steady[name] = per_call(call, min_time=0.02 if quick else 0.2, repeats=5) * 1e6
    return {"events": len(events), "us": steady, "found": found, "first_us": first}
