"""Date spans: when the article says something happened, as precisely as it says."""

from __future__ import annotations

import enum
import re
from datetime import date, datetime

import attrs

__all__ = ["DATE_FORMS", "DateSpan", "Precision", "month_end", "parse_day", "to_date"]


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


def month_end(year: int, month: int) -> date:
    """Return the last day of a month.

    >>> month_end(2020, 2).isoformat()
    '2020-02-29'
    >>> month_end(9999, 12).isoformat()
    '9999-12-31'
    """
    if month == 12:  # noqa: PLR2004 - December
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def _is_whole_month(start: date, end: date) -> bool:
    return start.day == 1 and end == month_end(start.year, start.month)


_DAY_FORMS = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)
#: The forms a day may be written in on the command line.
DATE_FORMS = "YYYY-MM-DD (or YYYY-MM, YYYY for a whole month or year)"


def parse_day(text: str, *, last: bool) -> date:
    """Return the day a ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` string names.

    A month or a year names its first day, or its last with ``last``.
    Raises :class:`ValueError` saying what is wrong.

    >>> parse_day("2020-02", last=True).isoformat()
    '2020-02-29'
    """
    match = _DAY_FORMS.fullmatch(text.strip())
    if match is None:
        msg = f"{text!r} is not a date; expected {DATE_FORMS}"
        raise ValueError(msg)
    year, month, day = match.groups()
    try:
        if day is not None:
            return date(int(year), int(month), int(day))
        if month is not None:
            return month_end(int(year), int(month)) if last else date(int(year), int(month), 1)
        return date(int(year), 12, 31) if last else date(int(year), 1, 1)
    except ValueError:
        msg = f"{text!r} is not a real day; expected {DATE_FORMS}"
        raise ValueError(msg) from None


def to_date(value: date | str, name: str) -> date:
    """Accept a :class:`~datetime.date` or an ISO ``YYYY-MM-DD`` string.

    >>> to_date("2020-03-12", "start").isoformat()
    '2020-03-12'
    """
    if isinstance(value, datetime):
        msg = f"{name}: expected a date, not a datetime ({value!r})"
        raise TypeError(msg)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value) if len(value) == 10 else _bad_date(name, value)  # noqa: PLR2004
        except ValueError:
            _bad_date(name, value)
    msg = f"{name}: expected a date or an ISO 'YYYY-MM-DD' string, not {type(value).__name__}"
    raise TypeError(msg)


def _bad_date(name: str, value: str) -> date:
    msg = f"{name}: {value!r} is not a date in ISO form 'YYYY-MM-DD'"
    raise ValueError(msg)
