"""Pure functions over the donations DataFrame that list and describe rows: profiles' donors,
recipients and umbrella statements, the facets (countries, donors, items, sources),
reciprocity and the summary. Sums live in counting.py."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from aidcli.model.frames import joined
from aidcli.model.quotes import clean
from aidcli.query import counting


def _grouped(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Records and items per keys, most records first."""
    if df.empty:
        return pd.DataFrame(columns=[*keys, "records", "items"])
    rows = df[[*keys, "item", "record_id"]].astype(dict.fromkeys([*keys, "item"], object))
    g = rows.groupby(keys, dropna=False)
    out = g.agg(records=("record_id", "nunique")).reset_index()
    out["items"] = joined(g.ngroup().to_numpy(), rows["item"], len(out), sort=True)
    return out.sort_values(["records", keys[0]], ascending=[False, True]).reset_index(drop=True)


def donors_of(
    df: pd.DataFrame, everything: pd.DataFrame | None = None, links: dict[str, list[str]] | None = None
) -> pd.DataFrame:
    """Who gave: donor, type, records and the items; with `everything` (the whole dataset), also
    `may_overlap`: which of the donor's records may report the same aid as another record in
    totals, and that record's donor ('R0096 may overlap R0052 (Jack Ma Foundation and Alibaba
    Foundation)'), so two donors that may be one gift are never read as two. `links`: those of
    may_overlap_links(everything), when the caller has them."""
    out = _grouped(df, ["donor", "donor_type"])
    if everything is None:
        return out
    links = may_overlap_links(everything) if links is None else links
    donor_of = _donor_of(everything, {o for others in links.values() for o in others})
    mine = df[["record_id", "donor"]].astype(object).drop_duplicates("record_id")
    said: dict[str, list[str]] = {}
    for rid, donor in sorted(zip(mine["record_id"], mine["donor"])):
        if rid in links:
            others = ", ".join(f"{o} ({donor_of.get(o, 'unknown donor')})" for o in links[rid])
            said.setdefault(donor, []).append(f"{rid} may overlap {others}")
    out["may_overlap"] = [("; ".join(said[d]) if d in said else "") for d in out["donor"].astype(object)]
    return out


def one_gift(df: pd.DataFrame, everything: pd.DataFrame, links: dict[str, list[str]] | None = None) -> str:
    """A sentence naming the records of `df` that may report the same aid under two different
    donors both in `df` (R0052 by the Jack Ma Foundation and Alibaba Foundation, R0096 by the
    Jack Ma Foundation): a list of donors that may count one gift twice says so. Empty if none."""
    links = may_overlap_links(everything) if links is None else links
    mine = df[["record_id", "donor"]].astype(object).drop_duplicates("record_id")
    donor_of = dict(zip(mine["record_id"], mine["donor"]))
    pairs = sorted(
        {(a, b) for a in donor_of for b in links.get(a, ()) if b in donor_of and a < b and donor_of[a] != donor_of[b]}
    )
    if not pairs:
        return ""
    said = "; ".join(f"{a} ({donor_of[a]}) and {b} ({donor_of[b]})" for a, b in pairs)
    one = len(pairs) == 1
    return (
        f"{'Two donors here' if one else 'Donors here'} may be one gift: {said} may report the same aid "
        f"(the articles do not say); {'both count' if one else 'each counts'} in totals."
    )


def may_overlap_links(everything: pd.DataFrame) -> dict[str, list[str]]:
    """For each record in totals, the records in totals it may report again: the `overlaps`
    column read both ways (ranges.links, as the sums read it) over the records in totals of the
    whole dataset, so pairs with an umbrella statement or a record surely reported twice are left
    out (those are never summed). Record id -> sorted ids."""
    from aidcli.query import ranges

    if "overlaps" not in everything.columns or everything.empty:
        return {}
    counted = everything[everything["in_totals"].fillna(False).to_numpy(bool)]
    return {rid: sorted(others) for rid, others in sorted(ranges.links(counted).items())}


def _donor_of(everything: pd.DataFrame, ids: set[str]) -> dict[str, str]:
    rows = everything.loc[everything["record_id"].isin(pd.Index(ids)).to_numpy(bool), ["record_id", "donor"]]
    rows = rows.astype(object).drop_duplicates("record_id")
    return dict(zip(rows["record_id"], rows["donor"]))


MAY_OVERLAP_COLUMNS = ["record_id", "donor", "recipient", "items", "may_overlap", "notes"]


def may_overlap(df: pd.DataFrame, everything: pd.DataFrame, links: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """The records of `df` in totals that may report the same aid as another record in totals
    (whether or not that one is in `df`): record, donor, recipients, items, the records it may
    overlap (space-separated ids) and its notes, which say how ('may be part of', 'may be the
    same donation')."""
    links = may_overlap_links(everything) if links is None else links
    rows = df[df["record_id"].isin(pd.Index(list(links))).to_numpy(bool) & df["in_totals"].fillna(False).to_numpy(bool)]
    if rows.empty:
        return pd.DataFrame(columns=MAY_OVERLAP_COLUMNS)
    rows = rows[["record_id", "donor", "recipient", "item", "notes"]].astype(object)
    g = rows.groupby("record_id", sort=True)
    number = g.ngroup().to_numpy()
    out = pd.DataFrame(
        {
            "donor": g["donor"].first(),
            "recipient": joined(number, rows["recipient"], g.ngroups),
            "items": joined(number, rows["item"], g.ngroups),
            "notes": g["notes"].first(),
        }
    ).reset_index()
    out["may_overlap"] = [" ".join(links[rid]) for rid in out["record_id"]]
    return out[MAY_OVERLAP_COLUMNS]


def recipients_of(df: pd.DataFrame) -> pd.DataFrame:
    """To whom: recipient, region, records and the items."""
    return _grouped(df, ["recipient", "region"])


def regions_of(df: pd.DataFrame) -> pd.DataFrame:
    """By recipient's region: records, distinct recipients and donors, most records first."""
    if df.empty:
        return pd.DataFrame(columns=["region", "records", "recipients", "donors"])
    rows = df.astype(dict.fromkeys(("region", "recipient", "donor", "record_id"), object))
    g = rows.groupby("region", dropna=False)
    out = g.agg(
        records=("record_id", "nunique"), recipients=("recipient", "nunique"), donors=("donor", "nunique")
    ).reset_index()
    return out.sort_values(["records", "region"], ascending=[False, True]).reset_index(drop=True)


def not_in_totals(df: pd.DataFrame) -> pd.DataFrame:
    """Records kept but never summed: umbrella statements and flows reported twice."""
    rows = df[~df["in_totals"].fillna(False).to_numpy(bool)]
    if rows.empty:
        return pd.DataFrame(columns=["record_id", "donor", "recipient", "items", "overlaps", "notes"])
    rows = rows[["record_id", "donor", "recipient", "item", "overlaps", "notes"]].astype(object)
    g = rows.groupby("record_id", sort=True)
    number = g.ngroup().to_numpy()
    return pd.DataFrame(
        {
            "donor": g["donor"].first(),
            "recipient": joined(number, rows["recipient"], g.ngroups),
            "items": joined(number, rows["item"], g.ngroups),
            "overlaps": g["overlaps"].first(),
            "notes": g["notes"].first(),
        }
    ).reset_index()


# A named organisation, as the records name one ("World Health Organization", "African Union"):
# a capitalised Union or Organization. An unnamed group ("82 countries", "four international
# organizations", "everyone in the world") is a group, whatever its region.
ORGANISATION = re.compile(r"\b(?:Union|Organi[sz]ation)\b")
RECIPIENT_TYPES = ("country", "organisation", "group")


def facet_countries(df: pd.DataFrame) -> pd.DataFrame:
    """Every recipient with its type (country: has an ISO3; organisation: a named one; group: an
    unnamed group the article does not list), region, records received, donors, and records it sent
    to China (a country by its donors' country, an organisation such as the EU by its own name as donor)."""
    rows = df.astype(dict.fromkeys(("recipient", "recipient_iso3", "region", "donor_country", "donor"), object))
    g = rows.groupby(["recipient", "recipient_iso3", "region"], dropna=False)
    out = g.agg(records=("record_id", "nunique"), donors=("donor", "nunique")).reset_index()
    to_china = rows[rows["flow"].eq("to-china").fillna(False).to_numpy(bool)]
    by_country = to_china.groupby("donor_country")["record_id"].nunique()
    by_name = to_china.groupby("donor")["record_id"].nunique()
    sent = out["recipient_iso3"].map(by_country).fillna(out["recipient"].map(by_name))
    out["sent_to_china"] = sent.fillna(0).astype(int)
    named = out["recipient"].astype(str).str.contains(ORGANISATION).to_numpy(bool)
    out.insert(1, "type", np.where(out["recipient_iso3"].notna(), "country", np.where(named, "organisation", "group")))
    return out.sort_values(["records", "recipient"], ascending=[False, True]).reset_index(drop=True)


def facet_donors(df: pd.DataFrame, donors: pd.DataFrame) -> pd.DataFrame:
    """Every donor entity of the rows with its type, country, parent, members, records and recipients
    (members of joint donors that give nothing alone are named in 'members'). 'recipients' are the
    distinct recipients of its records other than logistics: a donor that carried or distributed
    others' aid (the Ethiopian Prime Minister to each African state) gave those recipients nothing."""
    rows = df.astype({"donor": object, "recipient": object})
    given = rows[rows["kind"].ne("logistics").fillna(True).to_numpy(bool)]
    counts = pd.DataFrame(
        {
            "records": rows.groupby("donor")["record_id"].nunique(),
            "recipients": given.groupby("donor")["recipient"].nunique(),
        }
    ).fillna(0)
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
    return (
        out[["item", "item_group", "records", "rows_with_number"]]
        .sort_values(["item_group", "records"], ascending=[True, False])
        .reset_index(drop=True)
    )


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


def _line(rows: pd.DataFrame, everything: pd.DataFrame) -> str:
    """What a party sent, one item a clause, each amount with the article's qualifier ('up to
    100,000,000 USD'); an amount for China and others together says so."""
    from aidcli.model.cells import figure

    parts = []
    for r in rows.astype(object).drop_duplicates(["record_id", "item"]).itertuples(index=False):
        words = getattr(r, "approx", None)
        # pandas-stubs types a tuple's cells as scalars some of which its isna and eq refuse
        quantity = None if pd.isna(r.quantity) else r.quantity  # type: ignore[arg-type]
        said = figure(quantity, words if isinstance(words, str) else None, r.unit if isinstance(r.unit, str) else None)
        amount = f" {said}" if said else ""
        if r.allocation == "shared":
            others = everything.loc[
                everything["record_id"].eq(r.record_id).to_numpy(bool)  # type: ignore[arg-type,index]
                & everything["recipient_iso3"].ne("CHN").fillna(True).to_numpy(bool),
                "recipient",
            ]
            amount += " for China together with " + ", ".join(dict.fromkeys(others.astype(str)))
        when = f", {r.date}" if isinstance(r.date, str) else ""
        parts.append(f"{r.item}{amount} ({r.status}{when}; {r.record_id})")
    return "; ".join(parts)


def reciprocity(df: pd.DataFrame) -> pd.DataFrame:
    """Each party found on both sides: what it sent to China, what it received, who gave first.

    'first' is taken from the articles' own words (previously, in return, reciprocated...) in the
    quotes of either side, never guessed from missing dates.
    """
    for_china = df["recipient_iso3"].eq("CHN").fillna(False).to_numpy(bool)  # flow other: China among others
    to_china = df[
        df["flow"].eq("to-china").fillna(False).to_numpy(bool)
        | (for_china & df["flow"].eq("other").fillna(False).to_numpy(bool))
    ]
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
                text = clean(r.quote) if isinstance(r.quote, str) else ""  # as a reader sees it, no Markdown
                m = words.search(text)
                if m:
                    lo, hi = max(0, m.start() - 50), min(len(text), m.end() + 50)
                    evidence.append(f"{r.record_id}: \u2026{text[lo:hi]}\u2026")
        dates_sent = sorted(d for d in sent["date"].astype(object) if isinstance(d, str))
        dates_got = sorted(d for d in got["date"].astype(object) if isinstance(d, str))
        rows.append(
            {
                "party": name,
                "iso3": party if len(party) == 3 and party.isupper() else None,
                "sent_to_china": _line(sent, df),
                "first_sent": dates_sent[0] if dates_sent else None,
                "received_records": int(got["record_id"].nunique()),
                "received_items": ", ".join(sorted(set(got["item"].dropna().astype(str)))),
                "first_received": dates_got[0] if dates_got else None,
                "gave_first": "it gave first, China's aid followed" if evidence else "not stated",
                "evidence": " | ".join(evidence),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "party",
            "iso3",
            "sent_to_china",
            "first_sent",
            "received_records",
            "received_items",
            "first_received",
            "gave_first",
            "evidence",
        ],
    )


PARTLY_COLUMNS = [
    "record_id",
    "date",
    "donor",
    "recipients",
    "to_china",
    "item",
    "quantity",
    "unit",
    "approx",
    "value_usd",
    "status",
    "kind",
    "in_totals",
    "notes",
]
SHARED_WITH_CHINA = "China among the recipients"
NOT_STATED = "recipient not stated"


def partly_to_china(df: pd.DataFrame, everything: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Aid partly or possibly to China, which no to-China view holds: records of flow 'other'
    that name China among their recipients (the US 'up to $100 million' for China and other
    countries), or name no country or organisation at all (the EU's EUR 10 million for vaccine
    research, recipient not stated). One row per record, item, unit and status (a shared amount
    once), every recipient of the record named. Also returns the flow-other records of `df` left
    out: aid between others (the US's offer to Iran, its funding of the WHO)."""
    other = df[df["flow"].eq("other").fillna(False).to_numpy(bool)]
    if other.empty:
        return pd.DataFrame(columns=PARTLY_COLUMNS), []
    ids = pd.Index(other["record_id"].astype(object).unique())
    theirs = everything[everything["record_id"].isin(ids).to_numpy(bool)].astype(
        {"record_id": object, "recipient": object, "recipient_iso3": object}
    )
    china = set(theirs.loc[theirs["recipient_iso3"].eq("CHN").fillna(False).to_numpy(bool), "record_id"])
    named = theirs["recipient_iso3"].notna().to_numpy(bool) | theirs["recipient"].fillna("").str.contains(
        ORGANISATION
    ).to_numpy(bool)
    unstated = set(theirs["record_id"]) - set(theirs.loc[named, "record_id"])
    keep = china | unstated
    recipients = theirs.groupby("record_id")["recipient"].agg(lambda s: ", ".join(dict.fromkeys(s.dropna())))
    rows = other.astype({c: object for c in other.columns if isinstance(other[c].dtype, pd.CategoricalDtype)})
    rows = rows[rows["record_id"].isin(pd.Index(sorted(keep))).to_numpy(bool)]
    rows = rows.drop_duplicates(["record_id", "item", "unit", "status"])
    out = rows.assign(
        recipients=rows["record_id"].map(recipients),
        to_china=[SHARED_WITH_CHINA if r in china else NOT_STATED for r in rows["record_id"]],
    )
    if "approx" not in out:
        out = out.assign(approx=None)
    out = out[[c for c in PARTLY_COLUMNS if c in out.columns]].sort_values("record_id", kind="stable")
    return out.reset_index(drop=True), sorted(set(ids) - keep)


def several(df: pd.DataFrame, column: str) -> list[str]:
    """Records whose rows hold more than one value of `column` (a pledged hospital beside delivered
    teams): a count of records by that column counts them once under each value."""
    counts = df.astype({column: object, "record_id": object}).groupby("record_id")[column].nunique()
    return sorted(counts.index[counts > 1])


def summary(df: pd.DataFrame, top: int = 10) -> dict[str, pd.DataFrame]:
    """The dataset at a glance: records by source, kind, status and flow; top recipients and
    donors; what is out of totals and why."""
    records = df.astype(object).drop_duplicates("record_id")
    out = {}
    for column in ("source", "kind", "status", "flow"):
        counts = df.astype({column: object}).groupby(column)["record_id"].nunique()
        out[f"by_{column}"] = (
            counts.rename("records").reset_index().sort_values("records", ascending=False).reset_index(drop=True)
        )
    in_totals = df[df["in_totals"].fillna(False).to_numpy(bool)]
    recipients = recipients_of(in_totals[in_totals["flow"].eq("from-china").fillna(False).to_numpy(bool)])
    out["top_recipients"] = recipients.head(top)[["recipient", "region", "records"]]
    out["top_donors"] = donors_of(in_totals).head(top)[["donor", "donor_type", "records"]]
    excluded = records[~records["in_totals"].fillna(False).astype(bool).to_numpy()]
    reasons = pd.Series(counting.not_in_totals_reason(excluded), dtype=object)
    out["not_in_totals"] = reasons.value_counts().rename_axis("reason").rename("records").reset_index()
    return out


def reciprocity_screen(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reciprocity table as a person reads it: one line per party, and its evidence apart."""
    received = [
        f"{n} record{'s' * (n != 1)}: {items}" + (f" (first dated {d})" if isinstance(d, str) else "")
        for n, items, d in table[["received_records", "received_items", "first_received"]].itertuples(index=False)
    ]
    screen = pd.DataFrame(
        {
            "party": table["party"],
            "sent_to_china": table["sent_to_china"],
            "received_from_china": received,
            "gave_first": table["gave_first"],
        }
    )
    evidence = pd.DataFrame(
        [
            {"party": p, "evidence": e}
            for p, ev in table[["party", "evidence"]].itertuples(index=False)
            for e in ev.split(" | ")
            if e
        ],
        columns=["party", "evidence"],
    )
    return screen, evidence
