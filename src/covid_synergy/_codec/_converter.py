"""The one configured cattrs converter: the JSON shapes of every type.

It writes records as JSON (``dump``, the exports, the command line) and
explains, with JSON paths, a record that the pre-built structure functions
refused. Imported only for those, so that loading good data never imports
cattrs.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar, get_args, get_origin

import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from ._rules import DATE, DECIMAL, MAX_NUMBER_CHARS, SURROGATE, SURROGATE_MESSAGE, json_type, show

__all__ = ["error_paths", "make_converter"]

T = TypeVar("T")


def _structure_str(value: object, _type: object) -> str:
    if type(value) is not str:
        msg = f"expected a string, got {json_type(value)}"
        raise TypeError(msg)
    if not value.isascii() and SURROGATE.search(value):
        raise ValueError(SURROGATE_MESSAGE)
    return value


def _structure_int(value: object, _type: object) -> int:
    if type(value) is not int:
        msg = f"expected an integer, got {json_type(value)}"
        raise TypeError(msg)
    return value


def _structure_date(value: object, _type: object) -> date:
    if type(value) is not str or not DATE.fullmatch(value):
        msg = f"expected a date as a 'YYYY-MM-DD' string, got {show(value)}"
        raise ValueError(msg)
    try:
        return date.fromisoformat(value)
    except ValueError:
        msg = f"no such day: {value!r}"
        raise ValueError(msg) from None


def _structure_decimal(value: object, _type: object) -> Decimal:
    if type(value) is not str or len(value) > MAX_NUMBER_CHARS or not DECIMAL.fullmatch(value):
        msg = (
            "expected a number written as a string of digits with an optional "
            f'decimal point (like "8.1", at most {MAX_NUMBER_CHARS} characters), '
            f"got {show(value)}"
        )
        raise ValueError(msg)
    return Decimal(value)


def _is_homogeneous_tuple(cl: Any) -> bool:
    args = get_args(cl)
    return get_origin(cl) is tuple and len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004


def _detailed_tuple_hook_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any, Any], tuple[Any, ...]]]:
    """Like the fast one, but report each bad element with its index."""

    def factory(cl: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        element = get_args(cl)[0]
        hook = converter.get_structure_hook(element)

        def structure_items(value: Any, _type: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                msg = f"expected an array, got {json_type(value)}"
                raise TypeError(msg)
            out, errors = [], []
            for index, item in enumerate(value):
                try:
                    out.append(hook(item, element))
                except Exception as exc:  # noqa: BLE001 - collected, re-raised as a group
                    exc.add_note(IterableValidationNote(f"index {index}", index, element))
                    errors.append(exc)
            if errors:
                msg = f"While structuring {cl!r}"
                raise IterableValidationError(msg, errors, cl)
            return tuple(out)

        return structure_items

    return factory


def _enum_hook_factory(cl: type[enum.Enum]) -> Callable[[Any, Any], enum.Enum]:
    by_value = {member.value: member for member in cl}
    allowed = ", ".join(repr(v) for v in by_value)

    def structure_enum(value: Any, _type: Any) -> enum.Enum:
        if type(value) is str:
            member = by_value.get(value)
            if member is not None:
                return member
        msg = f"unknown value {show(value)}; expected one of {allowed}"
        raise ValueError(msg)

    return structure_enum


def _attrs_dict_check(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """Wrap the generated attrs hooks so that a non-object fails clearly."""

    def factory(cl: Any) -> Callable[[Any, Any], Any]:
        generated = cattrs.gen.make_dict_structure_fn(cl, converter, _cattrs_forbid_extra_keys=True)

        def structure_object(value: Any, _type: Any) -> Any:
            if type(value) is not dict:
                msg = f"expected an object, got {json_type(value)}"
                raise TypeError(msg)
            return generated(value, cl)

        return structure_object

    return factory


@functools.cache
def make_converter(*, detailed: bool = False) -> cattrs.Converter:
    """Return the converter (built once per mode).

    Both write records as JSON. The default one structures the record
    classes with the pre-built structure functions (and, when one refuses,
    lets the detailed one say why); the detailed one structures through
    cattrs' own hooks, collecting every fault with its path, and is used
    only to explain a failure.
    """
    import attrs  # noqa: PLC0415

    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(Decimal, _unstructure_decimal)
    if detailed:
        converter.register_structure_hook(str, _structure_str)
        converter.register_structure_hook(int, _structure_int)
        converter.register_structure_hook(date, _structure_date)
        converter.register_structure_hook(Decimal, _structure_decimal)
        converter.register_structure_hook_factory(
            lambda cl: isinstance(cl, type) and issubclass(cl, enum.Enum), _enum_hook_factory
        )
        converter.register_structure_hook_factory(_is_homogeneous_tuple, _detailed_tuple_hook_factory(converter))
        converter.register_structure_hook_factory(attrs.has, _attrs_dict_check(converter))
    else:
        from ._structure import STRUCTURERS  # noqa: PLC0415

        # One hook for every record class, by predicate: registering class by
        # class would make cattrs resolve each class's annotations again.
        converter.register_structure_hook_func(STRUCTURERS.__contains__, _structure_record)
    return converter


def _structure_record(value: Any, cl: Any) -> Any:
    """The converter's hook for the record classes: the pre-built function,
    or on failure the detailed converter's explanation.
    """
    from ._structure import STRUCTURERS  # noqa: PLC0415

    try:
        return STRUCTURERS[cl](value, {})
    except Exception:  # noqa: BLE001, S110 - the detailed hook says what is wrong
        pass
    return make_converter(detailed=True).structure(value, cl)


def _unstructure_decimal(value: Decimal) -> str:
    return format(value, "f")


def error_paths(exc: BaseException) -> list[tuple[str, str]]:
    """Flatten a detailed-validation error into ``(json_path, message)`` pairs."""
    found: list[tuple[str, str]] = []

    def walk(error: BaseException, path: str) -> None:
        if isinstance(error, ClassValidationError | IterableValidationError):
            with_notes, without = error.group_exceptions()
            for inner, note in with_notes:
                walk(inner, path + _step(note))
            for inner in without:
                walk(inner, path)
            return
        if isinstance(error, ForbiddenExtraKeysError):
            names = ", ".join(repr(k) for k in sorted(error.extra_fields))
            found.append((path, f"unknown field(s) {names}"))
        elif isinstance(error, KeyError):
            found.append((path, "required field missing"))
        else:
            found.append((path, str(error)))

    walk(exc, "$")
    return found


def _step(note: Any) -> str:
    """The JSON path step of a cattrs note: ``.field`` for an attribute, ``[i]`` for an item."""
    name = getattr(note, "name", None)
    return f".{name}" if name is not None else f"[{note.index}]"
