"""A dataset read from standard input (`--data -`, `validate -`) or from a pipe named as a file
(`--data /dev/stdin`, `<(...)`): spooled once into a private temporary file, removed at exit,
whose path the loading code reads as any other file (it reads a file more than once: a pipe
read once is empty the second time). Errors name what the user typed, not the spool. Light:
no pandas."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

# The spooled file of each source, and what the user called it (for messages).
SPOOLED: dict[str, str] = {}
_read: dict[str, Path] = {}


def _is_stream(path: Path) -> bool:
    """A pipe, a FIFO or a character device (not a regular file, not a folder)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


def from_stdin(path: Path | None) -> bool:
    """Whether this dataset path is read from a stream (and so is spooled)."""
    return path is not None and (str(path) == "-" or _is_stream(path))


def dataset(path: Path | None) -> Path | None:
    """The path the loader reads: `path` itself, or for '-' and a stream its spooled copy."""
    if not from_stdin(path):
        return path
    key = str(path)
    if key not in _read:
        _read[key] = _spool(path)
        SPOOLED[str(_read[key])] = "standard input" if key == "-" else key
    return _read[key]


def shown(path: Path | str | None) -> str:
    """A path as the user typed it: '-' and the spool of standard input are 'standard input'."""
    return "standard input" if str(path) == "-" else SPOOLED.get(str(path), str(path))


def reset() -> None:
    """Forget the spools of an earlier run in this process (a test's runs): each run reads anew."""
    SPOOLED.clear()
    _read.clear()


def used() -> bool:
    """Whether standard input has been read as a dataset (so it cannot also give record ids)."""
    return "-" in _read or any(os.path.realpath(k) in ("/dev/stdin", "/proc/self/fd/0") or k.endswith("/fd/0")
                               for k in _read)


def _spool(path: Path) -> Path:
    """Copy the stream into a file of a private folder (mode 0700), removed when aidcli exits."""
    import atexit
    import shutil
    import tempfile

    from aidcli.errors import DataError

    folder = Path(tempfile.mkdtemp(prefix="aidcli-stdin-"))
    atexit.register(shutil.rmtree, folder, True)
    target = folder / "stdin.csv"
    try:
        if str(path) == "-":
            source = sys.stdin.buffer if sys.stdin is not None else None
            if source is None:
                raise ValueError("standard input is closed")
            with target.open("wb") as out:
                shutil.copyfileobj(source, out, 1 << 20)
        else:
            with open(path, "rb") as source, target.open("wb") as out:
                shutil.copyfileobj(source, out, 1 << 20)
    except (OSError, ValueError, AttributeError) as exc:
        where = "standard input" if str(path) == "-" else str(path)
        raise DataError(f"cannot read the dataset from {where} ({exc})") from None
    return target


def replace_spools(message: str) -> str:
    """A message with every spooled path named as the user named it."""
    for spool, name in SPOOLED.items():
        message = message.replace(spool, name)
    return message
