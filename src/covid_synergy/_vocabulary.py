"""Closed vocabularies: enums whose members carry their meaning, an example and aliases.

Every kind, mode, status, precision, bound and unit of the data is a member
of a :class:`Vocabulary`. A member says what it means (``meaning``), shows
it in the article's own words (``example``, verbatim, or ``None`` where the
article has no instance) and lists the other words a reader might type for
it (``aliases``). Queries, the command line and the documentation all read
these tables, so a name means the same everywhere.

Names match after case-folding, with ``-`` or a space read as ``_``, or by an
alias: ``"Phone call"``, ``"phone-call"`` and ``"phone_call"`` all name
:attr:`~covid_synergy.EventKind.CALL`. Anything else raises
:class:`~covid_synergy.UnknownNameError` naming the closest values.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from ._errors import UnknownNameError, closest

__all__ = ["Vocabulary", "named", "normal_name", "term"]

V = TypeVar("V", bound="Vocabulary")


def normal_name(text: str) -> str:
    """The form in which vocabulary names are compared.

    >>> normal_name("  Phone-Call ")
    'phone_call'
    """
    return "_".join(text.casefold().replace("-", " ").replace("_", " ").split())


class Vocabulary(enum.Enum):
    """Base class of the library's vocabularies (not used directly).

    A member is declared as ``NAME = value, meaning, example, aliases``.
    """

    _value_: str
    #: What the value means in this dataset, in one line.
    meaning: str
    #: The article's own words showing the value in use, or ``None`` when the article has none.
    example: str | None
    #: Other names a reader might use for the value.
    aliases: tuple[str, ...]

    if TYPE_CHECKING:  # calling the class looks a value up: EventKind("call")

        def __new__(cls, value: str) -> Self: ...

    else:

        def __new__(cls, value: str, meaning: str, example: str | None, aliases: Iterable[str] = ()) -> Self:
            return term(cls, value, meaning, example, aliases)

    @property
    def value(self) -> str:
        """The value, as the data writes it (``"call"``)."""
        return self._value_

    def __str__(self) -> str:
        return self._value_

    @classmethod
    def noun(cls) -> str:
        """What a value of the vocabulary is called ("event kind", "unit")."""
        return _NOUNS.get(cls, cls.__name__)

    @classmethod
    def _names(cls) -> dict[str, Self]:
        found = _LOOKUP.get(cls)
        if found is None:
            found = {}
            for member in cls:
                for name in (member.value, *member.aliases):
                    key = normal_name(name)
                    other = found.setdefault(key, member)
                    if other is not member:  # pragma: no cover - the tables are checked by tests
                        msg = f"{cls.__name__}: {name!r} names both {other.value!r} and {member.value!r}"
                        raise TypeError(msg)
            _LOOKUP[cls] = found
        return found

    @classmethod
    def find(cls, name: str) -> Self | None:
        """Return the member ``name`` names (value or alias, in any case), or ``None``."""
        return cls._names().get(normal_name(name))

    @classmethod
    def parse(cls, name: object, *, elsewhere: Mapping[type[Vocabulary], str] | None = None) -> Self:
        """Return the member that ``name`` (a member, its value or an alias) names.

        An unknown name raises :class:`~covid_synergy.UnknownNameError` with
        the three closest values; when the name is a value of one of the
        vocabularies in ``elsewhere`` (vocabulary to where it is valid),
        the error says so instead.

        >>> from covid_synergy import EventKind
        >>> EventKind.parse("Phone call")
        <EventKind.CALL: 'call'>
        """
        if isinstance(name, cls):
            return name
        others = elsewhere or {}
        if isinstance(name, Vocabulary):
            raise UnknownNameError(name.value, cls.noun(), elsewhere=_where(type(name), others))
        if not isinstance(name, str):
            msg = f"a {cls.noun()} is named by a string or a {cls.__name__}, not {type(name).__name__}"
            raise TypeError(msg)
        found = cls.find(name)
        if found is not None:
            return found
        for vocabulary in others:
            if vocabulary is not cls and vocabulary.find(name) is not None:
                raise UnknownNameError(name, cls.noun(), elsewhere=_where(vocabulary, others))
        values = [m.value for m in cls]
        near = closest(normal_name(name), [normal_name(v) for v in values], cutoff=0.5)
        by_normal = {normal_name(v): v for v in values}
        raise UnknownNameError(name, cls.noun(), [by_normal[n] for n in near], known=values)


def term(cls: type[V], value: str, meaning: str, example: str | None, aliases: Iterable[str]) -> V:
    """A new member of ``cls`` (for the ``__new__`` of a vocabulary whose members say more)."""
    member = object.__new__(cls)
    member._value_ = value
    member.meaning = meaning
    member.example = example
    member.aliases = tuple(aliases)
    return member


def _where(vocabulary: type[Vocabulary], places: Mapping[type[Vocabulary], str]) -> str:
    place = places.get(vocabulary)
    return vocabulary.noun() if place is None else f"{vocabulary.noun()} ({place})"


#: What each vocabulary's values are called, set by :func:`named`.
_NOUNS: dict[type[Vocabulary], str] = {}
_LOOKUP: dict[type[Any], dict[str, Any]] = {}


def named(noun: str) -> Any:
    """Class decorator: what a value of this vocabulary is called ("event kind")."""

    def register(cls: type[Vocabulary]) -> type[Vocabulary]:
        _NOUNS[cls] = noun
        return cls

    return register
