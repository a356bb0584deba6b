"""Fast structuring: one function per record class, with every check inline.

The converter's generic hooks call one function per field and one more per
string; for a large folder that dominates the load. Here, for each attrs
class, one function is generated from the class's own fields and types: it
checks the JSON type of every value in line, rejects unknown and missing
keys by counting, and, for classes without validators, fills the slots of
a new instance directly (exactly what the class's ``__init__`` would do).
Small classes whose JSON holds only strings (date spans, quantities) are
built once per distinct JSON object within one load.

These functions accept exactly what the detailed converter accepts and
build equal objects (the tests compare the two on generated and on
corrupted records). They say nothing about *why* a value is wrong: any
failure raises, and the caller asks the detailed converter to explain.
"""

from __future__ import annotations

import enum
import re
import types
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

import attrs

__all__ = ["InvalidError", "Structurer", "structure_functions"]

#: A generated function: the parsed JSON of one object, and the memo of the
#: current load (small objects already built, by their JSON content).
Structurer = Callable[[Any, dict[Any, Any]], Any]

_SURROGATE = re.compile("[\ud800-\udfff]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DECIMAL = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?", re.ASCII)
#: The longest number a quantity may be written with, in characters.
MAX_NUMBER_CHARS = 40
#: JSON types whose values are all strings (or null): an object made only
#: of these can be recognised by its items alone.
_STRING_TYPES = (str, date, Decimal)


class InvalidError(ValueError):
    """The fast path refused a value; the detailed converter says why."""


def _clean(text: str) -> bool:
    """Whether a non-ASCII string holds no lone surrogate."""
    return _SURROGATE.search(text) is None


def _date(value: object) -> date:
    if type(value) is not str or _DATE.fullmatch(value) is None:
        raise InvalidError
    return date.fromisoformat(value)


class _Generator:
    """Writes the source of the functions for a set of classes, and their namespace."""

    def __init__(self, fallback: Callable[[Any], Callable[[Any, Any], Any]], memoized: tuple[type[Any], ...]) -> None:
        self.fallback = fallback
        self.memoized = memoized
        self.lines: list[str] = []
        self.names: dict[str, Any] = {
            "InvalidError": InvalidError,
            "_clean": _clean,
            "_date": _date,
            "_Decimal": Decimal,
            "_decimal_match": _DECIMAL.fullmatch,
            "_new": object.__new__,
            "_MISSING": object(),
            "_MAX_NUMBER": MAX_NUMBER_CHARS,
        }
        self.done: dict[type[Any], str] = {}

    def constant(self, prefix: str, value: Any) -> str:
        name = f"_{prefix}_{len(self.names)}"
        self.names[name] = value
        return name

    def function(self, cls: type[Any]) -> str:
        """Generate (once) the function for ``cls`` and return its name."""
        if cls in self.done:
            return self.done[cls]
        name = f"structure_{cls.__name__}_{len(self.done)}"
        self.done[cls] = name
        attrs.resolve_types(cls)
        fields = attrs.fields(cls)
        body: list[str] = []
        required = sum(1 for f in fields if f.default is attrs.NOTHING)
        body.append("if type(o) is not dict: raise InvalidError")
        cached = cls in self.memoized
        if cached and not all(_stringy(f.type) for f in fields):
            msg = f"{cls.__name__} has a field that is not a string in JSON; it cannot be memoized"
            raise TypeError(msg)
        if cached:
            tag = self.constant("tag", cls.__name__)
            body += [
                "try:",
                f"    key = ({tag}, tuple(o.items()))",
                "    found = memo.get(key)",
                "except TypeError:",
                "    key = found = None",
                "if found is not None: return found",
            ]
        body.append(f"n = {required}")
        for field in fields:
            var = f"v_{field.name}"
            if field.default is attrs.NOTHING:
                body.append(f"x = o[{field.name!r}]")
                body += self.check(field.type, "x", var)
            else:
                default = field.default
                if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                    msg = f"{cls.__name__}.{field.name}: factory defaults are not supported"
                    raise TypeError(msg)
                body += [
                    f"x = o.get({field.name!r}, _MISSING)",
                    "if x is _MISSING:",
                    f"    {var} = {self.constant('default', default)}",
                    "else:",
                    "    n += 1",
                ]
                body += ["    " + line for line in self.check(field.type, "x", var)]
        body.append("if len(o) != n: raise InvalidError")
        body += self.construct(cls, fields)
        if cached:
            body.append("if key is not None: memo[key] = r")
        body.append("return r")
        self.lines.append(f"def {name}(o, memo):")
        self.lines += ["    " + line for line in body]
        self.lines.append("")
        return name

    def construct(self, cls: type[Any], fields: tuple[attrs.Attribute[Any], ...]) -> list[str]:
        """Build the instance as the class's ``__init__`` would: fill the slots,
        then run the validators. Classes that need more go through ``__init__``.
        """
        plain = (
            all(f.converter is None and f.init and f.on_setattr is None for f in fields)
            and not hasattr(cls, "__attrs_pre_init__")
            and not hasattr(cls, "__attrs_post_init__")
            and all(isinstance(cls.__dict__.get(f.name), types.MemberDescriptorType) for f in fields)
            and not getattr(cls, "__attrs_cache_hash__", False)
        )
        if not plain:
            arguments = ", ".join(f"{f.alias}=v_{f.name}" for f in fields)
            return [f"r = {self.constant('cls', cls)}({arguments})"]
        lines = [f"r = _new({self.constant('cls', cls)})"]
        for f in fields:
            setter = self.constant("set", cls.__dict__[f.name].__set__)
            lines.append(f"{setter}(r, v_{f.name})")
        checked = [f for f in fields if f.validator is not None]
        for f in checked:  # run whatever attrs.validators.set_disabled says: loaded data is checked
            validator = self.constant("validator", f.validator)
            lines.append(f"{validator}(r, {self.constant('field', f)}, v_{f.name})")
        return lines

    def check(self, tp: Any, x: str, var: str) -> list[str]:
        """Lines that check the JSON value in ``x`` and put the result in ``var``."""
        if tp is str:
            return [
                f"if type({x}) is not str or not ({x}.isascii() or _clean({x})): raise InvalidError",
                f"{var} = {x}",
            ]
        if tp is int:
            return [f"if type({x}) is not int: raise InvalidError", f"{var} = {x}"]
        if tp is date:
            return [f"{var} = _date({x})"]
        if tp is Decimal:
            return [
                f"if type({x}) is not str or len({x}) > _MAX_NUMBER or _decimal_match({x}) is None: raise InvalidError",
                f"{var} = _Decimal({x})",
            ]
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            members = self.constant("members", {m.value: m for m in tp})
            return [
                f"{var} = {members}.get({x}) if type({x}) is str else None",
                f"if {var} is None: raise InvalidError",
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
                f"if type({x}) is not list: raise InvalidError",
                f"for y in {x}:",
                "    if type(y) is not str or not (y.isascii() or _clean(y)): raise InvalidError",
                f"{var} = tuple({x})",
            ]
        if element is not None and attrs.has(element):
            function = self.function(element)
            return [  # most arrays hold one or two objects: no comprehension for those
                f"if type({x}) is not list: raise InvalidError",
                f"if len({x}) == 1:",
                f"    {var} = ({function}({x}[0], memo),)",
                f"elif len({x}) == 2:",
                f"    {var} = ({function}({x}[0], memo), {function}({x}[1], memo))",
                "else:",
                f"    {var} = tuple([{function}(y, memo) for y in {x}])",
            ]
        hook = self.constant("hook", self.fallback(tp))
        return [f"{var} = {hook}({x}, {self.constant('type', tp)})"]


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


def structure_functions(
    classes: tuple[type[Any], ...],
    fallback: Callable[[Any], Callable[[Any, Any], Any]],
    memoized: tuple[type[Any], ...] = (),
) -> dict[type[Any], Structurer]:
    """Generate the functions for ``classes`` (and the classes they contain).

    ``fallback`` gives the converter's hook for a type the generator does
    not handle itself. Instances of the ``memoized`` classes (whose fields
    must all be strings in JSON) are built once per distinct JSON object
    in one memo.
    """
    generator = _Generator(fallback, memoized)
    for cls in classes:
        generator.function(cls)
    namespace = dict(generator.names)
    source = "\n".join(generator.lines)
    exec(compile(source, "<covid_synergy structure functions>", "exec"), namespace)  # noqa: S102
    return {cls: namespace[name] for cls, name in generator.done.items()}
