"""From the dataset's shape to the frame the queries count on: a shared amount's one row
('shared: Spain, Italy', its members in shared_by, model/shares.py) becomes one row per member,
the amount counted on the first only, as the counting rules expect (query/counting.py). Worked on
the few shared rows alone, so a million rows cost no per-row Python."""

from __future__ import annotations

import numpy as np
import pandas as pd

from aidcli.model.errors import DataError
from aidcli.model.shares import MEMBER_FIELDS, SHARED_BY, split


def needed(usecols: list[str] | None) -> list[str] | None:
    """The columns to read for `usecols`: with the member lists, which decide how many rows an
    amount has (and who they are), whatever a command shows."""
    return None if usecols is None else list(dict.fromkeys([*usecols, *SHARED_BY]))


def per_member(frame: pd.DataFrame, where: str, usecols: list[str] | None = None) -> pd.DataFrame:
    """`frame` with each shared amount's row made one row per member (its recipient, ISO code and
    region from the lists, no place), `counted` true on the first member's row only where the
    frame has it (each member's row keeps the lists); DataError when a row's lists disagree in length.
    Only the columns of `usecols` are kept (all when None)."""
    present = [c for c in SHARED_BY if c in frame.columns]
    if "shared_by" in present:
        names = frame["shared_by"]
        rows = np.flatnonzero(names.notna().to_numpy(bool))
    else:
        rows = np.zeros(0, np.int64)
    if len(rows):
        frame = _expanded(frame, rows, present, where)
    return frame if usecols is None else frame[[c for c in frame.columns if c in usecols]]


def _lists(column: pd.Series, rows: np.ndarray) -> list[list[str] | None]:
    """Each of `rows`' member list, split once per distinct list (a column holds few)."""
    cat = column if isinstance(column.dtype, pd.CategoricalDtype) else column.astype("category")
    parts: list[list[str] | None] = [split(str(c)) for c in cat.cat.categories.to_numpy(dtype=object)]
    parts.append(None)  # code -1: an empty cell
    return [parts[c] for c in cat.cat.codes.to_numpy()[rows]]


def _expanded(frame: pd.DataFrame, rows: np.ndarray, present: list[str], where: str) -> pd.DataFrame:
    """The rows at positions `rows` repeated once per member, each with its member's values."""
    lists = {c: _lists(frame[c], rows) for c in present}
    counts = np.array([len(m or []) for m in lists["shared_by"]], np.int64)
    for c in present[1:]:
        bad = [i for i, m in enumerate(lists[c]) if m is not None and len(m) != counts[i]]
        if bad:
            rid = frame["record_id"].iloc[rows[bad[0]]] if "record_id" in frame else "?"
            raise DataError(
                f"{where}: record {rid}: {c} lists {len(lists[c][bad[0]] or [])} members, "
                f"shared_by {counts[bad[0]]}; they name the same members, in the same order"
            )
    repeat = np.ones(len(frame), np.int64)
    repeat[rows] = counts
    out = frame.iloc[np.repeat(np.arange(len(frame)), repeat)].reset_index(drop=True)
    first = (np.cumsum(repeat) - repeat)[rows]  # each shared row's first position in `out`
    nth = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)  # a member's place in its list
    at = np.repeat(first, counts) + nth
    assigned = {}
    for source, field in zip(SHARED_BY, MEMBER_FIELDS):
        if field in out.columns and source in lists:
            # a list left empty on a row: its members' values are not stated
            values = [v or None for m, n in zip(lists[source], counts) for v in (m if m else [None] * n)]
            assigned[field] = _set(out[field], at, values)
    if "recipient_place" in out.columns:
        assigned["recipient_place"] = _set(out["recipient_place"], at, [None] * len(at))
    if "counted" in out.columns:
        later = at[nth > 0]
        assigned["counted"] = _set(out["counted"], later, [False] * len(later))
    return out.assign(**assigned)


def _set(column: pd.Series, at: np.ndarray, values: list) -> pd.Series:
    """`column` with the values at positions `at` replaced (a categorical gains the new names),
    on category codes where it is categorical."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        column = column.copy()
        column.iloc[at] = pd.Series(values, index=column.index[at], dtype=column.dtype)
        return column
    names = column.cat.categories
    known = set(names)
    new = [v for v in dict.fromkeys(values) if v is not None and v not in known]
    categories = names.append(pd.Index(new, dtype=names.dtype if len(names) else object)) if new else names
    position = {v: i for i, v in enumerate(categories)}
    codes = column.cat.codes.to_numpy(np.int64).copy()
    codes[at] = [position[v] if v is not None else -1 for v in values]
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=categories, validate=False), index=column.index, name=column.name
    )
