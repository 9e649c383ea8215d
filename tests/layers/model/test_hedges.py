"""The hedging words of a sentence (model/hedges.py), and the data's `hedges` column derived from
them (the --hedged filter: tests/options/test_filters.py)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import DATA, ROOT, donations

from aidcli.model.hedges import HEDGES, found, hedged, hedges


@pytest.mark.parametrize(
    "text,words",
    [
        ("Huawei ... has also reportedly donated over one million masks", ["reportedly"]),
        ("It is unclear if this number is included in the aforementioned 2 million masks", ["unclear"]),
        ("REPORTEDLY given; countries may\nstill be paying", ["reportedly", "may"]),
        ("vaccines it might develop, which may, allegedly, be shared", ["might", "may", "allegedly"]),
        ("Indeed, it  appears that both", ["it appears"]),
        ("In May 2020, by 31 May", []),  # the month
        ("the mayor's possibility, a likelihood, non-mayfly", []),
        ("nearly a million, over 20 bodies, up to $100 million, some 150 countries", []),  # approx, not hedges
    ],
)
def test_hedging_words_are_whole_words_found_in_the_order_they_appear(text, words):
    assert found(text) == words
    assert hedges(text) == "; ".join(words)
    assert hedged(text) is bool(words)


def test_the_hedges_column_is_derived_from_the_quote_and_says_so():
    rows = donations()
    assert all(r["hedges"] == hedges(r["quote"]) for r in rows)
    first = {r["record_id"]: r["hedges"] for r in rows}
    assert (first["R0006"], first["R0011"], first["R0021"], first["R0031"], first["R0113"]) == (
        "reportedly",
        "allegedly",
        "presumably",
        "unclear",
        "it appears",
    )
    assert first["R0028"] == ""
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    field = next(f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "hedges")
    assert field["description"].startswith("Derived by aidcli from quote")
    listed = re.search(r"The words: (.*?); each found", field["description"]).group(1)
    assert [w.split(" (")[0] for w in listed.split(", ")] == list(HEDGES)
    docs = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    listed = re.search(r"\(empty when none\):\n(.*?)\. Each is found", docs, re.S).group(1)
    assert [w.split(" (")[0] for w in " ".join(listed.split()).split(", ")] == list(HEDGES)
