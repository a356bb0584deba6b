# Copyright (c) 2026 The covid-synergy maintainers. MIT License (see LICENSE).
"""Load throughput: each loader on the same folder, repeated, median.

A loader whose projected time for one load (extrapolated from its two
previous sizes) exceeds the budget is not run at that size; the projection
is reported instead, so that a loader that grows faster than linearly
shows in the tables without stalling the run.
"""

from __future__ import annotations

import functools
import math
import statistics
from typing import TYPE_CHECKING, Any

from ._timing import time_once

if TYPE_CHECKING:
    from pathlib import Path

    from ._reference import Loader

__all__ = ["LoadRunner"]


class LoadRunner:
    """Times loaders size after size, remembering each one's times to project the next."""

    def __init__(self, loaders: dict[str, Loader], *, budget: float, quick: bool) -> None:
        self.loaders = loaders
        self.budget = budget
        self.target = 0.3 if quick else 3.0
        self.most = 5 if quick else 15
        #: Loads longer than this (seconds) are run once.
        self.single = 5.0
        self.history: dict[str, list[tuple[int, float]]] = {name: [] for name in loaders}

    def project(self, name: str, n: int) -> tuple[float, float] | None:
        """Projected seconds for one load of ``n`` records, and the exponent used."""
        past = self.history[name]
        if not past:
            return None
        n2, t2 = past[-1]
        exponent = 1.0
        if len(past) > 1:
            n1, t1 = past[-2]
            exponent = min(max(math.log(t2 / t1) / math.log(n2 / n1), 1.0), 3.0)
        return t2 * (n / n2) ** exponent, exponent

    def measure(self, folder: Path, n: int) -> dict[str, dict[str, Any]]:
        """Median seconds per load of every loader, or why it was not run."""
        out: dict[str, dict[str, Any]] = {}
        for name, loader in self.loaders.items():
            projection = self.project(name, n)
            if projection is not None and projection[0] > self.budget:
                out[name] = {"median": None, "runs": 0, "projected": projection[0], "exponent": projection[1]}
                continue
            if projection is None or projection[0] < 1.0:
                first = time_once(functools.partial(loader, folder))  # warm-up: caches, hooks
                guess = first if projection is None else min(first, projection[0])
            else:
                guess = projection[0]
            runs = 1 if guess > self.single else max(3, min(self.most, round(self.target / max(guess, 1e-6))))
            times = [time_once(functools.partial(loader, folder)) for _ in range(runs)]
            median = statistics.median(times)
            self.history[name].append((n, median))
            out[name] = {"median": median, "runs": runs, "projected": None, "exponent": None}
        return out
