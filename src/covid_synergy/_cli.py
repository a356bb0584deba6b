"""The ``covid-synergy`` command line (also ``python -m covid_synergy``).

With no command it prints a one-screen summary. The commands list records
(``timeline``, ``events``, ``aid``, ``statements``, ``figures``,
``entities``), show one (``show ID``), add up quantities (``total UNIT``) or
write the dataset to files (``export``). Every command takes ``--data
FOLDER`` to run against a folder in the packaged format instead of the
packaged data.

Errors go to standard error, one line each: a folder that does not load
gives a line for the count and one per problem. Exit statuses: 0 for
success, 1 when the data or the files are at fault (a folder that does not
load, an export that would overwrite, output that cannot be written), 2
when the command line is (an unknown option, entity, kind or unit, a
malformed date, an empty path), 130 when interrupted.

Tables and text are written in the terminal's encoding, characters it
cannot show replaced by "?"; ``--format json``, ``jsonl`` and ``csv`` are
always UTF-8, whatever the terminal's encoding, so that nothing is lost.
Paths that cannot be printed as they are (a newline, bytes that are not
text) are printed with backslash escapes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn, TypeVar, cast

import attrs

from ._codec._rules import show_path
from ._dates import DATE_FORMS, DateSpan, Precision, period
from ._errors import (
    CovidSynergyError,
    DataError,
    InvalidDateError,
    UnknownEntityError,
    UnknownNameError,
    UsageError,
    clip,
    closest,
    did_you_mean,
)
from ._layout import COLLECTION_OF, COLLECTIONS, RECORD_COLLECTIONS
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
    Statement,
    StatementMode,
    references,
)
from ._quantities import Quantity, Unit
from ._reading import load, load_path
from ._recordset import AidSet, RecordSet, StatementSet
from ._table import WHOLE, render_table
from ._vocabulary import Vocabulary

if TYPE_CHECKING:
    from ._dataset import Dataset
    from ._model import Record

__all__ = ["EXIT_DATA", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main", "summary"]

#: The command ran.
EXIT_OK = 0
#: The data or the files are at fault.
EXIT_DATA = 1
#: The command line is at fault.
EXIT_USAGE = 2
#: Interrupted (Ctrl-C), as shells report a SIGINT.
EXIT_INTERRUPTED = 130

PROG = "covid-synergy"
R = TypeVar("R", bound="Record")


def _columns() -> int:
    """The terminal's width, as :func:`shutil.get_terminal_size` reckons it.

    ``COLUMNS`` when it is set to a positive number, else the width of the
    terminal that standard output writes to, else 80. :mod:`shutil` itself
    is not imported: it loads three compression modules the command line
    never uses.
    """
    with contextlib.suppress(ValueError):
        columns = int(os.environ.get("COLUMNS", ""))
        if columns > 0:
            return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):  # no stdout, a closed one, or not a terminal
        return 80
    return columns or 80


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter for descriptions laid out by hand, sized by :func:`_columns`.

    argparse makes one for every option added, and without a width each
    would import :mod:`shutil` to ask it.
    """

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, raised not printed,
    and whose help texts are written only when the help is printed.
    """

    #: What writes the description and the epilog, called by :meth:`format_help`.
    texts: Callable[[], tuple[str, str]] | None = None

    def format_help(self) -> str:
        """The help, with the description and the epilog written first if they wait to be."""
        if self.texts is not None:
            self.description, self.epilog = self.texts()
            self.texts = None
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        """Raise the parse error as a :class:`UsageError` naming this command."""
        raise UsageError(message, self.prog)


# -- dates ---------------------------------------------------------------------


def _date_label(span: DateSpan | None) -> str:
    if span is None:
        return "undated"
    if span.precision is Precision.AS_OF:
        return f"as of {span.end.isoformat()}"
    return str(span)


# -- the parser ----------------------------------------------------------------

_FILTER_HELP = """\
how the filters combine: a record must pass every option given (AND), and
several values of one option keep records matching any of them (OR):
  --from and --to keep records whose dates meet that period (either end may
  be left open; a month or a year means all of it); with --within, only
  records wholly inside it. --involving keeps records in which any of the
  named entities takes part; --involving-all (repeatable) keeps those in
  which every one of them does. A person counts for their country, a
  country's body for the country, and any of them for the regions their
  country lies in (--involving Africa finds Ethiopia's records); --strict
  counts the named entity alone. Names, ISO and M49 codes, aliases and ids
  all work, in any case. --kind keeps records of any of the given kinds;
  --search those whose text contains the words, ignoring case.
"""


def _wrap(text: str) -> str:
    import textwrap  # noqa: PLC0415 - only the help wraps its paragraphs (and show its values)

    return textwrap.fill(text, 78, initial_indent="  ", subsequent_indent="  ")


def _example(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _common(sub: argparse.ArgumentParser, *, formats: Sequence[str] | None) -> None:
    sub.add_argument(
        "--data",
        metavar="FOLDER",
        default=argparse.SUPPRESS,
        help="read this folder (in the packaged format) instead of the packaged data",
    )
    if formats is not None:
        sub.add_argument(
            "--format",
            choices=formats,
            default="table",
            help="output format (default: table); json is the schema of the packaged data",
        )


def _filters(sub: argparse.ArgumentParser, *, dates: bool = True, involving: bool = True) -> None:
    group = sub.add_argument_group("filters")
    if dates:
        group.add_argument("--from", dest="date_from", metavar="DATE", help=f"from this day ({DATE_FORMS})")
        group.add_argument("--to", dest="date_to", metavar="DATE", help="to this day (inclusive)")
        group.add_argument("--within", action="store_true", help="keep only records wholly inside --from/--to")
    if involving:
        group.add_argument(
            "--involving",
            action="append",
            metavar="NAME",
            default=[],
            help="an entity taking part: a name, code, alias or id (repeatable: any of them)",
        )
        group.add_argument(
            "--involving-all",
            action="append",
            metavar="NAME",
            default=[],
            help="an entity that must take part (repeatable: every one of them)",
        )
        group.add_argument(
            "--strict", action="store_true", help="count the named entities alone (not their people or regions)"
        )
    group.add_argument("--kind", action="append", default=[], metavar="KIND", help="a kind to keep (repeatable)")
    group.add_argument("--search", metavar="TEXT", help="text to look for, ignoring case")


def _vocabulary(what: str, vocabulary: type[Vocabulary]) -> str:
    return f"{what} is one of: {', '.join(m.value for m in vocabulary)} (aliases and other spellings work too)."


_LISTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "timeline": (
        "every dated record of every collection, in date order",
        "--kind takes an event or aid kind, a statement mode or a figure metric.",
        (
            "covid-synergy timeline --from 2020-03 --to 2020-03",
            "covid-synergy timeline --involving Italy --format csv > italy.csv",
        ),
    ),
    "events": (
        "calls, meetings, visits, arrivals, publications",
        _vocabulary("--kind", EventKind),
        (
            "covid-synergy events --involving France --from 2020-03 --to 2020-03",
            "covid-synergy events --kind call --format json",
        ),
    ),
    "aid": (
        "aid given, sent, pledged or announced, in either direction",
        (
            f"{_vocabulary('--kind', AidKind)} {_vocabulary('--status', AidStatus)} --donor and --recipient "
            "count as --involving does, through the giver or the receivers alone."
        ),
        (
            "covid-synergy aid --donor China --recipient Africa",
            "covid-synergy aid --kind medical_team --status delivered --format csv > teams.csv",
        ),
    ),
    "statements": (
        "what people said or wrote, quoted or reported, and the article's own claims",
        (
            f"{_vocabulary('--kind (the mode)', StatementMode)} --speaker and --audience count as --involving "
            "does, through the speaker or those addressed alone."
        ),
        (
            'covid-synergy statements --speaker "Xi Jinping" --kind direct_quote',
            'covid-synergy statements --involving-all "Xi Jinping" --involving-all "Emmanuel Macron"',
        ),
    ),
    "figures": (
        "headline statistics",
        "--kind is the metric, a slug such as confirmed_cases.",
        ("covid-synergy figures --search masks",),
    ),
}


_TABLE_FORMATS: Final = ("table", "json", "jsonl", "csv")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Return the parser of the whole command line.

    With ``command``, that command alone is added: running one command
    needs neither the other commands' parsers nor their options, and
    argparse's start-up is mostly the making of parsers.
    """
    parser = _Parser(
        prog=PROG,
        description="Every event, aid flow, statement and figure of 'Forging Powerful Synergy "
        "for the Global Fight Against Covid-19', from the shell. With no command: a summary.",
        epilog=_example(
            "covid-synergy",
            "covid-synergy events --involving France --from 2020-03 --to 2020-03",
            "covid-synergy show 2020-03-12-red-cross-team-arrives-rome",
            "covid-synergy total tonne",
            "covid-synergy export --format datapackage out/",
        )
        + "\n\nexit status: 0 success, 1 a data or file error, 2 a usage error."
        + "\nRun 'covid-synergy COMMAND --help' for a command's options.",
        formatter_class=_Formatter,
    )
    parser.add_argument("--data", metavar="FOLDER", help="read this folder instead of the packaged data")
    parser.add_argument("--version", action=_Version)
    # prog given: argparse would otherwise lay out a usage line to find it
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, prog=PROG)
    for name, (about, build) in _COMMANDS.items():
        if command is None or command == name:
            build(commands.add_parser(name, help=about, formatter_class=_Formatter), name)
    return parser


def _summary_options(sub: _Parser, _name: str) -> None:
    sub.texts = lambda: (
        "Counts per collection, the dates covered, the source and the data version.",
        _example("covid-synergy summary", "covid-synergy summary --format json"),
    )
    _common(sub, formats=None)
    sub.add_argument("--format", choices=("table", "json"), default="table", help="output format")


def _list_options(sub: _Parser, name: str) -> None:
    about, kinds, examples = _LISTS[name]
    sub.texts = lambda: (f"List {about}.", f"{_FILTER_HELP}{_wrap(kinds)}\n\n{_example(*examples)}")
    _common(sub, formats=_TABLE_FORMATS)
    _filters(sub)
    if name == "aid":
        _aid_options(sub)
    if name == "statements":
        sub.add_argument("--speaker", action="append", default=[], metavar="NAME", help="a speaker (repeatable)")
        sub.add_argument("--audience", action="append", default=[], metavar="NAME", help="one addressed (repeatable)")


def _entities_options(sub: _Parser, _name: str) -> None:
    sub.texts = lambda: (
        "List the entities the records refer to.",
        _wrap(
            f"--kind is one of: {', '.join(k.value for k in EntityKind)}; --search looks in names, "
            "aliases, ids and roles."
        )
        + "\n\n"
        + _example("covid-synergy entities --kind country", "covid-synergy entities --search korea"),
    )
    _common(sub, formats=_TABLE_FORMATS)
    _filters(sub, dates=False, involving=False)


def _show_options(sub: _Parser, _name: str) -> None:
    sub.texts = lambda: (
        "Show one record or entity in full: every field, the evidence quotes and their paragraphs.",
        _example(
            "covid-synergy show 2020-03-12-red-cross-team-arrives-rome",
            "covid-synergy show Italy",
            "covid-synergy show 2020-03-12-red-cross-team-arrives-rome --format json",
        ),
    )
    _common(sub, formats=_TABLE_FORMATS)
    sub.add_argument("id", metavar="ID", help="a record id, or an entity's id, name, alias or ISO code")


def _total_options(sub: _Parser, _name: str) -> None:
    sub.texts = lambda: (
        (
            "Add up every quantity in UNIT of the chosen collection (aid by default) and say what "
            "the sum is: exact, a lower bound ('at least'), an upper bound or approximate."
        ),
        _wrap(_vocabulary("UNIT", Unit) + " --donor, --recipient and --status apply to aid.")
        + f"\n\n{_FILTER_HELP}\n"
        + _example(
            "covid-synergy total tonne",
            "covid-synergy total USD --involving WHO",
            "covid-synergy total person --collection events --from 2020-03",
        ),
    )
    _common(sub, formats=_TABLE_FORMATS)
    _filters(sub)
    sub.add_argument("unit", metavar="UNIT", help="the unit to add up")
    _aid_options(sub)
    sub.add_argument(
        "--collection",
        choices=("aid", "events", "figures"),
        default="aid",
        help="the records whose quantities are added (default: aid)",
    )


def _export_options(sub: _Parser, _name: str) -> None:
    from ._export import FORMATS  # noqa: PLC0415 - the writers load only to export (or for --help)

    sub.texts = lambda: (
        (
            "Write the whole dataset to OUTDIR. json: the packaged format (what --data reads); "
            "csv: one file per collection and entities.csv; jsonl: one record per line; datapackage: the csv "
            "files and a Frictionless datapackage.json (schemas, foreign keys, licence, source); sqlite: "
            "covid-synergy.db (keys, link tables, full-text search, views) and its Datasette metadata.json; html: "
            "index.html, the annotated article (the whole text, every record marked where it stands, one file); "
            "annotations: annotations.jsonld, a W3C Web Annotation of every piece of evidence."
        ),
        "Existing files are never overwritten without --force; each file is written to a temporary "
        "file and then renamed, so an interrupted export leaves no half-written file.\n\n"
        + _example(
            "covid-synergy export out/",
            "covid-synergy export --format json my-dataset/",
            "covid-synergy export --format csv --force out/",
            "covid-synergy export --format sqlite out/",
            "covid-synergy export --format html out/",
        ),
    )
    _common(sub, formats=None)
    sub.add_argument("outdir", metavar="OUTDIR", help="the folder to write (created if need be)")
    sub.add_argument("--format", choices=FORMATS, default="datapackage", help="the file format (default: datapackage)")
    sub.add_argument("--force", action="store_true", help="overwrite files that exist")


#: Every command: its line in ``--help``, and what builds its options.
_COMMANDS: Final[dict[str, tuple[str, Callable[[_Parser, str], None]]]] = {
    "summary": ("the summary printed with no command", _summary_options),
    **{name: (about, _list_options) for name, (about, _kinds, _examples) in _LISTS.items()},
    "entities": ("countries, organizations, people, groups, places, documents", _entities_options),
    "show": ("one record or entity in full, with its evidence", _show_options),
    "total": ("the exact total of the quantities in one unit, with its bound", _total_options),
    "export": (
        (
            "write the whole dataset to files: json, csv, jsonl, a Data Package, SQLite, "
            "the annotated article or W3C Web Annotations"
        ),
        _export_options,
    ),
}


def _command_in(argv: Sequence[str]) -> str | None:
    """The one command whose parser ``argv`` needs, or ``None`` for them all.

    The command is the first word that is not an option nor the value of
    ``--data`` (spelled in full, abbreviated as argparse allows, or with
    ``=``); with no such word, the summary runs. ``None`` when that word
    names no command (argparse then lists them all in its error) or when
    ``-h``/``--help`` comes first (the help lists every command).
    """
    words = iter(argv)
    for word in words:
        if word == "--":
            word = next(words, "")  # noqa: PLW2901 - what follows is the command
        elif word.startswith("-"):
            if _asks_for_help(word):
                return None
            if len(word) > 2 and "=" not in word and "--data".startswith(word):  # noqa: PLR2004 - "--"
                next(words, None)
            continue
        return word if word in _COMMANDS else None
    return "summary"


def _asks_for_help(option: str) -> bool:
    """Whether ``option`` is ``-h`` (alone or first of joined short options) or ``--help``, abbreviated or not."""
    return option.startswith("-h") or (len(option) > 2 and "--help".startswith(option))  # noqa: PLR2004 - "--"


def _aid_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--donor", action="append", default=[], metavar="NAME", help="a giver (repeatable)")
    sub.add_argument("--recipient", action="append", default=[], metavar="NAME", help="a receiver (repeatable)")
    sub.add_argument("--status", action="append", default=[], metavar="STATUS", help="a status to keep (repeatable)")


class _Version(argparse.Action):
    """``--version``: print the installed version and exit, looking it up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **_kwargs: Any) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show program's version number and exit"
        )

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> NoReturn:
        """Print ``PROG VERSION`` on standard output and exit with 0."""
        sys.stdout.write(f"{parser.prog} {_version()}\n")
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - only for --version

    try:
        return version("covid-synergy")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


# -- loading and filtering -------------------------------------------------------------


def _load(args: argparse.Namespace) -> Dataset:
    folder = getattr(args, "data", None)
    if folder == "":
        msg = f"argument --data: {_EMPTY_PATH}"
        raise UsageError(msg, _prog(args) if args.command else PROG)
    return load() if folder is None else load_path(folder)


_EMPTY_PATH = "an empty path names no folder; pass '.' for the current folder"


def _prog(args: argparse.Namespace) -> str:
    return f"{PROG} {args.command}"


@contextlib.contextmanager
def _argument(option: str, args: argparse.Namespace) -> Iterator[None]:
    """Turn a refused name or date into a usage error of ``option``."""
    try:
        yield
    except (UnknownNameError, InvalidDateError, ValueError) as exc:
        msg = f"argument {option}: {exc}"
        raise UsageError(msg, _prog(args)) from None


def _period(args: argparse.Namespace, option: str, text: str, *, last: bool) -> date:
    """The day a --from or --to value names; a name instead of a date gets a hint."""
    try:
        return period(text)[1 if last else 0]
    except InvalidDateError as exc:
        hint = ""
        if not any(c.isdigit() for c in text):
            instead = "--donor or --recipient" if args.command in {"aid", "total"} else "--involving"
            hint = f" (to name an entity, use {instead})"
        msg = f"argument {option}: {exc}{hint}"
        raise UsageError(msg, _prog(args)) from None


def _filtered(records: RecordSet[R], args: argparse.Namespace) -> RecordSet[R]:
    """Apply the command line's filters to ``records``: each option narrows (AND), its values widen (OR)."""
    start, end = getattr(args, "date_from", None), getattr(args, "date_to", None)
    if start is not None or end is not None:
        first = date.min if start is None else _period(args, "--from", start, last=False)
        last = date.max if end is None else _period(args, "--to", end, last=True)
        if first > last:
            msg = f"argument --to: {last.isoformat()} is before --from {first.isoformat()}"
            raise UsageError(msg, _prog(args))
        records = records.between(first, last, mode="within" if args.within else "overlap")
    elif getattr(args, "within", False):
        raise UsageError("argument --within: give --from or --to too", _prog(args))
    strict = getattr(args, "strict", False)
    names = getattr(args, "involving", [])
    if names:
        with _argument("--involving", args):
            records = records.involving(*names, strict=strict)
    for name in getattr(args, "involving_all", []):
        with _argument("--involving-all", args):
            records = records.involving(name, strict=strict)
    if isinstance(records, AidSet):
        records = cast("RecordSet[R]", _aid(records, args))
    elif any(getattr(args, option, None) for option in ("donor", "recipient", "status")):
        raise UsageError("--donor, --recipient and --status apply to aid (--collection aid)", _prog(args))
    if isinstance(records, StatementSet):
        records = cast("RecordSet[R]", _statements(records, args))
    if args.kind:
        with _argument("--kind", args):
            records = records.of_kind(*args.kind)
    if args.search:
        records = records.search(args.search)
    return records


def _aid(aid: AidSet, args: argparse.Namespace) -> AidSet:
    """Apply the options of aid: --donor, --recipient and --status."""
    if args.donor:
        with _argument("--donor", args):
            aid = aid.from_(*args.donor, strict=args.strict)
    if args.recipient:
        with _argument("--recipient", args):
            aid = aid.to(*args.recipient, strict=args.strict)
    if args.status:
        with _argument("--status", args):
            aid = aid.with_status(*args.status)
    return aid


def _statements(statements: StatementSet, args: argparse.Namespace) -> StatementSet:
    """Apply the options of statements: --speaker and --audience."""
    if args.speaker:
        with _argument("--speaker", args):
            statements = statements.by(*args.speaker, strict=args.strict)
    if args.audience:
        with _argument("--audience", args):
            statements = statements.to(*args.audience, strict=args.strict)
    return statements


def _collection(name: str, ds: Dataset) -> RecordSet[Any]:
    """Return the records a list command starts from."""
    if name == "timeline":
        return ds.timeline()
    records: RecordSet[Any] = getattr(ds, name)
    return records


# -- tables ----------------------------------------------------------------------------


def _names(ds: Dataset, refs: Iterable[str]) -> str:
    return ", ".join(ds.entities[r].name if r in ds.entities else r for r in refs)


def _name(ds: Dataset, ref: str | None) -> str:
    return "-" if ref is None else _names(ds, [ref])


def _table_row(record: Record, ds: Dataset, command: str) -> list[str]:
    when = _date_label(record.date)
    if command == "timeline":
        text = record.text if isinstance(record, Statement) else record.summary
        return [when, COLLECTION_OF[type(record)].name, record.id, text]
    if isinstance(record, Event):
        return [when, record.id, record.kind.value, record.summary]
    if isinstance(record, AidRecord):
        flow = f"{_name(ds, record.donor)} → {_names(ds, record.recipients)}"
        return [when, record.id, flow, record.kind.value, record.summary]
    if isinstance(record, Statement):
        return [when, record.id, _name(ds, record.speaker), record.mode.value, record.text]
    return [when, record.id, str(record.quantity), record.summary]


#: Each list's table: headers, minimum widths, the columns that give way first.
_TABLES: dict[str, tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]] = {
    "timeline": (("date", "collection", "id", "summary"), (WHOLE, 6, WHOLE, 20), (3,)),
    "events": (("date", "id", "kind", "summary"), (WHOLE, WHOLE, 6, 20), (3,)),
    "aid": (("date", "id", "from → to", "kind", "summary"), (WHOLE, WHOLE, 12, 6, 20), (4,)),
    "statements": (("date", "id", "speaker", "mode", "text"), (WHOLE, WHOLE, 10, 6, 20), (4,)),
    "figures": (("date", "id", "quantity", "summary"), (WHOLE, WHOLE, 12, 20), (3,)),
    "entities": (("id", "kind", "iso3", "name", "aliases"), (WHOLE, 6, 4, 16, 10), (4,)),
}


_PLURALS = {"entity": "entities", "quantity": "quantities"}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {_PLURALS.get(noun, noun + 's')}"


# -- output ------------------------------------------------------------------------


def _unstructure(value: object) -> Any:
    from ._codec import unstructure  # noqa: PLC0415 - cattrs loads on first use

    return unstructure(value)


def _dumps(data: object, *, indent: bool) -> str:
    return json.dumps(data, indent=2 if indent else None, ensure_ascii=False)


def _emit_records(
    out: IO[str], items: Sequence[Record] | Sequence[Entity], args: argparse.Namespace, ds: Dataset
) -> None:
    """Write a list of records or entities in the chosen format."""
    fmt = args.format
    if fmt == "csv":
        from ._csv import write_csv  # noqa: PLC0415 - the CSV modules load only for CSV
        from ._rows import row_columns, to_rows  # noqa: PLC0415

        flat = to_rows(items, ds.entities)
        write_csv(out, flat, row_columns(flat) or _empty_header(args.command))
        return
    if fmt in {"json", "jsonl"}:
        data = [_json_item(item, wrap=args.command == "timeline") for item in items]
        if fmt == "json":
            out.write(_dumps(data, indent=True) + "\n")
        else:
            out.writelines(_dumps(d, indent=False) + "\n" for d in data)
        return
    headers, minimum, first = _TABLES[args.command]
    noun = {"timeline": "record", "aid": "aid record", "entities": "entity"}.get(args.command, args.command[:-1])
    if not items:
        out.write(f"no {_PLURALS.get(noun, noun + 's')} match\n")
        return
    if args.command == "entities":
        rows = [
            [e.id, e.kind.value, e.iso3 or "", e.name, "; ".join(e.aliases)] for e in cast("Sequence[Entity]", items)
        ]
    else:
        rows = [_table_row(r, ds, args.command) for r in cast("Sequence[Record]", items)]
    out.write(render_table(headers, rows, minimum, _columns(), first=first) + "\n")
    out.write(f"{_plural(len(items), noun)}\n")


def _empty_header(command: str) -> list[str]:
    """The CSV header of a list with no rows: its collection's columns."""
    from ._rows import columns_for  # noqa: PLC0415

    types = {c.name: c.record for c in COLLECTIONS}
    chosen = [types[command]] if command in types else [c.record for c in RECORD_COLLECTIONS]
    return list(dict.fromkeys(c.name for cls in chosen for c in columns_for(cls)))


def _json_item(item: Record | Entity, *, wrap: bool) -> object:
    data = _unstructure(item)
    if wrap:
        return {"collection": COLLECTION_OF[type(item)].name, "record": data}
    return data


def _emit_object(out: IO[str], data: dict[str, object], fmt: str, table: str) -> None:
    """Write one flat object: as JSON, one JSON line, a one-row CSV or readable text."""
    if fmt == "json":
        out.write(_dumps(data, indent=True) + "\n")
    elif fmt == "jsonl":
        out.write(_dumps(data, indent=False) + "\n")
    elif fmt == "csv":
        from ._csv import write_csv  # noqa: PLC0415

        write_csv(out, [data])
    else:
        out.write(table + "\n")


# -- commands ----------------------------------------------------------------------


def summary(ds: Dataset | None = None) -> str:
    """Return a one-screen summary of ``ds`` (the packaged dataset by default)."""
    ds = load() if ds is None else ds
    src = ds.source
    lines = [
        f"covid-synergy: {src.title}",
        f"  {', '.join(src.authors)}; {src.edition}, {src.published.isoformat()}",
        f"  {src.url}",
        f"  data version {src.data_version}, {src.license}",
        "",
        *(f"  {name:<12}{count:5d}" for name, count in _counts(ds).items()),
        "",
    ]
    span = _span(ds)
    if span is None:
        lines.append("  no record is dated")
    else:
        lines.append(f"  dated records run from {span[0].isoformat()} to {span[1].isoformat()}")
    lines.append("")
    lines.append("  Try: covid-synergy --help, covid-synergy events --help")
    return "\n".join(lines)


def _span(ds: Dataset) -> tuple[date, date] | None:
    spans = [r.date for r in ds.timeline() if r.date is not None]
    if not spans:
        return None
    return min(s.start for s in spans), max(s.end for s in spans)


def _counts(ds: Dataset) -> dict[str, int]:
    """How many records each collection holds: the record collections first, then the entities."""
    return {c.name: len(getattr(ds, c.name)) for c in (*RECORD_COLLECTIONS, COLLECTIONS[0])}


def _summary_json(ds: Dataset) -> dict[str, object]:
    span = _span(ds)
    return {
        "source": _unstructure(ds.source),
        "counts": _counts(ds),
        "dates": None if span is None else {"start": span[0].isoformat(), "end": span[1].isoformat()},
    }


def _run_summary(args: argparse.Namespace, out: IO[str]) -> int:
    ds = _load(args)
    if getattr(args, "format", "table") == "json":
        out.write(_dumps(_summary_json(ds), indent=True) + "\n")
    else:
        out.write(summary(ds) + "\n")
    return EXIT_OK


def _run_list(args: argparse.Namespace, out: IO[str]) -> int:
    ds = _load(args)
    records = _filtered(_collection(args.command, ds), args)
    _emit_records(out, records.records, args, ds)
    return EXIT_OK


def _run_entities(args: argparse.Namespace, out: IO[str]) -> int:
    ds = _load(args)
    chosen: list[Entity] = list(ds.entities.values())
    if args.kind:
        with _argument("--kind", args):
            kinds = {EntityKind.parse(k) for k in args.kind}
        chosen = [e for e in chosen if e.kind in kinds]
    if args.search:
        needle = args.search.casefold()
        chosen = [
            e
            for e in chosen
            if any(needle in text.casefold() for text in (e.id, e.name, e.role or "", e.iso3 or "", *e.aliases))
        ]
    _emit_records(out, chosen, args, ds)
    return EXIT_OK


def _find(ds: Dataset, wanted: str) -> Record | Entity:
    """The record or entity ``wanted`` names: an id, an entity's name, or a unique start of an id."""
    try:
        return ds.get(wanted)
    except KeyError:
        pass
    try:
        return ds.entities.resolve(wanted)
    except UnknownEntityError:
        pass
    ids = [*ds.entities, *(r.id for c in RECORD_COLLECTIONS for r in getattr(ds, c.name))]
    starting = [i for i in ids if i.startswith(wanted.strip())] if wanted.strip() else []
    if len(starting) == 1:
        return ds.get(starting[0])
    if starting:
        shown = ", ".join(starting[:5]) + (f" and {len(starting) - 5} more" if len(starting) > 5 else "")  # noqa: PLR2004
        msg = f"{len(starting)} ids start with {clip(wanted)!r}: {shown}; give more of the id"
        raise UsageError(msg, f"{PROG} show")
    msg = f"no record or entity with id {clip(wanted)!r}{did_you_mean(closest(wanted, ids))}"
    raise UsageError(msg, f"{PROG} show")


#: The fields that hold entity ids, shown with the entities' names.
_REFS = frozenset(r.field for c in COLLECTIONS for r in references(c.record) if r.target == "entity")


def _show_value(ds: Dataset, name: str, value: object) -> list[str]:
    if value is None or value == ():
        return ["-"]
    if name in _REFS:
        refs = value if isinstance(value, tuple) else (value,)
        return [", ".join(f"{_name(ds, r)} ({r})" for r in refs)]
    if isinstance(value, DateSpan):
        words = f" ({value.text})" if value.text else ""
        return [f"{_date_label(value)} [{value.precision.value}]{words}"]
    if isinstance(value, Quantity):
        return [str(value)]
    if isinstance(value, tuple) and value and isinstance(value[0], Quantity):
        return ["; ".join(str(q) for q in value)]
    if isinstance(value, tuple) and value and isinstance(value[0], Evidence):
        return [f'paragraph {e.paragraph}: "{e.quote}"' for e in cast("tuple[Evidence, ...]", value)]
    if isinstance(value, tuple):
        return ["; ".join(str(getattr(v, "value", v)) for v in value)]
    return [str(getattr(value, "value", value))]


def _show_lines(ds: Dataset, item: Record | Entity) -> list[tuple[str, list[str]]]:
    lines: list[tuple[str, list[str]]] = [("collection", [COLLECTION_OF[type(item)].name])]
    lines.extend((f.name, _show_value(ds, f.name, getattr(item, f.name))) for f in attrs.fields(type(item)))
    if isinstance(item, Event):
        from ._crosswalk import CAMEO_NAMES  # noqa: PLC0415 - only for show

        lines.insert(4, ("cameo_code", [f"{item.cameo_code} ({CAMEO_NAMES[item.cameo_code]})"]))
        linked = [r.id for r in (*ds.aid, *ds.statements) if r.event == item.id]
        if linked:
            lines.append(("linked", linked))
    elif isinstance(item, AidRecord):
        lines.insert(6, ("iati_aid_type", [item.iati_aid_type or "-"]))
        lines.insert(7, ("iati_flow_type", [item.iati_flow_type]))
    elif isinstance(item, Entity):
        counts = [_plural(len(getattr(ds, c.name).involving(item)), c.noun) for c in RECORD_COLLECTIONS]
        lines.append(("involved in", [", ".join(counts)]))
    return lines


def _show_text(lines: list[tuple[str, list[str]]], width: int) -> str:
    import textwrap  # noqa: PLC0415 - only show wraps its values (and the help its paragraphs)

    label = max(len(name) for name, _ in lines) + 2
    room = max(width - label, 20)
    out = []
    for name, values in lines:
        for i, value in enumerate(values):
            wrapped = textwrap.wrap(value, room, break_on_hyphens=False, break_long_words=False) or [""]
            head = name if i == 0 else ""
            out.append(f"{head:<{label}}{wrapped[0]}")
            out.extend(" " * label + rest for rest in wrapped[1:])
    return "\n".join(out)


def _run_show(args: argparse.Namespace, out: IO[str]) -> int:
    ds = _load(args)
    item = _find(ds, args.id)
    if args.format == "csv":
        from ._csv import write_csv  # noqa: PLC0415
        from ._rows import to_rows  # noqa: PLC0415

        write_csv(out, to_rows([item], ds.entities))
    elif args.format in {"json", "jsonl"}:
        out.write(_dumps(_unstructure(item), indent=args.format == "json") + "\n")
    else:
        out.write(_show_text(_show_lines(ds, item), _columns()) + "\n")
    return EXIT_OK


def _run_total(args: argparse.Namespace, out: IO[str]) -> int:
    ds = _load(args)
    with _argument("UNIT", args):
        unit = Unit.parse(args.unit).value
    records = _filtered(_collection(args.collection, ds), args)
    total = records.total(unit)
    noun = next(c.noun for c in RECORD_COLLECTIONS if c.name == args.collection)
    parts = [r for r in records if unit in {q.unit for q in _quantities(r)}]
    sums = f"the sum of {_plural(total.count, 'quantity')} in {_plural(len(parts), noun)}"
    table = f"{total}\n  {_BOUND_WORDS[total.bound.value]}: {sums}"
    if total.may_overlap:
        table += f"\n  the parts may count the same {unit} more than once: this is not a count of distinct ones"
    data: dict[str, object] = {**_unstructure(total), "may_overlap": total.may_overlap}
    _emit_object(out, data, args.format, table)
    return EXIT_OK


_BOUND_WORDS = {
    "exact": "exact",
    "at_least": "a lower bound",
    "at_most": "an upper bound",
    "approximately": "approximate",
}


def _quantities(record: Record) -> tuple[Quantity, ...]:
    """The quantities of an event, an aid record or a figure (statements hold none: ``total`` never asks)."""
    if isinstance(record, Figure):
        return (record.quantity,)
    return cast("Event | AidRecord", record).quantities


def _run_export(args: argparse.Namespace, out: IO[str]) -> int:
    if not args.outdir:
        msg = f"argument OUTDIR: {_EMPTY_PATH}"
        raise UsageError(msg, f"{PROG} export")
    from ._export import export  # noqa: PLC0415 - the writers load only to write

    ds = _load(args)
    for path in export(ds, args.outdir, format=args.format, overwrite=args.force):
        out.write(f"{show_path(path)}\n")
    return EXIT_OK


_RUNNERS: dict[str | None, Callable[[argparse.Namespace, IO[str]], int]] = {
    None: _run_summary,
    "summary": _run_summary,
    "timeline": _run_list,
    "events": _run_list,
    "aid": _run_list,
    "statements": _run_list,
    "figures": _run_list,
    "entities": _run_entities,
    "show": _run_show,
    "total": _run_total,
    "export": _run_export,
}


def _one_line(exc: BaseException) -> str:
    """An error's message on one line."""
    return " ".join(str(exc).split())


#: The formats that are data for another program: always UTF-8.
_MACHINE_FORMATS = frozenset({"json", "jsonl", "csv"})


class _OutputError(Exception):
    """Standard output could not be written (a closed pipe, a full disk)."""

    def __init__(self, cause: OSError) -> None:
        self.cause = cause
        super().__init__(str(cause))


class _Encoded:
    """A text stream over the binary one of a standard stream: each write is encoded
    at once, in ``encoding``, what cannot be encoded handled by ``errors``.
    """

    def __init__(self, stream: IO[str], encoding: str | None, errors: str) -> None:
        self.stream = stream
        self.buffer: IO[bytes] | None = getattr(stream, "buffer", None)
        self.encoding = encoding or getattr(stream, "encoding", None) or "utf-8"
        self.errors = errors

    def write(self, text: str) -> int:
        try:
            if self.buffer is None:  # a text stream only (a test's, an IDE's): it encodes
                self.stream.write(text)
            else:
                self.buffer.write(text.replace("\n", os.linesep).encode(self.encoding, self.errors))
        except OSError as exc:
            raise _OutputError(exc) from exc
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            (self.stream if self.buffer is None else self.buffer).flush()
        except OSError as exc:
            raise _OutputError(exc) from exc


def _output(args: argparse.Namespace, stdout: IO[str]) -> IO[str]:
    """Where a command writes: UTF-8 for a machine format, else the terminal's encoding,
    what it cannot show replaced (for tables) or escaped (for the paths an export lists).
    """
    stdout.flush()  # anything written so far goes first
    if args.command == "export":
        return cast("IO[str]", _Encoded(stdout, None, "backslashreplace"))
    if getattr(args, "format", "table") in _MACHINE_FORMATS:
        return cast("IO[str]", _Encoded(stdout, "utf-8", "backslashreplace"))
    return cast("IO[str]", _Encoded(stdout, None, "replace"))


def _report(text: str) -> None:
    """Write an error message on standard error, escaping what it cannot show; if it
    cannot be written (no standard error, or a closed one), there is no one to tell.
    """
    stderr = sys.stderr
    if stderr is None:
        return
    with contextlib.suppress(_OutputError, OSError):
        errors = _Encoded(stderr, None, "backslashreplace")
        errors.write(text + "\n")
        errors.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(_command_in(words))
    try:
        if sys.stdout is None:
            _report(f"{PROG}: error: standard output is closed")
            return EXIT_DATA
        terminal = cast("IO[str]", _Encoded(sys.stdout, None, "replace"))
        with contextlib.redirect_stdout(terminal):  # --help and --version
            args = parser.parse_args(words)
        out = _output(args, sys.stdout)
        status = _RUNNERS[args.command](args, out)
        out.flush()
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except UsageError as exc:
        _report(f"{exc.prog}: error: {_one_line(exc)}")
        return EXIT_USAGE
    except DataError as exc:
        _report(f"{PROG}: error: {exc}")  # a line for the count, one per problem
        return EXIT_DATA
    except _OutputError as exc:
        _discard_output()
        if not isinstance(exc.cause, BrokenPipeError):  # the reader went away (| head): nothing to say
            _report(f"{PROG}: error: cannot write the output: {_one_line(exc)}")
        return EXIT_DATA
    except (CovidSynergyError, OSError) as exc:
        if isinstance(exc, BrokenPipeError):  # standard output closed by its reader before we wrote
            _discard_output()
        else:
            _report(f"{PROG}: error: {_one_line(exc)}")
        return EXIT_DATA
    except MemoryError:
        _report(f"{PROG}: error: out of memory")
        return EXIT_DATA
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return status


def _discard_output() -> None:
    """Send what standard output still holds to nowhere, so that Python's last flush cannot fail too."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):  # not a file: nothing of it is flushed at exit
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)
