"""Fast operations on the donations DataFrame that every layer uses: a text test run once per
category, the distinct record ids of some rows, rows whose key repeats an earlier row's, and
sorting with a limit. On categorical codes where it can, so a million rows cost a pass over
integers."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def on_text(col: pd.Series, test: Callable[[pd.Series], pd.Series]) -> np.ndarray:
    """Apply a vectorised text test once per category (or per value), as a boolean row mask."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = pd.Series(np.asarray(col.cat.categories, dtype=object), dtype=object).astype(str)
        if cats.empty:
            return np.zeros(len(col), bool)
        per = test(cats).fillna(False).to_numpy(bool)
        codes = col.cat.codes.to_numpy()
        return np.where(codes >= 0, per[codes], False)
    return test(col.astype(str)).fillna(False).to_numpy(bool) & col.notna().to_numpy()


def record_ids(df: pd.DataFrame, mask: np.ndarray | None = None, none_of: np.ndarray | None = None) -> list[str]:
    """The distinct record ids of `df` (or of its rows under `mask`), sorted; with `none_of`, only
    the records none of whose rows it marks. On categorical codes where it can, so a million rows
    cost a pass over integers."""
    col = df["record_id"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        all_codes = col.cat.codes.to_numpy()
        codes = all_codes if mask is None else all_codes[mask]
        size = len(col.cat.categories)
        used = np.bincount(codes[codes >= 0], minlength=size) > 0
        if none_of is not None:
            marked = all_codes[none_of]
            used &= np.bincount(marked[marked >= 0], minlength=size) == 0
        return sorted(col.cat.categories[used].to_numpy(dtype=object).tolist())
    values = col if mask is None else col[mask]
    if none_of is not None:
        values = values[~values.isin(col[none_of])]
    return sorted(set(values.dropna().astype(str)))


def joined(groups: np.ndarray, values: pd.Series, n: int, sort: bool = False) -> list[str]:
    """Each of `n` groups' distinct text values joined with ', ' (first seen first, or sorted),
    from each row's group number (-1: no group): one pass over the rows, not a Python call per
    group as a groupby's agg(lambda) makes."""
    seen: list[dict[str, None]] = [{} for _ in range(n)]
    for i, v in zip(groups.tolist(), values.to_numpy(dtype=object).tolist()):
        if i >= 0 and isinstance(v, str):
            seen[i][v] = None
    return [", ".join(sorted(s) if sort else s) for s in seen]


FEW_COMBINATIONS = 1 << 22  # up to this many code combinations, a table of first rows (32 MB at most)


def duplicated(df: pd.DataFrame, key: list[str]) -> np.ndarray:
    """Rows whose key repeats an earlier row's; on categorical codes when it can (fast at scale)."""
    if all(isinstance(df[k].dtype, pd.CategoricalDtype) for k in key):
        sizes = [len(df[k].cat.categories) + 1 for k in key]
        if np.prod(sizes, dtype=float) < 2**62:
            combined = np.zeros(len(df), np.int64)
            for k, size in zip(key, sizes, strict=True):
                combined = combined * size + df[k].cat.codes.to_numpy().astype(np.int64) + 1  # missing -> 0
            total = int(np.prod(sizes))
            if total <= FEW_COMBINATIONS:  # names, not keys: mark each combination's first row
                first = np.full(total, len(df), np.int64)
                np.minimum.at(first, combined, np.arange(len(df), dtype=np.int64))
                dup = np.ones(len(df), bool)
                dup[first[first < len(df)]] = False
                return dup
            return pd.Series(combined).duplicated(keep="first").to_numpy()
    return df.duplicated(subset=key, keep="first").to_numpy()


def list_rows(df: pd.DataFrame, columns: list[str], sort: str | None, desc: bool, limit: int | None) -> pd.DataFrame:
    """Rows with chosen columns, sorted (numbers numerically, text alphabetically) and limited."""
    out = df
    if sort:
        text = None if out[sort].dtype.kind in "fiub" else lambda s: s.astype(object).astype(str).where(s.notna(), None)
        out = out.sort_values(sort, ascending=not desc, na_position="last", kind="stable", key=text)
    if limit is not None:
        out = out.head(limit)
    return out[columns].reset_index(drop=True)
