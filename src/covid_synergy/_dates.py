"""Date spans: when the article says something happened, as precisely as it says."""

from __future__ import annotations

import re
from datetime import date, datetime

import attrs

from ._errors import InvalidDateError, clip
from ._vocabulary import Vocabulary, named

__all__ = ["DATE_FORMS", "MONTH_NAMES", "DateSpan", "Precision", "month_end", "period"]


@named("date precision")
class Precision(Vocabulary):
    """How precisely the article dates a record.

    Each member has a ``meaning``, an ``example`` from the article and
    ``aliases``; the data-model page lists them all.
    """

    DAY = (
        "day",
        'One named day, or a day resolved from a relative phrase ("Ten days later")',
        "On March 28, a Chinese medical team arrived in Islamabad, Pakistan.",
        (),
    )
    RANGE = (
        "range",
        'A range of named days ("From February 16 to 24")',
        "From February 16 to 24, the WHO-China Joint Mission on Covid-19 conducted a nine-day field visit",
        ("date range",),
    )
    MONTH = ("month", 'A whole calendar month, no day named ("In March")', None, ())
    APPROXIMATE = (
        "approximate",
        "An imprecise phrase; the span is the smallest period the phrase surely falls in",
        "less than a week after Serbian President Aleksandar Vucic requested assistance from China",
        ("approx",),
    )
    AS_OF = (
        "as_of",
        'A cumulative count up to a day ("By May 31"); start and end are that day',
        "By May 31, China had sent 29 medical expert teams to 27 countries",
        (),
    )


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


_DAY_FORMS = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", re.ASCII)
#: The forms a day, a month or a year may be written in.
DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY"
#: The months' English names, January first.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def period(value: date | str) -> tuple[date, date]:
    """Return the first and last day that ``value`` names.

    A :class:`~datetime.date` or ``YYYY-MM-DD`` names one day; ``YYYY-MM``
    a whole month; ``YYYY`` a whole year. A string that is none of these,
    or names no real day, raises :class:`~covid_synergy.InvalidDateError`
    saying what is wrong.

    >>> [d.isoformat() for d in period("2020-02")]
    ['2020-02-01', '2020-02-29']
    >>> period("2020-02-30")
    Traceback (most recent call last):
    ...
    covid_synergy._errors.InvalidDateError: 2020-02-30: February 2020 has 29 days
    """
    if isinstance(value, datetime):
        msg = f"expected a date, not a datetime ({value!r})"
        raise TypeError(msg)
    if isinstance(value, date):
        return value, value
    if not isinstance(value, str):
        msg = f"expected a date or a string ({DATE_FORMS}), not {type(value).__name__}"
        raise TypeError(msg)
    text = value.strip()
    match = _DAY_FORMS.fullmatch(text)
    if match is None:
        msg = f"{clip(value)!r} is not a date; expected {DATE_FORMS}"
        raise InvalidDateError(msg)
    year, month, day = (None if g is None else int(g) for g in match.groups())
    assert year is not None  # noqa: S101 - the pattern requires it
    if year < 1:
        msg = f"{text}: there is no year 0"
        raise InvalidDateError(msg)
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if not 1 <= month <= 12:  # noqa: PLR2004 - the months of a year
        msg = f"{text}: there is no month {month}"
        raise InvalidDateError(msg)
    last = month_end(year, month)
    if day is None:
        return date(year, month, 1), last
    if not 1 <= day <= last.day:
        msg = f"{text}: {MONTH_NAMES[month - 1]} {year} has {last.day} days"
        raise InvalidDateError(msg)
    return date(year, month, day), date(year, month, day)
