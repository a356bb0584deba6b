"""The ``covid-synergy`` command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ._errors import CovidSynergyError
from ._loading import load


def summary() -> str:
    """A one-screen summary of the packaged dataset."""
    ds = load()
    timeline = ds.timeline()
    first, last = timeline[0].date, timeline[-1].date
    assert first is not None and last is not None  # noqa: S101 - a timeline is dated
    src = ds.source
    lines = [
        f"covid-synergy: {src.title}",
        f"  {', '.join(src.authors)}; {src.edition}, {src.published.isoformat()}",
        f"  {src.url}",
        f"  data version {src.data_version}, {src.license}",
        "",
        f"  events      {len(ds.events):5d}",
        f"  aid         {len(ds.aid):5d}",
        f"  statements  {len(ds.statements):5d}",
        f"  figures     {len(ds.figures):5d}",
        f"  entities    {len(ds.entities):5d}",
        "",
        f"  dated records run from {first.start.isoformat()} to {last.end.isoformat()}",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    del argv
    try:
        print(summary())
    except CovidSynergyError as exc:
        print(f"covid-synergy: error: {exc}", file=sys.stderr)
        return 1
    return 0
