"""Date spans and the days, months and years a string names."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import covid_synergy as cs
from covid_synergy import strategies as cst
from covid_synergy._dates import month_end, period


@given(st.dates())
def test_a_day_names_itself_in_every_form(day: date) -> None:
    """A date, its ISO string and the string with spaces around name that one day."""
    assert (day, day) == period(day) == period(day.isoformat()) == period(f" {day.isoformat()} ")


@given(st.dates())
def test_a_month_is_its_first_to_its_last_day(day: date) -> None:
    """'YYYY-MM' runs from the 1st to the month's last day, which is the day before the next month's 1st."""
    first, last = period(f"{day.year:04d}-{day.month:02d}")
    assert (day.year, day.month, 1) == (first.year, first.month, first.day)
    assert (last.year, last.month) == (day.year, day.month)
    assert first <= day <= last
    assert last == month_end(day.year, day.month)
    if (day.year, day.month) != (9999, 12):
        assert 1 == (date.fromordinal(last.toordinal() + 1)).day


def test_a_year_is_all_of_it_even_at_the_calendars_edge() -> None:
    """'2020' is the whole year; December 9999 is a month like any other."""
    assert (date(2020, 1, 1), date(2020, 12, 31)) == period("2020")
    assert (date(9999, 12, 1), date(9999, 12, 31)) == period("9999-12")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2020-02-30", "2020-02-30: February 2020 has 29 days"),
        ("2019-02-29", "2019-02-29: February 2019 has 28 days"),
        ("2020-04-31", "2020-04-31: April 2020 has 30 days"),
        ("2020-00", "2020-00: there is no month 0"),
        ("2020-13-01", "2020-13-01: there is no month 13"),
        ("0000", "0000: there is no year 0"),
        ("2020-4", "'2020-4' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY"),
        ("20200401", "'20200401' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY"),
        ("", "'' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY"),
    ],
)
def test_a_string_that_names_no_day_says_why(text: str, message: str) -> None:
    """The problem is named, not just the expected form."""
    with pytest.raises(cs.InvalidDateError) as caught:
        period(text)
    assert message == str(caught.value)


def test_other_types_are_refused() -> None:
    """A datetime is not a day; a number is not a date."""
    with pytest.raises(TypeError, match="not a datetime"):
        period(datetime(2020, 3, 1))  # noqa: DTZ001 - the value refused
    with pytest.raises(TypeError, match="not int"):
        period(2020)  # type: ignore[arg-type]


@given(cst.date_spans())
def test_every_span_keeps_its_own_rules(span: cs.DateSpan) -> None:
    """Generated spans of each precision keep the invariants the class checks."""
    assert span.start <= span.end
    assert span.contains(span.start)
    assert span.contains(span.end)
    assert span.overlaps(span)


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (cs.DateSpan.on(date(2020, 3, 12)), "2020-03-12"),
        (
            cs.DateSpan(start=date(2020, 2, 16), end=date(2020, 2, 24), precision=cs.Precision.RANGE),
            "2020-02-16/2020-02-24",
        ),
        (cs.DateSpan(start=date(2020, 3, 1), end=date(2020, 3, 31), precision=cs.Precision.MONTH), "2020-03"),
        (cs.DateSpan(start=date(2020, 2, 1), end=date(2020, 2, 29), precision=cs.Precision.APPROXIMATE), "2020-02~"),
        (
            cs.DateSpan(start=date(2020, 3, 15), end=date(2020, 3, 20), precision=cs.Precision.APPROXIMATE),
            "2020-03-15~/2020-03-20~",
        ),
        (cs.DateSpan(start=date(2020, 5, 31), end=date(2020, 5, 31), precision=cs.Precision.AS_OF), "../2020-05-31"),
        (cs.DateSpan(start=date(9999, 12, 1), end=date(9999, 12, 31), precision=cs.Precision.APPROXIMATE), "9999-12~"),
    ],
)
def test_spans_print_as_edtf(span: cs.DateSpan, text: str) -> None:
    """Each precision prints as its EDTF form, up to the last day the calendar has."""
    assert text == str(span)


@pytest.mark.parametrize(
    ("start", "end", "precision", "message"),
    [
        (date(2020, 3, 2), date(2020, 3, 1), cs.Precision.RANGE, "is before start"),
        (date(2020, 3, 1), date(2020, 3, 2), cs.Precision.DAY, "must start and end on the same day"),
        (date(2020, 3, 1), date(2020, 3, 1), cs.Precision.RANGE, "more than one day"),
        (date(2020, 3, 1), date(2020, 3, 30), cs.Precision.MONTH, "first to the last day of one month"),
    ],
)
def test_spans_refuse_what_their_precision_forbids(
    start: date, end: date, precision: cs.Precision, message: str
) -> None:
    """A span's precision is checked against its days when it is built."""
    with pytest.raises(ValueError, match=message):
        cs.DateSpan(start=start, end=end, precision=precision)
