"""aidcli list: columns, formats, a shared amount listed once and never credited to one member,
a figure beside the article's words for it (the shared filters are tests/options/test_filters.py)."""

from __future__ import annotations

import json

import pytest

HEDGED = ("list", "-c", "Canada", "--columns", "record_id,quantity")  # R0006: Huawei's "over" one million masks


def counted_by_recipient(rows: list[dict[str, str]]) -> dict[str, float]:
    """What a script summing a listing's counted rows by recipient gets."""
    out: dict[str, float] = {}
    for r in rows:
        if r["counted"] == "true" and r["quantity"]:
            out[r["recipient"]] = out.get(r["recipient"], 0) + float(r["quantity"])
    return out


WIDE = {"COLUMNS": "200"}


MARKDOWN = ("](#)", "**", "\\$")


def test_csv_is_the_default_in_a_pipe(cli):
    r = cli("list", "-c", "Spain")
    assert r.out.startswith("record_id,date,donor,")


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


def test_a_hedged_figure_gets_approx_beside_it_in_csv_and_json(cli):
    r = cli(*HEDGED, "-f", "csv")
    rows = r.csv()
    assert list(rows[0]) == ["record_id", "quantity", "approx"]
    assert [(x["quantity"], x["approx"]) for x in rows if x["approx"]] == [("1000000", "over")]
    assert "Added the column approx after quantity: the article qualifies 1 figure shown (over)." in r.err
    j = cli(*HEDGED, "-f", "json")
    assert [d for d in json.loads(j.out) if d["approx"]] == [
        {"record_id": "R0006", "quantity": 1000000, "approx": "over"}
    ]  # a number stays a number
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


@pytest.mark.parametrize("country", ["Italy", "Spain"])
def test_each_member_lists_the_shared_masks_once_as_shared(cli, country):
    rows = cli("list", "-c", country, "-f", "csv").csv()
    r0028 = [r for r in rows if r["record_id"] == "R0028"]
    assert len(r0028) == 1 and r0028[0]["recipient"] == "shared: Spain, Italy"
    assert r0028[0]["counted"] == "true" and r0028[0]["recipient_iso3"] == ""
    assert counted_by_recipient(rows).get(country, 0) < 1_800_000  # the shared masks are not the member's


def test_two_listings_summed_by_recipient_never_credit_a_member(cli):
    both = (
        cli("list", "-c", "Italy", "-i", "masks", "-f", "csv").csv()
        + cli("list", "-c", "Spain", "-i", "masks", "-f", "csv").csv()
    )
    sums = counted_by_recipient(both)
    assert sums["Spain"] == 600_000 and sums["Italy"] == 820_000
    assert "shared: Spain, Italy" in sums


def test_japan_by_recipient_is_its_own_stated_masks(cli):
    rows = cli("list", "-c", "Japan", "-i", "masks", "-f", "csv").csv()
    assert counted_by_recipient(rows) == {"Japan": 1_800_000}


def test_a_month_lists_the_asian_masks_once(cli):
    rows = cli("list", "--since", "2020-03", "--until", "2020-03", "-f", "csv").csv()
    asia = [r for r in rows if r["quantity"] == "3800000"]
    assert len(asia) == 1 and asia[0]["recipient"].startswith("shared: Laos, Cambodia")
    assert asia[0]["region"] == "Asia"


def test_a_qualifier_stands_beside_its_number_on_screen(cli):
    out = cli("list", "-c", "Canada", "-f", "table", env=WIDE).out
    assert "over 1,000,000" in out
    rows = cli("list", "-c", "Canada", "-f", "csv").csv()
    huawei = next(r for r in rows if r["record_id"] == "R0006" and r["item"] == "masks")
    assert huawei["quantity"] == "1000000" and huawei["approx"] == "over"  # its own column in CSV
    md = cli("list", "-c", "Canada", "-f", "markdown").out
    assert "| over 1,000,000 pieces |" in md


def test_a_listing_that_mixes_kinds_says_each_lines_kind(cli):
    out = cli("list", "-c", "United States", "-f", "table", env=WIDE).out
    line = next(line for line in out.splitlines() if line.startswith("R0017"))
    assert "purchase" in line and "delivered" in line
    same = cli("list", "-c", "Kenya", "-f", "table", env=WIDE).out
    assert "Every row:" in same  # a column left out for holding one value is said in the caption


def test_words_without_a_number_are_shown_where_the_number_would_be(cli):
    out = cli("list", "-c", "Italy", "-i", "masks", "-f", "table", env=WIDE).out
    assert "tens of thousands" in next(line for line in out.splitlines() if line.startswith("R0024"))


def test_json_of_a_listing_has_clean_quotes(cli):
    rows = json.loads(cli("list", "-c", "Canada", "--columns", "all", "-f", "json").out)
    assert rows and not any(m in r["quote"] for r in rows for m in MARKDOWN)
