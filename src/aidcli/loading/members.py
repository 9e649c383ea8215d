"""From the dataset's shape to the frame the queries count on: a shared amount's one row
('shared: Spain, Italy', its members in shared_by, model/shares.py) becomes one row per member,
the amount counted on the first only, as the counting rules expect (query/counting.py). Done on
arrays: each distinct member list is split once, every row found by one index array, and only
the columns a command reads are copied, so a query on a large --data file pays little for it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from aidcli.model.errors import DataError
from aidcli.model.shares import MEMBER_FIELDS, SHARED_BY

# the fields a shared amount's member rows take from its member lists, not from its own row
SPREAD = (*MEMBER_FIELDS, "recipient_place", "counted")


def needed(usecols: list[str] | None) -> list[str] | None:
    """The columns to read for `usecols`: with the member lists, which decide how many rows an
    amount has (and who they are), whatever a command shows."""
    return None if usecols is None else list(dict.fromkeys([*usecols, *SHARED_BY]))


class _Lists:
    """One member-list column, split once per distinct list: each row's list, each list's length
    and, when a member field is filled from it, each list's entries (all lists' one after another)
    as codes into the distinct names."""

    def __init__(self, column: pd.Series) -> None:
        cat = column if isinstance(column.dtype, pd.CategoricalDtype) else column.astype("category")
        self.texts: list[str] = cat.cat.categories.astype(str).tolist()
        self.codes = cat.cat.codes.to_numpy(np.int64)  # per row: which list, -1 for none
        counts = np.array([t.count(";") + 1 for t in self.texts], np.int64)  # as many as split() gives
        self.counts = np.append(counts, -1)  # per list; a last -1, for no list
        self.starts = np.append(np.cumsum(counts) - counts, -1)  # where its entries begin

    @cached_property
    def entries(self) -> tuple[np.ndarray, np.ndarray]:
        """Each entry as a code into the distinct names (-1 where it is empty; a last -1), and
        the distinct names (objects)."""
        # every list's split() entries, one after another: one split of their join, factorized,
        # then each distinct entry stripped (the same names, in the order they first come,
        # without a strip per entry)
        parts = ";".join(self.texts).split(";") if self.texts else []
        split, distinct = pd.factorize(np.array([*parts, ""], dtype=object))
        stripped, names = pd.factorize(np.array([d.strip() for d in distinct], dtype=object))
        codes = stripped[split]
        if "" in names:  # an empty entry: that member's value is not stated
            codes[codes == names.tolist().index("")] = -1
        return codes, np.asarray(names, object)

    def count(self, rows: np.ndarray) -> np.ndarray:
        """How many members each of `rows` lists; -1 for an empty cell."""
        return self.counts[self.codes[rows]]

    def values(self, rows: np.ndarray, counts: np.ndarray, nth: np.ndarray) -> np.ndarray:
        """Each member row's name, as a code into `names` (`rows` repeated by `counts`, `nth` its
        place in the list): -1 where the row's list is empty (its members are not stated) or the entry is."""
        codes = np.repeat(self.codes[rows], counts)
        return self.entries[0][np.where(codes >= 0, self.starts[codes] + nth, -1)]


@dataclass
class Spread:
    """A frame made one row per member: the frame, and the rows of the frame it was made from that
    were shared, with how many members each lists (None when no row was, the frame then
    unchanged). From those two short arrays every row's position is made again (positions()), so
    a column read later is spread by a take, and the SPREAD fields kept (loading/cache.py)."""

    frame: pd.DataFrame
    rows: np.ndarray | None = None
    counts: np.ndarray | None = None


def positions(size: int, rows: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Each row's position in a frame of `size` rows whose rows `rows` are repeated `counts` times."""
    repeat = np.ones(size, np.int64)
    repeat[rows] = counts
    return np.repeat(np.arange(size), repeat)


def per_member(frame: pd.DataFrame, where: str, usecols: list[str] | None = None) -> pd.DataFrame:
    """`frame` with each shared amount's row made one row per member (its recipient, ISO code and
    region from the lists, no place), `counted` true on the first member's row only where the
    frame has it (each member's row keeps the lists); DataError when a row's lists disagree in length.
    Only the columns of `usecols` are kept (all when None)."""
    return spread(frame, where, usecols).frame


def spread(frame: pd.DataFrame, where: str, usecols: list[str] | None = None) -> Spread:
    """per_member(), with each row's position in `frame`."""
    present = [c for c in SHARED_BY if c in frame.columns]
    keep = frame if usecols is None else frame[[c for c in frame.columns if c in usecols]]
    if "shared_by" not in present:
        return Spread(keep)
    lists = {c: _Lists(frame[c]) for c in present}
    rows = np.flatnonzero(lists["shared_by"].codes >= 0)
    if not len(rows):
        return Spread(keep)
    counts = lists["shared_by"].count(rows)
    for c in present[1:]:
        n = lists[c].count(rows)
        bad = np.flatnonzero((n >= 0) & (n != counts))
        if len(bad):
            rid = frame["record_id"].iloc[rows[bad[0]]] if "record_id" in frame else "?"
            raise DataError(
                f"{where}: record {rid}: {c} lists {n[bad[0]]} members, "
                f"shared_by {counts[bad[0]]}; they name the same members, in the same order"
            )
    return _expanded(keep, rows, counts, lists)


def _expanded(frame: pd.DataFrame, rows: np.ndarray, counts: np.ndarray, lists: dict[str, _Lists]) -> Spread:
    """The rows at positions `rows` repeated `counts` times, each with its member's values."""
    take = positions(len(frame), rows, counts)
    first = rows + np.cumsum(counts) - counts - np.arange(len(rows))  # each shared row's first place in the result
    nth = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)  # a member's place in its list
    at = np.repeat(first, counts) + nth
    columns = {}
    for name in frame.columns:
        column = frame[name]
        if name in MEMBER_FIELDS and SHARED_BY[MEMBER_FIELDS.index(name)] in lists:
            source = lists[SHARED_BY[MEMBER_FIELDS.index(name)]]
            columns[name] = _set(column, take, at, source.entries[1], source.values(rows, counts, nth))
        elif name == "recipient_place":
            columns[name] = _set(column, take, at, np.zeros(0, object), np.full(len(at), -1))
        elif name == "counted":
            later = at[nth > 0]
            columns[name] = _set(column, take, later, np.array([False], object), np.zeros(len(later), np.int64))
        elif isinstance(column.dtype, pd.CategoricalDtype):  # on its codes: no checks a take makes again
            codes = column.cat.codes.to_numpy()[take]
            columns[name] = pd.Series(pd.Categorical.from_codes(codes, dtype=column.dtype, validate=False), name=name)
        else:
            columns[name] = pd.Series(column.array.take(take), name=name)
    return Spread(pd.DataFrame(columns, index=pd.RangeIndex(len(take)), copy=False), rows, counts)


def _set(column: pd.Series, take: np.ndarray, at: np.ndarray, names: np.ndarray, codes: np.ndarray) -> pd.Series:
    """`column` taken at `take`, with the values at positions `at` replaced by `names[codes]`
    (-1: missing); a categorical gains the new names, in the order they first come, and is
    worked on its category codes."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        taken = column.array.take(take)
        values = np.concatenate([names, np.array([None], object)])[codes].tolist()  # -1: the last, None
        taken[at] = pd.Series(values, dtype=column.dtype).array  # on the array: no index to align
        return pd.Series(taken, name=column.name)
    categories = column.cat.categories
    known = categories.get_indexer(pd.Index(names, dtype=object))
    new = pd.unique(codes[(codes >= 0) & (np.append(known, 0)[codes] < 0)])  # in the order they first come
    if len(new):
        categories = categories.append(pd.Index(names[new], dtype=categories.dtype if len(categories) else object))
        known[new] = np.arange(len(categories) - len(new), len(categories))
    out = column.cat.codes.to_numpy(np.int64)[take]
    out[at] = np.append(known, -1)[codes]
    return pd.Series(pd.Categorical.from_codes(out, categories=categories, validate=False), name=column.name)
