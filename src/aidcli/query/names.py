"""Names users type, resolved to what the dataset holds: countries, places inside them, donors, items.

A name is matched case- and accent-blind against the data, the articles' aliases and
common ones, then ISO 3166 (a table from pycountry, read only when the data does not know the
name). A country typed in Chinese (意大利, 義大利) is known by its CLDR names (a table from babel,
read only for a name that is not ASCII); a donor's Chinese name is one of its aliases in
donors.csv. An unknown name is a UsageError with the closest matches.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from aidcli.loading.catalog import Catalog
from aidcli.model.errors import UsageError
from aidcli.model.schema import donations_schema

MAX_NAME = 200

# Names the articles and users use that ISO 3166 does not spell out, to ISO 3166-1 alpha-3.
COUNTRY_ALIASES = {
    "holland": "NLD",
    "the netherlands": "NLD",
    "us": "USA",
    "usa": "USA",
    "america": "USA",
    "united states of america": "USA",
    "the us": "USA",
    "the united states": "USA",
    "britain": "GBR",
    "great britain": "GBR",
    "uk": "GBR",
    "united kingdom": "GBR",
    "england": "GBR",
    "korea": "KOR",
    "south korea": "KOR",
    "republic of korea": "KOR",
    "north korea": "PRK",
    "turkey": "TUR",
    "turkiye": "TUR",
    "ivory coast": "CIV",
    "cote divoire": "CIV",
    "russia": "RUS",
    "iran": "IRN",
    "laos": "LAO",
    "vietnam": "VNM",
    "syria": "SYR",
    "czech republic": "CZE",
    "czechia": "CZE",
    "moldova": "MDA",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "republic of rwanda": "RWA",
    "republika yu rwanda": "RWA",
    "taiwan": "TWN",
    "dr congo": "COD",
    "drc": "COD",
    "congo kinshasa": "COD",
    "democratic republic of the congo": "COD",
    "congo": "COG",
    "congo brazzaville": "COG",
    "republic of the congo": "COG",
    "cape verde": "CPV",
    "swaziland": "SWZ",
    "burma": "MMR",
    "macedonia": "MKD",
    "east timor": "TLS",
    "vatican": "VAT",
    "palestine": "PSE",
    "micronesia": "FSM",
    "brunei": "BRN",
    "prc": "CHN",
    "mainland china": "CHN",
    "uae": "ARE",
}
ORG_ALIASES = {
    "who": "World Health Organization",
    "world health organisation": "World Health Organization",
    "eu": "European Union",
    "european commission": "European Union",
    "au": "African Union",
    "africa cdc": "African Union",
    # in Chinese, Simplified and Traditional (the countries' Chinese names come from CLDR: cldr_zh.csv)
    "世界卫生组织": "World Health Organization",
    "世卫组织": "World Health Organization",
    "世界衛生組織": "World Health Organization",
    "世衛組織": "World Health Organization",
    "欧盟": "European Union",
    "欧洲联盟": "European Union",
    "歐盟": "European Union",
    "歐洲聯盟": "European Union",
    "非洲联盟": "African Union",
    "非盟": "African Union",
    "非洲聯盟": "African Union",
}


_DROPPED = re.compile(r"[.'’`]")
_SPACES = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=4096)
def norm(text: str) -> str:
    """Case-, accent- and punctuation-blind form of a name: 'the U.S.' -> 'us', 'Türkiye' -> 'turkiye'."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _SPACES.sub(" ", _DROPPED.sub("", text.casefold().replace("&", " and "))).strip()
    return text[4:] if text.startswith("the ") else text


def check_text(text: str, what: str) -> str:
    """Refuse empty, blank or absurdly long names before any lookup."""
    if not text or not text.strip():
        raise UsageError(f"empty {what} name")
    if len(text) > MAX_NAME:
        raise UsageError(f"{what} name too long ({len(text)} characters; at most {MAX_NAME})")
    return text.strip()


def suggest(text: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Closest display names to a typed name: the best match and any nearly as close."""
    import difflib

    by_norm: dict[str, str] = {}
    for c in candidates:
        by_norm.setdefault(norm(c), c)
    key = norm(text)
    scored = []
    for k in by_norm:  # the cheap upper bounds first: most names are nowhere near
        m = difflib.SequenceMatcher(None, key, k)
        if m.real_quick_ratio() >= 0.6 and m.quick_ratio() >= 0.6:
            scored.append((m.ratio(), k))
    scored.sort(reverse=True)
    best = scored[0][0] if scored else 0.0
    close = [k for score, k in scored[:n] if score >= max(0.6, best - 0.1)]
    if not close and key:
        close = [k for k in by_norm if key in k][:n]
    return [by_norm[k] for k in close]


def _unknown(message: str, suggestions: list[str]) -> UsageError:
    if suggestions:
        message += " Did you mean: " + ", ".join(suggestions) + "?"
    return UsageError(message)


class Place(NamedTuple):
    """A resolved recipient: a country by ISO3 (with its name), or an organisation or group by name."""

    label: str
    iso3: str | None = None
    in_data: bool = True


@functools.cache
def _iso3166() -> list[tuple[str, str, str, tuple[str, ...]]]:
    """ISO 3166 countries: (alpha-3, alpha-2, the name to show, every name's key as norm gives
    it), from the package's iso3166.csv (written from pycountry by scripts/iso3166.py)."""
    with (Path(__file__).parent / "iso3166.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    return [(a3, a2, name, tuple(keys.split("|"))) for a3, a2, name, keys in rows]


@functools.cache
def _cldr_zh() -> dict[str, str]:
    """Chinese country names' keys (as norm gives them) to alpha-3, from the package's cldr_zh.csv
    (written from CLDR, through babel, by scripts/cldr_zh.py)."""
    with (Path(__file__).parent / "cldr_zh.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    return {key: a3 for a3, _, _, keys in rows for key in keys.split("|")}


def _iso3(key: str, codes: bool) -> tuple[str, str] | None:
    """(ISO3, common name) of a country by an ISO 3166 name, or by its code when `codes`."""
    for alpha_3, alpha_2, name, keys in _iso3166():
        if key in keys or (codes and key in (alpha_2.lower(), alpha_3.lower())):
            return alpha_3, name
    return None


def country_name(iso3: str) -> str | None:
    """The common name of an ISO 3166 alpha-3 code ('ESP': 'Spain'), None for another text."""
    return next((name for alpha_3, _, name, _ in _iso3166() if alpha_3 == iso3), None)


def _is_code(text: str) -> bool:
    """An ISO code as people write one: two or three capital letters ('ES', 'ESP'), never 'and' or 'to'."""
    return bool(re.fullmatch(r"[A-Z]{2,3}", text.strip()))


def country(text: str, known: Catalog, world: bool = True) -> Place | None:
    """The country a name or ISO code stands for, or None: the data's own recipients first, then
    aliases and (with `world`) ISO 3166. A lower-case word is never read as a code."""
    key = norm(text)
    by_name: dict[str, tuple[str, str | None]] = {}
    by_iso3: dict[str, str] = {}
    for name, iso3 in known.recipients:
        by_name.setdefault(norm(name), (name, iso3))
        if iso3:
            by_iso3.setdefault(iso3, name)
    if key in by_name and by_name[key][1]:
        return Place(*by_name[key])
    code = text.strip() if _is_code(text) else ""
    if code and len(code) == 3 and code in by_iso3:
        return Place(by_iso3[code], code)
    iso3 = COUNTRY_ALIASES.get(key) or (None if key.isascii() else _cldr_zh().get(key))
    found = (iso3, None) if iso3 else _iso3(key, codes=bool(code)) if world else None
    if not found:
        return None
    iso3 = found[0]
    if iso3 in by_iso3:
        return Place(by_iso3[iso3], iso3)
    name = found[1] or (_iso3(norm(iso3), codes=True) or (iso3, iso3))[1]
    return Place(name, iso3, in_data=False)


def resolve_place(text: str, known: Catalog, regions: Iterable[str] = (), donors: bool = False) -> Place:
    """A country or organisation name as the recipient it stands for in the data. A region or a
    donor typed where a recipient is expected is refused with the option that takes it."""
    text = check_text(text, "country or organisation")
    key = norm(text)
    for name, iso3 in known.recipients:
        if norm(name) == key:
            return Place(name, iso3)
    found = country(text, known)
    if found:
        return found
    if key in ORG_ALIASES:
        org = ORG_ALIASES[key]
        return Place(org, None, any(norm(org) == norm(n) for n, _ in known.recipients))
    region = next((r for r in regions if norm(r) == key), None)
    if region:
        raise UsageError(f"'{text}' is a region, not a country; use --region {region}")
    donor = _find_donor(key, known.donors)
    inside = [(p, r) for p, r, _ in known.places if norm(p) == key]
    if inside:
        place, where = inside[0]
        also = f" ({donor} is also a donor: --donor {_quoted(donor)})" if donor else ""
        raise UsageError(f"{place} is a place in {_the(where)}, not a country; try --place {_quoted(place)}{also}")
    if donor:
        hint = "use 'compare --donors'" if donors else f"use --donor '{text}' or 'aidcli by-donor'"
        raise UsageError(f"'{text}' is a donor, not a recipient; {hint}")
    if key in {norm(c) for c in donations_schema().names}:  # csvkit's -c: the columns
        raise UsageError(f"'{text}' is a column, not a country (-c is --country here); choose columns with --columns")
    lower = text.strip()
    codes = (
        [f"{lower.upper()} ({n})" for n, i in known.recipients if i == lower.upper()]
        if re.fullmatch(r"[a-z]{3}", lower)
        else []
    )
    raise _unknown(
        f"No country or organisation called '{text}'.", codes or suggest(text, [n for n, _ in known.recipients])
    )


def _quoted(text: str) -> str:
    """A name as a shell takes it: bare when it is one plain word, else in single quotes."""
    return text if re.fullmatch(r"[\w.-]+", text) else "'" + text.replace("'", "'\\''") + "'"


def _the(country: str) -> str:
    """'the United States', 'the Netherlands', 'Spain': a country's name inside a sentence."""
    return f"the {country}" if country.startswith(_THE) else country


_THE = ("United ", "Netherlands", "Philippines", "Democratic Republic", "Republic of", "Central African", "Gambia")


def resolve_locality(text: str, known: Catalog) -> list[str]:
    """A place inside a recipient (a state, province, city: Massachusetts, Wuhan) as the data's
    recipient_place values it names, matched case- and accent-blind. A country typed here is
    refused with --country; an unknown place is a UsageError with the closest of the data's places."""
    text = check_text(text, "place")
    key = norm(text)
    found = sorted({p for p, _, _ in known.places if norm(p) == key})
    if found:
        return found
    state = country(text, known)
    if state is not None or key in ORG_ALIASES:
        what, label = ("a country", state.label) if state else ("an organisation", ORG_ALIASES[key])
        raise UsageError(f"'{text}' is {what}, not a place inside one; use --country {_quoted(label)}")
    raise _unknown(
        f"No place called '{text}' in any record (places are states, provinces and cities inside "
        "a recipient; 'aidcli list --columns recipient,recipient_place' shows them).",
        suggest(text, [p for p, _, _ in known.places]),
    )


class DonorMatch:
    """A donor and every entity that counts as it: joint donors it is a member of, its
    subsidiaries; or, for a country typed as a donor, every donor based there. A plain class,
    filled as the entities are found (a dataclass costs about 0.5 ms of every start)."""

    __slots__ = ("country", "name", "related")

    def __init__(self, name: str, related: dict[str, str] | None = None, country: str | None = None) -> None:
        self.name = name
        self.related: dict[str, str] = related if related is not None else {}  # donor -> how it relates
        self.country = country  # ISO3 when the name was a country

    @property
    def donors(self) -> list[str]:
        return [self.name, *self.related] if self.country is None else list(self.related)


def _split(value: object) -> list[str]:
    if not isinstance(value, str):
        return []
    return [p.strip() for p in value.split(";") if p.strip()]


def _find_donor(key: str, donors: Iterable[dict]) -> str | None:
    for d in donors:
        if norm(d["donor"]) == key or key in {norm(a) for a in _split(d.get("aliases"))}:
            return d["donor"]
    return None


def resolve_donor(text: str, known: Catalog) -> DonorMatch:
    """A typed donor as its entity plus joint donors and subsidiaries. A country's name means
    every donor based in it (said in the match's name), never the one entity that has it as alias."""
    text = check_text(text, "donor")
    key = norm(text)
    donors = known.donors
    name = next((d["donor"] for d in donors if norm(d["donor"]) == key), None)
    if name is None:
        place = country(text, known, world=False)  # a donor's country is one the data knows
        based = [d["donor"] for d in donors if place and d.get("country") == place.iso3]
        if place and based:
            return DonorMatch(f"donors based in {place.label}", dict.fromkeys(based, "based there"), place.iso3)
        name = _find_donor(key, donors)
    if name is None:
        partial = sorted({d["donor"] for d in donors if len(key) >= 3 and key in norm(d["donor"])})
        if len(partial) == 1:
            name = partial[0]
        elif partial:
            raise UsageError(f"Donor '{text}' matches several donors: {', '.join(partial)}. Give the full name.")
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
            elif d.get("parent") == current:
                match.related[other] = f"part of {current}"
                frontier.append(other)
    return match


# Words people use for groups of items the articles name otherwise.
ITEM_WORDS = {
    "ppe": ["protective-clothing", "masks", "gloves", "eye-face-protection"],
    "personal protective equipment": ["protective-clothing", "masks", "gloves", "eye-face-protection"],
    "respirators": ["N95 masks"],
    "face masks": ["masks"],
    "testing kits": ["test kits"],
}


def _singular(key: str) -> set[str]:
    return {key, key[:-1]} if key.endswith("s") else {key, key + "s"}


def resolve_item(text: str, items: Iterable[tuple[str, str]]) -> list[str]:
    """An item or item group as the items it covers (`items`: the data's (item, item_group) pairs)."""
    text = check_text(text, "item")
    items = list(items)
    forms = _singular(norm(text))
    group_items = [item for item, group in items if norm(group) in forms]
    if group_items:
        return sorted(set(group_items))
    exact = sorted({item for item, _ in items if norm(item) in forms})
    if exact:
        return exact
    names = [i for i, _ in items] + [g for _, g in items]
    hints = next((v for k in forms for kk, v in ITEM_WORDS.items() if norm(kk) == k), None)
    if hints is None:  # a word of the text that names an item or group: 'face mask' -> masks
        words = {w for part in norm(text).split() for w in _singular(part)}
        hints = [n for n in dict.fromkeys(names) if words & {norm(w) for w in re.split(r"[\s/-]+", n)}]
    raise _unknown(f"No item or item group called '{text}'.", hints[:4] or suggest(text, names))


def _word(text: str) -> str:
    """An enumerated value's key: 'from_china', 'from china' and 'From-China' are one."""
    return re.sub(r"[\s_-]+", "", norm(text))


def choose(values: Iterable[str], allowed: Iterable[str], option: str) -> list[str]:
    """Values of an enumerated option, matched case-, space- and dash-blind; a UsageError listing
    the choices."""
    allowed = list(allowed)
    by_key = {_word(a): a for a in allowed}
    out = []
    for value in values:
        check_text(value, option.lstrip("-"))
        hit = by_key.get(_word(value))
        if hit is None:
            close = suggest(value, allowed)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise UsageError(f"{option}: no such value {value!r}; choose from: {', '.join(allowed)}.{hint}")
        out.append(hit)
    return out
