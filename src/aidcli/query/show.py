"""Records whole: a record shown with its rows, clean quote, source and citation (show), and its
citations (cite); a typed record id ('r23', '23') resolved to the data's."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from aidcli.loading.data import Dataset
from aidcli.model.errors import UsageError
from aidcli.model.quotes import clean
from aidcli.model.result import Result, Section
from aidcli.query import citation, claims
from aidcli.query.names import suggest
from aidcli.query.reports import readable

RECORD_FIELDS = [
    "record_id",
    "date",
    "donor",
    "donor_type",
    "channel",
    "donor_country",
    "flow",
    "kind",
    "allocation",
    "in_totals",
    "umbrella",
    "overlaps",
    "same_shipment",
    "donors_stated",
    "source",
    "quote",
    "hedges",
    "notes",
]
ROW_FIELDS = ["recipient", "recipient_place", "item", "quantity", "unit", "approx", "value_usd", "status"]


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


def record(ds: Dataset, texts: list[str], package: Path | None = None) -> Result:
    """Records whole, one after another: what varies by row (recipient, item, quantity, status; a
    shared amount once), then what holds for the record (donor, flow, clean quote, source), ending
    with its citation. In CSV: the rows of every record as every row view gives them, every column."""
    ids = list(dict.fromkeys(record_id(ds, t) for t in texts))
    every = ds.donations[ds.donations["record_id"].isin(ids).to_numpy(bool)]
    sections = []
    objects: list[dict] = []
    for rid in ids:
        rows = every[every["record_id"].eq(rid).to_numpy(bool)]
        first = rows.astype(object).iloc[0]
        src = _source_of(ds, rid)

        def value(column: str) -> str:
            v = first.get(column)  # noqa: B023 - called within this iteration only
            if isinstance(v, bool):
                return "true" if v else "false"
            if column == "quote" and isinstance(v, str):
                return clean(v)
            return v if isinstance(v, str) else ""

        about = [{"field": c, "value": value(c)} for c in RECORD_FIELDS if c in rows.columns]
        about.append({"field": "file", "value": src.get("file", "")})
        about.append({"field": "cite", "value": citation.plain(entry(ds, rid))})
        shown = readable(rows, ds.donations)
        cols = [c for c in ROW_FIELDS if c in rows.columns]
        objects.append(_as_object(first, about, shown))
        sections += [
            Section(
                f"{rid}_rows",
                f"Record {rid}: rows",
                shown[cols].reset_index(drop=True),
                f"{len(shown)} row{'s' * (len(shown) != 1)}."
                + (
                    " A shared amount is shown once, with every recipient that shares it."
                    if len(shown) < len(rows)
                    else ""
                ),
            ),
            Section(f"{rid}", f"Record {rid}: the record, its quote and how to cite it", pd.DataFrame(about), ""),
        ]
    sections[0].json = objects
    notes = claims.mentions(every, package)  # the donor's own figures for its records' recipients
    return Result(
        sections, csv_only=Section("rows", "", readable(every, ds.donations).reset_index(drop=True)), notes=notes
    )


def _as_object(first: pd.Series, about: list[dict], shown: pd.DataFrame) -> dict:
    """A record as JSON: one object keyed by field, each value typed as datapackage.json types it
    (a boolean, a number; null for empty), the quote clean, its rows an array of objects."""
    from aidcli.model.cells import plain
    from aidcli.model.schema import donations_schema

    types = {f.name: f.type for f in donations_schema().fields}

    def typed(column: str, v: object) -> object:
        v = plain(v)
        if v is None or v == "":
            return None
        if types.get(column) == "boolean" and not isinstance(v, bool):
            return str(v).lower() == "true"
        return v

    raw = {"quote", "file", "cite"}  # the clean quote and the source's, not the data's cells
    obj = {a["field"]: typed(a["field"], a["value"] if a["field"] in raw else first.get(a["field"])) for a in about}
    cols = [c for c in [*ROW_FIELDS, "counted"] if c in shown.columns]
    obj["rows"] = [{c: typed(c, v) for c, v in zip(cols, row)} for row in shown[cols].itertuples(index=False)]
    return obj


def entry(ds: Dataset, rid: str) -> dict:
    """What a citation of a record needs: its id, verbatim quote and source's bibliographic data."""
    rows = ds.donations[ds.donations["record_id"].eq(rid).to_numpy(bool)]
    quote = rows["quote"].astype(object).iloc[0]
    return {**_source_of(ds, rid), "record_id": rid, "quote": quote if isinstance(quote, str) else ""}


def citations(ds: Dataset, texts: list[str], style: str) -> str:
    """Citations of records in a style of citation.STYLES, one entry per record."""
    return citation.cite([entry(ds, record_id(ds, t)) for t in texts], style)
