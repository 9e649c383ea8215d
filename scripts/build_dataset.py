"""Build data/donations.csv, donors.csv and sources.csv from the curated files in records/, and
data/claims.csv (scripts/build_claims.py) from the donor's snapshots in sources/.

The records (records/<source>.toml, one file per article) are written by hand from a
sentence-by-sentence reading of the articles in seeds/. A quote is never typed: it is
cut from the seed file between a start and an end snippet, so it is the article's text
character for character; its hedging words (`hedges`) are found by aidcli.model.hedges. The
lookups (countries, item groups, channels, donors, sources) are small CSVs in records/.
Every name a record uses must be in a lookup; any problem stops the build with
`records/FILE.toml:RECORD-ID: problem` and exit 1. Run from anywhere:

    uv run python scripts/build_dataset.py [OUTPUT_DIR]
"""

from __future__ import annotations

import csv
import json
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aidcli.model.hedges import hedges
from aidcli.model.shares import SHARED_BY, holders

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "records"
DATA = ROOT / "data"

RECORD_KEYS = {
    "id",
    "donor",
    "recipients",
    "recipients_list",
    "items",
    "quote_start",
    "quote_end",
    "status",
    "kind",
    "flow",
    "date",
    "allocation",
    "in_totals",
    "umbrella",
    "overlaps",
    "same_shipment",
    "donors_stated",
    "channel",
    "places",
    "notes",
}
# Links to other records, ids space-separated: "may be the same aid"; "another role of one shipment".
LINKS = ("overlaps", "same_shipment")
IDS = re.compile(r"R[0-9]{4,}( R[0-9]{4,})*")
ITEM_KEYS = {"item", "quantity", "unit", "approx", "value_usd", "status"}
GROUP_KEYS = {"group", "region"}
DEFAULTS = {"status": "delivered", "kind": "donation", "flow": "from-china"}


class RecordError(Exception):
    """A problem in records/, worded as `FILE:RECORD-ID: problem`."""


@dataclass(frozen=True)
class Lookups:
    """The CSV lookups in records/ and the schema's enums, which every record is checked against."""

    countries: dict[str, tuple[str, str]]  # recipient name -> (iso3, region); organisations have no iso3
    lists: dict[str, list[str]]  # list name -> country names, in file order
    item_groups: dict[str, str]
    channels: dict[str, str]  # donor_type -> channel of a Chinese donor of that type
    donors: dict[str, dict[str, str]]
    texts: dict[str, str]  # source id -> article text
    enums: dict[str, list[str]]


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file as dicts."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def donation_fields(package: Path = DATA / "datapackage.json") -> list[str]:
    """The donations table's columns, in order, as datapackage.json (the one contract) names them."""
    resources = json.loads(package.read_text(encoding="utf-8"))["resources"]
    return [f["name"] for f in next(r for r in resources if r["name"] == "donations")["schema"]["fields"]]


def load_lookups(folder: Path = RECORDS, package: Path = DATA / "datapackage.json") -> Lookups:
    """Read the lookups of `folder` and the enums of the data package's donations schema."""
    countries, lists = {}, {}
    for row in read_csv(folder / "countries.csv"):
        countries[row["name"]] = (row["iso3"], row["region"])
        for name in row["lists"].split():
            lists.setdefault(name, []).append(row["name"])
    sources = read_csv(folder / "sources.csv")
    fields = next(r for r in json.loads(package.read_text(encoding="utf-8"))["resources"] if r["name"] == "donations")[
        "schema"
    ]["fields"]
    return Lookups(
        countries=countries,
        lists=lists,
        item_groups={r["item"]: r["item_group"] for r in read_csv(folder / "item_groups.csv")},
        channels={r["donor_type"]: r["channel"] for r in read_csv(folder / "channels.csv")},
        donors={r["donor"]: r for r in read_csv(folder / "donors.csv")},
        texts={s["source"]: (ROOT / s["file"]).read_text(encoding="utf-8") for s in sources},
        enums={f["name"]: f["constraints"]["enum"] for f in fields if "enum" in f.get("constraints", {})},
    )


def shown(path: Path) -> str:
    """`path` relative to the repository when inside it, for error messages."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def cut(text: str, start: str, end: str) -> str:
    """The seed text from `start` through the first `end` after it; ValueError if either is absent."""
    i = text.find(start)
    if i < 0:
        raise ValueError(f"quote_start not found in the article: {start!r}")
    j = text.find(end, i)
    if j < 0:
        raise ValueError(f"quote_end not found after quote_start: {end!r}")
    return text[i : j + len(end)]


def number(value: float | None) -> str:
    """A number as CSV text: whole numbers without a decimal point, empty for none."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def check(condition: bool, problem: str) -> None:
    """Raise ValueError(problem) unless `condition`."""
    if not condition:
        raise ValueError(problem)


def recipients_of(rec: dict[str, Any], lk: Lookups) -> list[tuple[str, str, str]]:
    """(name, iso3, region) of each recipient: countries and organisations from the lookup, groups as given."""
    check(("recipients" in rec) != ("recipients_list" in rec), "give exactly one of recipients, recipients_list")
    if "recipients_list" in rec:
        check(rec["recipients_list"] in lk.lists, f"unknown recipients_list {rec['recipients_list']!r}")
        names: list[Any] = lk.lists[rec["recipients_list"]]
    else:
        names = rec["recipients"]
    out = []
    for r in names:
        if isinstance(r, dict):
            check(set(r) == GROUP_KEYS, f"a group needs exactly the keys group and region, got {sorted(r)}")
            check(r["region"] in lk.enums["region"], f"unknown region {r['region']!r}")
            out.append((r["group"], "", r["region"]))
        else:
            check(r in lk.countries, f"unknown country or organisation {r!r} (records/countries.csv)")
            out.append((r, *lk.countries[r]))
    return out


def enum_value(rec: dict[str, Any], key: str, lk: Lookups) -> str:
    """The record's value for an enum field (or its default), checked against the schema."""
    value = rec.get(key, DEFAULTS.get(key, ""))
    check(value in lk.enums[key], f"{key} {value!r} is not one of {lk.enums[key]}")
    return value


def rows_of(rec: dict[str, Any], source: str, lk: Lookups) -> list[dict[str, str]]:
    """Expand one record into its (recipient, item) rows; ValueError names the first problem."""
    unknown = set(rec) - RECORD_KEYS
    check(not unknown, f"unknown keys {sorted(unknown)}")
    for key in ("donor", "items", "quote_start", "quote_end"):
        check(key in rec, f"missing key {key!r}")
    check(rec["donor"] in lk.donors, f"unknown donor {rec['donor']!r} (records/donors.csv)")
    quote = cut(lk.texts[source], rec["quote_start"], rec["quote_end"])
    donor = lk.donors[rec["donor"]]
    flow, kind = enum_value(rec, "flow", lk), enum_value(rec, "kind", lk)
    status = enum_value(rec, "status", lk)
    channel = rec.get("channel", lk.channels[donor["donor_type"]] if flow == "from-china" else "")
    check(channel == "" or channel in lk.enums["channel"], f"unknown channel {channel!r}")
    recipients = recipients_of(rec, lk)
    allocation = rec.get("allocation", "single" if len(recipients) == 1 else "each")
    check(allocation in lk.enums["allocation"], f"unknown allocation {allocation!r}")
    check(
        (allocation == "single") == (len(recipients) == 1),
        f"allocation {allocation!r} for {len(recipients)} recipients",
    )
    check(isinstance(rec.get("in_totals", True), bool), "in_totals must be true or false")
    for key in LINKS:
        value = rec.get(key, "")
        check(
            isinstance(value, str) and (value == "" or IDS.fullmatch(value) is not None),
            f"{key} must be record ids separated by single spaces, got {value!r}",
        )
        check(rec["id"] not in value.split(), f"{key} names the record itself")
    stated = rec.get("donors_stated", "")
    check(
        isinstance(stated, str) and (stated == "" or stated in quote),
        f"donors_stated must be the article's words in the quote, got {stated!r}",
    )
    both = set(rec.get("overlaps", "").split()) & set(rec.get("same_shipment", "").split())
    check(
        not both,
        f"{sorted(both)} in both overlaps (may be the same aid) and same_shipment (another role of "
        "one shipment): choose one",
    )
    places = rec.get("places", {})
    check(set(places) <= {r[0] for r in recipients}, f"places name a non-recipient: {sorted(places)}")
    items = rec["items"]
    check(isinstance(items, list) and items, "items must be a non-empty list")
    for it in items:
        check(isinstance(it, dict) and "item" in it, "each item needs an item key")
        check(not set(it) - ITEM_KEYS, f"unknown item keys {sorted(set(it) - ITEM_KEYS)}")
        check(it["item"] in lk.item_groups, f"unknown item {it['item']!r} (records/item_groups.csv)")
        for key in ("quantity", "value_usd"):
            value = it.get(key, 0)
            check(
                isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0,
                f"{key} of {it['item']!r} must be a number of at least 0",
            )
        check(it.get("status", status) in lk.enums["status"], f"unknown status {it.get('status')!r}")
    in_totals = rec.get("in_totals", True)
    umbrella = rec.get("umbrella", False)
    check(isinstance(umbrella, bool), "umbrella must be true or false")
    check(not (umbrella and in_totals), "an umbrella statement is never in totals: set in_totals = false")
    check(
        umbrella == rec.get("notes", "").startswith("Umbrella"),
        "umbrella = true and notes that begin 'Umbrella:' go together",
    )
    check(allocation != "shared" or not places, "a shared amount has one row for all its members: no places")
    rows = []
    for name, iso3, region, members in holders(recipients, allocation == "shared"):
        for it in items:
            rows.append(
                {
                    "record_id": rec["id"],
                    "date": rec.get("date", ""),
                    "donor": rec["donor"],
                    "donor_type": donor["donor_type"],
                    "channel": channel,
                    "donor_country": donor["country"],
                    "recipient": name,
                    "recipient_iso3": iso3,
                    "recipient_place": places.get(name, ""),
                    "region": region,
                    **dict(zip(SHARED_BY, members)),
                    "flow": flow,
                    "kind": kind,
                    "status": it.get("status", status),
                    "item": it["item"],
                    "item_group": lk.item_groups[it["item"]],
                    "quantity": number(it.get("quantity")),
                    "unit": it.get("unit", ""),
                    "approx": it.get("approx", ""),
                    "value_usd": number(it.get("value_usd")),
                    "allocation": allocation,
                    "in_totals": "true" if in_totals else "false",
                    "umbrella": "true" if umbrella else "false",
                    "counted": "true" if in_totals else "false",
                    "overlaps": rec.get("overlaps", ""),
                    "same_shipment": rec.get("same_shipment", ""),
                    "donors_stated": rec.get("donors_stated", ""),
                    "source": source,
                    "quote": quote,
                    "hedges": hedges(quote),
                    "notes": rec.get("notes", ""),
                }
            )
    return rows


def load_records(path: Path, lk: Lookups, seen: set[str] | None = None) -> list[dict[str, str]]:
    """The rows of every record in `path` (records/<source>.toml); RecordError on the first problem.

    `seen` collects record ids across files, so an id used twice anywhere is refused."""
    seen = set() if seen is None else seen
    source = path.stem
    try:
        records = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise RecordError(f"{shown(path)}: not valid TOML: {err}") from None
    if source not in lk.texts:
        raise RecordError(f"{shown(path)}: no source {source!r} in records/sources.csv")
    if set(records) != {"record"}:
        raise RecordError(f"{shown(path)}: expected only [[record]] tables, got {sorted(records)}")
    rows = []
    for i, rec in enumerate(records["record"], 1):
        rid = rec.get("id", f"record #{i}")
        try:
            check(isinstance(rid, str) and re.fullmatch(r"R[0-9]{4,}", rid) is not None, "id must look like R0001")
            check(rid not in seen, "id used twice")
            seen.add(rid)
            rows += rows_of(rec, source, lk)
        except ValueError as err:
            raise RecordError(f"{shown(path)}:{rid}: {err}") from None
    return rows


def check_donors(lk: Lookups) -> None:
    """Every donor's type is in records/channels.csv and its parent is a donor too."""
    for name, d in lk.donors.items():
        if d["donor_type"] not in lk.channels:
            raise RecordError(f"records/donors.csv:{name}: unknown donor_type {d['donor_type']!r}")
        if d["parent"] and d["parent"] not in lk.donors:
            raise RecordError(f"records/donors.csv:{name}: unknown parent {d['parent']!r}")


def build(folder: Path = RECORDS) -> list[dict[str, str]]:
    """Every row of every records/*.toml, in record id order; RecordError on the first problem."""
    lk = load_lookups(folder)
    check_donors(lk)
    seen: set[str] = set()
    rows = [row for path in sorted(folder.glob("*.toml")) for row in load_records(path, lk, seen)]
    check_links({row["record_id"]: row for row in rows})
    return sorted(rows, key=lambda r: r["record_id"])


def hedged_about(notes: str, rid: str) -> bool:
    """Whether a sentence (or clause between semicolons) of `notes` that names `rid` says 'may'."""
    return any(rid in part and re.search(r"\bmay\b", part, re.I) for part in re.split(r"(?<=[.;])\s+", notes))


def check_links(first: dict[str, dict[str, str]]) -> None:
    """The links between records (a row of each by id): known ids; same_shipment both ways; an
    overlap between two records in totals both ways, each note saying 'may' where it names the other."""
    for rid, row in first.items():
        where = f"records/{row['source']}.toml:{rid}"
        for key in LINKS:
            unknown = set(row[key].split()) - set(first)
            if unknown:
                raise RecordError(f"{where}: {key} names unknown records {sorted(unknown)}")
        for other in row["same_shipment"].split():
            if rid not in first[other]["same_shipment"].split():
                raise RecordError(
                    f"{where}: same_shipment names {other}, whose same_shipment does not name "
                    f"{rid} (the link goes both ways)"
                )
        if row["in_totals"] != "true":
            continue  # an umbrella statement names the records it covers, one way
        for other in row["overlaps"].split():
            if first[other]["in_totals"] != "true":
                continue
            if rid not in first[other]["overlaps"].split():
                raise RecordError(
                    f"{where}: overlaps names {other}, whose overlaps does not name {rid} (between "
                    "two records in totals the link goes both ways)"
                )
            if not hedged_about(row["notes"], other):
                raise RecordError(
                    f"{where}: overlaps names {other}, but no sentence of the notes that names it "
                    "says 'may' (another role of the same shipment goes in same_shipment)"
                )


def write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    """Write `rows` as CSV with `fields` as header and \\n line ends."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(out: Path = DATA) -> None:
    """Write the three CSVs into `out` (data/ by default)."""
    try:
        rows = build()
    except RecordError as err:
        print(f"build_dataset: {err}", file=sys.stderr)
        raise SystemExit(1) from None
    fields = donation_fields()
    odd = next((r for r in rows if list(r) != fields), None)
    if odd is not None:  # the schema is the one contract: a row has exactly its fields, in its order
        sys.exit(f"build_dataset.py: {odd['record_id']}: the row's fields differ from datapackage.json's")
    write(out / "donations.csv", fields, rows)
    donors = read_csv(RECORDS / "donors.csv")
    write(out / "donors.csv", list(donors[0]), donors)
    sources = read_csv(RECORDS / "sources.csv")
    write(out / "sources.csv", list(sources[0]), sources)
    print(f"{len({r['record_id'] for r in rows})} records, {len(rows)} rows, {len(donors)} donors")
    build_claims().main(out)  # the donor's own figures, from sources/jackmafoundation/


def build_claims() -> Any:
    """scripts/build_claims.py, beside this file (the scripts are files, not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_claims", Path(__file__).with_name("build_claims.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_claims"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
