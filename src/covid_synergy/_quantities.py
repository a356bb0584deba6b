"""Quantities: numbers exactly as the article writes them, with their bounds."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Self

import attrs

from ._vocabulary import Vocabulary, named, term

__all__ = ["UNITS", "Bound", "Quantity", "Unit"]


@named("unit")
class Unit(Vocabulary):
    """What a quantity counts or measures.

    Money is in ISO 4217 codes; everything else is a singular count noun. A
    unit ``overlaps`` when counts in it can count the same thing again in
    another record (countries, people, teams: "170 countries" and "150
    countries" are not 320 countries); sums of such counts say so.
    """

    #: Whether counts in this unit may count the same thing in several records.
    overlaps: bool

    if not TYPE_CHECKING:  # calling the class looks a value up, as for every vocabulary

        def __new__(  # an enum member's values are positional
            cls,
            value: str,
            meaning: str,
            example: str | None,
            aliases: tuple[str, ...],
            overlaps: bool,  # noqa: FBT001
        ) -> Self:
            member = term(cls, value, meaning, example, aliases)
            member.overlaps = overlaps
            return member

    USD = (
        "USD",
        "United States dollars (ISO 4217)",
        "providing US$2 billion in international aid",
        ("US$", "dollars", "US dollars"),
        False,
    )
    TONNE = (
        "tonne",
        'Metric tons of goods (the article\'s "tons")',
        "with 8.1 tons of medical supplies in tow",
        ("tons", "ton", "tonnes", "metric ton", "metric tons"),
        False,
    )
    CASE = (
        "case",
        "Confirmed cases of Covid-19",
        "By June 12, there were over 7.4 million confirmed cases of Covid-19",
        ("cases", "confirmed case", "confirmed cases"),
        True,
    )
    CATEGORY = (
        "category",
        "Categories (of vaccines under development)",
        "China has kept the world updated on the vaccines it is developing in five categories.",
        ("categories",),
        True,
    )
    COUNTRY = (
        "country",
        "Countries, as the article counts them",
        "China exported Covid-19 supplies to 200 countries between March 1 and May 31",
        ("countries",),
        True,
    )
    DAY = ("day", "Days, as a length of time", "conducted a nine-day field visit in China", ("days",), False)
    DEATH = (
        "death",
        "People killed by the virus",
        "more than 410,000 people had been killed by the virus",
        ("deaths",),
        True,
    )
    HOUR = (
        "hour",
        "Hours, as a length of time",
        "Over the course of the three and a half hour meeting",
        ("hours",),
        False,
    )
    HOSPITAL = (
        "hospital",
        "Hospitals",
        "establishing a cooperation mechanism to pair Chinese hospitals with 30 hospitals in Africa",
        ("hospitals",),
        True,
    )
    JOURNAL = (
        "journal",
        "Academic journals",
        "By May 31, a total of 104 journals and 970 papers and reports were available",
        ("journals",),
        True,
    )
    LEADER = (
        "leader",
        "National leaders and heads of international organizations",
        "He has spoken to or held meetings with over 50 national leaders and heads of international organizations",
        ("leaders",),
        True,
    )
    ORGANIZATION = (
        "organization",
        "Organizations (international, regional, political)",
        "while 77 countries and 12 international organizations made donations",
        ("organizations", "organisation", "organisations"),
        True,
    )
    PAPER_OR_REPORT = (
        "paper_or_report",
        "Papers and reports",
        "970 papers and reports were available on the Covid-19 Academic Research Communication Platform",
        ("papers", "reports", "papers and reports"),
        True,
    )
    PARTY_OR_ORGANIZATION = (
        "party_or_organization",
        "Political parties and organizations",
        "more than 300 foreign political parties and organizations sent messages of sympathy",
        ("political party", "political parties", "parties and organizations"),
        True,
    )
    PERCENT = (
        "percent",
        "Per cent, a share of a whole",
        "it was able to successfully cut off over 90% of the domestic viral transmission chains",
        ("%", "per cent", "percentage"),
        True,
    )
    PERSON = (
        "person",
        "People (team members, officials, experts)",
        "Joining the meeting were over 200 officials and experts from all 25 LAC countries",
        ("people", "persons"),
        True,
    )
    PLATFORM = ("platform", "Online platforms", "As of May 31, the three platforms had provided", ("platforms",), True)
    PROPOSAL = ("proposal", "Proposals put forward", "President Xi put forward six proposals", ("proposals",), True)
    SERVICE = (
        "service",
        "Download, browsing and retrieval services provided",
        "nearly 48 million download, browsing and retrieval services",
        ("services",),
        False,
    )
    SHEEP = (
        "sheep",
        "Sheep, counted by head",
        "From the rice donated by Myanmar, the tea by Sri Lanka and the 30,000 sheep given by Mongolia",
        (),
        False,
    )
    TEAM = (
        "team",
        "Teams (medical, expert, aid)",
        "By May 31, China had sent 29 medical expert teams",
        ("teams",),
        True,
    )
    TRAINING_SESSION = (
        "training_session",
        "Training sessions held",
        "held over 400 on-and offline training sessions for local residents and overseas Chinese",
        ("training sessions",),
        False,
    )
    TRANCHE = (
        "tranche",
        "Tranches (instalments) of a payment",
        "China has donated a total of US$50 million to the WHO in two tranches.",
        ("tranches",),
        False,
    )
    USER = ("user", "Users of a service", "to more than 370,000 users worldwide", ("users",), True)
    YEAR = (
        "year",
        "Years, as a length of time",
        "in international aid over two years to combat the impact of Covid-19",
        ("years",),
        False,
    )


#: Every unit and what it counts (the values of :class:`Unit`).
UNITS: dict[str, str] = {unit.value: unit.meaning for unit in Unit}


@named("bound")
class Bound(Vocabulary):
    """How a quantity's value relates to the true number, per the article.

    Each member has a ``meaning``, an ``example`` from the article and
    ``aliases``; the data-model page lists them all.
    """

    EXACT = (
        "exact",
        'The article gives the number plainly ("29 medical expert teams")',
        "the 30,000 sheep given by Mongolia",
        ("exactly",),
    )
    AT_LEAST = (
        "at_least",
        'The true number is at least the value ("over 170", "more than 300")',
        "These teams have held over 400 on-and offline training sessions",
        ("over", "more than"),
    )
    AT_MOST = (
        "at_most",
        'The true number is at most the value ("less than five days")',
        "less than five days after Laos announced its first two confirmed cases of Covid-19",
        ("under", "less than"),
    )
    APPROXIMATELY = (
        "approximately",
        'The value is approximate ("nearly 48 million")',
        "the three platforms had provided nearly 48 million download, browsing and retrieval services",
        ("approx", "about", "nearly"),
    )


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
