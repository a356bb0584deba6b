"""The exceptions the library raises on purpose."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["CovidSynergyError", "DataError", "Problem"]

#: How many problems one :class:`DataError` reports at most.
MAX_PROBLEMS = 50


class CovidSynergyError(Exception):
    """Base class of every exception covid-synergy raises on purpose."""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a data file.

    Its string form is ``file: record "id": $.path: message``; parts that
    are unknown are left out.
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
        return (_rebuild, (self.problems, self.total))


def _rebuild(problems: tuple[Problem, ...], total: int) -> DataError:
    return DataError(problems, total=total)
