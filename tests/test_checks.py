"""The bulk checks pass exactly the datasets in which the record-by-record checks find nothing."""

from __future__ import annotations

import os
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import covid_synergy as cs
from covid_synergy import strategies as cst
from covid_synergy._checks import _good_ids, all_well, problems
from covid_synergy._codec._rules import ID
from covid_synergy._layout import COLLECTIONS
from covid_synergy._model import references

EXAMPLES = 1_000 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 100


BAD_IDS = ["", "A", "a--b", "-a", "a-", "a\nb", "a b", "\u00e9t\u00e9", "a\n", "\na"]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[cs.Source, dict[str, list[Any]]]:
    """A generated dataset's records, with zero to two record-level faults."""
    dataset = draw(cst.datasets(max_records=8, max_entities=5))
    source = dataset.source
    parsed: dict[str, list[Any]] = {
        c.file: list(dataset.entities.values() if c.record is cs.Entity else getattr(dataset, c.name))
        for c in COLLECTIONS
    }
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.integers(0, 9)) == 0:
            fault: dict[str, Any] = draw(st.sampled_from([{"text_sha256": "x" * 64}, {"paragraphs": 0}]))
            source = attrs.evolve(source, **fault)
            continue
        files = [f for f, records in parsed.items() if records]
        if not files:
            break
        file = draw(st.sampled_from(files))
        records = parsed[file]
        at = draw(st.integers(0, len(records) - 1))
        record = records[at]
        others = [r.id for r in records if r is not record] + [e.id for e in parsed["entities.json"]]
        changes: list[dict[str, Any]] = [{"id": draw(st.sampled_from(BAD_IDS + others or BAD_IDS))}]
        if isinstance(record, cs.Entity):
            names = [e.name for e in parsed["entities.json"] if e is not record]
            others_ids = [e.id for e in parsed["entities.json"]]
            changes += [
                {"iso3": None},
                {"iso3": "it"},
                {"iso3": "ITA"},
                {"m49": "002"},
                {"m49": "2"},
                {"affiliation": "nobody"},
                {"region": "nobody"},
                {"region": draw(st.sampled_from(others_ids))},
                {"aliases": (*record.aliases, *names[:1])},
                {"kind": draw(st.sampled_from(list(cs.EntityKind)))},
            ]
        elif isinstance(record, cs.Sentence):
            changes += [
                {"id": f"p{record.paragraph + 1}-s1"},
                {"id": "p1-s9"},
                {"paragraph": 0},
                {"paragraph": source.paragraphs + 1},
                {"start": record.end, "end": record.start},
                {"start": 0},
            ]
        else:
            for ref in references(type(record)):
                value = "nobody" if ref.target == "entity" else "no-such-event"
                changes.append({ref.field: (*getattr(record, ref.field), value) if ref.many else value})
            changes.append({"evidence": ()})
            first = record.evidence[0] if record.evidence else cs.Evidence(paragraph=1, quote="x")
            for evidence in (
                attrs.evolve(first, paragraph=0),
                attrs.evolve(first, paragraph=source.paragraphs),
                attrs.evolve(first, paragraph=source.paragraphs + 1),
                attrs.evolve(first, quote="", start=None, end=None),
                attrs.evolve(first, quote=" \n\t", start=None, end=None),
                attrs.evolve(first, start=None, end=None),
            ):
                changes.append({"evidence": (*record.evidence[1:], evidence)})
        records[at] = attrs.evolve(record, **draw(st.sampled_from(changes)))
    return source, parsed


@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None)
@given(case=mutated())
def test_bulk_checks_pass_exactly_what_the_record_checks_pass(case: tuple[cs.Source, dict[str, list[Any]]]) -> None:
    """A dataset with or without faults: both find it clean, or neither does."""
    source, parsed = case
    found = problems(source, parsed)
    assert (all_well(source, parsed) is not None) == (not found), found


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(
    st.lists(
        cst.slugs() | st.sampled_from(BAD_IDS) | st.text(alphabet="ab-\n1Z é", max_size=6),
        max_size=6,
    )
)
def test_ids_checked_in_bulk_as_one_by_one(ids: list[str]) -> None:
    """All well formed and all different, decided on the joined ids, as the pattern decides each."""
    expected = all(ID.fullmatch(i) for i in ids) and len(set(ids)) == len(ids)
    assert _good_ids(ids) == expected


@pytest.mark.parametrize("ids", [[""], ["a", ""], ["", "a"], ["a\nb"], ["-"], ["a", "a"]])
def test_bad_ids_in_bulk(ids: list[str]) -> None:
    """The cases the joined form could hide: empty ids, newlines, lone dashes, repeats."""
    assert not _good_ids(ids)
