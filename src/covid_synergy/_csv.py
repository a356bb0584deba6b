"""CSV text: flat rows as RFC 4180 CSV, dates in ISO form and decimals written in full."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import IO

from ._rows import row_columns

__all__ = ["csv_text", "write_csv"]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_text(rows: Sequence[Mapping[str, object]], columns: Sequence[str] | None = None) -> str:
    r"""Return ``rows`` as CSV text (RFC 4180: a header line, ``\r\n`` line ends).

    ``columns`` defaults to :func:`row_columns`; a row without a column
    leaves its cell empty. Dates are ISO, decimals are written in full.
    """
    header = list(columns) if columns is not None else row_columns(rows)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(row.get(c)) for c in header] for row in rows)
    return buffer.getvalue()


def write_csv(stream: IO[str], rows: Sequence[Mapping[str, object]], columns: Sequence[str] | None = None) -> None:
    r"""Write ``rows`` as CSV to a text stream, with ``\n`` line ends (for a terminal or pipe).

    ``columns`` defaults to :func:`row_columns`.
    """
    header = list(columns) if columns is not None else row_columns(rows)
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(row.get(c)) for c in header] for row in rows)
