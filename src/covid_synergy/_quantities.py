"""Quantities: numbers exactly as the article writes them, with their bounds."""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

__all__ = ["UNITS", "Bound", "Quantity"]

#: The controlled vocabulary of units, with what each one counts.
#: Money is in ISO 4217 codes; everything else is a singular count noun.
UNITS: dict[str, str] = {
    "USD": "United States dollars (ISO 4217)",
    "tonne": "metric tons of goods (the article's 'tons')",
    "case": "confirmed cases of Covid-19",
    "category": "categories (of vaccines under development)",
    "country": "countries",
    "day": "days of duration",
    "death": "people killed by the virus",
    "hour": "hours of duration",
    "hospital": "hospitals",
    "journal": "academic journals",
    "leader": "national leaders and heads of international organizations",
    "organization": "organizations (international, regional, political)",
    "paper_or_report": "papers and reports",
    "party_or_organization": "political parties and organizations",
    "percent": "per cent",
    "person": "people (team members, officials, experts)",
    "platform": "online platforms",
    "proposal": "proposals put forward",
    "service": "download, browsing and retrieval services",
    "sheep": "sheep",
    "team": "teams (medical, expert, aid)",
    "training_session": "training sessions",
    "tranche": "tranches of a payment",
    "user": "users of a service",
    "year": "years of duration",
}


class Bound(enum.Enum):
    """How a quantity's value relates to the true number, per the article."""

    #: The article gives the number plainly ("29 medical expert teams").
    EXACT = "exact"
    #: The true number is at least the value ("over 170", "more than 300").
    AT_LEAST = "at_least"
    #: The true number is at most the value ("less than five days").
    AT_MOST = "at_most"
    #: The value is approximate ("nearly 48 million").
    APPROXIMATELY = "approximately"


@attrs.frozen(kw_only=True)
class Quantity:
    """A number of something, as the article states it.

    >>> from decimal import Decimal
    >>> print(Quantity(value=Decimal("8.1"), unit="tonne"))
    8.1 tonne
    >>> print(Quantity(value=Decimal(170), unit="country", bound=Bound.AT_LEAST))
    at least 170 country
    """

    #: The number, exactly as written ("8.1 tons" is ``Decimal("8.1")``);
    #: finite and not negative.
    value: Decimal = attrs.field()
    #: A unit from :data:`UNITS`.
    unit: str = attrs.field()
    #: How the value bounds the true number.
    bound: Bound = Bound.EXACT

    @value.validator
    def _check_value(self, _attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
        if not value.is_finite() or value < 0:
            msg = f"a quantity must be a finite number not below zero, not {value}"
            raise ValueError(msg)

    @unit.validator
    def _check_unit(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if value not in UNITS:
            msg = f"unknown unit {value!r}; known units: {', '.join(sorted(UNITS))}"
            raise ValueError(msg)

    def __str__(self) -> str:
        words = {
            Bound.EXACT: "",
            Bound.AT_LEAST: "at least ",
            Bound.AT_MOST: "at most ",
            Bound.APPROXIMATELY: "approximately ",
        }
        return f"{words[self.bound]}{self.value} {self.unit}"
