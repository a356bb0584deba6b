"""Everything *Forging Powerful Synergy for the Global Fight Against Covid-19*
reports, as typed, immutable records with exact queries.

>>> import covid_synergy as cs
>>> ds = cs.load()
>>> ds.source.title
'Forging Powerful Synergy for the Global Fight Against Covid-19'

Importing the package reads no data and loads none of its modules: each
loads on first use of a name it defines, and :func:`load` reads the data
on first call.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not imported from typing, which is slow to import; type checkers know the idiom
if TYPE_CHECKING:
    from typing import Any

    from ._dataset import Dataset
    from ._dates import DateSpan, Precision
    from ._entities import Entities
    from ._errors import (
        CovidSynergyError,
        DataError,
        InvalidDateError,
        MixedBoundsError,
        Problem,
        UnknownEntityError,
        UnknownNameError,
    )
    from ._export import dump, export
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
        Sentence,
        SentenceRole,
        Source,
        Statement,
        StatementMode,
    )
    from ._quantities import UNITS, Bound, Quantity, Unit
    from ._reading import load, load_path
    from ._recordset import AidSet, RecordSet, StatementSet
    from ._totals import Total
    from ._vocabulary import Vocabulary

    __version__: str

#: The module that defines each public name. The modules load on first use
#: of one of their names, so that ``import covid_synergy`` costs next to
#: nothing (the record classes, attrs among them, load with the first name
#: asked for).
_HOMES = {
    "Dataset": "_dataset",
    "DateSpan": "_dates",
    "Precision": "_dates",
    "Entities": "_entities",
    "CovidSynergyError": "_errors",
    "DataError": "_errors",
    "InvalidDateError": "_errors",
    "MixedBoundsError": "_errors",
    "Problem": "_errors",
    "UnknownEntityError": "_errors",
    "UnknownNameError": "_errors",
    "dump": "_export",
    "export": "_export",
    "load": "_reading",
    "load_path": "_reading",
    "AidKind": "_model",
    "AidRecord": "_model",
    "AidStatus": "_model",
    "Entity": "_model",
    "EntityKind": "_model",
    "Event": "_model",
    "EventKind": "_model",
    "Evidence": "_model",
    "Figure": "_model",
    "Record": "_model",
    "Sentence": "_model",
    "SentenceRole": "_model",
    "Source": "_model",
    "Statement": "_model",
    "StatementMode": "_model",
    "UNITS": "_quantities",
    "Bound": "_quantities",
    "Quantity": "_quantities",
    "Unit": "_quantities",
    "AidSet": "_recordset",
    "RecordSet": "_recordset",
    "StatementSet": "_recordset",
    "Total": "_totals",
    "Vocabulary": "_vocabulary",
}

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
    "InvalidDateError",
    "MixedBoundsError",
    "Precision",
    "Problem",
    "Quantity",
    "Record",
    "RecordSet",
    "Sentence",
    "SentenceRole",
    "Source",
    "Statement",
    "StatementMode",
    "StatementSet",
    "Total",
    "Unit",
    "UnknownEntityError",
    "UnknownNameError",
    "Vocabulary",
    "dump",
    "export",
    "load",
    "load_path",
]


def __dir__() -> list[str]:
    return [*__all__, "__version__"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is not None:
        from importlib import import_module  # noqa: PLC0415 - importlib is loaded with Python

        value = getattr(import_module(f"{__name__}.{home}"), name)
        globals()[name] = value  # later uses find it directly
        return value
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - only when asked

        return version("covid-synergy")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
