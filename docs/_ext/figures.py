"""The pictures of the docs, drawn from the packaged data when the build starts.

Writes into ``docs/_generated/`` (not kept in version control):

``timeline.png``
    Every event, by month and kind.
``aid-by-recipient.png``
    How many aid records name each recipient, by kind of aid.

matplotlib is a docs-only dependency; it draws with the Agg backend and no
global state (no pyplot). A file is rewritten only when its bytes change, so
that incremental builds stay incremental.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

import covid_synergy as cs

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from sphinx.application import Sphinx

mpl.use("Agg")

#: Resolution of the PNGs; the figures are sized in inches for a page column.
DPI = 180
STYLE = {
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.spines.left": False,
    "svg.hashsalt": "covid-synergy",
}
#: Distinct colours, enough for every kind of event or aid.
PALETTE = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#8c6d31", "#7b4173", "#3182bd",
    "#e6550d",
]  # fmt: skip


def label(value: str) -> str:
    """``press_conference`` -> ``press conference``."""
    return value.replace("_", " ")


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def next_month(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def png_bytes(figure: Figure) -> bytes:
    """The figure as PNG bytes, without a timestamp, so that equal data give equal files."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def write_if_changed(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` unless it already holds exactly that."""
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


# -- the timeline --------------------------------------------------------------


def shade_months(ax: Axes, first: date, last: date, counts: Counter[date], top: float) -> None:
    """Alternate month bands, each labelled with its name and number of events."""
    month = first
    shaded = False
    while month < last:
        following = next_month(month)
        if shaded:
            ax.axvspan(month, following, color="#f2f2f2", zorder=0, linewidth=0)
        middle = month + (following - month) / 2
        n = counts.get(month, 0)
        ax.text(
            middle, top, f"{month:%B}\n{n} event{'s' if n != 1 else ''}",
            ha="center", va="bottom", fontsize=9.5, color="#333333",
        )  # fmt: skip
        shaded = not shaded
        month = following


def draw_timeline(dataset: cs.Dataset) -> Figure:
    """Every event on one chart: a row per kind, a band per month."""
    events = list(dataset.events.dated())
    first_seen: dict[cs.EventKind, date] = {}
    for event in events:
        assert event.date is not None  # noqa: S101 - dated() keeps dated events only
        first_seen.setdefault(event.kind, event.date.start)
    kinds = sorted(first_seen, key=lambda k: (first_seen[k], k.value))
    per_kind = Counter(e.kind for e in events)
    rows = {kind: i for i, kind in enumerate(kinds)}
    starts = [e.date.start for e in events if e.date is not None]
    ends = [e.date.end for e in events if e.date is not None]
    first, last = month_start(min(starts)), next_month(max(ends))
    per_month = Counter(month_start(s) for s in starts)

    with mpl.rc_context(STYLE):
        figure = Figure(figsize=(8.6, 0.34 * len(kinds) + 1.9), layout="constrained")
        ax = figure.add_subplot()
        top = -0.9
        shade_months(ax, first, last, per_month, top)
        stacked: defaultdict[tuple[cs.EventKind, date], int] = defaultdict(int)
        for event in events:
            span = event.date
            assert span is not None  # noqa: S101
            row = rows[event.kind]
            colour = PALETTE[row % len(PALETTE)]
            slot = stacked[event.kind, span.start]
            stacked[event.kind, span.start] += 1
            y = row + (-0.22 if slot % 2 else 0.22) * ((slot + 1) // 2)
            approximate = span.precision is cs.Precision.APPROXIMATE
            if span.end > span.start:
                ax.plot(
                    [span.start, span.end + timedelta(days=1)], [y, y],
                    color=colour, linewidth=1.5 if approximate else 5,
                    linestyle=(0, (2, 2)) if approximate else "-",
                    solid_capstyle="round", alpha=0.8, zorder=2,
                )  # fmt: skip
            ax.plot(
                span.start + timedelta(hours=12), y, marker="o", markersize=6.5,
                markerfacecolor="white" if approximate else colour,
                markeredgecolor=colour, markeredgewidth=1.4, zorder=3, linestyle="none",
            )  # fmt: skip
        ax.set_yticks(range(len(kinds)), [f"{label(k.value)} ({per_kind[k]})" for k in kinds])
        ax.set_ylim(len(kinds) - 0.4, top)
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(first, last)
        ax.set_xticks([])
        ax.grid(axis="y", color="#dddddd", linewidth=0.6, zorder=1)
        ax.set_title(f"The article's {len(events)} events, by month and kind", loc="left", pad=34)
        ax.legend(
            handles=[
                Line2D([], [], marker="o", color="#555555", linestyle="none", label="one day"),
                Line2D([], [], color="#555555", linewidth=5, label="several days"),
                Line2D([], [], marker="o", markerfacecolor="white", color="#555555", linestyle=(0, (2, 2)),
                       label="approximate (\u201cat the start of February\u201d)"),
            ],
            loc="lower left", bbox_to_anchor=(0, -0.02 - 0.6 / (len(kinds) + 2)), ncols=3,
            frameon=False, fontsize=9,
        )  # fmt: skip
    return figure


# -- aid by recipient ----------------------------------------------------------


def draw_aid_by_recipient(dataset: cs.Dataset) -> Figure:
    """A bar per recipient: how many aid records name it, split by kind of aid."""
    counts: Counter[str] = Counter()
    by_kind: defaultdict[str, Counter[cs.AidKind]] = defaultdict(Counter)
    for record in dataset.aid:
        for recipient in dict.fromkeys(record.recipients):
            counts[recipient] += 1
            by_kind[recipient][record.kind] += 1
    names = {rid: dataset.entities[rid].name for rid in counts}
    order = sorted(counts, key=lambda rid: (-counts[rid], names[rid].casefold()))
    kinds = [k for k in cs.AidKind if any(by_kind[r][k] for r in order)]
    kinds.sort(key=lambda k: -sum(by_kind[r][k] for r in order))

    with mpl.rc_context(STYLE):
        figure = Figure(figsize=(8.6, 0.27 * len(order) + 1.6), layout="constrained")
        ax = figure.add_subplot()
        positions = range(len(order))
        left = [0] * len(order)
        for i, kind in enumerate(kinds):
            widths = [by_kind[r][kind] for r in order]
            ax.barh(positions, widths, left=left, color=PALETTE[i], label=label(kind.value), height=0.72)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        for y, rid in enumerate(order):
            ax.text(counts[rid] + 0.12, y, str(counts[rid]), va="center", fontsize=9)
        ax.set_yticks(list(positions), [names[r] for r in order])
        ax.invert_yaxis()
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel("aid records naming the recipient")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_xlim(0, max(counts.values()) + 1)
        ax.set_title(f"{len(dataset.aid)} aid records, by recipient and kind of aid", loc="left")
        ax.legend(title="kind of aid", loc="lower right", frameon=False, fontsize=9)
    return figure


def generate(app: Sphinx) -> None:
    """Draw every picture into ``_generated/``."""
    folder = Path(app.srcdir, "_generated")
    folder.mkdir(parents=True, exist_ok=True)
    dataset = cs.load()
    write_if_changed(folder / "timeline.png", png_bytes(draw_timeline(dataset)))
    write_if_changed(folder / "aid-by-recipient.png", png_bytes(draw_aid_by_recipient(dataset)))


def setup(app: Sphinx) -> dict[str, object]:
    """Register the hook."""
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
