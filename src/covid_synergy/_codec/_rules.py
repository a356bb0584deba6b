"""The rules of the JSON format, stated once: ids, codes, dates, numbers, text.

The loader's structure functions and checks, the detailed converter and
the JSON Schemas all read them from here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Final

from .._errors import InvalidError

__all__ = [
    "DATE",
    "DECIMAL",
    "ID",
    "ISO3",
    "MAX_NUMBER_CHARS",
    "SHA256",
    "SURROGATE",
    "SURROGATE_MESSAGE",
    "clean",
    "decimal_match",
    "json_type",
    "parse_date",
    "parse_json",
    "show",
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


def json_type(value: object) -> str:
    """The JSON type of a parsed value, in words ("an integer", "null")."""
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
    """A parsed value for a message: a string quoted and cut to 40 characters, else its JSON type."""
    if type(value) is str:
        return repr(value[:40] + ("..." if len(value) > 40 else ""))  # noqa: PLR2004
    return json_type(value)


def parse_json(text: str) -> Any:
    """Parse JSON text as the format allows: no fractions or exponents (numbers
    are integers; quantities are strings), no NaN or Infinity.

    Raises :class:`json.JSONDecodeError`, :class:`RecursionError`, or
    :class:`ValueError` saying which rule was broken.
    """
    import json  # noqa: PLC0415 - not needed to import the package

    return json.loads(text, parse_float=_reject_float, parse_constant=_reject_constant)


def _reject_float(text: str) -> Any:
    msg = f'the number {text} has a fraction or an exponent; write quantities as strings, like "8.1"'
    raise ValueError(msg)


def _reject_constant(text: str) -> Any:
    msg = f"{text} is not a number JSON allows"
    raise ValueError(msg)
