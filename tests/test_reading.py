"""Loading, dumping and the errors bad data gives."""

from __future__ import annotations

import codecs
import gc
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Self

import attrs
import pytest
from hypothesis import given

import covid_synergy as cs
from covid_synergy import strategies as cst
from covid_synergy._compat import files
from covid_synergy._export import to_json
from covid_synergy._layout import ARTICLE_FILE, COLLECTIONS, SOURCE_FILE

PACKAGED = files("covid_synergy").joinpath("data")
NAMES = [SOURCE_FILE, *(c.file for c in COLLECTIONS), ARTICLE_FILE]
#: The files of a folder that hold JSON.
JSON_NAMES = [SOURCE_FILE, *(c.file for c in COLLECTIONS)]


def copy_packaged(folder: Path) -> Path:
    """Write the packaged files into ``folder`` (made if need be)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        (folder / name).write_bytes(PACKAGED.joinpath(name).read_bytes())
    return folder


def edit(folder: Path, name: str, change: Any, *, replace: bool = False) -> None:
    """Rewrite one JSON file: ``change(data)`` edits it in place, or with
    ``replace`` returns the new content.
    """
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    changed = change(data)
    path.write_text(json.dumps(changed if replace else data), encoding="utf-8")


class TestPackaged:
    """The packaged data loads, once, and round-trips byte for byte."""

    def test_dump_reproduces_the_files(self, ds: cs.Dataset) -> None:
        """Canonical JSON of the loaded data is exactly the packaged files."""
        produced = to_json(ds)
        assert sorted(produced, key=NAMES.index) == NAMES
        for name, data in produced.items():
            assert PACKAGED.joinpath(name).read_bytes() == data, name

    def test_dump_then_load_path_is_equal(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """dump() writes a folder load_path() reads back to an equal dataset."""
        cs.dump(ds, tmp_path / "out")
        assert ds == cs.load_path(tmp_path / "out")

    def test_dump_refuses_to_overwrite(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """dump() leaves existing files alone unless told to overwrite."""
        cs.dump(ds, tmp_path)
        (tmp_path / "events.json").write_text("[]", encoding="utf-8")
        with pytest.raises(FileExistsError, match=r"events\.json"):
            cs.dump(ds, tmp_path)
        assert (tmp_path / "events.json").read_text(encoding="utf-8") == "[]"
        cs.dump(ds, tmp_path, overwrite=True)
        assert ds == cs.load_path(tmp_path)

    def test_load_is_cached_and_thread_safe(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Many threads calling load() at once cause one load and share one object."""
        from covid_synergy import _reading  # noqa: PLC0415

        monkeypatch.setattr(_reading, "_packaged", None)
        calls = []
        real = _reading._load_folder

        def counting(*args: Any, **kwargs: Any) -> cs.Dataset:
            calls.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(_reading, "_load_folder", counting)
        barrier = threading.Barrier(16)
        results: list[cs.Dataset] = []

        def worker() -> None:
            barrier.wait()
            results.append(cs.load())

        threads = [threading.Thread(target=worker) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert calls == [1]
        assert len(results) == 16
        assert all(r is results[0] for r in results)

    def test_records_are_immutable(self, ds: cs.Dataset) -> None:
        """Records, spans and the dataset refuse assignment; collections are tuples."""
        event = ds.events[0]
        for target, name in ((event, "summary"), (event.date, "start"), (ds, "events"), (ds.source, "title")):
            with pytest.raises(AttributeError):
                setattr(target, name, None)
        assert isinstance(event.participants, tuple)
        assert isinstance(event.evidence, tuple)
        with pytest.raises(AttributeError):
            ds.entities.x = 1
        with pytest.raises(TypeError):
            ds.entities["italy"] = ds.entities["france"]  # type: ignore[index]


@given(cst.datasets(max_records=6, max_entities=4))
def test_any_dataset_round_trips(tmp_path_factory: pytest.TempPathFactory, dataset: cs.Dataset) -> None:
    """Dump then load_path gives back an equal dataset, for any valid dataset."""
    folder = tmp_path_factory.mktemp("rt")
    cs.dump(dataset, folder)
    assert dataset == cs.load_path(folder)


def problems(folder: Path) -> list[str]:
    """The problem lines load_path reports for a folder."""
    with pytest.raises(cs.DataError) as info:
        cs.load_path(folder)
    return [str(p) for p in info.value.problems]


def first_event(data: list[dict[str, Any]]) -> dict[str, Any]:
    """The first record of a collection."""
    return data[0]


class TestBadData:
    """Each kind of bad data gives a DataError naming the file, record and path."""

    @pytest.fixture
    def folder(self, tmp_path: Path) -> Path:
        """A copy of the packaged files to spoil."""
        return copy_packaged(tmp_path)

    def test_missing_folder(self, tmp_path: Path) -> None:
        """A folder that does not exist is named."""
        assert [f"{tmp_path / 'nope'}: $: the data folder does not exist"] == problems(tmp_path / "nope")

    def test_missing_file(self, folder: Path) -> None:
        """A missing collection file is named."""
        (folder / "aid.json").unlink()
        assert [f"{folder / 'aid.json'}: $: file not found"] == problems(folder)

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "the file is empty"),
            (b"\xef\xbb\xbf[]", "byte-order mark"),
            ("[]".encode("utf-16"), "is UTF-16 (it starts with its byte-order mark); save it as UTF-8"),
            ("[]".encode("utf-16-be"), "invalid JSON at line 1, column 1"),
            (codecs.BOM_UTF16_BE + "[]".encode("utf-16-be"), "is UTF-16 (it starts with its byte-order mark)"),
            ("[]".encode("utf-32"), "is UTF-32 (it starts with its byte-order mark); save it as UTF-8"),
            (codecs.BOM_UTF32_BE + "[]".encode("utf-32-be"), "is UTF-32 (it starts with its byte-order mark)"),
            (b'["\xff"]', "not UTF-8: byte 2 is 0xff"),
            (b"[{", "invalid JSON at line 1, column 3"),
            (b"{}", "expected an array of records at the top level, got an object"),
            (b"[" * 100_000, "invalid JSON"),
            (b"null", "expected an array of records at the top level, got null"),
        ],
    )
    def test_unreadable_files(self, folder: Path, content: bytes, message: str) -> None:
        """Files that are not JSON arrays of records say why."""
        (folder / "events.json").write_bytes(content)
        found = problems(folder)
        assert len(found) == 1
        assert found[0].startswith(f"{folder / 'events.json'}: $: ")
        assert message in found[0]

    @pytest.mark.parametrize(
        ("change", "path", "message"),
        [
            (lambda r: r.pop("summary"), "$.summary", "required field missing"),
            (lambda r: r.update(colour="red"), "$", "unknown field(s) 'colour'"),
            (lambda r: r.update(summary=7), "$.summary", "expected a string, got an integer"),
            (lambda r: r.update(participants="china"), "$.participants", "expected an array"),
            (lambda r: r.update(kind="party"), "$.kind", "unknown value 'party'"),
            (lambda r: r["date"].update(end="2020-02-30"), "$.date.end", "no such day: '2020-02-30'"),
            (lambda r: r["date"].update(start="2020-12-31"), "$.date", "is before start"),
            (lambda r: r["date"].update(start="March 1"), "$.date.start", "'YYYY-MM-DD'"),
            (lambda r: r["evidence"][0].update(paragraph=True), "$.evidence[0].paragraph", "expected an integer"),
            (lambda r: r["evidence"][0].update(paragraph=999), "$.evidence[0].paragraph", "outside 1..95"),
            (lambda r: r["participants"].append("atlantis"), "$.participants[", "unknown entity 'atlantis'"),
            (lambda r: r.update(evidence=[]), "$.evidence", "at least one piece of evidence"),
            (lambda r: r.update(id="Not A Slug"), "$.id", "an id is lowercase"),
        ],
    )
    def test_bad_fields(self, folder: Path, change: Any, path: str, message: str) -> None:
        """A bad field is reported with the record id and its JSON path."""
        edit(folder, "events.json", lambda data: change(first_event(data)))
        found = problems(folder)
        here = str(folder / "events.json")
        assert any(path in line and message in line and line.startswith(here) for line in found), found

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("-3", "expected a number written as a string"),
            ("1e9", "expected a number written as a string"),
            ("9" * 41, "at most 40 characters"),
        ],
    )
    def test_quantities_are_strings_of_digits(self, folder: Path, value: Any, message: str) -> None:
        """Quantity values must be decimal strings: no floats, signs, exponents or huge numbers."""

        def change(data: list[dict[str, Any]]) -> None:
            record = next(r for r in data if r["quantities"])
            record["quantities"][0]["value"] = value

        edit(folder, "aid.json", change)
        assert any("$.quantities[0].value" in line and message in line for line in problems(folder))

    @pytest.mark.parametrize(
        ("number", "where", "message"),
        [
            ("8.0", ("evidence", 0, "paragraph"), "expected an integer, got the number 8.0, which has a fraction"),
            ("1e2", ("evidence", 0, "paragraph"), "expected an integer, got the number 1e2, which has a fraction"),
            ("8.1", ("quantities", 0, "value"), "got the number 8.1, which has a fraction or an exponent"),
            ("NaN", ("summary",), "expected a string, got NaN, which is not a number JSON allows"),
            ("-Infinity", ("kind",), "unknown value -Infinity, which is not a number JSON allows"),
        ],
    )
    def test_refused_numbers_name_the_record_and_path(
        self, folder: Path, number: str, where: tuple[Any, ...], message: str
    ) -> None:
        """A fraction, an exponent or NaN is refused where it is, and says nothing of quantities unless there."""

        def change(data: list[dict[str, Any]]) -> None:
            record = next(r for r in data if r["quantities"])
            target = record
            for step in where[:-1]:
                target = target[step]
            target[where[-1]] = "PLACEHOLDER"

        edit(folder, "aid.json", change)
        path = folder / "aid.json"
        path.write_text(path.read_text(encoding="utf-8").replace('"PLACEHOLDER"', number), encoding="utf-8")
        found = problems(folder)
        json_path = "$" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in where)
        assert 1 == len(found), found
        assert f": {json_path}: " in found[0]
        assert message in found[0]
        assert ": record '" in found[0]
        assert ("quantit" in found[0]) == (where[0] == "quantities")

    def test_duplicate_ids_within_and_across_files(self, folder: Path) -> None:
        """An id used twice is reported in each place, naming the other file."""
        edit(folder, "events.json", lambda data: [*data, data[0]], replace=True)
        taken = json.loads((folder / "events.json").read_text(encoding="utf-8"))[1]["id"]
        edit(folder, "figures.json", lambda data: data[0].update(id=taken))
        found = problems(folder)
        assert any("duplicate id (also in this file)" in line for line in found)
        assert any(line.startswith(str(folder / "figures.json")) and "also in events.json" in line for line in found)

    def test_dangling_event_reference(self, folder: Path) -> None:
        """An aid record pointing at an unknown event is reported."""
        edit(folder, "aid.json", lambda data: data[0].update(event="no-such-event"))
        assert any("$.event: unknown event 'no-such-event'" in line for line in problems(folder))

    def test_every_bad_record_is_reported(self, folder: Path) -> None:
        """Several bad records give several problems, not only the first."""

        def change(data: list[dict[str, Any]]) -> None:
            for r in data[:5]:
                r["kind"] = "party"

        edit(folder, "events.json", change)
        assert len(problems(folder)) == 5

    def test_problems_are_capped(self, folder: Path) -> None:
        """Past the cap, the error says how many more problems there were."""

        def change(data: list[dict[str, Any]]) -> list[dict[str, Any]]:
            for r in data:
                r["kind"] = "x"
            return data * 3

        edit(folder, "events.json", change, replace=True)
        with pytest.raises(cs.DataError) as info:
            cs.load_path(folder)
        assert len(info.value.problems) == 50
        assert info.value.total > 50
        assert "more problems" in str(info.value)

    def test_entity_names_must_not_clash(self, folder: Path) -> None:
        """Two entities answering to one name would make resolution ambiguous."""

        def change(data: list[dict[str, Any]]) -> None:
            next(e for e in data if e["id"] == "france")["aliases"].append("Italy")

        edit(folder, "entities.json", change)
        assert any("the name 'italy' is also used by" in line for line in problems(folder))

    def test_countries_need_codes(self, folder: Path) -> None:
        """A country without an ISO code, or a non-country with one, is reported."""

        def change(data: list[dict[str, Any]]) -> None:
            next(e for e in data if e["id"] == "france")["iso3"] = None
            next(e for e in data if e["id"] == "who")["iso3"] = "WHO"

        edit(folder, "entities.json", change)
        found = problems(folder)
        assert any("'france': $.iso3: a country needs" in line for line in found)
        assert any("'who': $.iso3: only countries" in line for line in found)


def test_lone_surrogates_are_refused(tmp_path: Path) -> None:
    """A string escaping half a surrogate pair cannot be text, and is refused by path."""
    folder = copy_packaged(tmp_path)
    edit(folder, "events.json", lambda data: data[0].update(summary="bad \ud800 text"))
    assert any("$.summary: the string holds a lone surrogate" in line for line in problems(folder))


# -- every file, and the folder, whatever they are ----------------------------------------


def one_problem(folder: Path | str) -> str:
    """The one problem line load_path reports for a folder."""
    found = problems(folder)  # type: ignore[arg-type]
    assert 1 == len(found), found
    return found[0]


class TestNull:
    """A file that is JSON ``null`` is a problem, never an empty or missing collection."""

    @pytest.mark.parametrize("name", JSON_NAMES)
    def test_null_file(self, tmp_path: Path, name: str) -> None:
        """Each file, null, gives one problem naming it; the others load as they are."""
        folder = copy_packaged(tmp_path)
        (folder / name).write_text("null", encoding="utf-8")
        expected = "an object" if name == SOURCE_FILE else "an array of records"
        assert f"{folder / name}: $: expected {expected} at the top level, got null" == one_problem(folder)

    def test_null_under_python_dash_o(self, tmp_path: Path) -> None:
        """With assertions off (python -O), a null source or entities file is still one DataError."""
        code = (
            "import sys, covid_synergy as cs\n"
            "try:\n    cs.load_path(sys.argv[1])\n"
            "except cs.DataError as e:\n    print(len(e.problems), e.problems[0].message)\n"
        )
        for name in (SOURCE_FILE, "entities.json"):
            folder = copy_packaged(tmp_path / name)
            (folder / name).write_text("null", encoding="utf-8")
            done = subprocess.run(  # noqa: S603 - our own interpreter
                [sys.executable, "-O", "-c", code, str(folder)],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert (0, "") == (done.returncode, done.stderr)
            assert done.stdout.startswith("1 expected ")

    def test_null_entities_does_not_hide_other_files_problems(self, tmp_path: Path) -> None:
        """With entities.json null, a bad field elsewhere is still reported (only references go unchecked)."""
        folder = copy_packaged(tmp_path)
        (folder / "entities.json").write_text("null", encoding="utf-8")
        edit(folder, "events.json", lambda data: data[0].update(kind="party"))
        found = problems(folder)
        assert 2 == len(found)
        assert "unknown value 'party'" in found[1]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the packaged files to spoil."""
    return copy_packaged(tmp_path / "data")


class TestFolder:
    """What the folder itself may be."""

    def test_an_empty_path_is_not_the_current_folder(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """load_path("") is refused, even where the current folder holds a dataset; "." loads it."""
        copy_packaged(tmp_path)
        monkeypatch.chdir(tmp_path)
        assert "'': $: the data folder is an empty path; pass \".\" for the current folder" == one_problem("")
        assert cs.load() == cs.load_path(".")

    @pytest.mark.parametrize(
        ("make", "message"),
        [
            (lambda p: p, "the data folder does not exist"),
            (lambda p: p.write_text("x") and p / "data", "the data folder does not exist"),
            (lambda p: p.write_text("x") and p, "the data folder is not a folder"),
            (lambda p: (p.symlink_to(p), p)[1], "the data folder cannot be read: a loop of symbolic links"),
        ],
    )
    def test_what_is_not_a_folder(self, tmp_path: Path, make: Any, message: str) -> None:
        """A missing folder, a file, a path through a file and a symbolic link loop are named."""
        target = make(tmp_path / "x")
        assert f"{target}: $: {message}" == one_problem(target)

    def test_a_nul_character(self) -> None:
        """A path with a NUL character is refused, and printed escaped."""
        assert "a\\x00b: $: the path holds a NUL character, which no path can" == one_problem("a\0b")

    def test_an_unsearchable_folder(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A folder that cannot be looked at (permission denied) is a problem, not an OSError."""
        real = os.stat

        def denied(path: Any, *args: Any, **kwargs: Any) -> Any:
            if os.fspath(path) == str(folder):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, "stat", denied)
        assert f"{folder}: $: the data folder cannot be read: permission denied" == one_problem(folder)

    def test_a_newline_in_the_folder_name(self, tmp_path: Path) -> None:
        """Each problem stays on one line: the folder's newline is escaped."""
        folder = copy_packaged(tmp_path / "two\nlines")
        (folder / "aid.json").write_text("[", encoding="utf-8")
        with pytest.raises(cs.DataError) as info:
            cs.load_path(folder)
        assert 2 == len(str(info.value).splitlines())
        assert str(info.value.problems[0]).startswith(str(tmp_path / "two\\nlines" / "aid.json"))


class TestFileKinds:
    """A data file that is not a readable regular file is one problem, never an OSError."""

    @pytest.mark.parametrize(
        ("make", "message"),
        [
            (lambda p: p.symlink_to(p), "a loop of symbolic links"),
            (lambda p: p.mkdir(), "is a folder, not a file"),
            (os.mkfifo, "is not a regular file (a pipe, a device or a socket)"),
            (lambda p: p.symlink_to("/dev/zero"), "is not a regular file (a pipe, a device or a socket)"),
            (lambda p: p.symlink_to("/dev/null"), "is not a regular file (a pipe, a device or a socket)"),
            (lambda p: p.symlink_to(p.parent / "nowhere"), "file not found"),
        ],
    )
    def test_not_a_regular_file(self, folder: Path, make: Any, message: str) -> None:
        """Symbolic link loops, folders, FIFOs, devices and dangling links are named for what they are."""
        target = folder / "aid.json"
        target.unlink()
        make(target)
        assert f"{target}: $: {message}" == one_problem(folder)

    def test_a_socket(self, folder: Path) -> None:
        """A Unix socket where a file should be is not read."""
        import socket  # noqa: PLC0415

        (folder / "aid.json").unlink()
        with socket.socket(socket.AF_UNIX) as server:
            cwd = Path.cwd()
            os.chdir(folder)  # a socket path must be short
            try:
                server.bind("aid.json")
            finally:
                os.chdir(cwd)
            assert one_problem(folder).endswith("is not a regular file (a pipe, a device or a socket)")

    def test_a_file_swapped_for_a_fifo(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A regular file swapped for a FIFO between the look and the open is refused by what was opened."""
        target = folder / "aid.json"
        regular = target.stat()
        target.unlink()
        os.mkfifo(target)
        real = os.stat

        def before_the_swap(path: Any, *args: Any, **kwargs: Any) -> Any:
            return regular if str(path) == str(target) else real(path, *args, **kwargs)

        monkeypatch.setattr(os, "stat", before_the_swap)
        assert f"{target}: $: is not a regular file (a pipe, a device or a socket)" == one_problem(folder)

    def test_permission_denied(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file that cannot be opened says so (simulated: the tests may run as root)."""
        real = os.open

        def denied(path: Any, *args: Any, **kwargs: Any) -> int:
            if str(path).endswith("figures.json"):
                raise PermissionError(13, "Permission denied")
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", denied)
        assert f"{folder / 'figures.json'}: $: permission denied" == one_problem(folder)

    @pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file whatever its mode")
    def test_permission_denied_for_real(self, folder: Path) -> None:
        """A file of mode 000 is one problem."""
        (folder / "figures.json").chmod(0)
        assert f"{folder / 'figures.json'}: $: permission denied" == one_problem(folder)

    def test_a_read_error(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """An input/output error while reading names the file and the error."""
        real = os.fdopen

        class Failing:
            """A file handle whose reads fail."""

            def __init__(self, handle: Any) -> None:
                self.handle = handle

            def __enter__(self) -> Self:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def read(self, _size: int) -> bytes:
                raise OSError(5, "Input/output error")

        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Failing(real(fd, *a, **k)))
        assert f"{folder / 'source.json'}: $: input/output error" == problems(folder)[0]

    def test_an_error_without_a_reason(self) -> None:
        """An OSError the system gave no words for is named by its text, others by theirs."""
        from covid_synergy import _reading  # noqa: PLC0415

        assert "odd failure" == _reading._reason(OSError("odd failure"))
        assert "input/output error" == _reading._reason(OSError(5, "Input/output error"))

    def test_too_big_by_its_size(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file larger than the limit is refused before it is read."""
        from covid_synergy import _reading  # noqa: PLC0415

        monkeypatch.setattr(_reading, "MAX_FILE_BYTES", 1000)
        found = problems(folder)
        size = (folder / "aid.json").stat().st_size
        assert f"{folder / 'aid.json'}: $: file is {size} bytes; the limit is 1000" in found

    def test_a_file_that_holds_more_than_its_size(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file whose size says 0 but that holds bytes (like /proc files) is read to its end, or to the limit."""
        from covid_synergy import _reading  # noqa: PLC0415

        (folder / "aid.json").unlink()
        (folder / "aid.json").symlink_to("/proc/self/status")
        assert one_problem(folder).startswith(f"{folder / 'aid.json'}: $: invalid JSON at line 1")
        monkeypatch.setattr(_reading, "_CHUNK", 16)
        monkeypatch.setattr(_reading, "MAX_FILE_BYTES", 64)
        assert f"{folder / 'aid.json'}: $: file is more than 64 bytes, the limit" in problems(folder)

    def test_a_folder_in_a_zip(self, tmp_path: Path) -> None:
        """A folder that is not on disk (a zip) loads the same way, and says what is missing or too big."""
        import zipfile  # noqa: PLC0415

        from covid_synergy import _reading  # noqa: PLC0415

        archive = tmp_path / "data.zip"
        with zipfile.ZipFile(archive, "w") as zipped:
            for name in NAMES:
                zipped.writestr(f"data/{name}", PACKAGED.joinpath(name).read_bytes())
        root = zipfile.Path(archive, "data/")
        assert cs.load() == _reading._load_folder(root, label="zip")  # type: ignore[arg-type]
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("data/source.json", b"{}")
        with pytest.raises(cs.DataError) as info:
            _reading._load_folder(zipfile.Path(archive, "data/"), label="zip")  # type: ignore[arg-type]
        assert "zip/entities.json: $: file not found" in [str(p) for p in info.value.problems]

    def test_a_zip_member_too_big_or_unreadable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A resource that is too big, or fails to read, is one problem each."""
        from covid_synergy import _reading  # noqa: PLC0415

        class Resource:
            def __init__(self, data: bytes | None) -> None:
                self.data = data

            def is_file(self) -> bool:
                return True

            def read_bytes(self) -> bytes:
                if self.data is None:
                    raise OSError(5, "Input/output error")
                return self.data

        monkeypatch.setattr(_reading, "MAX_FILE_BYTES", 3)
        assert "file is 4 bytes; the limit is 3" == _reading._read_resource(Resource(b"null"))  # type: ignore[arg-type]
        assert "input/output error" == _reading._read_resource(Resource(None))  # type: ignore[arg-type]
        assert b"[]" == _reading._read_resource(Resource(b"[]"))  # type: ignore[arg-type]


class TestRepeatedKeys:
    """A key an object names twice is a problem naming the file, record and JSON path."""

    def write(self, folder: Path, name: str, old: str, new: str) -> None:
        """Replace the first ``old`` in a file's text by ``new``."""
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def test_in_a_record(self, folder: Path) -> None:
        """A record's field given twice is refused at its path, whatever the two values."""
        self.write(folder, "events.json", '"kind": ', '"kind": "call", "kind": ')
        found = one_problem(folder)
        assert found.startswith(f"{folder / 'events.json'}: record '2020-01-03-")
        assert found.endswith(
            ": $.kind: the key 'kind' appears 2 times in this object; a key may appear once "
            "(JSON would keep only the last value)"
        )

    def test_in_a_nested_object_of_a_later_record(self, folder: Path) -> None:
        """Inside a date, an evidence item or a quantity, the path leads to the key."""
        data = json.loads((folder / "aid.json").read_text(encoding="utf-8"))
        index = next(i for i, r in enumerate(data) if r["quantities"])
        data[index]["quantities"][0]["unit"] = "PLACEHOLDER"
        text = json.dumps(data, indent=2).replace('"unit": "PLACEHOLDER"', '"unit": "tonne", "unit": "tonne"')
        (folder / "aid.json").write_text(text, encoding="utf-8")
        assert one_problem(folder).endswith(
            f"record {data[index]['id']!r}: $.quantities[0].unit: the key 'unit' appears 2 times in this object; "
            "a key may appear once (JSON would keep only the last value)"
        )

    def test_in_source_json(self, folder: Path) -> None:
        """In the one object of source.json there is no record, only the path."""
        self.write(folder, SOURCE_FILE, '"title": ', '"title": "Another", "title": ')
        assert one_problem(folder).startswith(f"{folder / SOURCE_FILE}: $.title: the key 'title' appears 2 times")

    def test_when_strings_hold_colons(self, folder: Path) -> None:
        """Colons inside strings do not hide a repeated key, nor make one up."""
        edit(folder, "events.json", lambda data: data[0].update(summary="Note: a colon, and another: here"))
        assert cs.load_path(folder).events.search("Note: a colon")
        self.write(folder, "events.json", '"kind": ', '"kind": "call", "kind": ')
        assert ": $.kind: the key 'kind' appears 2 times" in one_problem(folder)

    def test_when_colons_are_escaped(self, folder: Path) -> None:
        r"""A colon written as an escape (\u003a) neither hides a repeated key nor makes one up."""
        edit(folder, "events.json", lambda data: data[0].update(summary="PLACEHOLDER"))
        self.write(folder, "events.json", '"PLACEHOLDER"', '"escaped\\u003a colon \\u003A twice"')
        assert cs.load_path(folder).events.search("escaped: colon : twice")
        self.write(folder, "events.json", '"kind": ', '"kind": "call", "kind": ')
        assert ": $.kind: the key 'kind' appears 2 times" in one_problem(folder)

    def test_with_spaces_before_colons(self, folder: Path) -> None:
        """Keys written with space before the colon are counted the same."""
        for name in JSON_NAMES:
            path = folder / name
            path.write_text(path.read_text(encoding="utf-8").replace('": ', '" :\n '), encoding="utf-8")
        assert cs.load() == cs.load_path(folder)
        self.write(folder, "figures.json", '"summary" :', '"summary" : "x", "summary" :')
        assert ": $.summary: the key 'summary' appears 2 times" in one_problem(folder)

    def test_an_escaped_spelling_of_a_key(self, folder: Path) -> None:
        """A key and an escaped spelling of it are one key named twice."""
        self.write(folder, "events.json", '"kind": ', '"kind": "call", "k\\u0069nd": ')
        assert ": $.kind: the key 'kind' appears 2 times" in one_problem(folder)

    def test_along_with_other_problems(self, folder: Path) -> None:
        """In a file with other faults, repeated keys are reported with them."""
        self.write(folder, "events.json", '"kind": ', '"colour": 1, "colour": 2, "kind": ')
        found = problems(folder)
        assert 2 == len(found), found
        assert "unknown field(s) 'colour'" in found[0]
        assert ": $.colour: the key 'colour' appears 2 times" in found[1]

    def test_in_a_file_that_is_not_an_array(self, folder: Path) -> None:
        """A top-level object where an array belongs: its repeated keys are reported too."""
        (folder / "figures.json").write_text('{"a": 1, "a": 2}', encoding="utf-8")
        here = folder / "figures.json"
        repeated = (
            "the key 'a' appears 2 times in this object; a key may appear once (JSON would keep only the last value)"
        )
        expected = [
            f"{here}: $: expected an array of records at the top level, got an object",
            f"{here}: $.a: {repeated}",
        ]
        assert expected == problems(folder)

    def test_too_deep_to_look_again(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file already refused that is too deep to parse again reports its first problem only."""
        from covid_synergy._codec import _rules  # noqa: PLC0415

        def deep(_text: str) -> Any:
            raise RecursionError

        monkeypatch.setattr(_rules, "repeated_keys", deep)
        (folder / "figures.json").write_text("[[]]", encoding="utf-8")
        assert one_problem(folder).endswith("record #0: $: expected an object, got an array")


class TestKeyCounting:
    """The count that shows a file repeats no key without parsing it again."""

    @given(cst.datasets(max_records=6, max_entities=4))
    def test_keys_are_counted_exactly(self, dataset: cs.Dataset) -> None:
        """For any dataset, the count of keys equals a walk over every object of its JSON."""
        from covid_synergy import _reading  # noqa: PLC0415

        def walk(value: Any) -> int:
            if isinstance(value, dict):
                return len(value) + sum(walk(v) for v in value.values())
            if isinstance(value, list):
                return sum(walk(v) for v in value)
            return 0

        classes: dict[str, type[Any]] = {SOURCE_FILE: cs.Source, **{c.file: c.record for c in COLLECTIONS}}
        written = to_json(dataset)
        for name in JSON_NAMES:
            raw = written[name]
            data = json.loads(raw)
            objects = data if isinstance(data, list) else [data]
            assert walk(data) == _reading._keys(objects, classes[name]), name
            assert raw.decode().count(":") >= _reading._keys(objects, classes[name])

    def test_objects_inside_objects_inside_objects(self) -> None:
        """A shape deeper than the record classes' is counted too, and its texts found."""
        from covid_synergy import _reading  # noqa: PLC0415

        objects: list[dict[str, Any]] = [
            {"middle": {"leaf": {"a": 1}, "leaves": [{"a": 1, "b": "x:y"}]}, "middles": [{"leaf": {"a": 2, "b": ""}}]},
            {"middle": None},
        ]
        assert 11 == _reading._keys(objects, Top)
        assert [["x:y"]] == [found for found in map(list, _reading._texts(objects, Top)) if found]

    @pytest.mark.parametrize("resolved", [False, True])
    def test_every_field_is_read(self, resolved: bool) -> None:  # noqa: FBT001
        """Each annotation names what get_type_hints does, for every field, as written or resolved (as cattrs does)."""
        import typing  # noqa: PLC0415

        from covid_synergy import _reading  # noqa: PLC0415

        classes = [cs.Source, cs.DateSpan, cs.Quantity, cs.Evidence, *(c.record for c in COLLECTIONS)]
        for cls in classes:
            hints = typing.get_type_hints(cls)
            for field in attrs.fields(cls):
                hint = hints[field.name]
                nullable = type(None) in typing.get_args(hint)
                if nullable:
                    hint = next(a for a in typing.get_args(hint) if a is not type(None))
                many = typing.get_origin(hint) is tuple
                expected = (typing.get_args(hint)[0] if many else hint, many, nullable)
                annotation = hints[field.name] if resolved else cls.__annotations__[field.name]
                assert expected == _reading._annotation(cls, annotation), (cls, field.name)

    def test_other_annotations_name_nothing(self) -> None:
        """An annotation string of another form names no type: the count then cannot tell."""
        from covid_synergy import _reading  # noqa: PLC0415

        assert (None, False, False) == _reading._annotation(Top, "Optional[Leaf]")

    def test_a_count_that_cannot_tell_looks_again(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """When the count cannot rule a repeated key out, the file is parsed again to look."""
        from covid_synergy._codec import _rules  # noqa: PLC0415

        looked: list[int] = []
        real = _rules.repeated_keys

        def counting(text: str) -> Any:
            looked.append(1)
            return real(text)

        monkeypatch.setattr(_rules, "repeated_keys", counting)
        cs.load_path(folder)
        assert [] == looked  # the packaged files: the count says no
        edit(folder, "events.json", lambda data: data[0].update(id="with:colon"))  # ids are not counted as text
        problems(folder)
        assert [1] == looked


class TestMessages:
    """Every problem is one readable line."""

    def test_a_huge_bad_id_is_cut(self, folder: Path) -> None:
        """A 100,000-character unknown id is quoted as its start and '…'."""
        edit(folder, "events.json", lambda data: data[0]["participants"].append("x" * 100_000))
        found = one_problem(folder)
        assert found.endswith(f"unknown entity '{'x' * 80}…'")
        assert len(found) < 300

    def test_a_huge_record_id_is_cut(self, folder: Path) -> None:
        """A record with a 100,000-character id is labelled by its start and '…'."""
        edit(folder, "figures.json", lambda data: data[0].update(id="y" * 100_000, kind="x"))
        assert all(f"record '{'y' * 80}…'" in line for line in problems(folder))

    def test_many_unknown_fields_are_cut(self, folder: Path) -> None:
        """A record with thousands of unknown fields gives a line of bounded length."""
        edit(folder, "events.json", lambda data: data[0].update({f"field{i}": i for i in range(5000)}))
        found = one_problem(folder)
        assert found.endswith("…")
        assert len(found) < 800

    def test_a_huge_number_is_cut(self, folder: Path) -> None:
        """A paragraph number of 1,000 digits is shown by its start."""
        edit(folder, "events.json", lambda data: data[0]["evidence"][0].update(paragraph=10**999))
        found = one_problem(folder)
        assert f"paragraph {'1' + '0' * 39}… is outside 1..95" in found

    def test_a_too_long_integer(self, folder: Path) -> None:
        """An integer longer than Python reads is a problem at its line and column."""
        (folder / "figures.json").write_text("[" + "9" * 5000 + "]", encoding="utf-8")
        assert one_problem(folder).endswith(
            "invalid JSON at line 1, column 2: an integer of 5000 digits; "
            f"the most read is {sys.get_int_max_str_digits()}"
        )

    def test_values_with_newlines_stay_on_one_line(self, folder: Path) -> None:
        """A bad value with newlines and control characters is escaped in its quote."""
        edit(folder, "events.json", lambda data: data[0].update(kind="a\nb\x00c"))
        assert "unknown value 'a\\nb\\x00c'" in one_problem(folder)


class TestConcurrency:
    """Loads in many threads at once."""

    def test_16_threads_load_one_folder(self, folder: Path) -> None:
        """Sixteen threads calling load_path at once all get an equal dataset, and the collector is back on."""
        barrier = threading.Barrier(16, timeout=60)
        results: list[cs.Dataset] = []
        errors: list[BaseException] = []

        def worker() -> None:
            try:
                barrier.wait()
                results.append(cs.load_path(folder))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert ([], 16) == (errors, len(results))
        assert all(cs.load() == r for r in results)
        assert gc.isenabled()

    def test_16_threads_with_bad_data(self, folder: Path) -> None:
        """Sixteen threads loading a bad folder each get the same one DataError."""
        (folder / "aid.json").write_text("[", encoding="utf-8")
        barrier = threading.Barrier(16, timeout=60)
        messages: list[str] = []

        def worker() -> None:
            barrier.wait()
            with pytest.raises(cs.DataError) as info:
                cs.load_path(folder)
            messages.append(str(info.value))

        threads = [threading.Thread(target=worker) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert 16 == len(messages)
        assert {messages[0]} == set(messages)

    def test_a_collector_turned_off_stays_off(self, folder: Path) -> None:
        """A program that turned the collector off finds it off after a load, on after if it was on."""
        gc.disable()
        try:
            cs.load_path(folder)
            assert not gc.isenabled()
        finally:
            gc.enable()
        cs.load_path(folder)
        assert gc.isenabled()


@attrs.frozen
class Leaf:
    """A shape for the key count: a leaf with an optional text."""

    a: int
    b: str = ""


@attrs.frozen
class Middle:
    """Objects inside it: one required, an array of them."""

    leaf: Leaf
    leaves: tuple[Leaf, ...] = ()


@attrs.frozen
class Top:
    """Objects inside objects inside it."""

    middle: Middle | None = None
    middles: tuple[Middle, ...] = ()


@attrs.frozen
class Pair:
    """A shape whose every field is required: each of its objects holds them all."""

    a: int
    b: int


@attrs.frozen
class Pairs:
    """An array of objects of only required fields."""

    pairs: tuple[Pair, ...] = ()


def test_arrays_of_objects_of_required_fields_are_counted_without_visiting_them() -> None:
    """Objects of a class with only required fields are counted by their number alone."""
    from covid_synergy import _reading  # noqa: PLC0415

    objects: list[dict[str, Any]] = [{"pairs": [{"a": 1, "b": 2}, {"a": 3, "b": 4}]}, {"pairs": []}, {}]
    assert 2 + 2 * 2 == _reading._keys(objects, Pairs)


def test_the_bulk_checks_saying_no_for_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the bulk checks refuse what the record-by-record checks pass, the load still succeeds."""
    from covid_synergy import _reading  # noqa: PLC0415

    monkeypatch.setattr(_reading, "all_well", lambda *_args: None)
    assert cs.load() == _reading._load_folder(PACKAGED, label=None)


def test_a_package_that_is_not_on_disk_is_read_through_importlib_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the data folder is not a folder on disk (a zipped package), it is found with files() and reads alike."""
    from covid_synergy import _reading  # noqa: PLC0415

    on_disk = _reading._packaged_folder()
    assert isinstance(on_disk, str)
    monkeypatch.setattr(os.path, "isdir", lambda _path: False)
    found = _reading._packaged_folder()
    assert not isinstance(found, str)
    assert found.joinpath("events.json").read_bytes() == Path(on_disk, "events.json").read_bytes()
    assert cs.load() == _reading._load_folder(found, label=None)


def test_a_module_without_a_file_finds_the_data_through_importlib_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    """A frozen module has no __file__: the data is found through files() all the same."""
    from covid_synergy import _reading  # noqa: PLC0415

    monkeypatch.delattr(_reading, "__file__")
    found = _reading._packaged_folder()
    assert not isinstance(found, str)
    assert found.joinpath("source.json").is_file()


def test_something_that_cannot_be_looked_at_is_not_taken_for_absent(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An optional file the system will not say is there or not is read, and its problem named."""
    (folder / "sentences.json").unlink()
    real = os.lstat

    def refused(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if str(path).endswith("sentences.json"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", refused)
    assert f"{folder / 'sentences.json'}: $: file not found" == one_problem(folder)


def test_a_packaged_text_that_is_not_the_article_is_refused_when_asked_for(folder: Path) -> None:
    """The packaged text is checked when first read: a wrong one is a DataError naming the file and both hashes."""
    from covid_synergy import _reading  # noqa: PLC0415

    text = _reading._LazyText(str(folder), "ab" * 32)
    with pytest.raises(cs.DataError) as info:
        text()
    assert [f"article.txt: $: its SHA-256 is {cs.load().source.text_sha256}, but source.json says {'ab' * 32}"] == [
        str(p) for p in info.value.problems
    ]


@pytest.mark.parametrize("folder", [b"data", 5, None])
def test_a_folder_that_is_not_a_path_is_a_type_error(folder: Any) -> None:
    """Bytes, a number or None name no folder: a TypeError saying what a folder is, as pathlib gives."""
    with pytest.raises(TypeError, match=r"str, bytes or os.PathLike|a str or an os.PathLike of str, not bytes"):
        cs.load_path(folder)
