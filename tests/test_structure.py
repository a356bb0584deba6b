"""The pre-built structure functions agree with the detailed converter they stand in for.

They must accept exactly what the detailed cattrs converter accepts and
build equal objects; the shipped module must be what the tool writes.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import covid_synergy as cs
from corruption import corrupted
from covid_synergy import strategies as cst
from covid_synergy._codec import _structure
from covid_synergy._codec._converter import make_converter
from covid_synergy._codec._structure import STRUCTURERS
from covid_synergy._errors import InvalidError
from covid_synergy._layout import COLLECTIONS, SOURCE_FILE

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import generate_structure

EXAMPLES = 1_000 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 100
CLASSES: dict[str, type[Any]] = {SOURCE_FILE: cs.Source, **{c.file: c.record for c in COLLECTIONS}}


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
        if name not in CLASSES:  # the article's text is not JSON
            continue
        cls = CLASSES[name]
        try:
            parsed = json.loads(raw_file)
        except ValueError:
            continue
        structure = STRUCTURERS[cls]
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
        assert STRUCTURERS[type(record)](raw, memo) == record


def test_equal_spans_are_built_once_per_memo() -> None:
    """Date spans are memoized by their JSON; an extra key is never served from the memo."""
    structure = STRUCTURERS[cs.DateSpan]
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
        STRUCTURERS[cs.Evidence]({"paragraph": value, "quote": "x"}, {})


def test_generated_module_is_what_the_generator_writes() -> None:
    """``_structure.py`` is current: regenerate it with ``nox -s generate``."""
    assert generate_structure.module_source() == Path(_structure.__file__).read_text(encoding="utf-8")


def test_generator_refuses_what_it_cannot_write() -> None:
    """A type, default or class the generator has no code for is an error, not a guess."""

    @attrs.frozen(kw_only=True)
    class Floats:
        value: float

    @attrs.frozen(kw_only=True)
    class Listed:
        items: list[str] = attrs.Factory(list)

    @attrs.frozen(kw_only=True)
    class Derived:
        value: int | None = attrs.field(init=False, default=None)

    @attrs.frozen(kw_only=True)
    class Numbers:
        value: int

    for cls, message in [
        (Floats, "no structuring is generated for <class 'float'>"),
        (Listed, "no source for the default"),
        (Derived, "its __init__ does not take"),
    ]:
        with pytest.raises(TypeError, match=message):
            generate_structure._Generator(memoized=()).function(cls)
    with pytest.raises(TypeError, match="cannot be memoized"):
        generate_structure._Generator(memoized=(Numbers,)).function(Numbers)


def test_the_tool_writes_and_checks_the_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tools/generate_structure.py writes the module; --check says whether it is current."""
    target = tmp_path / "_structure.py"
    monkeypatch.setattr(generate_structure, "TARGET", target)
    assert 1 == generate_structure.main(["--check"])
    assert 0 == generate_structure.main([])
    assert generate_structure.module_source() == target.read_text(encoding="utf-8")
    assert 0 == generate_structure.main(["--check"])
    assert 0 == generate_structure.main([])
