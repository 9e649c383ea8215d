"""The words of the command line: formats, group keys, default columns, dates. No pandas here,
so usage errors are found before any heavy import."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from aidcli.errors import UsageError

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown")  # what a stream can carry
FILE_FORMATS = FORMATS + ("xlsx", "parquet")  # binary formats only go to a file
FORMAT_ALIASES = {"md": "markdown", "ndjson": "jsonl"}
SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json", ".jsonl": "jsonl",
            ".ndjson": "jsonl", ".md": "markdown", ".markdown": "markdown", ".txt": "table",
            ".xlsx": "xlsx", ".parquet": "parquet"}
ONE_TABLE = ("csv", "tsv", "jsonl", "parquet")  # formats that carry only the `csv_section`
HXL_FORMATS = ("csv", "tsv", "xlsx")  # formats with a row for HXL hashtags under the header
CAPTIONED = ("table", "markdown")  # formats that show captions themselves

GROUP_KEYS = {
    "recipient": "recipient", "country": "recipient", "donor": "donor", "donor_type": "donor_type",
    "channel": "channel", "region": "region", "flow": "flow", "kind": "kind", "status": "status",
    "source": "source", "item_group": "item_group", "month": "month",
}
LIST_COLUMNS = ["record_id", "date", "donor", "donor_type", "channel", "donor_country", "recipient",
                "recipient_iso3", "recipient_place", "region", "flow", "kind", "status", "item",
                "item_group", "quantity", "unit", "approx", "value_usd", "allocation", "in_totals",
                "overlaps", "source"]
SHORT_COLUMNS = ["record_id", "donor", "recipient", "item", "quantity", "unit", "status", "kind", "flow"]
# What a sum reads (a large file is read, and checked, no wider): the counting rules' columns.
SUM_COLUMNS = ["record_id", "date", "allocation", "in_totals", "kind", "flow", "status", "item", "unit",
               "quantity", "value_usd", "approx", "recipient", "recipient_iso3", "region"]
# What a row view needs to show each shared amount once, named by who shares it, and mark `counted`.
COUNTED_COLUMNS = ["record_id", "in_totals", "allocation", "item", "unit", "status", "recipient"]
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_date(text: str, option: str) -> str:
    """A user's YYYY, YYYY-MM or YYYY-MM-DD (a month or day may be one digit: 2020-3), checked
    to be a real date and written in full ('2020-03')."""
    m = _DATE.fullmatch(text.strip())
    if not m:
        raise UsageError(f"{option}: {text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a real date") from None
    return "-".join([year] + [f"{int(p):02d}" for p in (month, day) if p])


def by_keys(spec: str | None) -> list[str]:
    """The keys of --by, checked."""
    if not spec:
        return []
    keys = [k.strip().lower().replace("-", "_") for k in spec.split(",") if k.strip()]
    unknown = [k for k in keys if k not in GROUP_KEYS]
    if unknown or not keys:
        raise UsageError(f"--by: unknown key {', '.join(unknown) or '(none given)'}; "
                         f"keys: {', '.join(GROUP_KEYS)}")
    return keys


def normalise_format(text: str, files: bool = False) -> str:
    """A format name as typed (any case, `md`) to one of FORMATS, or FILE_FORMATS when writing
    a file; UsageError otherwise."""
    value = text.strip().lower()
    value = FORMAT_ALIASES.get(value, value)
    if value in FILE_FORMATS and value not in FORMATS and not files:
        raise UsageError(f"--format {value} is written to a file: use --output FILE.{value}")
    if value not in (FILE_FORMATS if files else FORMATS):
        choices = ", ".join(FILE_FORMATS if files else FORMATS)
        raise UsageError(f"--format: no such format {text!r}; choose from: {choices}")
    return value


def format_for_path(path: str | os.PathLike[str]) -> str:
    """The format a file name asks for by its extension (.txt is a plain-text table);
    UsageError for an extension aidcli cannot write."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"cannot tell the format of {os.fspath(path)!r} from its extension; "
                         f"use one of {', '.join(SUFFIXES)} or give --format")
    return SUFFIXES[suffix]
