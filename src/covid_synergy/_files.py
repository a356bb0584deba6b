"""Writing files atomically into a folder, never overwriting unless asked."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["write_files"]


def write_files(folder: str | os.PathLike[str], contents: Mapping[str, bytes], *, overwrite: bool) -> list[Path]:
    """Write ``contents`` (file name to bytes) into ``folder``; return the paths written.

    The folder is created if need be; a path that is a file raises
    :class:`NotADirectoryError`. Unless ``overwrite``, an existing file
    raises :class:`FileExistsError` before anything is written. Each file
    goes to a temporary file beside its target and is then renamed over it.
    """
    root = Path(folder)
    if root.exists() and not root.is_dir():
        msg = f"{root} exists and is not a folder"
        raise NotADirectoryError(msg)
    targets = [root / name for name in contents]
    if not overwrite:
        existing = [str(t) for t in targets if t.exists()]
        if existing:
            msg = f"will not overwrite {', '.join(existing)} (pass overwrite=True / --force)"
            raise FileExistsError(msg)
    root.mkdir(parents=True, exist_ok=True)
    for target, data in zip(targets, contents.values(), strict=True):
        _write_atomic(target, data)
    return targets


def _write_atomic(target: Path, data: bytes) -> None:
    import tempfile  # noqa: PLC0415 - only when writing

    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)  # noqa: PTH105
    except BaseException:
        if os.path.exists(temporary):  # noqa: PTH110
            os.unlink(temporary)  # noqa: PTH108
        raise
