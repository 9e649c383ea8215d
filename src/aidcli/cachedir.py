"""Where aidcli keeps what it can compute again ($XDG_CACHE_HOME/aidcli, else ~/.cache/aidcli),
and the rules both caches (cache.py's typed columns, known.py's names) share: when they are used,
what identifies the file a cache entry was made from, how an entry is written. Light (no pandas),
so the names cache can use it before any heavy import."""

from __future__ import annotations

import os
from pathlib import Path


def directory() -> Path:
    """The cache folder: $XDG_CACHE_HOME/aidcli, else ~/.cache/aidcli."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aidcli"


def enabled(cache: bool) -> bool:
    """Whether to use a cache: not with --no-cache (`cache` False) or AIDCLI_NO_CACHE set."""
    return cache and not os.environ.get("AIDCLI_NO_CACHE")


def file_stamp(path: Path) -> list | None:
    """What identifies a file as it is now: [resolved path, size, mtime_ns, inode]; None when it
    cannot be read. A cache entry is used only while its file's stamp is unchanged."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino]


def write_atomically(file: Path, write) -> None:  # noqa: ANN001 - write(fh) fills the open binary file
    """Write a cache file through a temporary file renamed into place, so a concurrent run reads
    the old copy or the new one, never half of one; a cache that cannot be written is skipped."""
    import tempfile  # only when writing: a cache read stays light

    tmp = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=file.parent, suffix=".tmp", delete=False) as fh:
            tmp = Path(fh.name)
            write(fh)
        os.replace(tmp, file)
    except OSError:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
