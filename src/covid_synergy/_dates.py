"""Date spans: when the article says something happened, as precisely as it says."""

from __future__ import annotations

import enum
from datetime import date

import attrs

__all__ = ["DateSpan", "Precision"]


class Precision(enum.Enum):
    """How precisely the article dates a record."""

    #: One named day ("On March 12"), or a day resolved from a relative
    #: phrase ("Ten days later").
    DAY = "day"
    #: A range of named days ("From February 16 to 24").
    RANGE = "range"
    #: A whole calendar month, no day named ("In March").
    MONTH = "month"
    #: An imprecise phrase ("At the start of February"); the span is the
    #: smallest period the phrase surely falls in.
    APPROXIMATE = "approximate"
    #: A cumulative count up to a day ("By May 31", "As of May 31");
    #: ``start`` and ``end`` are that day.
    AS_OF = "as_of"


@attrs.frozen(kw_only=True)
class DateSpan:
    """A closed interval of days, with the article's own words for it.

    >>> from datetime import date
    >>> span = DateSpan(start=date(2020, 2, 16), end=date(2020, 2, 24),
    ...                 precision=Precision.RANGE, text="From February 16 to 24")
    >>> str(span)
    '2020-02-16/2020-02-24'
    >>> span.contains(date(2020, 2, 20))
    True
    """

    #: The first day of the span.
    start: date
    #: The last day of the span (inclusive); never before ``start``.
    end: date = attrs.field()
    #: How precisely the article dates it.
    precision: Precision = attrs.field()
    #: The article's phrase when it is not a plain date, else ``None``.
    text: str | None = None

    @end.validator
    def _check_end(self, _attribute: attrs.Attribute[date], value: date) -> None:
        if value < self.start:
            msg = f"end {value.isoformat()} is before start {self.start.isoformat()}"
            raise ValueError(msg)

    @precision.validator
    def _check_precision(self, _attribute: attrs.Attribute[Precision], value: Precision) -> None:
        one_day = self.start == self.end
        if value in (Precision.DAY, Precision.AS_OF) and not one_day:
            msg = f"a {value.value!r} span must start and end on the same day"
            raise ValueError(msg)
        if value is Precision.RANGE and one_day:
            msg = "a 'range' span must cover more than one day"
            raise ValueError(msg)
        if value is Precision.MONTH and not _is_whole_month(self.start, self.end):
            msg = "a 'month' span must run from the first to the last day of one month"
            raise ValueError(msg)

    @classmethod
    def on(cls, day: date, text: str | None = None) -> DateSpan:
        """Return the span of one day.

        >>> str(DateSpan.on(date(2020, 3, 12)))
        '2020-03-12'
        """
        return cls(start=day, end=day, precision=Precision.DAY, text=text)

    def contains(self, day: date) -> bool:
        """Return whether ``day`` falls inside the span (ends included)."""
        return self.start <= day <= self.end

    def overlaps(self, other: DateSpan) -> bool:
        """Return whether the two spans share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        """Return an EDTF (ISO 8601-2) string for the span.

        ``2020-03-12`` for a day, ``2020-02-16/2020-02-24`` for a range,
        ``2020-03`` for a month, a trailing ``~`` for an approximate span
        (``2020-02~``), and ``../2020-05-31`` for a cumulative "as of" date.
        """
        start, end = self.start, self.end
        if self.precision is Precision.AS_OF:
            return f"../{end.isoformat()}"
        if self.precision is Precision.MONTH or (
            self.precision is Precision.APPROXIMATE and _is_whole_month(start, end)
        ):
            text = f"{start.year:04d}-{start.month:02d}"
        elif start == end:
            text = start.isoformat()
        else:
            text = f"{start.isoformat()}/{end.isoformat()}"
        if self.precision is Precision.APPROXIMATE:
            if "/" in text:
                return f"{start.isoformat()}~/{end.isoformat()}~"
            return f"{text}~"
        return text


def _is_whole_month(start: date, end: date) -> bool:
    if start.day != 1 or (start.year, start.month) != (end.year, end.month):
        return False
    following = date(end.year + end.month // 12, end.month % 12 + 1, 1)
    return (following - end).days == 1
