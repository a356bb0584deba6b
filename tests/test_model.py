"""The record classes: what refers to what, said once in the fields' metadata."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import covid_synergy as cs
from covid_synergy import strategies as cst
from covid_synergy._model import REFERS, Reference, entity_paths, entity_refs, references


def test_references_are_the_fields_that_hold_ids() -> None:
    """Each class's reference fields, what they point at and whether they hold a list."""
    assert (
        Reference("affiliation", "entity", many=False),
        Reference("region", "entity", many=False),
    ) == references(cs.Entity)
    assert (
        Reference("participants", "entity", many=True),
        Reference("location", "entity", many=False),
    ) == references(cs.Event)
    assert (
        Reference("donor", "entity", many=False),
        Reference("recipients", "entity", many=True),
        Reference("event", "event", many=False),
    ) == references(cs.AidRecord)
    assert (
        Reference("speaker", "entity", many=False),
        Reference("audience", "entity", many=True),
        Reference("event", "event", many=False),
    ) == references(cs.Statement)
    assert (Reference("subject", "entity", many=False),) == references(cs.Figure)
    assert () == references(cs.Sentence)


@pytest.mark.parametrize("cls", [cs.Entity, cs.Event, cs.AidRecord, cs.Statement, cs.Figure, cs.Sentence])
def test_only_id_fields_are_references(cls: type) -> None:
    """No other field carries the metadata, and every reference defaults to nothing but recipients."""
    named = {r.field for r in references(cls)}
    assert named == {f.name for f in attrs.fields(cls) if REFERS in f.metadata}
    for field in attrs.fields(cls):
        if field.name in named and field.name != "recipients":
            assert field.default in (None, ())


@given(
    st.one_of(
        cst.events(entity_ids=["a", "b"]),
        cst.aid_records(entity_ids=["a", "b"]),
        cst.statements(entity_ids=["a", "b"]),
        cst.figures(entity_ids=["a", "b"]),
    )
)
def test_refs_and_paths_agree(record: cs.Record) -> None:
    """The fast list of a record's entities is the one the loader's checks name by path."""
    assert tuple(ref for _path, ref in entity_paths(record)) == entity_refs(record)
