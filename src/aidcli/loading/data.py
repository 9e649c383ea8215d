"""Load a dataset, the one interface of the loading layer: the packaged data, a user's donations
CSV or a datapackage.json, as a Dataset of checked, typed tables. Only the columns a command
needs are read (tables.py reads a file, rules.py checks it), and a large --data CSV is kept typed
in the cache (cache.py) while it is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from aidcli.loading import rules
from aidcli.loading.cache import enabled
from aidcli.loading.members import SPREAD, needed, per_member, spread
from aidcli.loading.rules import Report
from aidcli.loading.tables import LARGE_FILE, header, package_files, read_table, resolve
from aidcli.model import progress
from aidcli.model.errors import DataError
from aidcli.model.schema import default_package, schemas

if TYPE_CHECKING:
    from aidcli.loading.cache import Entry


@dataclass
class Dataset:
    """The three tables of a package; donors and sources are read when first used, and derived
    from the packaged ones when only a CSV is given."""

    donations: pd.DataFrame
    path: Path
    read_donors: Callable[[], pd.DataFrame] = field(repr=False)
    read_sources: Callable[[], pd.DataFrame] = field(repr=False)

    @cached_property
    def donors(self) -> pd.DataFrame:
        return self.read_donors()

    @cached_property
    def sources(self) -> pd.DataFrame:
        return self.read_sources()


def _empty(rows: int) -> pd.Series:
    """An optional column a user's file leaves out: all missing."""
    return pd.Series(pd.Categorical([None] * rows, categories=[]))


def _donations_csv(path: Path, usecols: list[str] | None, cache: bool) -> pd.DataFrame:
    """A user's donations CSV, checked and made one row per member (members.py). The cache answers
    alone when it keeps every column asked for and the file's rows per member; else the columns it
    keeps are used, the others read from the file, and what was made is kept for the next run.
    The primary key is checked unless the cache already vouches for it (its columns kept, checked
    when they were written). A cold read of a large file (seconds) shows its progress."""
    from aidcli.loading.cache import Entry

    schema = schemas()["donations"]
    entry = Entry.of(path) if cache else None
    if entry is not None:
        quick = _kept(entry, usecols)
        if quick is not None:
            return quick
    kept: dict[str, pd.Series] = {}
    read = needed(usecols)
    need = read
    if entry is not None and entry.header is not None:
        need = [c for c in (read or entry.header) if c in entry.header]
        kept = entry.read(need)
        need = [c for c in need if c not in kept]
    vouched = entry is not None and entry.keys_checked and all(k in kept for k in schema.primary_key)
    cold = need is None or bool(need)
    size = path.stat().st_size if path.is_file() else 0
    label = f"reading {path.name} ({size / 1e6:,.0f} MB)"
    with progress.task(label, 3, shown=cold and size >= LARGE_FILE) as advance:
        report = Report()
        fresh: dict[str, pd.Series] = {}
        if cold:
            table = read_table(path, schema, report, need)
            if table is None or report.count:
                raise report.error(path)
            fresh = {c: table[c] for c in table.columns}
            if kept and len({len(c) for c in (kept | fresh).values()}) > 1:
                return _donations_csv(path, usecols, cache=False)  # the file changed while it was read
        advance(1, "checking the keys")
        columns = kept | fresh
        rows = len(next(iter(columns.values()))) if columns else 0
        order = [f.name for f in schema.fields if read is None or f.name in read]
        frame = pd.DataFrame(
            {c: columns[c] if c in columns else _empty(rows) for c in order}
            | {c: columns[c] for c in columns if c not in order}
        )
        if not vouched:
            rules.keys(frame, schema, str(path), report)
            if report.count:
                raise report.error(path)
        made = spread(frame, str(path), usecols)
        advance(1, "caching the typed columns")
        names = (header(path) or []) if entry is not None else []
        fields = {c: made.frame[c] for c in SPREAD if c in made.frame and c in names and made.rows is not None}
        if entry is not None and (fresh or not entry.spreads(made, list(fields))):
            entry.write(
                {c: columns[c] for c in names if c in columns},
                names,
                path,
                made,
                fields,
                keys_checked=vouched or all(k in frame.columns for k in schema.primary_key),
            )
        advance(1, None)
    return made.frame


def _kept(entry: Entry, usecols: list[str] | None) -> pd.DataFrame | None:
    """The frame _donations_csv makes, from the cache alone: None unless it keeps every column
    asked for, one row per member, the primary key checked, and the file holds no column the
    schema does not name that would be shown (a column of its own, in the file's own order)."""
    schema = schemas()["donations"]
    if entry.header is None or not entry.keys_checked:
        return None
    fields = [f.name for f in schema.fields]
    if any(c not in fields and (usecols is None or c in usecols) for c in entry.header):
        return None
    wanted = [c for c in fields if usecols is None or c in usecols]
    if any(c in SPREAD and c not in entry.header for c in wanted):  # one the file lacks: made per run
        return None
    columns = entry.read_spread([c for c in wanted if c in entry.header])
    if columns is None:
        return None
    rows = len(next(iter(columns.values()))) if columns else 0
    return pd.DataFrame({c: columns[c] if c in columns else _empty(rows) for c in wanted})


def load(path: Path | None = None, usecols: list[str] | None = None, cache: bool = True) -> Dataset:
    """The dataset at `path` (default: the packaged one), or a DataError that says why not.

    Only the columns in usecols are read (all when None), and each of them is checked; a --data CSV
    is kept typed in the cache unless `cache` is False or AIDCLI_NO_CACHE is set."""
    resolved = resolve(path)
    if resolved == default_package():  # validated by the test-suite: converted, not re-checked
        report = Report()
        files = package_files(resolved)
        donations = read_table(files["donations"], schemas()["donations"], report, needed(usecols), trusted=True)
        if donations is None:
            raise DataError(str(report.problems[0]))
        return Dataset(
            per_member(donations, str(files["donations"]), usecols),
            resolved,
            lambda: packaged_table("donors"),
            lambda: packaged_table("sources"),
        )
    if resolved.suffix.lower() == ".json":
        from aidcli.loading.validate import check

        tables, report = check(resolved, needed(usecols))
        if report.count:
            raise report.error(resolved)
        donations = per_member(tables["donations"], str(resolved), usecols)
    else:
        tables = {}
        donations = _donations_csv(resolved, usecols, enabled(cache))

    def donors() -> pd.DataFrame:
        return tables["donors"] if "donors" in tables else _derived_donors(donations, packaged_table("donors"))

    def sources() -> pd.DataFrame:
        if "sources" in tables:
            return tables["sources"]
        ids = pd.DataFrame({"source": sorted(map(str, donations["source"].dropna().unique()))})
        return ids.merge(packaged_table("sources"), on="source", how="left")

    return Dataset(donations, resolved, donors, sources)


def _derived_donors(donations: pd.DataFrame, packaged: pd.DataFrame) -> pd.DataFrame:
    """Donor entities of a bare donations CSV: the packaged entity where the name is known (with
    its parent, members and aliases, and those it names), else the CSV's own donor and type."""
    used = set(map(str, donations["donor"].dropna().unique()))
    known = packaged[packaged["donor"].isin(used)]
    linked = set(known["parent"].dropna())
    for members in known["members"].dropna():
        linked.update(m.strip() for m in members.split(";"))
    known = packaged[packaged["donor"].isin(used | linked)]
    cols = [c for c in ("donor", "donor_type", "donor_country") if c in donations]
    own = donations[cols].drop_duplicates("donor").astype(object).rename(columns={"donor_country": "country"})
    own = own[~own["donor"].isin(known["donor"])]
    for extra in ("parent", "members", "aliases"):
        own[extra] = np.nan
    return pd.concat([known, own], ignore_index=True)


def packaged_table(name: str) -> pd.DataFrame:
    """A table of the packaged dataset (donors, sources), to describe a user's bare CSV."""
    report = Report()
    table = read_table(package_files(default_package())[name], schemas()[name], report, trusted=True)
    if table is None:
        raise DataError(str(report.problems[0]))
    return table.astype(object)
