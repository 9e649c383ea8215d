"""The aidcli commands. Each checks its light options, calls one library function
(reports, profiles) and prints the Result. No pandas at import time.

Output rules (as gh): a Rich table on a terminal, CSV in a pipe; colour only on a terminal
and never with NO_COLOR; messages on stderr; an empty result exits 0. Exit codes: 0 ok or
empty, 1 data error, 2 usage error, 130 interrupted (128 + the signal for SIGTERM, SIGHUP).
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from aidcli.cli.options import (
    BY,
    CHART,
    DATA_OPTION,
    EXPLAIN,
    FORCE_OPTION,
    FORMAT_OPTION,
    HXL,
    OUTPUT_OPTION,
    Invocation,
    complete_country,
    complete_donor,
    complete_record,
    make_invocation,
    note,
    run_settings,
    with_drawing,
    with_filters,
)
from aidcli.model.errors import UsageError
from aidcli.model.version import __version__

app = typer.Typer(
    name="aidcli",
    help="Query the medical aid that flowed to and from China in early 2020 ('mask diplomacy'). "
    "Every number is an article's number, traceable to its sentence with 'aidcli show ID'.\n\n"
    "Global options also work after the command: aidcli list -c Spain -q.",
    no_args_is_help=False,
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def examples(*lines: str) -> str:
    """The end of a command's help: real examples, one a line (click's \\b paragraph is not rewrapped)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  $ {line}" for line in lines)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"aidcli {__version__}")
        raise typer.Exit()


def _show_manual(value: bool) -> None:
    if value:
        from aidcli.cli import manual

        manual.show()
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="AIDCLI_DATA",
            metavar="PATH",
            readable=False,  # an unreadable file is the loader's data error (exit 1), not a usage error
            help="A dataset of your own with the same schema: a donations CSV "
            "or a datapackage.json; '-' reads the CSV from standard input [default: the packaged dataset].",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No notes on stderr (errors are still said).")] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Never page long output on a terminal.")] = False,
    vertical: Annotated[
        bool,
        typer.Option(
            "--vertical", "-x", help="Tables as records, one field a line [default: only when the columns cannot fit]."
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", envvar="AIDCLI_NO_CACHE", help="Read a large --data file afresh, without its typed cache."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", envvar="AIDCLI_DEBUG", help="Show a traceback on failure (also AIDCLI_DEBUG=1).")
    ] = False,
    color: Annotated[
        str,
        typer.Option(
            "--color",
            metavar="WHEN",
            help="Colour: auto (on a terminal, unless "
            "NO_COLOR or TERM=dumb; CLICOLOR_FORCE=1 forces it), always (into less -R), "
            "never.",
            autocompletion=lambda: ["auto", "always", "never"],
            show_default=False,
        ),
    ] = "auto",
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", is_eager=True, callback=_show_version)
    ] = False,
    manual: Annotated[
        bool,
        typer.Option(
            "--man",
            help="Show the manual page (in a pipe: its roff source, to save where man finds it) and exit.",
            is_eager=True,
            callback=_show_manual,
        ),
    ] = False,
) -> None:
    """Query the medical aid that flowed to and from China in early 2020."""
    # --debug and --version are read before the command runs (boundary.py, the version callback).
    from aidcli.output import colour

    colour.choose(color)
    ctx.obj = run_settings(data, quiet, not no_pager, True if vertical else None, not no_cache)
    from aidcli.cli import progress

    progress.show_on_terminal(quiet)
    if data is None and not quiet:
        from aidcli.cli import stdin

        ctx.call_on_close(stdin.note_unread_pipe)
    if ctx.invoked_subcommand is None:  # bare 'aidcli': the help, on stdout, exit 0 (as git and gh)
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


# ---------- rows ----------


@app.command(
    "list", epilog=examples("aidcli list -c Spain", 'aidcli list --donor "Jack Ma Foundation" --item masks -f csv')
)
@with_filters
def list_cmd(hxl: HXL = False, *, invocation: Invocation) -> None:
    """List the rows that match the filters."""
    invocation.check_hxl(hxl)
    invocation.emit(invocation.aid().rows(columns=invocation.shown_columns(), **invocation.raw).result, hxl=hxl)


@app.command(
    "filter",
    epilog=examples('aidcli filter "quantity >= 500,000" "region = Europe"', 'aidcli filter "donor ~ foundation"'),
)
@with_filters
def filter_cmd(
    conditions: Annotated[
        list[str],
        typer.Argument(
            metavar="CONDITION...",
            help='Conditions such as "quantity >= 500,000", "region = Europe", '
            '"donor ~ foundation" (operators = != < <= > >= ~ !~). All must hold.',
            show_default=False,
        ),
    ],
    hxl: HXL = False,
    *,
    invocation: Invocation,
) -> None:
    """List the rows that meet column conditions (parsed, never evaluated as code)."""
    invocation.check_hxl(hxl)
    answer = invocation.aid().rows(where=conditions, columns=invocation.shown_columns(), **invocation.raw)
    invocation.emit(answer.result, hxl=hxl)


# ---------- sums ----------


@app.command(
    epilog=examples(
        "aidcli totals --item masks", "aidcli totals --by donor --item masks --sort quantity --desc --limit 5"
    )
)
@with_filters
def totals(by: BY = None, chart: CHART = False, explain: EXPLAIN = False, *, invocation: Invocation) -> None:
    """Sum quantities per item, unit and status; shared amounts once, kinds and flows never added together."""
    from aidcli.model.columns import group_keys

    keys = group_keys(by)
    if chart and (invocation.format.name != "table" or invocation.output is not None):
        invocation.refuse("--chart", "draws in a terminal")
    result = invocation.aid().totals(keys, explain, **invocation.raw).result
    if result.main.frame.empty:
        invocation.note("no amounts to sum for these filters.")
    if chart:
        from aidcli.cli import charts

        charts.totals(result, invocation)
        return
    invocation.emit(result)


@app.command(epilog=examples("aidcli compare Italy Spain", 'aidcli compare --donors Huawei "Jack Ma Foundation"'))
@with_filters
def compare(
    names_: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME...",
            help="Two or more countries (or donors with --donors).",
            autocompletion=complete_country,
            show_default=False,
        ),
    ],
    donors: Annotated[bool, typer.Option("--donors", help="Compare donors instead of countries.")] = False,
    chart: CHART = False,
    explain: EXPLAIN = False,
    *,
    invocation: Invocation,
) -> None:
    """Compare countries (or donors) side by side; an amount they share is one row, never repeated."""
    if chart and (invocation.format.name != "table" or invocation.output is not None):
        invocation.refuse("--chart", "draws in a terminal")
    result = invocation.aid().compare(names_, donors, explain, **invocation.raw).result
    if chart:
        from aidcli.cli import charts

        charts.compare(result, invocation)
        return
    invocation.emit(result)


@app.command(
    "map",
    epilog=examples(
        "aidcli map --item masks -o masks.svg",
        "aidcli map --item tests -o tests.html",
        "aidcli map --donors --flow to-china",
    ),
)
@with_drawing
def map_cmd(
    unit: Annotated[
        str | None,
        typer.Option("--unit", metavar="UNIT", help="The unit to draw (pieces, USD...) where the rows hold several."),
    ] = None,
    donors: Annotated[bool, typer.Option("--donors", help="Where the donors were based, not who received.")] = False,
    *,
    output: Path | None = None,
    force: bool = False,
    invocation: Invocation,
) -> None:
    """Draw a world map (SVG, HTML or PNG) of what each country received of one item group, unit and status:
    its own amounts only; a shared amount is listed once and its members hatched."""
    from aidcli.cli import maps

    kind = maps.kind_of(output, force)
    answer = invocation.aid().map(unit, donors, **invocation.raw)
    if answer.empty:
        invocation.note("no amounts to map for these filters.")
        return
    for message in answer.notes:
        invocation.note(message)
    invocation.note(answer.caption)
    path = maps.draw(answer, output, kind)
    if path is not None:
        invocation.note(f"wrote the map to {path} ({kind})")
        if output is None:
            typer.echo(str(path))


# ---------- profiles ----------

RECORDS_ONLY = Annotated[
    bool,
    typer.Option(
        "--records",
        help="Only the profile's records, in every format (what csv and the other one-table formats "
        "print); China's profile, an overview, lists them only so.",
    ),
]


@app.command(
    "by-country", epilog=examples("aidcli by-country Spain", "aidcli by-country China", "aidcli by-country EU -f json")
)
@with_filters
def by_country(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="A country or organisation: name, ISO code or alias.",
            autocompletion=complete_country,
            show_default=False,
        ),
    ],
    explain: EXPLAIN = False,
    records: RECORDS_ONLY = False,
    *,
    invocation: Invocation,
) -> None:
    """A country's profile: what it received and from whom, what its donors sent, its records."""
    only = records or invocation.format.one_table  # a one-table format prints the records only: no sums needed
    invocation.emit(invocation.aid().country(name, explain, only, **invocation.raw).result)


@app.command("by-donor", epilog=examples('aidcli by-donor "Jack Ma Foundation"', "aidcli by-donor Huawei --explain"))
@with_filters
def by_donor(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="A donor: name, alias, member of a joint donor, or a country (every donor based there).",
            autocompletion=complete_donor,
            show_default=False,
        ),
    ],
    explain: EXPLAIN = False,
    records: RECORDS_ONLY = False,
    *,
    invocation: Invocation,
) -> None:
    """A donor's profile: what it gave and to whom, joint donations and subsidiaries marked."""
    only = records or invocation.format.one_table
    invocation.emit(invocation.aid().donor(name, explain, only, **invocation.raw).result)


FACETS = {  # the facet commands: what each lists, and examples
    "countries": (
        "List recipients (countries, organisations, unnamed groups) with record and donor counts.",
        ("aidcli countries --region Europe", "aidcli countries --sort sent_to_china --desc"),
    ),
    "donors": (
        "List donor entities with their type, parent, members, records and recipients.",
        ("aidcli donors --donor-type foundation", "aidcli donors --donor-country USA"),
    ),
    "items": ("List items and item groups with their record counts.", ("aidcli items", "aidcli items -c Italy")),
    "sources": ("List the source articles with their record counts.", ("aidcli sources",)),
}


def _facet_command(kind: str, summary: str) -> None:
    """Register a facet command: the rows that pass the filters, described by one column."""

    def command(*, invocation: Invocation) -> None:
        invocation.emit(invocation.aid().facet(kind, **invocation.raw).result)

    command.__doc__ = summary
    command.__name__ = kind
    app.command(kind, epilog=examples(*FACETS[kind][1]))(with_filters(command))


for _kind, (_summary, _) in FACETS.items():
    _facet_command(_kind, _summary)


@app.command(epilog=examples("aidcli reciprocity", "aidcli reciprocity -c Japan"))
@with_filters
def reciprocity(*, invocation: Invocation) -> None:
    """Show parties on both sides: what each sent to China and received from it, and who gave first."""
    invocation.emit(invocation.aid().reciprocity(invocation.format.screen, **invocation.raw).result)


@app.command(epilog=examples("aidcli summary", "aidcli summary --source inss"))
@with_filters
def summary(*, invocation: Invocation) -> None:
    """Show the dataset at a glance: records by source, kind, status, flow; top recipients and donors."""
    invocation.emit(invocation.aid().summary(**invocation.raw).result)


# ---------- the donor's own figures ----------

AS_OF = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="The donor's figures as they stood then: YYYY-MM-DD, or YYYY-MM-DDTHH:MM in the donor's "
        "time (+08:00) [default: each line's last version].",
        show_default=False,
    ),
]


@app.command(epilog=examples("aidcli claims -c Iran --history", "aidcli claims --item masks --as-of 2020-03-16"))
@with_filters
def claims(
    as_of: AS_OF = None,
    history: Annotated[bool, typer.Option("--history", help="How each line changed, version by version.")] = False,
    *,
    invocation: Invocation,
) -> None:
    """The donor's own figures: the Jack Ma Foundation's table of donations as its site showed it (never in a total)."""
    invocation.emit(invocation.aid().claims(as_of, history, **invocation.raw).result)


@app.command(epilog=examples("aidcli crosscheck -c Japan", "aidcli crosscheck --as-of 2020-03-17 -f csv"))
@with_filters
def crosscheck(as_of: AS_OF = None, *, invocation: Invocation) -> None:
    """The articles' figures beside the donor's own: agrees, differs, only one of them, or not comparable."""
    invocation.emit(invocation.aid().crosscheck(as_of, **invocation.raw).result)


# ---------- records, citations, the whole dataset ----------

RECORDS = Annotated[
    list[str],
    typer.Argument(
        metavar="ID...",
        help="Record ids such as R0023 (or 23); '-' reads ids from standard input "
        "(plain ids, or the CSV of --explain).",
        autocompletion=complete_record,
        show_default=False,
    ),
]


def _ids(texts: list[str]) -> list[str]:
    """The ids typed, with '-' replaced by those read from standard input."""
    from aidcli.cli import stdin
    from aidcli.cli.ids import ids_from

    if "-" in texts and stdin.used():
        raise UsageError("standard input gave the dataset (--data -): give the record ids as arguments")
    out = []
    for text in texts:
        out += ids_from(_stdin()) if text == "-" else [text]
    if not out:
        raise UsageError("no record ids given")
    return out


def _stdin() -> str:
    """Standard input as text, for '-'; a DataError when it is closed or not text."""
    from aidcli.model.errors import DataError

    try:
        if sys.stdin is None:
            raise ValueError("closed")
        return sys.stdin.read()
    except (OSError, ValueError) as exc:  # closed (ValueError), unreadable, or not UTF-8
        raise DataError(f"cannot read record ids from standard input ({exc})") from None


@app.command(epilog=examples("aidcli show R0031", "aidcli totals -c Spain --explain -f csv | aidcli show -"))
def show(
    ctx: typer.Context,
    record_ids: RECORDS,
    fmt: FORMAT_OPTION = None,
    output: OUTPUT_OPTION = None,
    force: FORCE_OPTION = False,
    data_path: DATA_OPTION = None,
) -> None:
    """Show records whole: their rows, clean quote, source and citation."""
    invocation = make_invocation(ctx, fmt, data_path, output=output, force=force)
    invocation.emit(invocation.aid().records(_ids(record_ids)).result)


@app.command(epilog=examples("aidcli cite R0043", "aidcli cite R0028 R0029 --style ris > refs.ris"))
def cite(
    ctx: typer.Context,
    record_ids: RECORDS,
    style: Annotated[str, typer.Option("--style", metavar="STYLE", help="plain, bibtex, ris or csl-json.")] = "plain",
    data_path: DATA_OPTION = None,
) -> None:
    """Print records' sources with their quotes, ready for a paper or a reference manager."""
    from aidcli.query.citation import normalise_style

    style = normalise_style(style)
    invocation = make_invocation(ctx, None, data_path)
    typer.echo(invocation.aid().cite(_ids(record_ids), style))


@app.command(epilog=examples("aidcli export -o aid.xlsx", "aidcli export -f jsonl | jq .record_id"))
def export(
    ctx: typer.Context,
    output: OUTPUT_OPTION = None,
    force: FORCE_OPTION = False,
    hxl: HXL = False,
    fmt: FORMAT_OPTION = None,
    data_path: DATA_OPTION = None,
) -> None:
    """Write the whole dataset (every column, `counted` included) in the chosen format."""
    from aidcli.cli import export as exporting

    exporting.run(ctx, output, force, hxl, fmt, data_path)


@app.command(epilog=examples("aidcli validate examples/my-donations.csv"))
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="[PATH]",
            readable=False,  # an unreadable file is the loader's data error (exit 1)
            help="A donations CSV or a datapackage.json ('-': the CSV from standard input) "
            "[default: the run's dataset: --data, AIDCLI_DATA or the packaged one].",
            show_default=False,
        ),
    ] = None,
    fmt: FORMAT_OPTION = None,
    output: OUTPUT_OPTION = None,
    force: FORCE_OPTION = False,
) -> None:
    """Check a dataset against the schema; list every problem (row, column, value, rule); exit 1 if any."""
    from aidcli.cli import validate as validating

    validating.validate(ctx, path, fmt, output, force)


@app.command(epilog=examples("aidcli cache clear", "aidcli cache path"))
def cache(
    action: Annotated[
        str,
        typer.Argument(
            metavar="ACTION",
            help="clear: remove aidcli's cache files; path: print the cache folder.",
            show_default=False,
        ),
    ],
) -> None:
    """Empty the cache of large --data files and of names, or say where it is (it is only ever a copy)."""
    from aidcli.loading import cache as caching

    if action == "path":
        import sys

        from aidcli.model.text import printable

        # raw in a pipe, for `cd "$(aidcli cache path)"` (click's echo would drop an escape
        # sequence from it), escaped on a screen
        folder = str(caching.directory())
        sys.stdout.write(f"{printable(folder) if sys.stdout.isatty() else folder}\n")
        return
    if action != "clear":
        raise UsageError(f"cache: no such action {action!r}; choose from: clear, path")
    count, size = caching.clear()
    note(f"removed {count} cache file{'s' * (count != 1)} ({size / 1e6:.1f} MB) from {caching.directory()}")
