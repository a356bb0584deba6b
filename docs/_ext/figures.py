"""The pictures of the docs, drawn from the packaged data when the build starts.

Writes into ``docs/_generated/`` (not kept in version control):

``timeline.png``
    Every event, by month and kind.
``aid-by-recipient.png``
    How many aid records name each recipient, by kind of aid.
``aid-by-month-and-region.png``
    Aid records by month and by the UN M49 region of their recipients.
``overlap-within.png``
    Which events of February ``between`` finds, in overlap and in within mode.

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
import matplotlib.dates
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


# -- aid by month and region ------------------------------------------------------

#: The name of the stack for recipients in no region (the WHO, the UN).
NO_REGION = "no region (the WHO, the UN, other bodies)"


def top_region(dataset: cs.Dataset, entity: str) -> str:
    """The name of the UN M49 region at the top of an entity's chain, or :data:`NO_REGION`."""
    chain = dataset.entities.regions_of(entity)
    return dataset.entities[chain[-1]].name if chain else NO_REGION


def aid_by_month_and_region(dataset: cs.Dataset) -> Counter[tuple[str, str]]:
    """How many aid records go to each region in each month (``"undated"`` too).

    A record counts once for each region its recipients are in.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for record in dataset.aid:
        month = f"{record.date.start:%Y-%m}" if record.date else "undated"
        for region in {top_region(dataset, r) for r in record.recipients}:
            counts[month, region] += 1
    return counts


def draw_aid_by_month(dataset: cs.Dataset) -> Figure:
    """A stacked bar per month: aid records by the region of their recipients."""
    counts = aid_by_month_and_region(dataset)
    months = [*sorted({m for m, _r in counts} - {"undated"}), "undated"]
    regions = sorted({r for _m, r in counts}, key=lambda r: (r == NO_REGION, r))
    labels = [f"{date.fromisoformat(m + '-01'):%B}" if m != "undated" else "undated" for m in months]
    with mpl.rc_context(STYLE):
        figure = Figure(figsize=(8.6, 4.2), layout="constrained")
        ax = figure.add_subplot()
        bottom = [0] * len(months)
        for i, region in enumerate(regions):
            heights = [counts[m, region] for m in months]
            ax.bar(labels, heights, bottom=bottom, color=PALETTE[i], label=region, width=0.7)
            bottom = [a + b for a, b in zip(bottom, heights, strict=True)]
        for x, height in enumerate(bottom):
            ax.text(x, height + 0.4, str(height), ha="center", fontsize=9.5)
        ax.set_ylabel("aid records (once per region of the recipients)")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(f"{len(dataset.aid)} aid records, by month and region of the recipients", loc="left")
        ax.legend(title="recipients' region", loc="upper left", frameon=False, fontsize=9)
    return figure


# -- overlap and within -------------------------------------------------------------

#: The interval of the overlap/within picture, and the days around it that it shows.
INTERVAL = (date(2020, 2, 20), date(2020, 2, 29))
SHOWN = (date(2020, 1, 27), date(2020, 3, 3))


def draw_overlap_within(dataset: cs.Dataset) -> Figure:
    """The events near an interval, each marked by what ``between`` answers for it."""
    first, last = INTERVAL
    near = list(dataset.events.between(*SHOWN, mode="within")) + [
        e for e in dataset.events.between(*SHOWN) if e not in dataset.events.between(*SHOWN, mode="within")
    ]
    near.sort(key=lambda e: (e.date.start, e.date.end, e.id) if e.date else (date.max, date.max, e.id))
    overlap = set(dataset.events.between(first, last))
    within = set(dataset.events.between(first, last, mode="within"))
    styles = {
        "within": ("#1f77b4", "within and overlap"),
        "overlap": ("#ff7f0e", "overlap only"),
        "neither": ("#b0b0b0", "neither"),
    }
    with mpl.rc_context(STYLE):
        figure = Figure(figsize=(8.6, 0.42 * len(near) + 1.5), layout="constrained")
        ax = figure.add_subplot()
        ax.axvspan(first, last + timedelta(days=1), color="#e8f1fa", zorder=0, linewidth=0)
        ax.text(first + (last - first) / 2 + timedelta(hours=12), -0.9,
                f'between("{first}", "{last}")', ha="center", va="bottom", fontsize=9.5)  # fmt: skip
        for y, event in enumerate(near):
            span = event.date
            assert span is not None  # noqa: S101 - between() keeps dated events only
            found = "within" if event in within else "overlap" if event in overlap else "neither"
            colour = styles[found][0]
            start, end = max(span.start, SHOWN[0]), min(span.end, SHOWN[1])
            ax.plot([start, end + timedelta(days=1)], [y, y], color=colour, linewidth=7, solid_capstyle="butt")
            ax.text(SHOWN[1] + timedelta(days=1.5), y, f"{span}  {event.kind.value}", va="center", fontsize=8.5)
        ax.set_yticks([])
        ax.set_ylim(len(near) - 0.4, -1.2)
        ax.set_xlim(SHOWN[0], SHOWN[1] + timedelta(days=1))
        ax.xaxis.set_major_formatter(mpl.dates.DateFormatter("%d %b"))
        ax.set_title("Which events of February 2020 a date query keeps", loc="left")
        ax.legend(
            handles=[Line2D([], [], color=c, linewidth=7, label=text) for c, text in styles.values()],
            loc="upper left", bbox_to_anchor=(0, -0.06), ncols=3, frameon=False, fontsize=9,
        )  # fmt: skip
    return figure


def generate(app: Sphinx) -> None:
    """Draw every picture into ``_generated/``."""
    folder = Path(app.srcdir, "_generated")
    folder.mkdir(parents=True, exist_ok=True)
    dataset = cs.load()
    write_if_changed(folder / "timeline.png", png_bytes(draw_timeline(dataset)))
    write_if_changed(folder / "aid-by-recipient.png", png_bytes(draw_aid_by_recipient(dataset)))
    write_if_changed(folder / "aid-by-month-and-region.png", png_bytes(draw_aid_by_month(dataset)))
    write_if_changed(folder / "overlap-within.png", png_bytes(draw_overlap_within(dataset)))


def setup(app: Sphinx) -> dict[str, object]:
    """Register the hook."""
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
