"""Text tables for a terminal: columns fitted to a width, cells cut with "…"."""

from __future__ import annotations

import re
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
    """Return how many terminal cells ``text`` takes.

    >>> text_width("Rome"), text_width("北京"), text_width("e\u0301")
    (4, 4, 1)
    """
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


def _width_to(text: str, most: int) -> int:
    """``text_width(text)``, or ``most`` if it is wider: the cells of a long text
    are counted only as far as ``most``.
    """
    if text.isascii():
        return min(len(text), most)
    used = 0
    for char in text:
        used += _char_width(char)
        if used >= most:
            return most
    return used


def truncate(text: str, width: int) -> str:
    """Return ``text`` on one line, cut to ``width`` cells with a final "…" if too long.

    Only as much of ``text`` is looked at as fits: cutting is linear in ``width``,
    not in the length of ``text`` (past the whitespace made single).

    >>> truncate("Medical experts arrive in Rome", 12)
    'Medical exp…'
    """
    flat = " ".join(text.split())
    if flat.isascii():
        return flat if len(flat) <= width else _cut(flat, width - 1, width)
    used, cut = 0, 0
    for index, char in enumerate(flat):
        used += _char_width(char)
        if used <= width - 1:
            cut = index + 1  # the cut, if it comes to one: the last cell is the "…"
        if used > width:
            return _cut(flat, cut, width)
    return flat


def _cut(flat: str, end: int, width: int) -> str:
    return flat[:end].rstrip() + ELLIPSIS if width > 0 else ""


_WORD: Final = re.compile(r"\S+")


def _flat(text: str, most: int) -> str:
    """``text`` on one line, its runs of whitespace made one space; of a text
    wider than ``most`` cells, only enough of its start to show that.
    """
    if len(text) <= most:
        return " ".join(text.split())
    words, used = [], -1
    for word in _WORD.finditer(text):
        words.append(word.group())
        used += 1 + _width_to(words[-1], most + 1)
        if used > most:
            break
    return " ".join(words)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - text_width(text))


def fit_widths(
    natural: Sequence[int], minimum: Sequence[int], available: int, *, first: Sequence[int] = ()
) -> list[int]:
    """Shrink column widths until they fit ``available`` cells.

    The columns listed in ``first`` give way first, down to their minimum;
    then the widest column shrinks, one cell at a time, none below its
    minimum (nor its natural width, if smaller). If that is still too wide,
    every column gives way, the widest first, down to one cell. Of columns
    equally wide, the rightmost gives way first.

    The cells are taken a whole level at a time, so the work depends on
    the number of columns, not on how much is cut.

    >>> fit_widths([10, 2_000_000, 8], [10, 20, 6], 40)
    [10, 22, 8]
    """
    widths = list(natural)
    floors = [min(n, m) for n, m in zip(natural, minimum, strict=True)]
    excess = sum(widths) - available
    everything = range(len(widths))
    for columns, lowest in ((first, floors), (everything, floors), (everything, [1] * len(widths))):
        excess = _shrink(widths, columns, lowest, excess)
    return widths


def _shrink(widths: list[int], columns: Sequence[int], lowest: Sequence[int], excess: int) -> int:
    """Take up to ``excess`` cells off ``columns`` as one cell at a time from the
    widest (the rightmost of equals) would, none below ``lowest``; return the excess left.
    """
    while excess > 0:
        shrinkable = [i for i in columns if widths[i] > lowest[i]]
        if not shrinkable:
            break
        top = max(widths[i] for i in shrinkable)
        group = sorted(i for i in shrinkable if widths[i] == top)
        # Down to the next narrower column, or to the highest floor in the group.
        below = max([widths[i] for i in shrinkable if widths[i] < top] + [lowest[i] for i in group])
        if excess >= (top - below) * len(group):
            excess -= (top - below) * len(group)
            for i in group:
                widths[i] = below
            continue
        levels, rest = divmod(excess, len(group))
        for position, i in enumerate(group):
            widths[i] = top - levels - (position >= len(group) - rest)
        excess = 0
    return excess


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    minimum: Sequence[int],
    width: int,
    *,
    first: Sequence[int] = (),
) -> str:
    """Return an aligned table that fits ``width`` cells, long cells cut with "…".

    ``minimum`` and ``first`` are as for :func:`fit_widths`. The time it
    takes is linear in the size of what it prints, whatever the length of a
    cell: no cell is read past the width of the terminal.

    >>> print(render_table(["id", "summary"], [["a", "Medical experts arrive in Rome"]], [2, 10], 20))
    id  summary
    --  ----------------
    a   Medical experts…
    """
    available = max(width - len(GAP) * (len(headers) - 1), 0)
    most = max(available, 1)  # no column is ever wider: measuring further changes nothing
    flat = [[_flat(cell, most) for cell in row] for row in rows]
    natural = [max([_width_to(h, most), *(_width_to(r[i], most) for r in flat)]) for i, h in enumerate(headers)]
    widths = fit_widths(natural, minimum, available, first=first)
    lines = []
    for row in [list(headers), ["-" * w for w in widths], *flat]:
        cells = [_pad(truncate(cell, w), w) for cell, w in zip(row, widths, strict=True)]
        lines.append(GAP.join(cells).rstrip())
    return "\n".join(lines)
