"""aidcli countries, donors, items, sources: facets with counts."""


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


def test_donors(cli):
    rows = cli("donors", "-f", "csv").csv()
    toga = next(r for r in rows if r["donor"] == "Toga Networks")
    assert toga["parent"] == "Huawei" and toga["records"] == "1"


def test_items(cli):
    rows = cli("items", "-f", "csv").csv()
    assert {"masks", "N95 masks", "ventilators"} <= {r["item"] for r in rows}


def test_sources(cli):
    rows = cli("sources", "-f", "csv").csv()
    assert {r["source"] for r in rows} == {"ciua", "inss"}
    assert all(int(r["records"]) > 0 for r in rows)
