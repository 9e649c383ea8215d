"""Where aidcli keeps what it can compute again ($XDG_CACHE_HOME/aidcli, else ~/.cache/aidcli),
and its two kinds of entry, under one naming scheme and one identity:

- names-<key>.json: the names a dataset holds (catalog.py), so a misspelt name is answered without
  parsing its files;
- frames-<key>.npz: the typed, checked columns of a large --data CSV, so the next query on the
  unchanged file skips parsing and checking it (columnar.py turns columns into plain arrays); and
  the file made one row per member (members.py): which rows are shared and by how many members,
  and the fields a member's row takes from the member lists, so the next query skips the lists.

<key> is the crc32 of the data file's resolved path (not hashlib: importing it takes about 8 ms
of a usage error); the identity inside an entry tells two paths apart. An entry is used only
while the files it was made from are unchanged (path, size, modification time, inode, change
time: a user can put a modification time back with touch -r, not a change time), for the same
aidcli and entry format, if it is a regular file of the current user that no one else may write,
and (frames) every array passes its checks; anything wrong and the file is read again, without a
word. Entries are written to a temporary file renamed into place; the folder keeps to LIMIT
bytes. Light: pandas and numpy are imported only for a frames entry.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from aidcli.loading.members import Spread

FORMAT = 6  # 2: keys_checked; 3: rows, checksums, the change time; 4: one naming scheme and identity;
# 5: the names hold the places inside recipients (catalog.Catalog.places); 6: the rows per member
CACHE_FROM = 1 << 20  # smaller files parse faster than a frames entry pays back
KINDS = {"names": ".json", "frames": ".npz"}


def directory() -> Path:
    """The cache folder: $XDG_CACHE_HOME/aidcli, else ~/.cache/aidcli."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aidcli"


def enabled(cache: bool) -> bool:
    """Whether to use a cache: not with --no-cache (`cache` False) or AIDCLI_NO_CACHE set."""
    return cache and not os.environ.get("AIDCLI_NO_CACHE")


LIMIT = 512 * 1024 * 1024  # bytes the cache folder may hold; the least recently written go first
SUFFIXES = (*KINDS.values(), ".tmp")  # what aidcli keeps there (cache clear removes only these)


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


def open_own(file: Path):
    """A cache file opened for reading if it is a regular file of the current user that no one
    else may write (another user's file could hold anything); None otherwise, or when it is missing.
    Opened without blocking, so a FIFO put where a cache file should be is refused, not waited on."""
    import stat

    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    fh = os.fdopen(fd, "rb")
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


def write_atomically(file: Path, write) -> None:
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


# ---------- one naming scheme, one identity ----------


def entry_file(kind: str, path: str) -> Path:
    """The entry of a kind (names, frames) for a data file's resolved path."""
    import zlib

    return directory() / f"{kind}-{zlib.crc32(path.encode()):08x}{KINDS[kind]}"


def identity(kind: str, paths: Iterable[Path | None]) -> dict | None:
    """What an entry must have been made from: its kind and format, aidcli's version, and each
    file's stamp (None for a file a dataset lacks); None when the first file cannot be read."""
    from aidcli.model.version import __version__

    stamps = [file_stamp(p) if p is not None else None for p in paths]
    if not stamps or stamps[0] is None:
        return None
    return {"kind": kind, "format": FORMAT, "aidcli": __version__, "files": stamps}


# ---------- names ----------


def read_names(paths: list[Path | None]) -> list | None:
    """The names kept for these files (as catalog.py gave them), or None: no entry, another
    identity, not the user's own file, or not what an entry holds."""
    wanted = identity("names", paths)
    if wanted is None:
        return None
    fh = open_own(entry_file("names", wanted["files"][0][0]))
    if fh is None:
        return None
    try:
        with fh:
            kept = json.loads(fh.read().decode("utf-8"))
        return kept["names"] if kept["identity"] == wanted else None
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def keep_names(paths: list[Path | None], names: list) -> None:
    """Keep a dataset's names for the next run (JSON: data, never code)."""
    made = identity("names", paths)
    if made is not None:
        text = json.dumps({"identity": made, "names": names}, ensure_ascii=False)
        write_atomically(entry_file("names", made["files"][0][0]), lambda fh: fh.write(text.encode("utf-8")))


# ---------- frames ----------


def _frames_identity(path: Path) -> dict | None:
    """What a frames entry must have been written for (identity(), and the schema its columns were
    checked by); None when the CSV is too small to be worth one, or unreadable."""
    import hashlib

    from aidcli.model.schema import schemas

    found = identity("frames", [path])
    if found is None or found["files"][0][1] < CACHE_FROM:
        return None
    return {**found, "schema": hashlib.sha256(repr(schemas()["donations"]).encode()).hexdigest()}


@contextlib.contextmanager
def _npz(file: Path) -> Iterator[np.lib.npyio.NpzFile]:
    """A frames entry as an npz (plain arrays, never pickles), if it is the current user's own;
    ValueError when it is not."""
    import numpy as np

    fh = open_own(file)
    if fh is None:
        raise ValueError("not a cache file of this user")
    with fh, np.load(fh, allow_pickle=False) as npz:
        yield npz


class Entry:
    """The cache file of one CSV: the columns it holds for the file as it is now."""

    def __init__(self, file: Path, identity: dict, meta: dict | None) -> None:
        self.file = file
        self.identity = identity
        self.header: list[str] | None = meta["header"] if meta else None
        self.rows: int = meta["rows"] if meta else -1
        self._columns: dict[str, dict] = meta["columns"] if meta else {}
        # the primary key was checked on the columns kept (they are only kept if it passed)
        self.keys_checked: bool = bool(meta and meta.get("keys_checked"))
        # the rows per member: {"shared": the shared rows and their member counts, None when no
        # row is, "columns": {SPREAD field: its description}}
        spread = meta.get("spread") if meta else None
        well_formed = (
            isinstance(spread, dict)
            and isinstance(spread.get("columns"), dict)
            and (spread.get("shared") is None or isinstance(spread["shared"], dict))
        )
        self._spread: dict | None = spread if well_formed else None

    @classmethod
    def of(cls, path: Path) -> Entry | None:
        """The entry for a CSV, with the columns kept while the file is unchanged; None when the
        file is too small to be worth one."""
        identity = _frames_identity(path)
        if identity is None:
            return None
        file = entry_file("frames", identity["files"][0][0])
        meta = None
        try:
            with _npz(file) as npz:
                stored = json.loads(npz["meta"].tobytes())
            if stored.get("identity") == identity and isinstance(stored.get("rows"), int):
                meta = stored
        except Exception:
            pass  # truncated, not a zip, another user's): the CSV is read instead, without a word
        return cls(file, identity, meta)

    def read(self, names: list[str]) -> dict[str, pd.Series]:
        """The kept columns among `names`; fewer (or none) when the cache file cannot be read."""
        wanted = [n for n in names if n in self._columns]
        if not wanted:
            return {}
        from aidcli.loading.columnar import decode

        try:
            with _npz(self.file) as npz:
                return {n: decode(npz, self._columns[n], self.rows) for n in wanted}
        except Exception:
            return {}

    def read_spread(self, names: list[str]) -> dict[str, pd.Series] | None:
        """The columns `names` one row per member (members.Spread): a field of SPREAD as kept for
        it, any other column at the kept positions; None unless all are kept and read back."""
        from aidcli.loading.columnar import decode, decode_shared
        from aidcli.loading.members import SPREAD, positions

        spread = self._spread
        try:
            if spread is None:
                return None
            own = spread["columns"] if spread["shared"] is not None else {}  # else no row is shared
            if any(n not in own if own is spread["columns"] and n in SPREAD else n not in self._columns for n in names):
                return None
            with _npz(self.file) as npz:
                take = None
                if spread["shared"] is not None:
                    take = positions(self.rows, *decode_shared(npz, spread["shared"], self.rows))
                rows = self.rows if take is None else len(take)
                return {
                    n: decode(npz, own[n], rows) if n in own else decode(npz, self._columns[n], self.rows, take)
                    for n in names
                }
        except Exception:
            return None

    def _same_spread(self, made: Spread) -> bool:
        """Whether the rows per member kept are these (the same shared rows and member counts)."""
        import numpy as np

        from aidcli.loading.columnar import digest

        spread = self._spread
        if spread is None or made.rows is None or made.counts is None or spread["shared"] is None:
            return spread is not None and made.rows is None and spread["shared"] is None
        return spread["shared"].get("sha") == digest(np.concatenate([made.rows, made.counts]).astype(np.int64))

    def spreads(self, made: Spread, fields: list[str]) -> bool:
        """Whether the rows per member are kept as `made` has them, with these SPREAD fields."""
        spread = self._spread
        if spread is None or not self._same_spread(made):
            return False
        return made.rows is None or set(fields) <= set(spread["columns"])

    def write(
        self,
        columns: dict[str, pd.Series],
        header: list[str],
        path: Path,
        made: Spread,
        fields: dict[str, pd.Series],
        keys_checked: bool = False,
    ) -> None:
        """Keep these checked columns of the file, with those kept before, if the file has not
        changed since the entry was made; `keys_checked`: the primary key passed on them; `made`:
        the file's rows per member, with `fields`, the SPREAD fields of them (and those kept for
        the same rows before). A cache that cannot be written is skipped without a word."""
        import numpy as np

        from aidcli.loading.columnar import encode, encode_shared

        if _frames_identity(path) != self.identity:
            return
        columns = {**self.read([n for n in self._columns if n not in columns]), **columns}
        rows = {len(c) for c in columns.values()}
        if len(rows) != 1:
            return
        arrays: dict[str, np.ndarray] = {}
        described = {}
        for i, (name, col) in enumerate(columns.items()):
            desc = encode(col, f"c{i}", arrays)
            if desc is not None:
                described[name] = desc
        kept_spread: dict = {"shared": None, "columns": {}}
        if made.rows is not None and made.counts is not None:
            kept_spread["shared"] = encode_shared(made.rows, made.counts, "shared", arrays)
            before = (
                self.read_spread(list(self._spread["columns"])) if self._spread and self._same_spread(made) else None
            )
            for i, (name, col) in enumerate({**(before or {}), **fields}.items()):
                desc = encode(col, f"s{i}", arrays) if len(col) == len(made.frame) else None
                if desc is not None:
                    kept_spread["columns"][name] = desc
        meta = {
            "identity": self.identity,
            "header": header,
            "columns": described,
            "rows": rows.pop(),
            "keys_checked": keys_checked or self.keys_checked,
            "spread": kept_spread,
        }
        arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
        # numpy's stubs type **arrays as if a key could be savez's own allow_pickle
        write_atomically(self.file, lambda fh: np.savez(fh, **arrays))  # type: ignore[arg-type]
