"""Pure functions over the donations DataFrame: filters, totals, comparisons, profiles, facets.

Counting rules, applied everywhere a number is summed:
- only rows with in_totals=true are summed (umbrella statements and flows reported twice are not);
- default scope: kind=donation, flow=from-china, statuses delivered and pledged as separate rows;
  an explicit --kind / --flow / --status filter replaces the matching default;
- `each` amounts count once per recipient row; a `shared` amount counts once per record, and where
  rows are split by recipient it is its own row named "shared: A, B, +N", never added to a member;
- sums are per item, unit and status: delivered and pledged are never added, units never mixed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


from aidcli.vocab import GROUP_KEYS

TOTAL_COLUMNS = ["item", "unit", "status", "quantity", "value_usd", "records"]


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


def date_bounds(dates: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last possible day of each partial date, as sortable strings ('2020-03' -> 00..99)."""
    text = dates.astype(object)
    start = text.map(lambda d: (d + "-00-00")[:10] if isinstance(d, str) else None)
    end = text.map(lambda d: (d + "-99-99")[:10] if isinstance(d, str) else None)
    return start, end


@dataclass
class Filters:
    """Resolved shared filters: options OR within themselves, AND across."""

    places: list = field(default_factory=list)  # names.Place
    donors: list[str] = field(default_factory=list)
    donor_types: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    flows: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    search: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None


def place_mask(df: pd.DataFrame, places: list) -> np.ndarray:
    """Rows whose recipient is one of the places (by ISO3 for countries, by name otherwise)."""
    keep = np.zeros(len(df), bool)
    for p in places:
        keep |= df["recipient"].eq(p.label).fillna(False).to_numpy(bool)
        if p.iso3:
            keep |= df["recipient_iso3"].eq(p.iso3).fillna(False).to_numpy(bool)
    return keep


def apply(df: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The rows that pass every given filter."""
    keep = np.ones(len(df), bool)
    if f.places:
        keep &= place_mask(df, f.places)
    for column, values in (("donor", f.donors), ("donor_type", f.donor_types), ("region", f.regions),
                           ("item", f.items), ("kind", f.kinds), ("status", f.statuses),
                           ("flow", f.flows), ("source", f.sources)):
        if values:
            keep &= df[column].isin(values).to_numpy(bool)
    if f.since or f.until:
        start, end = date_bounds(df["date"])
        if f.since:
            keep &= (end >= date_bounds(pd.Series([f.since]))[0].iloc[0]).fillna(False).to_numpy(bool)
        if f.until:
            keep &= (start <= date_bounds(pd.Series([f.until]))[1].iloc[0]).fillna(False).to_numpy(bool)
    if f.search:
        terms = [t.casefold() for t in f.search]

        def hit(s: pd.Series) -> pd.Series:
            low = s.str.casefold()
            return pd.concat([low.str.contains(t, regex=False) for t in terms], axis=1).any(axis=1)

        found = np.zeros(len(df), bool)
        for column in ("quote", "notes"):
            if column in df:
                found |= on_text(df[column], hit)
        keep &= found
    return df[keep]


def _ids(df: pd.DataFrame) -> np.ndarray:
    """record_id as integer codes where it is categorical (fast to count), else as values."""
    col = df["record_id"]
    return col.cat.codes.to_numpy() if isinstance(col.dtype, pd.CategoricalDtype) else col.to_numpy()


def records(df: pd.DataFrame, mask: np.ndarray | None = None) -> int:
    """Distinct records in `df` (or in its rows under `mask`), without copying the frame."""
    ids = _ids(df)
    return int(len(pd.unique(ids if mask is None else ids[mask])))


def scope(df: pd.DataFrame, f: Filters) -> tuple[pd.DataFrame, dict[str, int]]:
    """The rows totals may sum, and how many records each default left out."""
    left_out: dict[str, int] = {}
    keep = np.ones(len(df), bool)
    rules = [
        ("not in totals (umbrella statements or reported twice)",
         ~df["in_totals"].fillna(False).to_numpy(bool)),
    ]
    if not f.kinds:
        for kind in ("purchase", "logistics"):
            rules.append((f"{kind} records", df["kind"].eq(kind).fillna(False).to_numpy(bool)))
    if not f.flows:
        rules.append(("aid to China", df["flow"].eq("to-china").fillna(False).to_numpy(bool)))
    if not f.statuses:
        rules.append(("rejected", df["status"].eq("rejected").fillna(False).to_numpy(bool)))
    for label, out in rules:
        n = records(df, keep & out)
        if n:
            left_out[label] = n
        keep &= ~out
    return df[keep], left_out


def shared_labels(all_rows: pd.DataFrame, column: str = "recipient") -> dict[str, str]:
    """For each shared record, a label naming every value of `column` it spans: 'shared: A, B, +6'
    (for a column other than recipient, the value itself when the record has only one)."""
    shared = all_rows.loc[all_rows["allocation"].eq("shared").fillna(False).to_numpy(bool),
                          ["record_id", column]].astype(object).dropna().drop_duplicates()
    if shared.empty:
        return {}
    g = shared.groupby("record_id", sort=False)[column]
    nth = g.cumcount().to_numpy()
    first = shared[nth == 0].set_index("record_id")[column]
    second = shared[nth == 1].set_index("record_id")[column].reindex(first.index)
    count = g.size().reindex(first.index)
    label = "shared: " + first + second.map(lambda v: f", {v}" if isinstance(v, str) else "") + \
        count.map(lambda n: f", +{n - 2}" if n > 2 else "")
    if column != "recipient":
        label = label.where(count > 1, first)
    return label.to_dict()


def _with_month(df: pd.DataFrame) -> pd.DataFrame:
    month = df["date"].astype(object).map(lambda d: d[:7] if isinstance(d, str) and len(d) >= 7 else None)
    return df.assign(month=month)


def totals(df: pd.DataFrame, by: list[str], all_rows: pd.DataFrame) -> pd.DataFrame:
    """Sums of quantity and value_usd per keys, item, unit and status, shared amounts counted once.

    `df` is already scoped; `all_rows` is the whole dataset, to name every member of a shared record.
    """
    keys = list(dict.fromkeys(GROUP_KEYS[k] for k in by))
    needed = ["record_id", "date", "allocation", "item", "unit", "status", "quantity", "value_usd"]
    df = df[list(dict.fromkeys(needed + [k for k in keys if k != "month"]))]  # narrow before copying rows
    numbered = df[(df["quantity"].notna() | df["value_usd"].notna()).to_numpy(bool)]
    if "month" in keys:
        numbered = _with_month(numbered)
    is_shared = numbered["allocation"].eq("shared").fillna(False).to_numpy(bool)
    own, shared = numbered[~is_shared], numbered[is_shared]
    parts = []
    group = keys + ["item", "unit", "status"]
    if len(own):
        parts.append(_sum(own, group))
    if len(shared):
        shared = shared.astype({c: object for c in group if c in shared}).drop_duplicates(
            subset=["record_id", "item", "unit", "status"])
        for key in keys:
            if key in ("recipient", "region"):
                labels = shared_labels(all_rows[all_rows["record_id"].isin(shared["record_id"])], key)
                shared[key] = shared["record_id"].map(labels)
        parts.append(_sum(shared, group))
    if not parts:
        return pd.DataFrame(columns=keys + TOTAL_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    if len(parts) > 1:  # shared amounts join their item's sum (labelled keys stay their own rows)
        out = out.groupby(group, dropna=False, sort=False)[["quantity", "value_usd", "records"]].sum(
            min_count=1).reset_index()
    out = out.sort_values(keys + ["item", "status", "quantity"],
                          ascending=[True] * (len(keys) + 2) + [False], na_position="last",
                          key=lambda s: s.astype(str).str.lower() if s.name != "quantity" else s)
    return out.reset_index(drop=True)


def _sum(df: pd.DataFrame, group: list[str]) -> pd.DataFrame:
    g = df.groupby(group, observed=True, dropna=False, sort=False)
    out = g[["quantity", "value_usd"]].sum(min_count=1)
    out["records"] = g["record_id"].nunique()
    out = out.reset_index()
    for column in group:
        out[column] = out[column].astype(object)
    return out


def no_number(df: pd.DataFrame) -> int:
    """Records in `df` none of whose rows gives a number."""
    numbered = (df["quantity"].notna() | df["value_usd"].notna()).to_numpy(bool)
    ids = _ids(df)
    return int(len(np.setdiff1d(pd.unique(ids), pd.unique(ids[numbered]), assume_unique=True)))


def approximate(df: pd.DataFrame) -> int:
    """Figures (a record's number for an item) that are qualified: nearly, over, about, up to..."""
    numbered = (df["quantity"].notna() | df["value_usd"].notna()).to_numpy(bool)
    hits = df[df["approx"].notna().to_numpy(bool) & numbered]
    return int(len(hits.drop_duplicates(["record_id", "item"])))


def caption(df_scoped: pd.DataFrame, left_out: dict[str, int], split_shared: bool) -> str:
    """What a table of sums left out or set apart, so a partial total is never taken for the whole."""
    parts = [f"{n} {label.replace('records', 'record') if n == 1 else label}" for label, n in left_out.items()]
    silent = no_number(df_scoped)
    if silent:
        parts.append(f"{silent} record{'s' * (silent != 1)} that give{'s' * (silent == 1)} no number")
    text = ("Left out: " + "; ".join(parts) + ".") if parts else "Nothing left out."
    approx = approximate(df_scoped)
    if approx:
        text += (f" {approx} figure{' is' if approx == 1 else 's are'} approximate"
                 " (the article says nearly, over, about...).")
    shared = df_scoped["allocation"].eq("shared").fillna(False).to_numpy(bool)
    if shared.any() and split_shared:
        text += " Shared amounts (one total for several recipients) are set apart as 'shared: ...' rows."
    elif shared.any():
        text += " Shared amounts are counted once per record."
    return text


def list_rows(df: pd.DataFrame, columns: list[str], sort: str | None, desc: bool,
              limit: int | None) -> pd.DataFrame:
    """Rows with chosen columns, sorted (numbers numerically, text alphabetically) and limited."""
    out = df
    if sort:
        out = out.sort_values(sort, ascending=not desc, na_position="last", kind="stable",
                              key=None if out[sort].dtype.kind in "fiub" else lambda s: s.astype(object).astype(str).where(s.notna(), None))
    if limit is not None:
        out = out.head(limit)
    return out[columns].reset_index(drop=True)


def compare(frames: dict[str, pd.DataFrame], all_rows: pd.DataFrame, split_shared: bool) -> pd.DataFrame:
    """One column per name: sums per item, unit and status, plus counts of records, donors, donor types."""
    merged: pd.DataFrame | None = None
    keys = ["item", "unit", "status"] + (["recipient"] if split_shared else [])
    for name, df in frames.items():
        t = totals(df, ["recipient"] if split_shared else [], all_rows)
        if split_shared:
            t["recipient"] = t["recipient"].where(t["recipient"].astype(str).str.startswith("shared:"), "")
        t = t[keys + ["quantity"]].rename(columns={"quantity": name})
        merged = t if merged is None else merged.merge(t, on=keys, how="outer")
    assert merged is not None
    merged = merged.rename(columns={"recipient": "shared"}) if split_shared else merged
    counts = pd.DataFrame([
        {"item": label, "unit": "count", "status": "", **({"shared": ""} if split_shared else {}),
         **{name: float(df[col].nunique()) for name, df in frames.items()}}
        for label, col in (("records", "record_id"), ("donors", "donor"), ("donor types", "donor_type"))
    ])
    merged = merged.sort_values(["item", "status", "unit"], key=lambda s: s.astype(str).str.lower())
    return pd.concat([merged, counts], ignore_index=True)


def _grouped(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Records and items per keys, most records first."""
    if df.empty:
        return pd.DataFrame(columns=[*keys, "records", "items"])
    g = df[[*keys, "item", "record_id"]].astype({k: object for k in [*keys, "item"]}).groupby(keys, dropna=False)
    out = g.agg(records=("record_id", "nunique"),
                items=("item", lambda s: ", ".join(sorted(set(s.dropna()))))).reset_index()
    return out.sort_values(["records", keys[0]], ascending=[False, True]).reset_index(drop=True)


def donors_of(df: pd.DataFrame) -> pd.DataFrame:
    """Who gave: donor, type, records and the items."""
    return _grouped(df, ["donor", "donor_type"])


def recipients_of(df: pd.DataFrame) -> pd.DataFrame:
    """To whom: recipient, region, records and the items."""
    return _grouped(df, ["recipient", "region"])


def not_in_totals(df: pd.DataFrame) -> pd.DataFrame:
    """Records kept but never summed: umbrella statements and flows reported twice."""
    rows = df[~df["in_totals"].fillna(False).to_numpy(bool)]
    if rows.empty:
        return pd.DataFrame(columns=["record_id", "donor", "recipient", "items", "overlaps", "notes"])
    rows = rows.astype(object)
    g = rows.groupby("record_id", sort=True)
    return pd.DataFrame({
        "donor": g["donor"].first(),
        "recipient": g["recipient"].agg(lambda s: ", ".join(dict.fromkeys(s.dropna()))),
        "items": g["item"].agg(lambda s: ", ".join(dict.fromkeys(s.dropna()))),
        "overlaps": g["overlaps"].first(),
        "notes": g["notes"].first(),
    }).reset_index()


def facet_countries(df: pd.DataFrame) -> pd.DataFrame:
    """Every recipient with its type, region, records received, donors, and records it sent to China."""
    rows = df.astype({c: object for c in ("recipient", "recipient_iso3", "region", "donor_country")})
    g = rows.groupby(["recipient", "recipient_iso3", "region"], dropna=False)
    out = g.agg(records=("record_id", "nunique"), donors=("donor", "nunique")).reset_index()
    to_china = rows[rows["flow"].eq("to-china").fillna(False).to_numpy(bool)]
    sent = to_china.groupby("donor_country")["record_id"].nunique()
    out["sent_to_china"] = out["recipient_iso3"].map(sent).fillna(0).astype(int)
    out.insert(1, "type", np.where(out["recipient_iso3"].notna(), "country",
                                   np.where(out["region"].eq("International") | out["recipient"].str.contains(
                                       "Union|Organization", regex=True), "organisation", "group")))
    return out.sort_values(["records", "recipient"], ascending=[False, True]).reset_index(drop=True)


def facet_donors(df: pd.DataFrame, donors: pd.DataFrame) -> pd.DataFrame:
    """Every donor entity of the rows with its type, country, parent, members, records and recipients
    (members of joint donors that give nothing alone are named in 'members')."""
    rows = df.astype({"donor": object})
    g = rows.groupby("donor")
    counts = pd.DataFrame({"records": g["record_id"].nunique(), "recipients": g["recipient"].nunique()})
    out = donors.astype(object).merge(counts, left_on="donor", right_index=True, how="inner")
    out[["records", "recipients"]] = out[["records", "recipients"]].astype(int)
    cols = ["donor", "donor_type", "country", "parent", "members", "records", "recipients"]
    return out[cols].sort_values(["records", "donor"], ascending=[False, True]).reset_index(drop=True)


def facet_items(df: pd.DataFrame) -> pd.DataFrame:
    """Every item with its group, records, and rows that give a number."""
    rows = df.astype({"item": object, "item_group": object})
    numbered = rows["quantity"].notna() | rows["value_usd"].notna()
    g = rows.assign(numbered=numbered).groupby(["item_group", "item"])
    out = g.agg(records=("record_id", "nunique"), rows_with_number=("numbered", "sum")).reset_index()
    return out[["item", "item_group", "records", "rows_with_number"]].sort_values(
        ["item_group", "records"], ascending=[True, False]).reset_index(drop=True)


def facet_sources(df: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Every source with its bibliographic data and number of records."""
    counts = df.astype({"source": object}).groupby("source")["record_id"].nunique().rename("records")
    out = sources.astype(object).merge(counts, left_on="source", right_index=True, how="left")
    out["records"] = out["records"].fillna(0).astype(int)
    return out.reset_index(drop=True)


# Words by which an article says a party's aid to China came first: on its own gift to China
# ("had previously sent", "initially pledged", "early aid"), or on China's ("in return", "reciprocated").
FIRST_WORDS_SENT = re.compile(r"previously|initially|early aid|early February|had already sent|reciprocal", re.I)
FIRST_WORDS_GOT = re.compile(r"in return|reciprocated|reciprocal", re.I)


def _party_of(df: pd.DataFrame, code: str, name: str) -> pd.Series:
    """A country by ISO3, or an organisation by name, for matching both sides of a flow."""
    codes = df[code].astype(object)
    return codes.where(codes.notna(), df[name].astype(object))


def _line(rows: pd.DataFrame) -> str:
    parts = []
    for r in rows.astype(object).drop_duplicates(["record_id", "item"]).itertuples(index=False):
        amount = "" if pd.isna(r.quantity) else f" {r.quantity:,.0f} {r.unit}".rstrip()
        when = f", {r.date}" if isinstance(r.date, str) else ""
        parts.append(f"{r.item}{amount} ({r.status}{when}; {r.record_id})")
    return "; ".join(parts)


def reciprocity(df: pd.DataFrame) -> pd.DataFrame:
    """Each party found on both sides: what it sent to China, what it received, who gave first.

    'first' is taken from the articles' own words (previously, in return, reciprocated...) in the
    quotes of either side, never guessed from missing dates.
    """
    to_china = df[df["flow"].eq("to-china").fillna(False).to_numpy(bool)]
    from_china = df[df["flow"].eq("from-china").fillna(False).to_numpy(bool)]
    senders = _party_of(to_china, "donor_country", "donor")
    receivers = _party_of(from_china, "recipient_iso3", "recipient")
    rows = []
    for party in sorted(set(senders.dropna()) & set(receivers.dropna())):
        sent = to_china[(senders == party).to_numpy(bool)]
        got = from_china[(receivers == party).to_numpy(bool)]
        name = got["recipient"].astype(object).iloc[0]
        evidence = []
        for side, words in ((sent, FIRST_WORDS_SENT), (got, FIRST_WORDS_GOT)):
            for r in side.astype(object).drop_duplicates("record_id").itertuples(index=False):
                m = words.search(r.quote) if isinstance(r.quote, str) else None
                if m:
                    lo, hi = max(0, m.start() - 50), min(len(r.quote), m.end() + 50)
                    evidence.append(f"{r.record_id}: \u2026{' '.join(r.quote[lo:hi].split())}\u2026")
        dates_sent = sorted(d for d in sent["date"].astype(object) if isinstance(d, str))
        dates_got = sorted(d for d in got["date"].astype(object) if isinstance(d, str))
        rows.append({
            "party": name, "iso3": party if len(party) == 3 and party.isupper() else None,
            "sent_to_china": _line(sent), "first_sent": dates_sent[0] if dates_sent else None,
            "received_records": int(got["record_id"].nunique()),
            "received_items": ", ".join(sorted(set(got["item"].dropna().astype(str)))),
            "first_received": dates_got[0] if dates_got else None,
            "gave_first": "it gave first, China's aid followed" if evidence else "not stated",
            "evidence": " | ".join(evidence),
        })
    return pd.DataFrame(rows, columns=["party", "iso3", "sent_to_china", "first_sent", "received_records",
                                       "received_items", "first_received", "gave_first", "evidence"])


def _umbrella(notes: object) -> bool:
    return isinstance(notes, str) and notes.startswith("Umbrella")


def summary(df: pd.DataFrame, top: int = 10) -> dict[str, pd.DataFrame]:
    """The dataset at a glance: records by source, kind, status and flow; top recipients and
    donors; what is out of totals and why."""
    records = df.astype(object).drop_duplicates("record_id")
    out = {}
    for column in ("source", "kind", "status", "flow"):
        counts = df.astype({column: object}).groupby(column)["record_id"].nunique()
        out[f"by_{column}"] = counts.rename("records").reset_index().sort_values(
            "records", ascending=False).reset_index(drop=True)
    in_totals = df[df["in_totals"].fillna(False).to_numpy(bool)]
    recipients = recipients_of(in_totals[in_totals["flow"].eq("from-china").fillna(False).to_numpy(bool)])
    out["top_recipients"] = recipients.head(top)[["recipient", "region", "records"]]
    out["top_donors"] = donors_of(in_totals).head(top)[["donor", "donor_type", "records"]]
    excluded = records[~records["in_totals"].fillna(False).astype(bool).to_numpy()]
    reasons = excluded["notes"].map(lambda n: "umbrella statement" if _umbrella(n)
                                    else "reported twice or included in another record")
    out["not_in_totals"] = reasons.value_counts().rename_axis("reason").rename("records").reset_index()
    return out
