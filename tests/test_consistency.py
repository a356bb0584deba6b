"""Itemised never exceeds aggregated: records against the article's own headline figures.

Where the article gives a total and also itemises part of it, the records'
count or sum, as of the same date, must stay within the total. One test per
figure; each names the figure by its id and reads its value from the data,
whose value the data tests check against the article's text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import covid_synergy as cs

#: The entities of the data that are African countries, or groups of them
#: (geography the article takes for granted).
AFRICAN = {"burkina-faso", "egypt", "ethiopia", "ghana"}
CHINESE_DONORS = ("china", "red-cross-society-of-china")


def within(itemised: Decimal | int, figure: cs.Figure) -> bool:
    """Whether an itemised count or sum is consistent with a headline figure.

    An exact, upper or approximate figure bounds the part from above; a lower
    bound ("more than 50") does not, so any part is consistent with it.
    """
    if figure.quantity.bound is cs.Bound.AT_LEAST:
        return True
    return Decimal(itemised) <= figure.quantity.value


def figure(ds: cs.Dataset, figure_id: str) -> cs.Figure:
    """The figure with this id."""
    found = ds.get(figure_id)
    assert isinstance(found, cs.Figure)
    return found


def teams_sent(ds: cs.Dataset, by: date) -> cs.AidSet:
    """Medical teams the records show China sending, on or before ``by`` (undated ones included)."""
    teams = ds.aid.of_kind(cs.AidKind.MEDICAL_TEAM).where(
        lambda a: a.donor in CHINESE_DONORS and a.status is not cs.AidStatus.PLEDGED
    )
    return teams.between(date.min, by) | teams.undated()


def team_count(teams: cs.AidSet) -> int:
    """Teams in records: a record's 'team' quantity, else one team."""
    counted = 0
    for record in teams:
        numbers = [q.value for q in record.quantities if q.unit == "team"]
        counted += int(sum(numbers)) if numbers else 1
    return counted


def test_medical_expert_teams_by_may_31(ds: cs.Dataset) -> None:
    """The teams itemised by May 31 number no more than the 29 the article counts."""
    total = figure(ds, "2020-05-31-medical-expert-teams-sent")
    teams = teams_sent(ds, total.date.end if total.date else date.max)
    assert team_count(teams) > 0
    assert within(team_count(teams), total), team_count(teams)


def test_countries_sent_teams_by_may_31(ds: cs.Dataset) -> None:
    """The countries the itemised teams went to number no more than 27."""
    total = figure(ds, "2020-05-31-countries-sent-medical-expert-teams")
    teams = teams_sent(ds, date(2020, 5, 31))
    countries = {r for a in teams for r in a.recipients if ds.entities[r].kind is cs.EntityKind.COUNTRY}
    assert countries
    assert within(len(countries), total), sorted(countries)


def test_teams_to_africa(ds: cs.Dataset) -> None:
    """The teams itemised as going to African countries number no more than the 7 sent to Africa."""
    total = figure(ds, "medical-expert-teams-sent-to-africa")
    to_african_countries = teams_sent(ds, date.max).where(lambda a: not AFRICAN.isdisjoint(a.recipients))
    assert len(to_african_countries) > 0
    assert within(team_count(to_african_countries), total)


def test_donations_to_the_who(ds: cs.Dataset) -> None:
    """The money itemised as given to the WHO adds up to no more than US$50 million."""
    total = figure(ds, "donations-to-who-total")
    given = ds.aid.to("WHO").where(lambda a: a.status is cs.AidStatus.DELIVERED).total("USD")
    assert given.value > 0
    assert within(given.value, total)


def test_supplies_to_african_countries(ds: cs.Dataset) -> None:
    """African countries itemised as receiving Chinese supplies are within 'more than 50'."""
    total = figure(ds, "african-countries-donated-medical-assistance")
    supplies = ds.aid.from_(*CHINESE_DONORS).of_kind(cs.AidKind.MEDICAL_SUPPLIES)
    named = {r for a in supplies for r in a.recipients if r in AFRICAN}
    counted = sum(
        int(q.value)
        for a in supplies
        if "eighteen-african-countries" in a.recipients
        for q in a.quantities
        if q.unit == "country"
    )
    assert counted + len(named) > 0
    assert within(counted + len(named), total)


def test_countries_assisted_by_may_31(ds: cs.Dataset) -> None:
    """The countries itemised as receiving China's help by May 31 are no more than 150."""
    total = figure(ds, "2020-05-31-countries-assisted")
    helped = ds.aid.from_(*CHINESE_DONORS).where(lambda a: a.status is not cs.AidStatus.PLEDGED)
    helped = helped.between(date.min, date(2020, 5, 31)) | helped.undated()
    countries = {r for a in helped for r in a.recipients if ds.entities[r].kind is cs.EntityKind.COUNTRY}
    assert countries
    assert within(len(countries), total)


def test_within_can_fail() -> None:
    """The comparison refuses a part larger than an exact total."""
    evidence = (cs.Evidence(paragraph=1, quote="x"),)
    exact = cs.Figure(
        id="f", metric="m", summary="s", quantity=cs.Quantity(value=Decimal(2), unit="team"), evidence=evidence
    )
    assert not within(3, exact)
    assert within(2, exact)
