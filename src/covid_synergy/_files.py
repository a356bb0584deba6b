"""Writing a set of files into a folder: whole or not at all, never overwriting unless asked.

Two ways, chosen by whether the folder exists:

- A new folder is written beside its target, under a hidden name, and
  renamed into place once every file is on disk: it appears complete or
  not at all. A folder that another writer put there first is not
  replaced (the rename fails) and the write is made again, into it.
- Into an existing folder, every file is first written to a temporary file
  beside its target; then, while an exclusive lock on the folder is held,
  the targets are checked and each temporary file is put in place: renamed
  over its target with ``overwrite`` (an existing file keeps its mode),
  else linked to its name, which fails if a file of that name has
  appeared since. Two writers into one folder take turns.

New files and folders get the mode a plain ``open(..., "w")`` or
``mkdir`` gives them (the umask decides). The promises are for POSIX
systems; on Windows, which has no folder locks, each file is still whole
but two writers into one existing folder may interleave.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Final

__all__ = ["write_files"]

#: Suffix of the temporary files and folders a write makes beside its targets.
TEMPORARY: Final = ".tmp"
#: How many times a write starts again when a new folder appears where it was about to create one.
_ATTEMPTS: Final = 3
#: Errors that say a file system cannot make hard links.
_NO_LINKS: Final = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS, errno.EXDEV})


def write_files(folder: str | os.PathLike[str], contents: Mapping[str, bytes], *, overwrite: bool) -> list[Path]:
    """Write ``contents`` (file name to bytes) into ``folder``; return the paths written.

    The folder is created if need be (with its parents); a path that is
    something else than a folder raises :class:`NotADirectoryError`, and an
    empty path :class:`ValueError`. Unless ``overwrite``, any existing file
    among the targets raises :class:`FileExistsError` and nothing is
    written; that holds at the moment each file is put in place, not only
    before. On any failure, no file of this write is left behind and (but
    with ``overwrite``, whose replaced files are replaced) none is changed.
    """
    from ._codec._rules import show_path  # noqa: PLC0415

    if not os.fspath(folder):
        msg = 'the output folder is an empty path; pass "." for the current folder'
        raise ValueError(msg)
    root = Path(folder)
    for _attempt in range(_ATTEMPTS):
        try:
            info = root.stat()
        except FileNotFoundError:
            if root.is_symlink():
                msg = f"{show_path(root)} is a symbolic link to nothing; will not write through it"
                raise FileExistsError(msg) from None
            written = _write_new(root, contents)
            if written is not None:
                return written
            continue  # another writer made the folder first: write into it
        if not stat.S_ISDIR(info.st_mode):
            msg = f"{show_path(root)} exists and is not a folder"
            raise NotADirectoryError(msg)
        return _write_into(root, contents, overwrite=overwrite)
    msg = f"{show_path(root)} keeps appearing and disappearing; try again"
    raise FileExistsError(msg)


def _temporary_name(name: str) -> str:
    return f".{name}.{os.urandom(6).hex()}{TEMPORARY}"


def _write_new(root: Path, contents: Mapping[str, bytes]) -> list[Path] | None:
    """Write a new folder beside ``root`` and rename it into place; ``None`` if ``root`` appeared meanwhile."""
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = root.parent / _temporary_name(root.name)
    staging.mkdir()  # the umask decides its mode, as for any new folder
    try:
        with _folder(staging) as handle:
            for name, data in contents.items():
                _write(handle, name, data)
            handle.sync()
        try:
            staging.rename(root)  # POSIX replaces only an empty folder, and never a file or a link
        except OSError as exc:
            if exc.errno not in {errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR}:
                raise
            _remove(staging, contents)  # another writer's folder is there now
            return None
    except BaseException:
        _remove(staging, contents)
        raise
    with _folder(root.parent) as parent:
        parent.sync()
    return [root / name for name in contents]


def _write_into(root: Path, contents: Mapping[str, bytes], *, overwrite: bool) -> list[Path]:
    """Write into the existing folder ``root``: all files staged, then put in place under its lock."""
    with _folder(root) as handle:
        staged: dict[str, str] = {}
        placed: list[str] = []
        try:
            for name, data in contents.items():
                staged[name] = _temporary_name(name)
                _write(handle, staged[name], data)
            with handle.locked():
                modes = {name: handle.mode(name) for name in contents}
                _check_targets(root, modes, overwrite=overwrite)
                for name, temporary in list(staged.items()):
                    mode = modes[name]
                    if mode is None:
                        handle.link(temporary, name)  # fails if the name was taken since
                        placed.append(name)
                    else:
                        if stat.S_ISREG(mode):
                            handle.chmod(temporary, stat.S_IMODE(mode))  # an existing file keeps its mode
                        handle.replace(temporary, name)
                    del staged[name]
                handle.sync()
        except BaseException:
            for temporary in staged.values():
                handle.unlink(temporary)
            for name in placed:  # new files of this write only: nothing of anyone else's
                handle.unlink(name)
            raise
    return [root / name for name in contents]


def _check_targets(root: Path, modes: Mapping[str, int | None], *, overwrite: bool) -> None:
    """Refuse targets that exist (unless ``overwrite``) and folders where files go."""
    from ._codec._rules import show_path  # noqa: PLC0415

    taken = [name for name, mode in modes.items() if mode is not None]
    if taken and not overwrite:
        listed = ", ".join(show_path(root / name) for name in taken)
        msg = f"will not overwrite {listed} (pass overwrite=True / --force)"
        raise FileExistsError(msg)
    folders = [name for name in taken if stat.S_ISDIR(modes[name] or 0)]
    if folders:
        listed = ", ".join(show_path(root / name) for name in folders)
        msg = f"will not replace {listed}: a folder, not a file"
        raise IsADirectoryError(msg)


def _remove(staging: Path, contents: Mapping[str, bytes]) -> None:
    """Remove a staging folder and the files this write put in it."""
    for name in contents:
        (staging / name).unlink(missing_ok=True)
    staging.rmdir()


class _Folder:
    """An open folder: files in it are opened, renamed and linked through it (POSIX's
    ``dir_fd``), so that they stay in this folder even if its path is renamed or
    replaced meanwhile. Where the platform cannot, by path.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        if _DIR_FD:
            self.fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)

    def _where(self, name: str) -> tuple[str | Path, int | None]:
        return (name, self.fd) if self.fd is not None else (self.path / name, None)

    def open(self, name: str, flags: int) -> int:
        where, fd = self._where(name)
        return os.open(where, flags, 0o666, dir_fd=fd)  # the umask decides the mode

    def mode(self, name: str) -> int | None:
        """The mode of ``name`` (not following a symbolic link), or ``None`` if there is none."""
        where, fd = self._where(name)
        try:
            return os.stat(where, dir_fd=fd, follow_symlinks=False).st_mode
        except FileNotFoundError:
            return None

    def chmod(self, name: str, mode: int) -> None:
        where, fd = self._where(name)
        os.chmod(where, mode, dir_fd=fd)

    def replace(self, source: str, target: str) -> None:
        (old, fd), (new, _) = self._where(source), self._where(target)
        os.replace(old, new, src_dir_fd=fd, dst_dir_fd=fd)

    def link(self, source: str, target: str) -> None:
        """Give the file ``source`` the name ``target`` if no file has it, and drop ``source``."""
        (old, fd), (new, _) = self._where(source), self._where(target)
        try:
            os.link(old, new, src_dir_fd=fd, dst_dir_fd=fd, follow_symlinks=False)
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            # No hard links here: check, then rename (which would replace), under the lock.
            if self.mode(target) is not None:
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(self.path / target)) from None
            os.rename(old, new, src_dir_fd=fd, dst_dir_fd=fd)
            return
        self.unlink(source)

    def unlink(self, name: str) -> None:
        where, fd = self._where(name)
        with suppress(FileNotFoundError):
            os.unlink(where, dir_fd=fd)

    def sync(self) -> None:
        """Make the folder's entries durable (where folders can be synced)."""
        if self.fd is not None:
            os.fsync(self.fd)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold an exclusive lock on the folder (``flock``), waiting for it if another writer has it."""
        if self.fd is None or _fcntl is None:
            yield
            return
        try:
            _fcntl.flock(self.fd, _fcntl.LOCK_EX)
        except OSError as exc:  # a file system that cannot lock (some network ones): go on without
            if exc.errno not in {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EBADF, errno.EINVAL}:
                raise
            yield
            return
        try:
            yield
        finally:
            _fcntl.flock(self.fd, _fcntl.LOCK_UN)


try:
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows has no fcntl
    _fcntl = None  # type: ignore[assignment]

#: Whether files can be handled through an open folder (POSIX), else by path (Windows).
#: (``os.replace`` takes ``dir_fd`` wherever ``os.rename`` does, but is not listed.)
_DIR_FD: bool = {os.open, os.stat, os.link, os.rename, os.unlink, os.chmod} <= os.supports_dir_fd


@contextmanager
def _folder(path: Path) -> Iterator[_Folder]:
    handle = _Folder(path)
    try:
        yield handle
    finally:
        handle.close()


#: How a file is created: new (never an existing one), for writing, binary.
_CREATE: Final = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _write(folder: _Folder, name: str, data: bytes) -> None:
    """Write ``data`` to a new file ``name`` in ``folder`` and make it durable; on failure, remove it."""
    fd = folder.open(name, _CREATE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        folder.unlink(name)
        raise
