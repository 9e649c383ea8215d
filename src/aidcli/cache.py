"""A typed, checked copy of a large --data CSV, so the next query on the unchanged file skips
parsing and checking it.

One file per CSV path in the user's cache folder ($XDG_CACHE_HOME/aidcli, else ~/.cache/aidcli):
an uncompressed .npz of plain arrays (category codes, category text, numbers), loaded with
allow_pickle=False, so a cache file is data and never code. It is used only while the CSV's size,
modification time, inode and change time, the schema and the aidcli version are those it was
written for, only if it is the current user's own file, and every column is checked before use
(length, dtype, code range, a SHA-256 of its arrays): anything wrong and the CSV is read again,
without a word. The folder keeps to cachedir.LIMIT bytes. It is
written to a temporary file and renamed into place: a concurrent run reads the old copy or the
new one, never half of one. It holds only columns that passed every check of validate.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from aidcli import __version__
from aidcli.cachedir import directory, file_stamp, open_own, write_atomically
from aidcli.schema import schemas

FORMAT = 3  # 2: keys_checked; 3: rows, checksums, the change time
CACHE_FROM = 1 << 20  # smaller files parse faster than a cache pays back


def _identity(path: Path) -> dict | None:
    """What a cache file must have been written for; None when the CSV is too small or unreadable."""
    stamp = file_stamp(path)
    if stamp is None or stamp[1] < CACHE_FROM:
        return None
    resolved, size, mtime_ns, inode, ctime_ns = stamp
    return {"format": FORMAT, "aidcli": __version__, "schema": hashlib.sha256(repr(schemas()["donations"]).encode())
            .hexdigest(), "path": resolved, "size": size, "mtime_ns": mtime_ns, "inode": inode, "ctime_ns": ctime_ns}


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

    @classmethod
    def of(cls, path: Path) -> Entry | None:
        """The entry for a CSV, with the columns kept while the file is unchanged; None when the
        file is too small to be worth one."""
        identity = _identity(path)
        if identity is None:
            return None
        file = directory() / (hashlib.sha256(identity["path"].encode()).hexdigest()[:32] + ".npz")
        meta = None
        try:
            with _opened(file) as npz:
                stored = json.loads(npz["meta"].tobytes())
            if stored.get("identity") == identity and isinstance(stored.get("rows"), int):
                meta = stored
        except Exception:  # noqa: BLE001 - no cache yet, or one that cannot be read (empty,
            pass  # truncated, not a zip, another user's): the CSV is read instead, without a word
        return cls(file, identity, meta)

    def read(self, names: list[str]) -> dict[str, pd.Series]:
        """The kept columns among `names`; fewer (or none) when the cache file cannot be read."""
        wanted = [n for n in names if n in self._columns]
        if not wanted:
            return {}
        try:
            with _opened(self.file) as npz:
                return {n: _decode(npz, self._columns[n], self.rows) for n in wanted}
        except Exception:  # noqa: BLE001 - damaged, changed or not ours: every column is read afresh
            return {}

    def write(self, columns: dict[str, pd.Series], header: list[str], path: Path, keys_checked: bool = False) -> None:
        """Keep these checked columns of the file, with those kept before, if the file has not
        changed since the entry was made; `keys_checked`: the primary key passed on them. A cache
        that cannot be written is skipped without a word."""
        if _identity(path) != self.identity:
            return
        columns = {**self.read([n for n in self._columns if n not in columns]), **columns}
        rows = {len(c) for c in columns.values()}
        if len(rows) != 1:
            return
        arrays: dict[str, np.ndarray] = {}
        described = {}
        for i, (name, col) in enumerate(columns.items()):
            desc = _encode(col, f"c{i}", arrays)
            if desc is not None:
                described[name] = desc
        meta = {"identity": self.identity, "header": header, "columns": described, "rows": rows.pop(),
                "keys_checked": keys_checked or self.keys_checked}
        arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
        write_atomically(self.file, lambda fh: np.savez(fh, **arrays))


def _encode(col: pd.Series, key: str, arrays: dict[str, np.ndarray]) -> dict | None:
    """Put a column's arrays under `key`; its description, or None for a column kept out of the cache."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = col.cat.categories
        if len(cats) and cats.inferred_type != "string":
            return None  # text pandas read as numbers (an extra column): left as the reader gives it
        text = "\x00".join(cats.tolist())
        if len(cats) and text.count("\x00") != len(cats) - 1:
            return None  # a value holding NUL cannot be split back
        arrays[key + "codes"] = col.cat.codes.to_numpy()
        arrays[key + "cats"] = np.frombuffer(text.encode(), np.uint8)
        return {"kind": "category", "key": key, "count": len(cats),
                "sha": _digest(arrays[key + "codes"], arrays[key + "cats"])}
    if str(col.dtype) == "boolean":
        arrays[key + "bool"] = np.where(col.isna().to_numpy(), -1, col.fillna(False).to_numpy(bool)).astype(np.int8)
        return {"kind": "boolean", "key": key, "sha": _digest(arrays[key + "bool"])}
    if col.dtype == np.float64:
        arrays[key + "f8"] = np.ascontiguousarray(col.to_numpy())
        return {"kind": "float", "key": key, "sha": _digest(arrays[key + "f8"])}
    return None


def _digest(*arrays: np.ndarray) -> str:
    """A checksum of arrays' bytes and dtypes: a cache file changed after it was written (a
    column multiplied by 1000, a category renamed) no longer matches, and is read afresh."""
    h = hashlib.sha256()
    for a in arrays:
        h.update(a.dtype.str.encode())
        h.update(np.ascontiguousarray(a).data)
    return h.hexdigest()


class _Unusable(ValueError):
    """A cache file that does not hold what its description says."""


@contextlib.contextmanager
def _opened(file: Path) -> Iterator[np.lib.npyio.NpzFile]:
    """The cache file as an npz (plain arrays, never pickles), if it is the current user's own."""
    fh = open_own(file)
    if fh is None:
        raise _Unusable("not a cache file of this user")
    with fh, np.load(fh, allow_pickle=False) as npz:
        yield npz


def _array(npz: np.lib.npyio.NpzFile, name: str, kinds: str, rows: int | None) -> np.ndarray:
    """One array, checked: one dimension, of the expected kind, `rows` long (when given)."""
    a = npz[name]
    if a.ndim != 1 or a.dtype.kind not in kinds or a.dtype.hasobject or (rows is not None and len(a) != rows):
        raise _Unusable(name)
    return a


def _decode(npz: np.lib.npyio.NpzFile, desc: dict, rows: int) -> pd.Series:
    """A column back from its arrays, checked first: length, dtype, code range and checksum;
    _Unusable when any is wrong."""
    key, kind = desc["key"], desc["kind"]
    if kind == "category":
        codes = _array(npz, key + "codes", "i", rows)
        raw = _array(npz, key + "cats", "u", None)
        if _digest(codes, raw) != desc["sha"]:
            raise _Unusable(key)
        text = raw.tobytes().decode()
        cats = text.split("\x00") if desc["count"] else []
        if len(cats) != desc["count"] or len(set(cats)) != len(cats) or \
                (len(codes) and (codes.min() < -1 or codes.max() >= len(cats))):
            raise _Unusable(key)
        return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(cats), validate=False))
    if kind == "boolean":
        raw = _array(npz, key + "bool", "i", rows)
        if _digest(raw) != desc["sha"] or (len(raw) and (raw.min() < -1 or raw.max() > 1)):
            raise _Unusable(key)
        return pd.Series(pd.arrays.BooleanArray(raw == 1, raw < 0))
    if kind == "float":
        values = _array(npz, key + "f8", "f", rows)
        if values.dtype != np.float64 or _digest(values) != desc["sha"]:
            raise _Unusable(key)
        return pd.Series(values)
    raise _Unusable(key)
