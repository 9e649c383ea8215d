"""aidcli reciprocity: who gave first, aid partly or possibly to China kept apart."""

from __future__ import annotations

import json

import aidcli


def partly_to_china(rows: list[dict[str, str]]) -> set[str]:
    """From data/donations.csv and records/countries.csv: records of flow 'other' whose recipients
    include China, or that name no country or organisation (the recipient is not stated)."""
    import csv

    from conftest import ROOT

    with (ROOT / "records" / "countries.csv").open(encoding="utf-8", newline="") as fh:
        known = {r["name"] for r in csv.DictReader(fh)}
    other: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        if r["flow"] == "other":
            other.setdefault(r["record_id"], []).append(r)
    return {
        rid
        for rid, rs in other.items()
        if any(r["recipient_iso3"] == "CHN" for r in rs)
        or not any(r["recipient_iso3"] or r["recipient"] in known for r in rs)
    }


def test_reciprocity_names_who_gave_first_from_the_articles_words(cli):
    data = {r["party"]: r for r in json.loads(cli("reciprocity", "-f", "json").out)["reciprocity"]}
    assert set(data) >= {"Canada", "European Union", "Japan", "South Korea"}
    assert data["Canada"]["first_sent"] == "2020-02" and "R0007" in data["Canada"]["evidence"]
    assert data["Japan"]["gave_first"].startswith("it gave first")
    assert data["South Korea"]["gave_first"].startswith("it gave first")
    # the US pledge was for 'China and other countries' together (flow other): never listed as sent to China
    assert "100,000,000 USD (pledged" not in data.get("United States", {}).get("sent_to_china", "")


def test_reciprocity_for_one_country(cli):
    rows = cli("reciprocity", "--country", "Japan", "-f", "csv").csv()
    assert [r["party"] for r in rows] == ["Japan"]
    table = cli("reciprocity", "--country", "Japan", "-f", "table").out
    assert "reciprocal gesture" in table


def test_reciprocity_shows_the_us_pledge_as_shared(cli):
    data = {r["party"]: r for r in json.loads(cli("reciprocity", "-f", "json").out)["reciprocity"]}
    assert "for China together with other countries affected by the outbreak" in data["United States"]["sent_to_china"]


def test_reciprocity_keeps_the_articles_qualifier(cli, ds):
    """Every amount in a reciprocity line carries its approx words: the US pledge was 'up to'."""
    rows = ds.donations.astype(object)
    hedged = rows[rows["approx"].notna() & rows["quantity"].notna() & rows["flow"].ne("from-china")]
    assert len(hedged)  # the data holds such a figure (R0011's 'up to')
    csv_rows = {r["party"]: r["sent_to_china"] for r in cli("reciprocity", "-f", "csv").csv()}
    table = " ".join(cli("reciprocity", "-f", "table", env={"COLUMNS": "400"}).out.split())
    for r in hedged.drop_duplicates(["record_id", "item"]).itertuples():
        said = f"{r.approx} {r.quantity:,.0f} {r.unit}"
        assert any(said in line for line in csv_rows.values()), said
        assert said in table
        assert f"{r.item} {r.quantity:,.0f}" not in " ".join(csv_rows.values())  # never the bare number


def test_aid_partly_to_china_has_its_own_section(cli, rows):
    """The US 'up to $100 million' for China and other countries, and the EU's EUR 10 million for
    vaccine research with no recipient stated: in no to-China view, so reciprocity lists them apart,
    whole, with the article's qualifier; aid between others (the US's offer to Iran) is left out
    and the caption says so."""
    expected = partly_to_china(rows)
    assert expected == {"R0011", "R0114"}
    data = json.loads(cli("reciprocity", "-f", "json").out)
    assert set(data) == {"reciprocity", "partly_to_china"}
    partly = data["partly_to_china"]
    assert {r["record_id"] for r in partly} == expected
    us = next(r for r in partly if r["record_id"] == "R0011")
    assert (us["quantity"], us["unit"], us["approx"], us["status"]) == (100000000, "USD", "up to", "pledged")
    assert us["recipients"].startswith("China, ") and us["to_china"] == "China among the recipients"
    eu = next(r for r in partly if r["record_id"] == "R0114")
    assert (eu["quantity"], eu["unit"], eu["value_usd"]) == (10000000, "EUR", 11070000)
    assert eu["to_china"] == "recipient not stated"
    table = cli("reciprocity", "-f", "table", env={"COLUMNS": "200"})
    section = table.out.split("Aid partly or possibly to China, kept apart")[1]
    assert "up to" in section and "100,000,000" in section and "10,000,000" in section
    between = {r["record_id"] for r in rows if r["flow"] == "other"} - expected
    assert f"Left out: {len(between)} records of aid between others" in " ".join(section.split())
    csv_run = cli("reciprocity", "-f", "csv")
    assert "csv holds one table, 'reciprocity'; --format json carries all 2" in csv_run.err
    assert set(aidcli.reciprocity().tables) == {"reciprocity", "partly_to_china"}
    assert set(aidcli.reciprocity().tables["partly_to_china"]["record_id"]) == expected


def test_partly_to_china_follows_the_country_filter(cli):
    assert json.loads(cli("reciprocity", "-c", "Japan", "-f", "json").out)["partly_to_china"] == []
    us = json.loads(cli("reciprocity", "-c", "United States", "-f", "json").out)["partly_to_china"]
    assert [r["record_id"] for r in us] == ["R0011"]


def test_the_evidence_is_the_sentence_as_a_reader_sees_it(cli):
    """The evidence quotes the article's words clean, as show and cite do: none of the seed's
    Markdown (links such as [pledged](#), bold marks)."""
    got = json.loads(cli("reciprocity", "-f", "json").out)
    evidence = [str(row["evidence"]) for row in got["reciprocity"] if row.get("evidence")]
    assert evidence
    assert not any("](" in e or "**" in e for e in evidence), evidence
