"""aidcli show: one record whole, with its verbatim quote and source, a shared amount once."""

from __future__ import annotations

import json

import pytest
from conftest import members_of

from aidcli.query import show

WIDE = {"COLUMNS": "200"}


def test_show_table_has_quote_and_citation(cli):
    out = cli("show", "R0023", "-f", "table", env={"COLUMNS": "200"}).out
    assert "Fujian Province sent a team of 14 medical experts" in out and "[sent](#)" not in out
    assert "Tom Alton" in out and "300,000" in out
    last = [line for line in out.splitlines() if line.strip()][-3:]
    assert any("face shields.”" in line for line in last)  # show ends with the citation


def test_show_accepts_short_ids(cli):
    assert json.loads(cli("show", "23", "-f", "json").out)[0]["record_id"] == "R0023"


def test_show_csv_is_every_column(cli):
    rows = cli("show", "r23", "-f", "csv").csv()
    assert len(rows) == 7 and rows[0]["quote"].startswith("Fujian Province")


def test_unknown_record(cli):
    r = cli("show", "R9999")
    assert r.code == 2 and "No record 'R9999'" in r.err


def test_one_table_formats_of_show_carry_the_same_columns(cli):
    """The format table, not the format's name, says what a one-table format carries: csv, tsv
    and jsonl of `show` give the same rows and columns."""
    import json

    csv_cols = cli("show", "R0023", "-f", "csv").out.splitlines()[0].split(",")
    tsv_cols = cli("show", "R0023", "-f", "tsv").out.splitlines()[0].split("\t")
    jsonl_cols = list(json.loads(cli("show", "R0023", "-f", "jsonl").out.splitlines()[0]))
    assert csv_cols == tsv_cols == jsonl_cols and len(csv_cols) > 20


def test_the_show_table_is_unchanged(cli):
    r = cli("show", "R0028", "-f", "table")
    assert r.code == 0 and "in_totals" in r.out and "true" in r.out and "Record R0028" in r.out


def test_show_takes_several_ids(cli):
    data = json.loads(cli("show", "R0028", "29", "-f", "json").out)
    assert [rec["record_id"] for rec in data] == ["R0028", "R0029"] and all(rec["rows"] for rec in data)


@pytest.mark.parametrize("record", ["R0028", "R0031"])  # shared by two; by eight
def test_show_gives_a_shared_amount_once(cli, ds, rows, record):
    """A shared amount is one row named by all who share it (in the data's order), never one a
    member: in the library's frame, in CSV with the quote clean, and once on a screen."""
    members = [r for r in members_of(rows) if r["record_id"] == record]
    [quantity] = {r["quantity"] for r in members}  # the one total, on every member's row
    label = "shared: " + ", ".join(r["recipient"] for r in members)
    assert len(members) > 1 and members[0]["allocation"] == "shared"
    frame = show.record(ds, [record]).sections[0].frame
    assert frame["recipient"].tolist() == [label] and frame["quantity"].tolist() == [float(quantity)]
    [row] = cli("show", record, "-f", "csv").csv()
    assert (row["recipient"], row["quantity"]) == (label, quantity)
    assert "](#)" not in row["quote"] and row["quote"] == " ".join(row["quote"].split())
    table = cli("show", record, "-f", "table", env=WIDE).out
    assert table.count(f"{int(quantity):,}") == 1 and ", ".join(label.split(", ")[:2]) in table  # a screen: two, +6
