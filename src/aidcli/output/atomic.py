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
def replacing(path: str | os.PathLike[str], replace: bool = True) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed onto `path` when the block ends
    without an exception, removed otherwise (the exception goes on). With replace=False (no
    --force) a name made while the file was written is not replaced: FileExistsError."""
    with replacing_all([path], replace) as (tmp,):
        yield tmp


@contextlib.contextmanager
def replacing_all(paths: list[str | os.PathLike[str]], replace: bool = True) -> Iterator[list[Path]]:
    """Temporary paths beside each of `paths`, renamed into place together when the block ends
    without an exception: the files are whole or not at all, and a set of them (a database and its
    metadata) all or none. Signals wait while they are renamed; a rename that fails undoes the ones
    before it."""
    import tempfile

    targets = [Path(p) for p in paths]
    temps: list[Path] = []
    try:
        for target in targets:
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            os.close(fd)
            temps.append(Path(name))
        yield temps
        with _signals_held():
            done: list[Path] = []
            try:
                for tmp, target in zip(temps, targets, strict=True):
                    os.chmod(tmp, _mode())
                    _rename(tmp, target, replace)
                    done.append(target)
            except BaseException:
                for target in done:
                    with contextlib.suppress(OSError):
                        target.unlink()
                raise
    except BaseException:
        for tmp in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise


def _rename(tmp: Path, target: Path, replace: bool) -> None:
    """rename(2) replaces a link itself, never its target. Without `replace` the new name is made
    by link(2), which fails if the name exists (a file made since --force was checked), then the
    temporary name goes; where links are not supported, the name is checked once more."""
    if replace:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target, follow_symlinks=False)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "made while aidcli wrote it; use --force to replace it") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        if exists(target):
            raise FileExistsError(errno.EEXIST, "made while aidcli wrote it; use --force to replace it") from None
        os.replace(tmp, target)
        return
    tmp.unlink()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP held back for the few renames that make a set of files whole."""
    import signal

    held = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}
    try:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # no sigmask here (Windows)
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


# A write that failed for lack of room or a broken device: not the user's mistake in typing.
DEVICE_ERRORS = frozenset(getattr(errno, n) for n in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EROFS") if hasattr(errno, n))


def write_error(path: str | os.PathLike[str], exc: OSError):
    """The one-line error of a failed write: OutputError (exit 1) when the disk or device failed,
    UsageError (exit 2) when the path cannot be written (no such folder, no permission)."""
    from aidcli.model.errors import OutputError, UsageError

    kind = OutputError if exc.errno in DEVICE_ERRORS else UsageError
    if isinstance(exc, FileExistsError):
        return UsageError(f"{os.fspath(path)} exists: {exc.strerror}")
    return kind(f"cannot write {os.fspath(path)}: {exc.strerror or exc}")
