"""Every exception the library raises on purpose, and the one "did you mean" helper."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

__all__ = [
    "MAX_PROBLEMS",
    "CovidSynergyError",
    "DataError",
    "InvalidDateError",
    "InvalidError",
    "MixedBoundsError",
    "Problem",
    "UnknownEntityError",
    "UnknownNameError",
    "UsageError",
    "clip",
    "closest",
    "did_you_mean",
]

#: How many problems one :class:`DataError` reports at most.
MAX_PROBLEMS = 50


def closest(word: str, choices: Iterable[str], *, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Return up to ``n`` of ``choices`` closest to ``word``, best first (maybe none).

    >>> closest("tonnes", ["tonne", "team", "year"])
    ['tonne']
    """
    import difflib  # noqa: PLC0415 - only to explain a miss

    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


def did_you_mean(suggestions: Sequence[str]) -> str:
    """Return ``"; did you mean 'a' or 'b'?"``, or ``""`` when there is no suggestion.

    >>> did_you_mean(["tonne"])
    "; did you mean 'tonne'?"
    """
    if not suggestions:
        return ""
    return "; did you mean " + " or ".join(repr(s) for s in suggestions) + "?"


class CovidSynergyError(Exception):
    """Base class of every exception covid-synergy raises on purpose."""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a data file.

    Its string form is ``file: record "id": $.path: message``; parts that
    are unknown are left out.

    >>> print(Problem(file="events.json", record="'a-b'", path="$.kind", message="unknown value"))
    events.json: record 'a-b': $.kind: unknown value
    """

    #: The file name, relative to the data folder (``events.json``).
    file: str
    #: The record's id, or ``#N`` (0-based index) when it has no usable id.
    record: str | None = None
    #: A JSON path inside the record (or the file) such as ``$.date.end``.
    path: str = "$"
    #: What is wrong, in words.
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.record is not None:
            parts.append(f"record {self.record}")
        parts.append(self.path)
        parts.append(self.message)
        return ": ".join(parts)


class DataError(CovidSynergyError, ValueError):
    """Data that cannot be loaded, with every problem found (up to a cap).

    ``problems`` holds one :class:`Problem` per fault, each naming the file,
    the record and the JSON path. Loading is all or nothing: when this is
    raised, nothing was loaded.

    >>> error = DataError([Problem(file="aid.json", message="file not found")])
    >>> print(error)
    1 problem in the data:
      aid.json: $: file not found
    """

    problems: tuple[Problem, ...]
    #: How many problems were found in all; may exceed ``len(problems)``.
    total: int

    def __init__(self, problems: Iterable[Problem], *, total: int | None = None) -> None:
        found = tuple(problems)
        self.problems = found[:MAX_PROBLEMS]
        self.total = len(found) if total is None else total
        lines = [str(p) for p in self.problems]
        if self.total > len(self.problems):
            lines.append(f"... and {self.total - len(self.problems)} more problems")
        head = "1 problem" if self.total == 1 else f"{self.total} problems"
        super().__init__(f"{head} in the data:\n" + "\n".join(f"  {line}" for line in lines))

    def __reduce__(self) -> tuple[object, tuple[tuple[Problem, ...], int]]:
        return (_rebuild_data_error, (self.problems, self.total))


def _rebuild_data_error(problems: tuple[Problem, ...], total: int) -> DataError:
    return DataError(problems, total=total)


class UnknownNameError(CovidSynergyError, LookupError):
    """A name that matches no value of a vocabulary (a kind, mode, status, unit...).

    The message names the closest values, or the vocabulary where the name
    is valid when it belongs to another one (an aid kind asked of events).

    >>> print(UnknownNameError("tonnes", "unit", ["tonne"]))
    unknown unit 'tonnes'; did you mean 'tonne'?
    >>> print(UnknownNameError("medical_team", "event kind", elsewhere="aid kind (ds.aid)"))
    unknown event kind 'medical_team': it is an aid kind (ds.aid)
    """

    #: What was asked for.
    name: str
    #: What sort of name it should be ("event kind", "unit", "entity").
    what: str
    #: The closest valid names (possibly empty).
    suggestions: tuple[str, ...]
    #: Where the name is valid instead, when it names something else.
    elsewhere: str | None
    #: Every valid name, when the vocabulary is small enough to list.
    known: tuple[str, ...]

    def __init__(
        self,
        name: str,
        what: str,
        suggestions: Iterable[str] = (),
        *,
        elsewhere: str | None = None,
        known: Iterable[str] = (),
    ) -> None:
        self.name = name
        self.what = what
        self.suggestions = tuple(suggestions)
        self.elsewhere = elsewhere
        self.known = tuple(known)
        super().__init__(self._message())

    def _message(self) -> str:
        head = f"unknown {self.what} {clip(self.name)!r}"
        if self.elsewhere is not None:
            return f"{head}: it is {_article(self.elsewhere)} {self.elsewhere}"
        if self.suggestions:
            return head + did_you_mean(self.suggestions)
        if self.known:
            return f"{head}; expected one of: {', '.join(self.known)}"
        return head

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        state = {"elsewhere": self.elsewhere, "known": self.known}
        return (_rebuild_name_error, (type(self), (self.name, self.what, self.suggestions), state))


def _rebuild_name_error(
    cls: type[UnknownNameError], args: tuple[str, str, tuple[str, ...]], state: dict[str, Any]
) -> UnknownNameError:
    error = UnknownNameError.__new__(cls)
    UnknownNameError.__init__(error, *args, **state)
    return error


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


class UnknownEntityError(UnknownNameError):
    """A name, code or id that matches no entity; suggests close matches.

    >>> print(UnknownEntityError("Itlay", ["Italy"]))
    no entity called 'Itlay'; did you mean 'Italy'?
    """

    def __init__(self, name: str, suggestions: Iterable[str] = ()) -> None:
        super().__init__(name, "entity", suggestions)

    def _message(self) -> str:
        return f"no entity called {clip(self.name)!r}{did_you_mean(self.suggestions)}"


def clip(text: str, limit: int = 80) -> str:
    """``text`` cut to ``limit`` characters with a final "…", for a message.

    >>> clip("x" * 100, 10)
    'xxxxxxxxx…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


class InvalidDateError(CovidSynergyError, ValueError):
    """A date that is not in a form the library reads, or that names no real day.

    >>> print(InvalidDateError("2020-02-30: February 2020 has 29 days"))
    2020-02-30: February 2020 has 29 days
    """


class MixedBoundsError(CovidSynergyError, ValueError):
    """Quantities whose bounds have no sound sum (a lower with an upper bound)."""


class UsageError(CovidSynergyError):
    """A command line that cannot run: a bad option, value, name or date.

    ``prog`` is the command it belongs to (``covid-synergy events``), for
    the message.
    """

    def __init__(self, message: str, prog: str = "covid-synergy") -> None:
        self.prog = prog
        super().__init__(message)


class InvalidError(ValueError):
    """A pre-built structure function refused a value; the converter says why.

    Internal: never escapes the library, which turns it into a
    :class:`DataError` with the detailed reason.
    """
