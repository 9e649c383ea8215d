"""aidcli show: one record whole, with its verbatim quote and source, a shared amount once."""

from __future__ import annotations

import json

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


def test_show_prints_a_shared_amount_once(ds):
    result = show.record(ds, ["R0031"])
    shown = result.sections[0].frame
    assert len(shown) == 1 and shown["quantity"].tolist() == [1_000_000]
    assert shown["recipient"].iloc[0].startswith("shared: Germany, France") and "Switzerland" in shown["recipient"].iloc[0]


def test_cli_show_prints_a_shared_amount_once(cli):
    out = cli("show", "R0031", "-f", "table", env={"COLUMNS": "200"}).out
    assert out.count("1,000,000") == 1 and "shared: Germany" in out


def test_show_of_a_shared_record_is_one_row_in_csv_and_table(cli):
    rows = cli("show", "R0028", "-f", "csv").csv()
    assert len(rows) == 1 and rows[0]["recipient"] == "shared: Spain, Italy" and rows[0]["quantity"] == "1800000"
    assert "[after](#)" not in rows[0]["quote"] and rows[0]["quote"].startswith("This came after 1.8 million")
    table = cli("show", "R0028", "-f", "table", env=WIDE).out
    assert table.count("1,800,000") == 1 and "shared: Spain, Italy" in table
