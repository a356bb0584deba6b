"""The JSON side of the records: the format's rules, the pre-built structure
functions and the one cattrs converter.

Nothing here is imported with the package. Loading good data needs only the
rules and the structure functions (:mod:`._structure`, written ahead of time
by ``tools/generate_structure.py``); cattrs (:mod:`._converter`) is imported
only to write JSON out or to explain, with JSON paths, a load that failed.
"""

from __future__ import annotations

from typing import Any

__all__ = ["explain", "unstructure"]


def unstructure(value: object) -> Any:
    """Return the JSON form of a record, entity, source or total (plain dicts, lists and strings)."""
    from ._converter import make_converter  # noqa: PLC0415 - cattrs loads on first use

    return make_converter().unstructure(value)


def explain(raw: object, cls: type[Any]) -> list[tuple[str, str]]:
    """Return every fault of ``raw`` as JSON for ``cls``, as ``(json_path, message)`` pairs (empty if none)."""
    from ._converter import error_paths, make_converter  # noqa: PLC0415 - only to explain a failure

    try:
        make_converter(detailed=True).structure(raw, cls)
    except Exception as exc:  # noqa: BLE001 - every fault becomes a pair
        return error_paths(exc)
    return []
