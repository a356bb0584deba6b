"""Crosswalks to CAMEO and IATI: complete, well-formed, exposed as read-only properties."""

from __future__ import annotations

import re

import attrs
import pytest

import covid_synergy as cs
from covid_synergy._crosswalk import (
    CAMEO_CODES,
    CAMEO_NAMES,
    IATI_AID_TYPE_NAMES,
    IATI_AID_TYPES,
    IATI_FLOW_TYPE_NAMES,
    IATI_FLOW_TYPES,
)


def test_every_event_kind_has_a_cameo_code() -> None:
    """The CAMEO table has exactly one entry per EventKind, each a named three-digit code."""
    assert sorted(k.value for k in cs.EventKind) == sorted(CAMEO_CODES)
    assert [] == [c for c in CAMEO_CODES.values() if not re.fullmatch(r"\d{3}", c) or c not in CAMEO_NAMES]


def test_every_aid_kind_has_iati_codes() -> None:
    """The IATI tables have one entry per AidKind; codes are well-formed and named."""
    kinds = sorted(k.value for k in cs.AidKind)
    assert kinds == sorted(IATI_AID_TYPES)
    assert kinds == sorted(IATI_FLOW_TYPES)
    aid_types = [c for c in IATI_AID_TYPES.values() if c is not None]
    assert [] == [c for c in aid_types if not re.fullmatch(r"[A-H]\d\d", c) or c not in IATI_AID_TYPE_NAMES]
    assert [] == [c for c in IATI_FLOW_TYPES.values() if c not in IATI_FLOW_TYPE_NAMES]


@pytest.mark.parametrize(
    ("kind", "code"),
    [("call", "041"), ("visit", "042"), ("information_sharing", "064"), ("shipment", "073")],
)
def test_cameo_landmarks(kind: str, code: str) -> None:
    """The plainest kinds get the codes CAMEO defines for them."""
    assert code == CAMEO_CODES[kind]


def test_properties_read_the_tables(ds: cs.Dataset) -> None:
    """Event.cameo_code and AidRecord.iati_aid_type / iati_flow_type follow the record's kind."""
    assert [CAMEO_CODES[e.kind.value] for e in ds.events] == [e.cameo_code for e in ds.events]
    assert [IATI_AID_TYPES[a.kind.value] for a in ds.aid] == [a.iati_aid_type for a in ds.aid]
    assert [IATI_FLOW_TYPES[a.kind.value] for a in ds.aid] == [a.iati_flow_type for a in ds.aid]
    team = next(a for a in ds.aid if a.kind is cs.AidKind.MEDICAL_TEAM)
    assert ("D01", "10") == (team.iati_aid_type, team.iati_flow_type)


def test_properties_are_read_only_and_not_fields(ds: cs.Dataset) -> None:
    """The codes cannot be set, and are not fields: the JSON schema is unchanged."""
    event = ds.events[0]
    with pytest.raises(AttributeError):
        event.cameo_code = "999"  # type: ignore[misc]
    assert "cameo_code" not in attrs.fields_dict(cs.Event)
    assert {"iati_aid_type", "iati_flow_type"}.isdisjoint(attrs.fields_dict(cs.AidRecord))


def test_tables_are_read_only() -> None:
    """The tables cannot be changed by a caller."""
    with pytest.raises(TypeError):
        CAMEO_CODES["call"] = "042"  # type: ignore[index]
