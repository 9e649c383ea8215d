"""Every total says how sure it is (issue 23): a range where it adds records that may report the
same aid, the article's hedge in every cell, and the items a sum could not count named. Through
the CLI in table, CSV and JSON, and through the Python API; a property test over random filters."""

from __future__ import annotations

import csv
import json
import sqlite3

import openpyxl
import pandas as pd
from conftest import check_counted_equals_totals, filters_, run_installed, session, typed_filters, valid_filters
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aidcli
from aidcli.query import ranges, reports

WIDE = {"COLUMNS": "200"}
ASIA = ("totals", "-d", "Jack Ma Foundation", "--region", "Asia")


def _row(rows: list[dict], **match) -> dict:
    return next(r for r in rows if all(r[k] == v for k, v in match.items()))


def _links(ds) -> set[frozenset[str]]:
    """The data's 'may report the same aid' links, read straight from the package."""
    first = ds.donations.drop_duplicates("record_id").astype(object)
    return {frozenset((a, b)) for a, text in zip(first["record_id"], first["overlaps"]) if isinstance(text, str)
            for b in text.split()}


# ---------- a range, not a guess ----------

def test_japans_million_may_be_part_of_the_3_8_million_for_asia(cli):
    """R0039 (Japan's 1 million) may be part of R0057 (3.8 million to countries across Asia)."""
    masks = _row(cli(*ASIA, "-f", "csv").csv(), item="masks")
    assert (masks["quantity"], masks["quantity_low"]) == ("4800000", "3800000")
    assert "R0039 may be part of R0057" in masks["basis"] and masks["may_overlap"].split()[:1] == ["R0039"]
    kits = _row(cli(*ASIA, "-f", "csv").csv(), item="test kits")
    assert kits["quantity"] == kits["quantity_low"] == "360000"  # nothing in this sum may overlap
    table = cli(*ASIA, "-f", "table", env=WIDE)
    assert "3,800,000\u20134,800,000" in table.out and "1 sum is a range" in " ".join(table.out.split())
    data = json.loads(cli(*ASIA, "-f", "json").out)
    assert _row(data, item="masks")["quantity_low"] == 3_800_000


def test_the_python_api_carries_the_same_columns():
    frame = aidcli.totals(donor="Jack Ma Foundation", region="Asia").frame
    masks = frame[frame["item"] == "masks"].iloc[0]
    assert (masks["quantity"], masks["quantity_low"]) == (4_800_000, 3_800_000)
    assert masks["may_overlap"] == "R0039 R0052 R0056 R0057" and "R0039 may be part of R0057" in masks["basis"]


def test_all_masks_delivered_and_an_overlap_across_two_rows(cli):
    rows = cli("totals", "--item", "masks", "-f", "csv").csv()
    masks = _row(rows, item="masks", status="delivered")
    assert float(masks["quantity"]) - float(masks["quantity_low"]) == 1_000_000  # Japan's million, once at least
    # R0031's "nearly a million" medical masks may be part of R0021's 2 million masks: two rows, both named
    medical = _row(rows, item="medical masks", status="delivered")
    assert "R0031 may report the same aid as R0021 (not in this sum)" in medical["basis"]
    assert "R0021 may report the same aid as R0031 (not in this sum)" in masks["basis"]


def test_reports_whose_twin_has_no_number_are_named(cli):
    """Huawei to Canada (R0006/R0092), the Red Cross in Iran (R0037/R0079), Israel (R0052/R0096):
    the other record has no number, so no range, but the sum still says it may be the same aid."""
    canada = _row(cli("totals", "-c", "Canada", "-f", "csv").csv(), item="masks")
    assert "R0006 may report the same aid as R0092" in canada["basis"] and canada["approx"] == "over"
    explained = json.loads(cli("totals", "-c", "Iran", "--explain", "-f", "json").out)
    assert "R0079" in {r["record_id"] for r in explained["left_out"]}  # no number: left out, and said


def test_compare_cells_carry_their_range_and_hedge(cli):
    rows = cli("compare", "--donors", "Jack Ma Foundation", "Huawei", "-f", "csv").csv()
    masks = _row(rows, item="masks", status="delivered")
    name = next(c for c in masks if c.startswith("Jack Ma") and not c.endswith(("_low", "_approx", "_approx_low")))
    assert float(masks[name]) - float(masks[f"{name}_low"]) >= 1_000_000 and "R0039" in masks["may_overlap"]
    assert masks["Huawei_approx"] == "over"
    table = " ".join(cli("compare", "--donors", "Jack Ma Foundation", "Huawei", "-f", "table", env=WIDE).out.split())
    assert "over 1,000,000" in table and ("sum is a range" in table or "sums are ranges" in table)
    assert name == "Jack Ma Foundation"  # the column is named as typed


def test_explain_lists_the_overlaps_and_keeps_quotes_whole(cli, ds):
    data = json.loads(cli(*ASIA, "--explain", "-f", "json").out)
    lines = {r["record_id"]: r for r in data["totals_records"]}
    assert lines["R0039"]["may_overlap"] == "R0057"
    whole = " ".join(reports.clean(ds.donations.loc[ds.donations["record_id"] == "R0057", "quote"].iloc[0]).split())
    assert lines["R0057"]["quote"] == whole and not whole.endswith("\u2026")
    hedged = json.loads(cli("totals", "-c", "Canada", "--explain", "-f", "json").out)["totals_records"]
    assert any("reportedly" in r["hedges"] for r in hedged)  # Huawei 'reportedly donated'


# ---------- hedges: the article's words in every cell ----------

def test_qualifiers_combine_by_the_way_they_bend():
    assert ranges.combined([None, None]) is None
    assert ranges.combined(["over", None]) == "over"
    assert ranges.combined(["nearly", None, "nearly"]) == "nearly"
    assert ranges.combined(["over", "more than"]) == "over"
    assert ranges.combined(["up to", "nearly"]) == "up to"
    assert ranges.combined(["over", "nearly"]) == "about"
    assert ranges.combined(["some", None, "nearly"]) == "about"


def test_a_sum_of_hedged_figures_is_hedged_in_the_cell(cli):
    spain = _row(cli("totals", "-c", "Spain", "--item", "masks", "-f", "csv").csv(), recipient="Spain")
    assert spain["approx"] == "some" and spain["basis"] == "computed: 2 records, 1 approximate"
    assert "some 600,000" in cli("totals", "-c", "Spain", "--item", "masks", "-f", "table", env=WIDE).out
    italy_spain = cli("compare", "Italy", "Spain", "-f", "table", env=WIDE).out
    assert "some 600,000" in italy_spain


# ---------- nothing vanishes unsaid ----------

def test_items_with_no_number_are_named_not_nothing_left_out(cli):
    for args, words in ((("totals", "-c", "Serbia"), "R0034 (Serbia): ventilators, medical masks"),
                        (("compare", "Greece", "Poland", "Serbia"), "R0034 (Serbia): ventilators, medical masks"),
                        (("totals", "-c", "Greece"), "R0033 (Greece): protective equipment")):
        r = cli(*args, "-f", "csv")
        assert "Nothing left out" not in r.err and words in r.err, r.err
        table = " ".join(cli(*args, "-f", "table", env=WIDE).out.split())
        assert "Nothing left out" not in table and words in table


# ---------- the property ----------

by_ = st.sampled_from([[], ["recipient"], ["donor"], ["region"], ["donor", "recipient"]])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=filters_, by=by_)
def test_every_sum_is_a_range_from_low_to_high(ds, f, by):
    """low <= high; low = high when no two records of the sum may report the same aid; high is
    the plain sum (the counted rows' sum is checked against totals in test_reports)."""
    if not valid_filters(f):
        return
    try:
        result = reports.totals(session(**typed_filters(f)), by, explain=True)
    except aidcli.model.errors.UsageError:
        return
    frame = result.sections[0].frame
    links = _links(ds)
    for row in frame.to_dict(orient="records"):
        ids = row["record_ids"].split()
        pairs = any(frozenset((a, b)) in links for a in ids for b in ids if a < b)
        for c in ("quantity", "value_usd"):
            high, low = row[c], row[f"{c}_low"]
            if pd.isna(high):
                assert pd.isna(low)
                continue
            assert low <= high
            if not pairs:
                assert low == high and (row["approx_low"] == row["approx"] or pd.isna(row["approx"]))


def test_high_is_the_plain_sum_of_the_counted_rows():
    check_counted_equals_totals({"donor": "Jack Ma Foundation", "region": "Asia"})
    check_counted_equals_totals({"item": "masks"})


# ---------- as a user runs it ----------

def test_the_installed_command_gives_the_range_in_every_format(tmp_path):
    """The range through the console script, as a user types it: CSV, a table, a workbook, SQLite."""
    r = run_installed(*ASIA, "-f", "csv")
    masks = _row(list(csv.DictReader(r.stdout.splitlines())), item="masks")
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
