"""The hedging words of a sentence (aidcli.model.hedges): the data's derived `hedges` column, and the
`--hedged` filter (`hedged=True` in Python) that keeps the records whose sentence hedges."""

from __future__ import annotations

import csv
import json
import re

import pytest
from conftest import DATA, ROOT, write_rows

import aidcli
from aidcli.model.errors import UsageError
from aidcli.model.hedges import HEDGES, found, hedged, hedges


def packaged() -> list[dict[str, str]]:
    with (DATA / "donations.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


HEDGED = {r["record_id"] for r in packaged() if r["hedges"]}


@pytest.mark.parametrize("text,words", [
    ("Huawei ... has also reportedly donated over one million masks", ["reportedly"]),
    ("It is unclear if this number is included in the aforementioned 2 million masks", ["unclear"]),
    ("REPORTEDLY given; countries may\nstill be paying", ["reportedly", "may"]),
    ("vaccines it might develop, which may, allegedly, be shared", ["might", "may", "allegedly"]),
    ("Indeed, it  appears that both", ["it appears"]),
    ("In May 2020, by 31 May", []),  # the month
    ("the mayor's possibility, a likelihood, non-mayfly", []),
    ("nearly a million, over 20 bodies, up to $100 million, some 150 countries", []),  # approx, not hedges
])
def test_hedging_words_are_whole_words_found_in_the_order_they_appear(text, words):
    assert found(text) == words
    assert hedges(text) == "; ".join(words)
    assert hedged(text) is bool(words)


def test_the_hedges_column_is_derived_from_the_quote_and_says_so():
    rows = packaged()
    assert all(r["hedges"] == hedges(r["quote"]) for r in rows)
    first = {r["record_id"]: r["hedges"] for r in rows}
    assert (first["R0006"], first["R0011"], first["R0021"], first["R0031"], first["R0113"]) == (
        "reportedly", "allegedly", "presumably", "unclear", "it appears")
    assert first["R0028"] == ""
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    field = next(f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "hedges")
    assert field["description"].startswith("Derived by aidcli from quote")
    listed = re.search(r"The words: (.*?); each found", field["description"]).group(1)
    assert [w.split(" (")[0] for w in listed.split(", ")] == list(HEDGES)
    docs = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    listed = re.search(r"\(empty when none\):\n(.*?)\. Each is found", docs, re.S).group(1)
    assert [w.split(" (")[0] for w in " ".join(listed.split()).split(", ")] == list(HEDGES)


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
    rows = packaged()
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
