"""Who shares a shared amount: the label of its row ('shared: Spain, Italy', every member in file
order), made for the few shared records a view holds and worked on category codes, so a million
rows cost no per-row Python. counting.py puts the labels on the rows and sums it counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from aidcli.model.shares import MEMBER_FIELDS, SEPARATOR, SHARED_BY, shared_label


def is_shared(df: pd.DataFrame) -> np.ndarray:
    """Rows of a shared amount (one total for all its recipients)."""
    return df["allocation"].eq("shared").fillna(False).to_numpy(bool)


def _label(shown: list[str], count: int | np.integer, column: str) -> str:
    """The label of a shared record's values of `column` ('shared: A, B, +6'; every value when
    `shown` holds them all; for a column other than recipient, the value itself when only one)."""
    if column != "recipient" and count == 1:
        return shown[0]
    return shared_label(shown) + (f", +{count - len(shown)}" if count > len(shown) else "")


def labels_of(all_rows: pd.DataFrame, ids, columns: list[str]) -> dict[str, dict[str, str]]:
    """For each column, each shared record's label, its values in file order (the rows of the
    shared records a view holds, gathered in one pass)."""
    take = all_rows["record_id"].isin(pd.Index(ids)).to_numpy(bool) & is_shared(all_rows)
    sub = all_rows.loc[take, ["record_id", *columns]]
    rid = sub["record_id"].to_numpy(dtype=object)
    out = {}
    for column in columns:
        members: dict[str, list[str]] = {}
        for r, v in dict.fromkeys(zip(rid, sub[column].to_numpy(dtype=object))):
            if isinstance(v, str):
                members.setdefault(r, []).append(v)
        # every recipient named; another column as totals --by names it (first two, +N)
        out[column] = {r: _label(vs if column == "recipient" else vs[:2], len(vs), column) for r, vs in members.items()}
    return out


def member_lists(all_rows: pd.DataFrame, ids) -> dict[str, dict[str, str]]:
    """For each field of SHARED_BY, each shared record's member list as the dataset writes it: one
    entry per member (name, ISO code or region, '' where it has none), in file order."""
    fields = [f for f in MEMBER_FIELDS if f in all_rows]
    take = all_rows["record_id"].isin(pd.Index(ids)).to_numpy(bool) & is_shared(all_rows)
    sub = all_rows.loc[take, ["record_id", *fields]].astype(object)
    sub = sub[~sub.duplicated(["record_id", "recipient"])]
    out: dict[str, dict[str, str]] = {source: {} for source, f in zip(SHARED_BY, MEMBER_FIELDS) if f in fields}
    for rid, members in sub.groupby("record_id", sort=False):
        for source, f in zip(SHARED_BY, MEMBER_FIELDS):
            if f in fields:
                out[source][str(rid)] = SEPARATOR.join(v if isinstance(v, str) else "" for v in members[f])
    return out


def _codes(col: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """A column as category codes (-1 missing) and its categories."""
    cat = col if isinstance(col.dtype, pd.CategoricalDtype) else col.astype("category")
    return cat.cat.codes.to_numpy(np.int64), cat.cat.categories


def label_table(all_rows: pd.DataFrame, record_ids, column: str, full: bool) -> tuple[np.ndarray, pd.Index, list[str]]:
    """The labels of shared records, by record: (their codes in all_rows' record_id categories,
    those categories, the labels). Worked on category codes: a million rows hold far fewer names."""
    rows = all_rows.loc[
        all_rows["record_id"].isin(pd.Index(record_ids)).to_numpy(bool) & is_shared(all_rows), ["record_id", column]
    ]
    rid, rid_names = _codes(rows["record_id"])
    val, val_names = _codes(rows[column])
    pairs = pd.DataFrame({"r": rid, "v": val})[(rid >= 0) & (val >= 0)].drop_duplicates()
    if pairs.empty:
        return np.zeros(0, np.int64), rid_names, []
    if full:  # every value: the pairs sorted by record (file order kept), cut into one run each
        r = pairs["r"].to_numpy()
        at = np.argsort(r, kind="stable")
        r, values = r[at], np.asarray(val_names.astype(str), dtype=object)[pairs["v"].to_numpy()[at]]
        starts = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
        runs = np.split(values, starts[1:])
        return r[starts], rid_names, [_label(list(vs), len(vs), column) for vs in runs]
    g = pairs.groupby("r", sort=False)["v"]
    order = g.first().index
    nth = g.cumcount().to_numpy()
    first = pd.Series(pairs["v"].to_numpy()[nth == 0], index=pairs["r"].to_numpy()[nth == 0]).reindex(order)
    second = pd.Series(pairs["v"].to_numpy()[nth == 1], index=pairs["r"].to_numpy()[nth == 1]).reindex(order)
    count = g.size().reindex(order).to_numpy()
    first_names = val_names.take(first.to_numpy()).astype(str).to_numpy(object)
    second_text = val_names.take(second.fillna(0).to_numpy(np.int64)).astype(str).to_numpy(object)
    # None where a record has one value (numpy's stubs take no None in where; numpy does)
    second_names = np.where(second.notna().to_numpy(), second_text, None)  # type: ignore[call-overload]
    labels = [_label([a] if b is None else [a, b], n, column) for a, b, n in zip(first_names, second_names, count)]
    return order.to_numpy(), rid_names, labels


def shared_labels(all_rows: pd.DataFrame, record_ids, column: str = "recipient", full: bool = False) -> dict[str, str]:
    """For each shared record, a label naming the values of `column` it spans, in file order:
    'shared: A, B, +6' (every value when `full`; for a column other than recipient, the value
    itself when only one)."""
    codes, names, labels = label_table(all_rows, record_ids, column, full)
    return dict(zip(names[codes].astype(str), labels))


def relabelled(
    col: pd.Series, rid: pd.Series, shared: np.ndarray, table: tuple[np.ndarray, pd.Index, list[str]]
) -> pd.Categorical:
    """`col` with each shared row's value replaced by its record's label (from _label_table); on
    category codes, so no per-row Python work at scale."""
    codes, names = _codes(col)
    rcodes, rnames = _codes(rid)
    label_codes, label_names, labels = table
    if rnames is not label_names:  # record ids typed apart from the table's: match the view's
        # shared records by name (a few), not every record id of the file (a hash of a million)
        wanted = dict(zip(label_names[label_codes], labels))
        present = np.unique(rcodes[shared & (rcodes >= 0)])
        pairs = [(c, wanted[r]) for c, r in zip(present, rnames[present]) if r in wanted]
        label_codes, labels = np.array([c for c, _ in pairs], np.int64), [v for _, v in pairs]
    # the labels' places among the categories, those not there yet added: looked up by the
    # categories' own index, not a set of thousands built per call
    unique = pd.Index(list(dict.fromkeys(labels)), dtype=object)
    found = names.get_indexer(unique) if len(names) else np.full(len(unique), -1, np.intp)
    categories = names.append(pd.Index(unique[found < 0], dtype=names.dtype if len(names) else object))
    found[found < 0] = np.arange(len(names), len(categories))
    position = dict(zip(unique, found.tolist()))
    by_record = np.full(len(rnames) + 1, -1, np.int64)  # the extra last slot: a missing record_id
    by_record[label_codes] = [position[v] for v in labels]
    codes = codes.copy()
    codes[shared] = by_record[rcodes[shared]]
    return pd.Categorical.from_codes(codes, categories=categories, validate=False)
