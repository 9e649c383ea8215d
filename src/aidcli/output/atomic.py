"""Files written whole or not at all: into a temporary file beside the target, renamed into
place once complete. On any failure (a full disk, a bug, Ctrl-C) the temporary file is removed and
the target is as it was. Light: no pandas.

A target that is a symbolic link (dangling or not) is replaced by the new file: the link goes,
its target is never written through (as mv, sed -i and most editors do). Whether an existing
name may be replaced at all (--force) is the caller's to decide.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path


def exists(path: str | os.PathLike[str]) -> bool:
    """Whether the name is taken: a file, a folder, or a symbolic link even when it dangles."""
    return os.path.lexists(path)


def _mode() -> int:
    """The mode open() would give a new file: 0o666 less the umask (mkstemp gives 0o600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed onto `path` when the block ends
    without an exception, removed otherwise (the exception goes on)."""
    import tempfile

    target = Path(path)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, _mode())
        os.replace(tmp, target)  # rename(2) replaces a link itself, never its target
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


# A write that failed for lack of room or a broken device: not the user's mistake in typing.
DEVICE_ERRORS = frozenset(getattr(errno, n) for n in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EROFS") if hasattr(errno, n))


def write_error(path: str | os.PathLike[str], exc: OSError):
    """The one-line error of a failed write: OutputError (exit 1) when the disk or device failed,
    UsageError (exit 2) when the path cannot be written (no such folder, no permission)."""
    from aidcli.model.errors import OutputError, UsageError

    kind = OutputError if exc.errno in DEVICE_ERRORS else UsageError
    return kind(f"cannot write {os.fspath(path)}: {exc.strerror or exc}")
