"""Data frames: flat rows as pandas or polars frames, for the ``pandas`` and ``polars`` extras."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ._rows import row_columns, to_rows

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from ._model import Entity, Record

__all__ = ["to_pandas", "to_polars"]


def _missing(library: str, function: str) -> ImportError:
    msg = f"{function}() needs {library}, which is not installed: pip install covid-synergy[{library}]"
    return ImportError(msg, name=library)


def to_pandas(
    records: Iterable[Record | Entity],
    entities: Mapping[str, Entity] | None = None,
) -> pd.DataFrame:
    """Return :func:`to_rows` as a :class:`pandas.DataFrame`, importing pandas only now.

    ``date_start`` and ``date_end`` become ``datetime64`` columns, quantity
    values ``float64`` (the exact :class:`~decimal.Decimal` values are in
    :func:`to_rows`), evidence paragraphs nullable ``Int64``. Raises
    :class:`ImportError` naming the extra to install when pandas is missing.
    """
    try:
        import pandas as pd  # noqa: PLC0415 - an optional dependency, loaded when asked
    except ImportError as exc:
        raise _missing("pandas", "to_pandas") from exc
    rows = to_rows(records, entities)
    frame = pd.DataFrame.from_records(rows, columns=row_columns(rows))
    for column in frame.columns:
        if column in {"date_start", "date_end"}:
            frame[column] = pd.to_datetime(frame[column])
        elif column.startswith("quantity_") and column.endswith("_value"):
            frame[column] = frame[column].astype("float64")
        elif column.startswith("evidence_") and column.endswith("_paragraph"):
            frame[column] = frame[column].astype("Int64")
    return frame


def to_polars(
    records: Iterable[Record | Entity],
    entities: Mapping[str, Entity] | None = None,
) -> pl.DataFrame:
    """Return :func:`to_rows` as a :class:`polars.DataFrame`, importing polars only now.

    Dates stay dates and quantity values stay exact decimals. Raises
    :class:`ImportError` naming the extra to install when polars is missing.
    """
    try:
        import polars as pl  # noqa: PLC0415 - an optional dependency, loaded when asked
    except ImportError as exc:
        raise _missing("polars", "to_polars") from exc
    rows = to_rows(records, entities)
    columns = row_columns(rows)
    return pl.from_dicts([{c: row.get(c) for c in columns} for row in rows], infer_schema_length=None)
