"""What a dataset knows by name: its recipients, the places inside them, items, donors and
sources, as plain lists.

Names are resolved against these lists, not against a DataFrame, so a misspelt name or an
unknown donor is answered (with suggestions) before pandas is imported. For the packaged
dataset and small files the lists are read with the csv module; a large file is loaded first
and the lists are taken from its frames. Either way they are kept in the names cache (JSON in
the cache folder, read only if it is the current user's) while the files are unchanged, so the
next run reads neither.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import NamedTuple

from aidcli.loading.csvtext import parsed
from aidcli.model.shares import split

LIGHT_LIMIT = 4 * 1024 * 1024  # above this size the DataFrame, once loaded, is the cheaper source


class Catalog(NamedTuple):
    """The names a dataset holds. Each list keeps the data's order and has no repeats."""

    recipients: tuple[tuple[str, str | None], ...]  # (recipient, recipient_iso3)
    items: tuple[tuple[str, str], ...]  # (item, item_group)
    donors: tuple[dict, ...]  # donors.csv rows: donor, donor_type, country, parent, members, aliases
    sources: tuple[str, ...]
    places: tuple[tuple[str, str, str | None], ...] = ()  # (recipient_place, recipient, recipient_iso3)


class Files(NamedTuple):
    """Where a dataset's three tables are; donors and sources may be absent (a bare CSV)."""

    donations: Path
    donors: Path | None
    sources: Path | None


def files(path: Path | None) -> Files:
    """The files of the packaged dataset, a datapackage.json (or its folder), or a bare CSV."""
    from aidcli.loading.paths import reachable, resource_file
    from aidcli.model.schema import default_package

    path = reachable(Path(path)) if path is not None else default_package()
    if path.is_dir():
        path = path / "datapackage.json"
    if path.suffix.lower() != ".json":
        packaged = files(None)
        return Files(path, packaged.donors, packaged.sources)
    from aidcli.model.errors import DataError
    from aidcli.model.schema import read_descriptor  # parsed once a run, for the schema too

    try:
        resources = read_descriptor(path)["resources"]
        by_name = {
            r["name"]: resource_file(path, r["name"], r["path"])
            for r in resources
            if isinstance(r, dict) and "name" in r and isinstance(r.get("path"), str)
        }
    except DataError:
        return Files(path, None, None)
    return Files(by_name.get("donations", path), by_name.get("donors"), by_name.get("sources"))


NAMED = (
    "recipient",
    "recipient_iso3",
    "recipient_place",
    "shared_by",
    "shared_by_iso3",
    "item",
    "item_group",
    "donor",
    "donor_type",
    "donor_country",
    "source",
)  # the donations columns that name things
# The same in the loaded frame, where a shared amount is a row per member (loading/members.py):
# its members are recipients there, so from_frames reads no member lists.
FRAME_NAMED = tuple(c for c in NAMED if c not in ("shared_by", "shared_by_iso3"))


def _rows(path: Path | None, columns: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    """A CSV's rows as dicts; with `columns`, those columns only, each distinct combination once
    (a few hundred names, not a dict for every row)."""
    if path is None or not path.is_file():  # a FIFO or a device is never read
        return []
    try:
        header, rows = parsed(path)
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    keep = [(i, c) for i, c in enumerate(header) if columns is None or c in columns]
    if columns is not None:
        distinct = dict.fromkeys(tuple(row[i] for i, _ in keep if i < len(row)) for row in rows)
        return [dict(zip([c for _, c in keep], row)) for row in distinct]
    return [{c: row[i] for i, c in keep if i < len(row)} for row in rows]


def light(path: Path | None, cache: bool = True) -> Catalog | None:
    """The names of a dataset without pandas: from the names cache, else read with the csv
    module; None for a large file the cache does not know yet (or no file at all).

    The cache (cache.py) keeps them as JSON (data, never code) while the three files are
    unchanged, so a misspelt name is answered without parsing the CSV, or loading a large one.
    `cache` False (or AIDCLI_NO_CACHE) reads the files afresh."""
    from aidcli.loading import cache as caching

    where = files(path)
    if where.donations.suffix.lower() == ".json" or not where.donations.is_file():
        return None  # not a package aidcli can read, or not a regular file: the loader says why
    use = caching.enabled(cache)
    kept = _from_json(caching.read_names(list(where))) if use else None
    if kept is not None:
        return kept
    try:
        if where.donations.stat().st_size > LIGHT_LIMIT:
            return None
    except OSError:
        return None
    rows = _rows(where.donations, NAMED)
    if not rows:
        return None
    found = build(rows, _rows(where.donors), _rows(where.sources))
    if use:
        caching.keep_names(list(where), list(found))
    return found


def remember(path: Path | None, found: Catalog, cache: bool = True) -> None:
    """Keep the names of a large file, found in its loaded frames, for the next run's light()."""
    from aidcli.loading import cache as caching

    if caching.enabled(cache):
        caching.keep_names(list(files(path)), list(found))


def _from_json(kept: list | None) -> Catalog | None:
    """Names as the cache gave them back, or None when they are not what names look like."""
    if kept is None:
        return None
    try:
        recipients, items, donors, sources, places = kept
        return Catalog(
            tuple((r, i) for r, i in recipients),
            tuple((i, g) for i, g in items),
            tuple(dict(d) for d in donors),
            tuple(sources),
            tuple((p, r, i) for p, r, i in places),
        )
    except (ValueError, TypeError):
        return None


def build(donations: list[dict], donors: list[dict], sources: list[dict]) -> Catalog:
    """Catalog names from rows of the three tables (donors of a bare CSV come from its own rows
    where the donors table does not list them)."""
    recipients = dict.fromkeys(pair for r in donations for pair in _recipients(r))
    items = dict.fromkeys((r["item"], r.get("item_group") or "") for r in donations if r.get("item"))
    places = dict.fromkeys(
        (r["recipient_place"], r.get("recipient") or "", r.get("recipient_iso3") or None)
        for r in donations
        if r.get("recipient_place")
    )
    listed = {d["donor"] for d in donors}
    own = {}
    for r in donations:
        name = r.get("donor")
        if name and name not in listed and name not in own:
            own[name] = {
                "donor": name,
                "donor_type": r.get("donor_type", ""),
                "country": r.get("donor_country", ""),
                "parent": "",
                "members": "",
                "aliases": "",
            }
    used = {r.get("donor") for r in donations}
    linked = _linked(donors, used)
    kept = [d for d in donors if d["donor"] in used or d["donor"] in linked]
    source_ids = [s["source"] for s in sources if s.get("source")] or sorted(
        {r["source"] for r in donations if r.get("source")}
    )
    return Catalog(tuple(recipients), tuple(items), tuple(kept + list(own.values())), tuple(source_ids), tuple(places))


def _recipients(row: dict) -> list[tuple[str, str | None]]:
    """(name, ISO code) of a row's recipients: a shared amount's members (model/shares.py), not its label."""
    if row.get("shared_by"):
        codes = split(row.get("shared_by_iso3") or "")
        names = split(row["shared_by"])
        return [(n, (codes[i] if i < len(codes) else "") or None) for i, n in enumerate(names) if n]
    return [(row["recipient"], row.get("recipient_iso3") or None)] if row.get("recipient") else []


def _linked(donors: list[dict], used: set) -> set[str]:
    """The donors named as the parent or a member of one that has records: those kept without
    records of their own. One pass over the donors, so a package's 32,000 donors take no longer
    than their reading."""
    linked: set[str] = set()
    for d in donors:
        if d["donor"] in used:
            linked.add(d.get("parent") or "")
            linked.update(m.strip() for m in (d.get("members") or "").split(";"))
    return linked - {""}


def from_frames(donations, donors, sources) -> Catalog:
    """Catalog names from loaded DataFrames (a large file): distinct values of the few columns that
    name things, never the rows themselves (a million rows hold a few thousand names). Donors
    and sources are None where a pruned read left out their columns (no filter names them)."""
    from aidcli.model.frames import duplicated

    def distinct(columns: list[str]) -> list[dict]:
        present = [c for c in columns if c in donations.columns]
        if not present:
            return []
        unique = donations.loc[~duplicated(donations, present), present].astype(object)
        return [
            {k: (v if isinstance(v, str) else "") for k, v in row.items()} for row in unique.to_dict(orient="records")
        ]

    rows = (
        distinct(["recipient", "recipient_iso3"])
        + distinct(["recipient_place", "recipient", "recipient_iso3"])
        + distinct(["item", "item_group"])
        + distinct(["donor", "donor_type", "donor_country"])
        + distinct(["source"])
    )
    donor_rows = (
        []
        if donors is None
        else [
            {k: (v if isinstance(v, str) else "") for k, v in d.items()}
            for d in donors.astype(object).to_dict(orient="records")
        ]
    )
    source_rows = [] if sources is None else [{"source": s} for s in sources["source"].dropna().astype(str)]
    return build(rows, donor_rows, source_rows)


def column(path: Path | None, *columns: str) -> list[str]:
    """Distinct values of some donations columns, sorted, for shell completion (never pandas):
    the names from light() (cached) where it holds them, else read from the CSV."""
    names = light(path) if set(columns) <= set(_FROM_KNOWN) else None
    if names is not None:
        seen = dict.fromkeys(v for c in columns for v in _FROM_KNOWN[c](names) if v)
    else:
        seen = dict.fromkeys(r[c] for r in _rows(files(path).donations, columns) for c in columns if r.get(c))
    return sorted(seen)


_FROM_KNOWN = {  # donations columns whose values light() holds
    "recipient": lambda k: [r for r, _ in k.recipients],
    "recipient_place": lambda k: [p for p, _, _ in k.places],
    "item": lambda k: [i for i, _ in k.items],
    "item_group": lambda k: [g for _, g in k.items],
    "donor": lambda k: [d["donor"] for d in k.donors],
    "donor_country": lambda k: [d.get("country") for d in k.donors],
    "source": lambda k: list(k.sources),
}
