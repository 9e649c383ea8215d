"""aidcli by-country and by-donor: profiles in every format."""

import json


def test_spain_profile_sections(cli):
    data = json.loads(cli("by-country", "Spain", "-f", "json").out)
    assert set(data) == {"received", "donors", "sent", "not_in_totals", "records"}
    received = {(r["recipient"], r["item"], r["status"]): r["quantity"] for r in data["received"]}
    assert received[("Spain", "masks", "delivered")] == 600000
    assert received[("shared: Spain, Italy", "masks", "delivered")] == 1800000
    assert "Huawei" in {d["donor"] for d in data["donors"]}
    assert [r["record_id"] for r in data["not_in_totals"]] == ["R0082"]


def test_spain_profile_csv_is_its_records(cli):
    rows = cli("by-country", "Spain", "-f", "csv").csv()
    assert {r["record_id"] for r in rows} >= {"R0028", "R0029", "R0085", "R0091", "R0068"}


def test_spain_profile_table_says_what_it_left_out(cli):
    out = cli("by-country", "Spain", "-f", "table").out
    assert "Spain: received" in out and "1,800,000" in out
    assert "Left out:" in out and "shared" in out


def test_kenya_gets_the_per_nation_pledge(cli):
    data = json.loads(cli("by-country", "Kenya", "-f", "json").out)
    got = {(r["item"], r["status"]): r["quantity"] for r in data["received"]}
    assert got == {("masks", "pledged"): 100000, ("test kits", "pledged"): 20000,
                   ("protective suits/face shields", "pledged"): 1000}


def test_canada_sent_to_china(cli):
    data = json.loads(cli("by-country", "Canada", "--explain", "-f", "json").out)
    assert [r["record_ids"] for r in data["sent"]] == [["R0007"]]


def test_huawei_includes_toga_networks_marked(cli):
    data = json.loads(cli("by-donor", "Huawei", "-f", "json").out)
    via = {r["record_id"]: r["via"] for r in data["records"]}
    assert via["R0098"] == "part of Huawei"
    assert via["R0006"] == ""
    assert "Israel" in {r["recipient"] for r in data["recipients"]}  # Toga Networks' gift


def test_by_donor_markdown(cli):
    md = cli("by-donor", "Fujian", "-f", "markdown").out
    assert "### Fujian Province: gave" in md and "| ventilators |" in md


def test_real_country_without_records_is_empty_not_an_error(cli):
    r = cli("by-country", "Norway", "-f", "json")
    assert r.code == 0 and "Norway" in r.err
    assert json.loads(r.out)["records"] == []


def test_a_profile_shows_the_articles_count_of_donors_beside_its_own(cli):
    """by-country Italy lists 7 donors; INSS says Italy received donations 'from over 20 government
    and private bodies in China' (R0081). Spain: 5, and 'at least 12 different Chinese entities'."""
    import aidcli

    for place, n, said in (("Italy", 7, "over 20 (R0081)"), ("Spain", 5, "at least 12 (R0082)")):
        out = " ".join(cli("by-country", place, "-f", "table", env={"COLUMNS": "400"}).out.split())
        assert f"in totals or not. {n} donors here; the article says {said}." in out
        donors = next(s for s in aidcli.country(place).result.sections if s.key == "donors")
        assert len(donors.frame) == n and donors.caption.endswith(f"the article says {said}.")
    japan = next(s for s in aidcli.country("Japan").result.sections if s.key == "donors")
    assert "the article says" not in japan.caption


def test_a_profiles_records_keep_the_hedge_of_a_figure_shown(cli):
    r = cli("by-country", "Canada", "--columns", "record_id,quantity", "-f", "csv")
    assert list(r.csv()[0]) == ["record_id", "quantity", "approx"]
    assert "Added the column approx after quantity: the article qualifies 1 figure shown (over)." in r.err
    data = json.loads(cli("by-country", "Canada", "--columns", "record_id,quantity", "-f", "json").out)
    assert {"record_id": "R0006", "quantity": 1000000, "approx": "over"} in data["records"]


def test_a_profiles_records_without_a_number_have_no_words_column(cli):
    out = cli("by-country", "Canada", "--columns", "record_id,donor", "-f", "table").out
    records = out[out.index("Canada: records"):]
    assert "approx" not in records and "over" not in records
