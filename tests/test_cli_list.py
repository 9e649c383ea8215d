"""aidcli list: filters, columns, sort, limit, formats."""

import json

import pytest


def test_holland_is_the_netherlands_in_csv(cli):
    r = cli("list", "--country", "Holland", "-f", "csv")
    assert r.code == 0
    rows = r.csv()
    assert {row["recipient"] for row in rows if row["allocation"] != "shared"} == {"Netherlands"}
    assert {row["record_id"] for row in rows} == {"R0031", "R0068", "R0091"}
    assert rows[0]["recipient"].startswith("shared: Germany, France") and "Netherlands" in rows[0]["recipient"]
    assert rows[0]["quantity"] == "1000000"  # raw number, no separators or decimals


def test_csv_is_the_default_in_a_pipe(cli):
    r = cli("list", "-c", "Spain")
    assert r.out.startswith("record_id,date,donor,")


def test_filters_and_within_or_across(cli):
    r = cli("list", "-c", "Spain", "-c", "Italy", "--status", "pledged", "-f", "csv")
    rows = r.csv()
    assert {row["recipient"] for row in rows} <= {"Spain", "Italy"}
    assert {row["status"] for row in rows} == {"pledged"}
    assert rows


def test_flow_to_china(cli):
    rows = cli("list", "--flow", "to-china", "-f", "csv").csv()
    assert rows and {r["flow"] for r in rows} == {"to-china"}
    assert {r["recipient"] for r in rows} >= {"China"}


def test_item_group_covers_its_items(cli):
    rows = cli("list", "--item", "masks", "-f", "csv").csv()
    assert {r["item"] for r in rows} == {"masks", "medical masks", "N95 masks"}


def test_partial_dates_compare_sensibly(cli):
    rows = cli("list", "--since", "2020-03", "--until", "2020-03", "-f", "csv").csv()
    dates = {r["date"] for r in rows}
    assert "2020-03-25" in dates and "2020-03" in dates
    assert all(d.startswith("2020-03") for d in dates)
    feb = cli("list", "--until", "2020-02", "-f", "csv").csv()
    assert {r["date"] for r in feb} <= {"2020-01", "2020-02"}


def test_search_in_quote_and_notes(cli):
    rows = cli("list", "--search", "Patriots", "-f", "csv").csv()
    assert {r["record_id"] for r in rows} == {"R0017", "R0115"}  # the masks and the plane that brought them


def test_columns_sort_desc_limit(cli):
    r = cli("list", "--columns", "record_id,quantity", "--sort", "quantity", "--desc", "--limit", "2",
            "-f", "csv")
    assert r.out.splitlines() == ["record_id,quantity", "R0076,2000000000", "R0004,1400000000"]


def test_json_numbers_and_nulls(cli):
    data = json.loads(cli("list", "-c", "Greece", "-f", "json").out)
    masks = next(d for d in data if d["item"] == "masks")
    assert masks["quantity"] == 550000 and masks["value_usd"] is None and masks["in_totals"] is True


@pytest.mark.parametrize("args", [["list", "-c", "Norway"], ["filter", "quantity > 1e15"]])
def test_no_match_is_header_only_and_exit_0(cli, args):
    r = cli(*args, "-f", "csv")
    assert r.code == 0
    assert r.out.count("\n") == 1 and r.out.startswith("record_id,")
    assert "Norway" in r.err or args[0] == "filter"


def test_table_and_markdown(cli):
    table = cli("list", "-c", "Greece", "-f", "table").out
    assert "550,000" in table and "R0033" in table
    md = cli("list", "-c", "Greece", "-f", "markdown").out
    assert "| R0033 |" in md and "---:" in md
