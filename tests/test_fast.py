"""The fast paths of loading agree with the detailed ones they stand in for.

The generated structure functions (``_fast``) must accept exactly what the
detailed cattrs converter accepts and build equal objects; the bulk checks
(``_all_well``) must pass exactly the datasets in which the record-by-record
checks (``_check``) find nothing.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import covid_synergy as cs
from corruption import corrupted
from covid_synergy import _structure
from covid_synergy import strategies as cst
from covid_synergy._converter import error_paths, make_converter, structurers
from covid_synergy._fast import InvalidError, _Generator, module_source
from covid_synergy._loading import _ID, COLLECTIONS, SOURCE_FILE, _all_well, _check, _good_ids, _Reader
from covid_synergy._recordset import ENTITY_FIELDS

EXAMPLES = 1_000 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 100
CLASSES: dict[str, type[Any]] = {SOURCE_FILE: cs.Source, **COLLECTIONS}


def _outcome(structure: Callable[[], Any]) -> tuple[str, Any]:
    """``("built", the object)`` or ``("refused", None)``."""
    try:
        return ("built", structure())
    except Exception:  # noqa: BLE001 - any refusal counts as a refusal
        return ("refused", None)


@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data())
def test_fast_functions_accept_and_build_what_the_detailed_converter_does(
    packaged_files: dict[str, bytes], data: st.DataObject
) -> None:
    """On corrupted records, the two refuse the same ones and build equal objects from the rest."""
    detailed = make_converter(detailed=True)
    memo: dict[Any, Any] = {}  # shared across records, as within one load
    compared = 0
    for name, raw_file in data.draw(corrupted(packaged_files)).items():
        cls = CLASSES[name]
        try:
            parsed = json.loads(raw_file)
        except ValueError:
            continue
        structure = structurers()[cls]
        for raw in parsed if isinstance(parsed, list) else [parsed]:
            fast = _outcome(functools.partial(structure, raw, memo))
            slow = _outcome(functools.partial(detailed.structure, raw, cls))
            assert fast == slow, (name, raw)
            compared += 1
    assert compared


@settings(max_examples=EXAMPLES // 4, suppress_health_check=list(HealthCheck), deadline=None)
@given(dataset=cst.datasets(max_records=10, max_entities=5))
def test_fast_functions_rebuild_generated_records(dataset: cs.Dataset) -> None:
    """Every generated record, unstructured to JSON, comes back equal."""
    converter = make_converter()
    memo: dict[Any, Any] = {}
    for record in [*dataset.entities.values(), *dataset.timeline(), dataset.source]:
        raw = json.loads(json.dumps(converter.unstructure(record)))
        assert structurers()[type(record)](raw, memo) == record


def test_equal_spans_are_built_once_per_memo() -> None:
    """Date spans are memoized by their JSON; an extra key is never served from the memo."""
    structure = structurers()[cs.DateSpan]
    raw = {"start": "2020-03-01", "end": "2020-03-31", "precision": "month", "text": "In March"}
    memo: dict[Any, Any] = {}
    first = structure(raw, memo)
    assert structure(dict(raw), memo) is first
    assert structure(dict(raw), {}) is not first
    assert structure(dict(raw), {}) == first
    with pytest.raises(InvalidError):
        structure({**raw, "extra": "x"}, memo)
    with pytest.raises(ValueError, match=r"end 2020-03-01 is before start"):
        structure({**raw, "end": "2020-03-01", "start": "2020-03-02", "precision": "range"}, memo)


@pytest.mark.parametrize("value", [True, 1.0, "1", None])
def test_a_boolean_or_float_is_not_an_integer(value: object) -> None:
    """``True == 1`` in Python; in the data a paragraph is an integer, nothing else."""
    with pytest.raises(InvalidError):
        structurers()[cs.Evidence]({"paragraph": value, "quote": "x"}, {})


def test_generated_module_is_what_the_generator_writes() -> None:
    """``_structure.py`` is current: regenerate it with ``python -m covid_synergy._fast``."""
    assert module_source() == Path(_structure.__file__).read_text(encoding="utf-8")


def test_generator_refuses_what_it_cannot_write() -> None:
    """A type, default or class the generator has no code for is an error, not a guess."""

    @attrs.frozen(kw_only=True)
    class Floats:
        value: float

    @attrs.frozen(kw_only=True)
    class Listed:
        items: list[str] = attrs.Factory(list)

    @attrs.frozen(kw_only=True)
    class Converted:
        value: int = attrs.field(converter=int)

    @attrs.frozen(kw_only=True)
    class Numbers:
        value: int

    for cls, message in [
        (Floats, "no structuring is generated for <class 'float'>"),
        (Listed, "no source for the default"),
        (Converted, "needs its own __init__"),
    ]:
        with pytest.raises(TypeError, match=message):
            _Generator(memoized=()).function(cls)
    with pytest.raises(TypeError, match="cannot be memoized"):
        _Generator(memoized=(Numbers,)).function(Numbers)


# -- the bulk checks -------------------------------------------------------------

BAD_IDS = ["", "A", "a--b", "-a", "a-", "a\nb", "a b", "\u00e9t\u00e9", "a\n", "\na"]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[cs.Source, dict[str, list[Any]]]:
    """A generated dataset's records, with zero to two record-level faults."""
    dataset = draw(cst.datasets(max_records=8, max_entities=5))
    source = dataset.source
    parsed: dict[str, list[Any]] = {
        "entities.json": list(dataset.entities.values()),
        "events.json": list(dataset.events),
        "aid.json": list(dataset.aid),
        "statements.json": list(dataset.statements),
        "figures.json": list(dataset.figures),
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
            changes += [
                {"iso3": None},
                {"iso3": "it"},
                {"iso3": "ITA"},
                {"affiliation": "nobody"},
                {"aliases": (*record.aliases, *names[:1])},
                {"kind": draw(st.sampled_from(list(cs.EntityKind)))},
            ]
        else:
            for name, many in ENTITY_FIELDS[type(record)]:
                changes.append({name: (*getattr(record, name), "nobody") if many else "nobody"})
            if isinstance(record, cs.AidRecord | cs.Statement):
                changes.append({"event": "no-such-event"})
            changes.append({"evidence": ()})
            first = record.evidence[0] if record.evidence else cs.Evidence(paragraph=1, quote="x")
            for evidence in (
                attrs.evolve(first, paragraph=0),
                attrs.evolve(first, paragraph=source.paragraphs),
                attrs.evolve(first, paragraph=source.paragraphs + 1),
                attrs.evolve(first, quote=""),
                attrs.evolve(first, quote=" \n\t"),
            ):
                changes.append({"evidence": (*record.evidence[1:], evidence)})
        records[at] = attrs.evolve(record, **draw(st.sampled_from(changes)))
    return source, parsed


@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None)
@given(case=mutated())
def test_bulk_checks_pass_exactly_what_the_record_checks_pass(case: tuple[cs.Source, dict[str, list[Any]]]) -> None:
    """A dataset with or without faults: both find it clean, or neither does."""
    source, parsed = case
    reader = _Reader(Path(), "folder")
    _check(reader, source, parsed)
    assert (_all_well(source, parsed) is not None) == (not reader.problems), reader.problems


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(
    st.lists(
        cst.slugs() | st.sampled_from(BAD_IDS) | st.text(alphabet="ab-\n1Z é", max_size=6),
        max_size=6,
    )
)
def test_ids_checked_in_bulk_as_one_by_one(ids: list[str]) -> None:
    """All well formed and all different, decided on the joined ids, as the pattern decides each."""
    expected = all(_ID.fullmatch(i) for i in ids) and len(set(ids)) == len(ids)
    assert _good_ids(ids) == expected


@pytest.mark.parametrize("ids", [[""], ["a", ""], ["", "a"], ["a\nb"], ["-"], ["a", "a"]])
def test_bad_ids_in_bulk(ids: list[str]) -> None:
    """The cases the joined form could hide: empty ids, newlines, lone dashes, repeats."""
    assert not _good_ids(ids)


def test_the_converter_structures_records_and_explains_faults() -> None:
    """``converter.structure`` uses the generated functions, and the detailed hooks on a fault."""
    converter = make_converter()
    event = cs.load().events[0]
    raw = converter.unstructure(event)
    assert converter.structure(raw, cs.Event) == event
    with pytest.raises(cattrs.ClassValidationError) as caught:
        converter.structure({**raw, "kind": "party", "extra": 1}, cs.Event)
    assert error_paths(caught.value) == [
        ("$.kind", "unknown value 'party'; expected one of " + ", ".join(repr(k.value) for k in cs.EventKind)),
        ("$", "unknown field(s) 'extra'"),
    ]
