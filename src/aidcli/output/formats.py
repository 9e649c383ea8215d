"""The output formats, in one table: each row says a format's name, the file suffixes that ask
for it, whether it holds one table or many, whether it shows captions itself, whether a person
reads it on a screen, whether it can go to a stream, whether it takes an HXL row, and which
writer of render.py writes it. Every other module asks this table. No pandas here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from aidcli.model.errors import UsageError


class Format(NamedTuple):
    """One output format."""

    name: str
    suffixes: tuple[str, ...]
    one_table: bool  # holds only the main section (a profile's other sections are named on stderr)
    captioned: bool  # shows captions itself; otherwise they go to stderr
    screen: bool  # read by a person: short columns, numbers with their words
    stream: bool  # can be written to stdout; otherwise only to a file
    hxl: bool  # can carry a row of HXL hashtags under the header
    lists: bool  # record_ids as arrays rather than space-separated text
    spreadsheet_text: bool  # raw text cells a spreadsheet may open (and read as formulas)
    writer: str  # the function of render.py that writes it


FORMATS: tuple[Format, ...] = (
    Format("table", (".txt",), False, True, True, True, False, False, False, "to_table"),
    Format("csv", (".csv",), True, False, False, True, True, False, True, "to_csv"),
    Format("tsv", (".tsv", ".tab"), True, False, False, True, True, False, True, "to_tsv"),
    Format("json", (".json",), False, False, False, True, False, True, False, "to_json"),
    Format("jsonl", (".jsonl", ".ndjson"), True, False, False, True, False, True, False, "to_jsonl"),
    Format("markdown", (".md", ".markdown"), False, True, True, True, False, False, False, "to_markdown"),
    Format("xlsx", (".xlsx",), False, False, False, False, True, False, False, "to_xlsx"),
    Format("parquet", (".parquet",), True, False, False, False, False, False, False, "to_parquet"),
    Format("sqlite", (".db", ".sqlite", ".sqlite3"), False, False, False, False, False, False, False, "to_sqlite"),
)
BY_NAME = {f.name: f for f in FORMATS}
ALIASES = {"md": "markdown", "ndjson": "jsonl"}
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


def for_path(path: str | os.PathLike[str]) -> Format:
    """The format a file name asks for by its extension (.txt is a plain-text table);
    UsageError for an extension aidcli cannot write."""
    suffix = Path(path).suffix.lower()
    for f in FORMATS:
        if suffix in f.suffixes:
            return f
    suffixes = ", ".join(s for f in FORMATS for s in f.suffixes)
    raise UsageError(f"cannot tell the format of {os.fspath(path)!r} from its extension; "
                     f"use one of {suffixes} or give --format")
