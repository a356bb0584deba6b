"""The one converter: it structures records with the pre-built functions and explains faults with paths."""

from __future__ import annotations

import cattrs
import pytest

import covid_synergy as cs
from covid_synergy._codec import explain
from covid_synergy._codec._converter import error_paths, make_converter


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


def test_explain_finds_nothing_wrong_in_good_data() -> None:
    """explain() of a valid object is empty: it only names faults that are there."""
    raw = make_converter().unstructure(cs.load().events[0])
    assert [] == explain(raw, cs.Event)
    assert [
        ("$.kind", "unknown value 'party'; expected one of " + ", ".join(repr(k.value) for k in cs.EventKind))
    ] == explain({**raw, "kind": "party"}, cs.Event)
