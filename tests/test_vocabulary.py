"""The vocabularies: every value means something, shows it in the article's words, and is found by its names."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import covid_synergy as cs
from conftest import ARTICLE
from covid_synergy._vocabulary import normal_name

VOCABULARIES: list[type[cs.Vocabulary]] = [
    cs.EntityKind,
    cs.EventKind,
    cs.AidKind,
    cs.AidStatus,
    cs.StatementMode,
    cs.SentenceRole,
    cs.Precision,
    cs.Bound,
    cs.Unit,
]
MEMBERS = [member for vocabulary in VOCABULARIES for member in vocabulary]
#: The values the article has no instance of: their example is None.
NO_EXAMPLE = {cs.Precision.MONTH}


@pytest.mark.parametrize("member", MEMBERS, ids=lambda m: f"{type(m).__name__}.{m.name}")
def test_every_value_has_a_meaning_and_an_example_from_the_article(member: cs.Vocabulary) -> None:
    """A one-line meaning; an example that is the article's own words, verbatim."""
    assert member.meaning.strip()
    assert "\n" not in member.meaning
    assert len(member.meaning) <= 110
    if member in NO_EXAMPLE:
        assert member.example is None
    else:
        assert member.example is not None
        assert member.example in ARTICLE.read_text(encoding="utf-8")


def test_the_month_precision_has_no_example_because_the_article_dates_nothing_by_month() -> None:
    """No record of the data is dated by a month alone, so no example is invented for it."""
    spans = [r.date for r in [*cs.load().events, *cs.load().aid, *cs.load().statements, *cs.load().figures]]
    assert cs.Precision.MONTH not in {s.precision for s in spans if s is not None}


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_name_names_one_value(vocabulary: type[cs.Vocabulary]) -> None:
    """No alias of one value is the name of another, after case-folding and '-' or ' ' read as '_'."""
    seen: dict[str, str] = {}
    for member in vocabulary:
        for name in (member.value, *member.aliases):
            assert seen.setdefault(normal_name(name), member.value) == member.value, name
            assert vocabulary.parse(name) is member


@pytest.mark.parametrize(
    ("vocabulary", "name", "expected"),
    [
        (cs.EventKind, "Call", cs.EventKind.CALL),
        (cs.EventKind, "phone call", cs.EventKind.CALL),
        (cs.EventKind, "Press-Conference", cs.EventKind.PRESS_CONFERENCE),
        (cs.AidKind, "medical-team", cs.AidKind.MEDICAL_TEAM),
        (cs.AidKind, "Medical Team", cs.AidKind.MEDICAL_TEAM),
        (cs.AidStatus, "promised", cs.AidStatus.PLEDGED),
        (cs.Unit, "usd", cs.Unit.USD),
        (cs.Unit, "US$", cs.Unit.USD),
        (cs.Unit, "tons", cs.Unit.TONNE),
        (cs.Bound, "more than", cs.Bound.AT_LEAST),
        (cs.Precision, "as-of", cs.Precision.AS_OF),
    ],
)
def test_names_match_as_a_reader_writes_them(
    vocabulary: type[cs.Vocabulary], name: str, expected: cs.Vocabulary
) -> None:
    """Case, '-' or ' ' for '_', and the listed aliases all find the value."""
    assert expected is vocabulary.parse(name)
    assert expected is vocabulary.find(name)


def test_an_unknown_name_names_the_closest_values() -> None:
    """A misspelt value raises UnknownNameError, a LookupError, with the closest values."""
    with pytest.raises(cs.UnknownNameError) as caught:
        cs.EventKind.parse("vidoeconference")
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, cs.CovidSynergyError)
    assert "videoconference" == caught.value.suggestions[0]
    assert str(caught.value).startswith("unknown event kind 'vidoeconference'; did you mean 'videoconference'")


def test_a_name_with_nothing_close_lists_the_values() -> None:
    """With no close value, the message lists them all."""
    with pytest.raises(cs.UnknownNameError, match="expected one of: delivered, in_progress, pledged, announced"):
        cs.AidStatus.parse("zzzz")


def test_a_value_of_another_vocabulary_says_where_it_belongs() -> None:
    """A member, or the name of one, of another vocabulary names that vocabulary."""
    where: dict[type[cs.Vocabulary], str] = {cs.AidKind: "ds.aid"}
    with pytest.raises(cs.UnknownNameError, match=r"it is an aid kind \(ds.aid\)"):
        cs.EventKind.parse(cs.AidKind.MEDICAL_TEAM, elsewhere=where)
    with pytest.raises(cs.UnknownNameError, match="unknown event kind 'medical teams': it is an aid kind"):
        cs.EventKind.parse("medical teams", elsewhere=where)
    with pytest.raises(cs.UnknownNameError, match=r"unknown unit 'call': it is an event kind$"):
        cs.Unit.parse(cs.EventKind.CALL)


def test_only_strings_and_members_name_values() -> None:
    """Anything else is a TypeError saying what a name is."""
    with pytest.raises(TypeError, match="a unit is named by a string or a Unit, not int"):
        cs.Unit.parse(3)


@given(st.text(max_size=12))
def test_parse_finds_a_value_or_refuses(name: str) -> None:
    """Any text either names a value (and find agrees) or raises UnknownNameError."""
    found = cs.EventKind.find(name)
    if found is None:
        with pytest.raises(cs.UnknownNameError):
            cs.EventKind.parse(name)
    else:
        assert found is cs.EventKind.parse(name)


def test_calling_a_vocabulary_looks_up_a_value() -> None:
    """EventKind('call') is the member, as for any enum; values and str() are the data's."""
    assert cs.EventKind.CALL is cs.EventKind("call")
    assert "call" == cs.EventKind.CALL.value == str(cs.EventKind.CALL)
    assert "event kind" == cs.EventKind.noun()
    assert pickle.loads(pickle.dumps(cs.Unit.TONNE)) is cs.Unit.TONNE  # noqa: S301 - our own object


def test_units_say_whether_their_counts_may_overlap() -> None:
    """Counts of countries or people may overlap across records; tonnes and dollars add up."""
    assert cs.Unit.COUNTRY.overlaps
    assert cs.Unit.PERSON.overlaps
    assert not cs.Unit.TONNE.overlaps
    assert not cs.Unit.USD.overlaps
    assert {u.value: u.meaning for u in cs.Unit} == cs.UNITS
