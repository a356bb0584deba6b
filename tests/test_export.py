"""export() and dump(): every format, atomic files, never an overwrite unasked."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any, Self

import pytest

import covid_synergy as cs
from covid_synergy._codec._converter import make_converter
from covid_synergy._compat import files
from covid_synergy._export import FORMATS, export, render, to_json
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

    def test_an_interrupted_export_leaves_nothing(
        self, ds: cs.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A write failing halfway through the second file leaves no folder at all: it appears whole or not."""
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
        assert 2 == len(opened)
        assert [] == list(tmp_path.iterdir())

    def test_a_failed_rename_into_an_existing_folder_changes_nothing(
        self, ds: cs.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failure putting the third file in place takes back the first two and leaves no temporary file."""
        real_link = os.link
        calls: list[str] = []

        def failing_link(source: Any, target: Any, **kwargs: Any) -> None:
            calls.append(str(target))
            if len(calls) == 3:
                raise OSError(5, "Input/output error")
            real_link(source, target, **kwargs)

        (tmp_path / "mine.txt").write_text("mine", encoding="utf-8")
        with monkeypatch.context() as patch:
            patch.setattr(os, "link", failing_link)
            with pytest.raises(OSError, match="Input/output"):
                export(ds, tmp_path, format="csv")
        assert CSV_FILES[:3] == calls
        assert ["mine.txt"] == [p.name for p in tmp_path.iterdir()]

    def test_an_empty_path_is_refused(self, ds: cs.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """export(ds, "") does not write into the current folder."""
        monkeypatch.chdir(tmp_path)
        with pytest.raises(ValueError, match="empty path"):
            cs.dump(ds, "")
        assert [] == list(tmp_path.iterdir())

    def test_modes_follow_the_umask_and_force_keeps_them(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """New files get the umask's mode (not 0600); an overwritten file keeps its own."""
        old = os.umask(0o022)
        try:
            export(ds, tmp_path / "out", format="csv")
            (tmp_path / "out" / "aid.csv").chmod(0o640)
            export(ds, tmp_path / "out", format="csv", overwrite=True)
        finally:
            os.umask(old)
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").iterdir()}
        assert {**dict.fromkeys(CSV_FILES, 0o644), "aid.csv": 0o640} == modes

    def test_unknown_format(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """An unknown format is a ValueError naming the formats, and writes nothing."""
        with pytest.raises(ValueError, match="datapackage"):
            export(ds, tmp_path / "out", format="xlsx")  # type: ignore[arg-type]
        assert [] == list(tmp_path.iterdir())


#: Loads a dataset, says so, waits for a line on stdin, then dumps it (with overwrite if asked).
_DUMPER = """
import sys
import covid_synergy as cs
ds = cs.load() if sys.argv[2] == "packaged" else cs.load_path(sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()
cs.dump(ds, sys.argv[1], overwrite=sys.argv[3] == "1")
print("done", flush=True)
"""

#: Waits until a moment, then runs the command line's export.
_EXPORTER = """
import sys, time
from covid_synergy._cli import main
start = float(sys.argv[1])
while time.time() < start:
    time.sleep(0.001)
sys.exit(main(sys.argv[2:]))
"""


class _Dumper:
    """A process that dumps a dataset when told to, to be killed at any moment."""

    def __init__(self, target: Path, source: str, *, overwrite: bool) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter
            [sys.executable, "-c", _DUMPER, str(target), source, "1" if overwrite else "0"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        assert "ready\n" == self.stdout.readline()

    def go(self) -> float:
        """Tell it to dump; return the moment it was told."""
        import time  # noqa: PLC0415

        self.stdin.write("go\n")
        self.stdin.flush()
        return time.perf_counter()

    def finish(self) -> None:
        """Wait for it to end by itself."""
        assert "done\n" == self.stdout.readline()
        self.process.wait(timeout=60)
        self.stdin.close()
        self.stdout.close()

    def kill(self) -> None:
        """Kill it (SIGKILL: no clean-up of any kind) and wait for it."""
        self.process.kill()
        self.process.wait(timeout=60)
        self.stdin.close()
        self.stdout.close()


def _leftovers(folder: Path, name: str) -> list[Path]:
    """The hidden staging folders and temporary files a killed write may leave beside or in its target."""
    return [p for p in folder.iterdir() if p.name.startswith(f".{name}.") and p.name.endswith(".tmp")]


@pytest.mark.slow
class TestKilledWriters:
    """A writer killed at random moments never leaves a half-written or mixed dataset."""

    KILLS = 20

    def calibrate(self, tmp_path: Path, source: str) -> float:
        """Seconds an uninterrupted dump takes, from the moment it is told to go."""
        import time  # noqa: PLC0415

        target = tmp_path / "calibration"
        dumper = _Dumper(target, source, overwrite=False)
        started = dumper.go()
        dumper.finish()
        return time.perf_counter() - started

    def test_a_new_folder_is_whole_or_absent(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """Killed at 20 random moments, a dump into a new folder leaves it absent or complete and equal."""
        import random  # noqa: PLC0415
        import shutil  # noqa: PLC0415
        import time  # noqa: PLC0415

        window = self.calibrate(tmp_path, "packaged") * 1.5
        chance = random.Random(13)  # noqa: S311 - moments, not secrets
        outcomes = []
        for _ in range(self.KILLS):
            target = tmp_path / "out"
            dumper = _Dumper(target, "packaged", overwrite=False)
            started = dumper.go()
            time.sleep(max(0.0, started + chance.uniform(0, window) - time.perf_counter()))
            dumper.kill()
            if target.exists():
                assert sorted(to_json(ds)) == sorted(p.name for p in target.iterdir())
                assert ds == cs.load_path(target)
                outcomes.append("whole")
                shutil.rmtree(target)
            else:
                outcomes.append("absent")
            for leftover in _leftovers(tmp_path, "out"):
                shutil.rmtree(leftover)
            assert [] == [p.name for p in tmp_path.iterdir() if p.name not in {"calibration", "out"}]
        assert self.KILLS == len(outcomes)

    def test_replaced_files_are_each_whole(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """Killed at 20 random moments, a dump with overwrite leaves every file whole: the old one or the new."""
        import random  # noqa: PLC0415
        import time  # noqa: PLC0415

        other = tmp_path / "other"
        cs.dump(ds, other)
        events = json.loads((other / "events.json").read_text(encoding="utf-8"))
        events[0]["summary"] = "A summary only the other dataset has."
        (other / "events.json").write_text(json.dumps(events), encoding="utf-8")
        old = to_json(ds)
        new = to_json(cs.load_path(other))
        window = self.calibrate(tmp_path, str(other)) * 1.5
        chance = random.Random(31)  # noqa: S311 - moments, not secrets
        target = tmp_path / "out"
        for _ in range(self.KILLS):
            cs.dump(ds, target, overwrite=True)
            dumper = _Dumper(target, str(other), overwrite=True)
            started = dumper.go()
            time.sleep(max(0.0, started + chance.uniform(0, window) - time.perf_counter()))
            dumper.kill()
            for name in old:
                assert (target / name).read_bytes() in {old[name], new[name]}, name
            for leftover in _leftovers(target, ""):
                leftover.unlink()
            assert sorted(old) == sorted(p.name for p in target.iterdir() if not p.name.startswith("."))


class TestConcurrentExports:
    """Two command-line exports into one folder at the same moment."""

    def run_two(self, *args: str) -> list[int]:
        """Start two exports with ``args`` at one moment; their exit statuses."""
        import time  # noqa: PLC0415

        start = str(time.time() + 1.0)
        processes = [
            subprocess.Popen(  # noqa: S603 - our own interpreter
                [sys.executable, "-c", _EXPORTER, start, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for _ in range(2)
        ]
        for p in processes:
            p.communicate(timeout=120)
        return sorted(p.returncode for p in processes)

    def test_one_writes_the_other_is_refused(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """Without --force, one export writes the folder and the other fails (1); the folder is one dataset."""
        out = tmp_path / "out"
        assert [0, 1] == self.run_two("export", "--format", "json", str(out))
        assert ds == cs.load_path(out)
        assert ["out"] == [p.name for p in tmp_path.iterdir()]

    def test_with_force_both_write_in_turn(self, ds: cs.Dataset, tmp_path: Path) -> None:
        """With --force into an existing folder, both exports succeed, one after the other."""
        out = tmp_path / "out"
        out.mkdir()
        assert [0, 0] == self.run_two("export", "--format", "json", "--force", str(out))
        assert ds == cs.load_path(out)
        assert sorted(to_json(ds)) == sorted(p.name for p in out.iterdir())
