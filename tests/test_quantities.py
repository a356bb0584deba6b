"""Quantities: numbers as the article writes them, with their units and bounds."""

from __future__ import annotations

from decimal import Decimal

import pytest

import covid_synergy as cs


@pytest.mark.parametrize(
    ("quantity", "text"),
    [
        (cs.Quantity(value=Decimal("8.1"), unit="tonne"), "8.1 tonne"),
        (cs.Quantity(value=Decimal(170), unit="country", bound=cs.Bound.AT_LEAST), "at least 170 country"),
        (cs.Quantity(value=Decimal(5), unit="day", bound=cs.Bound.AT_MOST), "at most 5 day"),
        (
            cs.Quantity(value=Decimal(48000000), unit="service", bound=cs.Bound.APPROXIMATELY),
            "approximately 48000000 service",
        ),
    ],
)
def test_a_quantity_prints_with_its_bound(quantity: cs.Quantity, text: str) -> None:
    """The bound is said in words before the number."""
    assert text == str(quantity)


@pytest.mark.parametrize("value", [Decimal(-1), Decimal("NaN"), Decimal("Infinity")])
def test_a_quantity_is_finite_and_not_negative(value: Decimal) -> None:
    """Negative, NaN and infinite values are refused."""
    with pytest.raises(ValueError, match="finite number not below zero"):
        cs.Quantity(value=value, unit="tonne")


def test_a_quantity_names_its_unit_exactly() -> None:
    """The data writes each unit by its value; an alias or a misspelling is refused, naming the units."""
    with pytest.raises(ValueError, match="unknown unit 'tons'; known units: "):
        cs.Quantity(value=Decimal(1), unit="tons")
