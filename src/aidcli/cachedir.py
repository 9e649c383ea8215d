"""Where aidcli keeps what it can compute again ($XDG_CACHE_HOME/aidcli, else ~/.cache/aidcli),
and the rules both caches (cache.py's typed columns, known.py's names) share: when they are used,
what identifies the file a cache entry was made from, how an entry is written and opened (only a
regular file of the current user), how large the folder may grow, how it is emptied. Light (no
pandas), so the names cache can use it before any heavy import."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def directory() -> Path:
    """The cache folder: $XDG_CACHE_HOME/aidcli, else ~/.cache/aidcli."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aidcli"


def enabled(cache: bool) -> bool:
    """Whether to use a cache: not with --no-cache (`cache` False) or AIDCLI_NO_CACHE set."""
    return cache and not os.environ.get("AIDCLI_NO_CACHE")


LIMIT = 512 * 1024 * 1024  # bytes the cache folder may hold; the least recently written go first
SUFFIXES = (".npz", ".json", ".tmp")  # what aidcli keeps there (cache clear removes only these)


def file_stamp(path: Path) -> list | None:
    """What identifies a file as it is now: [resolved path, size, mtime_ns, inode, ctime_ns]; None
    when it cannot be read. A cache entry is used only while its file's stamp is unchanged. The
    change time is there because a user can put a modification time back (touch -r) after a
    same-size edit, but not a change time."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]


def open_own(file: Path):  # noqa: ANN201 - an open binary file, or None
    """A cache file opened for reading if it is a regular file of the current user that no one
    else may write (another user's file could hold anything); None otherwise, or when it is missing."""
    import stat

    try:
        fh = open(file, "rb")  # noqa: SIM115 - the caller closes it
    except OSError:
        return None
    try:
        st = os.fstat(fh.fileno())
        mine = not hasattr(os, "getuid") or st.st_uid == os.getuid()
        if stat.S_ISREG(st.st_mode) and mine and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return fh
    except OSError:
        pass
    fh.close()
    return None


def files() -> list[Path]:
    """aidcli's files in the cache folder (nothing else that may sit there)."""
    try:
        return [p for p in directory().iterdir() if p.suffix in SUFFIXES and p.is_file() and not p.is_symlink()]
    except OSError:
        return []


def clear() -> tuple[int, int]:
    """Remove aidcli's cache files: (how many, how many bytes)."""
    count = size = 0
    for p in files():
        try:
            n = p.stat().st_size
            p.unlink()
        except OSError:
            continue
        count, size = count + 1, size + n
    return count, size


def _prune(limit: int) -> None:
    """Remove the least recently written cache files until the folder holds at most `limit` bytes."""
    sized = []
    for p in files():
        try:
            st = p.stat()
        except OSError:
            continue
        sized.append((st.st_mtime_ns, st.st_size, p))
    total = sum(size for _, size, _ in sized)
    for _, size, p in sorted(sized, key=lambda t: t[0]):
        if total <= limit:
            break
        try:
            p.unlink()
            total -= size
        except OSError:
            pass


def write_atomically(file: Path, write) -> None:  # noqa: ANN001 - write(fh) fills the open binary file
    """Write a cache file through a temporary file renamed into place, so a concurrent run reads
    the old copy or the new one, never half of one; a cache that cannot be written is skipped."""
    import tempfile  # only when writing: a cache read stays light

    tmp = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=file.parent, suffix=".tmp", delete=False) as fh:
            tmp = Path(fh.name)
            write(fh)
            size = fh.tell()
        if size > LIMIT:  # larger than the whole cache may be: not kept
            tmp.unlink()
        else:
            os.replace(tmp, file)
        _prune(LIMIT)
    except BaseException:  # a full disk, Ctrl-C: no temporary file left behind
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        if not isinstance(sys.exc_info()[1], OSError):
            raise
