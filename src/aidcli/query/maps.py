"""What a world map shows: each country's own amounts of one item group, unit and status (and kind
and flow where the rows hold several: the keys a total never mixes), summed by counting.sums, the
one counting engine. A shared amount is never credited to a member: it is a row of its own
(`shared`), its member countries listed so the drawing hatches them; organisations and groups are
not countries and go in a list of their own (`others`). With `donors`, the countries the donors
were based in, each amount counted once for its donor. output/maps.py draws the Result."""

from __future__ import annotations

import numpy as np
import pandas as pd

from aidcli.model.errors import UsageError
from aidcli.model.result import Result, Section
from aidcli.query import counting, names
from aidcli.query.labels import is_shared
from aidcli.query.session import Session

MEASURE = ["item_group", "unit", "status"]  # and kind and flow where the rows hold several
FIGURES = ["quantity", "quantity_low", "approx", "approx_low", "records", "record_ids"]
OTHERS = {  # the title of what is listed beside the map, never coloured
    False: "Organisations and groups (not countries, not coloured)",
    True: "Donors without a country on the map (not coloured)",
}
RULE = (
    "A country's colour counts only its own amounts (given to it alone, or to each of several);"
    " a shared amount is never credited to a member: its members are hatched and it is listed once."
    " Where a sum may count the same aid twice it is a range, and the colour follows its low figure."
)


def _measures(table: pd.DataFrame, keys: list[str], countries: np.ndarray) -> pd.DataFrame:
    """The measures a map could show, best first: delivered before pledged, then the one that draws
    on the most records, then on the most countries."""
    out = (
        table.assign(countries=countries)
        .groupby(keys, sort=False, dropna=False)
        .agg(countries=("countries", "sum"), records=("records", "sum"))
        .reset_index()
    )
    out["delivered"] = out["status"].astype(str).eq("delivered")
    order = ["delivered", "records", "countries", *keys]
    return out.sort_values(order, ascending=[False, False, False] + [True] * len(keys)).drop(columns="delivered")


def _said(measure: pd.Series, keys: list[str]) -> str:
    """'masks (pieces, delivered)'."""
    return f"{measure['item_group']} ({', '.join(str(measure[k]) for k in keys[1:] if measure[k] == measure[k])})"


def _title(measure: str, donors: bool, raw: dict[str, list[str]]) -> str:
    """What the map shows and the filters it was drawn with."""
    said = "; ".join(f"{name.replace('_', ' ')} {', '.join(values)}" for name, values in raw.items() if values)
    side = "given, by the country the donor is based in" if donors else "received, by country"
    return f"{measure[:1].upper()}{measure[1:]} {side}" + (f" (filters: {said})" if said else "")


def _sources(session: Session, rows: pd.DataFrame) -> str:
    """' Sources: CIUA (2020); INSS (2020-05-31).' for the rows drawn."""
    sources = session.dataset.sources
    if "source" not in rows or sources is None or sources.empty:
        return ""
    used = sources[sources["source"].isin(pd.Index(rows["source"].dropna().unique()))]
    named = [f"{r.publisher} ({r.published})" for r in used.astype(str).itertuples(index=False)]
    return f" Sources: {'; '.join(named)}; 'aidcli sources' gives them whole." if named else ""


def _by_donor_country(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows as a map of donors takes them: each amount once (a shared amount on its counted row),
    under the country its donor is based in, with that country's ISO code and name."""
    rows = rows[counting.counted(rows)]
    code = rows["donor_country"].astype(object)
    known = {c: names.country_name(c) for c in code.dropna().unique() if isinstance(c, str)}
    recipient = pd.Series([known.get(c) or c for c in code], index=rows.index, dtype=object)
    iso3 = pd.Series([c if known.get(c) else None for c in code], index=rows.index, dtype=object)
    return rows.assign(recipient=recipient, recipient_iso3=iso3, allocation="single")


def country_map(session: Session, donors: bool = False, unit: str | None = None) -> Result:
    """The map's tables: `countries` (each country's own sum, and the shared amounts it is a
    member of), `shared` (each shared amount once, who shares it, its record ids) and `others`
    (organisations and groups); notes say which measure was drawn and which others the rows hold."""
    rows, left_out = session.rows()
    s = session.scope(rows, left_out)
    take = s.rows.assign(item=s.rows["item_group"])  # a map is of an item group: its items added
    if donors:
        take = _by_donor_country(take)
    table = counting.sums(take, ["recipient"], session.dataset.donations, explain=True)
    keys = MEASURE + [k for k in counting.SPLIT_KEYS if k in table]
    table = table.rename(columns={"item": "item_group"})
    if unit is not None:
        table = table[table["unit"].astype(str).str.lower() == unit.strip().lower()]
        if table.empty:
            raise UsageError(f"--unit: no amounts in {unit!r} for these filters; see 'aidcli items'")
    iso = take.dropna(subset=["recipient_iso3"]).drop_duplicates("recipient")
    iso3 = dict(zip(iso["recipient"].astype(str), iso["recipient_iso3"].astype(str)))
    plain = table["recipient"].astype(str).isin(pd.Index(take["recipient"].dropna().astype(str).unique()))
    codes = [iso3.get(str(r)) if p else None for r, p in zip(table["recipient"], plain)]
    table = table.assign(iso3=pd.Series(codes, index=table.index, dtype=object))
    notes: list[str] = []
    if table.empty:
        return Result([_section("countries", "Nothing to map", pd.DataFrame(), "")], notes=notes, left_out=s.left_out)
    measures = _measures(table, keys, table["iso3"].notna().to_numpy(bool))
    chosen = measures.iloc[0]
    not_drawn = ""
    if len(measures) > 1:
        also = ", ".join(_said(m, keys) for _, m in measures.iloc[1:6].iterrows())
        more = f" and {len(measures) - 6} more" if len(measures) > 6 else ""
        notes.append(
            f"a map shows one item group, unit and status at a time: drawn {_said(chosen, keys)}; these rows also"
            f" hold {also}{more} (choose with --item, --status or --unit)."
        )
        not_drawn = f" Not drawn (one measure a map): {also}{more}."
    mine = np.logical_and.reduce([table[k].astype(str).eq(str(chosen[k])).to_numpy(bool) for k in keys])
    table = table[mine]
    shared_ids = set(take["record_id"][is_shared(take)].astype(str))
    is_shared_row = ~plain.to_numpy(bool)[mine]
    drawn = take[np.logical_and.reduce([take[k].astype(str).eq(str(chosen[k])).to_numpy(bool) for k in keys])]
    shared = _shared(table[is_shared_row], drawn, shared_ids)
    named = {c: r for r, c in iso3.items()}
    countries = _countries(table[~is_shared_row & table["iso3"].notna().to_numpy(bool)], shared, named)
    others = table[~is_shared_row & table["iso3"].isna().to_numpy(bool)].rename(columns={"recipient": "name"})
    others = others[["name", *FIGURES]]
    measure = _said(chosen, keys)
    rule = " Each amount is counted once, for its donor." if donors else " " + RULE
    caption = counting.caption(s, False, table) + not_drawn + rule + _sources(session, drawn)
    head = {k: chosen[k] for k in keys}
    sections = [
        _section("countries", _title(measure, donors, session.raw), countries.assign(**head), caption),
        _section("shared", "Shared amounts (not credited to any member)", shared.assign(**head), ""),
        _section("others", OTHERS[donors], others.assign(**head), ""),
    ]
    return Result(sections, "countries", list(session.resolved.notes) + notes, left_out=s.left_out)


def _section(key: str, title: str, frame: pd.DataFrame, caption: str) -> Section:
    return Section(key, title, frame.reset_index(drop=True), caption)


def _shared(table: pd.DataFrame, drawn: pd.DataFrame, shared_ids: set[str]) -> pd.DataFrame:
    """Each shared amount's row: who shares it (the label), its figures and the ISO codes of its
    member countries among the rows drawn."""
    members = drawn[is_shared(drawn)].dropna(subset=["recipient_iso3"])
    by_record: dict[str, list[str]] = {}
    for rid, code in zip(members["record_id"].astype(str), members["recipient_iso3"].astype(str)):
        by_record.setdefault(rid, []).append(code)
    iso3 = [
        " ".join(dict.fromkeys(c for rid in str(ids).split() if rid in shared_ids for c in by_record.get(rid, [])))
        for ids in table["record_ids"]
    ]
    return table.rename(columns={"recipient": "shared_by"}).assign(members_iso3=iso3)[
        ["shared_by", *FIGURES, "members_iso3"]
    ]


def _countries(own: pd.DataFrame, shared: pd.DataFrame, named: dict[str, str]) -> pd.DataFrame:
    """One row per country on the map: its own figures (empty where it has none) and the record
    ids of the shared amounts it is a member of (never in its figures); `named`: names by ISO code."""
    member_of: dict[str, list[str]] = {}
    for ids, codes in zip(shared["record_ids"], shared["members_iso3"]):
        for code in str(codes).split():
            member_of.setdefault(code, []).extend(str(ids).split())
    frame = own.rename(columns={"recipient": "country"})[["iso3", "country", *FIGURES]]
    missing = sorted(set(member_of) - set(frame["iso3"].astype(str)))
    if missing:
        country = [named.get(c) or names.country_name(c) or c for c in missing]
        frame = pd.concat([frame, pd.DataFrame({"iso3": missing, "country": country})], ignore_index=True)
    frame = frame.assign(
        shared_in=[" ".join(dict.fromkeys(member_of.get(str(c), []))) for c in frame["iso3"]],
    )
    return frame.sort_values("country", key=lambda s: s.astype(str).str.lower(), kind="stable")
