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


# ---------- a figure keeps the article's words, whatever the columns ----------

HEDGED = ("list", "-c", "Canada", "--columns", "record_id,quantity")  # R0006: Huawei's "over" one million masks


def test_a_hedged_figure_gets_approx_beside_it_in_csv_and_json(cli):
    r = cli(*HEDGED, "-f", "csv")
    rows = r.csv()
    assert list(rows[0]) == ["record_id", "quantity", "approx"]
    assert [(x["quantity"], x["approx"]) for x in rows if x["approx"]] == [("1000000", "over")]
    assert "Added the column approx after quantity: the article qualifies 1 figure shown (over)." in r.err
    j = cli(*HEDGED, "-f", "json")
    assert [d for d in json.loads(j.out) if d["approx"]] == [{"record_id": "R0006", "quantity": 1000000,
                                                               "approx": "over"}]  # a number stays a number
    assert "Added the column approx after quantity" in j.err


def test_a_hedged_figure_has_its_words_in_the_cell_of_a_table(cli):
    r = cli(*HEDGED, "-f", "table")
    assert "over 1,000,000" in r.out and "approx" not in r.out


def test_approx_goes_after_the_last_number_column(cli):
    rows = cli("list", "-c", "United States", "--columns", "quantity,record_id,value_usd,donor", "-f", "csv").csv()
    assert list(rows[0]) == ["quantity", "record_id", "value_usd", "approx", "donor"]
    assert {(r["record_id"], r["value_usd"], r["approx"]) for r in rows} >= {("R0095", "508000000", "about")}


def test_no_approx_where_no_figure_shown_is_hedged(cli):
    greece = cli("list", "-c", "Greece", "--columns", "record_id,quantity", "-f", "csv")
    assert greece.out.startswith("record_id,quantity\n") and "approx" not in greece.err
    # R0006's "over" qualifies its quantity, not the value_usd shown (empty): its words are not added
    value = cli("list", "-c", "Canada", "--columns", "record_id,value_usd", "-f", "csv")
    assert value.out.startswith("record_id,value_usd\n") and "approx" not in value.err
    assert "over" not in cli("list", "-c", "Canada", "--columns", "record_id,value_usd", "-f", "table").out


def test_words_without_a_number_are_shown_too(cli):
    only = ("filter", "record_id = R0030", "--columns", "record_id,quantity")  # "millions" of masks
    assert cli(*only, "-f", "csv").csv() == [{"record_id": "R0030", "quantity": "", "approx": "millions"}]
    assert "R0030       millions" in cli(*only, "-f", "table").out
