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
from typing import BinaryIO, TypeGuard, overload

# The spooled file of each source, and what the user called it (for messages).
SPOOLED: dict[str, str] = {}
_read: dict[str, Path] = {}


# Names of an open descriptor (this process's standard input, a shell's <(...)): they have a writer,
# so reading them never hangs. A named FIFO elsewhere may have none, and a device (/dev/zero) never
# ends: those are left to the loader, which refuses them ("not a regular file").
STDIN_NAMES = ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")
DESCRIPTORS = ("/dev/fd/", "/proc/self/fd/")
LIMIT = 2 << 30  # at most 2 GiB from a pipe: standard input that never ends must not fill the disk


def _is_pipe(path: Path) -> bool:
    """A pipe or socket (not a regular file, a folder or a device)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def from_stdin(path: Path | None) -> TypeGuard[Path]:
    """Whether this dataset path is read from a stream, and so spooled: '-' and the names of
    standard input, and the pipe of a shell's <(...)."""
    if path is None:
        return False
    name = str(path)
    return name in ("-", *STDIN_NAMES) or (name.startswith(DESCRIPTORS) and _is_pipe(path))


@overload
def dataset(path: Path) -> Path: ...
@overload
def dataset(path: None) -> None: ...
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
    return "-" in _read or any(
        os.path.realpath(k) in ("/dev/stdin", "/proc/self/fd/0") or k.endswith("/fd/0") for k in _read
    )


def unread() -> bool:
    """Whether bytes wait on standard input that nothing read: a pipe with data queued, or a
    redirected file not read to its end. Never reads and never waits (a terminal, /dev/null, a
    closed or empty pipe: False)."""
    try:
        fd = sys.stdin.fileno()
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode):
            return os.lseek(fd, 0, os.SEEK_CUR) < info.st_size
        if not stat.S_ISFIFO(info.st_mode):
            return False
        import array
        import fcntl
        import termios

        queued = array.array("i", [0])
        fcntl.ioctl(fd, termios.FIONREAD, queued)
        return queued[0] > 0
    except (OSError, AttributeError, ValueError, ImportError):  # no stdin, a test's buffer, Windows
        return False


def note_unread_pipe() -> None:
    """Said when a run read the packaged dataset while a CSV waited on standard input: a pipe
    is a dataset only with `--data -`."""
    if unread():
        sys.stderr.write(
            "aidcli: note: the packaged dataset was used; standard input was not read (--data - reads a CSV from it)\n"
        )


def _spool(path: Path) -> Path:
    """Copy the stream into a file of a private folder (mode 0700), removed when aidcli exits."""
    import atexit
    import shutil
    import tempfile

    from aidcli.model.errors import DataError

    folder = Path(tempfile.mkdtemp(prefix="aidcli-stdin-"))
    atexit.register(shutil.rmtree, folder, True)
    target = folder / "stdin.csv"
    where = "standard input" if str(path) == "-" else str(path)
    try:
        if str(path) == "-" or str(path) in STDIN_NAMES:
            source = sys.stdin.buffer if sys.stdin is not None else None
            if source is None:
                raise ValueError("standard input is closed")
            _refuse_a_device(source, where)
            _copy(source, target, where)
        else:
            with open(path, "rb") as source:
                _copy(source, target, where)
    except (OSError, ValueError, AttributeError) as exc:
        raise DataError(f"cannot read the dataset from {where} ({exc})") from None
    return target


def _refuse_a_device(source: BinaryIO, where: str) -> None:
    """A terminal (nothing piped in) or a device (< /dev/zero) is not a CSV: one line, no waiting."""
    from aidcli.model.errors import DataError, UsageError

    try:
        mode = os.fstat(source.fileno()).st_mode
    except (OSError, AttributeError, ValueError):  # a test's buffer: read it
        return
    if source.isatty():
        raise UsageError(f"--data -: {where} is a terminal; pipe a CSV in (cat my.csv | aidcli --data - ...)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise DataError(f"{where} is not a regular file or a pipe (a device); give a CSV file")


def _copy(source: BinaryIO, target: Path, where: str) -> None:
    from aidcli.model.errors import DataError

    copied = 0
    with target.open("wb") as out:
        while chunk := source.read(1 << 20):
            copied += len(chunk)
            if copied > LIMIT:
                raise DataError(f"more than {LIMIT >> 30} GiB on {where}; save it to a file and give its path")
            out.write(chunk)


def replace_spools(message: str) -> str:
    """A message with every spooled path named as the user named it."""
    for spool, name in SPOOLED.items():
        message = message.replace(spool, name)
    return message
