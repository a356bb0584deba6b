"""A hostile corpus: every kind of bad input ends in a Dataset or one DataError, and the CLI never crashes.

Each case spoils a copy of the packaged folder one way. ``load_path`` must
either load it or raise one :class:`~covid_synergy.DataError` (nothing else
escapes), as the case expects; the command line run on it must exit 0 or 1,
print each problem on a line of its own, readable and bounded, and never a
traceback. The cases are kinds of fault (files, encodings, syntax, numbers,
keys, strings, dates, ids, references, the file system), several of each.
"""

from __future__ import annotations

import codecs
import itertools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import covid_synergy as cs
from covid_synergy._errors import MAX_PROBLEMS
from test_cli import run
from test_reading import JSON_NAMES, NAMES, copy_packaged

Spoil = Callable[[Path], Any]
LOADS, REFUSED = "loads", "refused"


def write(name: str, content: bytes | str) -> Spoil:
    """Replace a file's content."""

    def spoil(folder: Path) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)

    return spoil


def text(name: str, change: Callable[[str], str]) -> Spoil:
    """Rewrite a file's text."""

    def spoil(folder: Path) -> None:
        path = folder / name
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    return spoil


def record(name: str, change: Callable[[dict[str, Any]], Any], index: int = 0) -> Spoil:
    """Change one record of a collection (or source.json) through a function of its JSON object."""

    def spoil(folder: Path) -> None:
        path = folder / name
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data if isinstance(data, dict) else data[index])
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return spoil


def first_with(name: str, field: str, change: Callable[[dict[str, Any]], Any]) -> Spoil:
    """Change the first record of a collection whose ``field`` is not empty."""

    def spoil(folder: Path) -> None:
        path = folder / name
        data = json.loads(path.read_text(encoding="utf-8"))
        change(next(r for r in data if r.get(field)))
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return spoil


def placeholder(name: str, field: str, raw: str) -> Spoil:
    """Put raw JSON text (not a valid Python value) in a field of the first record."""

    def spoil(folder: Path) -> None:
        path = folder / name
        data = json.loads(path.read_text(encoding="utf-8"))
        data[0][field] = "PLACEHOLDER"
        path.write_text(json.dumps(data).replace('"PLACEHOLDER"', raw, 1), encoding="utf-8")

    return spoil


def replace_file(name: str, make: Callable[[Path], Any]) -> Spoil:
    """Replace a file by something else on the file system."""

    def spoil(folder: Path) -> None:
        (folder / name).unlink()
        make(folder / name)

    return spoil


def span(**fields: Any) -> Spoil:
    """Give the first event this date span."""
    return record("events.json", lambda r: r.update(date=fields))


def deep(depth: int) -> str:
    """JSON nested ``depth`` arrays deep."""
    return "[" * depth + "]" * depth


CASES: dict[str, tuple[Spoil, str]] = {
    # -- what a file holds at the top level
    **{f"{name}-null": (write(name, "null"), REFUSED) for name in NAMES},
    **{f"{name}-true": (write(name, "true"), REFUSED) for name in NAMES},
    **{f"{name}-zero": (write(name, "0"), REFUSED) for name in NAMES},
    **{f"{name}-a-string": (write(name, '"[]"'), REFUSED) for name in NAMES},
    "source-an-array": (write("source.json", "[]"), REFUSED),
    "events-an-object": (write("events.json", "{}"), REFUSED),
    "events-wrapped": (text("events.json", lambda t: '{"events": ' + t + "}"), REFUSED),
    "events-empty-array": (write("events.json", "[]"), REFUSED),  # aid and statements name events
    "figures-empty-array": (write("figures.json", "[]"), LOADS),
    "events-array-of-null": (write("events.json", "[null]"), REFUSED),
    "events-array-of-numbers": (write("events.json", "[1, 2.5, -0]"), REFUSED),
    "events-array-of-arrays": (write("events.json", "[[], [[]]]"), REFUSED),
    "events-array-of-strings": (write("events.json", '["event"]'), REFUSED),
    # -- encodings
    "bom-utf8": (text("aid.json", lambda t: "\ufeff" + t), REFUSED),
    "utf16-le": (
        lambda f: (f / "aid.json").write_bytes(
            codecs.BOM_UTF16_LE + (f / "aid.json").read_text(encoding="utf-8").encode("utf-16-le")
        ),
        REFUSED,
    ),
    "utf16-be-no-bom": (
        lambda f: (f / "aid.json").write_bytes((f / "aid.json").read_text(encoding="utf-8").encode("utf-16-be")),
        REFUSED,
    ),
    "utf32": (
        lambda f: (f / "aid.json").write_bytes((f / "aid.json").read_text(encoding="utf-8").encode("utf-32")),
        REFUSED,
    ),
    "latin1-bytes": (
        write("entities.json", b'[{"id": "x", "name": "Fran\xe7ais", "kind": "group"}]'),
        REFUSED,
    ),
    "overlong-utf8": (write("figures.json", b'["\xc0\xaf"]'), REFUSED),
    "cesu8-surrogate": (write("figures.json", b'["\xed\xa0\x80"]'), REFUSED),
    "nul-byte": (write("figures.json", b"[\x00]"), REFUSED),
    "lone-surrogate-escape": (placeholder("events.json", "summary", '"\\ud800 alone"'), REFUSED),
    "surrogate-pair-escape": (placeholder("events.json", "summary", '"a smile \\ud83d\\ude00"'), LOADS),
    "escaped-nul-in-text": (placeholder("events.json", "summary", '"nul \\u0000 inside"'), LOADS),
    "raw-control-in-string": (placeholder("events.json", "summary", '"tab\there"'), REFUSED),
    # -- syntax
    "empty-file": (write("statements.json", ""), REFUSED),
    "whitespace-only": (write("statements.json", " \n\t\r "), REFUSED),
    "truncated": (text("statements.json", lambda t: t[: len(t) // 2]), REFUSED),
    "trailing-comma": (text("statements.json", lambda t: t.rstrip()[:-1] + ",]"), REFUSED),
    "trailing-garbage": (text("statements.json", lambda t: t + "]"), REFUSED),
    "two-documents": (text("statements.json", lambda t: t + t), REFUSED),
    "a-comment": (text("statements.json", lambda t: "// data\n" + t), REFUSED),
    "single-quotes": (write("figures.json", "['x']"), REFUSED),
    "unquoted-key": (write("figures.json", "[{id: 1}]"), REFUSED),
    "deep-nesting": (write("figures.json", deep(100_000)), REFUSED),
    "deep-in-a-field": (placeholder("events.json", "colour", deep(50_000)), REFUSED),
    "deep-but-legal-in-a-field": (placeholder("events.json", "colour", deep(500)), REFUSED),
    # -- numbers
    "fraction-in-an-integer": (
        first_with("aid.json", "evidence", lambda r: r["evidence"][0].update(paragraph="P")),
        REFUSED,
    ),
    "float-paragraph": (text("aid.json", lambda t: t.replace('"paragraph": ', '"paragraph": 1.5, "x": ', 1)), REFUSED),
    "exponent-paragraph": (placeholder("statements.json", "event", "1e2"), REFUSED),
    "negative-zero-float": (placeholder("statements.json", "event", "-0.0"), REFUSED),
    "nan": (placeholder("figures.json", "summary", "NaN"), REFUSED),
    "infinity": (placeholder("figures.json", "summary", "Infinity"), REFUSED),
    "minus-infinity": (placeholder("figures.json", "metric", "-Infinity"), REFUSED),
    "huge-integer": (write("figures.json", "[" + "9" * 10_000 + "]"), REFUSED),
    "long-integer-paragraph": (
        first_with("aid.json", "evidence", lambda r: r["evidence"][0].update(paragraph=10**4000)),
        REFUSED,
    ),
    "negative-paragraph": (
        first_with("aid.json", "evidence", lambda r: r["evidence"][0].update(paragraph=-1)),
        REFUSED,
    ),
    "boolean-paragraph": (
        first_with("aid.json", "evidence", lambda r: r["evidence"][0].update(paragraph=True)),
        REFUSED,
    ),
    "quantity-as-number": (first_with("aid.json", "quantities", lambda r: r["quantities"][0].update(value=8)), REFUSED),
    "quantity-41-digits": (
        first_with("aid.json", "quantities", lambda r: r["quantities"][0].update(value="9" * 41)),
        REFUSED,
    ),
    "quantity-40-digits": (
        first_with("aid.json", "quantities", lambda r: r["quantities"][0].update(value="9" * 40)),
        LOADS,
    ),
    "quantity-unicode-digits": (
        first_with("aid.json", "quantities", lambda r: r["quantities"][0].update(value="٣")),
        REFUSED,
    ),
    "source-paragraphs-zero": (record("source.json", lambda r: r.update(paragraphs=0)), REFUSED),
    # -- keys
    "repeated-key": (text("events.json", lambda t: t.replace('"kind": ', '"kind": "call", "kind": ', 1)), REFUSED),
    "repeated-key-same-value": (
        text("events.json", lambda t: t.replace('"summary": ', '"summary": "x", "summary": ', 1)),
        REFUSED,
    ),
    "repeated-key-escaped": (
        text("events.json", lambda t: t.replace('"kind": ', '"kind": "call", "\\u006bind": ', 1)),
        REFUSED,
    ),
    "repeated-key-nested": (
        text("events.json", lambda t: t.replace('"start": ', '"start": "2020-01-01", "start": ', 1)),
        REFUSED,
    ),
    "repeated-key-in-source": (
        text("source.json", lambda t: t.replace('"title": ', '"title": "x", "title": ', 1)),
        REFUSED,
    ),
    "repeated-key-last-record": (
        text("figures.json", lambda t: t[::-1].replace(' :"yrammus"', ' :"yrammus" ,"x" :"yrammus"', 1)[::-1]),
        REFUSED,
    ),
    "empty-key": (record("events.json", lambda r: r.update({"": 1})), REFUSED),
    "long-key": (record("events.json", lambda r: r.update({"k" * 100_000: 1})), REFUSED),
    "nul-in-key": (record("events.json", lambda r: r.update({"a\x00b": 1})), REFUSED),
    "many-unknown-keys": (record("events.json", lambda r: r.update({f"f{i}": i for i in range(10_000)})), REFUSED),
    "colons-everywhere": (record("events.json", lambda r: r.update(summary=":" * 1000, id=r["id"])), LOADS),
    "escaped-colons": (placeholder("events.json", "summary", '"a\\u003ab\\u003Ac"'), LOADS),
    "spaces-before-colons": (text("events.json", lambda t: t.replace('": ', '"  \n\t: ')), LOADS),
    "compact-json": (
        lambda f: [
            (f / n).write_text(
                json.dumps(json.loads((f / n).read_text(encoding="utf-8")), separators=(",", ":"), ensure_ascii=False),
                encoding="utf-8",
            )
            for n in JSON_NAMES
        ],
        LOADS,
    ),
    "all-ascii-escapes": (
        lambda f: [
            (f / n).write_text(json.dumps(json.loads((f / n).read_text(encoding="utf-8"))), encoding="utf-8")
            for n in JSON_NAMES
        ],
        LOADS,
    ),
    # -- strings
    "huge-summary": (record("events.json", lambda r: r.update(summary="word " * 500_000)), LOADS),
    "huge-unknown-id": (record("events.json", lambda r: r["participants"].append("x" * 100_000)), REFUSED),
    "huge-valid-id": (record("figures.json", lambda r: r.update(id="y" * 100_000)), LOADS),
    "newline-in-id": (record("events.json", lambda r: r.update(id="a\nb")), REFUSED),
    "unicode-id": (record("events.json", lambda r: r.update(id="événement")), REFUSED),
    "empty-id": (record("events.json", lambda r: r.update(id="")), REFUSED),
    "number-id": (record("events.json", lambda r: r.update(id=7)), REFUSED),
    "control-chars-in-text": (
        record("events.json", lambda r: r.update(summary="bell \x07 and escape \x1b[31m red")),
        LOADS,
    ),
    "right-to-left-text": (record("events.json", lambda r: r.update(summary="\u202e desrever")), LOADS),
    "empty-quote": (first_with("aid.json", "evidence", lambda r: r["evidence"][0].update(quote="  ")), REFUSED),
    "no-evidence": (record("events.json", lambda r: r.update(evidence=[])), REFUSED),
    "kind-with-newline": (record("events.json", lambda r: r.update(kind="call\n")), REFUSED),
    "kind-wrong-case": (record("events.json", lambda r: r.update(kind="CALL")), REFUSED),
    # -- dates at the calendar's edges, and past them
    "first-day": (span(start="0001-01-01", end="0001-01-01", precision="day"), LOADS),
    "last-day": (span(start="9999-12-31", end="9999-12-31", precision="day"), LOADS),
    "approximate-to-the-last-day": (
        span(start="9999-11-15", end="9999-12-31", precision="approximate", text="late"),
        LOADS,
    ),
    "approximate-last-month": (
        span(start="9999-12-01", end="9999-12-31", precision="approximate", text="December"),
        LOADS,
    ),
    "month-december-9999": (span(start="9999-12-01", end="9999-12-31", precision="month"), LOADS),
    "month-january-1": (span(start="0001-01-01", end="0001-01-31", precision="month"), LOADS),
    "as-of-the-last-day": (span(start="9999-12-31", end="9999-12-31", precision="as_of"), LOADS),
    "range-over-all-time": (span(start="0001-01-01", end="9999-12-31", precision="range"), LOADS),
    "year-zero": (span(start="0000-01-01", end="0000-01-01", precision="day"), REFUSED),
    "year-10000": (span(start="10000-01-01", end="10000-01-01", precision="day"), REFUSED),
    "february-29-not-leap": (span(start="2021-02-29", end="2021-02-29", precision="day"), REFUSED),
    "february-29-leap": (span(start="2020-02-29", end="2020-02-29", precision="day"), LOADS),
    "month-13": (span(start="2020-13-01", end="2020-13-01", precision="day"), REFUSED),
    "end-before-start": (span(start="2020-03-02", end="2020-03-01", precision="range"), REFUSED),
    "month-not-whole": (span(start="2020-03-01", end="2020-03-30", precision="month"), REFUSED),
    "datetime": (span(start="2020-03-01T00:00:00", end="2020-03-01", precision="day"), REFUSED),
    "padded-date": (span(start=" 2020-03-01", end="2020-03-01", precision="day"), REFUSED),
    "fullwidth-digits": (span(start="\uff12\uff10\uff12\uff10-03-01", end="2020-03-01", precision="day"), REFUSED),
    "date-as-number": (span(start=20200301, end="2020-03-01", precision="day"), REFUSED),
    "unknown-precision": (span(start="2020-03-01", end="2020-03-01", precision="hour"), REFUSED),
    # -- ids and references
    "dangling-entity": (record("events.json", lambda r: r["participants"].append("atlantis")), REFUSED),
    "dangling-event": (record("aid.json", lambda r: r.update(event="no-such-event")), REFUSED),
    "self-affiliation": (record("entities.json", lambda r: r.update(affiliation=r["id"])), LOADS),
    "duplicate-id-across-files": (lambda f: _copy_id(f), REFUSED),  # noqa: PLW0108 - defined below
    "names-clash-by-case": (first_with("entities.json", "aliases", lambda r: r["aliases"].append("ITALY")), REFUSED),
    "lowercase-iso-code": (first_with("entities.json", "iso3", lambda r: r.update(iso3="ita")), REFUSED),
    "entities-only-null": (write("entities.json", "null"), REFUSED),
    # -- the file system
    "file-is-a-folder": (replace_file("events.json", lambda p: p.mkdir()), REFUSED),
    "file-is-a-fifo": (replace_file("events.json", os.mkfifo), REFUSED),
    "file-is-dev-zero": (replace_file("events.json", lambda p: p.symlink_to("/dev/zero")), REFUSED),
    "file-is-dev-null": (replace_file("events.json", lambda p: p.symlink_to("/dev/null")), REFUSED),
    "symlink-loop": (replace_file("events.json", lambda p: p.symlink_to(p)), REFUSED),
    "symlink-chain-loop": (replace_file("events.json", lambda p: _links(p, p.with_name("b"), p)), REFUSED),
    "dangling-symlink": (replace_file("events.json", lambda p: p.symlink_to(p.with_name("gone"))), REFUSED),
    "symlink-to-a-good-file": (lambda f: _links((f / "events.json").rename(f / "real"), f / "events.json"), LOADS),
    "missing-file": (lambda f: (f / "statements.json").unlink(), REFUSED),
    "proc-file": (replace_file("figures.json", lambda p: p.symlink_to("/proc/self/status")), REFUSED),
    "extra-files-are-ignored": (lambda f: (f / "notes.txt").write_text("hello", encoding="utf-8"), LOADS),
}


def _links(*chain: Path) -> None:
    """Make each path of ``chain`` a symbolic link to the one before it: ``_links(a, b, a)`` is a loop."""
    for target, link in itertools.pairwise(chain):
        link.symlink_to(target)


def _copy_id(folder: Path) -> None:
    """Give a figure the id of an event."""
    events = json.loads((folder / "events.json").read_text(encoding="utf-8"))
    figures = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    figures[0]["id"] = events[0]["id"]
    (folder / "figures.json").write_text(json.dumps(figures), encoding="utf-8")


def outcome(folder: Path | str) -> tuple[str, cs.Dataset | cs.DataError]:
    """What load_path does: loads, or raises one DataError (anything else fails the test)."""
    try:
        return LOADS, cs.load_path(folder)
    except cs.DataError as error:
        return REFUSED, error


def assert_readable(error: cs.DataError, stderr: str) -> None:
    """The CLI printed the error as a line for the count and one per problem, each printable and bounded."""
    lines = stderr.splitlines()
    shown = len(error.problems) + (error.total > len(error.problems))
    assert 1 + shown == len(lines), stderr[:2000]
    assert lines[0].startswith("covid-synergy: error: ")
    for line in lines:
        assert line.isprintable(), line[:300]
        assert len(line) < 1200, line[:300]
    assert "Traceback" not in stderr


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_folder(tmp_path: Path, case: str) -> None:
    """The case loads or is one DataError, as expected; the CLI exits 0 or 1 with readable lines, no traceback."""
    spoil, expected = CASES[case]
    folder = copy_packaged(tmp_path / "data")
    spoil(folder)
    found, value = outcome(folder)
    assert expected == found, str(value)[:2000]
    result = run("events", "--data", folder, columns=80)
    if isinstance(value, cs.DataError):
        assert len(value.problems) <= MAX_PROBLEMS
        assert (1, "") == (result.returncode, result.stdout)
        assert_readable(value, result.stderr)
    else:
        assert (0, "") == (result.returncode, result.stderr), result.stderr[:2000]
        assert all(len(line) <= 80 for line in result.stdout.splitlines())


LOADABLE = sorted(case for case, (_, expected) in CASES.items() if expected == LOADS)
COMMANDS = [
    ["timeline"],
    ["aid"],
    ["statements", "--format", "jsonl"],
    ["figures", "--format", "csv"],
    ["entities"],
    ["summary", "--format", "json"],
    ["total", "tonne"],
    ["events", "--from", "9999-12", "--to", "9999-12"],
    ["events", "--from", "0001", "--to", "0001"],
]


@pytest.mark.parametrize("case", LOADABLE)
def test_what_loads_runs_everywhere(tmp_path: Path, case: str) -> None:
    """A folder that loads, however odd, runs every command and every export without an error."""
    spoil, _ = CASES[case]
    folder = copy_packaged(tmp_path / "data")
    spoil(folder)
    ds = cs.load_path(folder)
    for command in COMMANDS:
        result = run(*command, "--data", folder, columns=100)
        assert (0, "") == (result.returncode, result.stderr), (command, result.stderr[:2000])
    first = ds.events[0].id if ds.events else next(iter(ds.entities))
    assert 0 == run("show", first, "--data", folder).returncode
    for fmt in ("json", "jsonl", "csv", "datapackage"):
        out = tmp_path / fmt
        result = run("export", "--format", fmt, "--data", folder, out)
        assert (0, "") == (result.returncode, result.stderr), (fmt, result.stderr[:2000])
    assert ds == cs.load_path(tmp_path / "json")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("", 'the data folder is an empty path; pass "." for the current folder'),
        ("a\0b", "the path holds a NUL character, which no path can"),
        ("x" * 5000, "the data folder cannot be read: file name too long"),
        ("/proc/self/status/x", "the data folder does not exist"),
    ],
)
def test_hostile_paths(path: str, message: str) -> None:
    """Paths that name no folder are one DataError each, printed on one line."""
    found, value = outcome(path)
    assert REFUSED == found
    assert isinstance(value, cs.DataError)
    assert [message] == [p.message for p in value.problems]
    assert str(value.problems[0]).isprintable()


def test_a_folder_whose_name_is_not_text(tmp_path: Path) -> None:
    """A data folder whose name is not valid UTF-8 loads, and its problems print it escaped."""
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/bad\xff"))
    copy_packaged(folder)
    assert cs.load() == cs.load_path(folder)
    (folder / "aid.json").write_text("[", encoding="utf-8")
    result = run("--data", folder)
    assert 1 == result.returncode
    assert (
        f"  {tmp_path}/bad\\xff/aid.json: $: invalid JSON at line 1, column 2: Expecting value"
        == (result.stderr.splitlines()[1])
    )
