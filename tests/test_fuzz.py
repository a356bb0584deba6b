"""Fuzzing the loader: corrupted input gives a Dataset or a DataError, nothing else."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import covid_synergy as cs
from corruption import corrupted
from covid_synergy import strategies as cst
from covid_synergy._export import to_json

#: Corrupted inputs per run: 3,000 in the thorough profile.
EXAMPLES = 3_000 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 300


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
