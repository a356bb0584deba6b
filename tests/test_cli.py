"""The command line: ``main(argv)`` in process, and the installed commands in a subprocess."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any, NamedTuple
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import covid_synergy as cs
from covid_synergy._cli import main
from covid_synergy._codec._converter import make_converter
from covid_synergy._compat import files

PACKAGED = files("covid_synergy").joinpath("data")
COMMANDS = ["summary", "timeline", "events", "aid", "statements", "figures", "entities", "show", "total", "export"]
#: The files an export in the packaged format writes, in the order it lists them.
JSON_EXPORT = (
    "source.json",
    "entities.json",
    "events.json",
    "aid.json",
    "statements.json",
    "figures.json",
    "sentences.json",
    "article.txt",
)
FRANCE_MARCH = ["events", "--involving", "France", "--from", "2020-03", "--to", "2020-03"]


class Result(NamedTuple):
    """What a run of the command line gave."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str | Path, columns: int = 100) -> Result:
    """Run ``main`` in this process with ``args``, in a terminal ``columns`` wide."""
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, {"COLUMNS": str(columns), "LINES": "40"}),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        status = main([str(a) for a in args])
    return Result(status, out.getvalue(), err.getvalue())


def run_process(*args: str | Path, command: Sequence[str] = (sys.executable, "-m", "covid_synergy")) -> Result:
    """Run the command line for real, in a subprocess (UTF-8 output)."""
    env = {**os.environ, "COLUMNS": "100", "LINES": "40", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [*command, *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=120,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def ok(*args: str | Path, columns: int = 100) -> str:
    """Run a command that must succeed silently on stderr; return its output."""
    result = run(*args, columns=columns)
    assert (0, "") == (result.returncode, result.stderr), result.stderr
    return result.stdout


def fails(status: int, *args: str | Path) -> str:
    """Run a command that must fail with ``status`` and one line on stderr; return that line."""
    result = run(*args)
    assert (status, "") == (result.returncode, result.stdout)
    lines = result.stderr.splitlines()
    assert 1 == len(lines), result.stderr
    return lines[0]


def csv_ids(text: str) -> list[str]:
    """The ``id`` column of CSV output."""
    return [row["id"] for row in csv.DictReader(io.StringIO(text))]


# -- the summary and help -------------------------------------------------------


def test_no_arguments_prints_the_summary(ds: cs.Dataset) -> None:
    """With no arguments: the title, the counts, the date range and the data version."""
    out = ok()
    assert out.startswith(f"covid-synergy: {ds.source.title}\n")
    assert f"  events      {len(ds.events):5d}" in out.splitlines()
    assert f"data version {ds.source.data_version}" in out
    assert "dated records run from 2020-" in out


def test_summary_as_json(ds: cs.Dataset) -> None:
    """The summary command with --format json gives the counts and the source in the packaged schema."""
    data = json.loads(ok("summary", "--format", "json"))
    assert len(ds.aid) == data["counts"]["aid"]
    assert make_converter().unstructure(ds.source) == data["source"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    """--help on every command exits 0 and shows an example of that command."""
    out = ok(command, "--help")
    assert "examples:" in out
    assert f"  covid-synergy {command}" in out


def test_main_help_lists_commands_and_exit_statuses() -> None:
    """The top-level --help lists every command and explains the exit statuses."""
    out = ok("--help")
    assert [] == [c for c in COMMANDS if f"    {c}" not in out]
    assert "2 a usage error" in out


def test_version() -> None:
    """--version prints the package version."""
    assert f"covid-synergy {cs.__version__}\n" == ok("--version")
    assert f"covid-synergy {cs.__version__}\n" == ok("--data", "anywhere", "--version")


# -- one command's options, built alone -------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["events", "--involving", "Italy"], "events"),
        (["--data", "aid", "events"], "events"),
        (["--data=aid", "events"], "events"),
        (["--da", "aid", "events"], "events"),
        (["--", "show", "italy"], "show"),
        (["--version", "total", "tonne"], "total"),
        ([], "summary"),
        (["--data", "folder"], "summary"),
        (["--version"], "summary"),
        (["evnts"], None),
        (["-h"], None),
        (["-h", "events"], None),
        (["--data", "folder", "--he", "events"], None),
        (["events", "-h"], "events"),
        (["--"], None),
    ],
)
def test_the_command_a_line_names(argv: list[str], command: str | None) -> None:
    """The command is the first word that is neither an option nor --data's value, however --data is spelled;
    with none, the summary; with none known, or help asked for first, every command (None).
    """
    from covid_synergy._cli import _command_in  # noqa: PLC0415

    assert command == _command_in(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["events", "--involving", "France", "--from", "2020-03", "--format", "csv"],
        ["aid", "--donor", "China", "--status", "delivered", "--involving-all", "Italy"],
        ["statements", "--speaker", "Xi Jinping", "--audience", "France", "--within", "--to", "2020-05"],
        ["total", "USD", "--collection", "aid", "--strict", "--involving", "WHO"],
        ["export", "--format", "sqlite", "--force", "out"],
        ["--data", "elsewhere", "show", "italy", "--format", "json"],
        ["entities", "--kind", "country", "--search", "korea"],
        ["summary", "--format", "json"],
        ["timeline", "--kind", "call", "--search", "mask"],
        ["figures"],
        [],
        ["--data", "elsewhere"],
    ],
)
def test_a_command_built_alone_parses_as_the_whole_parser(argv: list[str]) -> None:
    """The parser with one command's options built gives what the parser of every command gives."""
    from covid_synergy._cli import _command_in, build_parser  # noqa: PLC0415

    assert build_parser().parse_args(argv) == build_parser(_command_in(argv)).parse_args(argv)


#: Every command, as the README lists them.
EVERY_COMMAND = ("summary", "timeline", "events", "aid", "statements", "figures", "entities", "show", "total", "export")


@pytest.mark.parametrize("argv", [["-h"], ["-h", "events"], ["--data", "folder", "--he", "aid"], ["--help"]])
def test_help_asked_for_first_lists_every_command(argv: list[str]) -> None:
    """Help before (or without) a command is the whole parser's help: every command is listed."""
    result = run(*argv)
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("    ") and line.split()]
    assert (0, list(EVERY_COMMAND)) == (result.returncode, [word for word in listed if word in EVERY_COMMAND])


def test_a_command_help_is_the_same_built_alone() -> None:
    """`events --help` prints, word for word, what the parser of every command prints for it."""
    from covid_synergy._cli import build_parser  # noqa: PLC0415

    def help_of(parser: argparse.ArgumentParser) -> str:
        out = io.StringIO()
        with (
            mock.patch.dict(os.environ, {"COLUMNS": "100"}),
            contextlib.redirect_stdout(out),
            pytest.raises(SystemExit),
        ):
            parser.parse_args(["events", "--help"])
        return out.getvalue()

    whole = help_of(build_parser())
    assert whole.startswith("usage: covid-synergy events [-h]")
    assert whole == help_of(build_parser("events"))


@pytest.mark.parametrize(
    ("columns", "terminal", "expected"),
    [
        ("120", OSError(25, "not a terminal"), 120),
        ("", os.terminal_size((90, 30)), 90),
        ("0", os.terminal_size((90, 30)), 90),
        ("wide", os.terminal_size((90, 30)), 90),
        (None, os.terminal_size((90, 30)), 90),
        ("", OSError(25, "not a terminal"), 80),
        ("", ValueError("I/O operation on closed file"), 80),
        ("", os.terminal_size((0, 24)), 80),
    ],
)
def test_the_terminal_width_is_what_shutil_reckons(
    columns: str | None, terminal: os.terminal_size | Exception, expected: int
) -> None:
    """COLUMNS when positive, else the terminal's width, else 80: as shutil.get_terminal_size says."""
    from covid_synergy._cli import _columns  # noqa: PLC0415

    environ = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | (
        {} if columns is None else {"COLUMNS": columns}
    )
    if isinstance(terminal, Exception):
        asked = mock.patch("os.get_terminal_size", side_effect=terminal)
    else:
        asked = mock.patch("os.get_terminal_size", return_value=terminal)
    with mock.patch.dict(os.environ, environ, clear=True), asked:
        assert (expected, expected) == (_columns(), shutil.get_terminal_size().columns)


def test_the_terminal_width_without_a_standard_output_is_80() -> None:
    """No sys.__stdout__ at all (a GUI start): 80 columns, as shutil says too."""
    from covid_synergy._cli import _columns  # noqa: PLC0415

    with mock.patch.dict(os.environ, {"COLUMNS": ""}), mock.patch.object(sys, "__stdout__", None):
        assert (80, 80) == (_columns(), shutil.get_terminal_size().columns)


def test_an_abbreviated_data_option_is_not_taken_for_a_command() -> None:
    """--dat events aid: 'events' is the folder, so aid's own options still parse (the folder then is missing)."""
    done = run("--dat", "events", "aid", "--donor", "China")
    assert (1, "") == (done.returncode, done.stdout)
    assert "  events: $: the data folder does not exist" in done.stderr.splitlines()


# -- the question the issue asks ----------------------------------------------------


def test_france_in_march_2020_in_one_command(ds: cs.Dataset) -> None:
    """'Which events involved France in March 2020?' is one command, giving what the Python API gives."""
    expected = [e.id for e in ds.events.involving("France").between("2020-03-01", "2020-03-31")]
    assert expected
    assert expected == csv_ids(ok(*FRANCE_MARCH, "--format", "csv"))
    table = ok(*FRANCE_MARCH, columns=250)
    assert [] == [i for i in expected if i not in table]
    assert f"{len(expected)} event" in table.splitlines()[-1]


def test_names_codes_and_aliases_resolve_like_python(ds: cs.Dataset) -> None:
    """--involving takes an ISO code or an alias as the Python API does."""
    expected = [r.id for r in ds.aid.involving("ROK")]
    assert expected == csv_ids(ok("aid", "--involving", "the ROK", "--format", "csv"))
    assert csv_ids(ok("events", "--involving", "FRA", "--format", "csv")) == csv_ids(
        ok("events", "--involving", "france", "--format", "csv")
    )


def test_repeated_involving_means_any(ds: cs.Dataset) -> None:
    """Two --involving options keep records involving either entity."""
    expected = [e.id for e in ds.events.involving("Italy", "Serbia")]
    assert expected == csv_ids(ok("events", "--involving", "Italy", "--involving", "Serbia", "--format", "csv"))


def test_within_keeps_only_spans_inside(ds: cs.Dataset) -> None:
    """--within keeps records wholly inside the period, as mode='within' does; without it, overlaps count."""
    within = [r.id for r in ds.timeline().between("2020-03-16", "2020-03-31", mode="within")]
    overlap = [r.id for r in ds.timeline().between("2020-03-16", "2020-03-31")]
    assert within != overlap
    period = ["timeline", "--from", "2020-03-16", "--to", "2020-03-31", "--format", "csv"]
    assert within == csv_ids(ok(*period, "--within"))
    assert overlap == csv_ids(ok(*period))


def test_kind_and_search(ds: cs.Dataset) -> None:
    """--kind and --search filter like of_kind and search; kinds may be written with spaces."""
    expected = [e.id for e in ds.events.of_kind("press_conference")]
    assert expected == csv_ids(ok("events", "--kind", "press conference", "--format", "csv"))
    expected = [r.id for r in ds.timeline().search("ventilator")]
    assert expected == csv_ids(ok("timeline", "--search", "VENTILATOR", "--format", "csv"))


def test_donor_and_recipient(ds: cs.Dataset) -> None:
    """The aid command's --donor and --recipient filter the direction of help."""
    expected = [a.id for a in ds.aid.from_("China").to("Italy")]
    assert expected == csv_ids(ok("aid", "--donor", "China", "--recipient", "Italy", "--format", "csv"))


def test_entities_by_kind(ds: cs.Dataset) -> None:
    """The entities command with --kind country lists exactly the countries."""
    expected = [e.id for e in ds.entities.of_kind(cs.EntityKind.COUNTRY)]
    assert expected == csv_ids(ok("entities", "--kind", "country", "--format", "csv"))


# -- output formats ------------------------------------------------------------------


def test_json_is_the_packaged_schema() -> None:
    """The events command with --format json is exactly the packaged events.json."""
    expected = json.loads(PACKAGED.joinpath("events.json").read_text(encoding="utf-8"))
    assert expected == json.loads(ok("events", "--format", "json"))


def test_jsonl_is_one_packaged_record_per_line() -> None:
    """The aid command with --format jsonl gives the packaged aid records, one per line."""
    expected = json.loads(PACKAGED.joinpath("aid.json").read_text(encoding="utf-8"))
    assert expected == [json.loads(line) for line in ok("aid", "--format", "jsonl").splitlines()]


def test_timeline_json_names_each_collection(ds: cs.Dataset) -> None:
    """Timeline JSON wraps each record with the collection it belongs to, in date order."""
    data = json.loads(ok("timeline", "--format", "json"))
    assert [r.id for r in ds.timeline()] == [d["record"]["id"] for d in data]
    assert {"events", "aid", "statements", "figures"} == {d["collection"] for d in data}


def test_csv_has_ids_and_names(ds: cs.Dataset) -> None:
    """CSV output has entity ids and names, split dates and the crosswalk codes."""
    rows = list(csv.DictReader(io.StringIO(ok("events", "--format", "csv"))))
    assert len(ds.events) == len(rows)
    first = rows[0]
    event = ds.events[0]
    assert (event.participants[0], ds.entities[event.participants[0]].name) == (
        first["participant_ids"].split("; ")[0],
        first["participant_names"].split("; ")[0],
    )
    assert event.date is not None
    assert (event.date.start.isoformat(), event.cameo_code) == (first["date_start"], first["cameo_code"])


def test_no_match_is_not_an_error() -> None:
    """A filter matching nothing says so in a table, and gives a header-only CSV and an empty JSON array."""
    assert "no events match\n" == ok("events", "--search", "no such words anywhere")
    header = ok("events", "--search", "no such words anywhere", "--format", "csv")
    assert ["collection", "id", "date_start"] == header.split(",")[:3]
    assert "[]\n" == ok("events", "--search", "no such words anywhere", "--format", "json")


# -- show and total ------------------------------------------------------------------------


def test_show_gives_the_record_in_full_with_its_evidence(ds: cs.Dataset) -> None:
    """The show command prints every field and each evidence quote with its paragraph."""
    event = ds.get("2020-03-12-red-cross-team-arrives-rome")
    assert isinstance(event, cs.Event)
    out = " ".join(ok("show", event.id, columns=80).split())
    assert event.summary in out
    assert [] == [e for e in event.evidence if f'paragraph {e.paragraph}: "{e.quote}"' not in out]
    assert "073 (Provide humanitarian aid)" in out


def test_show_json_is_the_packaged_record(ds: cs.Dataset) -> None:
    """The show command with --format json gives the record in the packaged schema."""
    record = ds.get("2020-03-12-red-cross-team-arrives-rome")
    assert make_converter().unstructure(record) == json.loads(ok("show", record.id, "--format", "json"))


def test_show_takes_an_entity_name(ds: cs.Dataset) -> None:
    """The show command also takes an entity's name, alias or code."""
    assert make_converter().unstructure(ds.entities["italy"]) == json.loads(ok("show", "ITA", "--format", "json"))


def test_total_gives_the_exact_sum_and_bound(ds: cs.Dataset) -> None:
    """The total command prints the exact total with its bound, as RecordSet.total does."""
    for unit in ("tonne", "country"):
        assert str(ds.aid.total(unit)) == ok("total", unit).splitlines()[0]
    data = json.loads(ok("total", "USD", "--involving", "WHO", "--format", "json"))
    total = ds.aid.involving("WHO").total("USD")
    assert {**make_converter().unstructure(total), "may_overlap": total.may_overlap} == data


def test_total_over_events(ds: cs.Dataset) -> None:
    """The total command with --collection events adds the events' quantities instead."""
    assert str(ds.events.total("person")) == ok("total", "person", "--collection", "events").splitlines()[0]


# -- bad input ------------------------------------------------------------------------------


def test_unknown_entity_suggests_a_close_match() -> None:
    """A misspelt entity is a usage error (2) naming the option and suggesting the right name."""
    line = fails(2, "events", "--involving", "Frnace")
    assert (
        "covid-synergy events: error: argument --involving: no entity called 'Frnace'; did you mean 'France'?" == line
    )


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--from", "2020-3-1", "'2020-3-1' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY"),
        (
            "--to",
            "March",
            "'March' is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY (to name an entity, use --involving)",
        ),
        ("--from", "2020-02-30", "2020-02-30: February 2020 has 29 days"),
    ],
)
def test_bad_date_names_the_argument_and_the_problem(option: str, value: str, message: str) -> None:
    """A bad date is a usage error naming the option and what is wrong with the value."""
    assert f"covid-synergy events: error: argument {option}: {message}" == fails(2, "events", option, value)


def test_a_name_given_to_from_points_to_the_donor_option() -> None:
    """'aid --from China' is a date filter: the error says to use --donor."""
    line = fails(2, "aid", "--from", "China")
    assert line.endswith("(to name an entity, use --donor or --recipient)")


def test_reversed_period() -> None:
    """--to before --from is a usage error."""
    line = fails(2, "events", "--from", "2020-04", "--to", "2020-03")
    assert "covid-synergy events: error: argument --to: 2020-03-31 is before --from 2020-04-01" == line


def test_unknown_kind_suggests_or_lists_the_kinds() -> None:
    """An unknown --kind is a usage error suggesting the closest kinds, or listing them all."""
    assert "argument --kind: unknown event kind 'cal'; did you mean 'call'?" in fails(2, "events", "--kind", "cal")
    line = fails(2, "events", "--kind", "zzzz")
    assert "unknown event kind 'zzzz'; expected one of: announcement, arrival," in line
    assert "videoconference" in line


def test_a_kind_of_another_collection_says_where_it_belongs() -> None:
    """An aid kind asked of events points to the aid collection."""
    line = fails(2, "events", "--kind", "medical-team")
    assert line.endswith("argument --kind: unknown event kind 'medical-team': it is an aid kind (ds.aid.of_kind)")


def test_unknown_unit_suggests() -> None:
    """An unknown unit is a usage error suggesting the right one; an alias is the unit."""
    assert "argument UNIT: unknown unit 'tonns'; did you mean 'tonne'?" in fails(2, "total", "tonns")
    assert ok("total", "tonne") == ok("total", "tons")


def test_unknown_id_suggests() -> None:
    """The show command with an unknown id is a usage error suggesting close ids."""
    line = fails(2, "show", "2020-03-12-red-cross-team-arives-rome")
    assert "did you mean '2020-03-12-red-cross-team-arrives-rome'" in line


@pytest.mark.parametrize(
    "args",
    [["frobnicate"], ["events", "--format", "xml"], ["events", "--bogus"], ["show"], ["entities", "--from", "2020"]],
)
def test_usage_errors_are_one_line_and_status_2(args: list[str]) -> None:
    """The argument parser's own errors are one line on stderr and exit status 2."""
    assert fails(2, *args).startswith("covid-synergy")


# -- --data and export ----------------------------------------------------------------------


def test_data_folder_is_read(ds: cs.Dataset, tmp_path: Path) -> None:
    """--data runs a command against a folder of the user's own, before or after the command."""
    cs.dump(ds, tmp_path)
    events = json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))
    events[0]["summary"] = "A record only this folder has."
    (tmp_path / "events.json").write_text(json.dumps(events), encoding="utf-8")
    assert [events[0]["id"]] == csv_ids(
        ok("events", "--data", tmp_path, "--search", "only this folder", "--format", "csv")
    )
    assert [events[0]["id"]] == csv_ids(
        ok("--data", tmp_path, "events", "--search", "only this folder", "--format", "csv")
    )
    assert ok("--data", tmp_path).startswith("covid-synergy: ")


def test_bad_data_folder_is_a_data_error(tmp_path: Path) -> None:
    """A folder that does not load is a data error (1): a line for the count, then one per problem."""
    (tmp_path / "events.json").write_text("[", encoding="utf-8")
    result = run("events", "--data", tmp_path)
    assert (1, "") == (result.returncode, result.stdout)
    assert [
        "covid-synergy: error: 6 problems in the data:",
        *(f"  {tmp_path / n}: $: file not found" for n in ("source.json", "entities.json")),
        f"  {tmp_path / 'events.json'}: $: invalid JSON at line 1, column 2: Expecting value",
        *(f"  {tmp_path / n}: $: file not found" for n in ("aid.json", "statements.json", "figures.json")),
    ] == result.stderr.splitlines()
    missing = run("--data", tmp_path / "missing")
    assert (
        1,
        f"covid-synergy: error: 1 problem in the data:\n  {tmp_path / 'missing'}: $: the data folder does not exist\n",
    ) == (
        missing.returncode,
        missing.stderr,
    )


@pytest.mark.parametrize(
    ("args", "prog", "option"),
    [
        (["--data", "", "events"], "covid-synergy events", "--data"),
        (["events", "--data", ""], "covid-synergy events", "--data"),
        (["--data", ""], "covid-synergy", "--data"),
        (["export", ""], "covid-synergy export", "OUTDIR"),
    ],
)
def test_an_empty_path_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], prog: str, option: str
) -> None:
    """An empty --data or OUTDIR is refused (2), never taken for the current folder, which is left alone."""
    monkeypatch.chdir(tmp_path)
    expected = f"{prog}: error: argument {option}: an empty path names no folder; pass '.' for the current folder"
    assert expected == fails(2, *args)
    assert [] == list(tmp_path.iterdir())


def test_export_writes_and_refuses_to_overwrite(ds: cs.Dataset, tmp_path: Path) -> None:
    """The export command writes the files; a second run fails (1) until --force, and a file as OUTDIR fails (1)."""
    out = tmp_path / "out"
    written = ok("export", "--format", "json", out).splitlines()
    assert [str(out / n) for n in JSON_EXPORT] == written
    assert ds == cs.load_path(out)
    assert "--force" in fails(1, "export", "--format", "json", out)
    assert written == ok("export", "--format", "json", "--force", out).splitlines()
    assert "is not a folder" in fails(1, "export", out / "events.json")


def test_export_datapackage_by_default(tmp_path: Path) -> None:
    """The export command with no --format writes the CSV files and datapackage.json."""
    ok("export", tmp_path)
    expected = [
        "aid.csv",
        "datapackage.json",
        "entities.csv",
        "events.csv",
        "figures.csv",
        "sentences.csv",
        "statements.csv",
    ]
    assert expected == sorted(p.name for p in tmp_path.iterdir())


# -- the installed commands, for real -----------------------------------------------------


def test_python_dash_m_runs_the_command_line(ds: cs.Dataset) -> None:
    """``python -m covid_synergy`` is the command line: the summary, and exit statuses."""
    done = run_process()
    assert (0, "") == (done.returncode, done.stderr)
    assert done.stdout.startswith(f"covid-synergy: {ds.source.title}\n")
    assert 2 == run_process("frobnicate").returncode


def test_the_console_script_is_installed() -> None:
    """The ``covid-synergy`` script beside the interpreter runs the same command line."""
    script = shutil.which("covid-synergy", path=str(Path(sys.executable).parent))
    assert script is not None
    done = run_process("--version", command=[script])
    assert (0, f"covid-synergy {cs.__version__}\n") == (done.returncode, done.stdout)


def test_a_closed_pipe_ends_quietly() -> None:
    """``covid-synergy timeline | head -1``: no traceback when the reader goes away."""
    command = [sys.executable, "-m", "covid_synergy", "timeline", "--format", "jsonl"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:  # noqa: S603
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.readline()
        process.stdout.close()
        process.wait(timeout=120)
        assert b"" == process.stderr.read()


# -- the same question, the same answer, in Python and in the shell -----------------------------


@st.composite
def spellings(draw: st.DrawFn, names: list[str]) -> str:
    """One of ``names`` as a reader might type it: any case, '-', ' ' or '_' between words."""
    name = draw(st.sampled_from(names))
    joiner = draw(st.sampled_from(["_", "-", " "]))
    words = name.replace("-", " ").replace("_", " ").split()
    return joiner.join(w.upper() if draw(st.booleans()) else w for w in words)


def _names(vocabulary: type[cs.Vocabulary]) -> list[str]:
    return [n for m in vocabulary for n in (m.value, *m.aliases)]


@settings(max_examples=30, deadline=None)
@given(kind=spellings(_names(cs.EventKind)))
def test_every_kind_python_accepts_the_shell_accepts_alike(ds: cs.Dataset, kind: str) -> None:
    """Events --kind SPELLING lists exactly what ds.events.of_kind(SPELLING) gives."""
    assert [e.id for e in ds.events.of_kind(kind)] == csv_ids(ok("events", "--kind", kind, "--format", "csv"))


@settings(max_examples=30, deadline=None)
@given(unit=spellings(_names(cs.Unit)))
def test_every_unit_python_accepts_the_shell_totals_alike(ds: cs.Dataset, unit: str) -> None:
    """Total SPELLING prints what ds.aid.total(SPELLING) gives."""
    assert str(ds.aid.total(unit)) == ok("total", unit).splitlines()[0]


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_every_entity_name_python_accepts_the_shell_accepts_alike(ds: cs.Dataset, data: st.DataObject) -> None:
    """--involving, --donor and --recipient take every name resolve() takes, with the same records."""
    entity = data.draw(st.sampled_from(list(ds.entities.values())))
    name = data.draw(
        st.sampled_from([entity.id, entity.name, *entity.aliases, *([entity.iso3] if entity.iso3 else [])])
    )
    name = data.draw(st.sampled_from([name, name.upper(), name.casefold()]))
    assert [a.id for a in ds.aid.involving(name)] == csv_ids(ok("aid", "--involving", name, "--format", "csv"))
    assert [a.id for a in ds.aid.from_(name)] == csv_ids(ok("aid", "--donor", name, "--format", "csv"))
    strict = [a.id for a in ds.aid.to(name, strict=True)]
    assert strict == csv_ids(ok("aid", "--recipient", name, "--strict", "--format", "csv"))


@settings(max_examples=30, deadline=None)
@given(day=st.dates(min_value=date(2020, 1, 1), max_value=date(2020, 12, 31)), form=st.sampled_from([4, 7, 10]))
def test_every_date_python_accepts_the_shell_accepts_alike(ds: cs.Dataset, day: date, form: int) -> None:
    """--from and --to take YYYY, YYYY-MM and YYYY-MM-DD as between() does."""
    text = day.isoformat()[:form]
    expected = [r.id for r in ds.timeline().between(text, text)]
    assert expected == csv_ids(ok("timeline", "--from", text, "--to", text, "--format", "csv"))


def test_several_values_of_one_option_mean_any_and_options_mean_all(ds: cs.Dataset) -> None:
    """--involving A --involving B is A or B; --involving-all A --involving-all B is A and B, as chained calls."""
    either = [s.id for s in ds.statements.involving("Xi Jinping", "Emmanuel Macron")]
    both = [s.id for s in ds.statements.involving("Xi Jinping").involving("Emmanuel Macron")]
    assert len(both) < len(either)
    shell = ["statements", "--format", "csv"]
    assert either == csv_ids(ok(*shell, "--involving", "Xi Jinping", "--involving", "Emmanuel Macron"))
    assert both == csv_ids(ok(*shell, "--involving-all", "Xi Jinping", "--involving-all", "Emmanuel Macron"))


def test_aid_status_speaker_and_audience(ds: cs.Dataset) -> None:
    """--status, --speaker and --audience ask what with_status, by and to ask."""
    pledged = ds.aid.with_status("pledged")
    assert [a.id for a in pledged] == csv_ids(ok("aid", "--status", "promised", "--format", "csv"))
    assert str(pledged.total("USD")) == ok("total", "USD", "--status", "pledged").splitlines()[0]
    by_xi = [s.id for s in ds.statements.by("Xi Jinping").to("France")]
    assert by_xi == csv_ids(ok("statements", "--speaker", "Xi Jinping", "--audience", "France", "--format", "csv"))
    assert "apply to aid" in fails(2, "total", "person", "--collection", "events", "--donor", "China")
    assert "did you mean 'delivered'" in fails(2, "aid", "--status", "delivred")


def test_show_takes_a_unique_start_of_an_id(ds: cs.Dataset) -> None:
    """Show with the start of one id shows it; a start shared by several lists them."""
    record = ds.get("2020-03-12-red-cross-team-arrives-rome")
    assert json.loads(ok("show", "2020-03-12-red-cross-team-arr", "--format", "json"))["id"] == record.id
    line = fails(2, "show", "2020-03-12")
    assert "ids start with '2020-03-12': 2020-03-12-" in line
    assert "give more of the id" in line


# -- every command in every format ---------------------------------------------------------------

LISTS = ["timeline", "events", "aid", "statements", "figures", "entities"]


@pytest.mark.parametrize("command", LISTS)
@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_every_list_in_every_format(ds: cs.Dataset, command: str, fmt: str) -> None:
    """Each list command prints its whole collection in each format, ids whole."""
    out = ok(command, "--format", fmt, columns=400)
    expected = (
        list(ds.entities)
        if command == "entities"
        else [r.id for r in (ds.timeline() if command == "timeline" else getattr(ds, command))]
    )
    if fmt == "csv":
        assert expected == csv_ids(out)
    elif fmt == "json":
        data = json.loads(out)
        assert expected == [d["record"]["id"] if command == "timeline" else d["id"] for d in data]
    elif fmt == "jsonl":
        assert len(expected) == len(out.splitlines())
    else:
        assert [] == [i for i in expected if i not in out]


@pytest.mark.parametrize(
    "wanted",
    [
        "2020-03-12-red-cross-team-arrives-rome",
        "2020-03-12-red-cross-31-tons-medical-supplies-to-italy",
        "2020-03-21-inscription-iron-clad-friends-serbia",
        "2020-03-01-countries-exported-covid-supplies-to",
        "italy",
    ],
)
@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_show_every_kind_of_record_in_every_format(ds: cs.Dataset, wanted: str, fmt: str) -> None:
    """Show prints an event, an aid record, a statement, a figure or an entity in full, in each format."""
    item = ds.get(wanted)
    out = ok("show", wanted, "--format", fmt, columns=120)
    if fmt in {"json", "jsonl"}:
        assert make_converter().unstructure(item) == json.loads(out)
    elif fmt == "csv":
        assert [wanted] == csv_ids(out)
    else:
        assert wanted in out
        assert "collection" in out.splitlines()[0]
    if isinstance(item, cs.Entity) and fmt == "table":
        assert "involved in" in out
    if isinstance(item, cs.AidRecord) and fmt == "table":
        assert "iati_aid_type" in out


@pytest.mark.parametrize("collection", ["aid", "events", "figures"])
@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_total_in_every_format(ds: cs.Dataset, collection: str, fmt: str) -> None:
    """Total over each collection, in each format, gives RecordSet.total's answer."""
    total = getattr(ds, collection).total("person")
    out = ok("total", "person", "--collection", collection, "--format", fmt)
    if fmt == "json":
        assert format(total.value, "f") == json.loads(out)["value"]
    elif fmt == "jsonl":
        assert total.may_overlap == json.loads(out)["may_overlap"]
    elif fmt == "csv":
        assert format(total.value, "f") == next(csv.DictReader(io.StringIO(out)))["value"]
    else:
        assert str(total) == out.splitlines()[0]


def test_entities_by_kind_and_search(ds: cs.Dataset) -> None:
    """Entities --kind takes any name of a kind; --search looks in names, aliases, ids, codes and roles."""
    regions = [e.id for e in ds.entities.of_kind("region")]
    assert regions == csv_ids(ok("entities", "--kind", "Regions", "--format", "csv"))
    assert ["republic-of-korea"] == csv_ids(ok("entities", "--search", "ROK", "--format", "csv"))
    assert "unknown entity kind 'contry'; did you mean 'country'?" in fails(2, "entities", "--kind", "contry")


def test_within_needs_a_period() -> None:
    """--within alone says what it needs."""
    assert "argument --within: give --from or --to too" in fails(2, "events", "--within")


def test_a_summary_of_undated_data(tmp_path: Path, ds: cs.Dataset) -> None:
    """A folder whose records have no dates says so in its summary."""
    undated = cs.Dataset.build(
        events=cs.RecordSet(entities=ds.entities),
        aid=cs.AidSet(ds.aid.undated(), entities=ds.entities),
        statements=cs.StatementSet(entities=ds.entities),
        figures=cs.RecordSet(entities=ds.entities),
        entities=ds.entities,
        source=ds.source,
    )
    cs.dump(undated, tmp_path)
    assert "  no record is dated" in ok("--data", tmp_path).splitlines()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_example_runs(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example a --help shows runs as shown (a redirect to a file dropped) and succeeds."""
    monkeypatch.chdir(tmp_path)
    lines = ok(command, "--help").split("examples:", 1)[1].split("\n\n", 1)[0].splitlines()
    examples = [shlex.split(line.split(" > ")[0]) for line in lines if line.strip().startswith("covid-synergy")]
    assert examples
    for words in examples:
        result = run(*words[1:])
        assert (0, "") == (result.returncode, result.stderr), words


# -- output and errors, whatever the terminal ------------------------------------------------


class Terminal(NamedTuple):
    """What a run wrote to a standard output and error of a given encoding, as bytes."""

    returncode: int
    stdout: bytes
    stderr: bytes


def run_in(encoding: str, *args: str | Path, stdout: IO[bytes] | None = None) -> Terminal:
    """Run ``main`` with standard output and error in ``encoding`` (as a terminal set to it would be)."""
    out_bytes = io.BytesIO() if stdout is None else stdout
    err_bytes = io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding=encoding, errors="strict")
    err = io.TextIOWrapper(err_bytes, encoding=encoding, errors="strict")
    with (
        mock.patch.dict(os.environ, {"COLUMNS": "120", "LINES": "40"}),
        mock.patch.object(sys, "stdout", out),
        mock.patch.object(sys, "stderr", err),
    ):
        status = main([str(a) for a in args])
        out.flush()
        err.flush()
    written = out_bytes.getvalue() if isinstance(out_bytes, io.BytesIO) else b""
    return Terminal(status, written, err_bytes.getvalue())


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_a_table_replaces_what_the_terminal_cannot_show(encoding: str) -> None:
    """On a cp1252 or ASCII terminal, the aid table prints, its arrows replaced, no error."""
    done = run_in(encoding, "aid")
    assert (0, b"") == (done.returncode, done.stderr)
    text = done.stdout.decode(encoding)
    assert " ? " in text.splitlines()[2]
    assert "\u2192" not in text


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_machine_formats_are_always_utf8(fmt: str) -> None:
    """On an ASCII terminal, json, jsonl and csv come out as UTF-8, byte for byte what a UTF-8 one gets."""
    ascii_run = run_in("ascii", "statements", "--format", fmt)
    utf8_run = run_in("utf-8", "statements", "--format", fmt)
    assert (0, b"") == (ascii_run.returncode, ascii_run.stderr)
    assert utf8_run.stdout == ascii_run.stdout
    assert any(b > 127 for b in ascii_run.stdout)  # the article's curly quotes and dashes, kept
    assert ok("statements", "--format", fmt) == ascii_run.stdout.decode("utf-8")


def test_help_on_an_ascii_terminal() -> None:
    """--help prints on any terminal."""
    done = run_in("ascii", "aid", "--help")
    assert (0, b"") == (done.returncode, done.stderr)
    assert done.stdout.startswith(b"usage: covid-synergy aid")


def test_errors_escape_what_the_terminal_cannot_show(tmp_path: Path) -> None:
    """An error naming a path the terminal cannot show prints it escaped, on one line."""
    done = run_in("ascii", "--data", tmp_path / "données")
    assert 1 == done.returncode
    assert (
        f"  {tmp_path}/donn\\xe9es: $: the data folder does not exist\n".encode()
        == done.stderr.splitlines(keepends=True)[1]
    )


def test_exported_paths_are_printed_escaped(ds: cs.Dataset, tmp_path: Path) -> None:
    """An export into a folder with a newline or a byte that is not UTF-8 lists its files escaped."""
    for name, shown in (("new\nline", "new\\nline"), (os.fsdecode(b"bad\xff"), "bad\\xff")):
        done = run_in("utf-8", "export", "--format", "json", tmp_path / name)
        assert (0, b"") == (done.returncode, done.stderr)
        lines = done.stdout.decode("utf-8").splitlines()
        assert [f"{tmp_path}/{shown}/{n}" for n in JSON_EXPORT] == lines
        assert ds == cs.load_path(tmp_path / name)


class FullDisk(io.BytesIO):
    """A standard output on a full disk."""

    def write(self, _data: Any) -> int:
        """Fail, as writing to a full disk does."""
        raise OSError(28, "No space left on device")


def test_output_that_cannot_be_written() -> None:
    """A full disk under standard output is an error (1), one line, not a traceback."""
    done = run_in("utf-8", "timeline", "--format", "json", stdout=FullDisk())
    assert (1, b"covid-synergy: error: cannot write the output: [Errno 28] No space left on device\n") == (
        done.returncode,
        done.stderr,
    )


class ClosedPipe(io.StringIO):
    """A standard output whose reader has gone away before anything was written."""

    def flush(self) -> None:
        """Fail, as flushing into a closed pipe does."""
        raise BrokenPipeError(32, "Broken pipe")


def test_a_pipe_closed_before_the_output() -> None:
    """A reader gone before the first write ends the command quietly (1)."""
    err = io.StringIO()
    with mock.patch.object(sys, "stdout", ClosedPipe()), contextlib.redirect_stderr(err):
        assert 1 == main(["events"])
    assert "" == err.getvalue()


class PipeFile(io.FileIO):
    """A real file as standard output, whose reader goes away as soon as something is written."""

    broken = True

    def write(self, data: Any) -> int:
        """Fail, as writing into a closed pipe does (while ``broken``)."""
        if self.broken:
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(data)


def test_a_pipe_closed_while_writing_sends_the_rest_nowhere(tmp_path: Path) -> None:
    """A reader gone mid-output: quietly 1, and what standard output still holds goes to /dev/null, not to it."""
    target = tmp_path / "out"
    with target.open("wb") as raw:
        fd = raw.fileno()
        pipe = PipeFile(fd, "w", closefd=False)
        stdout = io.TextIOWrapper(io.BufferedWriter(pipe), encoding="utf-8")
        err = io.StringIO()
        with mock.patch.object(sys, "stdout", stdout), contextlib.redirect_stderr(err):
            assert 1 == main(["events", "--format", "jsonl"])
        pipe.broken = False
        stdout.detach().flush()  # what it still held: written to the descriptor, which now is /dev/null
        os.write(fd, b"after")
    assert ("", b"") == (err.getvalue(), target.read_bytes())


def test_a_standard_error_that_cannot_be_written() -> None:
    """An error that cannot even be reported still ends with its status, not a traceback."""
    with mock.patch.object(sys, "stderr", ClosedPipe()), contextlib.redirect_stdout(io.StringIO()):
        assert 2 == main(["frobnicate"])


def test_closed_standard_output() -> None:
    """With no standard output at all, the command says so and exits 1."""
    err = io.StringIO()
    with mock.patch.object(sys, "stdout", None), contextlib.redirect_stderr(err):
        assert 1 == main(["events"])
    assert "covid-synergy: error: standard output is closed\n" == err.getvalue()


def test_no_standard_error_either() -> None:
    """With neither standard output nor error, the command still just exits 1."""
    with mock.patch.object(sys, "stdout", None), mock.patch.object(sys, "stderr", None):
        assert 1 == main(["events"])


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [(KeyboardInterrupt, 130, ""), (MemoryError, 1, "covid-synergy: error: out of memory\n")],
)
def test_interrupted_or_out_of_memory(error: type[BaseException], status: int, message: str) -> None:
    """Ctrl-C ends quietly with 130; running out of memory is one line and 1; neither is a traceback."""
    from covid_synergy import _cli  # noqa: PLC0415

    def failing(*_args: Any) -> int:
        raise error

    with mock.patch.dict(_cli._RUNNERS, {"events": failing}):
        result = run("events")
    assert (status, "", message) == result


def test_a_cp1252_terminal_for_real() -> None:
    """In a real process with a cp1252 standard output, the aid table prints and nothing goes to stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "covid_synergy", "aid"],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "cp1252", "COLUMNS": "100"},
        check=False,
        timeout=120,
    )
    assert (0, b"") == (done.returncode, done.stderr)
    assert b" ? " in done.stdout


def test_a_full_disk_for_real() -> None:
    """Writing to /dev/full ends with one line on stderr and 1, without Python's 'Exception ignored'."""
    with Path("/dev/full").open("wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "covid_synergy", "timeline", "--format", "jsonl"],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
            timeout=120,
        )
    assert (1, b"covid-synergy: error: cannot write the output: [Errno 28] No space left on device\n") == (
        done.returncode,
        done.stderr,
    )
