"""Write ``src/covid_synergy/data/schemas/*.schema.json`` from the record classes.

A development tool, not part of the package: run it (``nox -s generate``)
after changing a record class; ``--check`` only says whether the files are
current, and a test fails when they are not.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["FOLDER", "main", "rendered"]

#: The folder written.
FOLDER = Path(__file__).resolve().parent.parent / "src" / "covid_synergy" / "data" / "schemas"


def rendered() -> dict[str, str]:
    """The text of every schema file, by file name."""
    from covid_synergy._schema import schemas  # noqa: PLC0415 - the classes are what is written from

    return {name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n" for name, schema in schemas().items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Write the schemas (``--check``: only say whether they are current; exit 1 if not)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    stale = [name for name, text in rendered().items() if not _holds(FOLDER / name, text)]
    if "--check" in arguments:
        print(f"{FOLDER}: {'out of date: ' + ', '.join(stale) if stale else 'current'}")  # noqa: T201
        return 1 if stale else 0
    for name in stale:
        (FOLDER / name).write_text(rendered()[name], encoding="utf-8")
    return 0


def _holds(path: Path, text: str) -> bool:
    return path.exists() and path.read_text(encoding="utf-8") == text


if __name__ == "__main__":
    raise SystemExit(main())
