"""The counting rules, in one place: every view that sums (totals, compare, profiles, charts,
--explain, the `counted` column of list and export) goes through these functions.

- Only records with in_totals=true are summed; umbrella statements and flows reported twice
  are kept but left out, and the caption says how many.
- Default scope: donations from China, delivered and pledged (each its own row); other kinds,
  aid to China (or between others) and rejected offers are left out unless a filter asks for them. A profile looks
  at both directions.
- Amounts of a different item, unit, status, kind or flow are never added: status is always
  part of the key, and kind and flow are too whenever the rows in scope hold more than one.
- An `each` amount counts once per recipient; a `shared` amount counts once, on its own row
  labelled with the recipients that share it ("shared: A, B, +N").
- A date is an interval; a date range keeps a record only if the whole interval lies inside
  (see filters.apply), and the records it leaves out are named here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from aidcli.model.columns import GROUP_KEYS, SUM_FIGURES
from aidcli.model.frames import duplicated, record_ids
from aidcli.model.shares import SHARED_BY, split
from aidcli.query import labels, ranges
from aidcli.query.labels import is_shared

BASE_KEYS = ["item", "unit", "status"]
SPLIT_KEYS = ["kind", "flow"]  # keys whenever the rows in scope hold more than one value
NOT_IN_TOTALS = "not in totals (umbrella statements or reported twice)"
REJECTED = "rejected offers"
NO_NUMBER = "no number"


def kind_reason(kind: str) -> str:
    return f"another kind ({kind})"


def flow_reason(flow: str) -> str:
    return {"to-china": "aid to China", "other": "aid not to or from China"}.get(flow, f"flow {flow}")


@dataclass
class Scope:
    """The rows a sum may count, and the records left out of it, by reason."""

    rows: pd.DataFrame
    left_out: dict[str, list[str]] = field(default_factory=dict)


def _values(df: pd.DataFrame, column: str) -> set[str]:
    """The distinct values of a column (from its categories' codes where it is categorical)."""
    return {str(v) for v in df[column].dropna().unique()}


def numbered(df: pd.DataFrame) -> np.ndarray:
    """Rows that give a number (a quantity or a dollar value)."""
    value = df["value_usd"].notna() if "value_usd" in df else False
    return (df["quantity"].notna() | value).to_numpy(bool)


def scope(
    rows: pd.DataFrame,
    kinds: list[str],
    flows: list[str],
    statuses: list[str],
    left_out: dict[str, list[str]] | None = None,
    both_flows: bool = False,
) -> Scope:
    """The rows that sums may count. `kinds`, `flows`, `statuses` are the user's own filters (empty:
    the default applies); `left_out` carries what the filters already left out (the dates)."""
    out = dict(left_out or {})
    keep = np.ones(len(rows), bool)
    rules = [(NOT_IN_TOTALS, ~rows["in_totals"].fillna(False).to_numpy(bool))]
    if not kinds:
        for kind in sorted(_values(rows, "kind") - {"donation"}):
            rules.append((kind_reason(kind), rows["kind"].eq(kind).fillna(False).to_numpy(bool)))
    if not flows and not both_flows:
        for flow in sorted(_values(rows, "flow") - {"from-china"}):
            rules.append((flow_reason(flow), rows["flow"].eq(flow).fillna(False).to_numpy(bool)))
    if not statuses:
        rules.append((REJECTED, rows["status"].eq("rejected").fillna(False).to_numpy(bool)))
    for reason, drop in rules:
        ids = record_ids(rows, keep & drop)
        if ids:
            out[reason] = ids
        keep &= ~drop
    kept = rows[keep]
    silent = record_ids(kept, none_of=numbered(kept))
    if silent:
        out[NO_NUMBER] = silent
    return Scope(kept, out)


UMBRELLA = "umbrella statement"
TWICE = "surely reported twice"
UNSTATED = "not in totals (no reason given)"


def not_in_totals_reason(records: pd.DataFrame) -> list[str]:
    """Why each record out of totals is kept but never summed, from its `umbrella` field: an
    umbrella statement, or a flow surely reported twice; a dataset without the field gives none."""
    if "umbrella" not in records or records["umbrella"].isna().all():
        return [UNSTATED] * len(records)
    return [UMBRELLA if flag is True else TWICE for flag in records["umbrella"].astype(object)]


def counted(rows: pd.DataFrame) -> np.ndarray:
    """The rows a plain sum must count: rows of records in totals, a shared amount on the first of
    its rows only (per record, item, unit, status)."""
    in_totals = rows["in_totals"].fillna(False).to_numpy(bool)
    shared = is_shared(rows)
    repeat = np.zeros(len(rows), bool)
    if shared.any():
        repeat[shared] = rows.loc[shared, ["record_id", "item", "unit", "status"]].duplicated(keep="first").to_numpy()
    return in_totals & ~repeat


def as_read(rows: pd.DataFrame, all_rows: pd.DataFrame) -> pd.DataFrame:
    """Rows as a person reads them, and as a plain sum may take them: a shared amount once (per
    record, item, unit, status), its recipient the label naming every recipient that shares it
    ('shared: Spain, Italy', from `all_rows`), with no member's ISO code or place and its region
    labelled the same way; `counted` true on exactly the rows a plain sum counts. So summing the
    counted rows by recipient never credits one member with an amount it shares."""
    shared = is_shared(rows)
    if shared.any():
        repeat = np.zeros(len(rows), bool)
        repeat[shared] = duplicated(rows[shared], ["record_id", "item", "unit", "status"])
        rows = rows[~repeat]
        shared = is_shared(rows)
        ids = rows["record_id"][shared].unique()
        columns = [c for c in ("recipient", "region") if c in rows and c in all_rows]
        labelled: dict[str, pd.Categorical | pd.Series] = {}
        for column, by_record in labels.labels_of(all_rows, ids, columns).items():
            table = (np.arange(len(by_record)), pd.Index(list(by_record)), list(by_record.values()))
            labelled[column] = labels.relabelled(rows[column], rows["record_id"], shared, table)
        for column in ("recipient_iso3", "recipient_place"):
            if column in rows:
                labelled[column] = rows[column].where(~shared)
        rows = rows.assign(**labelled)
    # each shared amount is now one row: a plain sum counts exactly the rows of records in totals
    return rows.assign(counted=rows["in_totals"].fillna(False).to_numpy(bool))


def with_members(rows: pd.DataFrame, all_rows: pd.DataFrame) -> pd.DataFrame:
    """Rows as read (as_read) in the dataset's one shape (model/shares.py): each shared amount's
    members in the SHARED_BY fields after region, and its region the members' own when they share
    one, else International, so a group-by on region credits no one continent with it."""
    rows = rows.drop(columns=[c for c in SHARED_BY if c in rows])  # written afresh: an older file has none
    shared = is_shared(rows)
    rid = rows["record_id"].astype(object)
    lists = labels.member_lists(all_rows, rid[shared].unique())
    added = {c: rid.map(by_record).where(shared) for c, by_record in lists.items()}
    if "region" in rows and "shared_by_region" in added:
        one = added["shared_by_region"].map(lambda v: v if isinstance(v, str) and len(set(split(v))) == 1 else None)
        own = one.map(lambda v: split(v)[0] if isinstance(v, str) else "International")
        region = rows["region"].astype(object).where(~shared, own)
        rows = rows.assign(region=pd.Categorical(region))
    at = list(rows.columns).index("region") + 1 if "region" in rows else len(rows.columns)
    columns = [*rows.columns[:at], *added, *rows.columns[at:]]
    return rows.assign(**added)[columns]


def split_keys(rows: pd.DataFrame) -> list[str]:
    """kind and flow, where the rows hold more than one value of them."""
    return [k for k in SPLIT_KEYS if rows[k].nunique(dropna=False) > 1]


def _with_month(df: pd.DataFrame) -> pd.DataFrame:
    month = df["date"].astype(object).map(lambda d: d[:7] if isinstance(d, str) and len(d) >= 7 else None)
    return df.assign(month=month)


# A sum past 1.8e308 is inf, which a Section refuses in one line: numpy's warning would be a second.
@np.errstate(over="ignore")
def sums(rows: pd.DataFrame, by: list[str], all_rows: pd.DataFrame, explain: bool = False) -> pd.DataFrame:
    """Sums of quantity and value_usd per `by` keys, item, unit, status (and kind and flow where the
    rows hold several), each shared amount once on its own labelled row. `rows` are in scope;
    `all_rows` is the whole dataset, to name every member of a shared record. With `explain`,
    each sum lists the records that make it up (record_ids)."""
    keys = list(dict.fromkeys(GROUP_KEYS[k] for k in by))
    group = list(dict.fromkeys(keys + BASE_KEYS + split_keys(rows)))  # --by status: status once
    columns = [*SUM_FIGURES, *(["record_ids"] if explain else [])]
    take = rows[numbered(rows) & counted(rows)]
    if "month" in keys:
        take = _with_month(take)
    if "approx" not in take:
        take = take.assign(approx=None)
    take = take[list(dict.fromkeys(["record_id", "allocation", "date", "quantity", "value_usd", "approx", *group]))]
    if take.empty:
        return pd.DataFrame(columns=group + columns)
    shared = is_shared(take)
    labelled = [k for k in keys if k in ("recipient", "region")] if shared.any() else []
    for key in labelled:  # a shared amount's row is named by who shares it
        table = labels.label_table(all_rows, take["record_id"][shared].unique(), key, full=True)
        take = take.assign(**{key: labels.relabelled(take[key], take["record_id"], shared, table)})
    g = take.groupby(group, dropna=False, sort=False, observed=True)
    out = g[["quantity", "value_usd"]].sum(min_count=1)
    out["records"] = (
        take.drop_duplicates([*group, "record_id"]).groupby(group, dropna=False, sort=False, observed=True).size()
    )
    number = g.ngroup().to_numpy()  # each row's sum, in the sums' order
    basis = _basis(number, take, out["records"])
    sure = ranges.sure_of(
        take,
        number,
        len(out),
        ranges.links(rows),
        out["quantity"].to_numpy(float),
        out["value_usd"].to_numpy(float),
    )
    out["quantity_low"], out["value_usd_low"] = sure.quantity_low, sure.value_low
    out["approx"], out["approx_low"], out["may_overlap"] = sure.approx, sure.approx_low, sure.may_overlap
    out["basis"] = [b + f"; {said}" if said else b for b, said in zip(basis, sure.said)]
    if explain:
        out["record_ids"] = _record_ids(number, take["record_id"])
    out = out.reset_index().astype(dict.fromkeys(group, object))
    out = out.sort_values(group, na_position="last", kind="stable", key=lambda s: s.astype(str).str.lower())
    return out.reset_index(drop=True)[group + columns]


def _record_ids(number: np.ndarray, record_id: pd.Series) -> list[str]:
    """Each group's record ids, sorted and space-separated, in the groups' order (`number`: each
    row's group): one sort of (group, id) pairs, not a Python call for each group's rows."""
    pairs = pd.DataFrame({"g": number, "r": record_id.astype(str).to_numpy(object)})
    pairs = pairs.drop_duplicates().sort_values(["g", "r"], kind="stable")
    bounds = np.flatnonzero(np.diff(pairs["g"].to_numpy())) + 1
    return [" ".join(ids) for ids in np.split(pairs["r"].to_numpy(object), bounds)]


def _basis(number: np.ndarray, take: pd.DataFrame, records: pd.Series) -> list[str]:
    """Whether each sum is a number an article states or one aidcli computed, so a total no
    article gives is never read as the source's: 'stated' (one figure; its qualifier, such as
    'nearly', in approx), 'computed: 54 × 100,000 each' (an `each` amount times its recipients)
    or 'computed: 3 records' (a sum, saying how many of its figures are approximate). `number`:
    each row of `take`'s sum; counted on arrays, a pass for all the sums."""
    n = len(records)
    figures = np.bincount(number, minlength=n)
    words = np.bincount(number, weights=take["approx"].notna().to_numpy(float), minlength=n).astype(int)
    quantity = take["quantity"].to_numpy(float)
    low, high = np.full(n, np.inf), np.full(n, -np.inf)
    np.fmin.at(low, number, quantity)  # NaN skipped, as pandas' min does
    np.fmax.at(high, number, quantity)
    low[np.isinf(low)], high[np.isinf(high)] = np.nan, np.nan  # no quantity in the sum
    basis = []
    for k, r, lo, hi, vague in zip(figures, records.to_numpy(), low, high, words):
        if k == 1:
            basis.append("stated")
            continue
        if r == 1 and lo == hi:
            text = f"computed: {k} \u00d7 {lo:,.0f} each"
        else:
            text = f"computed: {r} records" if r > 1 else f"computed: {k} figures of 1 record"
        basis.append(text + (f", {vague} approximate" if vague else ""))
    return basis


def caption(s: Scope, split_shared: bool, table: pd.DataFrame | None = None) -> str:
    """What a table of sums left out or set apart, so a partial total is never taken for the whole:
    records by reason, items without a number (named when few), and how many sums are ranges."""
    parts = [f"{len(ids)} record{'s' * (len(ids) != 1)}: {reason}" for reason, ids in s.left_out.items()]
    text = ("Left out: " + "; ".join(parts) + ".") if parts else "Nothing left out."
    count, silent = silent_items(s.rows)
    if count:
        named = "; ".join(
            f"{r.record_id}{'' if r.shared else f' ({r.recipient})'}: {r.items}" for r in silent.itertuples(index=False)
        )
        text = text.replace("Nothing left out.", "No record left out.")
        text += (
            f" Items with no number, in no sum: {named}."
            if len(silent)
            else f" {count} records have items with no number, in no sum."
        )
    if table is not None and len(table):
        text += ranges.said(table)
    rows = s.rows
    hits = (
        rows[rows["approx"].notna().to_numpy(bool) & numbered(rows)].drop_duplicates(["record_id", "item"])
        if "approx" in rows
        else rows.iloc[:0]
    )
    if len(hits):
        text += (
            f" {len(hits)} figure{' is' if len(hits) == 1 else 's are'} approximate"
            " (the article says nearly, over, about...)."
        )
    if is_shared(rows).any():
        text += (
            " Shared amounts (one total for several recipients) are counted once, on their own 'shared: ...' rows."
            if split_shared
            else " Shared amounts are counted once."
        )
    return text


SILENT_NAMED = 5  # a caption names the items with no number of this many records at most


def silent_items(rows: pd.DataFrame, limit: int = SILENT_NAMED) -> tuple[int, pd.DataFrame]:
    """The items without a number of records that give a number for another item (a record that
    gives none is left out whole, NO_NUMBER): how many records, and for the first `limit` of
    them, one line each with its recipients and items (a caption names no more)."""
    numbered_rows = numbered(rows)
    some = rows["record_id"].isin(pd.Index(rows["record_id"][numbered_rows].unique())).to_numpy(bool)
    quiet = rows[some & ~numbered_rows]
    count = quiet["record_id"].nunique()
    if not count or count > limit:  # only counted: thousands of ids are not sorted for a number
        return count, pd.DataFrame(columns=["record_id", "recipient", "shared", "items"])
    ids = sorted(str(r) for r in quiet["record_id"].unique())
    quiet = quiet.astype({"record_id": object, "recipient": object, "item": object}).assign(shared=is_shared(quiet))
    lines = []
    for rid in ids:
        mine = quiet[quiet["record_id"] == rid]
        lines.append(
            {
                "record_id": rid,
                "recipient": ", ".join(dict.fromkeys(mine["recipient"].dropna())),
                "shared": bool(mine["shared"].any()),
                "items": ", ".join(dict.fromkeys(mine["item"].dropna())),
            }
        )
    return len(ids), pd.DataFrame(lines)


def left_out_of(*scopes: Scope) -> dict[str, list[str]]:
    """What several sums left out, by reason, each record once under a reason."""
    out: dict[str, set[str]] = {}
    for s in scopes:
        for reason, ids in s.left_out.items():
            out.setdefault(reason, set()).update(ids)
    return {reason: sorted(ids) for reason, ids in out.items()}


def left_out_frame(s: Scope) -> pd.DataFrame:
    """The records a sum left out, one per line with its reason (for --explain)."""
    return pd.DataFrame(
        [{"record_id": rid, "reason": reason} for reason, ids in s.left_out.items() for rid in ids],
        columns=["record_id", "reason"],
    )


@np.errstate(over="ignore")  # as sums
def compare(
    scopes: dict[str, Scope], all_rows: pd.DataFrame, explain: bool = False, recipients: bool = True
) -> pd.DataFrame:
    """One column per name: sums per item, unit and status (and kind and flow where several).

    An amount counted for more than one name (a shared amount, or a joint donor's gift when
    donors are compared) is not repeated in their columns: it is a row of its own, its amount in
    the 'shared' column and the names or recipients that share it in 'shared_by'. So no column,
    and no sum across the columns, counts the same amount twice. When donors are compared
    (`recipients` false), an amount shared by recipients belongs to its one donor's column."""
    union = pd.concat([s.rows for s in scopes.values()])
    union = union[~union.index.duplicated(keep="first")]
    group = BASE_KEYS + split_keys(union) if len(union) else list(BASE_KEYS)
    owners: dict[object, list[str]] = {}
    for label, s in scopes.items():
        for i in s.rows.index[numbered(s.rows)]:
            owners.setdefault(i, []).append(label)
    take = union.loc[[i for i in union.index if i in owners]]
    take = take[counted(take) | ~is_shared(take)]  # a shared amount once, whichever names hold it
    take = take.astype(dict.fromkeys(group, object)).fillna(dict.fromkeys(group, ""))
    shared = is_shared(take) & recipients
    joint = np.array([len(owners[i]) > 1 for i in take.index], bool)
    by_recipient = labels.shared_labels(all_rows, take["record_id"][shared].unique(), full=True)
    take = take.assign(
        column=[("shared" if sh or jt else owners[i][0]) for i, sh, jt in zip(take.index, shared, joint)],
        shared_by=[
            by_recipient.get(rid, "") if sh else ("shared: " + ", ".join(owners[i]) if jt else "")
            for i, rid, sh, jt in zip(take.index, take["record_id"], shared, joint)
        ],
    )
    index = [*group, "shared_by"]
    g = take.groupby([*index, "column"], sort=False)
    cells = g["quantity"].sum(min_count=1)
    wide = cells.unstack("column")
    names = list(scopes) + (["shared"] if "shared" in wide.columns else [])
    wide = wide.reindex(columns=names)
    wide.columns.name = None
    if len(take):
        wide = ranges.compare_cells(wide, take, g, cells, names, ranges.links(union[numbered(union)]))
    if explain:
        wide["record_ids"] = take.groupby(index, sort=False)["record_id"].agg(
            lambda s: " ".join(sorted(set(s.astype(str))))
        )
    wide = wide.reset_index() if len(take) else pd.DataFrame(columns=index + names)
    if not (wide["shared_by"].astype(str) != "").any():
        wide = wide.drop(columns="shared_by")
    wide = wide.dropna(how="all", subset=names)
    extra = [c for c in ("may_overlap",) if c in wide and not wide[c].astype(str).ne("").any()]
    wide = wide.drop(columns=extra)
    return wide.sort_values(group, kind="stable", key=lambda s: s.astype(str).str.lower()).reset_index(drop=True)
