"""aidcli countries, donors, items, sources: facets with counts."""

from __future__ import annotations

import csv

from conftest import ROOT


def test_countries(cli):
    rows = cli("countries", "-f", "csv").csv()
    italy = next(r for r in rows if r["recipient"] == "Italy")
    assert italy["type"] == "country" and italy["recipient_iso3"] == "ITA" and int(italy["records"]) >= 8
    who = next(r for r in rows if r["recipient"] == "World Health Organization")
    assert who["type"] == "organisation"
    china = next(r for r in rows if r["recipient"] == "China")
    assert int(china["records"]) >= 7
    canada = next(r for r in rows if r["recipient"] == "Canada")
    assert canada["sent_to_china"] == "1"
    eu = next(r for r in rows if r["recipient"] == "European Union")  # what it sent counts too
    assert int(eu["sent_to_china"]) >= 2


def test_donors(cli):
    rows = cli("donors", "-f", "csv").csv()
    toga = next(r for r in rows if r["donor"] == "Toga Networks")
    assert toga["parent"] == "Huawei" and toga["records"] == "1"


def test_items(cli):
    rows = cli("items", "-f", "csv").csv()
    assert {"masks", "N95 masks", "ventilators"} <= {r["item"] for r in rows}


def test_sources(cli):
    rows = cli("sources", "-f", "csv").csv()
    with (ROOT / "records" / "sources.csv").open(encoding="utf-8", newline="") as fh:
        articles = {row["source"] for row in csv.DictReader(fh)}
    assert {r["source"] for r in rows} == articles and len(articles) >= 2
    assert all(int(r["records"]) > 0 for r in rows)


def test_countries_counts_each_type_and_unnamed_groups_are_groups(cli, ds):
    """The caption counts countries, organisations and groups apart ('137 countries' was all three),
    and an unnamed group is a group whatever its region: '82 countries', 'everyone in the world'."""
    r = cli("countries", "-f", "csv")
    types = {row["recipient"]: row["type"] for row in r.csv()}
    assert {
        types[g]
        for g in (
            "82 countries",
            "everyone in the world",
            "16 European countries",
            "four international organizations",
            "some 150 countries",
        )
    } == {"group"}
    assert {n for n, t in types.items() if t == "organisation"} == {
        "World Health Organization",
        "European Union",
        "African Union",
    }
    countries = ds.donations["recipient_iso3"].dropna().nunique()
    groups = sum(t == "group" for t in types.values())
    assert f"{countries} countries, 3 organisations, {groups} groups." in r.err
    assert (countries, groups) == (105, 29)


def test_donor_recipients_leave_out_what_a_donor_only_carried_or_distributed(cli):
    """'Ethiopian Prime Minister Abi Ahmed ... will oversee and coordinate the distribution of medical
    equipment to each African nation' (logistics): it gave the 54 states nothing, so it counts none."""
    r = cli("donors", "--sort", "recipients", "--desc", "-f", "csv")
    rows = {row["donor"]: row for row in r.csv()}
    assert (
        rows["Ethiopian Prime Minister and Africa CDC"]["records"],
        rows["Ethiopian Prime Minister and Africa CDC"]["recipients"],
    ) == ("1", "0")
    assert rows["People's Liberation Army"]["recipients"] == "0"
    assert next(iter(rows)) == "Jack Ma Foundation and Alibaba Foundation"
    assert "leaving out logistics records" in r.err
