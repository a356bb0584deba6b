"""Shared fixtures and Hypothesis settings profiles.

Profiles: ``default`` (quick, for local runs) and ``thorough`` (what
``.ci/run`` uses); pick one with ``HYPOTHESIS_PROFILE``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import covid_synergy as cs
from covid_synergy._export import to_json

settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile(
    "thorough",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ARTICLE = Path(__file__).with_name("article.txt")


def article_paragraphs() -> list[str]:
    """The article's paragraphs: its non-empty lines, stripped, numbered from 1."""
    text = ARTICLE.read_text(encoding="utf-8")
    return [line.strip() for line in text.split("\n") if line.strip()]


@pytest.fixture(scope="session")
def paragraphs() -> list[str]:
    """The article's paragraphs (index 0 is paragraph 1)."""
    return article_paragraphs()


@pytest.fixture(scope="session")
def ds() -> cs.Dataset:
    """The packaged dataset."""
    return cs.load()


@pytest.fixture(scope="session")
def packaged_files() -> dict[str, bytes]:
    """The packaged files, as canonical bytes."""
    return to_json(cs.load())
