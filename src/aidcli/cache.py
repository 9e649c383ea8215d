"""A typed, checked copy of a large --data CSV, so the next query on the unchanged file skips
parsing and checking it.

One file per CSV path in the user's cache folder ($XDG_CACHE_HOME/aidcli, else ~/.cache/aidcli):
an uncompressed .npz of plain arrays (category codes, category text, numbers), loaded with
allow_pickle=False, so a cache file is data and never code. It is used only while the CSV's size,
modification time and inode, the schema and the aidcli version are those it was written for. It is
written to a temporary file and renamed into place: a concurrent run reads the old copy or the
new one, never half of one. It holds only columns that passed every check of validate.py.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from aidcli import __version__
from aidcli.cachedir import directory, file_stamp, write_atomically
from aidcli.schema import schemas

FORMAT = 2  # 2: keys_checked
CACHE_FROM = 1 << 20  # smaller files parse faster than a cache pays back


def _identity(path: Path) -> dict | None:
    """What a cache file must have been written for; None when the CSV is too small or unreadable."""
    stamp = file_stamp(path)
    if stamp is None or stamp[1] < CACHE_FROM:
        return None
    resolved, size, mtime_ns, inode = stamp
    return {"format": FORMAT, "aidcli": __version__, "schema": hashlib.sha256(repr(schemas()["donations"]).encode())
            .hexdigest(), "path": resolved, "size": size, "mtime_ns": mtime_ns, "inode": inode}


class Entry:
    """The cache file of one CSV: the columns it holds for the file as it is now."""

    def __init__(self, file: Path, identity: dict, meta: dict | None) -> None:
        self.file = file
        self.identity = identity
        self.header: list[str] | None = meta["header"] if meta else None
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
            with np.load(file, allow_pickle=False) as npz:
                stored = json.loads(npz["meta"].tobytes())
            if stored.get("identity") == identity:
                meta = stored
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            pass  # no cache yet, or one that cannot be read: the CSV is read instead
        return cls(file, identity, meta)

    def read(self, names: list[str]) -> dict[str, pd.Series]:
        """The kept columns among `names`; fewer (or none) when the cache file cannot be read."""
        wanted = [n for n in names if n in self._columns]
        if not wanted:
            return {}
        try:
            with np.load(self.file, allow_pickle=False) as npz:
                return {n: _decode(npz, self._columns[n]) for n in wanted}
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            return {}

    def write(self, columns: dict[str, pd.Series], header: list[str], path: Path, keys_checked: bool = False) -> None:
        """Keep these checked columns of the file, with those kept before, if the file has not
        changed since the entry was made; `keys_checked`: the primary key passed on them. A cache
        that cannot be written is skipped without a word."""
        if _identity(path) != self.identity:
            return
        columns = {**self.read([n for n in self._columns if n not in columns]), **columns}
        arrays: dict[str, np.ndarray] = {}
        described = {}
        for i, (name, col) in enumerate(columns.items()):
            desc = _encode(col, f"c{i}", arrays)
            if desc is not None:
                described[name] = desc
        meta = {"identity": self.identity, "header": header, "columns": described,
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
        return {"kind": "category", "key": key, "count": len(cats)}
    if str(col.dtype) == "boolean":
        arrays[key + "bool"] = np.where(col.isna().to_numpy(), -1, col.fillna(False).to_numpy(bool)).astype(np.int8)
        return {"kind": "boolean", "key": key}
    if col.dtype == np.float64:
        arrays[key + "f8"] = col.to_numpy()
        return {"kind": "float", "key": key}
    return None


def _decode(npz: np.lib.npyio.NpzFile, desc: dict) -> pd.Series:
    """A column back from its arrays."""
    key = desc["key"]
    if desc["kind"] == "category":
        text = npz[key + "cats"].tobytes().decode()
        cats = text.split("\x00") if desc["count"] else []
        return pd.Series(pd.Categorical.from_codes(npz[key + "codes"], categories=pd.Index(cats),
                                                   validate=False))
    if desc["kind"] == "boolean":
        raw = npz[key + "bool"]
        return pd.Series(pd.arrays.BooleanArray(raw == 1, raw < 0))
    return pd.Series(npz[key + "f8"])
