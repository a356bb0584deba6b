"""Immutability, and what the library never does (execute data, use the network)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import covid_synergy as cs
from covid_synergy import strategies as cst

RECORDS = st.one_of(
    cst.events(), cst.aid_records(), cst.statements(), cst.figures(), cst.entities(), cst.sources(), cst.date_spans()
)
SOURCE = Path(cs.__file__).parent


@given(RECORDS)
def test_every_record_refuses_assignment(record: Any) -> None:
    """Assigning to any field of any record type raises, and collections are tuples."""
    for field in attrs.fields(type(record)):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(record, field.name, None)
        value = getattr(record, field.name)
        assert not isinstance(value, list | dict | set)


def test_public_classes_are_frozen_slotted_keyword_only() -> None:
    """Every public attrs class is frozen, slotted and keyword-only."""
    classes = [getattr(cs, name) for name in cs.__all__ if attrs.has(getattr(cs, name))]
    assert len(classes) >= 10
    for cls in classes:
        assert "__slots__" in cls.__dict__, cls
        assert all(f.kw_only for f in attrs.fields(cls)), cls
        with pytest.raises(TypeError):
            cls(*[None] * len(attrs.fields(cls)))


def test_returned_collections_do_not_alias_state(ds: cs.Dataset) -> None:
    """Changing what a query returns changes nothing inside the dataset."""
    groups = ds.aid.group_by(lambda a: a.kind)
    groups.clear()
    assert ds.aid.group_by(lambda a: a.kind)
    rows = ds.events.to_rows()
    rows[0]["id"] = "changed"
    assert "changed" != ds.events.to_rows()[0]["id"]
    assert isinstance(ds.events.records, tuple)
    with pytest.raises(TypeError):
        ds.entities["x"] = ds.entities["italy"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        ds.events._records = ()


def test_dataset_refuses_assignment(ds: cs.Dataset) -> None:
    """The dataset, its sets and its entities refuse assignment."""
    for target, name in ((ds, "events"), (ds.events, "x"), (ds.entities, "x"), (ds.aid, "_entities")):
        with pytest.raises(AttributeError):
            setattr(target, name, None)


FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "socket", "urllib.request", "http.client", "subprocess"}


@pytest.mark.parametrize("path", sorted(SOURCE.glob("*.py")), ids=lambda p: p.name)
def test_source_executes_no_data_and_opens_no_network(path: Path) -> None:
    """No module of the library calls eval/exec or imports pickle, sockets or HTTP."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, (path.name, node.lineno)
        if isinstance(node, ast.Import):
            assert not {a.name for a in node.names} & FORBIDDEN_MODULES, (path.name, node.lineno)
        if isinstance(node, ast.ImportFrom):
            assert node.module not in FORBIDDEN_MODULES, (path.name, node.lineno)
