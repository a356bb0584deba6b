"""Write ``src/covid_synergy/_codec/_structure.py``: one structure function per record class.

A development tool, not part of the package: run it (``nox -s generate``,
or ``python tools/generate_structure.py``) after changing a record class;
``--check`` only says whether the file is current, and a test fails when it
is not.

The converter's generic hooks call one function per field and one more per
string; for a large folder that dominates the load. Instead, for each
record class, one function is written from the class's own fields and
types: it checks the JSON type of every value in line, rejects unknown and
missing keys by counting, and builds the record through the class's own
``__init__`` (so its validators run, and nothing depends on attrs
internals). Date spans are built once per distinct JSON object within one
load.

The functions accept exactly what the detailed converter accepts and build
equal objects (the tests compare the two on generated and on corrupted
records). They say nothing about *why* a value is wrong: any failure
raises, and the caller asks the detailed converter to explain.
"""

from __future__ import annotations

import enum
import re
import sys
import types
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import attrs

__all__ = ["TARGET", "main", "module_source"]

#: The file written.
TARGET = Path(__file__).resolve().parent.parent / "src" / "covid_synergy" / "_codec" / "_structure.py"
#: JSON types whose values are all strings (or null): an object made only
#: of these can be recognised by its items alone.
_STRING_TYPES = (str, date, Decimal)


# -- the generator -----------------------------------------------------------

_HEADER = """\
# Written by tools/generate_structure.py from the record classes: do not edit.
# tests/test_structure.py fails when this file is not what the tool writes.
\"\"\"The structure function of every record class, written ahead of time.

``STRUCTURERS[cls](json_object, memo)`` returns the record, built through
the class's own ``__init__``, or raises (``InvalidError``, ``KeyError``,
``ValueError``...) without saying why: the caller asks the converter to
explain. ``memo`` is one load's cache of small objects already built, by
their JSON content.
\"\"\"

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .._errors import InvalidError
from ._rules import MAX_NUMBER_CHARS, clean, decimal_match, parse_date
"""


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class _Generator:
    """Writes the source of the functions for a set of classes."""

    def __init__(self, memoized: tuple[type[Any], ...]) -> None:
        self.memoized = memoized
        self.lines: list[str] = []
        #: Module-level names of the generated module, and their source.
        self.constants: dict[str, str] = {"_MISSING": "object()"}
        #: Names to import, by module.
        self.imports: dict[str, set[str]] = {}
        #: Function name of each class done.
        self.done: dict[type[Any], str] = {}

    def name_of(self, cls: type[Any]) -> str:
        """Import ``cls`` into the generated module and return its name there."""
        self.imports.setdefault(cls.__module__, set()).add(cls.__name__)
        return cls.__name__

    def constant(self, name: str, source: str) -> str:
        self.constants[name] = source
        return name

    def function(self, cls: type[Any]) -> str:
        """Generate (once) the function for ``cls`` and return its name."""
        if cls in self.done:
            return self.done[cls]
        name = f"structure_{_snake(cls.__name__)}"
        self.done[cls] = name
        attrs.resolve_types(cls)
        fields = attrs.fields(cls)
        body: list[str] = [*(f"v_{f.name}: Any" for f in fields)]
        required = sum(1 for f in fields if f.default is attrs.NOTHING)
        body.append("if type(o) is not dict:")
        body.append("    raise InvalidError")
        cached = cls in self.memoized
        if cached:
            if not all(_stringy(f.type) for f in fields):
                msg = f"{cls.__name__} has a field that is not a string in JSON; it cannot be memoized"
                raise TypeError(msg)
            body += [
                "key: Any",
                "try:",
                f"    key = ({self.name_of(cls)}, tuple(o.items()))",
                "    found = memo.get(key)",
                "except TypeError:  # a list or an object among the values",
                "    key = found = None",
                "if found is not None:",
                "    return found",
            ]
        body.append(f"n = {required}")
        for field in fields:
            var = f"v_{field.name}"
            if field.default is attrs.NOTHING:
                body.append(f"x = o[{field.name!r}]")
                body += self.check(field.type, "x", var)
            else:
                body += [
                    f"x = o.get({field.name!r}, _MISSING)",
                    "if x is _MISSING:",
                    f"    {var} = {self.default(cls, field)}",
                    "else:",
                    "    n += 1",
                ]
                body += ["    " + line for line in self.check(field.type, "x", var)]
        body.append("if len(o) != n:")
        body.append("    raise InvalidError")
        body += self.construct(cls, fields)
        if cached:
            body.append("if key is not None:")
            body.append("    memo[key] = r")
        body.append("return r")
        self.lines += ["", "", f"def {name}(o: Any, memo: dict[Any, Any]) -> Any:"]
        self.lines += ["    " + line for line in body]
        return name

    def default(self, cls: type[Any], field: attrs.Attribute[Any]) -> str:
        value = field.default
        if value is None or value == ():
            return repr(value)
        if isinstance(value, enum.Enum):
            return f"{self.name_of(type(value))}.{value.name}"
        msg = f"{cls.__name__}.{field.name}: no source for the default {value!r}"
        raise TypeError(msg)

    def construct(self, cls: type[Any], fields: tuple[attrs.Attribute[Any], ...]) -> list[str]:
        """Build the instance through the class's own ``__init__``, keyword by keyword."""
        if not all(f.init for f in fields):
            msg = f"{cls.__name__} has a field its __init__ does not take; it cannot be built from JSON"
            raise TypeError(msg)
        arguments = ", ".join(f"{f.alias}=v_{f.name}" for f in fields)
        return [f"r = {self.name_of(cls)}({arguments})"]

    def check(self, tp: Any, x: str, var: str) -> list[str]:
        """Lines that check the JSON value in ``x`` and put the result in ``var``."""
        if tp is str:
            return [
                f"if type({x}) is not str or not ({x}.isascii() or clean({x})):",
                "    raise InvalidError",
                f"{var} = {x}",
            ]
        if tp is int:
            return [f"if type({x}) is not int:", "    raise InvalidError", f"{var} = {x}"]
        if tp is date:
            return [f"{var} = parse_date({x})"]
        if tp is Decimal:
            return [
                f"if type({x}) is not str or len({x}) > MAX_NUMBER_CHARS or decimal_match({x}) is None:",
                "    raise InvalidError",
                f"{var} = Decimal({x})",
            ]
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            here = self.name_of(tp)
            members = self.constant(f"_{_snake(tp.__name__)}_by_value", f"{{m.value: m for m in {here}}}")
            return [
                f"{var} = {members}.get({x}) if type({x}) is str else None",
                f"if {var} is None:",
                "    raise InvalidError",
            ]
        if attrs.has(tp):
            return [f"{var} = {self.function(tp)}({x}, memo)"]
        inner = _optional(tp)
        if inner is not None:
            return [
                f"if {x} is None:",
                f"    {var} = None",
                "else:",
                *("    " + line for line in self.check(inner, x, var)),
            ]
        element = _homogeneous_tuple(tp)
        if element is str:
            return [
                f"if type({x}) is not list:",
                "    raise InvalidError",
                f"for y in {x}:",
                "    if type(y) is not str or not (y.isascii() or clean(y)):",
                "        raise InvalidError",
                f"{var} = tuple({x})",
            ]
        if element is not None and attrs.has(element):
            function = self.function(element)
            return [  # most arrays hold one or two objects: no comprehension for those
                f"if type({x}) is not list:",
                "    raise InvalidError",
                f"if len({x}) == 1:",
                f"    {var} = ({function}({x}[0], memo),)",
                f"elif len({x}) == 2:",
                f"    {var} = ({function}({x}[0], memo), {function}({x}[1], memo))",
                "else:",
                f"    {var} = tuple([{function}(y, memo) for y in {x}])",
            ]
        msg = f"no structuring is generated for {tp!r}"
        raise TypeError(msg)

    def module(self, classes: tuple[type[Any], ...]) -> str:
        """The whole module: imports, constants, functions and the table of them."""
        for cls in classes:
            self.function(cls)
        table = [
            "",
            "",
            "#: The function of each class.",
            "STRUCTURERS: dict[type[Any], Callable[[Any, dict[Any, Any]], Any]] = {",
        ]
        table += [f"    {self.name_of(cls)}: {name}," for cls, name in sorted(self.done.items(), key=_by_name)]
        table.append("}")
        imports = [
            f"from {module.replace('covid_synergy', '.', 1)} import {', '.join(sorted(names))}"
            for module, names in sorted(self.imports.items())
        ]
        constants = [f"{name}: Any = {source}" for name, source in self.constants.items()]
        return "\n".join([_HEADER.rstrip("\n"), *imports, "", *constants, *self.lines, *table]) + "\n"


def _by_name(item: tuple[type[Any], str]) -> str:
    return item[1]


def module_source() -> str:
    """The source of ``_structure.py``, written from the record classes as they are now."""
    from covid_synergy._dates import DateSpan  # noqa: PLC0415 - the model is what is written from
    from covid_synergy._layout import COLLECTIONS  # noqa: PLC0415
    from covid_synergy._model import Source  # noqa: PLC0415

    # Date spans repeat (many records share a day): one object per distinct span.
    generator = _Generator(memoized=(DateSpan,))
    return generator.module((Source, *(c.record for c in COLLECTIONS)))


def main(argv: Sequence[str] | None = None) -> int:
    """Write the module (``--check``: only say whether it is current; exit 1 if not)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    source = module_source()
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
    if "--check" in arguments:
        print(f"{TARGET}: {'current' if current == source else 'out of date'}")  # noqa: T201
        return 0 if current == source else 1
    if current != source:
        TARGET.write_text(source, encoding="utf-8")
    return 0


def _optional(tp: Any) -> Any:
    args = get_args(tp)
    if get_origin(tp) in (Union, types.UnionType) and len(args) == 2 and type(None) in args:  # noqa: PLR2004
        return args[0] if args[1] is type(None) else args[1]
    return None


def _homogeneous_tuple(tp: Any) -> Any:
    args = get_args(tp)
    if get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004
        return args[0]
    return None


def _stringy(tp: Any) -> bool:
    """Whether every valid JSON value of ``tp`` is a string or null.

    Only then can an object be recognised by its items: a string never
    equals anything but a string, whereas ``1 == True`` would let a boolean
    pass for an integer.
    """
    inner = _optional(tp)
    if inner is not None:
        return _stringy(inner)
    return tp in _STRING_TYPES or (isinstance(tp, type) and issubclass(tp, enum.Enum))


if __name__ == "__main__":
    raise SystemExit(main())
