"""The rules of the JSON format, stated once: ids, codes, dates, numbers, text.

The loader's structure functions and checks, the detailed converter and
the JSON Schemas all read them from here.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import date
from typing import Any, Final, NamedTuple

from .._errors import InvalidError

__all__ = [
    "DATE",
    "DECIMAL",
    "ID",
    "ISO3",
    "MAX_NUMBER_CHARS",
    "MAX_SHOWN",
    "SHA256",
    "SURROGATE",
    "SURROGATE_MESSAGE",
    "RefusedNumber",
    "RepeatedKey",
    "clean",
    "cut",
    "decimal_match",
    "json_type",
    "parse_date",
    "parse_json",
    "printable",
    "repeated_keys",
    "show",
    "show_path",
    "too_long_integer",
]

#: A record or entity id: lowercase ASCII letters and digits joined by single hyphens.
ID: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)
#: An ISO 3166-1 alpha-3 code.
ISO3: Final = re.compile(r"[A-Z]{3}", re.ASCII)
#: A SHA-256 digest in lowercase hex.
SHA256: Final = re.compile(r"[0-9a-f]{64}", re.ASCII)
#: A day, ``YYYY-MM-DD``.
DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
#: A quantity: digits with an optional fraction, no sign, no exponent, no leading zero.
DECIMAL: Final = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?", re.ASCII)
#: The longest number a quantity may be written with, in characters.
MAX_NUMBER_CHARS: Final = 40
#: A lone surrogate, which JSON can escape (``\ud800``) but which is not text.
SURROGATE: Final = re.compile("[\ud800-\udfff]")
SURROGATE_MESSAGE: Final = "the string holds a lone surrogate escape (like \\ud800), which is not text"

decimal_match = DECIMAL.fullmatch


def clean(text: str) -> bool:
    """Whether a non-ASCII string holds no lone surrogate."""
    return SURROGATE.search(text) is None


def parse_date(value: object) -> date:
    """A ``YYYY-MM-DD`` string as a date; :class:`InvalidError` otherwise."""
    if type(value) is not str or DATE.fullmatch(value) is None:
        raise InvalidError
    return date.fromisoformat(value)


#: The most characters of a value a message quotes; longer ones are cut with "…".
MAX_SHOWN: Final = 80


class RefusedNumber:
    """A JSON number the format refuses: one with a fraction or an exponent, or
    ``NaN``, ``Infinity`` and ``-Infinity``.

    :func:`parse_json` keeps it in place of the number, so that the structure
    step refuses it with the record and the JSON path it is at; nothing
    accepts it.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        #: The number as the file writes it.
        self.text = text

    def __repr__(self) -> str:
        return cut(self.text)


def cut(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` itself, or its first ``limit`` characters and "…" if it is longer.

    >>> cut("abcdef", 3)
    'abc…'
    """
    return text if len(text) <= limit else text[:limit] + "…"


def json_type(value: object) -> str:
    """The JSON type of a parsed value, in words ("an integer", "null")."""
    if type(value) is RefusedNumber:
        if value.text in {"NaN", "Infinity", "-Infinity"}:
            return f"{value.text}, which is not a number JSON allows"
        return f"the number {cut(value.text)}, which has a fraction or an exponent"
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)


def show(value: object) -> str:
    """A parsed value for a message: a string quoted (newlines and the like escaped)
    and cut to :data:`MAX_SHOWN` characters with "…", else its JSON type.

    >>> show("x" * 100)[-4:]
    "xx…'"
    >>> show(7)
    'an integer'
    """
    if type(value) is str:
        return repr(cut(value))
    return json_type(value)


def show_path(path: str | os.PathLike[str]) -> str:
    r"""A path for a message or a listing, on one line: as it is when it is
    printable, else with its control characters and undecodable bytes escaped
    (see :func:`printable`); ``''`` for the empty path.

    >>> show_path("out/events.json")
    'out/events.json'
    >>> print(show_path("new\nline/events.json"))
    new\nline/events.json
    >>> show_path("")
    "''"
    """
    return printable(os.fspath(path)) or "''"


def printable(text: str) -> str:
    r"""``text`` with every character that cannot be printed as a backslash escape:
    ``\n``, ``\t``, ``\r``, ``\xNN`` (a byte that was not UTF-8, in a path,
    or a control character) or ``\uNNNN``.

    >>> print(printable("a\tb\u2028c\udcff"))
    a\tb\u2028c\xff
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


_ESCAPES: Final = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(char: str) -> str:
    """A character that cannot be printed, as a backslash escape (a byte that was not
    UTF-8, which ``os.fsdecode`` turns into a surrogate, as that byte).
    """
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # noqa: PLR2004 - the surrogates of os.fsdecode's surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if char in _ESCAPES:
        return _ESCAPES[char]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"  # noqa: PLR2004


def parse_json(text: str) -> Any:
    """Parse JSON text.

    A number with a fraction or an exponent, ``NaN`` and ``Infinity`` are
    parsed as :class:`RefusedNumber`, for the structure step to refuse
    where they are. Raises :class:`json.JSONDecodeError`,
    :class:`RecursionError`, or :class:`ValueError` for an integer too long
    to convert.
    """
    import json  # noqa: PLC0415 - not needed to import the package

    return json.loads(text, parse_float=RefusedNumber, parse_constant=RefusedNumber)


class RepeatedKey(NamedTuple):
    """A key that an object of a file names more than once."""

    #: The index of the record in the file's top-level array, or ``None`` for
    #: an object at the top level.
    record: int | None
    #: The JSON path of the key inside the record (or the file), ``$.date.start``.
    path: str
    #: The key.
    key: str
    #: How many times the object names it.
    times: int


class _Repeating(dict[str, Any]):
    """An object of :func:`repeated_keys`'s parse that named some key more than once."""

    repeated: dict[str, int]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    built = dict(pairs)
    if len(built) == len(pairs):
        return built
    repeating = _Repeating(built)
    counts: dict[str, int] = {}
    for key, _value in pairs:
        counts[key] = counts.get(key, 0) + 1
    repeating.repeated = {key: n for key, n in counts.items() if n > 1}
    return repeating


_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)


def _step(key: str) -> str:
    """One step of a JSON path: ``.name``, or ``['any key']`` (quoted, cut if long) for another key."""
    return f".{key}" if len(key) <= MAX_SHOWN and _NAME.fullmatch(key) else f"[{show(key)}]"


def repeated_keys(text: str) -> list[RepeatedKey]:
    """Every key that an object in ``text`` (JSON that :func:`parse_json` reads) names more than once.

    Python's ``json`` keeps the last value of a repeated key and drops the
    others without a word; the loader refuses them instead. This parses the
    text again, more slowly, to say where each one is.

    >>> repeated_keys('[{"id": "a", "kind": "call", "kind": "visit"}]')
    [RepeatedKey(record=0, path='$.kind', key='kind', times=2)]
    """
    import json  # noqa: PLC0415

    data = json.loads(text, object_pairs_hook=_object, parse_float=RefusedNumber, parse_constant=RefusedNumber)
    found: list[RepeatedKey] = []
    roots = enumerate(data) if type(data) is list else [(None, data)]
    for record, root in roots:
        stack: list[tuple[str, Any]] = [("$", root)] if type(root) in _CONTAINERS else []
        while stack:  # depth first, in file order; only objects and arrays are visited
            path, value = stack.pop()
            if type(value) is list:
                steps = ((f"{path}[{i}]", item) for i, item in enumerate(value))
            else:
                if type(value) is _Repeating:
                    found += (RepeatedKey(record, path + _step(k), k, n) for k, n in value.repeated.items())
                steps = ((path + _step(k), item) for k, item in value.items())
            stack += reversed([(p, item) for p, item in steps if type(item) in _CONTAINERS])
    return found


_CONTAINERS: Final = (dict, _Repeating, list)


def too_long_integer(text: str) -> str:
    r"""Where ``text`` writes its first integer longer than Python converts
    (``sys.get_int_max_str_digits()`` digits), as a problem message.

    >>> too_long_integer('[1,\n ' + '9' * 5000 + ']')
    'invalid JSON at line 2, column 2: an integer of 5000 digits; the most read is 4300'
    """
    limit = sys.get_int_max_str_digits()
    found = next(re.finditer(f"[0-9]{{{limit + 1},}}", text))
    start = found.start()
    line, column = text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)
    digits = found.end() - start
    return f"invalid JSON at line {line}, column {column}: an integer of {digits} digits; the most read is {limit}"
