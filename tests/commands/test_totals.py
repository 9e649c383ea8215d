"""aidcli totals: the counting rules as the command prints them, every --by key, and how sure each
sum is (a range where it adds records that may report the same aid, the article's hedge in the
cell, the items it could not count named)."""

from __future__ import annotations

import csv
import json
import sqlite3
from itertools import combinations

import openpyxl
import pytest
from conftest import donations, one, run_installed

from aidcli.model.columns import GROUP_KEYS

WIDE = {"COLUMNS": "200"}


ASIA = ("totals", "-d", "Jack Ma Foundation", "--region", "Asia")


def test_jack_ma_foundation_delivered_and_pledged_apart(cli):
    rows = cli("totals", "--donor", "Jack Ma Foundation", "-f", "csv").csv()
    masks_delivered = one(rows, item="masks", status="delivered")
    # Italy 500,000 + Spain 500,000 + Japan 1,000,000 + the shared 3.8 million for Asia (which may
    # include Japan's million: the article does not say, so both count)
    assert masks_delivered["quantity"] == "5800000"
    assert masks_delivered["records"] == "4"
    # 100,000 to each of the 54 African nations
    assert one(rows, item="masks", status="pledged")["quantity"] == "5400000"
    assert one(rows, item="aid package")["value_usd"] == "508000000"


def test_shared_amount_is_its_own_row_per_recipient(cli):
    rows = cli("totals", "--by", "recipient", "--item", "masks", "-f", "csv").csv()
    shared = one(rows, recipient="shared: Spain, Italy", item="masks")
    assert shared["quantity"] == "1800000"
    assert one(rows, recipient="Spain", item="masks")["quantity"] == "600000"
    eight = [r for r in rows if r["recipient"].startswith("shared: Germany")]
    # a machine format names every member, as the row views do, so a script can join them
    assert eight and eight[0]["quantity"] == "1000000" and eight[0]["recipient"].count(", ") == 7
    listed = {r["recipient"] for r in cli("list", "-i", "masks", "-f", "csv").csv()}
    assert eight[0]["recipient"] in listed
    assert one(rows, recipient="Kenya", item="masks")["quantity"] == "100000"
    # a screen shortens the label
    screen = cli("totals", "--by", "recipient", "--item", "masks", "-f", "table", env={"COLUMNS": "200"}).out
    assert "shared: Germany, France, +6" in screen and "Switzerland" not in screen


def test_shared_counted_once_without_recipient_split(cli):
    rows = cli("totals", "--item", "medical masks", "--status", "delivered", "-f", "csv").csv()
    # Fujian 300,000 + Bank of China 30,000 + nearly 1 million shared by 8 countries, once
    assert one(rows, item="medical masks")["quantity"] == str(300_000 + 30_000 + 1_000_000)


def test_country_filter_keeps_shared_apart(cli):
    rows = cli("totals", "--country", "Spain", "-f", "csv").csv()
    assert one(rows, recipient="Spain", item="masks")["quantity"] == "600000"
    assert one(rows, recipient="shared: Spain, Italy", item="masks")["quantity"] == "1800000"


def test_defaults_leave_out_purchases_and_say_so(cli):
    r = cli("totals", "-c", "Ireland", "-f", "table")
    assert "purchase" in r.out and "200,000,000" not in r.out
    rows = cli("totals", "-c", "Ireland", "--kind", "purchase", "-f", "csv").csv()
    assert one(rows, item="medical supplies")["quantity"] == "200000000"


def test_units_and_statuses_never_mix(cli):
    # the US pledge for 'China and other countries', the EU's vaccine-research money and the US's
    # funding for the WHO are flow=other; the pledge and the paid funding stay apart
    rows = cli("totals", "--flow", "to-china", "--flow", "other", "-f", "csv").csv()
    keys = [(r["item"], r["unit"], r["status"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert one(rows, item="cash", unit="EUR")["quantity"] == "10000000"
    assert one(rows, item="cash", unit="USD", status="pledged")["quantity"] == "100000000"
    assert one(rows, item="cash", unit="USD", status="delivered")["quantity"] == "893000000"
    assert not [r for r in cli("totals", "--flow", "to-china", "-f", "csv").csv() if r["item"] == "cash"]


def test_by_month_and_region(cli):
    rows = cli("totals", "--by", "month,region", "-f", "csv").csv()
    assert rows[0].keys() >= {"month", "region", "item", "unit", "status", "quantity", "value_usd", "records"}
    fujian = [r for r in rows if r["month"] == "2020-03" and r["region"] == "Europe" and r["item"] == "ventilators"]
    assert fujian and fujian[0]["quantity"] == "30"


def test_unknown_by_key(cli):
    r = cli("totals", "--by", "planet")
    assert r.code == 2 and "--by" in r.err and "recipient" in r.err


def test_a_total_no_article_states_is_marked_computed(cli):
    args = ["totals", "-d", "Jack Ma Foundation", "--region", "Africa", "-i", "masks"]
    row = cli(*args, "-f", "csv").csv()[0]
    assert row["quantity"] == "5400000" and row["basis"] == "computed: 54 \u00d7 100,000 each"
    assert "computed: 54 \u00d7 100,000 each" in cli(*args, "-f", "table", env=WIDE).out
    stated = cli("totals", "-c", "Canada", "-i", "masks", "-f", "csv").csv()
    huawei = next(r for r in stated if r["item"] == "masks")
    assert huawei["basis"].startswith("stated") and huawei["approx"] == "over"
    summed = next(
        r
        for r in cli("totals", "-i", "masks", "-f", "csv").csv()
        if r["item"] == "masks" and r["status"] == "delivered"
    )
    # a sum of figures some of which are hedged is hedged itself (nearly + some: about)
    assert summed["basis"].startswith("computed: 14 records") and summed["approx"] == "about"


@pytest.mark.parametrize(
    "by",
    [[k] for k in GROUP_KEYS]
    + [list(p) for p in combinations(["status", "kind", "flow", "recipient", "month"], 2)]
    + [["status", "kind", "flow"]],
)
def test_every_by_key_works(cli, by):
    for extra in ([], ["--kind", "donation,purchase", "--flow", "from-china,to-china"], ["-c", "Spain"]):
        r = cli("totals", "--by", ",".join(by), *extra, "-f", "csv")
        assert r.code == 0, (by, extra, r.err)
        rows = r.csv()
        assert rows and all(GROUP_KEYS[k] in rows[0] for k in by)


def test_japans_million_may_be_part_of_the_3_8_million_for_asia(cli):
    """R0039 (Japan's 1 million) may be part of R0057 (3.8 million to countries across Asia)."""
    masks = one(cli(*ASIA, "-f", "csv").csv(), item="masks")
    assert (masks["quantity"], masks["quantity_low"]) == ("4800000", "3800000")
    assert "R0039 may be part of R0057" in masks["basis"] and masks["may_overlap"].split()[:1] == ["R0039"]
    kits = one(cli(*ASIA, "-f", "csv").csv(), item="test kits")
    assert kits["quantity"] == kits["quantity_low"] == "360000"  # nothing in this sum may overlap
    table = cli(*ASIA, "-f", "table", env=WIDE)
    assert "3,800,000\u20134,800,000" in table.out and "1 sum is a range" in " ".join(table.out.split())
    data = json.loads(cli(*ASIA, "-f", "json").out)
    assert one(data, item="masks")["quantity_low"] == 3_800_000


def test_a_caption_points_to_the_columns_a_screen_shows_for_an_overlap(cli):
    """A sum holding a record that may report the same aid as one outside it: a screen shows the
    overlap in basis (may_overlap is a column of the other formats), so the caption names both."""
    table = cli("totals", "-c", "Spain", "-f", "table", env=WIDE).out
    assert "R0029 may report the same aid as R0028" in table and "may_overlap" not in table.splitlines()[1]
    assert "(basis and may_overlap name them)" in table
    compare = cli("compare", "Italy", "Spain", "-f", "table", env=WIDE).out  # no basis: may_overlap shown
    assert "may_overlap" in compare and "(may_overlap names them)" in compare


def test_all_masks_delivered_and_an_overlap_across_two_rows(cli):
    rows = cli("totals", "--item", "masks", "-f", "csv").csv()
    masks = one(rows, item="masks", status="delivered")
    # Japan's million (R0039, part of R0057's 3.8 million, once at least), and the foundations' masks for
    # Italy (R0026) and Spain (R0029), which may be among R0028's 1.8 million (the donor's post of 2020-03-11)
    may = sum(
        float(r["quantity"]) for r in donations() if r["record_id"] in ("R0026", "R0029") and r["item"] == "masks"
    )
    assert float(masks["quantity"]) - float(masks["quantity_low"]) == 1_000_000 + may
    # R0031's "nearly a million" medical masks may be part of R0021's 2 million masks: two rows, both named
    medical = one(rows, item="medical masks", status="delivered")
    assert "R0031 may report the same aid as R0021 (not in this sum)" in medical["basis"]
    assert "R0021 may report the same aid as R0031 (not in this sum)" in masks["basis"]


def test_reports_whose_twin_has_no_number_are_named(cli):
    """Huawei to Canada (R0006/R0092), the Red Cross in Iran (R0037/R0079), Israel (R0052/R0096):
    the other record has no number, so no range, but the sum still says it may be the same aid."""
    canada = one(cli("totals", "-c", "Canada", "-f", "csv").csv(), item="masks")
    assert "R0006 may report the same aid as R0092" in canada["basis"] and canada["approx"] == "over"
    explained = json.loads(cli("totals", "-c", "Iran", "--explain", "-f", "json").out)
    assert "R0079" in {r["record_id"] for r in explained["left_out"]}  # no number: left out, and said


def test_a_sum_of_hedged_figures_is_hedged_in_the_cell(cli):
    spain = one(cli("totals", "-c", "Spain", "--item", "masks", "-f", "csv").csv(), recipient="Spain")
    assert spain["approx"] == "some" and spain["basis"].startswith("computed: 2 records, 1 approximate")
    assert "some 600,000" in cli("totals", "-c", "Spain", "--item", "masks", "-f", "table", env=WIDE).out
    italy_spain = cli("compare", "Italy", "Spain", "-f", "table", env=WIDE).out
    assert "some 600,000" in italy_spain


def test_items_with_no_number_are_named_not_nothing_left_out(cli):
    for args, words in (
        (("totals", "-c", "Serbia"), "R0034 (Serbia): ventilators, medical masks"),
        (("compare", "Greece", "Poland", "Serbia"), "R0034 (Serbia): ventilators, medical masks"),
        (("totals", "-c", "Greece"), "R0033 (Greece): protective equipment"),
    ):
        r = cli(*args, "-f", "csv")
        assert "Nothing left out" not in r.err and words in r.err, r.err
        table = " ".join(cli(*args, "-f", "table", env=WIDE).out.split())
        assert "Nothing left out" not in table and words in table


def test_the_installed_command_gives_the_range_in_every_format(tmp_path):
    """The range through the console script, as a user types it: CSV, a table, a workbook, SQLite."""
    r = run_installed(*ASIA, "-f", "csv")
    masks = one(list(csv.DictReader(r.stdout.splitlines())), item="masks")
    assert (masks["quantity"], masks["quantity_low"]) == ("4800000", "3800000") and "1 sum is a range" in r.stderr
    table = run_installed(*ASIA, "-f", "table", env=WIDE).stdout
    assert "3,800,000\u20134,800,000" in table and "R0039 may be part of R0057" in " ".join(table.split())
    for suffix in ("xlsx", "db"):
        assert run_installed(*ASIA, "-o", str(tmp_path / f"t.{suffix}")).returncode == 0
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0]
    head = [c.value for c in sheet[1]]
    got = {row[head.index("item")]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert (got["masks"][head.index("quantity")], got["masks"][head.index("quantity_low")]) == (4_800_000, 3_800_000)
    with sqlite3.connect(tmp_path / "t.db") as db:
        assert db.execute("select quantity_low from totals where item = 'masks'").fetchone() == (3_800_000,)
