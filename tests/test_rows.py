"""Every row reads as its sentence: a shared amount once, named by who shares it, and never
credited to one member; the article's words beside its number; the kind and status on every line
where they vary; computed totals marked as computed; clean quotes in every export; every --by key
working. Through the installed command's entry point, in table and in CSV/JSON."""

from __future__ import annotations

import io
import json
from itertools import combinations

import pandas as pd
import pytest
from conftest import filters_, session, typed_filters, valid_filters
from hypothesis import HealthCheck, given, settings

from aidcli.model.columns import GROUP_KEYS
from aidcli.query import profiles, reports

WIDE = {"COLUMNS": "200"}
MARKDOWN = ("](#)", "**", "\\$")


def counted_by_recipient(rows: list[dict[str, str]]) -> dict[str, float]:
    """What a script summing a listing's counted rows by recipient gets."""
    out: dict[str, float] = {}
    for r in rows:
        if r["counted"] == "true" and r["quantity"]:
            out[r["recipient"]] = out.get(r["recipient"], 0) + float(r["quantity"])
    return out


def check_readable(frame: pd.DataFrame) -> None:
    """The invariant of every row view: a shared amount is one row, labelled 'shared: ...' with no
    member's ISO code, so no row names one member beside an amount it shares."""
    if frame.empty or "allocation" not in frame.columns:
        return
    rows = frame.astype(object).where(frame.notna(), None)
    shared = rows[rows["allocation"] == "shared"]
    assert all(str(r).startswith("shared: ") for r in shared["recipient"]), shared["recipient"].tolist()
    if "recipient_iso3" in rows.columns:
        assert shared["recipient_iso3"].isna().all()
    once = shared[["record_id", "item", "unit", "status"]].astype(str)
    assert not once.duplicated().any()
    if "counted" in rows.columns:
        assert (rows.loc[rows["allocation"] == "shared", "counted"] == rows.loc[
            rows["allocation"] == "shared", "in_totals"]).all()


# ---------- a shared amount, once ----------

@pytest.mark.parametrize("country", ["Italy", "Spain"])
def test_each_member_lists_the_shared_masks_once_as_shared(cli, country):
    rows = cli("list", "-c", country, "-f", "csv").csv()
    r0028 = [r for r in rows if r["record_id"] == "R0028"]
    assert len(r0028) == 1 and r0028[0]["recipient"] == "shared: Spain, Italy"
    assert r0028[0]["counted"] == "true" and r0028[0]["recipient_iso3"] == ""
    assert counted_by_recipient(rows).get(country, 0) < 1_800_000  # the shared masks are not the member's


def test_two_listings_summed_by_recipient_never_credit_a_member(cli):
    both = cli("list", "-c", "Italy", "-i", "masks", "-f", "csv").csv() + \
        cli("list", "-c", "Spain", "-i", "masks", "-f", "csv").csv()
    sums = counted_by_recipient(both)
    assert sums["Spain"] == 600_000 and sums["Italy"] == 820_000
    assert "shared: Spain, Italy" in sums


def test_japan_by_recipient_is_its_own_stated_masks(cli):
    rows = cli("list", "-c", "Japan", "-i", "masks", "-f", "csv").csv()
    assert counted_by_recipient(rows) == {"Japan": 1_800_000}


def test_show_of_a_shared_record_is_one_row_in_csv_and_table(cli):
    rows = cli("show", "R0028", "-f", "csv").csv()
    assert len(rows) == 1 and rows[0]["recipient"] == "shared: Spain, Italy" and rows[0]["quantity"] == "1800000"
    assert "[after](#)" not in rows[0]["quote"] and rows[0]["quote"].startswith("This came after 1.8 million")
    table = cli("show", "R0028", "-f", "table", env=WIDE).out
    assert table.count("1,800,000") == 1 and "shared: Spain, Italy" in table


def test_a_month_lists_the_asian_masks_once(cli):
    rows = cli("list", "--since", "2020-03", "--until", "2020-03", "-f", "csv").csv()
    asia = [r for r in rows if r["quantity"] == "3800000"]
    assert len(asia) == 1 and asia[0]["recipient"].startswith("shared: Laos, Cambodia")
    assert asia[0]["region"] == "Asia"


def test_a_profile_marks_the_shared_amount_it_lists(cli):
    out = cli("by-country", "Laos", "-f", "table", env=WIDE).out
    line = next(line for line in out.splitlines() if "3,800,000" in line and "R0057" in line)
    assert "shared: Laos, Cambodia" in line
    rows = cli("by-country", "Laos", "-f", "csv").csv()
    assert next(r["recipient"] for r in rows if r["record_id"] == "R0057").startswith("shared: ")


def test_export_gives_each_shared_amount_once_and_sums_to_totals(cli):
    frame = pd.read_csv(io.StringIO(cli("export", "-f", "csv").out))
    check_readable(frame)
    package = pd.read_csv("data/donations.csv")
    shared = package[package["allocation"] == "shared"]
    collapsed = shared.drop_duplicates(["record_id", "item", "unit", "status"])
    assert len(frame) == len(package) - len(shared) + len(collapsed)
    counted = frame[frame["counted"]]
    by_item = counted.groupby(["item", "unit", "status", "kind", "flow"])["quantity"].sum()
    assert by_item.loc[("masks", "pieces", "delivered", "donation", "from-china")] == 12_720_000


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=filters_)
def test_generated_filters_never_credit_a_member_with_a_shared_amount(f):
    if not valid_filters(f):
        return
    s = session(**typed_filters(f))
    check_readable(reports.listing(s).sections[0].frame)
    for place in ("Spain", "Laos", "Germany"):
        records = next(x for x in profiles.country(s, s.place(place)).sections if x.key == "records")
        check_readable(records.frame)


# ---------- the number with its words ----------

def test_a_qualifier_stands_beside_its_number_on_screen(cli):
    out = cli("list", "-c", "Canada", "-f", "table", env=WIDE).out
    assert "over 1,000,000" in out
    rows = cli("list", "-c", "Canada", "-f", "csv").csv()
    huawei = next(r for r in rows if r["record_id"] == "R0006" and r["item"] == "masks")
    assert huawei["quantity"] == "1000000" and huawei["approx"] == "over"  # its own column in CSV
    md = cli("list", "-c", "Canada", "-f", "markdown").out
    assert "| over 1,000,000 pieces |" in md


def test_the_ireland_profile_says_purchase_and_more_than(cli):
    out = cli("by-country", "Ireland", "-f", "table", env=WIDE).out
    line = next(line for line in out.splitlines() if "200,000,000" in line)
    assert "more than 200,000,000" in line and "purchase" in line
    records = out.split("Ireland: records\n")[1]
    nearly = next(line for line in records.splitlines() if "R0031" in line)
    assert "nearly 1,000,000" in nearly


def test_a_listing_that_mixes_kinds_says_each_lines_kind(cli):
    out = cli("list", "-c", "United States", "-f", "table", env=WIDE).out
    line = next(line for line in out.splitlines() if line.startswith("R0017"))
    assert "purchase" in line and "delivered" in line
    same = cli("list", "-c", "Kenya", "-f", "table", env=WIDE).out
    assert "Every row:" in same  # a column left out for holding one value is said in the caption


def test_words_without_a_number_are_shown_where_the_number_would_be(cli):
    out = cli("list", "-c", "Italy", "-i", "masks", "-f", "table", env=WIDE).out
    assert "tens of thousands" in next(line for line in out.splitlines() if line.startswith("R0024"))


def test_a_total_no_article_states_is_marked_computed(cli):
    args = ["totals", "-d", "Jack Ma Foundation", "--region", "Africa", "-i", "masks"]
    row = cli(*args, "-f", "csv").csv()[0]
    assert row["quantity"] == "5400000" and row["basis"] == "computed: 54 \u00d7 100,000 each"
    assert "computed: 54 \u00d7 100,000 each" in cli(*args, "-f", "table", env=WIDE).out
    stated = cli("totals", "-c", "Canada", "-i", "masks", "-f", "csv").csv()
    huawei = next(r for r in stated if r["item"] == "masks")
    assert huawei["basis"].startswith("stated") and huawei["approx"] == "over"
    summed = next(r for r in cli("totals", "-i", "masks", "-f", "csv").csv()
                  if r["item"] == "masks" and r["status"] == "delivered")
    # a sum of figures some of which are hedged is hedged itself (nearly + some: about)
    assert summed["basis"].startswith("computed: 14 records") and summed["approx"] == "about"


# ---------- quotes people copy ----------

@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "markdown"])
def test_every_export_format_has_clean_quotes(cli, fmt):
    out = cli("export", "-f", fmt).out
    assert "Government-to-government" in out
    assert not any(m in out for m in MARKDOWN)


def test_xlsx_export_has_clean_quotes(cli, tmp_path):
    from openpyxl import load_workbook

    assert cli("export", "-o", str(tmp_path / "x.xlsx")).code == 0
    sheet = load_workbook(tmp_path / "x.xlsx")["donations"]
    header = list(next(sheet.iter_rows(min_row=1, max_row=1, values_only=True)))
    quotes = [row[header.index("quote")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert quotes and not any(m in (q or "") for q in quotes for m in MARKDOWN)


def test_json_of_a_listing_has_clean_quotes(cli):
    rows = json.loads(cli("list", "-c", "Canada", "--columns", "all", "-f", "json").out)
    assert rows and not any(m in r["quote"] for r in rows for m in MARKDOWN)


# ---------- every --by key ----------

@pytest.mark.parametrize("by", [[k] for k in GROUP_KEYS] + [list(p) for p in combinations(
    ["status", "kind", "flow", "recipient", "month"], 2)] + [["status", "kind", "flow"]])
def test_every_by_key_works(cli, by):
    for extra in ([], ["--kind", "donation,purchase", "--flow", "from-china,to-china"], ["-c", "Spain"]):
        r = cli("totals", "--by", ",".join(by), *extra, "-f", "csv")
        assert r.code == 0, (by, extra, r.err)
        rows = r.csv()
        assert rows and all(GROUP_KEYS[k] in rows[0] for k in by)


def test_a_comparison_says_its_figures_are_computed(cli):
    out = cli("compare", "Italy", "Spain", "-f", "table", env=WIDE).out
    assert "computed" in out and "--explain names the records" in out
    err = cli("compare", "Italy", "Spain", "-f", "csv").err
    assert "computed" in err


def test_a_shared_amounts_region_is_labelled_as_totals_labels_it(tmp_path, rows, cli):
    """A shared amount whose members lie in several regions: its row's region is the label that
    totals --by region gives it, so the two views group it alike."""
    from conftest import write_rows

    for r in rows:
        if r["record_id"] == "R0028" and r["recipient"] == "Italy":
            r["region"] = "Asia"  # a member elsewhere, for the test
    path = write_rows(tmp_path / "mixed.csv", rows)
    listed = [r for r in cli("--data", str(path), "list", "-c", "Spain", "-f", "csv").csv()
              if r["record_id"] == "R0028"]
    summed = [r for r in cli("--data", str(path), "totals", "--by", "region", "-i", "masks", "-f", "csv").csv()
              if r["region"].startswith("shared:")]
    assert listed[0]["region"] == summed[0]["region"] == "shared: Europe, Asia"
