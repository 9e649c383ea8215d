"""The format table (aidcli.output.formats): every format written through the output guarantees of
docs/output.md, and the help, man page and docs that list the formats agreeing with the table."""

from __future__ import annotations

import csv
import errno
import io
import json
import re
import sqlite3
from importlib import import_module

import pandas as pd
import pytest
from conftest import ROOT

from aidcli.model.errors import AidError
from aidcli.model.result import Result, Section
from aidcli.model.text import xml_text
from aidcli.output import formats, render

# Cells a user's --data may hold: a terminal's escape sequences and a bidirectional override, text a
# spreadsheet would run, a field a CSV must quote, a tab, a line break and a bare CR.
ESCAPE = "\x1b]0;owned\x07Evil\u202eCorp"
FORMULA = '=HYPERLINK("http://example.org")'
AWKWARD = 'a, "quoted"\nline\rbreak\ttab'
FRAME = pd.DataFrame(
    {
        "record_id": ["R0001", "R0002", "R0003"],
        "donor": [ESCAPE, FORMULA, AWKWARD],
        "quantity": [1_000_000.0, None, 2.5],
        "counted": [True, False, True],
        "note\x1b[31m": ["x", "@SUM(A1)", "+1"],
    }
)
RESULT = Result(
    [
        Section("rows", "Rows \x1b[2J", FRAME, "A caption \u202e with a bidi override."),
        Section("other", "Other", FRAME.head(1), "Another caption."),
    ],
    "rows",
)
# What a terminal obeys: C0 and C1 controls but the line break, DEL, bidirectional controls.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _csv(path, fmt) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _tsv(path, fmt) -> list[list[str]]:
    """A line is a record (nothing is quoted), each escape read back."""
    unescape = {"\\t": "\t", "\\n": "\n", "\\r": "\r", "\\\\": "\\"}
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines.pop() == ""
    return [[re.sub(r"\\[tnr\\]", lambda m: unescape[m.group()], f) for f in line.split("\t")] for line in lines]


def _json(path, fmt) -> list[list]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"rows", "other"}  # several tables: one object
    return [list(data["rows"][0])] + [list(row.values()) for row in data["rows"]]


def _jsonl(path, fmt) -> list[list]:
    objects = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [list(objects[0])] + [list(row.values()) for row in objects]


def _screen(path, fmt) -> list[list[str]]:
    """Text for a person: every line of it, none with a character a terminal obeys."""
    text = path.read_text(encoding="utf-8")
    assert not CONTROL.findall(text), CONTROL.findall(text)
    return [[line] for line in text.splitlines()]


def _xlsx(path, fmt) -> list[list]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    assert book.sheetnames == ["rows", "other", "About"]
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula, whatever the text
    return [list(row) for row in book["rows"].iter_rows(values_only=True)]


def _sqlite(path, fmt) -> list[list]:
    con = sqlite3.connect(path)
    try:
        assert {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")} == {"rows", "other"}
        cursor = con.execute('select * from "rows"')
        return [[d[0] for d in cursor.description]] + [list(r) for r in cursor]
    finally:
        con.close()


def _parquet(path, fmt) -> list[list]:
    table = pytest.importorskip("pyarrow.parquet").read_table(path)
    return [table.column_names] + [list(r.values()) for r in table.to_pylist()]


# How each format is read back: a new format needs its reader here (the test below fails without it).
# Each holds the raw text, but a worksheet, which cannot hold what XML cannot: escaped, as on a screen.
AS_HELD = {"xlsx": xml_text}
READERS = {
    "table": _screen,
    "csv": _csv,
    "tsv": _tsv,
    "json": _json,
    "jsonl": _jsonl,
    "markdown": _screen,
    "xlsx": _xlsx,
    "sqlite": _sqlite,
    "parquet": _parquet,
}


def test_every_format_has_a_reader_and_a_writer():
    assert set(READERS) == set(formats.BY_NAME)
    for f in formats.FORMATS:
        module, function = f.writer.split(":")
        assert callable(getattr(import_module(f"aidcli.output.{module}"), function)), f.writer


@pytest.mark.parametrize("fmt", formats.FORMATS, ids=lambda f: f.name)
def test_every_format_keeps_the_output_guarantees(fmt, tmp_path, monkeypatch):
    """Written whole or not at all; read back by a real parser; on a screen, no control character;
    in a spreadsheet, no formula; elsewhere the raw values, the main table's alone in a one-table format."""
    if fmt.name == "parquet":
        pytest.importorskip("pyarrow", reason="pyarrow is the parquet group: uv run --group parquet pytest -k parquet")
    path = tmp_path / f"out{fmt.suffixes[0]}"
    assert render.write_file(RESULT, None, path) == fmt
    rows = READERS[fmt.name](path, fmt)
    if not fmt.screen:  # the main table, its header and its three rows, values raw
        held = AS_HELD.get(fmt.name, str)
        assert [str(c) for c in rows[0]] == [held(c) for c in FRAME.columns] and len(rows) == 4
        assert [row[1] for row in rows[1:]] == [held(d) for d in (ESCAPE, FORMULA, AWKWARD)]

    # a writer that fails at the very end (a full disk) leaves the old file as it was, and nothing else
    path.write_bytes(b"the old file")
    real = formats.Format.write

    def fails_at_the_end(self, result, out, options):
        real(self, result, out, options)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(formats.Format, "write", fails_at_the_end)
    with pytest.raises(AidError, match="No space left on device"):
        render.write_file(RESULT, None, path)
    assert path.read_bytes() == b"the old file" and [p.name for p in tmp_path.iterdir()] == [path.name]


def test_raw_text_a_spreadsheet_would_run_is_flagged():
    """CSV and TSV keep raw values, as a data pipeline wants them: their rows say so, and export
    warns of such cells (test_hostile); .xlsx stores text as text (its reader finds no formula)."""
    assert [f.name for f in formats.FORMATS if f.spreadsheet_text] == ["csv", "tsv"]


@pytest.mark.parametrize("fmt", [f for f in formats.FORMATS if f.stream], ids=lambda f: f.name)
def test_a_stream_gets_what_a_file_gets(fmt, tmp_path):
    out = io.StringIO()
    render.emit(RESULT, fmt, out=out)
    render.write_file(RESULT, fmt, tmp_path / "out.txt")
    with (tmp_path / "out.txt").open(encoding="utf-8", newline="") as fh:
        assert out.getvalue() == fh.read()


# ---------- the table in words ----------


def _words(path) -> str:
    return " ".join((ROOT / path).read_text(encoding="utf-8").split())


def test_help_names_every_format_and_extension():
    from typer.testing import CliRunner

    from aidcli.cli import app

    got = " ".join(CliRunner().invoke(app, ["list", "--help"], env={"COLUMNS": "200"}).stdout.split())
    assert f"Output format: {formats.stream_names()} [default" in got
    assert formats.stream_names() == "table, csv, tsv, json, jsonl (ndjson) or markdown (md)"
    assert f"its extension gives the format ({formats.file_suffixes()})" in got
    assert f"({formats.named(formats.HXL)} only)" in got


def test_the_man_page_lists_every_format():
    page = (ROOT / "man" / "aidcli.1").read_text(encoding="utf-8")
    for f in formats.FORMATS:
        assert f"\\fB{', '.join((f.name, *f.aliases))}\\fR (\\&{' '.join(f.suffixes)})" in page


def test_the_docs_list_the_formats_of_the_table():
    output = _words("docs/output.md")
    assert f"`--format/-f {'|'.join(formats.STREAMS)}`" in output
    described = {name for bold in re.findall(r"\*\*([\w/]+)\*\*", output) for name in bold.split("/")}
    assert set(formats.BY_NAME) <= described  # each format has its paragraph
    assert all(f"`{alias}`" in output for f in formats.FORMATS for alias in f.aliases)
    others = " ".join(s for f in formats.FORMATS for s in f.suffixes[1:])
    assert f"(`{formats.file_suffixes()}`, and `{others}`;" in output
    files_only = [f.suffixes[0] for f in formats.FORMATS if not f.stream]
    assert f"`{'`, `'.join(files_only[:-1])}` and `{files_only[-1]}` only to a file" in output
    for path in ("docs/output.md", "docs/commands.md"):  # every list of extensions is the table's
        listed = re.findall(r"`(\.\w+(?: \.\w+)+)`", _words(path))
        assert listed and set(listed) <= {formats.file_suffixes(), others}, path
    assert f"`-f/--format` chooses: {', '.join(formats.STREAMS)})" in _words("README.md")
