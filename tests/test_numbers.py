"""The number reader used to check quantities against the article."""

from decimal import Decimal

import pytest

from numbers_reader import numbers_in


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30,000 sheep", {Decimal(30000)}),
        ("8.1 tons", {Decimal("8.1")}),
        ("US$2 billion", {Decimal(2000000000)}),
        ("over 7.4 million confirmed cases", {Decimal(7400000)}),
        ("a team of nine volunteer experts", {Decimal(9)}),
        ("The seven-member team", {Decimal(7)}),
        ("two and a half hours", {Decimal("2.5")}),
        ("over 90%", {Decimal(90)}),
        ("no numbers here", set()),
    ],
)
def test_reads_the_article_number_forms(text: str, expected: set[Decimal]) -> None:
    """Each way the article writes a number reads back as its exact value."""
    assert {v.normalize() for v in expected} == numbers_in(text)
