"""One function per command: each takes a Session (the data and the typed filters) and the
command's own options, and returns a Result, the titled tables and captions that
`render.emit` writes. Nothing here parses options or prints.
"""

from __future__ import annotations

import string
from collections.abc import Sequence

import numpy as np
import pandas as pd

from aidcli.loading.data import Dataset
from aidcli.model.columns import GROUP_KEYS
from aidcli.model.quotes import clean
from aidcli.model.result import Result, Section
from aidcli.query import counting, filters, listings, names, ranges
from aidcli.query.kinds import place_mask
from aidcli.query.session import Session

# ---------- rows ----------


def listing(session: Session, conditions: list | None = None) -> Result:
    """The rows that match the filters (and the `filter` command's conditions), with `counted`
    recomputed for them: true on exactly the rows a plain sum of this selection must count."""
    from aidcli.query import conditions as cond

    rows, left_out = session.rows()
    if conditions:
        types = {f.name: f.type for f in _schema().fields}
        keep = np.ones(len(rows), bool)
        for c in conditions:
            keep &= cond.mask(rows, c, types[c.column])
        rows = rows[keep]
    rows = readable(rows, session.dataset.donations)
    parts = [counted_rows(len(rows), rows["record_id"].nunique())]
    parts += [f"left out {len(ids)} record{'s' * (len(ids) != 1)}: {reason}" for reason, ids in left_out.items()]
    caption = "; ".join(parts) + ". " + ROWS_RULE + " 'aidcli show ID' gives a quote."
    return Result(
        [Section("rows", "Aid flows", rows.reset_index(drop=True), caption)], notes=_notes(session), left_out=left_out
    )


def counted_rows(rows: int, records: int) -> str:
    """'12 rows, 4 records', '1 row, 1 record'."""
    return f"{rows} row{'s' * (rows != 1)}, {records} record{'s' * (records != 1)}"


ROWS_RULE = (
    "A shared amount is one row, named by all who share it ('shared: ...'); a plain sum "
    "counts only rows with counted=true."
)


def readable(rows: pd.DataFrame, all_rows: pd.DataFrame) -> pd.DataFrame:
    """Rows as every row view gives them: each shared amount once, labelled with who shares it
    (counting.as_read), and the quote without the seed's Markdown (the data package keeps it
    verbatim)."""
    rows = counting.as_read(rows, all_rows)
    if "quote" not in rows:
        return rows
    return rows.assign(quote=_clean_quotes(rows["quote"]))


def _clean_quotes(quote: pd.Series) -> pd.Series:
    """Each quote made clean, once per distinct quote the rows hold where the column is categorical."""
    if isinstance(quote.dtype, pd.CategoricalDtype):
        quote = quote.cat.remove_unused_categories()
        cleaned = [clean(str(q)) for q in quote.cat.categories]
        if len(set(cleaned)) == len(cleaned):
            return quote.cat.rename_categories(cleaned)
    return quote.astype(object).map(lambda q: clean(q) if isinstance(q, str) else q)


def _schema():
    from aidcli.model.schema import donations_schema

    return donations_schema()


def _notes(session: Session) -> list[str]:
    return list(session.resolved.notes)


# ---------- sums ----------


def totals(session: Session, by: Sequence[str], explain: bool = False) -> Result:
    """Sums per item, unit and status (kind and flow where several), shared amounts once; a country
    filter splits by recipient so a shared amount is never added to one member's total."""
    keys = list(by)
    if session.resolved.places and not any(GROUP_KEYS[k] == "recipient" for k in keys):
        keys = ["recipient", *keys]
    rows, left_out = session.rows()
    s = session.scope(rows, left_out)
    table = counting.sums(s.rows, keys, session.dataset.donations, explain)
    split = any(GROUP_KEYS[k] in ("recipient", "region") for k in keys)
    section = Section("totals", _title("Totals", session), table, counting.caption(s, split, table))
    return Result(explained(section, s, session.dataset, explain), "totals", _notes(session), left_out=s.left_out)


def _title(base: str, session: Session) -> str:
    matches = [m.name for m in session.resolved.donor_matches if m.country]
    return base + (f" ({', '.join(matches)})" if matches else "")


COMPARE_NOTE = (
    " A figure under a name is aidcli's sum of that name's records (computed, not an article's"
    " total unless one record gives it); --explain names the records. Counts (records, donors,"
    " donor types) are per name."
)


def compare(session: Session, picks: dict[str, names.Place | names.DonorMatch], explain: bool = False) -> Result:
    """Countries (or donors) side by side, `picks` by label; an amount two of them share is its
    own row, never repeated in both columns."""
    rows, left_out = session.rows()
    scopes, stated = {}, {}
    for label, pick in picks.items():
        mine = (
            rows[rows["donor"].isin(pick.donors).to_numpy(bool)]
            if isinstance(pick, names.DonorMatch)
            else rows[place_mask(rows, [pick])]
        )
        scopes[label] = session.scope(mine, left_out)
        stated[label] = stated_donors(mine) if isinstance(pick, names.Place) else []  # a recipient's donors
    by_place = all(isinstance(p, names.Place) for p in picks.values())
    table = counting.compare(scopes, session.dataset.donations, explain, recipients=by_place)
    counts = pd.DataFrame(
        [
            {"item": label, "unit": "count", **{n: float(s.rows[col].nunique()) for n, s in scopes.items()}}
            for label, col in (("records", "record_id"), ("donors", "donor"), ("donor types", "donor_type"))
        ]
    )
    union = pd.concat([s.rows for s in scopes.values()])
    merged = counting.Scope(union[~union.index.duplicated()], counting.left_out_of(*scopes.values()))
    notes = [
        f"{p.label} is in no record of this dataset."
        for p in picks.values()
        if isinstance(p, names.Place) and not p.in_data
    ]
    said = [
        f"{label} {scopes[label].rows['donor'].nunique()} in these records, {said_by_article(stated[label])}"
        for label in picks
        if stated[label]
    ]
    section = Section(
        "compare",
        "Compared: " + " vs ".join(picks),
        pd.concat([table, counts], ignore_index=True),
        counting.caption(merged, True, table) + COMPARE_NOTE + (f" Donors: {'; '.join(said)}." if said else ""),
    )
    return Result(
        explained(section, merged, session.dataset, explain),
        "compare",
        _notes(session) + notes,
        left_out=merged.left_out,
    )


def stated_donors(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """(the article's words, record id) of each record of `rows` whose sentence says how many donors
    its recipient had (donors_stated: 'over 20'), in record order. Beside aidcli's count of donors,
    which may be lower: the articles name fewer donors than they count."""
    if "donors_stated" not in rows.columns:
        return []
    have = rows[rows["donors_stated"].notna().to_numpy(bool)].drop_duplicates("record_id")
    pairs = sorted(zip(have["record_id"].astype(str), have["donors_stated"].astype(str)))
    return [(words, rid) for rid, words in pairs]


def said_by_article(stated: list[tuple[str, str]]) -> str:
    """'the article says over 20 (R0081)': an article's count of donors beside aidcli's."""
    counts = ", ".join(f"{words} ({rid})" for words, rid in stated)
    return f"the article{'s say' if len(stated) > 1 else ' says'} {counts}"


# ---------- explain ----------


def _keys(n: int) -> list[str]:
    """a, b, ..., z, aa, ab, ..., zz, aaa, ...: short keys for the rows of a table, as many as it has."""
    letters = string.ascii_lowercase
    out = []
    for i in range(n):
        key = ""
        i += 1
        while i:  # bijective base 26, as spreadsheet columns are named
            i, digit = divmod(i - 1, 26)
            key = letters[digit] + key
        out.append(key)
    return out


def one_line(text: object) -> str:
    """A quote as one clean line, whole: a screen cuts it (shaping), every other format keeps it."""
    return " ".join(clean(text).split()) if isinstance(text, str) else ""


def _sentences(donations: pd.DataFrame, record_ids) -> pd.DataFrame:
    """Each record's source, its quote as one clean line and the quote's hedging words, by
    record_id: each record looked up once, each distinct quote cleaned once (a million rows hold
    far fewer)."""
    from aidcli.model.hedges import hedges

    first = donations.drop_duplicates("record_id")
    first = first[first["record_id"].isin(pd.Index(record_ids)).to_numpy(bool)]
    codes, quotes = pd.factorize(first["quote"].astype(object))
    lines = np.array([one_line(q) for q in quotes] + [""], dtype=object)  # code -1: no quote
    words = np.array([hedges(q) for q in quotes] + [""], dtype=object)
    return pd.DataFrame(
        {"source": first["source"].astype(str).to_numpy(object), "quote": lines[codes], "hedges": words[codes]},
        index=pd.Index(first["record_id"].astype(object), name="record_id"),
    )


def explained(
    section: Section, s: counting.Scope, ds: Dataset, explain: bool, left_out_key: str = "left_out"
) -> list[Section]:
    """With --explain: a key on each summed row, the records behind each key with their
    sentences (the records each may report the same aid as, and the words by which its sentence
    hedges), and the records the sum left out with the reason."""
    if not explain:
        return [section]
    frame = section.frame
    if "record_ids" not in frame.columns:  # nothing was summed (an empty comparison)
        frame = frame.assign(record_ids=None)
    summed = [isinstance(ids, str) for ids in frame["record_ids"]]  # not the count rows of compare
    keys = iter(_keys(sum(summed)))
    keyed = frame.assign(key=[next(keys) if has else "" for has in summed])[["key", *frame.columns]]
    pairs = [
        (k, rid) for k, ids in zip(keyed["key"], keyed["record_ids"]) if isinstance(ids, str) for rid in ids.split()
    ]
    lines = pd.DataFrame(pairs, columns=["key", "record_id"])
    lines = lines.join(_sentences(ds.donations, lines["record_id"].unique()), on="record_id")
    link = ranges.links(s.rows)
    lines["may_overlap"] = [" ".join(sorted(link.get(r, ()))) for r in lines["record_id"]]
    left = counting.left_out_frame(s)
    n = left["record_id"].nunique()
    linked = int(lines["may_overlap"].ne("").sum())
    title = "Matched but left out" if left_out_key == "left_out" else f"{section.title}: matched but left out"
    return [
        Section(section.key, section.title, keyed, section.caption),
        Section(
            f"{section.key}_records",
            "The records behind each row",
            lines[["key", "record_id", "source", "quote", "hedges", "may_overlap"]],
            (
                f"{linked} line{'s name' if linked != 1 else ' names'} records that may report the same aid"
                " (may_overlap): both count, and a sum that adds them is a range. "
                if linked
                else ""
            )
            + "'hedges': the words by which a sentence is not sure. 'aidcli show ID' gives a record whole.",
        ),
        Section(left_out_key, title, left, f"{n} record{'s' * (n != 1)}."),
    ]


# ---------- facets, reciprocity, summary, export ----------


def facet(session: Session, kind: str) -> Result:
    """countries, donors, items or sources of the rows that pass the filters."""
    rows, _ = session.rows()
    ds = session.dataset
    frame = {
        "countries": lambda: listings.facet_countries(rows),
        "donors": lambda: listings.facet_donors(rows, ds.donors),
        "items": lambda: listings.facet_items(rows),
        "sources": lambda: listings.facet_sources(rows, ds.sources),
    }[kind]()
    caption = f"{len(frame)} {kind}."
    if kind == "countries":
        caption = _by_type(frame)
    elif kind == "donors":
        caption += " " + DONOR_RECIPIENTS
    return Result([Section(kind, kind.capitalize(), frame, caption)], notes=_notes(session))


PLURALS = {"country": "countries", "organisation": "organisations", "group": "groups"}
DONOR_RECIPIENTS = (
    "'recipients' counts the distinct recipients of a donor's records (an unnamed group is "
    "one; each of the 54 African states is one), leaving out logistics records: who carried "
    "or distributed aid did not give it."
)


def _by_type(frame: pd.DataFrame) -> str:
    """'105 countries, 3 organisations, 29 groups.': a recipient list counted by what its rows are,
    not all called countries (an unnamed group such as '82 countries' is one row)."""
    counts = frame["type"].value_counts()
    parts = [f"{counts[t]} {PLURALS[t] if counts[t] != 1 else t}" for t in listings.RECIPIENT_TYPES if t in counts]
    return (", ".join(parts) or "0 recipients") + "."


def reciprocity(session: Session, for_screen: bool) -> Result:
    """Parties on both sides: what each sent to China and received from it, and who gave first.
    A country filter keeps both sides of the party: what it received and what its donors sent."""
    r = session.resolved
    rows = session.dataset.donations
    places = r.places
    if places:
        iso3 = {p.iso3 for p in places if p.iso3}
        labels = {p.label for p in places}
        rows = rows[
            place_mask(rows, places)
            | rows["donor_country"].isin(iso3).to_numpy(bool)
            | rows["donor"].isin(labels).to_numpy(bool)
        ]
    kept = filters.Resolved({k: v for k, v in r.values.items() if k != "country"})
    matched = filters.apply(rows, kept)[0]
    table = listings.reciprocity(matched)
    caption = (
        "'gave_first' comes only from the articles' words (previously, in return, reciprocated...), "
        "quoted as evidence; dates are the articles' own. An amount for China together with others says "
        "so; aid partly or possibly to China is listed whole in its own table."
    )
    partly = partly_section(matched, session.dataset.donations, "Aid partly or possibly to China, kept apart")
    if not for_screen:
        return Result(
            [Section("reciprocity", "Aid both ways", table, caption), partly], "reciprocity", notes=_notes(session)
        )
    screen, evidence = listings.reciprocity_screen(table)
    return Result(
        [
            Section("reciprocity", "Aid both ways", screen, caption),
            Section("evidence", "Who gave first: the articles' words", evidence, ""),
            partly,
        ],
        "reciprocity",
        _notes(session),
    )


def partly_section(rows: pd.DataFrame, all_rows: pd.DataFrame, title: str) -> Section:
    """Aid partly or possibly to China (listings.partly_to_china), saying what it leaves out."""
    frame, between_others = listings.partly_to_china(rows, all_rows)
    caption = (
        "Aid of flow 'other' that names China among its recipients, or names no recipient: never added "
        "to aid to China, nor to any recipient's total."
    )
    if between_others:
        n = len(between_others)
        caption += f" Left out: {n} record{'s' * (n != 1)} of aid between others (China not among the recipients)."
    return Section("partly_to_china", title, frame, caption)


SUMMARY_TITLES = {
    "by_source": "Records by source",
    "by_kind": "Records by kind",
    "by_status": "Records by status",
    "by_flow": "Records by flow",
    "top_recipients": "Top recipients (records in totals)",
    "top_donors": "Top donors (records in totals)",
    "not_in_totals": "Kept but not in totals, and why",
}


def summary(session: Session) -> Result:
    """The dataset at a glance."""
    rows, _ = session.rows()
    n = rows["record_id"].nunique()
    sections = [Section(key, SUMMARY_TITLES[key], frame, "") for key, frame in listings.summary(rows).items()]
    # rows as the dataset writes them (a shared amount one row, as `list` shows it), not the rows
    # per member the counting works on: 433 is what a reader of data/donations.csv finds
    sections[0].caption = f"{n} records, {len(counting.as_read(rows, rows))} rows."
    for section in sections:
        column = section.key.removeprefix("by_")
        mixed = listings.several(rows, column) if section.key.startswith("by_") else []
        if mixed:
            one = len(mixed) == 1
            section.caption = (
                f"These add up to {section.frame['records'].sum()} for {n} records: "
                f"{', '.join(mixed)} {'holds' if one else 'hold'} items of more than one {column} "
                f"and {'is' if one else 'are'} counted under each."
            )
    return Result(sections, "by_source", _notes(session))


def export(ds: Dataset, claims: pd.DataFrame | None = None) -> Result:
    """The whole dataset in its one shape (the data package's, which --data reads back): each
    shared amount one row named by who shares it, its members in shared_by, `counted` computed by
    the rule, the quote clean (the data package keeps it verbatim); its donors and sources beside
    it, and the donor's claims when given, for the formats that hold several tables (a SQLite
    database)."""
    rows = counting.with_members(readable(ds.donations, ds.donations), ds.donations).reset_index(drop=True)
    sections = [
        Section("donations", "Donations", rows, f"{len(rows)} rows. " + ROWS_RULE),
        Section("donors", "Donors", ds.donors),
        Section("sources", "Sources", ds.sources),
    ]
    if claims is not None:  # the donor's word, beside the articles' and never joined to their sums
        shown = claims.assign(shared=claims["shared"] == "true")
        sections.append(Section("claims", "The donor's claims", shown, "The donor's word, never in a total."))
    return Result(sections, "donations")
