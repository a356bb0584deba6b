"""Fuzzing the loader: corrupted input gives a Dataset or a DataError, nothing else."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import covid_synergy as cs
from covid_synergy import strategies as cst
from covid_synergy._loading import COLLECTIONS, SOURCE_FILE, to_json

#: Corrupted inputs per run: 10,000 in the thorough profile.
EXAMPLES = 10_000 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 300
NAMES = [SOURCE_FILE, *COLLECTIONS]
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=5)
    | st.sampled_from(["2020-02-30", "8.1", "NaN", "-1"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


@st.composite
def corrupted(draw: st.DrawFn, files: dict[str, bytes]) -> dict[str, bytes]:
    """A dataset folder's files with one to three corruptions applied."""
    out = dict(files)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(NAMES))
        raw = out[name]
        how = draw(st.sampled_from(["truncate", "flip", "drop", "add", "retype", "swap", "duplicate"]))
        if how == "truncate":
            out[name] = raw[: draw(st.integers(0, max(0, len(raw) - 1)))]
            continue
        if how == "flip":
            if raw:
                at = draw(st.integers(0, len(raw) - 1))
                out[name] = raw[:at] + bytes([raw[at] ^ draw(st.integers(1, 255))]) + raw[at + 1 :]
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        last: Any = path[-1] if path else None
        if how == "drop" and path:
            del parent[last]
        elif how == "add" and isinstance(parent, dict | list):
            target = parent[last] if path else data
            if isinstance(target, dict):
                target[draw(st.text(max_size=6))] = draw(JSON_VALUES)
            elif isinstance(target, list):
                target.append(draw(JSON_VALUES))
        elif how == "retype" and path:
            parent[last] = draw(JSON_VALUES)
        elif how == "swap" and len(paths) > 2:
            other = draw(st.sampled_from(paths[1:]))
            holder: Any = data
            for step in other[:-1]:
                holder = holder[step]
            if path and other and not _nested(path, other):
                parent[last], holder[other[-1]] = holder[other[-1]], parent[last]
        elif how == "duplicate" and isinstance(data, list) and data:
            data.append(data[draw(st.integers(0, len(data) - 1))])
        out[name] = json.dumps(data, ensure_ascii=draw(st.booleans())).encode()
    return out


def _nested(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def check(folder: Path, contents: dict[str, bytes]) -> None:
    """Load ``contents`` from ``folder``: a consistent Dataset or a DataError, nothing else."""
    for name, data in contents.items():
        (folder / name).write_bytes(data)
    try:
        loaded = cs.load_path(folder)
    except cs.DataError as error:
        problems = error.problems
    else:
        assert to_json(loaded) == to_json(cs.load_path(folder))
        return
    assert problems


@pytest.fixture(scope="module")
def packaged_files() -> dict[str, bytes]:
    """The packaged files, as canonical bytes."""
    return to_json(cs.load())


@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None)
@given(data=st.data())
def test_corrupted_packaged_data(
    tmp_path_factory: pytest.TempPathFactory, packaged_files: dict[str, bytes], data: st.DataObject
) -> None:
    """Any corruption of the packaged files loads to a Dataset or raises a DataError."""
    check(tmp_path_factory.mktemp("fuzz"), data.draw(corrupted(packaged_files)))


@settings(max_examples=max(50, EXAMPLES // 20), suppress_health_check=list(HealthCheck), deadline=None)
@given(dataset=cst.datasets(max_records=5, max_entities=3), data=st.data())
def test_corrupted_generated_data(
    tmp_path_factory: pytest.TempPathFactory, dataset: cs.Dataset, data: st.DataObject
) -> None:
    """Any corruption of a generated dataset loads to a Dataset or raises a DataError."""
    check(tmp_path_factory.mktemp("fuzz"), data.draw(corrupted(to_json(dataset))))
