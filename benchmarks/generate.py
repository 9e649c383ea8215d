"""Write N synthetic, schema-valid rows of data/donations.csv, for benchmarks.

    python benchmarks/generate.py N OUT.csv [--seed S]

The columns, enums and patterns come from data/datapackage.json; countries and their
regions, item groups and the channel of each donor type from the dataset's own lookups
in records/ (run with the project's interpreter: `uv run python benchmarks/generate.py`).
Each record has 1-5 rows (recipients x items), so the primary key (record_id, recipient,
item) is unique. The same seed always gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

from aidcli.model.hedges import hedges
from aidcli.model.shares import holders

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
RECORDS = ROOT / "records"  # the dataset's own lookups: countries, item groups, channels

GROUPS = [  # unnamed groups of recipients: no ISO3
    ("28 Asian countries", "Asia"),
    ("16 European countries", "Europe"),
    ("26 African countries", "Africa"),
    ("nine countries in the Americas", "Americas"),
    ("10 countries in the South Pacific", "Oceania"),
    ("four international organizations", "International"),
    ("other countries (not named)", "International"),
    ("some 150 countries", "International"),
    ("Latin American countries", "Americas"),
]
PLACES = [
    "Ministry of Health",
    "capital city hospitals",
    "provincial governments",
    "Red Crescent Society",
    "national university hospital",
    "two municipalities",
    "a medical laboratory",
]
CHINA_PLACES = ["Wuhan", "Hubei Province", "Wuhan hospitals"]

PROVINCES = [
    "Anhui",
    "Fujian",
    "Gansu",
    "Guangdong",
    "Guizhou",
    "Hainan",
    "Hebei",
    "Heilongjiang",
    "Henan",
    "Hubei",
    "Hunan",
    "Jiangsu",
    "Jiangxi",
    "Jilin",
    "Liaoning",
    "Qinghai",
    "Shaanxi",
    "Shandong",
    "Shanxi",
    "Sichuan",
    "Yunnan",
    "Zhejiang",
    "Guangxi",
    "Inner Mongolia",
    "Ningxia",
    "Tibet",
    "Xinjiang",
]
CITIES = [
    "Shanghai",
    "Tianjin",
    "Chongqing",
    "Shenzhen",
    "Hangzhou",
    "Nanjing",
    "Chengdu",
    "Wuhan",
    "Xi'an",
    "Suzhou",
    "Qingdao",
    "Xiamen",
    "Dalian",
    "Ningbo",
    "Kunming",
    "Harbin",
]
COMPANIES = [  # (name, donor_type)
    ("Tencent", "private-company"),
    ("ByteDance", "private-company"),
    ("BYD", "private-company"),
    ("Lenovo", "private-company"),
    ("ZTE", "state-owned-enterprise"),
    ("Haier", "private-company"),
    ("Midea", "private-company"),
    ("Sinopharm", "state-owned-enterprise"),
    ("COSCO Shipping", "state-owned-enterprise"),
    ("China Mobile", "state-owned-enterprise"),
    ("PetroChina", "state-owned-enterprise"),
    ("Sinopec", "state-owned-enterprise"),
    ("China State Construction", "state-owned-enterprise"),
    ("PowerChina", "state-owned-enterprise"),
    ("China Railway Group", "state-owned-enterprise"),
    ("Fosun", "private-company"),
    ("Anta Sports", "private-company"),
    ("JD.com", "private-company"),
    ("Baidu", "private-company"),
    ("DJI", "private-company"),
    ("Mindray", "private-company"),
    ("BGI Group", "private-company"),
    ("Wanda Group", "private-company"),
    ("Geely", "private-company"),
    ("CATL", "private-company"),
    ("Sany Group", "private-company"),
    ("Meituan", "private-company"),
    ("NetEase", "private-company"),
    ("Trip.com", "private-company"),
    ("Air China", "state-owned-enterprise"),
    ("China Eastern Airlines", "state-owned-enterprise"),
    ("China Southern Airlines", "state-owned-enterprise"),
    ("Agricultural Bank of China", "state-owned-enterprise"),
    ("China Construction Bank", "state-owned-enterprise"),
    ("CITIC Group", "state-owned-enterprise"),
    ("China Three Gorges", "state-owned-enterprise"),
    ("State Grid", "state-owned-enterprise"),
    ("Hikvision", "state-owned-enterprise"),
    ("Yili Group", "private-company"),
    ("Li Ning", "private-company"),
]
FOUNDATIONS = [
    "Tencent Charity Foundation",
    "China Foundation for Poverty Alleviation",
    "Fosun Foundation",
    "Mammoth Foundation",
    "Amity Foundation",
    "China Soong Ching Ling Foundation",
    "China Youth Development Foundation",
    "ByteDance Foundation",
    "Lenovo Foundation",
    "Narada Foundation",
    "China Charities Aid Foundation for Children",
    "Lao Niu Foundation",
]
ORGANISATIONS = [
    "World Bank",
    "UNICEF",
    "Asian Development Bank",
    "World Food Programme",
    "Gates Foundation (international)",
    "Global Fund",
]
OTHER_CHINESE = [  # (name, donor_type, channel)
    ("National Health Commission", "central-government", "health-cooperation"),
    ("Chinese Center for Disease Control and Prevention", "central-government", "health-cooperation"),
    ("Chinese medical expert teams", "unnamed", "health-cooperation"),
    ("Chinese students abroad", "civil-society", "non-governmental"),
    ("Overseas Chinese associations", "civil-society", "non-governmental"),
]
UNITS = {  # units a number of each item may carry; every item of records/item_groups.csv needs one
    "masks": ["pieces"],
    "medical masks": ["pieces"],
    "N95 masks": ["pieces"],
    "test kits": ["pieces", "sets"],
    "test reagents": ["sets"],
    "specimen collection kits": ["pieces"],
    "protective suits": ["pieces", "sets"],
    "protective clothing": ["sets"],
    "protective equipment": ["tonnes"],
    "protective suits/face shields": ["pieces"],
    "shoe covers": ["pieces", "pairs"],
    "goggles": ["pieces"],
    "face shields": ["pieces"],
    "gloves": ["pairs", "pieces"],
    "ventilators": ["pieces"],
    "medical equipment": ["tonnes", "sets"],
    "medical monitors": ["sets"],
    "medicines": ["tonnes"],
    "vaccines": ["pieces"],
    "medical staff": ["teams", "people"],
    "video consultations": ["sessions"],
    "medical supplies": ["tonnes", "USD"],
    "assistance": ["USD"],
    "aid package": ["USD", "EUR"],
    "cash": ["USD", "EUR"],
    "hospital": ["beds"],
    "distribution": ["tonnes"],
    "transport": ["tonnes"],
    "cargo flights": ["flights"],
    "communications equipment": ["sets"],
    "computer network": ["sets"],
}
SCALES = {
    "pieces": (1_000, 5_000_000),
    "pairs": (1_000, 2_000_000),
    "sets": (10, 100_000),
    "teams": (1, 20),
    "people": (5, 300),
    "tonnes": (1, 120),
    "USD": (10_000, 100_000_000),
    "EUR": (10_000, 50_000_000),
    "flights": (1, 30),
    "sessions": (1, 50),
    "beds": (100, 2_000),
}
APPROX = ["nearly", "over", "about", "up to", "some", "more than"]
NO_NUMBER = ["tens of thousands", "millions", "a small quantity", "unspecified number", "mass amounts"]
NOTES = [
    "Article: 'announced contributions'.",
    "Date of the press release.",
    "One total for all recipients.",
    "The article gives no date.",
    "Reported again in a later paragraph.",
    "Amount as first announced.",
    "Article: 'a batch of'.",
    "Delivered in two shipments.",
]
VERBS = ["donated", "sent", "pledged", "delivered", "shipped", "announced a donation of", "handed over"]
CLAUSES = [
    ", according to a statement released by the foreign ministry",
    ", the second such shipment in as many weeks",
    " as the number of confirmed cases continued to rise",
    ", with more supplies promised in the coming days",
    ", arriving on a chartered cargo flight from Shanghai",
    " to support hospitals struggling with the outbreak",
    ", a gesture widely covered by state media",
    " in what officials described as a sign of friendship",
]


def load_schema() -> tuple[list[str], dict[str, dict]]:
    """The donations.csv header (checked against the schema) and the schema's fields by name."""
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r["schema"] for r in package["resources"] if r["name"] == "donations")
    fields = {f["name"]: f for f in schema["fields"]}
    with (DATA / "donations.csv").open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    if header != list(fields):
        sys.exit("generate.py: data/donations.csv header and the schema's fields differ")
    return header, fields


def enum(fields: dict[str, dict], name: str) -> list[str]:
    """The allowed values of a field."""
    return fields[name]["constraints"]["enum"]


def check_vocabulary(
    fields: dict[str, dict],
    donors: list[tuple[str, str, str, str]],
    recipients: list[tuple[str, str, str]],
    dates: list[str],
) -> None:
    """Refuse to run if a value drawn here would break an enum or a pattern of the schema."""
    drawn = {
        "donor_type": {d[1] for d in donors},
        "channel": {d[3] for d in donors} - {""},
        "region": {r[2] for r in recipients},
        "item_group": set(item_groups().values()),
        "allocation": {"single", "each", "shared"},
    }
    for name, values in drawn.items():
        unknown = values - set(enum(fields, name))
        if unknown:
            sys.exit(f"generate.py: {name} values not in the schema enum: {sorted(unknown)}")
    for name, values in (
        ("date", dates),
        ("record_id", ["R0000001"]),
        ("donor_country", [d[2] for d in donors if d[2]]),
    ):
        rx = re.compile(fields[name]["constraints"]["pattern"])
        bad = [v for v in values if not rx.fullmatch(v)]
        if bad:
            sys.exit(f"generate.py: {name} values break the schema pattern: {bad[:3]}")


def lookup(name: str) -> list[dict[str, str]]:
    """The rows of records/<name>.csv."""
    with (RECORDS / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def countries() -> list[tuple[str, str, str]]:
    """(name, ISO3, region) of every recipient in records/countries.csv; organisations have no ISO3."""
    return [(row["name"], row["iso3"], row["region"]) for row in lookup("countries")]


def item_groups() -> dict[str, str]:
    """The group of each item, from records/item_groups.csv."""
    return {row["item"]: row["item_group"] for row in lookup("item_groups")}


def donors(places: list[tuple[str, str, str]]) -> list[tuple[str, str, str, str]]:
    """About 300 donors as (donor, donor_type, donor_country, channel): the real ones, then made-up ones."""
    channels = {row["donor_type"]: row["channel"] for row in lookup("channels")}
    places = [p for p in places if p[1]]
    out = []
    with (DATA / "donors.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            chinese = row["country"] == "CHN"
            out.append(
                (row["donor"], row["donor_type"], row["country"], channels[row["donor_type"]] if chinese else "")
            )
    out += [(f"Chinese Embassy in {name}", "embassy", "CHN", "government") for name, _, _ in places[::2]]
    out += [(f"{p} Province", "sub-national-government", "CHN", "sub-national") for p in PROVINCES]
    out += [(f"{c} Municipality", "sub-national-government", "CHN", "sub-national") for c in CITIES]
    out += [(name, kind, "CHN", "non-governmental") for name, kind in COMPANIES]
    out += [(name, "foundation", "CHN", "non-governmental") for name in FOUNDATIONS]
    out += [(name, kind, "CHN", channel) for name, kind, channel in OTHER_CHINESE]
    out += [(f"Government of {name}", "foreign-government", iso3, "") for name, iso3, _ in places[1::5]]
    out += [(f"{name} Red Cross", "red-cross", iso3, "") for name, iso3, _ in places[3::12]]
    out += [(name, "international-organisation", "", "") for name in ORGANISATIONS]
    unique: dict[str, tuple[str, str, str, str]] = {}
    for donor in out:
        unique.setdefault(donor[0], donor)  # a real donor keeps its own type
    return list(unique.values())


def all_dates() -> list[str]:
    """Every day and month of 2020 as YYYY-MM-DD and YYYY-MM."""
    start = dt.date(2020, 1, 1)
    return [(start + dt.timedelta(days)).isoformat() for days in range(366)] + [f"2020-{m:02d}" for m in range(1, 13)]


def number(rng: random.Random, unit: str) -> float:
    """A plausible quantity in `unit`."""
    low, high = SCALES[unit]
    value = rng.randint(low, high)
    if unit == "tonnes" and rng.random() < 0.3:
        return value + 0.5
    if value >= 10_000:  # articles round large numbers
        return round(value, -3)
    return value


def fmt(value: float) -> str:
    """A number as CSV text, without a trailing .0."""
    return str(int(value)) if value == int(value) else str(value)


def quote(rng: random.Random, donor: str, amount: tuple[str, ...], recipients: list[tuple[str, str, str]]) -> str:
    """A one-sentence statement of the flow (donor, first item, recipients), 100 to 200 characters."""
    item, _, qty, unit, approx, _ = amount
    if not qty:
        said = f"{approx or 'a batch of'} {item}"
    else:
        number = f"{approx} {float(qty):,.10g}".strip()
        said = f"{number} {unit} of {item}" if unit in ("USD", "EUR", "tonnes") else f"{number} {item}"
    to = recipients[0][0] + (f" and {len(recipients) - 1} other recipients" if len(recipients) > 1 else "")
    text = f"{donor} {rng.choice(VERBS)} {said} to {to}"
    clauses = rng.sample(CLAUSES, 3)
    while len(text) < 99 and clauses:
        text += clauses.pop()
    if len(text) > 199:
        text = text[:196].rsplit(" ", 1)[0] + "..."
    return text + "."


class Records:
    """Random records drawn from the vocabulary above, checked once against the schema."""

    def __init__(self, fields: dict[str, dict], seed: int) -> None:
        places = countries()
        donor_list = donors(places)
        self.dates = all_dates()
        self.recipients = places + [(name, "", region) for name, region in GROUPS]
        check_vocabulary(fields, donor_list, self.recipients, self.dates)
        missing = set(item_groups()) - set(UNITS)
        if missing:
            sys.exit(f"generate.py: items without units in UNITS: {sorted(missing)}")
        self.items = [(item, group, UNITS[item]) for item, group in item_groups().items()]
        self.chinese = [d for d in donor_list if d[2] == "CHN"]
        self.foreign = [d for d in donor_list if d[2] != "CHN"]
        self.statuses = enum(fields, "status")
        self.status_weights = [{"delivered": 40, "pledged": 57, "rejected": 3}.get(s, 1) for s in self.statuses]
        self.rng = random.Random(seed)

    def amounts(self, items: list[tuple[str, str, list[str]]]) -> list[tuple[str, ...]]:
        """(item, item_group, quantity, unit, approx, value_usd) of each item, as CSV text."""
        rng = self.rng
        out = []
        for item, group, units in items:
            if rng.random() < 0.4:
                out.append((item, group, "", "", rng.choice(NO_NUMBER) if rng.random() < 0.1 else "", ""))
                continue
            unit = rng.choice(units)
            qty = number(rng, unit)
            value = qty if unit == "USD" else None  # value_usd holds only a dollar figure, never a conversion
            approx = rng.choice(APPROX) if rng.random() < 0.05 else ""
            out.append((item, group, fmt(qty), unit, approx, "" if value is None else fmt(value)))
        return out

    def record(self, rid: int, most: int) -> list[tuple[str, ...]]:
        """The rows of record `rid`: recipients x items, at most `most` (and 5) of them."""
        rng = self.rng
        record_id = f"R{rid:07d}"
        to_china = rng.random() < 0.04
        donor, donor_type, donor_country, channel = rng.choice(self.foreign if to_china else self.chinese)
        if to_china:
            targets = [("China", "CHN", "Asia")]
        else:
            k = rng.choices((1, 2, 3, 4, 5), (60, 15, 10, 8, 7))[0]
            targets = rng.sample(self.recipients, min(k, most))
        per_target = min(rng.choices((1, 2, 3), (70, 20, 10))[0], 5 // len(targets), most // len(targets))
        amounts = self.amounts(rng.sample(self.items, per_target))
        allocation = "single" if len(targets) == 1 else ("shared" if rng.random() < 0.15 else "each")
        date = "" if rng.random() < 0.6 else rng.choice(self.dates)
        status = rng.choices(self.statuses, self.status_weights)[0]
        flow = "to-china" if to_china else "from-china"
        purchase = rng.random() < 0.05
        overlaps = ""
        if rid > 10 and rng.random() < 0.03:
            overlaps = " ".join(f"R{i:07d}" for i in sorted(rng.sample(range(1, rid), rng.randint(1, 3))))
        in_totals = "false" if overlaps or rng.random() < 0.1 else "true"
        umbrella = "true" if overlaps else "false"  # an umbrella names what it covers; the rest: reported twice
        source = "ciua" if rng.random() < 0.7 else "inss"
        notes = rng.choice(NOTES) if rng.random() < 0.3 else ""
        text = quote(rng, donor, amounts[0], targets)
        words = hedges(text)  # derived from the quote, as the build derives it
        rows = []
        for recipient, iso3, region, members in holders(targets, allocation == "shared"):
            counted = in_totals  # a shared amount is one row, as the package writes it
            placed = rng.random() < 0.05 and not members[0]  # a shared amount's row holds no place
            place = rng.choice(CHINA_PLACES if iso3 == "CHN" else PLACES) if placed else ""
            for item, group, qty, unit, approx, value in amounts:
                kind = "logistics" if group == "logistics" else "purchase" if purchase else "donation"
                rows.append(
                    (
                        record_id,
                        date,
                        donor,
                        donor_type,
                        channel,
                        donor_country,
                        recipient,
                        iso3,
                        place,
                        region,
                        *members,
                        flow,
                        kind,
                        status,
                        item,
                        group,
                        qty,
                        unit,
                        approx,
                        value,
                        allocation,
                        in_totals,
                        umbrella,
                        counted,
                        overlaps,
                        "",
                        "",
                        source,
                        text,
                        words,
                        notes,
                    )
                )
        return rows


def generate(n: int, out: Path, seed: int) -> None:
    """Write n rows to `out`."""
    header, fields = load_schema()
    records = Records(fields, seed)
    written = rid = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        while written < n:
            rid += 1
            rows = records.record(rid, n - written)
            if any(len(row) != len(header) for row in rows):  # a row's cells are the schema's fields, in order
                sys.exit("generate.py: a generated row does not have the schema's fields")
            writer.writerows(rows)
            written += len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, metavar="N", help="number of rows")
    parser.add_argument("out", type=Path, metavar="OUT.csv", help="file to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("N must be at least 1")
    generate(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
