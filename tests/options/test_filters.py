"""The shared filters, one row each of the filter table (query/filters.py): every option of every
data command, values as lists and in any spelling, dates as intervals (--since, --until), --donor
and --donor-country, --place, --hedged, --search, through the CLI and the library."""

from __future__ import annotations

import json
import re

import pytest
from conftest import counted_sum, donations, hand_frame, one, run_installed, session, write_rows

import aidcli
from aidcli.model.errors import UsageError
from aidcli.query import filters, reports

HEDGED = {r["record_id"] for r in donations() if r["hedges"]}


def test_lists_and_spellings_of_values(cli):
    both = cli("list", "-c", "Spain,Italy", "-f", "csv").csv()
    assert {r["recipient"] for r in both} >= {"Spain", "Italy"}
    for spelling in ("from_china", "from china", "From-China"):
        assert cli("list", "--flow", spelling, "-f", "csv").out == cli("list", "--flow", "from-china", "-f", "csv").out
    assert cli("list", "--since", "2020-3", "-f", "csv").code == 0


def test_holland_is_the_netherlands_in_csv(cli):
    r = cli("list", "--country", "Holland", "-f", "csv")
    assert r.code == 0
    rows = r.csv()
    assert {row["recipient"] for row in rows if row["allocation"] != "shared"} == {"Netherlands"}
    assert {row["record_id"] for row in rows} == {"R0031", "R0068", "R0091"}
    assert rows[0]["recipient"].startswith("shared: Germany, France") and "Netherlands" in rows[0]["recipient"]
    assert rows[0]["quantity"] == "1000000"  # raw number, no separators or decimals


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


def test_channel_filter_is_one_row_of_the_table(cli):
    rows = cli("list", "--channel", "health-cooperation", "-f", "csv").csv()
    assert rows and {r["channel"] for r in rows} == {"health-cooperation"}
    assert "R0002" in {r["record_id"] for r in rows}  # the central government's medical teams
    bad = cli("list", "--channel", "airmail")
    assert bad.code == 2 and "--channel" in bad.err and "health-cooperation" in bad.err


def test_every_filter_is_an_option_of_every_filtered_command(cli):
    out = cli("totals", "--help").out
    for f in filters.FILTERS:
        assert f.flags[0] in out


@pytest.mark.parametrize(
    "dates,since,until,kept,reason",
    [
        (["2020-03"], "2020-03-01", "2020-03-15", [], filters.PART_DATE),
        (["2020-03"], "2020-03", "2020-03", ["R1"], None),
        (["2020-03-20"], "2020-03-16", None, ["R1"], None),
        ([None], "2020-03", None, [], filters.NO_DATE),
    ],
)
def test_a_date_is_an_interval_and_a_range_keeps_what_lies_inside(dates, since, until, kept, reason):
    rows = hand_frame(*({"date": d} for d in dates))
    lo, hi = filters.date_range(since, until)
    out, left_out = filters.apply(rows, filters.Resolved({"since": lo, "until": hi}))
    assert out["record_id"].tolist() == kept
    assert left_out == ({reason: ["R1"]} if reason else {})


def test_hedged_keeps_the_records_whose_sentence_hedges(cli):
    run = cli("list", "--hedged", "-f", "csv")
    assert run.code == 0
    rows = run.csv()
    assert {r["record_id"] for r in rows} == HEDGED and all(r["hedges"] for r in rows)
    assert {"R0006", "R0011", "R0021", "R0031"} <= HEDGED
    canada = cli("list", "--hedged", "-c", "Canada", "--columns", "record_id,hedges", "-f", "csv").csv()
    assert {(r["record_id"], r["hedges"]) for r in canada} == {("R0006", "reportedly")}
    table = cli("list", "--hedged", "-c", "Canada", "--columns", "record_id,hedges", "-f", "table")
    assert re.search(r"R0006\s+reportedly", table.out)
    totals = cli("totals", "--hedged", "--explain", "-f", "json")
    assert totals.code == 0
    ids = {r["record_id"] for r in json.loads(totals.out)["totals_records"]}
    assert ids and ids <= HEDGED
    assert cli("by-country", "Canada", "--hedged", "-f", "csv").csv()[0]["record_id"] == "R0006"


def test_hedged_is_a_flag(cli):
    bad = cli("list", "--hedged", "yes")
    assert bad.code == 2
    assert "--hedged" in cli("list", "--help").out


def test_hedged_reads_the_quote_so_a_file_without_the_column_works(cli, tmp_path):
    rows = donations()
    path = write_rows(tmp_path / "older.csv", rows, [f for f in rows[0] if f != "hedges"])
    mine = cli("--data", str(path), "list", "--hedged", "--columns", "record_id", "-f", "csv").csv()
    assert {r["record_id"] for r in mine} == HEDGED


def test_the_python_api_takes_hedged_as_a_keyword():
    assert set(aidcli.rows(hedged=True).frame["record_id"]) == HEDGED
    assert len(aidcli.rows(hedged=False).frame) == len(aidcli.rows().frame)
    assert set(aidcli.rows(hedged=True, columns=["record_id", "hedges"]).frame["record_id"]) == HEDGED
    assert set(aidcli.totals(hedged=True, item="masks").record_ids) <= HEDGED
    with pytest.raises(UsageError, match="--hedged is a flag"):
        aidcli.rows(hedged="yes")
    with pytest.raises(UsageError):
        aidcli.rows(country=True)


def test_place_filters_the_rows_inside_a_country(cli):
    r = cli("list", "--place", "Massachusetts", "-f", "csv", "--columns", "record_id,recipient,recipient_place")
    assert r.code == 0
    lines = r.out.splitlines()[1:]
    assert lines and {line.split(",", 1)[1] for line in lines} == {"United States,Massachusetts"}
    assert {line.split(",")[0] for line in lines} == {"R0017", "R0115"}
    wuhan = cli("list", "--place", "wuhan", "-f", "csv", "--columns", "recipient_place")
    assert wuhan.code == 0 and set(wuhan.out.splitlines()[1:]) == {"Wuhan"}
    both = cli("list", "--place", "New York,Madrid", "-f", "csv", "--columns", "recipient_place")
    assert set(both.out.splitlines()[1:]) == {"New York", "Madrid"}
    inside = cli("by-country", "United States", "--place", "New York", "-f", "csv")
    assert inside.code == 0 and "New York" in inside.out and "Massachusetts" not in inside.out


def test_place_refuses_a_country_and_suggests_the_datas_places(cli):
    spain = cli("list", "--place", "Spain")
    assert spain.code == 2 and "'Spain' is a country, not a place inside one; use --country Spain" in spain.err
    typo = cli("list", "--place", "Madird")
    assert (
        typo.code == 2 and "No place called 'Madird' in any record" in typo.err and "Did you mean: Madrid?" in typo.err
    )
    boston = cli("list", "--place", "Boston")
    assert boston.code == 2 and "No place called 'Boston' in any record" in boston.err
    empty = cli("list", "--place", " ")
    assert empty.code == 2 and "empty place name" in empty.err


def test_place_through_the_library():
    frame = aidcli.rows(place="Massachusetts").frame
    assert set(frame["record_id"]) == {"R0017", "R0115"} and set(frame["recipient_place"]) == {"Massachusetts"}
    assert set(aidcli.rows(place=["Wuhan", "Madrid"]).frame["recipient"]) == {"China", "Spain"}
    with pytest.raises(aidcli.model.errors.UsageError, match="is a place in the United States"):
        aidcli.rows(country="Massachusetts")
    with pytest.raises(aidcli.model.errors.UsageError, match="No place called 'Atlantis'"):
        aidcli.totals(place="Atlantis")


def test_a_bare_csv_without_a_donors_table_knows_its_places(tmp_path, cli, rows):
    from conftest import write_rows

    path = write_rows(tmp_path / "mine.csv", rows)
    r = cli("--data", str(path), "list", "--place", "Madrid", "-f", "csv", "--columns", "record_id")
    assert r.code == 0 and r.out.splitlines()[1:] == ["R0085"]
    assert "is a place in Spain" in cli("--data", str(path), "list", "-c", "Madrid").err


def test_month_record_falls_in_neither_half_of_the_month():
    first = reports.totals(session(since="2020-03-01", until="2020-03-15"), [], explain=True)
    second = reports.totals(session(since="2020-03-16", until="2020-03-31"), [], explain=True)
    ids = [set(" ".join(s.sections[0].frame["record_ids"]).split()) for s in (first, second)]
    assert not ids[0] & ids[1]
    assert "dated only to a period" in first.sections[0].caption


def test_undated_rows_are_counted_in_the_caption(cli):
    r = cli("totals", "--item", "masks", "--since", "2020-03", "--until", "2020-3", "-f", "csv")
    assert "no date" in r.err and "records: no date" in r.err


def test_donor_china_means_every_chinese_donor(cli):
    by_name = cli("totals", "--donor", "China", "--item", "masks", "-f", "csv")
    by_country = cli("totals", "--donor-country", "CHN", "--item", "masks", "-f", "csv")
    assert by_name.out == by_country.out
    chinese = counted_sum(item="masks", status="delivered", kind="donation", flow="from-china", donor_country="CHN")
    assert float(one(by_name.csv(), item="masks", status="delivered")["quantity"]) == chinese
    assert "a country, read as every donor based in it" in by_name.err


def test_donor_japan_is_not_refused(cli):
    r = cli("totals", "--donor", "Japan", "--flow", "to-china", "-f", "csv")
    assert r.code == 0 and "every donor based in it" in r.err


def test_donor_country_finds_aid_to_china(cli):
    rows = cli("list", "--donor-country", "Canada", "--flow", "to-china", "-f", "csv").csv()
    assert [r["record_id"] for r in rows] == ["R0007"]
    empty = cli("list", "-c", "Canada", "--flow", "to-china", "-f", "csv")
    assert "--donor-country CAN" in empty.err


def test_a_csvkit_column_list_given_to_c_points_to_columns():
    """-c is --country in aidcli; csvkit's -c record_id,donor is refused with the option that chooses columns."""
    r = run_installed("list", "-c", "record_id,donor")
    assert r.returncode == 2 and "'record_id' is a column" in r.stderr and "--columns" in r.stderr
    assert r.stderr.count("\n") == 1
