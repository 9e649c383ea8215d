"""The Python API: every question the command line answers, as a method of `Aid` (one dataset,
loaded once) or a function of the package over the packaged data. Values are typed: a name or a
list of names, dates as `datetime.date` (or "2020-03"), the schema's enums (`Kind.DONATION`).
Each answer carries its tables as pandas DataFrames, what the counting rules left out and why,
and the record ids behind every sum. Failures are the exceptions of `aidcli.model.errors`
(`UsageError`, `DataError`), never exit codes. Neither typer nor rich is imported.

    import aidcli
    spain = aidcli.totals(country="Spain", item="masks")
    spain.frame            # one row per recipient, item, unit, status; record_ids a list
    spain.left_out         # record_id, reason
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import os
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from aidcli.model.errors import AidError, UsageError
from aidcli.query import filters

if TYPE_CHECKING:
    import pandas as pd

    from aidcli.loading.catalog import Catalog
    from aidcli.loading.data import Dataset
    from aidcli.model.result import Result
    from aidcli.query.session import Session

# A flag filter (hedged) takes a bool.
FilterValue = str | bool | enum.Enum | dt.date | Iterable[str | enum.Enum] | None
FACETS = ("countries", "donors", "items", "sources")
P = ParamSpec("P")
T = TypeVar("T")


ENUMS = {
    "Kind": "kind",
    "Status": "status",
    "Flow": "flow",
    "Region": "region",
    "DonorType": "donor_type",
    "Channel": "channel",
}  # the schema's enumerations, as enums made on first use


def __getattr__(name: str) -> type[enum.StrEnum]:
    if name not in ENUMS:
        raise AttributeError(f"module 'aidcli.api' has no attribute {name!r}")
    from aidcli.model.schema import donations_schema

    values = donations_schema().field(ENUMS[name]).enum
    # the functional API with a name known only here, which mypy's enum plugin cannot follow
    made = enum.StrEnum(name, {v.upper().replace("-", "_"): v for v in values})  # type: ignore[misc]
    globals()[name] = made
    return made


def _edge(method: Callable[P, T]) -> Callable[P, T]:
    """A question of the API whose failure (a misspelt name, a bad file) is raised here, at the
    API's edge, with none of the library's frames under it: a notebook shows the user's call and
    the one-line reason, not nine frames of aidcli's inside."""

    @functools.wraps(method)
    def asked(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except AidError as exc:
            raise exc.with_traceback(None) from None

    return asked


def _text(value: object) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise UsageError(f"a filter value must be text, a date or an enum member, not {type(value).__name__}")


def raw_filters(given: dict[str, FilterValue]) -> dict[str, list[str]]:
    """Typed filter values as the filter table takes them: every filter's values as a list of text."""
    names = {f.name for f in filters.FILTERS}
    unknown = sorted(set(given) - names)
    if unknown:
        raise UsageError(f"no filter {', '.join(map(repr, unknown))}; filters: {', '.join(sorted(names))}")
    out: dict[str, list[str]] = {}
    flags = {f.name for f in filters.FILTERS if f.flag}
    for name, value in given.items():
        if value is None:
            continue
        if name in flags and isinstance(value, bool):
            out[name] = [filters.FLAG_ON] if value else []
            continue
        if isinstance(value, Iterable) and not isinstance(value, (str, enum.Enum)):
            out[name] = [_text(v) for v in value]
        else:
            out[name] = [_text(value)]
    raw = filters.raw_values(out)
    filters.check(raw)
    return raw


class Answer:
    """What a question answers: `frame`, its main table; `tables`, every table by key; `left_out`,
    what the counting rules left out (record_id, reason); `notes` and `caption`, what the command
    line says beside the table. A sum's `record_ids` column lists the records behind it. The
    tables are made when first asked for: the command line prints `result` itself."""

    def __init__(self, result: Result) -> None:
        self.result = result
        self.notes: list[str] = list(result.notes)

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        return {s.key: _plain(s.frame) for s in self.result.sections}

    @property
    def frame(self) -> pd.DataFrame:
        return self.tables[self.result.main.key]

    @property
    def caption(self) -> str:
        return self.result.main.caption

    @cached_property
    def left_out(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [{"record_id": rid, "reason": reason} for reason, ids in self.result.left_out.items() for rid in ids],
            columns=["record_id", "reason"],
        )

    @property
    def record_ids(self) -> list[str]:
        """Every record the main table draws on, sorted."""
        column = self.frame["record_ids"] if "record_ids" in self.frame else self.frame.get("record_id")
        if column is None:
            return []
        ids = {i for v in column for i in (v if isinstance(v, list) else [v]) if isinstance(i, str)}
        return sorted(ids)

    def __repr__(self) -> str:
        return f"{self.frame!r}\n{self.caption}"

    def _repr_html_(self) -> str:  # a notebook shows the table and what it left out
        from html import escape

        # pandas' own notebook rendering, which pandas-stubs leaves out
        return self.frame._repr_html_() + f"<p>{escape(self.caption)}</p>"  # type: ignore[operator]


class MapAnswer(Answer):
    """A world map's answer: its tables (`frame`, each country's own amounts; `tables["shared"]`,
    each shared amount once; `tables["others"]`, organisations and groups) and the picture:
    `svg` (a notebook shows it), `html` (the SVG and the tables) and `png()` (the png extra)."""

    @property
    def empty(self) -> bool:
        return all(s.frame.empty for s in self.result.sections)

    @property
    def measure(self) -> str:
        """The item group drawn ('masks'), '' for an empty map."""
        frame = next((s.frame for s in self.result.sections if len(s.frame)), None)
        return "" if frame is None else str(frame["item_group"].iloc[0])

    @cached_property
    def _drawing(self):
        from aidcli.output.maps import Drawing

        return Drawing(self.result)

    @property
    def svg(self) -> str:
        return self._drawing.svg()

    @property
    def html(self) -> str:
        return self._drawing.html()

    def png(self) -> bytes:
        from aidcli.output.maps import png

        return png(self.svg)

    def _repr_svg_(self) -> str:  # a notebook shows the map
        return self.svg


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as a user's pandas code expects it: text as plain strings (the loader's categories
    carry every value of the dataset, so a value_counts or groupby of 'Italy's rows would list all
    recipients, and pandas 2 warns about `observed`), a record_ids column (space-separated ids) as
    lists of ids, the `key` of --explain dropped."""
    import pandas as pd

    text = {
        c: frame[c].astype(frame[c].cat.categories.dtype)
        for c in frame.columns
        if isinstance(frame[c].dtype, pd.CategoricalDtype)
    }
    frame = frame.assign(**text) if text else frame
    if "record_ids" in frame.columns:
        ids = [v.split() if isinstance(v, str) else [] for v in frame["record_ids"]]
        # a column of lists: pandas-stubs has no such type
        frame = frame.assign(record_ids=ids)  # type: ignore[arg-type]
    return frame.drop(columns="key") if "key" in frame.columns else frame


class Aid:
    """One dataset and the questions it answers. `data` is a donations CSV or a datapackage.json
    of the same schema (default: the packaged dataset); it is loaded on the first question and
    kept. `cache` False reads a large file afresh, without its typed cache."""

    def __init__(self, data: str | os.PathLike[str] | None = None, cache: bool = True) -> None:
        self.data = Path(data) if data is not None else None
        self.cache = cache
        self._dataset: Dataset | None = None
        self._whole: Session | None = None  # the last Session that reads every column
        self._names: Catalog | None = None

    def session(self, given: dict[str, FilterValue], columns: set[str] | None = None) -> Session:
        """The library's Session for typed filters: names resolved before anything is loaded, and
        the data, once read whole, kept for the next question."""
        from aidcli.query.session import Session

        session = Session(self.data, raw_filters(given), columns, self.cache, self._loaded(), self._names)
        self._names = self._names or session._catalog
        if columns is None:
            self._whole = session
        return session

    def _loaded(self) -> Dataset | None:
        """The data as a question read it whole, if one has."""
        if self._dataset is None and self._whole is not None:
            self._dataset = self._whole.__dict__.get("dataset")  # loaded by that session, or not yet
        return self._dataset

    @property
    @_edge
    def dataset(self) -> Dataset:
        """The data itself: donations, donors and sources, as loaded and checked."""
        dataset = self._loaded()
        if dataset is None:
            from aidcli.loading import data

            dataset = self._dataset = data.load(self.data, cache=self.cache)
        return dataset

    # ---------- rows ----------

    @_edge
    def rows(self, where: Iterable[str] = (), columns: Iterable[str] | None = None, **given: FilterValue) -> Answer:
        """The rows that match the filters (and `where` conditions such as "quantity >= 500,000",
        parsed, never evaluated), as every row view gives them: each shared amount once, named
        by who shares it, `counted` true on exactly the rows a plain sum counts. `columns` reads
        only those (and what the counting rules need; with a number, `approx`, the words that hedge it)."""
        from aidcli.model.columns import COUNTED_COLUMNS, with_qualifier
        from aidcli.model.schema import donations_schema
        from aidcli.query.conditions import parse

        types = {f.name: f.type for f in donations_schema().fields}
        parsed = [parse(text, types) for text in where]  # bad conditions fail before any data is read
        wanted = (
            None
            if columns is None
            else with_qualifier(set(columns)) | set(COUNTED_COLUMNS) | {c.column for c in parsed}
        )
        session = self.session(given, wanted)  # and bad names, before pandas is imported
        from aidcli.query import reports

        return Answer(reports.listing(session, parsed))

    # ---------- sums ----------

    @_edge
    def totals(self, by: str | Iterable[str] = (), explain: bool = True, **given: FilterValue) -> Answer:
        """Sums per item, unit and status (kind and flow where several), grouped `by` keys
        (recipient, donor, region, month...); a shared amount once, on its own 'shared: ...' row.
        `basis` says whether a figure is an article's (stated) or aidcli's sum (computed)."""
        from aidcli.model.columns import GROUP_KEYS, SUM_COLUMNS, group_keys

        keys = group_keys(by)
        columns = None if explain else set(SUM_COLUMNS) | {GROUP_KEYS[k] for k in keys if k != "month"}
        session = self.session(given, columns)
        from aidcli.query import reports

        return Answer(reports.totals(session, keys, explain))

    @_edge
    def compare(self, names: Iterable[str], donors: bool = False, explain: bool = True, **given: FilterValue) -> Answer:
        """Countries (or donors) side by side; an amount they share is one row of its own."""
        session = self.session(given)
        picks = session.picks(list(names), donors)
        from aidcli.query import reports

        return Answer(reports.compare(session, picks, explain))

    @_edge
    def map(self, unit: str | None = None, donors: bool = False, **given: FilterValue) -> MapAnswer:
        """A world map of what recipients received (with `donors`, where the donors were based):
        one item group, unit and status at a time (the first delivered one with the most records
        unless the filters or `unit` choose; `notes` says which), each country coloured by its own
        amounts, a shared amount never credited to a member."""
        session = self.session(given)
        from aidcli.query import maps

        return MapAnswer(maps.country_map(session, donors, unit))

    # ---------- profiles ----------

    @_edge
    def country(self, name: str, explain: bool = True, records_only: bool = False, **given: FilterValue) -> Answer:
        """What a country (or organisation) received and from whom, what its donors sent, its
        umbrella statements and its records."""
        session = self.session(given)
        place = session.place(name)
        from aidcli.query import profiles

        return Answer(profiles.country(session, place, explain, records_only))

    @_edge
    def donor(self, name: str, explain: bool = True, records_only: bool = False, **given: FilterValue) -> Answer:
        """What a donor gave and to whom, its joint donations and subsidiaries marked; a country's
        name means every donor based there."""
        session = self.session(given)
        match = session.donor(name)
        from aidcli.query import profiles

        return Answer(profiles.donor(session, match, explain, records_only))

    # ---------- lists, reciprocity, summary ----------

    @_edge
    def facet(self, what: str, **given: FilterValue) -> Answer:
        """countries, donors, items or sources of the rows that pass the filters."""
        if what not in FACETS:
            raise UsageError(f"no list {what!r}; choose from: {', '.join(FACETS)}")
        session = self.session(given)
        from aidcli.query import reports

        return Answer(reports.facet(session, what))

    @_edge
    def countries(self, **given: FilterValue) -> Answer:
        """Recipients with their type, region, records, donors and records they sent to China."""
        return self.facet("countries", **given)

    @_edge
    def donors(self, **given: FilterValue) -> Answer:
        """Donor entities with their type, country, parent, members, records and recipients."""
        return self.facet("donors", **given)

    @_edge
    def items(self, **given: FilterValue) -> Answer:
        """Items and item groups with their record counts."""
        return self.facet("items", **given)

    @_edge
    def sources(self, **given: FilterValue) -> Answer:
        """The source articles with their record counts."""
        return self.facet("sources", **given)

    @_edge
    def reciprocity(self, screen: bool = False, **given: FilterValue) -> Answer:
        """Parties on both sides: what each sent to China and received from it, and who gave
        first (from the articles' words only). `screen` gives the shorter form a person reads."""
        session = self.session(given)
        from aidcli.query import reports

        return Answer(reports.reciprocity(session, screen))

    @_edge
    def summary(self, **given: FilterValue) -> Answer:
        """The dataset at a glance: records by source, kind, status and flow, top recipients and donors."""
        session = self.session(given)
        from aidcli.query import reports

        return Answer(reports.summary(session))

    # ---------- the donor's own figures ----------

    @_edge
    def claims(self, as_of: str | dt.date | None = None, history: bool = False, **given: FilterValue) -> Answer:
        """The donor's own figures (the Jack Ma Foundation's table of donations, each version of its
        site) as they stood at `as_of` (a date, or "2020-03-16T01:00" in the donor's +08:00): each line
        as the last version that lists it shows it; `history` shows how each line changed. The
        donor's word, never in a total. Filters: country, region, item, donor."""
        session = self.session(given)
        from aidcli.query import claims

        return Answer(claims.claims(session, _when(as_of), history))

    @_edge
    def crosscheck(self, as_of: str | dt.date | None = None, **given: FilterValue) -> Answer:
        """Per country (or shared line) and item group, the articles' stated figures beside the
        donor's, with a verdict: agrees, differs (by how much), only the articles, only the donor,
        not comparable (different item or unit, a shared line against a country)."""
        session = self.session(given)
        from aidcli.query import claims

        return Answer(claims.crosscheck(session, _when(as_of)))

    # ---------- records ----------

    @_edge
    def records(self, ids: str | Iterable[str]) -> Answer:
        """Records whole (ids such as "R0023", "r23", "23"): their rows as every row view gives
        them (`frame`), and per record its fields, clean quote, source and citation (`tables`)."""
        from aidcli.query import show

        return Answer(show.record(self.dataset, [ids] if isinstance(ids, str) else list(ids), self.data))

    @_edge
    def cite(self, ids: str | Iterable[str], style: str = "plain") -> str:
        """Citations of records (R0023) and of the donor's claims (C0608: its page, the version's
        date and URL) in a style: plain, bibtex, ris or csl-json."""
        from aidcli.query import claims, show
        from aidcli.query.citation import cite, normalise_style

        style = normalise_style(style)  # a bad style fails before the data is read
        typed = [ids] if isinstance(ids, str) else list(ids)
        if not any(claims.is_claim(t) for t in typed):
            return show.citations(self.dataset, typed, style)
        entries = [
            claims.citation_entry(t, self.data)
            if claims.is_claim(t)
            else show.entry(self.dataset, show.record_id(self.dataset, t))
            for t in typed
        ]
        return cite(entries, style)

    @_edge
    def export(self, claims: bool = False) -> Answer:
        """The whole dataset as every row view gives it, every column; with `claims`, the donor's
        own figures as a table beside it (never joined to the articles' sums)."""
        from aidcli.query import reports

        if not claims:
            return Answer(reports.export(self.dataset))
        from aidcli.loading import claims as loading

        return Answer(reports.export(self.dataset, loading.load(self.data)))


def _when(as_of: str | dt.date | None) -> str | None:
    """An as-of date or time as text."""
    return as_of.isoformat() if isinstance(as_of, dt.date) else as_of


_DEFAULT: Aid | None = None


def default() -> Aid:
    """The packaged dataset's Aid, made on first use and kept."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Aid()
    return _DEFAULT
