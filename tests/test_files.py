"""write_files(): a new folder whole or not at all, an existing one under a lock, modes kept."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from covid_synergy import _files
from covid_synergy._files import write_files

CONTENTS = {"a.json": b"[1]\n", "b.json": b"[2]\n", "c.json": b"[3]\n"}
OTHER = {"a.json": b"[7]\n", "b.json": b"[8]\n", "c.json": b"[9]\n"}


def _another_writer_first(monkeypatch: pytest.MonkeyPatch, out: Path, files: dict[str, bytes]) -> None:
    """Make another writer's folder, holding ``files``, appear at ``out`` just before this write renames there."""
    real = Path.rename

    def racing(self: Path, target: Any) -> Any:
        if Path(target) == out and not out.exists():
            out.mkdir()
            for name, data in files.items():
                (out / name).write_bytes(data)
        return real(self, target)

    monkeypatch.setattr(Path, "rename", racing)


def listing(folder: Path) -> dict[str, bytes]:
    """Every entry of a folder (hidden ones too) with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def umask() -> Iterator[int]:
    """A umask of 027 for the test, restored after."""
    old = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(old)


class TestNewFolder:
    """A folder that does not exist is written beside its target and renamed into place."""

    def test_written_whole_with_nothing_else(self, tmp_path: Path) -> None:
        """The folder holds exactly the files; its parent holds exactly the folder."""
        out = tmp_path / "deep" / "out"
        assert [out / n for n in CONTENTS] == write_files(out, CONTENTS, overwrite=False)
        assert CONTENTS == listing(out)
        assert ["out"] == [p.name for p in (tmp_path / "deep").iterdir()]

    def test_modes_are_the_umasks(self, tmp_path: Path, umask: int) -> None:
        """New files get 0666 and the new folder 0777, less the umask, as open() and mkdir() give."""
        out = tmp_path / "out"
        write_files(out, CONTENTS, overwrite=False)
        assert 0o777 & ~umask == stat.S_IMODE(out.stat().st_mode)
        assert {0o666 & ~umask} == {stat.S_IMODE((out / n).stat().st_mode) for n in CONTENTS}

    def test_a_failed_write_leaves_nothing(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A disk that fills up on the second file leaves neither the folder nor its staging one."""
        real = os.fdopen
        opened: list[int] = []

        def filling(fd: int, *args: Any, **kwargs: Any) -> Any:
            opened.append(fd)
            if len(opened) == 2:
                os.close(fd)
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(fd, *args, **kwargs)

        monkeypatch.setattr(os, "fdopen", filling)
        with pytest.raises(OSError, match="No space left"):
            write_files(tmp_path / "out", CONTENTS, overwrite=False)
        assert [] == list(tmp_path.iterdir())

    def test_a_folder_that_appears_meanwhile_is_written_into(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If another writer's folder takes the name first, the rename fails and the write goes into it."""
        out = tmp_path / "out"
        _another_writer_first(monkeypatch, out, {"theirs.json": b"{}"})
        write_files(out, CONTENTS, overwrite=False)
        assert {"theirs.json": b"{}", **CONTENTS} == listing(out)
        assert ["out"] == [p.name for p in tmp_path.iterdir()]

    def test_files_that_appear_meanwhile_are_not_overwritten(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If another writer's folder with the same files takes the name first, this write is refused."""
        out = tmp_path / "out"
        _another_writer_first(monkeypatch, out, OTHER)
        with pytest.raises(FileExistsError, match="will not overwrite"):
            write_files(out, CONTENTS, overwrite=False)
        assert OTHER == listing(out)
        assert ["out"] == [p.name for p in tmp_path.iterdir()]

    def test_a_name_that_keeps_coming_and_going(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A target that always appears at the rename and is gone again after gives up, leaving nothing."""

        def flickering(_self: Path, _target: Any) -> Any:
            raise OSError(errno.ENOTEMPTY, "Directory not empty")

        monkeypatch.setattr(Path, "rename", flickering)
        with pytest.raises(FileExistsError, match="keeps appearing"):
            write_files(tmp_path / "out", CONTENTS, overwrite=False)
        assert [] == list(tmp_path.iterdir())

    def test_another_rename_failure_is_raised(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A rename failing for another reason raises it, and leaves nothing."""

        def failing(_self: Path, _target: Any) -> Any:
            raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr(Path, "rename", failing)
        with pytest.raises(OSError, match="Input/output"):
            write_files(tmp_path / "out", CONTENTS, overwrite=False)
        assert [] == list(tmp_path.iterdir())


class TestExistingFolder:
    """Into a folder that exists: staged, checked and put in place under its lock."""

    def test_other_files_are_left_alone(self, tmp_path: Path) -> None:
        """Files of other names stay; nothing else is left behind."""
        (tmp_path / "mine.txt").write_bytes(b"mine")
        write_files(tmp_path, CONTENTS, overwrite=False)
        assert {"mine.txt": b"mine", **CONTENTS} == listing(tmp_path)

    def test_an_existing_file_stops_everything(self, tmp_path: Path) -> None:
        """One target that exists: nothing is written, the file is untouched, and the message names it."""
        (tmp_path / "b.json").write_bytes(b"mine")
        with pytest.raises(FileExistsError, match=r"b\.json \(pass overwrite=True / --force\)"):
            write_files(tmp_path, CONTENTS, overwrite=False)
        assert {"b.json": b"mine"} == listing(tmp_path)

    def test_overwrite_replaces_and_keeps_modes(self, tmp_path: Path, umask: int) -> None:
        """With overwrite, each file is replaced; an existing one keeps its mode, a new one gets the umask's."""
        (tmp_path / "a.json").write_bytes(b"old")
        (tmp_path / "a.json").chmod(0o640)
        (tmp_path / "b.json").write_bytes(b"old")
        (tmp_path / "b.json").chmod(0o604)
        write_files(tmp_path, CONTENTS, overwrite=True)
        assert CONTENTS == listing(tmp_path)
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
        assert {"a.json": 0o640, "b.json": 0o604, "c.json": 0o666 & ~umask} == modes

    def test_without_overwrite_modes_are_not_touched(self, tmp_path: Path) -> None:
        """A refused write changes no mode."""
        (tmp_path / "a.json").write_bytes(b"old")
        (tmp_path / "a.json").chmod(0o644)
        with pytest.raises(FileExistsError):
            write_files(tmp_path, CONTENTS, overwrite=False)
        assert 0o644 == stat.S_IMODE((tmp_path / "a.json").stat().st_mode)

    def test_a_symbolic_link_is_replaced_not_followed(self, tmp_path: Path) -> None:
        """With overwrite, a link among the targets is replaced by a file; what it pointed at is untouched."""
        (tmp_path / "elsewhere").write_bytes(b"keep")
        (tmp_path / "a.json").symlink_to(tmp_path / "elsewhere")
        write_files(tmp_path, CONTENTS, overwrite=True)
        assert (b"keep", False) == ((tmp_path / "elsewhere").read_bytes(), (tmp_path / "a.json").is_symlink())

    def test_a_folder_is_never_replaced(self, tmp_path: Path) -> None:
        """A folder where a file goes is refused even with overwrite, and nothing is written."""
        (tmp_path / "c.json").mkdir()
        with pytest.raises(IsADirectoryError, match="a folder, not a file"):
            write_files(tmp_path, CONTENTS, overwrite=True)
        assert ["c.json"] == [p.name for p in tmp_path.iterdir()]

    def test_a_file_that_appears_before_its_turn(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file made by someone else after the check is not overwritten, and this write's files are taken back."""
        real = os.link

        def racing(source: Any, target: Any, **kwargs: Any) -> None:
            if target == "c.json":
                (tmp_path / "c.json").write_bytes(b"theirs")
            real(source, target, **kwargs)

        monkeypatch.setattr(os, "link", racing)
        with pytest.raises(FileExistsError):
            write_files(tmp_path, CONTENTS, overwrite=False)
        assert {"c.json": b"theirs"} == listing(tmp_path)

    @pytest.mark.parametrize("code", [errno.EPERM, errno.EOPNOTSUPP])
    def test_a_file_system_without_links(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
        """Where hard links cannot be made, files are renamed in after a check, still never over a file."""

        def no_links(*_args: Any, **_kwargs: Any) -> None:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(os, "link", no_links)
        write_files(tmp_path, CONTENTS, overwrite=False)
        assert CONTENTS == listing(tmp_path)
        with pytest.raises(FileExistsError):
            write_files(tmp_path, OTHER, overwrite=False)
        assert CONTENTS == listing(tmp_path)

    def test_without_links_a_late_file_is_still_not_overwritten(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without hard links, a file that appears after the first check is found by the second."""
        real_stat = os.stat
        calls: list[str] = []

        def no_links(*_args: Any, **_kwargs: Any) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        def late(path: Any, *args: Any, **kwargs: Any) -> Any:
            if path == "b.json":
                calls.append(path)
                if len(calls) == 2:  # the second look, just before the rename
                    (tmp_path / "b.json").write_bytes(b"theirs")
            return real_stat(path, *args, **kwargs)

        monkeypatch.setattr(os, "link", no_links)
        monkeypatch.setattr(os, "stat", late)
        with pytest.raises(FileExistsError):
            write_files(tmp_path, CONTENTS, overwrite=False)
        assert {"b.json": b"theirs"} == listing(tmp_path)

    def test_another_link_failure_is_raised(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A link failing for another reason raises it and takes back what was written."""

        def failing(*_args: Any, **_kwargs: Any) -> None:
            raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr(os, "link", failing)
        with pytest.raises(OSError, match="Input/output"):
            write_files(tmp_path, CONTENTS, overwrite=False)
        assert [] == list(tmp_path.iterdir())

    def test_a_failed_staging_write_leaves_nothing(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A disk that fills up while staging leaves the folder as it was."""
        (tmp_path / "mine.txt").write_bytes(b"mine")
        real = os.fdopen
        opened: list[int] = []

        def filling(fd: int, *args: Any, **kwargs: Any) -> Any:
            opened.append(fd)
            handle = real(fd, *args, **kwargs)
            if len(opened) == 3:
                handle.close()
                raise OSError(errno.ENOSPC, "No space left on device")
            return handle

        monkeypatch.setattr(os, "fdopen", filling)
        with pytest.raises(OSError, match="No space left"):
            write_files(tmp_path, CONTENTS, overwrite=True)
        assert {"mine.txt": b"mine"} == listing(tmp_path)

    def test_a_write_that_fails_partway_removes_the_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file whose write fails halfway is removed, and so are the others staged."""
        real = os.fsync
        calls: list[int] = []

        def failing(fd: int) -> None:
            calls.append(fd)
            if len(calls) == 2:
                raise OSError(errno.EIO, "Input/output error")
            real(fd)

        monkeypatch.setattr(os, "fsync", failing)
        with pytest.raises(OSError, match="Input/output"):
            write_files(tmp_path, CONTENTS, overwrite=False)
        assert [] == list(tmp_path.iterdir())


def listing_names(folder: Path) -> list[str]:
    """The names in a folder."""
    return [p.name for p in folder.iterdir()]


class TestRefusals:
    """Paths that are not folders to write into."""

    def test_an_empty_path(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """An empty path is refused, not taken for the current folder."""
        monkeypatch.chdir(tmp_path)
        with pytest.raises(ValueError, match=r'empty path; pass "\." for the current folder'):
            write_files("", CONTENTS, overwrite=True)
        assert [] == list(tmp_path.iterdir())

    def test_a_file(self, tmp_path: Path) -> None:
        """A file as the folder is refused and left alone."""
        (tmp_path / "out").write_bytes(b"a file")
        with pytest.raises(NotADirectoryError, match="exists and is not a folder"):
            write_files(tmp_path / "out", CONTENTS, overwrite=True)
        assert b"a file" == (tmp_path / "out").read_bytes()

    def test_a_dangling_link(self, tmp_path: Path) -> None:
        """A symbolic link to nothing is not replaced by a folder."""
        (tmp_path / "out").symlink_to(tmp_path / "nowhere")
        with pytest.raises(FileExistsError, match="symbolic link to nothing"):
            write_files(tmp_path / "out", CONTENTS, overwrite=True)
        assert [] == [p for p in tmp_path.iterdir() if not p.is_symlink()]

    def test_a_link_to_a_folder_is_followed(self, tmp_path: Path) -> None:
        """A symbolic link to a folder writes into that folder."""
        (tmp_path / "real").mkdir()
        (tmp_path / "out").symlink_to(tmp_path / "real")
        write_files(tmp_path / "out", CONTENTS, overwrite=False)
        assert CONTENTS == listing(tmp_path / "real")

    def test_a_name_that_is_not_printable(self, tmp_path: Path) -> None:
        """A refusal names the file escaped, on one line."""
        folder = tmp_path / "new\nline"
        folder.mkdir()
        (folder / "a.json").write_bytes(b"x")
        with pytest.raises(FileExistsError) as info:
            write_files(folder, CONTENTS, overwrite=False)
        assert f"will not overwrite {tmp_path}/new\\nline/a.json (pass overwrite=True / --force)" == str(info.value)


class TestPlatforms:
    """The ways that do without what some systems lack: folder handles and folder locks."""

    def test_by_path(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask: int) -> None:
        """Without dir_fd (Windows), writing works by path, with the same results."""
        monkeypatch.setattr(_files, "_DIR_FD", False)
        write_files(tmp_path / "new", CONTENTS, overwrite=False)
        (tmp_path / "new" / "a.json").chmod(0o600)
        write_files(tmp_path / "new", OTHER, overwrite=True)
        with pytest.raises(FileExistsError):
            write_files(tmp_path / "new", CONTENTS, overwrite=False)
        assert OTHER == listing(tmp_path / "new")
        assert 0o600 == stat.S_IMODE((tmp_path / "new" / "a.json").stat().st_mode)
        assert 0o666 & ~umask == stat.S_IMODE((tmp_path / "new" / "b.json").stat().st_mode)

    def test_without_fcntl(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without fcntl (Windows), files are put in place without a lock."""
        monkeypatch.setattr(_files, "_fcntl", None)
        write_files(tmp_path, CONTENTS, overwrite=False)
        assert CONTENTS == listing(tmp_path)

    @pytest.mark.parametrize("code", [errno.ENOLCK, errno.EOPNOTSUPP, errno.EBADF])
    def test_a_file_system_that_cannot_lock(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
        """Where folders cannot be locked (some network file systems), the write goes ahead."""

        def no_locks(_fd: int, _operation: int) -> None:
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(fcntl, "flock", no_locks)
        write_files(tmp_path, CONTENTS, overwrite=False)
        assert CONTENTS == listing(tmp_path)

    def test_another_lock_failure_is_raised(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A lock failing for another reason raises it and leaves the folder as it was."""

        def failing(_fd: int, _operation: int) -> None:
            raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr(fcntl, "flock", failing)
        with pytest.raises(OSError, match="Input/output"):
            write_files(tmp_path, CONTENTS, overwrite=False)
        assert [] == list(tmp_path.iterdir())


class TestLocking:
    """Two writers into one existing folder take turns."""

    def test_the_lock_is_held_while_files_are_put_in_place(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """While one writer puts its files in place, another's lock attempt on the folder fails."""
        seen: list[bool] = []
        real = os.replace

        def probing(source: Any, target: Any, **kwargs: Any) -> None:
            probe = os.open(tmp_path, os.O_RDONLY)
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                seen.append(True)
            else:
                seen.append(False)
            finally:
                os.close(probe)
            real(source, target, **kwargs)

        monkeypatch.setattr(os, "replace", probing)
        write_files(tmp_path, CONTENTS, overwrite=False)
        write_files(tmp_path, OTHER, overwrite=True)
        assert [True, True, True] == seen
        probe = os.open(tmp_path, os.O_RDONLY)
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released after
        finally:
            os.close(probe)

    def test_threads_writing_into_one_folder(self, tmp_path: Path) -> None:
        """Eight threads replacing the same files leave one writer's files, whole."""
        sets = [{name: f"[{i}]\n".encode() * 1000 for name in CONTENTS} for i in range(8)]
        barrier = threading.Barrier(8, timeout=60)
        errors: list[BaseException] = []

        def worker(contents: dict[str, bytes]) -> None:
            try:
                barrier.wait()
                write_files(tmp_path, contents, overwrite=True)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(s,)) for s in sets]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert [] == errors
        assert listing(tmp_path) in sets


WRITER = """
import sys, time
from covid_synergy._files import write_files
folder, value, overwrite, start = sys.argv[1], sys.argv[2], sys.argv[3] == "1", float(sys.argv[4])
contents = {f"{n}.json": (value * 200_000).encode() for n in "abcdef"}
while time.time() < start:
    time.sleep(0.001)
try:
    write_files(folder, contents, overwrite=overwrite)
except FileExistsError:
    print("refused")
else:
    print("written")
"""


def writers(folder: Path, *, overwrite: bool, values: str = "xy") -> list[str]:
    """Start one process per value writing into ``folder`` at the same moment; what each says."""
    import time  # noqa: PLC0415

    start = str(time.time() + 1.0)
    flag = "1" if overwrite else "0"
    processes = [
        subprocess.Popen(  # noqa: S603 - our own interpreter
            [sys.executable, "-c", WRITER, str(folder), value, flag, start], stdout=subprocess.PIPE, text=True
        )
        for value in values
    ]
    said = [p.communicate(timeout=120)[0].strip() for p in processes]
    assert [0] * len(values) == [p.returncode for p in processes]
    return said


class TestProcesses:
    """Writers in separate processes, at the same moment."""

    def test_two_exports_into_one_new_folder(self, tmp_path: Path) -> None:
        """Of two processes writing one new folder without overwrite, one writes and one is refused."""
        out = tmp_path / "out"
        said = writers(out, overwrite=False)
        assert ["refused", "written"] == sorted(said)
        contents = listing(out)
        assert 1 == len(set(contents.values()))
        assert ["out"] == listing_names(tmp_path)

    def test_two_exports_with_overwrite(self, tmp_path: Path) -> None:
        """Of two processes replacing one folder's files, both write, one after the other: never mixed."""
        out = tmp_path / "out"
        out.mkdir()
        said = writers(out, overwrite=True)
        assert ["written", "written"] == said
        assert 1 == len(set(listing(out).values()))
