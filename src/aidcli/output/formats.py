"""The output formats, in one table: each row is a format's name, aliases and file suffixes, what
it can hold (one table or many, an HXL row, arrays), how it is read (captions shown, on a screen,
raw text a spreadsheet may run), whether it can go to a stream, and its writer. Every other
module asks this table; the help of --format, --output and --hxl, and the man page, are made
from it, and a test holds docs/output.md to it.

No pandas here, so --help and usage errors stay light: a row names its writer "module:function"
of aidcli.output, imported in one place (`Format.write`) when it first writes (importing the
writers with the table would load pandas, and Rich, on every start)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib import import_module
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from aidcli.model.errors import UsageError

if TYPE_CHECKING:
    from aidcli.model.result import Result


class Options(NamedTuple):
    """How a writer writes: the HXL row (under the main section's header), the record view, the
    screen's width, terminal behaviour in a buffer meant for a pager."""

    hxl: list[str] | None = None
    vertical: bool | None = None
    width: int | None = None
    terminal: bool | None = None


NO_OPTIONS = Options()


class Format(NamedTuple):
    """One output format. Its writer takes the Result, the stream (text for a stream format,
    bytes for a file format) and Options."""

    name: str
    suffixes: tuple[str, ...]  # the first is the one a file gets
    writer: str  # "module:function" of aidcli.output
    summary: str  # what a reader gets, for the man page
    aliases: tuple[str, ...] = ()
    one_table: bool = False  # holds only the main section (a profile's other sections are named on stderr)
    captioned: bool = False  # shows captions itself; otherwise they go to stderr
    screen: bool = False  # read by a person: short columns, numbers with their words
    stream: bool = False  # can be written to stdout; otherwise only to a file
    hxl: bool = False  # can carry a row of HXL hashtags under the header
    lists: bool = False  # record_ids as arrays rather than space-separated text
    spreadsheet_text: bool = False  # raw text cells a spreadsheet may open (and read as formulas)

    def write(self, result: Result, out: IO[Any], options: Options = NO_OPTIONS) -> None:
        """Write `result` by this format's writer, imported now."""
        module, function = self.writer.split(":")
        getattr(import_module(f"aidcli.output.{module}"), function)(result, out, options)


FORMATS: tuple[Format, ...] = (
    Format(
        "table",
        (".txt",),
        "render:to_table",
        "Aligned columns, numbers whole with separators; one "
        "record per block when the columns cannot fit; paged on a terminal.",
        captioned=True,
        screen=True,
        stream=True,
    ),
    Format(
        "csv",
        (".csv",),
        "render:to_csv",
        "The main table: a header and raw values (RFC 4180).",
        one_table=True,
        stream=True,
        hxl=True,
        spreadsheet_text=True,
    ),
    Format(
        "tsv",
        (".tsv", ".tab"),
        "render:to_tsv",
        "The main table, tab-separated: tab, line breaks and backslash escaped, never quoted.",
        one_table=True,
        stream=True,
        hxl=True,
        spreadsheet_text=True,
    ),
    Format(
        "json",
        (".json",),
        "render:to_json",
        "An array of objects; a result of several tables, one object of arrays.",
        stream=True,
        lists=True,
    ),
    Format(
        "jsonl",
        (".jsonl", ".ndjson"),
        "render:to_jsonl",
        "The main table, one JSON object a line.",
        aliases=("ndjson",),
        one_table=True,
        stream=True,
        lists=True,
    ),
    Format(
        "markdown",
        (".md", ".markdown"),
        "render:to_markdown",
        "Pipe tables, each under its title, with its caption.",
        aliases=("md",),
        captioned=True,
        screen=True,
        stream=True,
    ),
    Format(
        "xlsx",
        (".xlsx",),
        "workbook:write",
        "A workbook, each table a sheet, and an About sheet; text stays text, never a formula.",
        hxl=True,
    ),
    Format(
        "parquet",
        (".parquet",),
        "render:to_parquet",
        "The main table with its types (needs pyarrow: aidcli[parquet]).",
        one_table=True,
    ),
    Format(
        "sqlite",
        (".db", ".sqlite", ".sqlite3"),
        "database:write",
        "A SQLite database, each table a table; the export's with keys, a full-text index and views.",
    ),
)
BY_NAME = {f.name: f for f in FORMATS}
ALIASES = {alias: f.name for f in FORMATS for alias in f.aliases}
STREAMS = tuple(f.name for f in FORMATS if f.stream)
HXL = tuple(f.name for f in FORMATS if f.hxl)


def get(name: str) -> Format:
    """A format by its name or alias (already checked)."""
    return BY_NAME[ALIASES.get(name, name)]


def parse(text: str, files: bool = False) -> Format:
    """A format name as typed (any case, `md`) to a stream format's row, or any format's when
    writing a file; UsageError otherwise."""
    value = text.strip().lower()
    value = ALIASES.get(value, value)
    known = BY_NAME.get(value)
    if known is not None and not known.stream and not files:
        raise UsageError(f"--format {value} is written to a file: use --output FILE.{value}")
    if known is None:
        choices = ", ".join(f.name for f in FORMATS if files or f.stream)
        raise UsageError(f"--format: no such format {text!r}; choose from: {choices}")
    return known


def by_suffix(path: str | os.PathLike[str]) -> Format | None:
    """The format a file name's extension asks for (.txt is a plain-text table), if any."""
    suffix = Path(path).suffix.lower()
    return next((f for f in FORMATS if suffix in f.suffixes), None)


def for_path(path: str | os.PathLike[str]) -> Format:
    """The format a file name asks for by its extension; UsageError for an extension aidcli
    cannot write."""
    found = by_suffix(path)
    if found is None:
        suffixes = ", ".join(s for f in FORMATS for s in f.suffixes)
        raise UsageError(
            f"cannot tell the format of {os.fspath(path)!r} from its extension; use one of {suffixes} or give --format"
        )
    return found


# ---------- the table in words: help, man page, docs ----------


def named(names: Iterable[str]) -> str:
    """Names as a sentence lists them: 'a, b or c'."""
    *rest, last = names
    return f"{', '.join(rest)} or {last}" if rest else last


def stream_names() -> str:
    """The formats --format takes, as help lists them: 'table, csv, ... or markdown (md)'."""
    return named(f.name + (f" ({', '.join(f.aliases)})" if f.aliases else "") for f in FORMATS if f.stream)


def file_suffixes() -> str:
    """The extension each format's file gets, as --output's help lists them: '.txt .csv ...'."""
    return " ".join(f.suffixes[0] for f in FORMATS)
