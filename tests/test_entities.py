"""Entities: names people type, and what each entity counts for."""

from __future__ import annotations

import pytest
from hypothesis import given

import covid_synergy as cs
from covid_synergy import strategies as cst


def _entity(entity_id: str, kind: cs.EntityKind = cs.EntityKind.GROUP, **fields: object) -> cs.Entity:
    return cs.Entity(id=entity_id, name=entity_id.title(), kind=kind, **fields)  # type: ignore[arg-type]


def test_names_codes_and_aliases_resolve(ds: cs.Dataset) -> None:
    """An id, a name, an alias, an ISO or M49 code, in any case and with or without 'the'."""
    korea = ds.entities["republic-of-korea"]
    for name in ("republic-of-korea", "Republic of Korea", "the ROK", "rok", "KOR", korea):
        assert korea is ds.entities.resolve(name)
    assert ds.entities["africa"] is ds.entities.resolve("002")


def test_an_unknown_name_suggests_the_closest(ds: cs.Dataset) -> None:
    """UnknownEntityError is an UnknownNameError and a LookupError, with close names."""
    with pytest.raises(cs.UnknownEntityError) as caught:
        ds.entities.resolve("Itlay")
    assert isinstance(caught.value, cs.UnknownNameError)
    assert ("Italy",) == caught.value.suggestions[:1]
    with pytest.raises(cs.UnknownEntityError, match="no entity called 'x-no-such'"):
        ds.entities.resolve(cs.Entity(id="x-no-such", name="X", kind=cs.EntityKind.GROUP))
    with pytest.raises(TypeError, match="not int"):
        ds.entities.resolve(3)  # type: ignore[arg-type]


def test_counts_for_is_one_level_of_affiliation_then_regions() -> None:
    """A person counts for their body, not for the body's country; regions apply to both."""
    entities = cs.Entities(
        [
            _entity("world-region", cs.EntityKind.REGION, m49="001"),
            _entity("sub-region", cs.EntityKind.REGION, m49="002", region="world-region"),
            _entity("land", cs.EntityKind.COUNTRY, iso3="LND", region="sub-region"),
            _entity("agency", cs.EntityKind.ORGANIZATION, affiliation="land"),
            _entity("officer", cs.EntityKind.PERSON, affiliation="agency"),
        ]
    )
    assert {"agency", "land", "sub-region", "world-region"} == entities.counts_for("agency")
    assert {"officer", "agency"} == entities.counts_for("officer")
    assert ("sub-region", "world-region") == entities.regions_of("land")
    assert ("world-region",) == entities.regions_of("sub-region")
    assert frozenset({"unknown"}) == entities.counts_for("unknown")
    assert ("agency",) == entities.members("land")
    assert (entities["land"],) == entities.of_kind("Countries")


@pytest.mark.parametrize(
    ("entities", "message"),
    [
        ([_entity("a", region="b"), _entity("b", region="a")], "loop back"),
        ([_entity("a", region="a")], "loop back"),
        ([_entity("a", region="nowhere")], "'nowhere', which is not given"),
        ([_entity("a", affiliation="nobody")], "'nobody', which is not given"),
        ([_entity("a"), _entity("a")], "duplicate entity id"),
        ([_entity("a", aliases=("Same",)), _entity("b", aliases=("same",))], "share the name"),
    ],
)
def test_inconsistent_entities_are_refused(entities: list[cs.Entity], message: str) -> None:
    """Loops, dangling ids and shared names raise ValueError when the entities are indexed."""
    with pytest.raises(ValueError, match=message):
        cs.Entities(entities)


def test_entities_are_an_immutable_mapping(ds: cs.Dataset) -> None:
    """A read-only mapping by id, sorted, equal by content, unhashable, not assignable."""
    assert sorted(ds.entities) == list(ds.entities)
    assert cs.Entities(ds.entities.values()) == ds.entities
    assert ds.entities != {"a": 1}
    assert f"<Entities: {len(ds.entities)}>" == repr(ds.entities)
    with pytest.raises(AttributeError, match="immutable"):
        ds.entities.extra = 1
    with pytest.raises(TypeError):
        hash(ds.entities)


@given(cst.datasets(max_records=0, max_entities=8))
def test_every_entity_counts_for_itself_and_its_regions(ds: cs.Dataset) -> None:
    """counts_for always holds the entity, its affiliation and every region above either."""
    for entity in ds.entities.values():
        found = ds.entities.counts_for(entity.id)
        assert entity.id in found
        assert set(ds.entities.regions_of(entity.id)) <= found
        if entity.affiliation is not None:
            assert {entity.affiliation, *ds.entities.regions_of(entity.affiliation)} <= found
