"""Columns as plain arrays and back, for the cache: category codes and text, booleans, numbers,
each with a SHA-256 of its bytes, and every array checked (length, dtype, code range, checksum)
when read. An .npz of plain arrays, loaded with allow_pickle=False: data, never code."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd


def encode(col: pd.Series, key: str, arrays: dict[str, np.ndarray]) -> dict | None:
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
        return {
            "kind": "category",
            "key": key,
            "count": len(cats),
            "sha": digest(arrays[key + "codes"], arrays[key + "cats"]),
        }
    if str(col.dtype) == "boolean":
        arrays[key + "bool"] = np.where(col.isna().to_numpy(), -1, col.fillna(False).to_numpy(bool)).astype(np.int8)
        return {"kind": "boolean", "key": key, "sha": digest(arrays[key + "bool"])}
    if col.dtype == np.float64:
        arrays[key + "f8"] = np.ascontiguousarray(col.to_numpy())
        return {"kind": "float", "key": key, "sha": digest(arrays[key + "f8"])}
    return None


def digest(*arrays: np.ndarray) -> str:
    """A checksum of arrays' bytes and dtypes: a cache file changed after it was written (a
    column multiplied by 1000, a category renamed) no longer matches, and is read afresh."""
    h = hashlib.sha256()
    for a in arrays:
        h.update(a.dtype.str.encode())
        h.update(np.ascontiguousarray(a).data)
    return h.hexdigest()


class Unusable(ValueError):
    """A cache file that does not hold what its description says."""


def array(npz: np.lib.npyio.NpzFile, name: str, kinds: str, rows: int | None) -> np.ndarray:
    """One array, checked: one dimension, of the expected kind, `rows` long (when given)."""
    a = npz[name]
    if a.ndim != 1 or a.dtype.kind not in kinds or a.dtype.hasobject or (rows is not None and len(a) != rows):
        raise Unusable(name)
    return a


def encode_shared(rows: np.ndarray, counts: np.ndarray, key: str, arrays: dict[str, np.ndarray]) -> dict:
    """Put the shared rows of a file and their member counts (members.Spread) under `key`, as one
    array; their description."""
    arrays[key + "i8"] = np.concatenate([rows, counts]).astype(np.int64)
    return {"kind": "shared", "key": key, "count": len(rows), "sha": digest(arrays[key + "i8"])}


def decode_shared(npz: np.lib.npyio.NpzFile, desc: dict, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """The shared rows and their member counts back, checked: as many as described, each one of
    `rows` rows, in order and once, each with one member or more, and the checksum; Unusable when
    any is wrong."""
    key = desc["key"]
    both = array(npz, key + "i8", "i", 2 * desc["count"])
    shared, counts = both[: desc["count"]], both[desc["count"] :]
    if (
        desc["kind"] != "shared"
        or digest(both) != desc["sha"]
        or (len(shared) and (shared[0] < 0 or shared[-1] >= rows or (np.diff(shared) <= 0).any()))
        or (counts < 1).any()
    ):
        raise Unusable(key)
    return shared, counts


def decode(npz: np.lib.npyio.NpzFile, desc: dict, rows: int, take: np.ndarray | None = None) -> pd.Series:
    """A column back from its arrays, checked first: length, dtype, code range and checksum;
    _Unusable when any is wrong. With `take` (checked positions), the column's values at them."""
    key, kind = desc["key"], desc["kind"]
    if kind == "category":
        codes = array(npz, key + "codes", "i", rows)
        raw = array(npz, key + "cats", "u", None)
        if digest(codes, raw) != desc["sha"]:
            raise Unusable(key)
        text = raw.tobytes().decode()
        cats = text.split("\x00") if desc["count"] else []
        index = pd.Index(cats)
        if (
            len(cats) != desc["count"]
            or not index.is_unique
            or (len(codes) and (codes.min() < -1 or codes.max() >= len(cats)))
        ):
            raise Unusable(key)
        codes = codes if take is None else codes[take]
        return pd.Series(pd.Categorical.from_codes(codes, categories=index, validate=False))
    if kind == "boolean":
        raw = array(npz, key + "bool", "i", rows)
        if digest(raw) != desc["sha"] or (len(raw) and (raw.min() < -1 or raw.max() > 1)):
            raise Unusable(key)
        raw = raw if take is None else raw[take]
        return pd.Series(pd.arrays.BooleanArray(raw == 1, raw < 0))
    if kind == "float":
        values = array(npz, key + "f8", "f", rows)
        if values.dtype != np.float64 or digest(values) != desc["sha"]:
            raise Unusable(key)
        return pd.Series(values if take is None else values[take])
    raise Unusable(key)
