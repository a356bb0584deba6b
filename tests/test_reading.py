"""Loading, dumping and the errors bad data gives."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import covid_synergy as cs
from covid_synergy import strategies as cst
from covid_synergy._compat import files
from covid_synergy._export import to_json
from covid_synergy._layout import ARTICLE_FILE, COLLECTIONS, SOURCE_FILE

PACKAGED = files("covid_synergy").joinpath("data")
NAMES = [SOURCE_FILE, *(c.file for c in COLLECTIONS), ARTICLE_FILE]


def copy_packaged(folder: Path) -> Path:
    """Write the packaged files into ``folder``."""
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
            (b'["\xff"]', "not UTF-8: byte 2 is 0xff"),
            (b"[{", "invalid JSON at line 1, column 3"),
            (b"{}", "expected an array of records at the top level, got an object"),
            (b"[" * 100_000, "invalid JSON"),
            (b"[NaN]", "NaN is not a number JSON allows"),
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

    def test_floats_anywhere_are_refused(self, folder: Path) -> None:
        """A JSON number with a fraction is refused while parsing, naming the number."""
        (folder / "figures.json").write_text('[{"value": 8.1}]', encoding="utf-8")
        assert any("the number 8.1 has a fraction" in line for line in problems(folder))

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
