"""export() and dump(): every format, atomic files, never an overwrite unasked."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Self

import pytest

import covid_synergy as cs
from covid_synergy._codec._converter import make_converter
from covid_synergy._compat import files
from covid_synergy._export import FORMATS, export, render
from csv_reader import CSV_FILES

PACKAGED = files("covid_synergy").joinpath("data")


class TestJson:
    """The json and jsonl exports use the packaged schema."""

    def test_json_export_loads_back_equal(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """The json export is a folder load_path reads back to an equal dataset."""
        export(ds, tmp_path, format="json")
        assert ds == cs.load_path(tmp_path)

    def test_jsonl_lines_are_the_packaged_records(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """Each jsonl line is one record in the schema of the packaged JSON files."""
        export(ds, tmp_path, format="jsonl")
        for name in ("entities", "events", "aid", "statements", "figures"):
            packaged = json.loads(PACKAGED.joinpath(f"{name}.json").read_text(encoding="utf-8"))
            lines = (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            assert packaged == [json.loads(line) for line in lines], name
        assert ds.source == make_converter().structure(
            json.loads((tmp_path / "source.json").read_text(encoding="utf-8")), cs.Source
        )


class TestSafety:
    """No overwrite without asking, atomic files, no file where a folder should be."""

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_never_overwrites(self, ds: cs.Dataset, tmp_path: Path, fmt: str) -> None:
        """An existing file stops the export before anything is written, in every format."""
        last = list(render(ds, fmt))[-1]  # type: ignore[arg-type]
        (tmp_path / last).write_text("mine", encoding="utf-8")
        with pytest.raises(FileExistsError, match="--force"):
            export(ds, tmp_path, format=fmt)  # type: ignore[arg-type]
        assert [last] == [p.name for p in tmp_path.iterdir()]
        assert "mine" == (tmp_path / last).read_text(encoding="utf-8")

    def test_overwrites_when_asked(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """With overwrite=True the files are replaced by the export."""
        (tmp_path / "events.csv").write_text("mine", encoding="utf-8")
        export(ds, tmp_path, format="csv", overwrite=True)
        assert render(ds, "csv")["events.csv"] == (tmp_path / "events.csv").read_bytes()

    def test_refuses_a_file_as_the_folder(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """An output path that is a file is refused, and the file is left alone."""
        target = tmp_path / "out"
        target.write_text("a file", encoding="utf-8")
        with pytest.raises(NotADirectoryError, match="not a folder"):
            export(ds, target, format="csv", overwrite=True)
        assert "a file" == target.read_text(encoding="utf-8")

    def test_an_interrupted_export_leaves_no_half_written_file(
        self, ds: cs.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A write failing halfway through the second file leaves the first whole and nothing else."""
        real_fdopen = os.fdopen
        opened: list[int] = []

        class HalfWriter:
            """A file handle that writes half of what it is given, then fails."""

            def __init__(self, handle: Any) -> None:
                self.handle = handle

            def __enter__(self) -> Self:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def write(self, data: bytes) -> int:
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                raise OSError(28, "No space left on device")

        def failing_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            opened.append(fd)
            handle = real_fdopen(fd, *args, **kwargs)
            return handle if len(opened) == 1 else HalfWriter(handle)

        out = tmp_path / "out"
        with monkeypatch.context() as patch:
            patch.setattr(os, "fdopen", failing_fdopen)
            with pytest.raises(OSError, match="No space left"):
                export(ds, out, format="datapackage")
        files = render(ds, "datapackage")
        first = next(iter(files))
        assert 2 == len(opened)
        assert [first] == sorted(p.name for p in out.iterdir())
        assert files[first] == (out / first).read_bytes()

    def test_a_failed_rename_leaves_no_temporary_file(
        self, ds: cs.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failure at the rename of the third file leaves two whole files and no temporary one."""
        real_replace = os.replace
        calls: list[str] = []

        def failing_replace(source: Any, target: Any) -> None:
            calls.append(str(target))
            if len(calls) == 3:
                raise OSError(5, "Input/output error")
            real_replace(source, target)

        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", failing_replace)
            with pytest.raises(OSError, match="Input/output"):
                export(ds, tmp_path, format="csv")
        files = render(ds, "csv")
        assert CSV_FILES[:2] == sorted((p.name for p in tmp_path.iterdir()), key=CSV_FILES.index)
        assert [files[n] for n in CSV_FILES[:2]] == [(tmp_path / n).read_bytes() for n in CSV_FILES[:2]]

    def test_unknown_format(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """An unknown format is a ValueError naming the formats, and writes nothing."""
        with pytest.raises(ValueError, match="datapackage"):
            export(ds, tmp_path / "out", format="xlsx")  # type: ignore[arg-type]
        assert [] == list(tmp_path.iterdir())
