"""aidcli by-country and by-donor: profiles in every format, their sections, who gave each sum,
records that may report the same aid, China's overview."""

from __future__ import annotations

import json

import pytest
from conftest import country as country_profile
from conftest import members_of, one, rows_of, session

import aidcli


def may_links(rows: list[dict[str, str]]) -> dict[str, set[str]]:
    """From data/donations.csv: each record in totals and the records in totals it may report
    again (`overlaps`, read both ways; umbrella statements and the like left out)."""
    counted = {r["record_id"] for r in rows if r["in_totals"] == "true"}
    links: dict[str, set[str]] = {}
    for r in rows:
        for other in r["overlaps"].split():
            if r["record_id"] in counted and other in counted:
                links.setdefault(r["record_id"], set()).add(other)
                links.setdefault(other, set()).add(r["record_id"])
    return links


def expected_overlaps(rows: list[dict[str, str]], country: str) -> dict[str, set[str]]:
    links = may_links(rows)
    return {
        r["record_id"]: links[r["record_id"]]
        for r in members_of(rows)
        if r["recipient"] == country and r["record_id"] in links
    }


WIDE = {"COLUMNS": "200"}


def test_a_profile_with_a_conflicting_filter_says_why_it_is_empty(cli):
    r = cli("by-country", "Spain", "-c", "Italy", "-f", "json")
    assert r.code == 0 and "--country selects other records" in r.err


def test_spain_profile_sections(cli):
    data = json.loads(cli("by-country", "Spain", "-f", "json").out)
    assert set(data) == {"received", "received_other", "donors", "sent", "may_overlap", "not_in_totals", "records"}
    received = {}
    for r in data["received"]:  # one row per donor: summed here over donors
        key = (r["recipient"], r["item"], r["status"])
        received[key] = received.get(key, 0) + r["quantity"]
    assert received[("Spain", "masks", "delivered")] == 600000
    assert received[("shared: Spain, Italy", "masks", "delivered")] == 1800000
    donors = {(r["donor"], r["item"]): r["quantity"] for r in data["received"] if r["recipient"] == "Spain"}
    assert donors[("Jack Ma Foundation and Alibaba Foundation", "masks")] == 500000
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
    assert got == {
        ("masks", "pledged"): 100000,
        ("test kits", "pledged"): 20000,
        ("protective suits/face shields", "pledged"): 1000,
    }


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
        assert len(donors.frame) == n and f"{n} donors here; the article says {said}." in donors.caption
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
    records = out[out.index("Canada: records\n") :]
    assert "approx" not in records and "over" not in records


@pytest.mark.parametrize("country", ["Japan", "Israel", "Germany"])
def test_a_profile_lists_its_records_that_may_report_the_same_aid(cli, rows, country):
    """Japan: R0039 may be part of R0057; Israel: R0052 and R0096 (and R0057); Germany: R0031 and
    R0021. Their "flows reported twice" section is empty: this one is not."""
    expected = expected_overlaps(rows, country)
    assert expected  # the data holds such records for these three
    data = json.loads(cli("by-country", country, "-f", "json").out)
    got = {r["record_id"]: set(r["may_overlap"].split()) for r in data["may_overlap"]}
    assert got == expected
    assert all(r["notes"] and "may" in r["notes"].lower() for r in data["may_overlap"])
    assert data["not_in_totals"] == []  # the old section stays empty for these: both records count
    table = cli("by-country", country, "-f", "table", env={"COLUMNS": "200"}).out
    assert f"{country}: records that may report the same aid as another" in table
    said = " ".join(table.split())
    assert "count in totals" in said and "A sum that holds both shows a range" in said
    for rid, others in expected.items():
        assert rid in table and all(o in table for o in others)


def test_japans_r0039_may_be_part_of_r0057(cli, rows):
    links = may_links(rows)
    assert links["R0039"] == {"R0057"}
    [row] = json.loads(cli("by-country", "Japan", "-f", "json").out)["may_overlap"]
    assert (row["record_id"], row["may_overlap"], row["donor"]) == (
        "R0039",
        "R0057",
        "Jack Ma Foundation and Alibaba Foundation",
    )
    assert "R0057" in row["notes"]


def test_a_profile_without_such_records_says_so(cli):
    r = cli("by-country", "Pakistan", "-f", "json")
    assert json.loads(r.out)["may_overlap"] == []
    assert "No record of this profile may report the same aid" in r.err


def test_by_donor_lists_its_records_that_may_report_the_same_aid(cli, rows):
    links = may_links(rows)
    huawei = {r["record_id"] for r in rows if r["donor"] == "Huawei" and r["record_id"] in links}
    data = json.loads(cli("by-donor", "Huawei", "-f", "json").out)
    assert {r["record_id"] for r in data["may_overlap"]} == huawei == {"R0006", "R0092"}


def test_every_recipient_of_a_may_overlap_record_sees_it_in_its_profile(rows):
    """Every record in totals that may report the same aid as another appears in the profile of
    each recipient it names, with the same linked records (through the Python API)."""
    aid = aidcli.Aid()
    links = may_links(rows)
    for country in sorted({r["recipient"] for r in rows if r["record_id"] in links and r["recipient_iso3"]}):
        table = aid.country(country, explain=False).tables["may_overlap"]
        got = {rid: set(ids.split()) for rid, ids in zip(table["record_id"], table["may_overlap"])}
        expected = expected_overlaps(rows, country)
        assert {k: v for k, v in got.items() if k in expected} == expected, country


def test_the_may_overlap_section_in_every_format(cli, tmp_path):
    from openpyxl import load_workbook

    md = cli("by-country", "Israel", "-f", "markdown").out
    assert "### Israel: records that may report the same aid as another" in md and "| R0052 |" in md
    csv_run = cli("by-country", "Israel", "-f", "csv")
    assert "records that may report the same aid" in csv_run.err  # csv holds the records and says so
    assert cli("by-country", "Israel", "-o", str(tmp_path / "israel.xlsx")).code == 0
    sheet = load_workbook(tmp_path / "israel.xlsx")["may_overlap"]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"R0052", "R0096"}


def test_israels_donors_say_two_of_them_may_be_one_gift(cli, rows):
    """'Jack Ma Foundation' and 'Jack Ma Foundation and Alibaba Foundation' are two donors of
    Israel, and R0052 and R0096 may be one gift: the donors table says so."""
    donor_of = {r["record_id"]: r["donor"] for r in rows}
    assert "R0096" in may_links(rows)["R0052"] and donor_of["R0052"] != donor_of["R0096"]
    data = json.loads(cli("by-country", "Israel", "-f", "json").out)
    donors = {r["donor"]: r["may_overlap"] for r in data["donors"]}
    assert f"R0096 may overlap R0052 ({donor_of['R0052']})" in donors[donor_of["R0096"]]
    assert f"R0096 ({donor_of['R0096']})" in donors[donor_of["R0052"]]
    assert donors["Toga Networks"] == ""
    table = " ".join(cli("by-country", "Israel", "-f", "table", env={"COLUMNS": "200"}).out.split())
    assert "Two donors here may be one gift: R0052" in table and "R0096 (Jack Ma Foundation)" in table
    api = aidcli.country("Israel").tables["donors"]
    assert list(api["may_overlap"]) == [r["may_overlap"] for r in data["donors"]]


def test_us_received_names_the_donor_of_each_sum(cli, rows):
    """The US profile opened with 'aid package about 508,000,000 USD' and 'ventilators 1,000' as
    if they were Chinese government aid: each sum names its donor (its type in the donors table)."""
    expected = {
        (r["donor"], r["item"])
        for r in rows
        if r["recipient"] == "United States"
        and r["flow"] == "from-china"
        and r["kind"] == "donation"
        and r["in_totals"] == "true"
        and r["status"] != "rejected"
        and (r["quantity"] or r["value_usd"])
    }
    data = json.loads(cli("by-country", "United States", "-f", "json").out)
    got = {(r["donor"], r["item"]) for r in data["received"]}
    assert got == expected
    assert ("Jack Ma Foundation and Alibaba Foundation", "aid package") in got
    assert ("Unnamed donor", "ventilators") in got
    types = {r["donor"]: r["donor_type"] for r in data["donors"]}  # and the donors table says what each is
    assert types["Jack Ma Foundation and Alibaba Foundation"] == "foundation" and types["Unnamed donor"] == "unnamed"
    table = cli("by-country", "United States", "-f", "table", env={"COLUMNS": "200"}).out
    head = table.split("\n\n")[0]
    assert head.startswith("United States: received from China") and "donor" in head
    assert "Jack Ma Foundation and Alibaba" in head and "Unnamed donor" in head  # a long name wraps


def test_aid_not_from_china_has_its_own_table(cli, rows):
    """The WHO profile listed the United States' own $893 million among China's money, told apart
    only by 'flow other': it has a table of its own, titled so, with its donor."""
    other = [
        r
        for r in rows
        if r["recipient"] == "World Health Organization"
        and r["flow"] != "from-china"
        and r["in_totals"] == "true"
        and r["quantity"]
    ]
    assert other  # the US funding of the WHO
    data = json.loads(cli("by-country", "WHO", "-f", "json").out)
    assert {r["flow"] for r in rows if r["recipient"] == "World Health Organization"} >= {"from-china", "other"}
    assert "United States government" not in {r["donor"] for r in data["received"]}
    assert {(r["donor"], r["quantity"]) for r in data["received_other"]} == {
        (r["donor"], float(r["quantity"])) for r in other
    }
    table = cli("by-country", "WHO", "-f", "table", env={"COLUMNS": "200"}).out
    received, _, rest = table.partition("World Health Organization: received from others, not from China")
    assert "893,000,000" not in received and "893,000,000" in rest.split("\n\n")[0]
    assert "Not China's aid" in rest
    assert "None: no record matched gives it aid from outside China." in cli("by-country", "Spain", "-f", "table").out


@pytest.mark.parametrize("country", ["Spain", "Italy", "United States", "Kenya", "World Health Organization"])
def test_received_by_donor_adds_up_to_totals(country):
    """Summed over donors, what a country received from China is what `totals -c` gives."""
    received = aidcli.country(country, explain=False).tables["received"]
    totals = aidcli.totals(country=country, explain=False).frame
    keys = ["recipient", "item", "unit", "status"]
    assert received.groupby(keys)["quantity"].sum().to_dict() == totals.groupby(keys)["quantity"].sum().to_dict()
    assert received["records"].sum() >= totals["records"].sum()


def test_china_is_an_overview_and_its_records_come_on_request(cli, rows):
    china_records = {
        r["record_id"] for r in members_of(rows) if r["recipient_iso3"] == "CHN" or r["donor_country"] == "CHN"
    }
    r = cli("by-country", "China", "-f", "table", env={"COLUMNS": "160"})
    assert r.code == 0
    assert "China: records\n" not in r.out  # no block per record
    assert len(r.out.splitlines()) < 300, len(r.out.splitlines())
    for title in (
        "China: received (aid to China), from whom",
        "China: aid partly or possibly to China, kept apart",
        "China: donors",
        "China: what its donors sent, by region",
        "China: what its donors sent, records by region",
    ):
        assert title in r.out
    assert f"its {len(china_records)} records" in r.err and "--records" in r.err
    listed = cli("by-country", "China", "--records", "-f", "csv").csv()
    assert {x["record_id"] for x in listed} == china_records
    table = cli("by-country", "China", "--records", "-f", "table", env={"COLUMNS": "160"}).out
    assert table.startswith("China: records") and "R0007" in table
    as_json = json.loads(cli("by-country", "China", "--records", "-f", "json").out)
    assert isinstance(as_json, list) and {x["record_id"] for x in as_json} == china_records


def test_what_china_received_and_from_whom(cli, rows):
    data = json.loads(cli("by-country", "China", "-f", "json").out)
    assert set(data) == {
        "received",
        "partly_to_china",
        "donors",
        "sent",
        "sent_regions",
        "may_overlap",
        "not_in_totals",
    }
    expected = {
        (r["donor"], r["item"]) for r in rows if r["flow"] == "to-china" and r["in_totals"] == "true" and r["quantity"]
    }
    assert {(r["donor"], r["item"]) for r in data["received"]} == expected
    assert {r["flow"] for r in data["received"] if "flow" in r} <= {"to-china"}
    assert {r["record_id"] for r in data["partly_to_china"]} == {"R0011", "R0114"}
    us = next(r for r in data["partly_to_china"] if r["record_id"] == "R0011")
    assert us["approx"] == "up to"
    regions = {r["region"] for r in rows if r["donor_country"] == "CHN" and r["recipient_iso3"] != "CHN"}
    assert {r["region"] for r in data["sent_regions"]} == regions
    by_region = {r["region"]: r["records"] for r in data["sent_regions"]}
    for region in regions:
        assert by_region[region] == len(
            {
                r["record_id"]
                for r in rows
                if r["donor_country"] == "CHN" and r["recipient_iso3"] != "CHN" and r["region"] == region
            }
        )
    assert all(r["region"] for r in data["sent"])
    api = aidcli.country("China", explain=False)
    assert set(api.tables) == set(data) and api.frame.equals(api.tables["received"])


def test_china_sent_by_region_adds_up_to_totals_by_region():
    sent = aidcli.country("China", explain=False).tables["sent"]
    totals = aidcli.totals("region", explain=False, donor_country="China").frame
    keys = ["region", "item", "unit", "status"]
    assert sent.groupby(keys)["quantity"].sum().to_dict() == totals.groupby(keys)["quantity"].sum().to_dict()


def test_eu_profile_shows_what_it_sent_to_china():
    result = country_profile(session(), "EU")
    sent = rows_of(result, "sent")
    assert one(sent, item="protective equipment")["quantity"] == 12


def test_china_profile_lists_its_donors():
    result = country_profile(session(), "China")
    donors = {r["donor"] for r in rows_of(result, "donors")}
    assert {"European Union", "United States government", "Japan (unspecified)"} <= donors


def test_by_donor_united_states_shows_what_it_gave(cli):
    data = json.loads(cli("by-donor", "United States", "-f", "json").out)
    assert any(r["item"] == "cash" for r in data["gave"])


def test_a_profile_marks_the_shared_amount_it_lists(cli):
    out = cli("by-country", "Laos", "-f", "table", env=WIDE).out
    line = next(line for line in out.splitlines() if "3,800,000" in line and "R0057" in line)
    assert "shared: Laos, Cambodia" in line
    rows = cli("by-country", "Laos", "-f", "csv").csv()
    assert next(r["recipient"] for r in rows if r["record_id"] == "R0057").startswith("shared: ")


def test_the_ireland_profile_says_purchase_and_more_than(cli):
    out = cli("by-country", "Ireland", "-f", "table", env=WIDE).out
    line = next(line for line in out.splitlines() if "200,000,000" in line)
    assert "more than 200,000,000" in line and "purchase" in line
    records = out.split("Ireland: records\n")[1]
    nearly = next(line for line in records.splitlines() if "R0031" in line)
    assert "nearly 1,000,000" in nearly
