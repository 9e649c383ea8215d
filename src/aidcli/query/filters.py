"""The shared filters, declared once: each row of FILTERS gives an option's flags and help, the
columns it reads, how its values resolve and what completes them. The CLI's options, the
checks made before any data is read, the resolution against the data's names, `apply` and
the columns a command must read are all derived from this table.

A new filter is one row here (and a test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from aidcli.model.dates import parse_date
from aidcli.model.errors import UsageError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from aidcli.loading.catalog import Catalog
    from aidcli.query import names


class Filter(NamedTuple):
    """One shared filter option. `resolve` says how a typed value becomes what `apply` tests:
    enum (a schema enum), place (a recipient), locality (a place inside one), donor, country,
    item, source, search, since, until, hedged. A `flag` takes no value: given, it is on (typed
    as the one value "true")."""

    name: str
    flags: tuple[str, ...]
    metavar: str
    help: str
    resolve: str
    columns: tuple[str, ...]
    complete: tuple[str, ...] = ()  # donations columns whose values complete it (enums complete from the schema)
    many: bool = True
    flag: bool = False


FILTERS: tuple[Filter, ...] = (
    Filter("country", ("--country", "-c"), "NAME", "Recipient country or organisation: name, ISO code or alias.",
           "place", ("recipient", "recipient_iso3"), ("recipient",)),
    Filter("place", ("--place",), "NAME", "Place inside the recipient country: a state, province or city "
           "(Massachusetts, Wuhan).", "locality", ("recipient_place",), ("recipient_place",)),
    Filter("donor", ("--donor", "-d"), "NAME", "Donor, with its joint donations and subsidiaries; a country's name "
           "means every donor based there.", "donor", ("donor",), ("donor",)),
    Filter("donor_country", ("--donor-country",), "NAME", "Country the donor is based in: name or ISO code.",
           "country", ("donor_country",), ("donor_country",)),
    Filter("donor_type", ("--donor-type",), "TYPE", "Kind of donor: central-government, embassy, foundation, ...",
           "enum", ("donor_type",)),
    Filter("channel", ("--channel",), "CHANNEL", "Channel of Chinese aid: government, sub-national, "
           "non-governmental or health-cooperation.", "enum", ("channel",)),
    Filter("region", ("--region",), "REGION", "Recipient's region: Africa, Americas, Asia, Europe, Oceania, "
           "International.", "enum", ("region",)),
    Filter("item", ("--item", "-i"), "ITEM", "Item or item group ('masks' covers medical and N95 masks).",
           "item", ("item", "item_group"), ("item", "item_group")),
    Filter("kind", ("--kind",), "KIND", "donation, purchase, logistics or not-stated.", "enum", ("kind",)),
    Filter("status", ("--status",), "STATUS", "delivered, pledged or rejected.", "enum", ("status",)),
    Filter("flow", ("--flow",), "FLOW", "from-china, to-china, or other (neither wholly).", "enum", ("flow",)),
    Filter("source", ("--source",), "ID", "Source id (see 'aidcli sources').", "source", ("source",)),
    Filter("search", ("--search",), "TEXT", "Text to find in the quote or notes.", "search", ("quote", "notes")),
    Filter("hedged", ("--hedged",), "", "Only records whose sentence hedges: reportedly, allegedly, presumably, "
           "apparently, it is unclear, may, might... (the hedges column; read from the quote).", "hedged",
           ("quote",), many=False, flag=True),
    Filter("since", ("--since",), "DATE", "Dated wholly on or after: YYYY, YYYY-MM or YYYY-MM-DD.",
           "since", ("date",), many=False),
    Filter("until", ("--until",), "DATE", "Dated wholly on or before: YYYY, YYYY-MM or YYYY-MM-DD.",
           "until", ("date",), many=False),
)
NO_DATE = "no date"
PART_DATE = "dated only to a period that runs outside the range"


class Resolved:
    """Filters resolved against a dataset: per filter name, what `apply` tests; and what the
    resolution itself must say (a country typed as a donor, a place with no records). A plain
    class, filled as the filters resolve (a dataclass costs about 0.5 ms of every start)."""

    __slots__ = ("donor_matches", "notes", "values")

    def __init__(self, values: dict[str, Any] | None = None) -> None:
        self.values: dict[str, Any] = values if values is not None else {}
        self.donor_matches: list[names.DonorMatch] = []
        self.notes: list[str] = []

    def get(self, name: str) -> Any:
        return self.values.get(name) or []

    @property
    def places(self) -> list[names.Place]:
        return self.get("country")

    @property
    def dates(self) -> tuple[str | None, str | None]:
        return self.values.get("since"), self.values.get("until")


def raw_values(options: dict[str, Any]) -> dict[str, list[str]]:
    """The filter options of a command as typed: every filter's values as a list (a flag given
    is ["true"], a flag not given [])."""
    out: dict[str, list[str]] = {}
    for f in FILTERS:
        value = options.get(f.name)
        if value is None or value is False:
            out[f.name] = []
        elif value is True:
            out[f.name] = [FLAG_ON]
        else:
            out[f.name] = [value] if isinstance(value, str) else list(value)
    return out


FLAG_ON = "true"


def _enum_values(f: Filter) -> list[str]:
    from aidcli.model.schema import donations_schema

    return list(donations_schema().field(f.columns[0]).enum)


def _items(values: Iterable[str]) -> list[str]:
    """Comma-separated values as separate ones ('--kind donation,purchase'); blank ones stay, to be refused."""
    return [part.strip() for v in values for part in v.split(",") if part.strip()] or list(values)


def date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """--since and --until as the first and last possible day they mean ('2020-3' -> 2020-03-00
    .. 2020-03-99): a date is an interval, so a month is the whole month."""
    lo = parse_date(since, "--since") if since else None
    hi = parse_date(until, "--until") if until else None
    lo = lo and _bounds(lo)[0]
    hi = hi and _bounds(hi)[1]
    if lo and hi and lo > hi:
        raise UsageError(f"--since {since} is after --until {until}")
    return lo, hi


def _bounds(date: str) -> tuple[str, str]:
    return (date + "-00-00")[:10], (date + "-99-99")[:10]


def check(raw: dict[str, list[str]]) -> None:
    """What can be checked before any data is read: enumerated values, dates, empty or overlong names."""
    from aidcli.query import names

    for f in FILTERS:
        values = raw.get(f.name) or []
        if not values:
            continue
        if f.flag:
            if any(v != FLAG_ON for v in values):
                raise UsageError(f"{f.flags[0]} is a flag: it takes no value (in Python, {f.name}=True)")
        elif f.resolve == "enum":
            names.choose(_items(values), _enum_values(f), f.flags[0])
        elif f.resolve not in ("since", "until"):
            for value in values:
                names.check_text(value, f.name.replace("_", " "))
    date_range(next(iter(raw.get("since") or []), None), next(iter(raw.get("until") or []), None))


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


def resolve(raw: dict[str, list[str]], known: Catalog) -> Resolved:
    """The typed filters resolved against a dataset's names; a UsageError for any bad one."""
    from aidcli.query import names

    check(raw)
    r = Resolved()
    for f in FILTERS:
        values = raw.get(f.name) or []
        if not values:
            continue
        if f.resolve == "enum":
            r.values[f.name] = names.choose(_items(values), _enum_values(f), f.flags[0])
        elif f.resolve == "place":
            from aidcli.model.schema import donations_schema

            regions = donations_schema().field("region").enum
            places = _resolve_each(values, lambda v: names.resolve_place(v, known, regions))  # noqa: B023 - called at once
            r.values[f.name] = places
            r.notes += [f"{p.label} is in no record of this dataset." for p in places if not p.in_data]
        elif f.resolve == "donor":
            for value in values:
                matches = _resolve_each([value], lambda v: names.resolve_donor(v, known))
                r.donor_matches += matches
                r.values.setdefault(f.name, []).extend(d for m in matches for d in m.donors)
                r.notes += [f"--donor {value}: a country, read as every donor based in it ({_count(m.donors)}); "
                            "name one donor for less" for m in matches if m.country]
        elif f.resolve == "locality":
            r.values[f.name] = [p for group in _resolve_each(values, lambda v: names.resolve_locality(v, known))
                                for p in group]
        elif f.resolve == "country":
            places = _resolve_each(values, lambda v: _country(v, known))
            r.values[f.name] = [p.iso3 for p in places]
        elif f.resolve == "item":
            items = _resolve_each(values, lambda v: names.resolve_item(v, known.items))
            r.values[f.name] = [i for group in items for i in group]
        elif f.resolve == "source":
            r.values[f.name] = names.choose(_items(values), known.sources, f.flags[0])
        elif f.resolve == "search":
            r.values[f.name] = list(values)
        elif f.resolve == "hedged":
            r.values[f.name] = True
    flows = r.get("flow")
    for p in r.places:
        if flows == ["to-china"] and p.iso3 != "CHN":
            r.notes.append(f"--country means the recipient; what {p.label}'s donors sent to China is "
                           f"--donor-country {p.iso3 or p.label}")
    r.values["since"], r.values["until"] = date_range(next(iter(raw.get("since") or []), None),
                                                      next(iter(raw.get("until") or []), None))
    return r


def _count(donors: list[str]) -> str:
    return f"{len(donors)} donor entit{'y' if len(donors) == 1 else 'ies'}"


def _country(text: str, known: Catalog) -> names.Place:
    from aidcli.query import names

    place = names.country(names.check_text(text, "country"), known)
    if place is None:
        raise UsageError(f"--donor-country: no country called '{text}' (give a name or an ISO code such as CHN)")
    return place


def needs_names(raw: dict[str, list[str]]) -> bool:
    """Whether resolving the filters needs the data's names (not for enums, text and dates)."""
    return any(raw.get(f.name) for f in FILTERS
               if f.resolve in ("place", "locality", "donor", "country", "item", "source"))


def columns(raw: dict[str, list[str]]) -> set[str]:
    """The columns the given filters read."""
    return {c for f in FILTERS if raw.get(f.name) for c in f.columns}


def place_mask(df: pd.DataFrame, places: list[names.Place]) -> np.ndarray:
    """Rows whose recipient is one of the places (by ISO3 for countries, by name otherwise)."""
    import numpy as np

    keep = np.zeros(len(df), bool)
    for p in places:
        keep |= df["recipient"].eq(p.label).fillna(False).to_numpy(bool)
        if p.iso3:
            keep |= df["recipient_iso3"].eq(p.iso3).fillna(False).to_numpy(bool)
    return keep


def _search(df: pd.DataFrame, terms: list[str]) -> np.ndarray:
    import numpy as np
    import pandas as pd

    from aidcli.model.frames import on_text

    folded = [t.casefold() for t in terms]

    def hit(s: pd.Series) -> pd.Series:
        low = s.str.casefold()
        return pd.concat([low.str.contains(t, regex=False) for t in folded], axis=1).any(axis=1)

    found = np.zeros(len(df), bool)
    for column in ("quote", "notes"):
        if column in df:
            found |= on_text(df[column], hit)
    return found


def _hedged(df: pd.DataFrame) -> np.ndarray:
    """Rows whose quote hedges (aidcli.model.hedges), tested once per distinct quote."""
    from aidcli.model.frames import on_text
    from aidcli.model.hedges import hedged

    return on_text(df["quote"], lambda s: s.map(hedged).astype(bool))


def date_bounds(dates: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last possible day of each partial date, as sortable strings ('2020-03' -> 00..99)."""
    text = dates.astype(object)
    start = text.map(lambda d: _bounds(d)[0] if isinstance(d, str) else None)
    end = text.map(lambda d: _bounds(d)[1] if isinstance(d, str) else None)
    return start, end


def mask(df: pd.DataFrame, r: Resolved) -> np.ndarray:
    """Rows that pass every filter but the dates."""
    import numpy as np

    keep = np.ones(len(df), bool)
    for f in FILTERS:
        values = r.get(f.name)
        if not values or f.resolve in ("since", "until"):
            continue
        if f.resolve == "place":
            keep &= place_mask(df, values)
        elif f.resolve == "search":
            keep &= _search(df, values)
        elif f.resolve == "hedged":
            keep &= _hedged(df)
        else:
            keep &= df[f.columns[0]].isin(values).to_numpy(bool)
    return keep


def apply(df: pd.DataFrame, r: Resolved) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The rows that pass every filter, and the records a date range left out because they have
    no date or are dated only to a period that runs outside the range (by reason)."""
    import numpy as np

    from aidcli.model.frames import record_ids

    keep = mask(df, r)
    left_out: dict[str, list[str]] = {}
    lo, hi = r.dates
    if lo or hi:
        start, end = date_bounds(df["date"])
        undated = df["date"].isna().to_numpy(bool)
        inside = np.ones(len(df), bool)
        overlaps = np.ones(len(df), bool)
        if lo:
            inside &= (start >= lo).fillna(False).to_numpy(bool)
            overlaps &= (end >= lo).fillna(False).to_numpy(bool)
        if hi:
            inside &= (end <= hi).fillna(False).to_numpy(bool)
            overlaps &= (start <= hi).fillna(False).to_numpy(bool)
        for reason, out in ((NO_DATE, keep & undated), (PART_DATE, keep & ~undated & overlaps & ~inside)):
            ids = record_ids(df, out)
            if ids:
                left_out[reason] = ids
        keep &= inside
    return df[keep], left_out
