"""Profiles (a country, a donor, a record) as lists of render Sections, and citations."""

from __future__ import annotations

import re

import pandas as pd

from aidcli import query
from aidcli.data import Dataset
from aidcli.errors import UsageError
from aidcli.names import DonorMatch, Place, suggest
from aidcli.render import Section
from aidcli.vocab import LIST_COLUMNS

RECORD_FIELDS = ["record_id", "date", "donor", "donor_type", "channel", "donor_country", "flow", "kind",
                 "allocation", "in_totals", "overlaps", "source", "quote", "notes"]
ROW_FIELDS = ["recipient", "recipient_place", "item", "quantity", "unit", "approx", "value_usd", "status"]


def _records_section(rows: pd.DataFrame, title: str = "Records") -> Section:
    cols = [c for c in LIST_COLUMNS if c in rows.columns]
    extra = [c for c in rows.columns if c == "via"]
    frame = rows[extra + cols].reset_index(drop=True)
    return Section("records", title, frame,
                   f"{len(frame)} rows, {frame['record_id'].nunique()} records. "
                   "'aidcli show ID' gives a record's quote.")


def _received(rows: pd.DataFrame, f: query.Filters, all_rows: pd.DataFrame, by: list[str],
              title: str) -> Section:
    scoped, left_out = query.scope(rows, f)
    split = "recipient" in by
    table = query.totals(scoped, by, all_rows)
    return Section("received" if split else "gave", title, table, query.caption(scoped, left_out, split))


def country(ds: Dataset, f: query.Filters, place: Place, records_only: bool = False) -> list[Section]:
    """What a country received, by item and status; from whom; what it sent to China; its records.
    `records_only` (CSV holds one table) skips the sections that would not be printed."""
    rows = query.apply(ds.donations, f)
    mine_mask = query.place_mask(rows, [place])
    sent_mask = (rows["flow"].eq("to-china").fillna(False) &
                 rows["donor_country"].eq(place.iso3 or "\0").fillna(False)).to_numpy(bool)
    records = _records_section(rows[mine_mask | sent_mask], f"{place.label}: records")
    if records_only:
        return [records]
    mine, sent = rows[mine_mask], rows[sent_mask]
    from_china = mine[mine["flow"].eq("from-china").fillna(False).to_numpy(bool)]
    sent_cols = ["record_id", "date", "donor", "recipient", "recipient_place", "item", "quantity", "unit",
                 "approx", "value_usd", "status"]
    return [
        _received(from_china, f, ds.donations, ["recipient"], f"{place.label}: received from China"),
        Section("donors", f"{place.label}: donors", query.donors_of(from_china),
                "Every donor of a record naming this recipient, in totals or not."),
        Section("sent_to_china", f"{place.label}: sent to China", sent[sent_cols].reset_index(drop=True),
                "Aid this country's donors sent to China." if len(sent) else "The articles record no aid from it to China."),
        Section("not_in_totals", f"{place.label}: umbrella statements and flows reported twice",
                query.not_in_totals(mine), "Kept for the record, never summed."),
        records,
    ]


def donor(ds: Dataset, f: query.Filters, match: DonorMatch, records_only: bool = False) -> list[Section]:
    """What a donor gave and to whom; joint donations and subsidiaries included and marked.
    `records_only` (CSV holds one table) skips the sections that would not be printed."""
    rows = query.apply(ds.donations, f)
    mine = rows[rows["donor"].isin(match.donors).to_numpy(bool)].copy()
    mine.insert(0, "via", mine["donor"].astype(object).map(lambda d: match.related.get(d, "")))
    if records_only:
        return [_records_section(mine, f"{match.name}: records")]
    related = ", ".join(f"{d} ({how})" for d, how in match.related.items())
    gave = _received(mine, f, ds.donations, [], f"{match.name}: gave")
    if related:
        gave.caption += f" Includes {related}."
    return [
        gave,
        Section("recipients", f"{match.name}: to whom", query.recipients_of(mine),
                "Every recipient of its records, in totals or not."),
        Section("not_in_totals", f"{match.name}: umbrella statements and flows reported twice",
                query.not_in_totals(mine), "Kept for the record, never summed."),
        _records_section(mine, f"{match.name}: records"),
    ]


def record_id(ds: Dataset, text: str) -> str:
    """A typed record id ('R0023', 'r23', '23') as the id in the data, or a UsageError."""
    ids = [str(i) for i in ds.donations["record_id"].dropna().unique()]
    raw = text.strip()
    if raw in ids:
        return raw
    m = re.fullmatch(r"[Rr]?0*(\d{1,9})", raw)
    if m:
        for width in (4, len(m.group(1))):
            candidate = f"R{int(m.group(1)):0{width}d}"
            if candidate in ids:
                return candidate
    close = suggest(raw, ids)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise UsageError(f"No record '{text}'.{hint} ('aidcli list' shows record ids.)")


def _source_of(ds: Dataset, rid: str) -> dict:
    rows = ds.donations[ds.donations["record_id"].eq(rid).to_numpy(bool)]
    sid = str(rows["source"].iloc[0])
    match = ds.sources[ds.sources["source"].astype(str) == sid]
    info = match.astype(object).iloc[0].to_dict() if len(match) else {"source": sid}
    return {k: (v if isinstance(v, str) else "") for k, v in info.items()}


def record(ds: Dataset, text: str) -> list[Section]:
    """One record whole: what varies by row (recipient, item, quantity, status), then what holds
    for the record (donor, flow, quote, source), ending with its citation."""
    rid = record_id(ds, text)
    rows = ds.donations[ds.donations["record_id"].eq(rid).to_numpy(bool)]
    first = rows.astype(object).iloc[0]
    src = _source_of(ds, rid)

    def value(column: str) -> str:
        v = first.get(column)
        if isinstance(v, bool):
            return "true" if v else "false"
        return v if isinstance(v, str) else ""

    about = [{"field": c, "value": value(c)} for c in RECORD_FIELDS if c in rows.columns]
    about.append({"field": "file", "value": src.get("file", "")})
    about.append({"field": "cite", "value": citation(ds, rid, "plain")})
    cols = [c for c in ROW_FIELDS if c in rows.columns]
    return [
        Section("rows", f"Record {rid}: rows", rows[cols].reset_index(drop=True), f"{len(rows)} rows."),
        Section("record", f"Record {rid}: the record, its quote and how to cite it", pd.DataFrame(about), ""),
    ]


def citation(ds: Dataset, text: str, style: str) -> str:
    """The record's source and verbatim quote, as plain text or a BibTeX entry."""
    rid = record_id(ds, text)
    src = _source_of(ds, rid)
    rows = ds.donations[ds.donations["record_id"].eq(rid).to_numpy(bool)]
    quote = rows["quote"].astype(object).iloc[0]
    quote = quote if isinstance(quote, str) else ""
    authors = [a.strip() for a in src.get("author", "").split(";") if a.strip()]
    published = src.get("published", "")
    if style == "bibtex":
        key = re.sub(r"\W", "", (authors[0].split()[-1] if authors else src.get("source", "src"))) + \
            published[:4] + rid.lower()
        fields = {
            "author": " and ".join(authors), "title": src.get("title", ""),
            "publisher": src.get("publisher", ""), "year": published[:4],
            "date": published, "note": f"aidcli record {rid}: \"{' '.join(quote.split())}\"",
        }
        body = ",\n".join(f"  {k} = {{{_bib(v)}}}" for k, v in fields.items() if v)
        return f"@misc{{{key},\n{body}\n}}"
    names = " and ".join(authors)
    head = ". ".join(p for p in (names, f"\u201c{src.get('title', '')}\u201d", src.get("publisher", ""),
                                 published) if p and p != "\u201c\u201d")
    return f"{head}. Record {rid}: \u201c{' '.join(quote.split())}\u201d"


def _bib(text: str) -> str:
    return text.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}")
