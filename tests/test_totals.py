"""Totals: exact sums at any size, bounds that combine soundly, and counts that may overlap."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import covid_synergy as cs
from covid_synergy._totals import combine_bounds

#: Quantities as long as the loader accepts: 40 characters of digits.
FORTY_DIGITS = st.integers(10**39, 10**40 - 1)


@given(st.lists(FORTY_DIGITS, min_size=1, max_size=30))
def test_sums_of_40_digit_quantities_are_their_exact_integer_sums(values: list[int]) -> None:
    """No rounding, however many digits: the total equals the integer sum, and is exact."""
    total = cs.Total(unit="USD")
    for value in values:
        total = total + cs.Total.of(cs.Quantity(value=Decimal(value), unit="USD"))
    assert Decimal(sum(values)) == total.value
    assert str(sum(values)) == format(total.value, "f")
    assert (cs.Bound.EXACT, len(values)) == (total.bound, total.count)


def test_a_37_digit_quantity_is_not_rounded() -> None:
    """What 28-digit arithmetic would round to 1.234567890123456789012345679E+36 stays whole."""
    value = Decimal(1234567890123456789012345678901234567)
    total = cs.Total.of(cs.Quantity(value=value, unit="tonne")) + cs.Total(unit="tonne")
    assert "1234567890123456789012345678901234567 tonne" == str(total)


@given(st.lists(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False), max_size=20))
def test_fractions_add_up_exactly(values: list[Decimal]) -> None:
    """Decimal fractions ("8.1", "31") add exactly, as they are written."""
    total = cs.Total(unit="tonne")
    for value in values:
        total = total + cs.Total.of(cs.Quantity(value=value, unit="tonne"))
    assert sum(values, Decimal(0)) == total.value


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (cs.Bound.EXACT, cs.Bound.EXACT, cs.Bound.EXACT),
        (cs.Bound.EXACT, cs.Bound.AT_LEAST, cs.Bound.AT_LEAST),
        (cs.Bound.AT_MOST, cs.Bound.EXACT, cs.Bound.AT_MOST),
        (cs.Bound.APPROXIMATELY, cs.Bound.APPROXIMATELY, cs.Bound.APPROXIMATELY),
        (cs.Bound.AT_LEAST, cs.Bound.AT_MOST, None),
        (cs.Bound.APPROXIMATELY, cs.Bound.AT_LEAST, None),
    ],
)
def test_bound_rules(a: cs.Bound, b: cs.Bound, expected: cs.Bound | None) -> None:
    """Bounds combine as documented; unsound mixes raise MixedBoundsError."""
    x = cs.Total(unit="team", value=Decimal(1), bound=a, count=1)
    y = cs.Total(unit="team", value=Decimal(2), bound=b, count=1)
    if expected is None:
        with pytest.raises(cs.MixedBoundsError, match="no sound total"):
            _ = x + y
    else:
        assert cs.Total(unit="team", value=Decimal(3), bound=expected, count=2) == x + y
        assert expected is combine_bounds(b, a)


def test_units_are_never_mixed_and_only_totals_add() -> None:
    """Adding another unit raises; adding something that is not a Total is not supported."""
    with pytest.raises(ValueError, match="units are never mixed"):
        _ = cs.Total(unit="team") + cs.Total(unit="tonne")
    with pytest.raises(TypeError):
        _ = cs.Total(unit="team") + 1  # type: ignore[operator]


def test_a_unit_is_named_by_any_of_its_names_or_refused() -> None:
    """Total(unit="tons") is a total in tonnes; an unknown unit raises UnknownNameError."""
    assert "tonne" == cs.Total(unit="tons").unit
    assert "USD" == cs.Total(unit=cs.Unit.USD).unit
    with pytest.raises(cs.UnknownNameError, match="unknown unit 'tonnez'; did you mean 'tonne'"):
        cs.Total(unit="tonnez")


def test_only_several_counts_of_recurring_things_may_overlap() -> None:
    """One part never overlaps itself; tonnes never overlap; countries summed over parts may."""
    one = cs.Total.of(cs.Quantity(value=Decimal(170), unit="country", bound=cs.Bound.AT_LEAST))
    assert not one.may_overlap
    assert "at least 170 country" == str(one)
    both = one + one
    assert both.may_overlap
    assert "at least 340 country (parts may overlap)" == str(both)
    tonnes = cs.Total.of(cs.Quantity(value=Decimal(1), unit="tonne"))
    assert not (tonnes + tonnes).may_overlap
