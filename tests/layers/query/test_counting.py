"""The report functions, where the counting rules are asserted: each finding of a view that
summed wrongly is a test here, through the library, and through the CLI where it prints."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from conftest import (
    check_counted_equals_totals,
    compare,
    country,
    one,
    rows_of,
    session,
)

from aidcli.query import counting, reports, show
from aidcli.output.render import write_csv

# 1. Amounts of a different kind or flow are never summed together.

def test_kinds_are_keys_when_several_are_in_scope():
    rows = rows_of(reports.totals(session(country="South Korea", kind=["donation", "purchase"]), []))
    assert one(rows, item="masks", kind="donation")["quantity"] == 1_100_000
    assert one(rows, item="masks", kind="purchase")["quantity"] == 5_000_000
    n95 = rows_of(reports.totals(session(item="N95 masks", kind=["donation", "purchase"]), []))
    assert one(n95, kind="donation")["quantity"] == 20_000
    assert one(n95, kind="purchase")["quantity"] == 1_200_000


def test_flows_are_keys_in_a_profile_that_holds_both(cli):
    data = json.loads(cli("by-donor", "European Union", "-f", "json").out)
    # the EU's protective gear went to China; its vaccine-research money to no stated recipient
    assert {r["flow"] for r in data["gave"]} == {"to-china", "other"}
    both = json.loads(cli("totals", "--flow", "from-china,to-china", "-f", "json").out)
    assert {r["flow"] for r in both} == {"from-china", "to-china"}


def test_cli_kinds_never_added(cli):
    rows = cli("totals", "-c", "South Korea", "--kind", "donation", "--kind", "purchase", "-f", "csv").csv()
    assert "6100000" not in {r["quantity"] for r in rows}
    assert {r["kind"] for r in rows} == {"donation", "purchase"}


# 2. A shared amount appears once in every view, labelled with who shares it.

def test_compare_puts_a_shared_amount_in_its_own_column_once():
    rows = rows_of(compare(session(), ["Italy", "Spain"]))
    shared = one(rows, item="masks", shared_by="shared: Spain, Italy")
    assert shared["shared"] == 1_800_000 and shared["Italy"] is None and shared["Spain"] is None
    masks = [r for r in rows if r["item"] == "masks"]
    column_sum = sum(r[c] or 0 for r in masks for c in ("Italy", "Spain", "shared"))
    assert column_sum == 500_000 + 600_000 + 1_800_000


def test_compare_donors_shows_a_joint_gift_once():
    rows = rows_of(compare(session(), ["Jack Ma Foundation", "Alibaba Foundation"], donors=True))
    masks = one(rows, item="masks", status="delivered", shared_by="shared: Jack Ma Foundation, Alibaba Foundation")
    # Italy's and Spain's half million each, Japan's million and the 3.8 million for Asia, all given jointly
    assert masks["shared"] == 500_000 + 500_000 + 1_000_000 + 3_800_000
    assert masks["Jack Ma Foundation"] is None and masks["Alibaba Foundation"] is None


def test_compare_chart_keeps_the_shared_label(cli):
    out = cli("compare", "Italy", "Spain", "--chart", "-f", "table").out
    assert "shared: Spain, Italy" in out
    assert out.count("1,800,000") == 1


def test_show_prints_a_shared_amount_once(ds):
    result = show.record(ds, ["R0031"])
    shown = result.sections[0].frame
    assert len(shown) == 1 and shown["quantity"].tolist() == [1_000_000]
    assert shown["recipient"].iloc[0].startswith("shared: Germany, France") and "Switzerland" in shown["recipient"].iloc[0]


def test_cli_show_prints_a_shared_amount_once(cli):
    out = cli("show", "R0031", "-f", "table", env={"COLUMNS": "200"}).out
    assert out.count("1,000,000") == 1 and "shared: Germany" in out


# 3. Piped rows sum honestly: counted rows, grouped, equal totals.



@pytest.mark.parametrize("typed", [{}, {"country": "Spain"}, {"item": "masks"}, {"region": "Europe"},
                                   {"country": ["Italy", "Germany"]}, {"since": "2020-03", "until": "2020-03"}])
def test_counted_rows_sum_to_totals(typed):
    check_counted_equals_totals(typed)


def test_export_counted_sums_to_totals(cli):
    exported = pd.read_csv(io.StringIO(cli("export", "-f", "csv").out))
    counted = exported[exported["counted"].astype(str).str.lower() == "true"]
    masks = counted[(counted["item"] == "masks") & (counted["status"] == "delivered") &
                    (counted["kind"] == "donation") & (counted["flow"] == "from-china")]["quantity"].sum()
    total = one(cli("totals", "--item", "masks", "-f", "csv").csv(), item="masks", status="delivered")
    assert masks == float(total["quantity"]) == 12_720_000


def test_package_counted_column_is_the_rule(ds):
    assert ds.donations["counted"].fillna(False).astype(bool).tolist() == counting.counted(ds.donations).tolist()


# 4. A date is an interval; a range keeps what lies wholly inside and says what it left out.

def test_month_record_falls_in_neither_half_of_the_month():
    first = reports.totals(session(since="2020-03-01", until="2020-03-15"), [], explain=True)
    second = reports.totals(session(since="2020-03-16", until="2020-03-31"), [], explain=True)
    ids = [set(" ".join(s.sections[0].frame["record_ids"]).split()) for s in (first, second)]
    assert not ids[0] & ids[1]
    assert "dated only to a period" in first.sections[0].caption


def test_undated_rows_are_counted_in_the_caption(cli):
    r = cli("totals", "--item", "masks", "--since", "2020-03", "--until", "2020-3", "-f", "csv")
    assert "no date" in r.err and "records: no date" in r.err


def test_a_month_is_the_whole_month():
    rows = rows_of(reports.listing(session(since="2020-03", until="2020-03")))
    assert rows and all(r["date"].startswith("2020-03") for r in rows)


# 5. Every profile shows both directions.

def test_eu_profile_shows_what_it_sent_to_china():
    result = country(session(), "EU")
    sent = rows_of(result, "sent")
    assert one(sent, item="protective equipment")["quantity"] == 12


def test_china_profile_lists_its_donors():
    result = country(session(), "China")
    donors = {r["donor"] for r in rows_of(result, "donors")}
    assert {"European Union", "United States government", "Japan (unspecified)"} <= donors


def test_countries_facet_counts_what_the_eu_sent(cli):
    eu = one(cli("countries", "-f", "csv").csv(), recipient="European Union")
    assert int(eu["sent_to_china"]) >= 2


def test_by_donor_united_states_shows_what_it_gave(cli):
    data = json.loads(cli("by-donor", "United States", "-f", "json").out)
    assert any(r["item"] == "cash" for r in data["gave"])


# 6. A country given as a donor means its donors, and says so; --donor-country.

def test_donor_china_means_every_chinese_donor(cli):
    by_name = cli("totals", "--donor", "China", "--item", "masks", "-f", "csv")
    by_country = cli("totals", "--donor-country", "CHN", "--item", "masks", "-f", "csv")
    assert by_name.out == by_country.out
    assert one(by_name.csv(), item="masks", status="delivered")["quantity"] == "12720000"
    assert "a country, read as every donor based in it" in by_name.err


def test_donor_japan_is_not_refused(cli):
    r = cli("totals", "--donor", "Japan", "--flow", "to-china", "-f", "csv")
    assert r.code == 0 and "every donor based in it" in r.err


def test_donor_country_finds_aid_to_china(cli):
    rows = cli("list", "--donor-country", "Canada", "--flow", "to-china", "-f", "csv").csv()
    assert [r["record_id"] for r in rows] == ["R0007"]
    empty = cli("list", "-c", "Canada", "--flow", "to-china", "-f", "csv")
    assert "--donor-country CAN" in empty.err


# 7. What was left out reaches stderr in CSV and JSON; -q silences it.

def test_csv_and_json_say_what_was_left_out(cli):
    for fmt in ("csv", "json"):
        r = cli("totals", "-c", "Ireland", "-f", fmt)
        assert "Left out:" in r.err and "purchase" in r.err and "Left out" not in r.out
    assert cli("-q", "totals", "-c", "Ireland", "-f", "csv").err == ""


# 8. Common words are not country codes.

@pytest.mark.parametrize("word", ["and", "to", "ch"])
def test_lower_case_words_are_not_countries(cli, word):
    r = cli("compare", "Italy", word, "Spain")
    assert r.code == 2 and f"'{word}'" in r.err


def test_upper_case_codes_still_work(cli):
    assert cli("totals", "-c", "ESP", "-f", "csv").out == cli("totals", "-c", "Spain", "-f", "csv").out


# The CLI prints what the library returns.

def test_cli_totals_equals_the_library(cli):
    result = reports.totals(session(item="masks"), ["recipient"])
    out = io.StringIO()
    write_csv(result.sections[0].frame, out)
    assert cli("totals", "--item", "masks", "--by", "recipient", "-f", "csv").out == out.getvalue()
