"""The kinds of filter, as objects (as datasette's filters are): each says which columns a filter
reads, what can be checked before any data is read, how a typed value resolves against the
data's names, which rows pass, and what completes it in a shell. Every row of the filter table
(filters.FILTERS) holds one; a filter that resolves in a new way is a new kind here.

No pandas at import: the checks run on the light paths (help, completion, usage errors)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aidcli.model.errors import UsageError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from aidcli.loading.catalog import Catalog
    from aidcli.query import names
    from aidcli.query.filters import Filter, Resolved

FLAG_ON = "true"  # a flag given, as the one value of its filter


class Kind:
    """The base of every kind: the text typed, found as it is in the filter's first column; the
    data's values of the `completes` columns complete it. A kind that resolves names overrides
    `resolve` (and says it `needs_names`)."""

    needs_names = False  # resolving reads the data's names
    flag = False  # takes no value: given, it is on

    def __init__(self, *columns: str, completes: tuple[str, ...] = ()) -> None:
        self.columns = columns  # the donations columns the filter reads
        self.completes = completes

    def check(self, f: Filter, values: list[str]) -> None:
        """What can be checked before any data is read: no name empty or overlong."""
        from aidcli.query import names

        for value in values:
            names.check_text(value, f.name.replace("_", " "))

    def resolve(self, f: Filter, values: list[str], known: Catalog, r: Resolved) -> None:
        """Set what the rows are tested against, r.values[f.name] (and r's notes); a UsageError for
        a name the data does not hold."""
        r.values[f.name] = list(values)

    def mask(self, df: pd.DataFrame, wanted: Any) -> np.ndarray | None:
        """The rows that pass, as booleans; None for a filter filters.apply tests itself."""
        return df[self.columns[0]].isin(wanted).to_numpy(bool)

    def complete(self, data: Path | None) -> list[str]:
        """The values that complete a typed one, from the dataset at `data` (None: the packaged one)."""
        from aidcli.loading import catalog

        return catalog.column(data, *self.completes) if self.completes else []


class Enum(Kind):
    """A value of the schema's enumeration of the column (comma-separated values too), matched
    case-, space- and dash-blind; completed from the schema."""

    def allowed(self) -> list[str]:
        from aidcli.model.schema import donations_schema

        return list(donations_schema().field(self.columns[0]).enum)

    def chosen(self, f: Filter, values: list[str]) -> list[str]:
        from aidcli.query import names

        return names.choose(_items(values), self.allowed(), f.flags[0])

    def check(self, f: Filter, values: list[str]) -> None:
        self.chosen(f, values)

    def resolve(self, f: Filter, values: list[str], known: Catalog, r: Resolved) -> None:
        r.values[f.name] = self.chosen(f, values)

    def complete(self, data: Path | None) -> list[str]:
        return self.allowed()


class Place(Kind):
    """A recipient: a country or organisation by name, code or alias (a region is refused with a
    hint), tested on its name and ISO code; a place in no record is said."""

    needs_names = True

    def __init__(self) -> None:
        super().__init__("recipient", "recipient_iso3", completes=("recipient",))

    def resolve(self, f: Filter, values: list[str], known: Catalog, r: Resolved) -> None:
        from aidcli.model.schema import donations_schema
        from aidcli.query import names

        regions = donations_schema().field("region").enum
        places = _resolve_each(values, lambda v: names.resolve_place(v, known, regions))
        r.values[f.name] = places
        r.notes += [f"{p.label} is in no record of this dataset." for p in places if not p.in_data]

    def mask(self, df: pd.DataFrame, wanted: list[names.Place]) -> np.ndarray:
        return place_mask(df, wanted)


class Locality(Kind):
    """A place inside a recipient (a state, a province, a city)."""

    needs_names = True

    def resolve(self, f: Filter, values: list[str], known: Catalog, r: Resolved) -> None:
        from aidcli.query import names

        r.values[f.name] = [
            p for group in _resolve_each(values, lambda v: names.resolve_locality(v, known)) for p in group
        ]


class Donor(Kind):
    """A donor with its joint donations and subsidiaries; a country's name, every donor based there
    (and said so)."""

    needs_names = True

    def resolve(self, f: Filter, values: list[str], known: Catalog, r: Resolved) -> None:
        from aidcli.query import names

        for value in values:
            matches = _resolve_each([value], lambda v: names.resolve_donor(v, known))
            r.donor_matches += matches
            r.values.setdefault(f.name, []).extend(d for m in matches for d in m.donors)
            r.notes += [
                f"--donor {value}: a country, read as every donor based in it ({_count(m.donors)}); "
                "name one donor for less"
                for m in matches
                if m.country
            ]


class Country(Kind):
    """A country by name or ISO code, tested on the ISO3 code its column holds."""

    needs_names = True

    def resolve(self, f: Filter, values: list[str], known: Catalog, r: Resolved) -> None:
        r.values[f.name] = [p.iso3 for p in _resolve_each(values, lambda v: _country(v, known))]


class Item(Kind):
    """An item or an item group ('masks' covers medical and N95 masks), tested on the items."""

    needs_names = True

    def resolve(self, f: Filter, values: list[str], known: Catalog, r: Resolved) -> None:
        from aidcli.query import names

        items = _resolve_each(values, lambda v: names.resolve_item(v, known.items))
        r.values[f.name] = [i for group in items for i in group]


class Source(Kind):
    """A source id of the data (comma-separated ids too)."""

    needs_names = True

    def resolve(self, f: Filter, values: list[str], known: Catalog, r: Resolved) -> None:
        from aidcli.query import names

        r.values[f.name] = names.choose(_items(values), known.sources, f.flags[0])


class Search(Kind):
    """Text found in any of the columns, case-blind."""

    def mask(self, df: pd.DataFrame, wanted: list[str]) -> np.ndarray:
        import numpy as np
        import pandas as pd

        from aidcli.model.frames import on_text

        folded = [t.casefold() for t in wanted]

        def hit(s: pd.Series) -> pd.Series:
            low = s.str.casefold()
            return pd.concat([low.str.contains(t, regex=False) for t in folded], axis=1).any(axis=1)

        found = np.zeros(len(df), bool)
        for column in self.columns:
            if column in df:
                found |= on_text(df[column], hit)
        return found


class Hedged(Kind):
    """A flag: only the rows whose quote hedges (aidcli.model.hedges), tested once per quote."""

    flag = True

    def check(self, f: Filter, values: list[str]) -> None:
        if any(v != FLAG_ON for v in values):
            raise UsageError(f"{f.flags[0]} is a flag: it takes no value (in Python, {f.name}=True)")

    def resolve(self, f: Filter, values: list[str], known: Catalog, r: Resolved) -> None:
        r.values[f.name] = True

    def mask(self, df: pd.DataFrame, wanted: bool) -> np.ndarray:
        from aidcli.model.frames import on_text
        from aidcli.model.hedges import hedged

        return on_text(df[self.columns[0]], lambda s: s.map(hedged).astype(bool))


class Bound(Kind):
    """One end of the date range (--since, --until). The two are one range: filters.check parses
    and orders them together, filters.resolve sets both, and filters.apply tests them, naming the
    records it leaves out."""

    def check(self, f: Filter, values: list[str]) -> None:
        """Nothing alone: the range is checked whole."""

    def resolve(self, f: Filter, values: list[str], known: Catalog, r: Resolved) -> None:
        """Nothing alone: the range is resolved whole."""

    def mask(self, df: pd.DataFrame, wanted: Any) -> None:
        return None


def _items(values: Iterable[str]) -> list[str]:
    """Comma-separated values as separate ones ('--kind donation,purchase'); blank ones stay, to be refused."""
    return [part.strip() for v in values for part in v.split(",") if part.strip()] or list(values)


def _resolve_each(values: list[str], one: Callable[[str], Any]) -> list[Any]:
    """Resolve each value; a value that fails whole but holds commas is tried as a list."""
    out = []
    for value in values:
        try:
            out.append(one(value))
        except UsageError:
            if "," not in value:
                raise
            out.extend(one(part.strip()) for part in value.split(",") if part.strip())
    return out


def _count(donors: list[str]) -> str:
    return f"{len(donors)} donor entit{'y' if len(donors) == 1 else 'ies'}"


def _country(text: str, known: Catalog) -> names.Place:
    from aidcli.query import names

    place = names.country(names.check_text(text, "country"), known)
    if place is None:
        raise UsageError(f"--donor-country: no country called '{text}' (give a name or an ISO code such as CHN)")
    return place


def place_mask(df: pd.DataFrame, places: list[names.Place]) -> np.ndarray:
    """Rows whose recipient is one of the places (by ISO3 for countries, by name otherwise)."""
    import numpy as np

    keep = np.zeros(len(df), bool)
    for p in places:
        keep |= df["recipient"].eq(p.label).fillna(False).to_numpy(bool)
        if p.iso3:
            keep |= df["recipient_iso3"].eq(p.iso3).fillna(False).to_numpy(bool)
    return keep
