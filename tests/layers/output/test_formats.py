"""The format table (output/formats.py): names, suffixes, what goes only to a file."""

from __future__ import annotations

import pytest

from aidcli.model.errors import UsageError
from aidcli.output import formats


@pytest.mark.parametrize(
    "given, fmt",
    [
        ("md", "markdown"),
        ("MD", "markdown"),
        (" Table ", "table"),
        ("tsv", "tsv"),
        ("JSONL", "jsonl"),
        ("ndjson", "jsonl"),
    ],
)
def test_format_names(given, fmt):
    assert formats.parse(given).name == fmt


def test_binary_formats_only_for_files():
    with pytest.raises(UsageError, match=r"written to a file: use --output FILE\.xlsx"):
        formats.parse("xlsx")
    assert formats.parse("Parquet", files=True).name == "parquet"
    with pytest.raises(UsageError, match="no such format 'yaml'"):
        formats.parse("yaml", files=True)


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("a.csv", "csv"),
        ("a.TSV", "tsv"),
        ("a.json", "json"),
        ("a.jsonl", "jsonl"),
        ("a.md", "markdown"),
        ("a.txt", "table"),
        ("dir.v2/a.xlsx", "xlsx"),
        ("a.parquet", "parquet"),
    ],
)
def test_format_for_path(name, fmt):
    assert formats.for_path(name).name == fmt


@pytest.mark.parametrize("name", ["a.docx", "a.xls", "noextension"])
def test_format_for_path_refuses(name):
    with pytest.raises(UsageError, match="cannot tell the format"):
        formats.for_path(name)
