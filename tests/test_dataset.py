"""The dataset: records by id, the timeline, and the sentence map in both directions."""

from __future__ import annotations

import pytest
from hypothesis import given

import covid_synergy as cs
from covid_synergy import strategies as cst


def test_get_finds_records_and_entities(ds: cs.Dataset) -> None:
    """Any record or entity by its id; anything else is a KeyError naming the id."""
    assert "italy" == ds.get("italy").id
    with pytest.raises(KeyError, match="no record or entity with id 'nothing'"):
        ds.get("nothing")


def test_the_timeline_holds_every_dated_record(ds: cs.Dataset) -> None:
    """Every dated record of the four collections, in order; len counts them all."""
    dated = [r for c in (ds.events, ds.aid, ds.statements, ds.figures) for r in c if r.date is not None]
    assert sorted(r.id for r in dated) == sorted(r.id for r in ds.timeline())
    assert len(ds.events) + len(ds.aid) + len(ds.statements) + len(ds.figures) == len(ds)


def test_a_sentence_and_its_records(ds: cs.Dataset) -> None:
    """p14-s2 ('The seven-member team landed ... with 8.1 tons') is cited by the Cambodia team and supplies."""
    cited = {r.id for r in ds.citing("p14-s2")}
    assert {"2020-03-23-medical-supplies-to-cambodia", "2020-03-23-medical-team-arrives-phnom-penh"} <= cited
    sentence = ds.sentences[[s.id for s in ds.sentences].index("p14-s2")]
    assert ds.citing(sentence) == ds.citing("p14-s2")
    assert "8.1 tons" in (ds.source.text or "")[sentence.start : sentence.end]


def test_an_unknown_sentence_or_an_entity_is_refused(ds: cs.Dataset) -> None:
    """A sentence id that does not exist suggests close ones; entities cite nothing."""
    with pytest.raises(cs.UnknownNameError, match="unknown sentence 'p14-s9'; did you mean"):
        ds.citing("p14-s9")
    with pytest.raises(TypeError, match="entities cite no sentence"):
        ds.sentences_of("italy")


@given(cst.datasets(max_records=6, max_entities=3, with_text=True))
def test_citing_and_sentences_of_are_inverse(ds: cs.Dataset) -> None:
    """A record cites a sentence exactly when the sentence lists the record among those citing it."""
    records = [*ds.events, *ds.aid, *ds.statements, *ds.figures]
    for sentence in ds.sentences:
        citing = {r.id for r in ds.citing(sentence)}
        assert citing == {r.id for r in records if sentence in ds.sentences_of(r)}
    for record in records:
        for sentence in ds.sentences_of(record):
            assert record in ds.citing(sentence)
        assert ds.sentences_of(record) == ds.sentences_of(record.id)


@given(cst.datasets(max_records=4, max_entities=2, with_text=False))
def test_data_without_a_sentence_map_cites_nothing(ds: cs.Dataset) -> None:
    """Data of the first format has no sentences, and no record cites one."""
    assert () == ds.sentences
    for record in [*ds.events, *ds.aid]:
        assert () == ds.sentences_of(record)
