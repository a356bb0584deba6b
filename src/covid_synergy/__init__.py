"""Everything *Forging Powerful Synergy for the Global Fight Against Covid-19*
reports, as typed, immutable records with exact queries.

>>> import covid_synergy as cs
>>> ds = cs.load()
>>> ds.source.title
'Forging Powerful Synergy for the Global Fight Against Covid-19'

Importing the package reads no data; :func:`load` reads it on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._dataset import Dataset
from ._dates import DateSpan, Precision
from ._entities import Entities, UnknownEntityError
from ._errors import CovidSynergyError, DataError, Problem
from ._loading import dump, load, load_path
from ._model import (
    AidKind,
    AidRecord,
    AidStatus,
    Entity,
    EntityKind,
    Event,
    EventKind,
    Evidence,
    Figure,
    Record,
    Source,
    Statement,
    StatementMode,
)
from ._quantity import UNITS, Bound, Quantity
from ._recordset import AidSet, RecordSet
from ._totals import MixedBoundsError, Total

if TYPE_CHECKING:
    __version__: str

__all__ = [
    "UNITS",
    "AidKind",
    "AidRecord",
    "AidSet",
    "AidStatus",
    "Bound",
    "CovidSynergyError",
    "DataError",
    "Dataset",
    "DateSpan",
    "Entities",
    "Entity",
    "EntityKind",
    "Event",
    "EventKind",
    "Evidence",
    "Figure",
    "MixedBoundsError",
    "Precision",
    "Problem",
    "Quantity",
    "Record",
    "RecordSet",
    "Source",
    "Statement",
    "StatementMode",
    "Total",
    "UnknownEntityError",
    "dump",
    "load",
    "load_path",
]


def __dir__() -> list[str]:
    return [*__all__, "__version__"]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - only when asked

        return version("covid-synergy")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
