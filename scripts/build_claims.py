"""Build data/claims.csv, the donor's own figures, from the snapshots in sources/jackmafoundation/.

A claim is one line of the Jack Ma Foundation's table of donations, as one version of its website
showed it (or one figure a post of the foundation states): the country or region line as the donor
wrote it, resolved to the dataset's names; the goods as written and as an item of the dataset; the
quantity, the progress and the recipient (or donors) column as written; the version's commit time
(`as_of`), commit, file, URL and the line's own text. No figure is typed here: each is read from
the snapshot, which is checked against MANIFEST.csv's SHA-256 first.

Which file is the table of a version: the supplies page writes the table into its HTML until
2020-03-18; from the version that reads `site.data.supplies`, the table is `_data/supplies.yml`
(each of its versions is read; the HTML copy the page still carries below is not read again).
Anything the parser does not recognise (a missing or altered snapshot, a table of another shape,
a country line or goods it cannot resolve) stops the build with `FILE:LINE: problem` and exit 1.

    uv run python scripts/build_claims.py [OUTPUT_DIR [SOURCES_DIR]]
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from aidcli.loading.catalog import Catalog
from aidcli.query import names

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources" / "jackmafoundation"
DATA = ROOT / "data"
RECORDS = ROOT / "records"

DONOR = "Jack Ma Foundation and Alibaba Foundation"  # the dataset's donor whose table this is
PAGE_URL = "https://www.jackmafoundation.org/program/covid-19/supplies"
# Files that hold no table of the donor's, each with the reason (said, never skipped silently).
NOT_TABLES = {
    "supplies-data/2020-03-18T103014+0800_9cf75f0.yml": "a test file of the site's (lines 'Japan2', 'Face Mask2'), "
    "replaced within the hour; the page of that time still writes its HTML table",
    "supplies-data/2020-03-20T202408+0800_ada74b1.csv": "a partial copy of the same commit's supplies.yml",
}
# Lines shared by several countries: the donor's word for them and the dataset's region.
SHARED = {"Europe": "Europe", "Africa": "Africa"}
# The donor's goods as the dataset's items (records/item_groups.csv).
GOODS = {
    "face mask": "masks",
    "detection kit": "test kits",
    "nucleic acid isolation or purification reagent": "test reagents",
    "nat": "specimen collection kits",
    "medical use protective suit": "protective suits",
    "medical use protective face shield": "face shields",
    "masks": "masks",
    "virus detection kits": "test kits",
}
HEADERS = ("goods", "qty(pieces)", "progress")  # the first three columns, either spelling of QTY
PARTY = ("Donors", "Recepient")  # the fourth column's heading as written
# Posts that state a figure: (file name's start, the sentence's first and last words, the places
# as the sentence words them, the dataset's names of those places).
POSTS = (
    (
        "posts/2020-03-13-europe-supplies@",
        "The 1.8 million masks",
        "such as Italy and Spain.",
        "countries with severe outbreak such as Italy and Spain",
        ("Italy", "Spain"),
    ),
)
FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)( million)? ((?:virus )?detection kits|masks)")


class BuildError(Exception):
    """A problem in a snapshot, worded as `FILE:LINE: problem`."""


@dataclass(frozen=True)
class Version:
    """One file of MANIFEST.csv."""

    file: str
    commit: str
    as_of: str
    url: str


@dataclass(frozen=True)
class Line:
    """One line of the donor's table as written: country line, goods, quantity, progress, the
    fourth column (heading and value), where it is and its text."""

    place: str
    goods: str
    qty: str
    progress: str
    party_column: str
    party: str
    line_no: int
    text: str
    place_no: int  # the line of the country line


def clean(text: str) -> str:
    """Text as a person reads it: line breaks (<br/>) a space, HTML entities decoded, runs of white
    space one space."""
    return " ".join(unescape(re.sub(r"<br\s*/?>", " ", text)).split())


def read_manifest(folder: Path = SOURCES) -> list[Version]:
    """MANIFEST.csv's files, each checked to be present and to match its SHA-256."""
    with (folder / "MANIFEST.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    versions = []
    for i, row in enumerate(rows, 2):
        path = folder / row["file"]
        where = f"{shown(folder / 'MANIFEST.csv')}:{i}"
        if not path.is_file():
            raise BuildError(f"{where}: snapshot {row['file']} is missing")
        if hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
            raise BuildError(f"{where}: {row['file']} does not match its SHA-256 (the snapshot was changed)")
        versions.append(Version(row["file"], row["commit"], row["commit_date"], row["url"]))
    return versions


def shown(path: Path) -> str:
    """`path` relative to the repository when inside it, for messages."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def html_lines(text: str, where: str) -> Iterator[Line]:
    """The rows of the HTML table of a page version: one `<div class="aid">` per country line."""
    lines = text.splitlines()
    place, heads, party, carried = "", [], "", ""
    row: list[tuple[str, int]] = []
    start = place_no = 0
    for n, raw in enumerate(lines, 1):
        if m := re.search(r'<div class="country">(.*?)</div>', raw):
            place, heads, place_no = clean(m.group(1)), [], n
        elif m := re.search(r"<th\b[^>]*>(.*?)</th>", raw):
            heads.append(clean(m.group(1)))
        elif "<tr>" in raw and place and len(heads) == 4:
            row, start = [], n
            party = heads[3]
            if tuple(h.lower().replace("piece)", "pieces)") for h in heads[:3]) != HEADERS or party not in PARTY:
                raise BuildError(f"{where}:{n}: a table with columns {heads}, not Goods, QTY, Progress, {PARTY}")
        elif m := re.search(r"<td\b([^>]*)>(.*?)</td>", raw):
            row.append((clean(m.group(2)), n))
            if "rowspan" in m.group(1):
                carried = clean(m.group(2))
        elif "</tr>" in raw and row:
            cells = [c for c, _ in row]
            if len(cells) == 3 and carried:
                cells.append(carried)  # the fourth column spans several rows
            elif len(cells) != 4:
                raise BuildError(f"{where}:{start}: a row of {len(cells)} cells, not 4")
            body = "\n".join(lines[start - 1 : n])
            yield Line(place, cells[0], cells[1], cells[2], party, cells[3], start, body, place_no)
            row = []
        elif "</table>" in raw:
            place, heads, carried = "", [], ""


YAML_LINE = re.compile(
    r"(?P<indent> *)(?P<dash>- )?(?P<key>country|supplies|goods|qty|progress|recepient):(?P<value>.*)"
)


def yaml_lines(text: str, where: str) -> Iterator[Line]:
    """The entries of a supplies.yml version, read line by line (its shape is fixed: a country,
    then its supplies, each goods, qty, progress, recepient), so every figure keeps its line."""
    place, entry, start, place_no = "", {}, 0, 0
    lines = text.splitlines()

    def done(end: int) -> Iterator[Line]:
        if entry:
            if set(entry) != {"goods", "qty", "progress", "recepient"}:
                raise BuildError(f"{where}:{start}: an entry with {sorted(entry)}, not goods, qty, progress, recepient")
            body = "\n".join(lines[start - 1 : end])
            party = entry["recepient"]
            yield Line(
                place, entry["goods"], entry["qty"], entry["progress"], "Recepient", party, start, body, place_no
            )

    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        m = YAML_LINE.fullmatch(raw)
        if m is None:
            raise BuildError(f"{where}:{n}: a line the parser does not recognise: {raw.strip()!r}")
        key, value = m.group("key"), clean(m.group("value").strip().strip('"'))
        if key in ("country", "goods"):
            yield from done(n - 1)
            entry, start = {}, n
        if key == "country":
            place, entry, place_no = value, {}, n
        elif key != "supplies":
            entry[key] = value
    yield from done(len(lines))


@dataclass(frozen=True)
class Resolver:
    """The dataset's countries (records/countries.csv) and items (records/item_groups.csv)."""

    countries: dict[str, tuple[str, str]]  # name -> (iso3, region)
    items: dict[str, str]  # item -> item group

    @classmethod
    def load(cls, folder: Path = RECORDS) -> Resolver:
        with (folder / "countries.csv").open(encoding="utf-8", newline="") as fh:
            countries = {r["name"]: (r["iso3"], r["region"]) for r in csv.DictReader(fh)}
        with (folder / "item_groups.csv").open(encoding="utf-8", newline="") as fh:
            items = {r["item"]: r["item_group"] for r in csv.DictReader(fh)}
        return cls(countries, items)

    def country(self, text: str) -> str | None:
        """The dataset's name of a country the donor names, or None."""
        known = Catalog(tuple((n, iso or None) for n, (iso, _) in self.countries.items()), (), (), ())
        place = names.country(text, known, world=True)
        return place.label if place is not None and place.label in self.countries else None

    def place(self, text: str, where: str) -> dict[str, str]:
        """recipient, recipient_iso3, region, shared and members of a country line as written."""
        if text in SHARED:
            return {"recipient": text, "recipient_iso3": "", "region": SHARED[text], "shared": "true", "members": ""}
        parts = [p.strip() for p in text.split(",")]
        found = [self.country(p) for p in parts]
        if None in found:
            bad = parts[found.index(None)]
            raise BuildError(f"{where}: country line {text!r}: cannot resolve {bad!r} to a country of the dataset")
        members = [f for f in found if f is not None]
        if len(members) == 1:
            iso3, region = self.countries[members[0]]
            return {"recipient": members[0], "recipient_iso3": iso3, "region": region, "shared": "false", "members": ""}
        regions = {self.countries[m][1] for m in members}
        return {
            "recipient": ", ".join(members),
            "recipient_iso3": "",
            "region": regions.pop() if len(regions) == 1 else "International",
            "shared": "true",
            "members": "; ".join(members),
        }

    def item(self, goods: str, where: str) -> tuple[str, str]:
        """The dataset's item and item group of goods as written."""
        item = GOODS.get(goods.lower())
        if item is None or item not in self.items:
            raise BuildError(f"{where}: goods {goods!r}: no item of the dataset for it (GOODS in build_claims.py)")
        return item, self.items[item]


def quantity(text: str, where: str) -> str:
    """A quantity as written ("1,000,000") as a whole number; BuildError for anything else."""
    if not re.fullmatch(r"\d{1,3}(,\d{3})*|\d+", text):
        raise BuildError(f"{where}: quantity {text!r} is not a number as the table writes them")
    return text.replace(",", "")


def split_goods(line: Line) -> list[tuple[str, str]]:
    """(goods, quantity) of a line: one, or several written into the goods cell ("Face Mask *
    3,500,000<br/>Detection Kit * 200,000") when the quantity cell is empty."""
    if line.qty:
        return [(line.goods, line.qty)]
    pairs = re.findall(r"\s*(.+?)\s*\*\s*(\d[\d,]*)", line.goods)
    return pairs or [(line.goods, "")]


def table_claims(version: Version, lines: list[Line], res: Resolver) -> list[dict[str, str]]:
    """The claims of one version of the table."""
    out: list[dict[str, str]] = []
    seen: dict[str, int] = {}  # claims so far of each country line: a claim's entry is its place there
    for line in lines:
        where = f"sources/jackmafoundation/{version.file}:{line.line_no}"
        place = res.place(line.place, f"sources/jackmafoundation/{version.file}:{line.place_no}")
        for goods, qty in split_goods(line):
            item, group = res.item(goods, where)
            key = place["recipient"]
            seen[key] = seen.get(key, 0) + 1
            out.append(
                claim(version, line.place, place, goods, item, group, quantity(qty, where), line.progress)
                | {
                    "entry": str(seen[key]),
                    "party_column": line.party_column,
                    "party": line.party,
                    "line_no": str(line.line_no),
                    "source_text": line.text,
                }
            )
    return out


def claim(
    version: Version, line: str, place: dict[str, str], goods: str, item: str, group: str, qty: str, progress: str
) -> dict[str, str]:
    """The fields every claim has."""
    return {
        "donor": DONOR,
        "line": line,
        **place,
        "goods": goods,
        "item": item,
        "item_group": group,
        "quantity": qty,
        "unit": "pieces",
        "progress": progress,
        "source_kind": "post" if version.file.startswith("posts/") else "table",
        "as_of": version.as_of,
        "published": "",
        "version": version.commit,
        "file": f"sources/jackmafoundation/{version.file}",
        "url": version.url,
    }


def post_claims(version: Version, text: str, res: Resolver) -> list[dict[str, str]]:
    """The figures a post's sentence states, one claim per figure, shared by the places it names."""
    out = []
    for prefix, start, end, line, members in POSTS:
        if not version.file.startswith(prefix):
            continue
        i = text.find(start)
        j = text.find(end, i)
        where = f"sources/jackmafoundation/{version.file}"
        if i < 0 or j < 0:
            raise BuildError(f"{where}: the sentence {start!r} ... {end!r} is not in the post")
        sentence = text[i : j + len(end)]
        line_no = text.count("\n", 0, i) + 1
        date = re.search(r"^date:\s*(\S+)", text, re.M)
        regions = {res.countries[m][1] for m in members}
        place = {
            "recipient": ", ".join(members),
            "recipient_iso3": "",
            "region": regions.pop() if len(regions) == 1 else "International",
            "shared": "true",
            "members": "; ".join(members),
        }
        figures = FIGURE.findall(sentence)
        if not figures:
            raise BuildError(f"{where}:{line_no}: no figure found in the sentence {start!r}")
        for n, (number, million, goods) in enumerate(figures, 1):
            qty = str(round(float(number.replace(",", "")) * 1_000_000)) if million else quantity(number, where)
            item, group = res.item(goods, f"{where}:{line_no}")
            out.append(
                claim(version, line, place, goods, item, group, qty, "")
                | {
                    "published": date.group(1) if date else "",
                    "entry": str(n),
                    "party_column": "",
                    "party": "",
                    "line_no": str(line_no),
                    "source_text": sentence,
                }
            )
    return out


def build(folder: Path = SOURCES, records: Path = RECORDS) -> list[dict[str, str]]:
    """Every claim of every version, in order of time, file and line; BuildError on the first problem."""
    res = Resolver.load(records)
    rows = []
    for version in read_manifest(folder):
        if version.file in NOT_TABLES:
            continue
        text = (folder / version.file).read_text(encoding="utf-8")
        where = f"sources/jackmafoundation/{version.file}"
        if version.file.startswith("supplies-page/"):
            if "site.data.supplies" in text:
                continue  # the YAML of its time is the table (read as its own version)
            rows += table_claims(version, list(html_lines(text, where)), res)
        elif version.file.endswith(".yml"):
            rows += table_claims(version, list(yaml_lines(text, where)), res)
        elif version.file.startswith("posts/"):
            rows += post_claims(version, text, res)
        else:
            raise BuildError(f"{where}: a file of a kind the build does not know")
    rows.sort(key=lambda r: (r["as_of"], r["file"], int(r["line_no"])))
    return [{"claim_id": f"C{i:04d}", **r} for i, r in enumerate(rows, 1)]


def claim_fields(package: Path = DATA / "datapackage.json") -> list[str]:
    """The claims table's columns, in order, as datapackage.json names them."""
    resources = json.loads(package.read_text(encoding="utf-8"))["resources"]
    return [f["name"] for f in next(r for r in resources if r["name"] == "claims")["schema"]["fields"]]


def write(out: Path = DATA, folder: Path = SOURCES) -> int:
    """Write claims.csv into `out` from the snapshots in `folder`; the number of claims. BuildError
    on a problem, before anything is written."""
    rows = build(folder)
    fields = claim_fields()
    odd = next((r for r in rows if list(r) != fields), None)
    if odd is not None:
        raise BuildError(f"{odd['file']}:{odd['line_no']}: the claim's fields differ from datapackage.json's")
    with (out / "claims.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def main(out: Path = DATA, folder: Path = SOURCES) -> None:
    """Write claims.csv, or say the first problem in one line and exit 1."""
    try:
        count = write(out, folder)
    except BuildError as err:
        print(f"build_claims: {err}", file=sys.stderr)
        raise SystemExit(1) from None
    print(f"{count} claims")


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:3]))
