# Copyright (c) 2026 The covid-synergy maintainers. MIT License (see LICENSE).
"""Benchmarks of covid-synergy: cold start, load throughput, query latency and memory.

Run from the repository root, in an environment where the package is
installed (msgspec, pydantic, pycountry and matplotlib are used when
present)::

    python -m benchmarks            # the full run, 1e2 to 1e6 records
    python -m benchmarks --quick    # a smoke run at small N

Results go to ``benchmarks/results/`` (``--output DIR``): ``results.md``,
``results.json`` and ``scaling.png``. Nothing here runs as part of the
tests.
"""
