"""The aidcli commands: parse options, delegate to the library, render. No pandas at import time.

Output rules (as gh): a Rich table on a terminal, CSV in a pipe; colour only on a terminal
and never with NO_COLOR; messages on stderr; an empty result exits 0. Exit codes: 0 ok or
empty, 1 data error, 2 usage error, 130 interrupted.
"""

import functools
import inspect
import os
import sys
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

from aidcli import __version__
from aidcli.errors import AidError, UsageError

app = typer.Typer(
    name="aidcli",
    help="Query the medical aid that flowed to and from China in early 2020 ('mask diplomacy'). "
         "Every number is an article's number, traceable to its sentence with 'aidcli show ID'.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


_STATE: dict[str, Path | None] = {"data": None}  # the --data of this run

# ---------- shell completion: cheap, from the CSV with the csv module, never pandas ----------

def _donations_csv(ctx: typer.Context | None) -> Path | None:
    from aidcli.schema import default_package

    root = ctx.find_root() if ctx else None
    data = (root.params.get("data") if root is not None else None) or os.environ.get("AIDCLI_DATA")
    path = Path(data) if data else default_package()
    if path.is_dir():
        path = path / "datapackage.json"
    if path.suffix.lower() == ".json":
        import json

        try:
            resources = json.loads(path.read_text(encoding="utf-8-sig"))["resources"]
            rel = next(r["path"] for r in resources if r.get("name") == "donations")
        except (OSError, ValueError, KeyError, StopIteration, TypeError):
            return None
        return path.parent / rel
    return path


def _completer(*columns: str) -> Callable[[typer.Context, str], list[str]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from aidcli.names import cheap_column, norm

        path = _donations_csv(ctx)
        if path is None:
            return []
        prefix = norm(incomplete)
        return [v for v in cheap_column(path, *columns) if norm(v).startswith(prefix)]
    return complete


complete_country = _completer("recipient")
complete_donor = _completer("donor")
complete_item = _completer("item", "item_group")
complete_record = _completer("record_id")

# ---------- shared options ----------

@dataclass
class RawFilters:
    """The shared filter options as typed by the user, before resolution."""

    country: list[str] = field(default_factory=list)
    donor: list[str] = field(default_factory=list)
    donor_type: list[str] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    item: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    flow: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    search: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None


FORMAT_HELP = "Output format: table, csv, json or markdown [default: table on a terminal, csv in a pipe]."


def _opt(*decls: str, help: str, **kw: Any) -> Any:
    return typer.Option(*decls, help=help, show_default=False, **kw)


FILTER_OPTIONS: dict[str, Any] = {
    "country": Annotated[Optional[list[str]], _opt(
        "--country", "-c", metavar="NAME", help="Recipient country or organisation (name, ISO code, alias). Repeatable.",
        autocompletion=complete_country)],
    "donor": Annotated[Optional[list[str]], _opt(
        "--donor", "-d", metavar="NAME", help="Donor, with its joint donations and subsidiaries. Repeatable.",
        autocompletion=complete_donor)],
    "donor_type": Annotated[Optional[list[str]], _opt(
        "--donor-type", metavar="TYPE", help="central-government, embassy, foundation, private-company, ... Repeatable.")],
    "region": Annotated[Optional[list[str]], _opt(
        "--region", metavar="REGION", help="Africa, Americas, Asia, Europe, Oceania or International. Repeatable.")],
    "item": Annotated[Optional[list[str]], _opt(
        "--item", "-i", metavar="ITEM", help="Item or item group ('masks' covers medical and N95 masks). Repeatable.",
        autocompletion=complete_item)],
    "kind": Annotated[Optional[list[str]], _opt("--kind", metavar="KIND", help="donation, purchase or logistics. Repeatable.")],
    "status": Annotated[Optional[list[str]], _opt("--status", metavar="STATUS", help="delivered, pledged or rejected. Repeatable.")],
    "flow": Annotated[Optional[list[str]], _opt("--flow", metavar="FLOW", help="from-china or to-china.")],
    "source": Annotated[Optional[list[str]], _opt("--source", metavar="ID", help="Source id (see 'aidcli sources'). Repeatable.")],
    "search": Annotated[Optional[list[str]], _opt("--search", metavar="TEXT", help="Text to find in the quote or notes. Repeatable.")],
    "since": Annotated[Optional[str], _opt("--since", metavar="DATE", help="On or after this date: YYYY, YYYY-MM or YYYY-MM-DD.")],
    "until": Annotated[Optional[str], _opt("--until", metavar="DATE", help="On or before this date: YYYY, YYYY-MM or YYYY-MM-DD.")],
}
FORMAT_OPTION = Annotated[Optional[str], _opt("--format", "-f", metavar="FORMAT", help=FORMAT_HELP)]
DATA_OPTION = Annotated[Optional[Path], _opt(
    "--data", metavar="PATH", help="Your own dataset (a donations CSV or a datapackage.json); "
    "the same as the global --data.")]


def use_data(data: Path | None) -> None:
    """A command's own --data overrides the global one (and AIDCLI_DATA)."""
    if data is not None:
        _STATE["data"] = data


def with_filters(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command the shared filter options and --format, passed in as `filters` and `fmt`."""
    sig = inspect.signature(fn)
    hints = typing.get_type_hints(fn, include_extras=True)  # resolve the string annotations
    own = [p.replace(annotation=hints.get(p.name, p.annotation)) for p in sig.parameters.values()
           if p.name not in ("filters", "fmt")]
    extra = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ann)
             for name, ann in {**FILTER_OPTIONS, "fmt": FORMAT_OPTION, "data": DATA_OPTION}.items()]

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        raw = {name: kwargs.pop(name) for name in FILTER_OPTIONS}
        raw = {k: (v if v is not None else ([] if k not in ("since", "until") else None)) for k, v in raw.items()}
        fmt = output_format(kwargs.pop("fmt"))
        use_data(kwargs.pop("data"))
        filters = RawFilters(**raw)
        from aidcli.names import check_options

        check_options(filters)  # bad dates and values fail here, before any data is loaded
        return fn(*args, filters=filters, fmt=fmt, **kwargs)

    wrapper.__signature__ = sig.replace(parameters=own + extra)  # type: ignore[attr-defined]
    return wrapper


def output_format(fmt: str | None) -> str:
    """The chosen format, or table on a terminal and csv in a pipe."""
    from aidcli.vocab import FORMATS

    if fmt is None:
        return "table" if sys.stdout.isatty() else "csv"
    value = fmt.strip().lower()
    if value not in FORMATS:
        raise UsageError(f"--format: no such format {fmt!r}; choose from: {', '.join(FORMATS)}")
    return value


def note(message: str) -> None:
    """A message for the person, on stderr, one line."""
    sys.stderr.write(f"aidcli: {message}\n")


def _data_path() -> Path | None:
    """The --data path (or AIDCLI_DATA) given to this run, None for the packaged dataset."""
    return _STATE["data"]


def _session(filters: RawFilters, usecols: list[str] | None = None):
    """Load the dataset and resolve the filters against it."""
    from aidcli import data, names

    ds = data.load(_data_path(), usecols)
    f = names.build_filters(filters, ds)
    for place in f.places:
        if not place.in_data:
            note(f"{place.label} is in no record of this dataset; the result is empty.")
    return ds, f


def _columns(spec: str | None, fmt: str, available: list[str]) -> list[str]:
    from aidcli.vocab import LIST_COLUMNS, SHORT_COLUMNS

    if spec is None:
        return SHORT_COLUMNS if fmt in ("table", "markdown") else LIST_COLUMNS
    if spec.strip().lower() == "all":
        return available
    cols = [c.strip() for c in spec.split(",") if c.strip()]
    unknown = [c for c in cols if c not in available]
    if unknown or not cols:
        raise UsageError(f"--columns: unknown column {', '.join(unknown) or '(none given)'}; "
                         f"columns: {', '.join(available)}")
    return cols


def hxl_row(columns: list[str], hxl: bool, fmt: str) -> list[str] | None:
    """The HXL hashtags of the columns (from datapackage.json), or None without --hxl."""
    from aidcli.schema import donations_schema

    if not hxl:
        return None
    if fmt != "csv":
        raise UsageError(f"--hxl adds a row to CSV output; it cannot be combined with --format {fmt}")
    tags = {f.name: f.hxl for f in donations_schema().fields}
    return [tags.get(c, "") for c in columns]


def _rows_output(df, filters_fmt: str, columns: str | None, sort: str | None, desc: bool,
                 limit: int | None, title: str, hxl: bool = False) -> None:
    from aidcli import query, render

    available = list(df.columns)
    cols = _columns(columns, filters_fmt, available)
    if sort is not None and sort not in available:
        raise UsageError(f"--sort: unknown column {sort!r}; columns: {', '.join(available)}")
    out = query.list_rows(df, cols, sort, desc, limit)
    if out.empty:
        note("no matching rows.")
    shown = f"{len(out)} of {len(df)} rows" if limit is not None and len(df) > len(out) else f"{len(out)} rows"
    caption = f"{shown}, {df['record_id'].nunique()} records. 'aidcli show ID' gives a record's quote."
    render.emit([render.Section("rows", title, out, caption)], filters_fmt,
                hxl=hxl_row(list(out.columns), hxl, filters_fmt))


HXL = Annotated[bool, typer.Option("--hxl", help="Add the HXL hashtag row under the CSV header (csv format only).")]
LIMIT = Annotated[Optional[int], typer.Option("--limit", "-n", min=1, metavar="N", help="At most N rows.")]
SORT = Annotated[Optional[str], typer.Option("--sort", metavar="COLUMN", help="Sort by this column.")]
DESC = Annotated[bool, typer.Option("--desc", help="Sort descending.")]
COLUMNS = Annotated[Optional[str], typer.Option(
    "--columns", metavar="COLS", help="Comma-separated columns, or 'all' [default: a short set in a table, all but quote "
                      "and notes in csv/json].")]


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"aidcli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    data: Annotated[Optional[Path], typer.Option(
        "--data", envvar="AIDCLI_DATA", metavar="PATH", help="A dataset of your own with the same schema: a donations CSV "
        "or a datapackage.json [default: the packaged dataset].", show_default=False)] = None,
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.",
                                          is_eager=True, callback=_show_version)] = False,
) -> None:
    """Query the medical aid that flowed to and from China in early 2020."""
    _STATE["data"] = data


@app.command("list")
@with_filters
def list_cmd(columns: COLUMNS = None, sort: SORT = None, desc: DESC = False, limit: LIMIT = None,
             hxl: HXL = False, *, filters: RawFilters, fmt: str) -> None:
    """List the rows that match the filters."""
    hxl_row([], hxl, fmt)
    from aidcli import query

    ds, f = _session(filters)
    _rows_output(query.apply(ds.donations, f), fmt, columns, sort, desc, limit, "Aid flows", hxl)


@app.command("filter")
@with_filters
def filter_cmd(
    conditions: Annotated[list[str], typer.Argument(
        help="Conditions such as \"quantity >= 500000\", \"region = Europe\", \"donor ~ foundation\" "
             "(operators = != < <= > >= ~ !~). All must hold.", show_default=False)],
    columns: COLUMNS = None, sort: SORT = None, desc: DESC = False, limit: LIMIT = None, hxl: HXL = False, *,
    filters: RawFilters, fmt: str,
) -> None:
    """List the rows that meet column conditions (parsed, never evaluated as code)."""
    from aidcli import conditions as cond
    from aidcli.schema import donations_schema

    types = {f.name: f.type for f in donations_schema().fields}
    parsed = [cond.parse(text, types) for text in conditions]
    hxl_row([], hxl, fmt)
    import numpy as np

    from aidcli import query

    ds, f = _session(filters)
    df = query.apply(ds.donations, f)
    keep = np.ones(len(df), bool)
    for c in parsed:
        keep &= cond.mask(df, c, types[c.column])
    _rows_output(df[keep], fmt, columns, sort, desc, limit, "Aid flows", hxl)


BY = Annotated[Optional[str], typer.Option(
    "--by", metavar="KEYS", help="Group by KEY[,KEY]: recipient (or country), donor, donor_type, channel, region, flow, "
                 "kind, status, source, item_group, month.")]
CHART = Annotated[bool, typer.Option("--chart", help="Draw horizontal bars, one chart per unit (table format only).")]


def _check_chart(chart: bool, fmt: str) -> None:
    if chart and fmt != "table":
        raise UsageError(f"--chart draws in the terminal; it cannot be combined with --format {fmt}")


@app.command()
@with_filters
def totals(by: BY = None, chart: CHART = False, *, filters: RawFilters, fmt: str) -> None:
    """Sum quantities per item, unit and status (delivered and pledged never added together)."""
    from aidcli.vocab import by_keys

    keys = by_keys(by)
    _check_chart(chart, fmt)
    from aidcli import query, render

    ds, f = _session(filters, _totals_columns(keys, filters))
    if f.places and not any(query.GROUP_KEYS[k] == "recipient" for k in keys):
        keys = ["recipient", *keys]  # so a shared amount is never added to one member's total
    rows = query.apply(ds.donations, f)
    scoped, left_out = query.scope(rows, f)
    table = query.totals(scoped, keys, ds.donations)
    split = any(query.GROUP_KEYS[k] in ("recipient", "region") for k in keys)
    caption = query.caption(scoped, left_out, split)
    if table.empty:
        note("no amounts to sum for these filters.")
    if chart:
        _charts(table, [query.GROUP_KEYS[k] for k in keys])
        note(caption)
        return
    render.emit([render.Section("totals", "Totals", table, caption)], fmt)


def _totals_columns(keys: list[str], filters: RawFilters) -> list[str] | None:
    """The columns a sum needs, so a large file is read (and checked) no wider than that."""
    from aidcli.vocab import GROUP_KEYS

    if filters.search:
        return None
    wanted = {"record_id", "date", "allocation", "in_totals", "kind", "flow", "status", "item", "unit",
              "quantity", "value_usd", "approx", "recipient", "recipient_iso3", "region"}
    wanted |= {GROUP_KEYS[k] for k in keys if k != "month"}
    for option, columns in (("donor", ("donor", "donor_type", "donor_country")), ("donor_type", ("donor_type",)),
                            ("item", ("item_group",)), ("source", ("source",))):
        if getattr(filters, option):
            wanted.update(columns)
    return sorted(wanted)


def _charts(table, keys: list[str]) -> None:
    """One bar chart per unit of a totals table."""
    from aidcli import render

    for unit, part in table.groupby(table["unit"].fillna(""), sort=True):
        part = part[part["quantity"].notna()]
        if part.empty:
            continue
        labels = [" · ".join(str(v) for v in row if isinstance(v, str) and v)
                  for row in part[keys + ["item", "status"]].itertuples(index=False)]
        render.write_chart("Totals", labels, part["quantity"].astype(float).tolist(), unit or "no unit")


@app.command()
@with_filters
def compare(
    names_: Annotated[list[str], typer.Argument(metavar="NAME...", help="Two or more countries (or donors with --donors).",
                                                 show_default=False)],
    donors: Annotated[bool, typer.Option("--donors", help="Compare donors instead of countries.")] = False,
    chart: CHART = False, *, filters: RawFilters, fmt: str,
) -> None:
    """Compare countries (or donors) side by side: sums per item, records, donors and donor types."""
    if len(names_) < 2:
        raise UsageError("compare needs at least two names")
    _check_chart(chart, fmt)
    from aidcli.names import check_text

    for name in names_:
        check_text(name, "donor" if donors else "country or organisation")
    import numpy as np

    from aidcli import names, query, render

    ds, f = _session(filters)
    rows = query.apply(ds.donations, f)
    frames = {}
    if donors:
        donor_rows = ds.donors.astype(object).to_dict(orient="records")
        for name in names_:
            match = names.resolve_donor(name, donor_rows)
            frames[match.name] = rows[rows["donor"].isin(match.donors).to_numpy(bool)]
    else:
        pairs = names.recipient_pairs(ds.donations)
        for name in names_:
            place = names.resolve_place(name, pairs)
            if not place.in_data:
                note(f"{place.label} is in no record of this dataset.")
            frames[place.label] = rows[query.place_mask(rows, [place])]
    scoped = {}
    left: dict[str, int] = {}
    for label, df in frames.items():
        scoped[label], out = query.scope(df, f)
        for k, v in out.items():
            left[k] = left.get(k, 0) + v
    table = query.compare(scoped, ds.donations, split_shared=not donors)
    union = rows.iloc[np.flatnonzero(np.isin(rows.index, np.concatenate([d.index for d in scoped.values()])))]
    caption = query.caption(union, left, split_shared=not donors)
    if chart:
        amounts = table[table["unit"] != "count"]
        for unit, part in amounts.groupby(amounts["unit"].fillna(""), sort=True):
            labels, values = [], []
            for _, row in part.iterrows():
                for label in frames:
                    if row[label] == row[label] and row[label]:
                        labels.append(f"{row['item']} · {row['status']} · {label}")
                        values.append(float(row[label]))
            if values:
                render.write_chart("Compare", labels, values, unit or "no unit")
        note(caption)
        return
    render.emit([render.Section("compare", "Compared: " + " vs ".join(frames), table, caption)], fmt)


@app.command("by-country")
@with_filters
def by_country(
    name: Annotated[str, typer.Argument(help="A country or organisation: name, ISO code or alias.",
                                        autocompletion=complete_country, show_default=False)],
    *, filters: RawFilters, fmt: str,
) -> None:
    """A country's profile: what it received and from whom, what it sent to China, its records."""
    from aidcli import names

    names.check_text(name, "country or organisation")
    from aidcli import profiles, render

    ds, f = _session(filters)
    place = names.resolve_place(name, names.recipient_pairs(ds.donations))
    if not place.in_data:
        note(f"{place.label} is in no record of this dataset; the profile is empty.")
    render.emit(_compact(profiles.country(ds, f, place, records_only=fmt == "csv"), fmt), fmt, csv_section="records")


@app.command("by-donor")
@with_filters
def by_donor(
    name: Annotated[str, typer.Argument(help="A donor: name, alias or member of a joint donor.",
                                        autocompletion=complete_donor, show_default=False)],
    *, filters: RawFilters, fmt: str,
) -> None:
    """A donor's profile: what it gave and to whom, joint donations and subsidiaries marked."""
    from aidcli import names

    names.check_text(name, "donor")
    from aidcli import profiles, render

    ds, f = _session(filters)
    match = names.resolve_donor(name, ds.donors.astype(object).to_dict(orient="records"))
    render.emit(_compact(profiles.donor(ds, f, match, records_only=fmt == "csv"), fmt), fmt, csv_section="records")


def _compact(sections: list, fmt: str) -> list:
    """In a table or Markdown, a profile lists its records with the short column set, less the
    columns that hold one value on every row (the country of a country profile, an empty 'via')."""
    from aidcli.vocab import SHORT_COLUMNS

    if fmt in ("table", "markdown"):
        for s in sections:
            if s.key == "records" and len(s.frame):
                keep = [c for c in ["via", *SHORT_COLUMNS] if c in s.frame.columns
                        and (c in ("record_id", "item") or s.frame[c].astype(object).nunique(dropna=False) > 1)]
                s.frame = s.frame[keep]
    return sections


def _facet(kind: str, filters: RawFilters, fmt: str) -> None:
    from aidcli import query, render

    ds, f = _session(filters)
    rows = query.apply(ds.donations, f)
    frame = {
        "countries": lambda: query.facet_countries(rows),
        "donors": lambda: query.facet_donors(rows, ds.donors),
        "items": lambda: query.facet_items(rows),
        "sources": lambda: query.facet_sources(rows, ds.sources),
    }[kind]()
    render.emit([render.Section(kind, kind.capitalize(), frame, f"{len(frame)} {kind}.")], fmt)


@app.command()
@with_filters
def countries(*, filters: RawFilters, fmt: str) -> None:
    """Recipients (countries, organisations, unnamed groups) with record and donor counts."""
    _facet("countries", filters, fmt)


@app.command()
@with_filters
def donors(*, filters: RawFilters, fmt: str) -> None:
    """Donor entities with their type, parent, members, records and recipients."""
    _facet("donors", filters, fmt)


@app.command()
@with_filters
def items(*, filters: RawFilters, fmt: str) -> None:
    """Items and item groups with their record counts."""
    _facet("items", filters, fmt)


@app.command()
@with_filters
def sources(*, filters: RawFilters, fmt: str) -> None:
    """The source articles with their record counts."""
    _facet("sources", filters, fmt)


RECORD = Annotated[str, typer.Argument(metavar="RECORD_ID", help="A record id such as R0023 (or 23).",
                                       autocompletion=complete_record, show_default=False)]


@app.command()
def show(record_id: RECORD, fmt: FORMAT_OPTION = None, data_path: DATA_OPTION = None) -> None:
    """One record whole: every row, the verbatim quote, its source and a citation."""
    fmt = output_format(fmt)
    use_data(data_path)
    from aidcli import data, profiles, render

    ds = data.load(_data_path())
    if fmt == "csv":  # one table: the record's rows with every column, quote included
        rows = ds.donations[ds.donations["record_id"].eq(profiles.record_id(ds, record_id)).to_numpy(bool)]
        render.emit([render.Section("rows", "", rows.reset_index(drop=True))], fmt)
        return
    sections = profiles.record(ds, record_id)
    if fmt in ("table", "markdown"):  # columns empty on every row say nothing on a screen
        rows = sections[0].frame
        sections[0].frame = rows[[c for c in rows.columns if rows[c].notna().any()]]
    render.emit(sections, fmt)


@app.command()
def cite(record_id: RECORD,
         style: Annotated[str, typer.Option("--style", metavar="STYLE", help="plain or bibtex.")] = "plain",
         data_path: DATA_OPTION = None) -> None:
    """Print a record's source with its verbatim quote, ready to paste into a paper."""
    if style not in ("plain", "bibtex"):
        raise UsageError(f"--style: no such style {style!r}; choose from: plain, bibtex")
    use_data(data_path)
    from aidcli import data, profiles

    ds = data.load(_data_path())
    typer.echo(profiles.citation(ds, record_id, style))


@app.command()
def export(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout.",
                                                   show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    hxl: HXL = False, fmt: FORMAT_OPTION = None, data_path: DATA_OPTION = None,
) -> None:
    """The whole dataset (every column) in the chosen format."""
    use_data(data_path)
    if output is not None and fmt is None:
        fmt = {".json": "json", ".md": "markdown"}.get(output.suffix.lower(), "csv")
    fmt = output_format(fmt)
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output} exists; use --force to overwrite it")
    hxl_row([], hxl, fmt)
    from aidcli import data, render

    ds = data.load(_data_path())
    section = render.Section("donations", "Donations", ds.donations, f"{len(ds.donations)} rows.")
    tags = hxl_row(list(ds.donations.columns), hxl, fmt)
    if output is None:
        render.emit([section], fmt, hxl=tags)
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as fh:
            render.emit([section], fmt, hxl=tags, out=fh)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    note(f"wrote {len(ds.donations)} rows to {output}")


@app.command()
@with_filters
def reciprocity(*, filters: RawFilters, fmt: str) -> None:
    """Countries on both sides: what each sent to China and received from it, and who gave first."""
    from aidcli import query, render

    ds, f = _session(filters)
    rows = ds.donations
    if f.places:  # keep the party's both sides: what it received and what its donors sent
        iso3 = {p.iso3 for p in f.places if p.iso3}
        names = {p.label for p in f.places}
        keep = query.place_mask(rows, f.places) | rows["donor_country"].isin(iso3).to_numpy(bool) | \
            rows["donor"].isin(names).to_numpy(bool)
        rows = rows[keep]
        f.places = []
    table = query.reciprocity(query.apply(rows, f))
    caption = ("'gave_first' comes only from the articles' words (previously, in return, reciprocated...), "
               "quoted as evidence; dates are the articles' own.")
    if fmt in ("csv", "json"):
        render.emit([render.Section("reciprocity", "Aid both ways", table, caption)], fmt)
        return
    import pandas as pd

    screen = pd.DataFrame({
        "party": table["party"], "sent_to_china": table["sent_to_china"],
        "received_from_china": [f"{n} record{'s' * (n != 1)}: {items}" + (f" (first dated {d})" if isinstance(d, str) else "")
                                for n, items, d in table[["received_records", "received_items",
                                                          "first_received"]].itertuples(index=False)],
        "gave_first": table["gave_first"]})
    evidence = pd.DataFrame([{"party": p, "evidence": e} for p, ev in table[["party", "evidence"]].itertuples(
        index=False) for e in ev.split(" | ") if e], columns=["party", "evidence"])
    render.emit([render.Section("reciprocity", "Aid both ways", screen, caption),
                 render.Section("evidence", "Who gave first: the articles' words", evidence, "")], fmt)


@app.command()
@with_filters
def summary(*, filters: RawFilters, fmt: str) -> None:
    """The dataset at a glance: records by source, kind, status, flow; top recipients and donors."""
    from aidcli import query, render

    ds, f = _session(filters)
    rows = query.apply(ds.donations, f)
    titles = {"by_source": "Records by source", "by_kind": "Records by kind", "by_status": "Records by status",
              "by_flow": "Records by flow", "top_recipients": "Top recipients (records in totals)",
              "top_donors": "Top donors (records in totals)", "not_in_totals": "Kept but not in totals, and why"}
    sections = [render.Section(key, titles[key], frame, "") for key, frame in query.summary(rows).items()]
    sections[0].caption = f"{rows['record_id'].nunique()} records, {len(rows)} rows."
    render.emit(sections, fmt, csv_section="by_source")


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="A donations CSV or a datapackage.json.", show_default=False)],
    fmt: FORMAT_OPTION = None,
) -> None:
    """Check a dataset against the schema; list every problem (row, column, value, rule); exit 1 if any."""
    import pandas as pd

    from aidcli import data, render

    fmt = output_format(fmt)
    tables, report = data.check(path)
    if not report.count:
        rows = sum(len(t) for t in tables.values())
        note(f"{path}: valid ({rows} rows in {len(tables)} table{'s' * (len(tables) != 1)}).")
        return
    frame = pd.DataFrame([{"file": p.file, "row": p.row, "column": p.column, "value": p.value, "rule": p.rule}
                          for p in report.problems]).sort_values(["file", "row"], kind="stable", na_position="first")
    frame["row"] = frame["row"].astype("Int64")
    shown = f" (the first {len(report.problems)} listed)" if report.count > len(report.problems) else ""
    render.emit([render.Section("problems", "Problems", frame, f"{report.count} problems{shown}. "
                                "Rows count the header as row 1.")], fmt)
    raise typer.Exit(1)


def _invoked(commands: list, argv: list[str]) -> list:
    """Only the command the arguments name, so Typer builds one command instead of all of them
    (most of the start-up of a usage error); all of them for --help, completion or no command."""
    rest = list(argv)
    if os.environ.get("_AIDCLI_COMPLETE"):  # completing: the command is the second word, once typed
        words = os.environ.get("COMP_WORDS", "").split()
        cword = int(os.environ.get("COMP_CWORD", "0") or 0)
        rest = words[1:cword] if cword > 1 else []
    while rest and rest[0].startswith("-"):  # global options before the command
        option = rest.pop(0)
        if option == "--data" and rest:
            rest.pop(0)
    if not rest:
        return commands
    by_name = {(c.name or c.callback.__name__.replace("_", "-")): c for c in commands}
    return [by_name[rest[0]]] if rest[0] in by_name else commands


def _one_line(message: str) -> str:
    return " ".join(str(message).replace("\r", " ").split("\n"))


def main(argv: list[str] | None = None) -> int:
    """Entry point: run a command; every failure is one line on stderr and an exit code."""
    if sys.stdout is None:  # started with stdout closed
        sys.stderr.write("aidcli: error: standard output is closed\n")
        return 1
    code = 0
    registered = app.registered_commands
    app.registered_commands = _invoked(registered, sys.argv[1:] if argv is None else argv)
    try:
        result = app(args=argv, prog_name="aidcli", standalone_mode=False)
        code = result if isinstance(result, int) else 0
        if code == 130:  # Typer turns Ctrl-C into an exit code of 130
            sys.stderr.write("aidcli: interrupted\n")
    except AidError as exc:
        sys.stderr.write(f"aidcli: error: {_one_line(str(exc))}\n")
        code = exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("aidcli: interrupted\n")
        code = 130
    except typer.Exit as exc:
        code = exc.exit_code
    except BrokenPipeError:  # the reader (head, less) has gone: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except typer.TyperException as exc:  # usage errors from option parsing: exit 2 (1 for others)
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        sys.stderr.write(f"aidcli: error: {_one_line(exc.format_message())}{hint}\n")
        code = exc.exit_code
    except MemoryError:
        sys.stderr.write("aidcli: error: out of memory\n")
        code = 1
    except Exception as exc:  # a bug of ours: still one line, never a traceback
        sys.stderr.write(f"aidcli: error: unexpected failure ({type(exc).__name__}: {_one_line(str(exc))}); "
                         "please report it\n")
        code = 1
    finally:
        app.registered_commands = registered
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError:
        code = code or 1
    return code


def run() -> None:
    """The console script: like cat, die quietly of SIGPIPE when the reader of a pipe goes away."""
    import signal

    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
