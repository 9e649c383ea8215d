"""The shared filters, declared once: each row of FILTERS gives an option's flags and help, and
its kind (query/kinds.py): the columns it reads, how its values are checked and resolved, which
rows pass and what completes them. The CLI's options, the checks made before any data is read,
the resolution against the data's names, `apply` and the columns a command must read are all
derived from this table.

A new filter is one row here (and a test); one that resolves in a new way, a new kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from aidcli.model.dates import parse_date
from aidcli.model.errors import UsageError
from aidcli.query.kinds import FLAG_ON, Bound, Country, Donor, Enum, Hedged, Item, Kind, Locality, Place, Search, Source

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from aidcli.loading.catalog import Catalog
    from aidcli.query import names


class Filter(NamedTuple):
    """One shared filter option and its kind. A flag (its kind's `flag`) takes no value: given, it
    is on (typed as the one value "true")."""

    name: str
    flags: tuple[str, ...]
    metavar: str
    help: str
    kind: Kind
    many: bool = True

    @property
    def flag(self) -> bool:
        return self.kind.flag

    @property
    def columns(self) -> tuple[str, ...]:
        return self.kind.columns


FILTERS: tuple[Filter, ...] = (
    Filter(
        "country", ("--country", "-c"), "NAME", "Recipient country or organisation: name, ISO code or alias.", Place()
    ),
    Filter(
        "place",
        ("--place",),
        "NAME",
        "Place inside the recipient country: a state, province or city (Massachusetts, Wuhan).",
        Locality("recipient_place", completes=("recipient_place",)),
    ),
    Filter(
        "donor",
        ("--donor", "-d"),
        "NAME",
        "Donor, with its joint donations and subsidiaries; a country's name means every donor based there.",
        Donor("donor", completes=("donor",)),
    ),
    Filter(
        "donor_country",
        ("--donor-country",),
        "NAME",
        "Country the donor is based in: name or ISO code.",
        Country("donor_country", completes=("donor_country",)),
    ),
    Filter(
        "donor_type",
        ("--donor-type",),
        "TYPE",
        "Kind of donor: central-government, embassy, foundation, ...",
        Enum("donor_type"),
    ),
    Filter(
        "channel",
        ("--channel",),
        "CHANNEL",
        "Channel of Chinese aid: government, sub-national, non-governmental or health-cooperation.",
        Enum("channel"),
    ),
    Filter(
        "region",
        ("--region",),
        "REGION",
        "Recipient's region: Africa, Americas, Asia, Europe, Oceania, International.",
        Enum("region"),
    ),
    Filter(
        "item",
        ("--item", "-i"),
        "ITEM",
        "Item or item group ('masks' covers medical and N95 masks).",
        Item("item", "item_group", completes=("item", "item_group")),
    ),
    Filter("kind", ("--kind",), "KIND", "donation, purchase, logistics or not-stated.", Enum("kind")),
    Filter("status", ("--status",), "STATUS", "delivered, pledged or rejected.", Enum("status")),
    Filter("flow", ("--flow",), "FLOW", "from-china, to-china, or other (neither wholly).", Enum("flow")),
    Filter("source", ("--source",), "ID", "Source id (see 'aidcli sources').", Source("source")),
    Filter("search", ("--search",), "TEXT", "Text to find in the quote or notes.", Search("quote", "notes")),
    Filter(
        "hedged",
        ("--hedged",),
        "",
        "Only records whose sentence hedges: reportedly, allegedly, presumably, "
        "apparently, it is unclear, may, might... (the hedges column; read from the quote).",
        Hedged("quote"),
        many=False,
    ),
    Filter(
        "since",
        ("--since",),
        "DATE",
        "Dated wholly on or after: YYYY, YYYY-MM or YYYY-MM-DD.",
        Bound("date"),
        many=False,
    ),
    Filter(
        "until",
        ("--until",),
        "DATE",
        "Dated wholly on or before: YYYY, YYYY-MM or YYYY-MM-DD.",
        Bound("date"),
        many=False,
    ),
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
    for f in FILTERS:
        values = raw.get(f.name) or []
        if values:
            f.kind.check(f, values)
    date_range(next(iter(raw.get("since") or []), None), next(iter(raw.get("until") or []), None))


def resolve(raw: dict[str, list[str]], known: Catalog) -> Resolved:
    """The typed filters resolved against a dataset's names; a UsageError for any bad one."""
    check(raw)
    r = Resolved()
    for f in FILTERS:
        values = raw.get(f.name) or []
        if values:
            f.kind.resolve(f, values, known, r)
    flows = r.get("flow")
    for p in r.places:
        if flows == ["to-china"] and p.iso3 != "CHN":
            r.notes.append(
                f"--country means the recipient; what {p.label}'s donors sent to China is "
                f"--donor-country {p.iso3 or p.label}"
            )
    r.values["since"], r.values["until"] = date_range(
        next(iter(raw.get("since") or []), None), next(iter(raw.get("until") or []), None)
    )
    return r


def needs_names(raw: dict[str, list[str]]) -> bool:
    """Whether resolving the filters needs the data's names (not for enums, text and dates)."""
    return any(raw.get(f.name) for f in FILTERS if f.kind.needs_names)


def columns(raw: dict[str, list[str]]) -> set[str]:
    """The columns the given filters read."""
    return {c for f in FILTERS if raw.get(f.name) for c in f.kind.columns}


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
        passed = f.kind.mask(df, values) if values else None
        if passed is not None:
            keep &= passed
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
