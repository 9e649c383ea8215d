"""Names users type, resolved to what the dataset holds: countries, donors, items.

A name is matched case- and accent-blind against the data, the articles' aliases and
common ones, then ISO 3166 (pycountry, loaded only when the data does not know the
name). An unknown name is a UsageError with the closest matches.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from aidcli.errors import UsageError

MAX_NAME = 200

# Names the articles and users use that ISO 3166 does not spell out, to ISO 3166-1 alpha-3.
COUNTRY_ALIASES = {
    "holland": "NLD", "the netherlands": "NLD", "us": "USA", "usa": "USA", "america": "USA",
    "united states of america": "USA", "the us": "USA", "the united states": "USA",
    "britain": "GBR", "great britain": "GBR", "uk": "GBR", "united kingdom": "GBR", "england": "GBR",
    "korea": "KOR", "south korea": "KOR", "republic of korea": "KOR", "north korea": "PRK",
    "turkey": "TUR", "turkiye": "TUR", "ivory coast": "CIV", "cote divoire": "CIV",
    "russia": "RUS", "iran": "IRN", "laos": "LAO", "vietnam": "VNM", "syria": "SYR",
    "czech republic": "CZE", "czechia": "CZE", "moldova": "MDA", "bolivia": "BOL",
    "venezuela": "VEN", "tanzania": "TZA", "taiwan": "TWN", "dr congo": "COD", "drc": "COD",
    "congo kinshasa": "COD", "democratic republic of the congo": "COD", "congo": "COG",
    "congo brazzaville": "COG", "republic of the congo": "COG", "cape verde": "CPV",
    "swaziland": "SWZ", "burma": "MMR", "macedonia": "MKD", "east timor": "TLS",
    "vatican": "VAT", "palestine": "PSE", "micronesia": "FSM", "brunei": "BRN",
    "prc": "CHN", "mainland china": "CHN", "uae": "ARE",
}
ORG_ALIASES = {
    "who": "World Health Organization", "world health organisation": "World Health Organization",
    "eu": "European Union", "european commission": "European Union",
    "au": "African Union", "africa cdc": "African Union",
}


def norm(text: str) -> str:
    """Case-, accent- and punctuation-blind form of a name: 'the U.S.' -> 'us', 'Türkiye' -> 'turkiye'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"[.'’`]", "", text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def check_text(text: str, what: str) -> str:
    """Refuse empty, blank or absurdly long names before any lookup."""
    if not text or not text.strip():
        raise UsageError(f"empty {what} name")
    if len(text) > MAX_NAME:
        raise UsageError(f"{what} name too long ({len(text)} characters; at most {MAX_NAME})")
    return text.strip()


def suggest(text: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Closest display names to a typed name: the best match and any nearly as close."""
    by_norm: dict[str, str] = {}
    for c in candidates:
        by_norm.setdefault(norm(c), c)
    key = norm(text)
    scored = sorted(((difflib.SequenceMatcher(None, key, k).ratio(), k) for k in by_norm), reverse=True)
    best = scored[0][0] if scored else 0.0
    close = [k for score, k in scored[:n] if score >= max(0.6, best - 0.1)]
    if not close and key:
        close = [k for k in by_norm if key in k][:n]
    return [by_norm[k] for k in close]


def _unknown(message: str, suggestions: list[str]) -> UsageError:
    if suggestions:
        message += " Did you mean: " + ", ".join(suggestions) + "?"
    return UsageError(message)


@dataclass(frozen=True)
class Place:
    """A resolved recipient: a country by ISO3 (with its name), or an organisation or group by name."""

    label: str
    iso3: str | None = None
    in_data: bool = True


def _pycountry_iso3(key: str) -> tuple[str, str] | None:
    """(ISO3, common name) of a country by any ISO 3166 name or code, or None."""
    import pycountry

    for country in pycountry.countries:
        names = [country.alpha_2, country.alpha_3, country.name,
                 getattr(country, "official_name", ""), getattr(country, "common_name", "")]
        if key in {norm(n) for n in names if n}:
            return country.alpha_3, getattr(country, "common_name", None) or country.name
    return None


def resolve_place(text: str, recipients: Iterable[tuple[str, str | None]]) -> Place:
    """A country or organisation name as the recipient it stands for in the data.

    `recipients` are the data's (recipient, recipient_iso3) pairs.
    """
    text = check_text(text, "country or organisation")
    key = norm(text)
    by_name: dict[str, tuple[str, str | None]] = {}
    by_iso3: dict[str, str] = {}
    for name, iso3 in recipients:
        by_name.setdefault(norm(name), (name, iso3 or None))
        if iso3:
            by_iso3.setdefault(iso3, name)
    if key in by_name:
        name, iso3 = by_name[key]
        return Place(name, iso3)
    if key.upper() in by_iso3:
        return Place(by_iso3[key.upper()], key.upper())
    if key in ORG_ALIASES:
        org = ORG_ALIASES[key]
        return Place(org, None, norm(org) in by_name)
    iso3 = COUNTRY_ALIASES.get(key)
    found = (iso3, None) if iso3 else _pycountry_iso3(key)
    if found:
        iso3 = found[0]
        if iso3 in by_iso3:
            return Place(by_iso3[iso3], iso3)
        if found[1] is None:
            found = _pycountry_iso3(norm(iso3)) or (iso3, iso3)
        return Place(found[1] or iso3, iso3, in_data=False)
    raise _unknown(f"No country or organisation called '{text}'.",
                   suggest(text, [n for n, _ in recipients]))


@dataclass
class DonorMatch:
    """A donor and every entity that counts as it: joint donors it is a member of, its subsidiaries."""

    name: str
    related: dict[str, str] = field(default_factory=dict)  # donor -> how it relates to `name`

    @property
    def donors(self) -> list[str]:
        return [self.name, *self.related]


def _split(value: object) -> list[str]:
    if not isinstance(value, str):
        return []
    return [p.strip() for p in value.split(";") if p.strip()]


def resolve_donor(text: str, donors: list[dict]) -> DonorMatch:
    """A typed donor name as its entity plus joint donors and subsidiaries (`donors`: donors.csv rows)."""
    text = check_text(text, "donor")
    key = norm(text)
    names = {norm(d["donor"]): d["donor"] for d in donors}
    aliases = {norm(a): d["donor"] for d in donors for a in _split(d.get("aliases"))}
    name = names.get(key) or aliases.get(key)
    if name is None:
        partial = sorted({d["donor"] for d in donors if len(key) >= 3 and key in norm(d["donor"])})
        if len(partial) == 1:
            name = partial[0]
        elif partial:
            raise UsageError(f"Donor '{text}' matches several donors: {', '.join(partial)}. "
                             "Give the full name.")
        else:
            candidates = [d["donor"] for d in donors] + [a for d in donors for a in _split(d.get("aliases"))]
            raise _unknown(f"No donor called '{text}'.", suggest(text, candidates))
    match = DonorMatch(name)
    frontier = [name]
    while frontier:
        current = frontier.pop()
        for d in donors:
            other = d["donor"]
            if other == name or other in match.related:
                continue
            if norm(current) in {norm(m) for m in _split(d.get("members"))}:
                match.related[other] = f"joint with {current}"
                frontier.append(other)
            elif isinstance(d.get("parent"), str) and d["parent"] == current:
                match.related[other] = f"part of {current}"
                frontier.append(other)
    return match


def _singular(key: str) -> set[str]:
    forms = {key}
    if key.endswith("s"):
        forms.add(key[:-1])
    else:
        forms.add(key + "s")
    return forms


def resolve_item(text: str, items: list[tuple[str, str]]) -> list[str]:
    """An item or item group as the items it covers (`items`: the data's (item, item_group) pairs)."""
    text = check_text(text, "item")
    forms = _singular(norm(text))
    group_items = [item for item, group in items if norm(group) in forms]
    if group_items:
        return sorted(set(group_items))
    exact = sorted({item for item, _ in items if norm(item) in forms})
    if exact:
        return exact
    raise _unknown(f"No item or item group called '{text}'.",
                   suggest(text, [i for i, _ in items] + [g for _, g in items]))


def cheap_column(csv_path: Path, *columns: str) -> list[str]:
    """Distinct values of some columns of a CSV, read with the csv module (for shell completion)."""
    seen: dict[str, None] = {}
    try:
        with csv_path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                for column in columns:
                    value = row.get(column)
                    if value:
                        seen.setdefault(value, None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    return sorted(seen)


def choose(values: list[str], allowed: Iterable[str], option: str) -> list[str]:
    """Values of an enumerated option, matched case-blind; a UsageError listing the choices."""
    allowed = list(allowed)
    by_norm = {norm(a): a for a in allowed}
    out = []
    for value in values:
        check_text(value, option.lstrip("-"))
        hit = by_norm.get(norm(value))
        if hit is None:
            close = suggest(value, allowed)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise UsageError(f"{option}: no such value {value!r}; choose from: {', '.join(allowed)}.{hint}")
        out.append(hit)
    return out


def check_options(raw) -> None:
    """Check what needs no data (dates, enumerated values, empty names) before pandas loads."""
    from aidcli.schema import donations_schema
    from aidcli.vocab import parse_date

    schema = donations_schema()
    for option, values in (("--donor-type", raw.donor_type), ("--region", raw.region), ("--kind", raw.kind),
                           ("--status", raw.status), ("--flow", raw.flow)):
        choose(values, schema.field(option.lstrip("-").replace("-", "_")).enum, option)
    for what, values in (("country or organisation", raw.country), ("donor", raw.donor), ("item", raw.item),
                         ("search", raw.search), ("source", raw.source)):
        for value in values:
            check_text(value, what)
    since = parse_date(raw.since, "--since") if raw.since is not None else None
    until = parse_date(raw.until, "--until") if raw.until is not None else None
    if since and until and (since + "-00-00")[:10] > (until + "-99-99")[:10]:
        raise UsageError(f"--since {since} is after --until {until}")


def build_filters(raw, ds):
    """Resolve the typed filters (a cli.RawFilters) against a data.Dataset; UsageError on a bad one."""
    from aidcli.query import Filters
    from aidcli.schema import donations_schema

    check_options(raw)
    schema = donations_schema()
    f = Filters()
    donations = ds.donations
    if raw.country:
        pairs = recipient_pairs(donations)
        f.places = [resolve_place(name, pairs) for name in raw.country]
    if raw.donor:
        donor_rows = ds.donors.astype(object).to_dict(orient="records")
        for name in raw.donor:
            f.donors.extend(resolve_donor(name, donor_rows).donors)
    if raw.item:
        pairs = item_pairs(donations)
        for name in raw.item:
            f.items.extend(resolve_item(name, pairs))
    f.donor_types = choose(raw.donor_type, schema.field("donor_type").enum, "--donor-type")
    f.regions = choose(raw.region, schema.field("region").enum, "--region")
    f.kinds = choose(raw.kind, schema.field("kind").enum, "--kind")
    f.statuses = choose(raw.status, schema.field("status").enum, "--status")
    f.flows = choose(raw.flow, schema.field("flow").enum, "--flow")
    if raw.source:
        f.sources = choose(raw.source, ds.sources["source"].dropna().astype(str), "--source")
    f.search = list(raw.search)
    f.since, f.until = raw.since and raw.since.strip(), raw.until and raw.until.strip()
    return f


def recipient_pairs(donations) -> list[tuple[str, str | None]]:
    """The data's distinct (recipient, recipient_iso3) pairs."""
    pairs = donations[["recipient", "recipient_iso3"]].astype(object).drop_duplicates()
    return [(r, i if isinstance(i, str) else None) for r, i in pairs.itertuples(index=False)
            if isinstance(r, str)]


def item_pairs(donations) -> list[tuple[str, str]]:
    """The data's distinct (item, item_group) pairs."""
    pairs = donations[["item", "item_group"]].astype(object).drop_duplicates()
    return [(i, g) for i, g in pairs.itertuples(index=False) if isinstance(i, str)]
