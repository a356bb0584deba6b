"""Corrupting a dataset folder's files: the shared strategy of the fuzz tests."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from covid_synergy._layout import COLLECTIONS, SOURCE_FILE

__all__ = ["NAMES", "corrupted"]

NAMES = [SOURCE_FILE, *(c.file for c in COLLECTIONS)]
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
