"""What a person sees from render: files read back by real parsers, tables at fixed widths, the pager."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT

from aidcli.output import formats, pager, render, screen
from aidcli.model.errors import UsageError
from aidcli.model.result import Section


@pytest.fixture(scope="module")
def totals(ds) -> pd.DataFrame:
    """The totals table as `aidcli totals -f csv` gives it, read back with its number types."""
    from typer.testing import CliRunner

    from aidcli.cli import app

    got = CliRunner().invoke(app, ["totals", "-f", "csv"], env={"NO_COLOR": "1"})
    assert got.exit_code == 0, got.output
    return pd.read_csv(io.StringIO(got.stdout))


def table_text(sections: list[Section], width: int, **kw) -> str:
    out = io.StringIO()
    screen.write_table(sections, out, width=width, **kw)
    return out.getvalue()


# --- formats ---------------------------------------------------------------------------------

@pytest.mark.parametrize("given, fmt", [("md", "markdown"), ("MD", "markdown"), (" Table ", "table"),
                                        ("tsv", "tsv"), ("JSONL", "jsonl"), ("ndjson", "jsonl")])
def test_format_names(given, fmt):
    assert formats.normalise(given) == fmt


def test_binary_formats_only_for_files():
    with pytest.raises(UsageError, match="written to a file: use --output FILE.xlsx"):
        formats.normalise("xlsx")
    assert formats.normalise("Parquet", files=True) == "parquet"
    with pytest.raises(UsageError, match="no such format 'yaml'"):
        formats.normalise("yaml", files=True)


@pytest.mark.parametrize("name, fmt", [("a.csv", "csv"), ("a.TSV", "tsv"), ("a.json", "json"),
                                       ("a.jsonl", "jsonl"), ("a.md", "markdown"), ("a.txt", "table"),
                                       ("dir.v2/a.xlsx", "xlsx"), ("a.parquet", "parquet")])
def test_format_for_path(name, fmt):
    assert formats.for_path(name) == fmt


@pytest.mark.parametrize("name", ["a.docx", "a.xls", "noextension"])
def test_format_for_path_refuses(name):
    with pytest.raises(UsageError, match="cannot tell the format"):
        formats.for_path(name)


def test_tsv_escapes_line_breaks_in_quotes(ds, tmp_path):
    path = tmp_path / "d.tsv"
    assert render.write_file([Section("donations", "Donations", ds.donations)], None, path) == "tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        back = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(back) == len(ds.donations) > 400
    r25 = next(r for r in back if r["record_id"] == "R0025")
    assert "30 tonnes of\\n\\nequipment." in r25["quote"]  # the verbatim quote's line breaks, escaped
    assert back[0]["in_totals"] == "false"


def test_tsv_carries_hxl(ds):
    out = io.StringIO()
    frame = ds.donations[["record_id", "recipient"]]
    render.emit([Section("rows", "", frame)], "tsv", hxl=["", "#country+name"], out=out)
    assert out.getvalue().splitlines()[:2] == ["record_id\trecipient", "\t#country+name"]


def test_jsonl_one_object_a_line(ds):
    out = io.StringIO()
    render.emit([Section("rows", "", ds.donations)], "jsonl", out=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(ds.donations)
    first = json.loads(lines[0])
    assert first["record_id"] == "R0001" and first["quantity"] is None and first["in_totals"] is False
    assert all(json.loads(line)["record_id"] for line in lines)


def test_jsonl_is_jq_friendly(ds):
    """Each line parses on its own, so `jq -c 'select(...)'` works line by line."""
    jq = subprocess.run(["sh", "-c", "command -v jq"], capture_output=True, text=True).stdout.strip()
    if not jq:
        pytest.skip("jq is not installed")
    out = io.StringIO()
    render.emit([Section("rows", "", ds.donations)], "jsonl", out=out)
    got = subprocess.run([jq, "-r", "select(.recipient == \"Canada\") | .record_id"], input=out.getvalue(),
                         capture_output=True, text=True, check=True).stdout.split()
    assert got and set(got) == set(ds.donations[ds.donations["recipient"] == "Canada"]["record_id"])


def test_markdown_alias(ds):
    out = io.StringIO()
    render.emit([Section("rows", "Rows", ds.donations[["record_id"]].head(2))], "md", out=out)
    assert out.getvalue().startswith("### Rows\n\n| record_id |\n|---|\n| R0001 |")


def test_hxl_refused_where_no_row_can_carry_it(ds):
    with pytest.raises(UsageError, match="cannot be combined with --format json"):
        render.emit([Section("rows", "", ds.donations)], "json", hxl=["#x"] * 25, out=io.StringIO())


def test_xlsx_opens_with_openpyxl(ds, totals, tmp_path):
    from openpyxl import load_workbook

    rows = ds.donations.astype({"notes": object})
    rows.loc[0, "notes"] = "=HYPERLINK(\"http://example.org\")"  # text that looks like a formula
    path = tmp_path / "out.xlsx"
    sections = [Section("donations", "Donations", rows), Section("totals", "Totals", totals)]
    hxl = ["#x"] * len(rows.columns)
    render.write_file(sections, None, path, csv_section="donations", hxl=hxl)
    book = load_workbook(path)
    assert book.sheetnames == ["donations", "totals", "About"]  # About: what a workbook has no captions for
    sheet = list(book["donations"].values)
    assert list(sheet[0]) == list(rows.columns) and list(sheet[1]) == hxl
    assert len(sheet) == 2 + len(ds.donations)
    head = dict(zip(sheet[0], sheet[2]))
    assert head["notes"] == "=HYPERLINK(\"http://example.org\")" and head["in_totals"] is False
    assert book["donations"].cell(row=3, column=list(rows.columns).index("notes") + 1).data_type == "s"
    tot = list(book["totals"].values)
    assert int(totals["quantity"].max()) in [dict(zip(tot[0], r))["quantity"] for r in tot[1:]]  # a number


def test_parquet_reads_back_with_pyarrow(ds, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is the parquet group and extra: "
                             "uv run --group parquet pytest -k parquet")

    path = tmp_path / "out.parquet"
    n = len(ds.donations)
    render.write_file([Section("donations", "Donations", ds.donations, f"{n} rows.")], None, path)
    table = pq.read_table(path)
    assert table.num_rows == n and table.column_names == list(ds.donations.columns)
    assert table.schema.metadata[b"aidcli.caption"] == f"{n} rows.".encode()
    back = table.to_pandas()
    assert back["quote"].tolist() == ds.donations["quote"].tolist()
    assert back["quantity"].sum() == ds.donations["quantity"].sum()


def test_unwritable_file_is_a_usage_error(ds, tmp_path):
    with pytest.raises(UsageError, match="cannot write"):
        render.write_file([Section("d", "", ds.donations)], None, tmp_path / "no" / "such" / "d.csv")


def test_table_to_a_text_file_has_no_blank_rows(ds, tmp_path):
    """25 columns cannot fit 80 characters: the file gets records, one field a line."""
    path = tmp_path / "d.txt"
    n = len(ds.donations)
    render.write_file([Section("donations", "Donations", ds.donations, f"{n} rows.")], None, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert not [n for n, line in enumerate(lines) if not line.strip()]
    assert sum(line.startswith(f"1 of {n}") or line.startswith(f"{n} of {n}") for line in lines) == 2
    last = ds.donations["record_id"].iloc[-1]
    assert any(re.fullmatch(rf"record_id +{last} *", line) for line in lines)
    assert lines[-1] == f"{n} rows."


# --- notes -----------------------------------------------------------------------------------

def test_notes():
    a = Section("records", "Records", pd.DataFrame({"x": [1]}), "3 rows left out.")
    b = Section("totals", "Totals", pd.DataFrame({"y": [2]}), "Pledges are not added to deliveries.")
    assert render.notes([a]) == ["3 rows left out."]
    assert render.notes([a, b], "table") == [] and render.notes([a, b], "md") == []
    assert render.notes([a, b], "json") == ["Records: 3 rows left out.",
                                            "Totals: Pledges are not added to deliveries."]
    assert render.notes([a, b], "csv", csv_section="totals") == [
        "Pledges are not added to deliveries.", "csv holds one table, 'totals'; --format json carries all 2."]


# --- tables at fixed widths ------------------------------------------------------------------

def test_numbers_whole_at_30_columns(totals):
    text = table_text([Section("totals", "Totals", totals, "A caption.")], 30)
    assert f"{int(totals['quantity'].max()):,}" in text
    for value in totals["quantity"].dropna():
        assert f"{int(value):,}" in text
    assert max(len(line) for line in text.splitlines()) <= 30


@pytest.mark.parametrize("width", [60, 80, 120])
def test_numbers_and_words_whole(ds, width):
    """Every word of every cell (the longest is 26 characters) is printed unbroken, at any width."""
    cols = ["record_id", "donor", "donor_type", "recipient", "item", "quantity", "unit", "status"]
    frame = ds.donations[cols]
    text = table_text([Section("rows", "Aid flows", frame)], width)
    shown = set(text.split())
    words = {w for c in cols if c != "quantity" for v in frame[c].dropna() for w in str(v).split()}
    assert "international-organisation" in words and "delivered" in words
    assert words <= shown
    assert {f"{int(q):,}" for q in frame["quantity"].dropna()} <= shown
    assert max(len(line) for line in text.splitlines()) <= width


def test_table_at_120_keeps_columns(ds):
    cols = ["record_id", "donor", "donor_type", "recipient", "item", "quantity", "status"]
    text = table_text([Section("rows", "Aid flows", ds.donations[cols])], 120)
    header = next(line for line in text.splitlines() if line.startswith("record_id"))
    assert header.split() == cols  # a table with its header, not records
    assert "international-organisation" in text.split()


def test_table_at_60_goes_vertical_when_words_cannot_fit(ds):
    cols = ["record_id", "donor", "donor_type", "recipient", "item", "quantity", "unit", "status"]
    text = table_text([Section("rows", "Aid flows", ds.donations[cols].head(3), "3 rows.")], 60)
    lines = text.splitlines()
    assert lines[0] == "Aid flows"
    assert lines[1].startswith("1 of 3 ---")
    assert re.fullmatch(r"donor_type +central-government *", lines[4])
    assert lines[-1] == "3 rows."


def test_vertical_stacks_labels_when_too_narrow(totals):
    frame = totals.rename(columns={"quantity": "quantity_as_reported_here"})
    text = table_text([Section("totals", "", frame)], 30)
    lines = text.splitlines()
    i = lines.index("quantity_as_reported_here")
    assert re.fullmatch(r"  [\d,]+ *", lines[i + 1])
    assert max(len(line) for line in lines) <= 30
    assert totals.isna().any().any() and all(line.strip() for line in lines)  # empty values: no blank lines


def test_vertical_can_be_forced_and_refused(totals):
    small = [Section("t", "", totals[["item", "quantity"]].head(2))]
    assert table_text(small, 120).splitlines()[0].split() == ["item", "quantity"]
    out = io.StringIO()
    screen.write_records(small, out)
    assert out.getvalue().splitlines()[0].startswith("1 of 2 ---")
    wide = table_text([Section("totals", "", totals)], 30, vertical=False).splitlines()
    assert wide[0].split() == list(totals.columns)
    assert max(len(line) for line in wide) > 30 and any(f"{int(totals['quantity'].max()):,}" in line for line in wide)


def test_column_widths_fill_the_width_and_respect_floors():
    headers = ["id", "text", "n"]
    cells = [["R1", "a long sentence that wraps at spaces " * 3, "1,000"]]
    widths = screen.column_widths(headers, cells, [False, False, True], 40)
    assert widths is not None and sum(widths) + 2 * screen.GAP == 40
    assert widths[0] == 2 and widths[2] == 5
    assert screen.column_widths(headers, cells, [False, False, True], 15) is None  # text would get < 6


# --- the pager -------------------------------------------------------------------------------

class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("env, cmd", [
    ({}, ["less", "-FRX"]),
    ({"PAGER": "more"}, ["more"]),
    ({"PAGER": "more", "AIDCLI_PAGER": "less -S"}, ["less", "-S"]),
    ({"AIDCLI_PAGER": ""}, None),
    ({"PAGER": "cat"}, None),
    ({"PAGER": "less 'unbalanced"}, None),
])
def test_pager_command(env, cmd):
    assert pager.command(env) == cmd


def test_page_only_a_terminal_and_only_long_text():
    env = {"LINES": "10", "COLUMNS": "40"}
    long_text, short_text = "line\n" * 20, "line\n" * 5
    assert pager.should_page(long_text, FakeTTY(), env=env)
    assert not pager.should_page(short_text, FakeTTY(), env=env)
    assert not pager.should_page(long_text, io.StringIO(), env=env)  # a pipe or a file
    assert not pager.should_page(long_text, FakeTTY(), no_pager=True, env=env)
    assert not pager.should_page(long_text, FakeTTY(), env={**env, "PAGER": "cat"})
    assert pager.should_page("x" * 400 + "\n", FakeTTY(), env=env)  # one line that wraps to 10


def test_a_pager_that_cannot_start_writes_directly():
    out = FakeTTY()
    out.fileno = lambda: 1  # type: ignore[method-assign]
    pager.page("line\n" * 20, out, env={"LINES": "10", "PAGER": "/no/such/pager-program"})
    assert out.getvalue() == "line\n" * 20


def test_emit_pages_on_a_terminal_through_a_pty(tmp_path):
    """A real terminal (pty): long output goes through $PAGER; short output and pipes do not."""
    pty = pytest.importorskip("pty")
    script = ("import sys, pandas as pd\n"
              "from aidcli.output import render\n"
              "n = int(sys.argv[1])\n"
              "render.emit([render.Section('n', 'Numbers', pd.DataFrame({'n': range(n)}))], 'table', pager=True)\n")
    env = {**os.environ, "PAGER": "sed s/^/paged:/", "LINES": "20", "COLUMNS": "60", "NO_COLOR": "1"}
    env.pop("AIDCLI_PAGER", None)

    def on_pty(rows: int) -> str:
        main, child = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-c", script, str(rows)], stdout=child, stderr=subprocess.PIPE,
                                env=env, cwd=ROOT)
        os.close(child)
        chunks = []
        while True:
            try:
                data = os.read(main, 65536)
            except OSError:  # the child side closed
                break
            if not data:
                break
            chunks.append(data)
        assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
        os.close(main)
        return b"".join(chunks).decode().replace("\r\n", "\n")

    paged = on_pty(50)
    assert paged.count("paged:") == len(paged.splitlines()) > 50
    assert re.search(r"^paged:Numbers\s*$", paged, re.M) and re.search(r"^paged:\s*49\s*$", paged, re.M)
    assert "paged:" not in on_pty(3)
    piped = subprocess.run([sys.executable, "-c", script, "50"], capture_output=True, text=True, env=env,
                           cwd=ROOT, check=True).stdout
    assert "paged:" not in piped and re.search(r"^\s*49\s*$", piped, re.M)


@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize("width", [60, 100, 160])
def test_rows_written_plainly_are_what_rich_lays_out(monkeypatch, terminal, width):
    """Rows are written without Rich laying out the table (fast at 100k rows), each cell wrapped
    by Rich's Text.wrap; the screen is the same, colours and all, as when Rich lays out the table
    (accents, wide characters, a tab and an escape character among the cells)."""
    from aidcli.query import profiles, reports
    from aidcli.output import shaping
    from aidcli.cli.options import Shape
    from aidcli.query.session import Session

    session = Session(None, {})
    odd = pd.DataFrame({"name": ["Côte d'Ivoire", "北京", "a\tb", "", "x\x1by", "https://example.org/" + "a" * 70,
                                 "word " * 30, "北京市" * 20, "a-b-c " * 12 + "x" * 45],
                        "n": [1.0, 20000.0, None, 3.5, 2.0, 1e9, None, 7.0, 12345.5]})
    results = [reports.listing(session), profiles.country(session, session.place("Spain")),
               reports.Result([Section("odd", "Odd cells", odd, "")], "odd", [])]
    rows, row_lines = [], screen._row_lines
    monkeypatch.setattr(screen, "_row_lines", lambda *a: rows.append(row_lines(*a)) or rows[-1])
    for result in results:
        sections = shaping.shape(result, "table", Shape())
        fast = table_text(sections, width, terminal=terminal)
        with monkeypatch.context() as m:  # the reference: one Rich table, every row laid out by Rich
            m.setattr(screen, "_write_rows", lambda con, numeric, headers, cells, widths:
                      con.print(screen._table(numeric, headers, cells, widths)))
            slow = table_text(sections, width, terminal=terminal)
        assert fast == slow
    assert any(r.count("\n") > 1 for r in rows) and any(r.count("\n") == 1 for r in rows)  # wrapped and not


@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize("width", [50, 80, 140])
def test_records_written_plainly_are_what_rich_lays_out(monkeypatch, terminal, width):
    """The record view writes each record without Rich laying out a grid (fast at 10k records);
    the screen is the same, colours and all, as Rich's rule and grid."""
    from aidcli.query import reports
    from aidcli.output import shaping
    from aidcli.cli.options import Shape
    from aidcli.query.session import Session

    session = Session(None, {})
    odd = pd.DataFrame({"name": ["Côte d'Ivoire", "北京市" * 20, "a\\tb", "", "word " * 30],
                        "a much longer label": ["x", "", "y", "", "https://example.org/" + "a" * 90],
                        "n": [1.0, 20000.0, None, 3.5, None]})
    some = session.dataset.donations.head(60)  # every column, quotes and notes included
    results = [reports.Result([Section("donations", "Donations", some, "60 rows.")], "donations", []),
               reports.Result([Section("odd", "Odd cells", odd, "Cap.")], "odd", [])]
    written, record_lines = [], screen._record_lines
    monkeypatch.setattr(screen, "_record_lines", lambda *a: written.append(record_lines(*a)) or written[-1])
    for result in results:
        sections = shaping.shape(result, "table", Shape())
        fast = table_text(sections, width, vertical=True, terminal=terminal)
        with monkeypatch.context() as m:  # the reference: Rich's rule and grid for every record
            m.setattr(screen, "_plain_record", lambda con, title, row: False)
            slow = table_text(sections, width, vertical=True, terminal=terminal)
        assert fast == slow
    assert written
