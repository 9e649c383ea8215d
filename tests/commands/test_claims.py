"""aidcli claims and crosscheck: the donor's own figures (the Jack Ma Foundation's table, each
version of its site) as they stood at a date, how each line changed, and the articles' figures
beside them with a verdict. Each finding through the installed command, as a reader runs it; the
formats and files written through the same entry point in-process (conftest's cli), since every
command's formats are one emitter's."""

from __future__ import annotations

import csv
import functools
import io
import json
import sqlite3

import pytest
from conftest import DATA, donations, run_installed

import aidcli


@functools.cache
def as_csv(*args: str) -> tuple[int, str, str]:
    """One run of the installed command with -f csv, shared by the tests that ask the same question."""
    got = run_installed(*args, "-f", "csv")
    return got.returncode, got.stdout, got.stderr


def rows(*args: str) -> list[dict[str, str]]:
    code, out, err = as_csv(*args)
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


def masks(*args: str) -> list[dict[str, str]]:
    return [r for r in rows("claims", *args) if r["item"] == "masks"]


# ---------- what the donor said, and when ----------


def test_iran_read_100000_masks_first_then_1000000_ninety_minutes_later():
    first = masks("-c", "Iran", "--as-of", "2020-03-15")
    assert [(r["quantity"], r["as_of"]) for r in first] == [("100000", "2020-03-15T23:54:40+08:00")]
    # a time in the donor's +08:00 between the two versions still sees the first
    assert [r["quantity"] for r in masks("-c", "Iran", "--as-of", "2020-03-16T01:00")] == ["100000"]
    second = masks("-c", "Iran", "--as-of", "2020-03-16T01:20")
    assert [(r["quantity"], r["as_of"]) for r in second] == [("1000000", "2020-03-16T01:18:31+08:00")]
    history = masks("-c", "Iran", "--history")
    assert [(r["quantity"], r["as_of"]) for r in history][:2] == [
        ("100000", "2020-03-15T23:54:40+08:00"),
        ("1000000", "2020-03-16T01:18:31+08:00"),
    ]
    # the history shows changes only: a version that repeated the line adds no row
    assert len({(r["quantity"], r["progress"], r["line"], r["party"]) for r in history}) == len(history)


def test_the_default_is_each_lines_last_version_with_its_date():
    latest = masks("-c", "Iran")
    assert [(r["quantity"], r["progress"], r["line"]) for r in latest] == [
        ("1000000", "Accepted", "Islamic Republic of Iran")
    ]
    assert latest[0]["as_of"].startswith("2020-03-") and latest[0]["url"].startswith("https://github.com/")


def test_a_claim_is_labelled_as_the_donors_word_with_its_date():
    got = run_installed("claims", "-c", "Japan", "-f", "csv")
    assert "donor's word" in got.stderr and "never in a total" in got.stderr
    assert "as_of" in got.stdout.splitlines()[0]


def test_europe_is_a_shared_line_from_2020_03_18():
    before = rows("claims", "-c", "Italy", "--as-of", "2020-03-18T07:00")
    assert {r["recipient"] for r in before} == {"Italy", "Italy, Spain"}
    after = rows("claims", "--region", "Europe", "--as-of", "2020-03-18T07:14")
    europe = [r for r in after if r["recipient"] == "Europe"]
    assert europe and all(r["shared"] == "true" for r in europe)
    assert europe[0]["as_of"] == "2020-03-18T07:13:26+08:00"


def test_africas_line_was_first_labelled_detection_kit_then_face_mask():
    history = [r for r in rows("claims", "--region", "Africa", "--history") if r["recipient"] == "Africa"]
    first = [r["goods"] for r in history if r["quantity"] == "6000000"]
    assert first[0] == "Detection Kit" and "Face Mask" in first


# ---------- the articles beside the donor ----------


def cross(*args: str) -> list[dict[str, str]]:
    return rows("crosscheck", *args)


def test_japan_the_articles_million_agrees_and_300000_more_only_the_donor():
    got = cross("-c", "Japan", "--item", "masks")
    agree = next(r for r in got if r["verdict"] == "agrees")
    assert agree["records"] == "R0039" and "1,000,000" in agree["donor_said"]
    assert "Nippon Global Medical Organization" in agree["donor_said"]
    alone = next(r for r in got if r["verdict"].startswith("only the donor"))
    assert "300,000" in alone["donor_said"] and "ALOGJAPAN" in alone["donor_said"] and alone["records"] == ""


def test_south_korea_only_the_donor():
    got = cross("-c", "South Korea")
    assert [r["verdict"].split(":")[0] for r in got] == ["only the donor"]
    assert "1,000,000" in got[0]["donor_said"] and "Korean Red Cross" in got[0]["donor_said"]
    assert got[0]["records"] == ""


def test_italy_test_kits_and_spain_masks_agree_europe_is_not_compared_with_a_country():
    italy = cross("-c", "Italy")
    kits = next(r for r in italy if r["item"] == "tests" and r["place"] == "Italy")
    assert (kits["verdict"], kits["records"]) == ("agrees", "R0026")
    shared = [r for r in italy if r["place"] == "Europe"]
    assert shared and all(r["verdict"] == "not comparable: a shared line against a country" for r in shared)
    spain = next(r for r in cross("-c", "Spain", "--item", "masks") if r["place"] == "Spain")
    assert (spain["verdict"], spain["records"]) == ("agrees", "R0029")


def test_italys_masks_differ_by_how_much():
    got = next(r for r in cross("-c", "Italy", "--item", "masks") if r["place"] == "Italy")
    assert got["verdict"] == "differs: the donor's figure is 500,000 more than the articles'"


def test_the_united_states_dollars_are_not_comparable_with_pieces():
    got = cross("-c", "United States")
    dollars = next(r for r in got if "R0095" in r["records"])
    assert dollars["verdict"].startswith("not comparable") and "unit" in dollars["verdict"]
    assert "$508,000,000" in dollars["articles"]
    assert "1,000,000" in dollars["donor_said"] and "500,000" in dollars["donor_said"]
    assert not any(r["verdict"].startswith("differs") for r in got)


def test_africa_the_pledge_to_each_of_54_against_one_shared_amount():
    got = next(r for r in cross("--region", "Africa", "--item", "masks") if r["place"] == "Africa")
    assert got["verdict"].startswith("not comparable: not the same kind of figure")
    each = next(r for r in donations() if r["record_id"] == "R0060" and r["item"] == "masks")
    count = sum(1 for r in donations() if r["record_id"] == "R0060" and r["item"] == "masks")
    assert f"{int(each['quantity']):,} pieces pledged to each of {count}" in got["articles"]
    assert f"computed {int(each['quantity']) * count:,}" in got["articles"]
    assert "6,000,000" in got["donor_said"] and "earlier versions: Detection Kit" in got["donor_said"]


def test_the_as_of_date_changes_the_crosscheck():
    early = next(r for r in cross("-c", "Iran", "--item", "masks", "--as-of", "2020-03-15") if r["place"] == "Iran")
    assert "100,000 pieces" in early["donor_said"] and early["as_of"] == "2020-03-15T23:54:40+08:00"


# ---------- claims never count ----------


def test_claims_never_enter_a_total():
    got = rows("totals", "-c", "South Korea", "--item", "masks", "--explain")
    assert all(not i.startswith("C") for r in got for i in r.get("record_ids", "").split())
    listed = rows("list", "-c", "South Korea")
    assert all(r["record_id"].startswith("R") for r in listed)


def test_r0028_may_overlap_the_foundations_masks_for_italy_and_spain():
    shown = json.loads(run_installed("show", "R0028", "-f", "json").stdout)
    record = shown[0] if isinstance(shown, list) else shown
    text = json.dumps(record)
    assert "R0026" in text and "R0029" in text and "post of 2020-03-11" in text
    assert record.get("donor", "") == "China (unspecified)" or "China (unspecified)" in text
    total = next(r for r in rows("totals", "--item", "masks") if r["item"] == "masks" and r["status"] == "delivered")
    assert "R0026, R0028 and R0029 may report the same aid" in total["basis"]
    assert float(total["quantity_low"]) < float(total["quantity"])


# ---------- every format, -o, the Python API, bad input ----------


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "jsonl", "markdown"])
@pytest.mark.parametrize("command", ["claims", "crosscheck"])
def test_every_stream_format(cli, command, fmt):
    got = cli(command, "-c", "Japan", "-f", fmt)
    assert got.code == 0 and got.out.strip(), got.err
    assert "Japan" in got.out


@pytest.mark.parametrize("command", ["claims", "crosscheck"])
def test_written_to_a_file(cli, command, tmp_path):
    for suffix in (".xlsx", ".sqlite", ".csv"):
        target = tmp_path / f"{command}{suffix}"
        got = cli(command, "-c", "Spain", "-o", str(target))
        assert got.code == 0, got.err
        assert target.stat().st_size > 0
    with sqlite3.connect(tmp_path / f"{command}.sqlite") as db:
        names = {n for (n,) in db.execute("select name from sqlite_master where type = 'table'")}
    assert command in names


def test_the_python_api():
    iran = aidcli.claims(country="Iran", item="masks", as_of="2020-03-15").frame
    assert iran["quantity"].tolist() == [100_000]
    japan = aidcli.crosscheck(country="Japan").frame
    assert "agrees" in set(japan["verdict"])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("claims", "--as-of", "yesterday"), "--as-of"),
        (("crosscheck", "--as-of", "2020-3-1"), "--as-of"),
        (("claims", "--kind", "purchase"), "no --kind"),
        (("crosscheck", "--status", "pledged"), "no --status"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, words):
    got = run_installed(*args)
    assert got.returncode == 2 and got.stderr.count("\n") == 1 and words in got.stderr, got.stderr


# ---------- one line in by-country and show; cite; the SQLite export ----------


def test_by_country_mentions_the_donors_table_in_one_line():
    got = run_installed("by-country", "South Korea", "-f", "csv")
    lines = [line for line in got.stderr.splitlines() if "donor's own table" in line]
    assert len(lines) == 1
    assert "as of 2020-03-20: 1,000,000 pieces (Face Mask), Accepted" in lines[0] and "no sum" in lines[0]
    quiet = run_installed("by-country", "Kenya", "-f", "csv")
    assert "donor's own table" not in quiet.stderr


def test_show_mentions_the_donors_claim_beside_the_foundations_record():
    got = run_installed("show", "R0029", "-f", "csv")
    lines = [line for line in got.stderr.splitlines() if "donor's own table" in line]
    assert len(lines) == 1 and lines[0].startswith("aidcli: Spain:") and "500,000 pieces (Face Mask)" in lines[0]
    other = run_installed("show", "R0027", "-f", "csv")  # the Chinese government's: not the donor's table
    assert "donor's own table" not in other.stderr


def test_cite_a_claim_gives_the_page_its_version_url_and_date():
    claim = masks("-c", "Iran", "--as-of", "2020-03-15")[0]
    got = run_installed("cite", claim["claim_id"])
    assert got.returncode == 0, got.stderr
    assert "Donation of Medical Supplies" in got.stdout and claim["url"] in got.stdout
    assert "version of 2020-03-15T23:54:40+08:00" in got.stdout and "100,000 pieces" in got.stdout
    ris = run_installed("cite", claim["claim_id"].lower(), "--style", "ris").stdout
    assert f"UR  - {claim['url']}" in ris and "claim " + claim["claim_id"] in ris
    piped = run_installed("cite", "-", input=as_csv("claims", "-c", "Iran")[1])
    assert piped.returncode == 0 and piped.stdout.count("Claim C") + piped.stdout.count("claim C") >= 3


def test_cite_an_unknown_claim_is_exit_2():
    got = run_installed("cite", "C99999")
    assert got.returncode == 2 and got.stderr.count("\n") == 1 and "No claim" in got.stderr


def test_the_sqlite_export_has_the_claims_as_a_table(tmp_path):
    target = tmp_path / "aid.sqlite"
    assert run_installed("export", "-o", str(target)).returncode == 0
    with sqlite3.connect(target) as db:
        count = db.execute("select count(*) from claims").fetchone()[0]
        korea = db.execute("select quantity from claims where recipient = 'South Korea' order by as_of desc").fetchone()
        counted = db.execute("select count(*) from donations where record_id like 'C%'").fetchone()[0]
    with (DATA / "claims.csv").open(encoding="utf-8", newline="") as fh:
        assert count == len(list(csv.DictReader(fh)))
    assert korea == (1_000_000,) and counted == 0
