"""The options commands share, derived from the filter table, their shell completion, and the
Invocation a command gets: its typed filters, output format and settings, and how to print a Result.
No pandas here: help, completion and usage errors stay light.
"""

import functools
import inspect
import os
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple

import typer

from aidcli.model.errors import UsageError
from aidcli.output import formats
from aidcli.query import filters

if TYPE_CHECKING:
    from aidcli.model.about import About
    from aidcli.model.result import Result

FORMAT_HELP = f"Output format: {formats.stream_names()} [default: table on a terminal, csv in a pipe]."


class Settings(NamedTuple):
    """The global options of a run, kept in Typer's context (ctx.obj)."""

    data: Path | None = None
    quiet: bool = False
    pager: bool = True
    vertical: bool | None = None  # None: the record view only when the columns cannot fit
    cache: bool = True  # the typed cache of a large --data file


def run_settings(
    data: Path | None, quiet: bool = False, pager: bool = True, vertical: bool | None = None, cache: bool = True
) -> Settings:
    """The settings of a run; a dataset from standard input or a pipe read from its spooled copy
    (never cached: the copy is gone when aidcli exits)."""
    if data is None:  # the packaged dataset: nothing to spool
        return Settings(None, quiet, pager, vertical, cache)
    from aidcli.cli import stdin

    return Settings(stdin.dataset(data), quiet, pager, vertical, cache and not stdin.from_stdin(data))


def settings(ctx: typer.Context | None) -> Settings:
    root = ctx.find_root() if ctx is not None else None
    if root is None or not isinstance(root.obj, Settings):
        return run_settings(Path(os.environ["AIDCLI_DATA"]) if os.environ.get("AIDCLI_DATA") else None)
    return root.obj


# ---------- completion: from the CSV with the csv module, or the schema's enums ----------


def _completer(values: Callable[[Path | None], list[str]]) -> Callable[..., list[str]]:
    """A shell completion: the `values` of the run's dataset that match the typed text."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from aidcli.model.text import printable
        from aidcli.query.names import norm

        prefix = norm(incomplete)
        # Typer keeps only values that start with the typed text, case and all: keep the user's own
        # letters ('sp' -> 'spain'); names are matched case-blind anyway. A name holding a control
        # character (ESC, BEL) is not offered: the shell would print it raw, and an escaped form
        # would complete to a name the data does not hold.
        return [
            incomplete + v[len(incomplete) :] if v.lower().startswith(incomplete.lower()) else v
            for v in values(settings(ctx).data)
            if norm(v).startswith(prefix) and printable(v) == v
        ]

    return complete


def _column(name: str) -> Callable[[Path | None], list[str]]:
    """The values of a donations column in a dataset, read without pandas."""

    def values(data: Path | None) -> list[str]:
        from aidcli.loading import catalog

        return catalog.column(data, name)

    return values


def _by_keys(data: Path | None) -> list[str]:
    from aidcli.model.columns import GROUP_KEYS

    return list(GROUP_KEYS)


complete_country = _completer(_column("recipient"))
complete_donor = _completer(_column("donor"))
complete_record = _completer(_column("record_id"))


def _opt(*decls: str, help: str, **kw: Any) -> Any:
    return typer.Option(*decls, help=help, show_default=False, **kw)


def _filter_option(f: filters.Filter) -> Any:
    """A filter's Typer option, from its row of the filter table."""
    if f.flag:
        return Annotated[bool, typer.Option(*f.flags, help=f.help)]
    complete = _completer(f.kind.complete)
    if not f.many:
        return Annotated[str | None, _opt(*f.flags, metavar=f.metavar, help=f.help, autocompletion=complete)]
    return Annotated[
        list[str] | None,
        _opt(
            *f.flags,
            metavar=f.metavar,
            autocompletion=complete,
            help=f.help + " Repeat it, or separate values by commas.",
        ),
    ]


FORMAT_OPTION = Annotated[
    str | None,
    _opt(
        "--format",
        "-f",
        metavar="FORMAT",
        help=FORMAT_HELP,
        autocompletion=_completer(lambda data: list(formats.STREAMS)),
    ),
]
DATA_OPTION = Annotated[
    Path | None,
    _opt(
        "--data",
        metavar="PATH",
        readable=False,  # an unreadable file is the loader's data error (exit 1), not a usage error
        help="Your own dataset (a donations CSV or a datapackage.json; '-' reads "
        "the CSV from standard input); the same as the global --data.",
    ),
]
OUTPUT_OPTION = Annotated[
    Path | None,
    _opt(
        "--output",
        "-o",
        metavar="FILE",
        readable=False,  # written, never read: an unreadable file is replaced under --force
        help="Write to this file instead of standard output ('-' is "
        f"stdout): its extension gives the format ({formats.file_suffixes()}), "
        "--format the rest. Never overwrites a file without --force.",
    ),
]
PICTURE_OUTPUT = Annotated[
    Path | None,
    _opt(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the map to this file: .svg, .html (the map and its tables) or .png (needs the png extra) "
        "[default: the SVG on standard output in a pipe; on a terminal, a new file whose name is printed]. "
        "Never overwrites a file without --force.",
    ),
]
FORCE_OPTION = Annotated[bool, typer.Option("--force", help="Overwrite an existing --output file.")]
EXPLAIN = Annotated[
    bool,
    typer.Option(
        "--explain", help="Name the records behind each sum, with their sentences, and what was left out and why."
    ),
]
BY = Annotated[
    str | None,
    _opt(
        "--by",
        metavar="KEY[,KEY]",
        help="Group by: recipient (or country), donor, donor_type, channel, region, flow, "
        "kind, status, source, item_group, month.",
        autocompletion=_completer(_by_keys),
    ),
]
CHART = Annotated[bool, typer.Option("--chart", help="Draw horizontal bars, one chart per unit (on a terminal).")]
LIMIT = Annotated[int | None, typer.Option("--limit", "-n", min=1, metavar="N", help="At most N rows.")]
SORT = Annotated[str | None, typer.Option("--sort", metavar="COLUMN", help="Sort by this column.")]
DESC = Annotated[bool, typer.Option("--desc", help="Sort descending.")]
COLUMNS = Annotated[
    str | None,
    typer.Option(
        "--columns",
        metavar="COL[,COL]",
        help="Columns to show, or 'all' [default: a short set in a table, all but quote and notes in csv/json].",
    ),
]
HXL = Annotated[
    bool, typer.Option("--hxl", help=f"Add the HXL hashtag row under the header ({formats.named(formats.HXL)} only).")
]


SHAPE = {"columns": COLUMNS, "sort": SORT, "desc": DESC, "limit": LIMIT}


class Shape(NamedTuple):
    """--columns, --sort, --desc, --limit: how the main table of a result is cut. `columns` is
    "all", the names given (matched to the table's case-blind when it is made), or None for the
    default set."""

    columns: tuple[str, ...] | Literal["all"] | None = None
    sort: str | None = None
    desc: bool = False
    limit: int | None = None

    @classmethod
    def parse(cls, columns: str | None, sort: str | None, desc: bool, limit: int | None) -> "Shape":
        """The options as typed, --columns split into its names once."""
        if columns is None:
            return cls(None, sort, desc, limit)
        if columns.strip().lower() == "all":
            return cls("all", sort, desc, limit)
        names = tuple(c.strip() for c in columns.split(",") if c.strip())
        first: dict[str, int] = {}
        for n, c in enumerate(names):
            first.setdefault(c.lower(), n)
        twice = [c for n, c in enumerate(names) if first[c.lower()] != n]
        if twice:  # a table has one column of a name (a repeated one is a frame's, not a table's)
            raise UsageError(f"--columns: {', '.join(dict.fromkeys(twice))} is named more than once")
        return cls(names, sort, desc, limit)


class Invocation(NamedTuple):
    """One command's typed filters, its output format (and whether the user chose it) and the run's settings."""

    raw: dict[str, list[str]]
    format: formats.Format
    settings: Settings
    chosen: bool = False
    shape: Shape = Shape()
    output: Path | None = None  # the file of --output; None for standard output
    force: bool = False  # --force: the file of --output may be replaced

    def aid(self):
        """The library's Aid for this run's dataset: each command makes one call of it."""
        from aidcli.api import Aid

        return Aid(self.settings.data, self.settings.cache)

    def shown_columns(self) -> set[str] | None:
        """The columns a listing shows (all but quote and notes by default) and sorts by, so
        only those are read; None for --columns all."""
        from aidcli.model.columns import LIST_COLUMNS

        spec = self.shape.columns
        if spec == "all":
            return None
        shown = set(LIST_COLUMNS) if spec is None else {c.lower() for c in spec}
        return shown | ({self.shape.sort.strip().lower()} if self.shape.sort else set())

    def note(self, message: str) -> None:
        if not self.settings.quiet:
            note(message)

    def check_hxl(self, hxl: bool) -> None:
        """--hxl needs a format with a row under the header for its hashtags."""
        if hxl and not self.format.hxl:
            self.refuse("--hxl", f"adds a row of hashtags under the header of {formats.named(formats.HXL)}")

    def refuse(self, option: str, needs: str) -> None:
        """An option that works only in some formats, refused in the words the user typed."""
        said = (
            f"--format {self.format.name}"
            if self.chosen
            else f"--output {self.output}"
            if self.output is not None
            else f"output to a pipe or file (which is {self.format.name})"
        )
        raise UsageError(f"{option} {needs}; it cannot be combined with {said}")

    def emit(self, result: "Result", hxl: bool = False) -> None:
        """Print a Result: notes and (outside tables) captions on stderr, the tables on stdout."""
        from aidcli.model.result import Result
        from aidcli.output import render, shaping

        shown = shaping.shape(result, self.format, self.shape)
        if self.format.one_table and result.csv_only is not None:
            shown = Result([result.csv_only])
        if self.format.lists:
            shown = shaping.as_lists(shown)
        for message in result.notes + render.notes(shown, self.format):
            self.note(message)
        self.write(shown, shaping.hxl_tags(list(shown.main.frame.columns)) if hxl else None)

    def named(self, result: "Result") -> "About":
        """What the run's dataset says about itself (title, licence, sources), put on the Result for
        the files that name it: an xlsx's About sheet, a database's metadata."""
        from aidcli.model.about import about

        if result.about is None:
            result.about = about(self.settings.data)
        return result.about

    def write(self, result: "Result", hxl: list[str] | None = None) -> None:
        """A Result in this run's format: to standard output (paged on a terminal), or to the file
        of --output, exactly what the format prints."""
        from aidcli.output import render

        if (formulas := render.formula_note(result, self.format)) is not None:
            self.note(formulas)
        if self.output is not None:  # a file names its dataset (xlsx, sqlite)
            self.named(result)
        if self.output is None:
            render.emit(result, self.format, hxl=hxl, pager=self.settings.pager, vertical=self.settings.vertical)
            return
        from aidcli.cli.output import write

        write(result, self.format, self.output, hxl, self.settings.vertical, self.force)
        sections, main = result.sections, result.main
        written = sections if len(sections) > 1 and not self.format.one_table else [main]
        what = f"{len(main.frame)} rows" if len(written) == 1 else f"{len(written)} tables"
        self.note(f"wrote {what} to {self.output} ({self.format.name})")


def note(message: str) -> None:
    """A message for the person, on stderr, one line (a caption may name a donor of the data:
    control characters are shown escaped)."""
    from aidcli.model.text import printable

    sys.stderr.write(f"aidcli: {printable(message)}\n")


def output_format(fmt: str | None) -> formats.Format:
    """The chosen format (or AIDCLI_FORMAT), else table on a terminal and csv in a pipe."""
    fmt = fmt or os.environ.get("AIDCLI_FORMAT") or None
    if fmt is None:
        return formats.get("table" if sys.stdout.isatty() else "csv")
    return formats.parse(fmt)


class with_filters:
    """Give a command the shared filter options (from the filter table), --format and --data;
    it gets them as one Invocation, after the light checks (dates, enumerated values) have passed.

    The ~30 options are put in the command's signature only when Typer asks for it, that is for
    the one command a run builds: importing the commands stays cheap."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        functools.update_wrapper(self, fn)
        self.fn = fn

    @functools.cached_property
    def __signature__(self) -> inspect.Signature:
        sig = inspect.signature(self.fn)
        hints = typing.get_type_hints(self.fn, include_extras=True)
        own = [
            p.replace(annotation=hints.get(p.name, p.annotation))
            for p in sig.parameters.values()
            if p.name != "invocation" and p.name not in self.extras()  # a picture's --output: given by extras
        ]
        shared = {f.name: _filter_option(f) for f in filters.FILTERS}
        flags = {"desc", "force"} | {f.name for f in filters.FILTERS if f.flag}
        extra = [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=False if name in flags else None, annotation=ann
            )
            for name, ann in {**shared, **self.extras()}.items()
        ]
        ctx_param = inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context)
        return sig.replace(parameters=own + extra + [ctx_param])

    def extras(self) -> dict[str, Any]:
        """The options beside the filters: a table's shape, format and file, and --data."""
        return {**SHAPE, "fmt": FORMAT_OPTION, "output": OUTPUT_OPTION, "force": FORCE_OPTION, "data": DATA_OPTION}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        invocation = make_invocation(
            kwargs.pop("ctx"),
            kwargs.pop("fmt"),
            kwargs.pop("data"),
            {f.name: kwargs.pop(f.name) for f in filters.FILTERS},
            Shape.parse(*(kwargs.pop(name) for name in SHAPE)),
            kwargs.pop("output"),
            kwargs.pop("force"),
        )
        return self.fn(*args, invocation=invocation, **kwargs)


class with_drawing(with_filters):
    """A picture's options (the map): the shared filters and --data, and the file it is written
    to (--output, --force), passed to the command as they are; no table format or shape."""

    def extras(self) -> dict[str, Any]:
        return {"output": PICTURE_OUTPUT, "force": FORCE_OPTION, "data": DATA_OPTION}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        given = {f.name: kwargs.pop(f.name) for f in filters.FILTERS}
        invocation = make_invocation(kwargs.pop("ctx"), None, kwargs.pop("data"), given)
        return self.fn(*args, invocation=invocation, **kwargs)


def make_invocation(
    ctx: typer.Context | None,
    fmt: str | None,
    data: Path | None,
    options: dict[str, Any] | None = None,
    shape: Shape = Shape(),
    output: Path | None = None,
    force: bool = False,
) -> Invocation:
    """An Invocation from a command's options: the format resolved (from --output's extension too),
    an existing --output refused without --force, a command's own --data over the global one."""
    raw = filters.raw_values(options or {})
    filters.check(raw)  # bad dates and values fail here, before any data is read
    run = settings(ctx)
    if data is not None:
        run = run_settings(data, run.quiet, run.pager, run.vertical, run.cache)
    if output is not None and str(output) != "-":
        from aidcli.cli.output import target_format

        return Invocation(
            raw,
            target_format(output, fmt, force),
            run,
            chosen=fmt is not None,
            shape=shape,
            output=output,
            force=force,
        )
    return Invocation(raw, output_format(fmt), run, chosen=fmt is not None, shape=shape)
