"""What render writes (output/render.py): files read back by real parsers, JSON never Infinity,
notes beside the tables."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess

import pandas as pd
import pytest

from aidcli.model.errors import UsageError
from aidcli.model.result import Result, Section
from aidcli.output import formats, render


def test_no_section_holds_infinity_so_no_format_prints_it():
    """A sum past the largest float is inf: the Section refuses it, and every format is made from Sections."""
    from aidcli.model.errors import DataError

    infinities = pd.DataFrame({"q": [float("inf"), 1.0, float("-inf")]})
    with pytest.raises(DataError, match="larger than the largest number"):
        Section("t", "", infinities)


def test_tsv_escapes_line_breaks_in_quotes(ds, tmp_path):
    path = tmp_path / "d.tsv"
    assert render.write_file(Result([Section("donations", "Donations", ds.donations)]), None, path).name == "tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        back = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(back) == len(ds.donations) > 400
    r25 = next(r for r in back if r["record_id"] == "R0025")
    assert "30 tonnes of\\n\\nequipment." in r25["quote"]  # the verbatim quote's line breaks, escaped
    assert back[0]["in_totals"] == "false"


def test_tsv_carries_hxl(ds):
    out = io.StringIO()
    frame = ds.donations[["record_id", "recipient"]]
    render.emit(Result([Section("rows", "", frame)]), formats.get("tsv"), hxl=["", "#country+name"], out=out)
    assert out.getvalue().splitlines()[:2] == ["record_id\trecipient", "\t#country+name"]


def test_jsonl_one_object_a_line(ds):
    out = io.StringIO()
    render.emit(Result([Section("rows", "", ds.donations)]), formats.get("jsonl"), out=out)
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
    render.emit(Result([Section("rows", "", ds.donations)]), formats.get("jsonl"), out=out)
    got = subprocess.run(
        [jq, "-r", 'select(.recipient == "Canada") | .record_id'],
        input=out.getvalue(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert got and set(got) == set(ds.donations[ds.donations["recipient"] == "Canada"]["record_id"])


def test_markdown_alias(ds):
    out = io.StringIO()
    render.emit(Result([Section("rows", "Rows", ds.donations[["record_id"]].head(2))]), formats.get("md"), out=out)
    assert out.getvalue().startswith("### Rows\n\n| record_id |\n|---|\n| R0001 |")


def test_hxl_refused_where_no_row_can_carry_it(ds):
    with pytest.raises(UsageError, match="cannot be combined with --format json"):
        render.emit(
            Result([Section("rows", "", ds.donations)]), formats.get("json"), hxl=["#x"] * 25, out=io.StringIO()
        )


def test_xlsx_opens_with_openpyxl(ds, totals, tmp_path):
    from openpyxl import load_workbook

    rows = ds.donations.astype({"notes": object})
    rows.loc[0, "notes"] = '=HYPERLINK("http://example.org")'  # text that looks like a formula
    path = tmp_path / "out.xlsx"
    sections = [Section("donations", "Donations", rows), Section("totals", "Totals", totals)]
    hxl = ["#x"] * len(rows.columns)
    render.write_file(Result(sections, "donations"), None, path, hxl=hxl)
    book = load_workbook(path)
    assert book.sheetnames == ["donations", "totals", "About"]  # About: what a workbook has no captions for
    sheet = list(book["donations"].values)
    assert list(sheet[0]) == list(rows.columns) and list(sheet[1]) == hxl
    assert len(sheet) == 2 + len(ds.donations)
    head = dict(zip(sheet[0], sheet[2]))
    assert head["notes"] == '=HYPERLINK("http://example.org")' and head["in_totals"] is False
    assert book["donations"].cell(row=3, column=list(rows.columns).index("notes") + 1).data_type == "s"
    tot = list(book["totals"].values)
    assert int(totals["quantity"].max()) in [dict(zip(tot[0], r))["quantity"] for r in tot[1:]]  # a number


def test_parquet_reads_back_with_pyarrow(ds, tmp_path):
    pq = pytest.importorskip(
        "pyarrow.parquet", reason="pyarrow is the parquet group and extra: uv run --group parquet pytest -k parquet"
    )

    path = tmp_path / "out.parquet"
    n = len(ds.donations)
    render.write_file(Result([Section("donations", "Donations", ds.donations, f"{n} rows.")]), None, path)
    table = pq.read_table(path)
    assert table.num_rows == n and table.column_names == list(ds.donations.columns)
    assert table.schema.metadata[b"aidcli.caption"] == f"{n} rows.".encode()
    back = table.to_pandas()
    assert back["quote"].tolist() == ds.donations["quote"].tolist()
    assert back["quantity"].sum() == ds.donations["quantity"].sum()


def test_unwritable_file_is_a_usage_error(ds, tmp_path):
    with pytest.raises(UsageError, match="cannot write"):
        render.write_file(Result([Section("d", "", ds.donations)]), None, tmp_path / "no" / "such" / "d.csv")


def test_table_to_a_text_file_has_no_blank_rows(ds, tmp_path):
    """25 columns cannot fit 80 characters: the file gets records, one field a line."""
    path = tmp_path / "d.txt"
    n = len(ds.donations)
    render.write_file(Result([Section("donations", "Donations", ds.donations, f"{n} rows.")]), None, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert not [n for n, line in enumerate(lines) if not line.strip()]
    assert sum(line.startswith((f"1 of {n}", f"{n} of {n}")) for line in lines) == 2
    last = ds.donations["record_id"].iloc[-1]
    assert any(re.fullmatch(rf"record_id +{last} *", line) for line in lines)
    assert lines[-1] == f"{n} rows."


def test_notes():
    a = Section("records", "Records", pd.DataFrame({"x": [1]}), "3 rows left out.")
    b = Section("totals", "Totals", pd.DataFrame({"y": [2]}), "Pledges are not added to deliveries.")
    as_csv, as_table, as_md, as_json = (formats.get(name) for name in ("csv", "table", "md", "json"))
    assert render.notes(Result([a]), as_csv) == ["3 rows left out."]
    assert render.notes(Result([a, b]), as_table) == [] and render.notes(Result([a, b]), as_md) == []
    assert render.notes(Result([a, b]), as_json) == [
        "Records: 3 rows left out.",
        "Totals: Pledges are not added to deliveries.",
    ]
    assert render.notes(Result([a, b], "totals"), as_csv) == [
        "Pledges are not added to deliveries.",
        "csv holds one table, 'totals'; --format json carries all 2.",
    ]


def test_csv_writes_exact_whole_numbers_whole_and_others_as_python_does():
    """A whole number a float holds exactly (below 2**53) is written without a decimal point; a
    larger one as Python writes it (never cast to int64, which wraps 1e20 to a negative number),
    a fraction as Python writes it, a missing value as empty."""
    frame = pd.DataFrame(
        {"id": list("abcdefg"), "quantity": [1_500_000.0, 2.0**53 - 1, 1e20, 2.5, None, -3.0, 2.0**63]}
    )
    out = io.StringIO()
    render.write_csv(frame, out)
    assert out.getvalue().splitlines() == [
        "id,quantity",
        "a,1500000",
        "b,9007199254740991",
        "c,1e+20",
        "d,2.5",
        "e,",
        "f,-3",
        "g,9.223372036854776e+18",
    ]
