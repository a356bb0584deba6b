"""Text tables for a terminal: columns fitted to a width, cells cut with "…"."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Final

__all__ = ["ELLIPSIS", "GAP", "WHOLE", "fit_widths", "render_table", "text_width", "truncate"]

#: The separator between table columns.
GAP: Final = "  "
ELLIPSIS: Final = "…"
#: A minimum width that keeps a column whole (dates are never cut).
WHOLE: Final = 1 << 16


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1


def text_width(text: str) -> int:
    """Return how many terminal cells ``text`` takes."""
    return sum(_char_width(c) for c in text)


def truncate(text: str, width: int) -> str:
    """Return ``text`` on one line, cut to ``width`` cells with a final "…" if too long."""
    flat = " ".join(text.split())
    if text_width(flat) <= width:
        return flat
    if width <= 0:
        return ""
    kept, used = [], 0
    for char in flat:
        cells = _char_width(char)
        if used + cells > width - 1:
            break
        kept.append(char)
        used += cells
    return "".join(kept).rstrip() + ELLIPSIS


def _pad(text: str, width: int) -> str:
    return text + " " * (width - text_width(text))


def fit_widths(
    natural: Sequence[int], minimum: Sequence[int], available: int, *, first: Sequence[int] = ()
) -> list[int]:
    """Shrink column widths until they fit ``available`` cells.

    The columns listed in ``first`` give way first, down to their minimum;
    then the widest column shrinks, one cell at a time, none below its
    minimum (nor its natural width, if smaller). If that is still too wide,
    every column gives way, the widest first, down to one cell.
    """
    widths = list(natural)
    floors = [min(n, m) for n, m in zip(natural, minimum, strict=True)]
    excess = sum(widths) - available
    everything = range(len(widths))
    for columns, lowest in ((first, floors), (everything, floors), (everything, [1] * len(widths))):
        while excess > 0:
            shrinkable = [i for i in columns if widths[i] > lowest[i]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: (widths[i], i))
            widths[widest] -= 1
            excess -= 1
    return widths


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    minimum: Sequence[int],
    width: int,
    *,
    first: Sequence[int] = (),
) -> str:
    """Return an aligned table that fits ``width`` cells, long cells cut with "…".

    ``minimum`` and ``first`` are as for :func:`fit_widths`.
    """
    flat = [[" ".join(cell.split()) for cell in row] for row in rows]
    natural = [max([text_width(h), *(text_width(r[i]) for r in flat)]) for i, h in enumerate(headers)]
    available = max(width - len(GAP) * (len(headers) - 1), 0)
    widths = fit_widths(natural, minimum, available, first=first)
    lines = []
    for row in [list(headers), ["-" * w for w in widths], *flat]:
        cells = [_pad(truncate(cell, w), w) for cell, w in zip(row, widths, strict=True)]
        lines.append(GAP.join(cells).rstrip())
    return "\n".join(lines)
