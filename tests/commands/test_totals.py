"""aidcli totals: the counting rules."""


def total(rows, **match):
    hits = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(hits) == 1, (match, hits)
    return hits[0]


def test_jack_ma_foundation_delivered_and_pledged_apart(cli):
    rows = cli("totals", "--donor", "Jack Ma Foundation", "-f", "csv").csv()
    masks_delivered = total(rows, item="masks", status="delivered")
    # Italy 500,000 + Spain 500,000 + Japan 1,000,000 + the shared 3.8 million for Asia (which may
    # include Japan's million: the article does not say, so both count)
    assert masks_delivered["quantity"] == "5800000"
    assert masks_delivered["records"] == "4"
    # 100,000 to each of the 54 African nations
    assert total(rows, item="masks", status="pledged")["quantity"] == "5400000"
    assert total(rows, item="aid package")["value_usd"] == "508000000"


def test_shared_amount_is_its_own_row_per_recipient(cli):
    rows = cli("totals", "--by", "recipient", "--item", "masks", "-f", "csv").csv()
    shared = total(rows, recipient="shared: Spain, Italy", item="masks")
    assert shared["quantity"] == "1800000"
    assert total(rows, recipient="Spain", item="masks")["quantity"] == "600000"
    eight = [r for r in rows if r["recipient"].startswith("shared: Germany")]
    # a machine format names every member, as the row views do, so a script can join them
    assert eight and eight[0]["quantity"] == "1000000" and eight[0]["recipient"].count(", ") == 7
    listed = {r["recipient"] for r in cli("list", "-i", "masks", "-f", "csv").csv()}
    assert eight[0]["recipient"] in listed
    assert total(rows, recipient="Kenya", item="masks")["quantity"] == "100000"
    # a screen shortens the label
    screen = cli("totals", "--by", "recipient", "--item", "masks", "-f", "table", env={"COLUMNS": "200"}).out
    assert "shared: Germany, France, +6" in screen and "Switzerland" not in screen


def test_shared_counted_once_without_recipient_split(cli):
    rows = cli("totals", "--item", "medical masks", "--status", "delivered", "-f", "csv").csv()
    # Fujian 300,000 + Bank of China 30,000 + nearly 1 million shared by 8 countries, once
    assert total(rows, item="medical masks")["quantity"] == str(300_000 + 30_000 + 1_000_000)


def test_country_filter_keeps_shared_apart(cli):
    rows = cli("totals", "--country", "Spain", "-f", "csv").csv()
    assert total(rows, recipient="Spain", item="masks")["quantity"] == "600000"
    assert total(rows, recipient="shared: Spain, Italy", item="masks")["quantity"] == "1800000"


def test_defaults_leave_out_purchases_and_say_so(cli):
    r = cli("totals", "-c", "Ireland", "-f", "table")
    assert "purchase" in r.out and "200,000,000" not in r.out
    rows = cli("totals", "-c", "Ireland", "--kind", "purchase", "-f", "csv").csv()
    assert total(rows, item="medical supplies")["quantity"] == "200000000"


def test_units_and_statuses_never_mix(cli):
    # the US pledge for 'China and other countries', the EU's vaccine-research money and the US's
    # funding for the WHO are flow=other; the pledge and the paid funding stay apart
    rows = cli("totals", "--flow", "to-china", "--flow", "other", "-f", "csv").csv()
    keys = [(r["item"], r["unit"], r["status"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert total(rows, item="cash", unit="EUR")["quantity"] == "10000000"
    assert total(rows, item="cash", unit="USD", status="pledged")["quantity"] == "100000000"
    assert total(rows, item="cash", unit="USD", status="delivered")["quantity"] == "893000000"
    assert not [r for r in cli("totals", "--flow", "to-china", "-f", "csv").csv() if r["item"] == "cash"]


def test_by_month_and_region(cli):
    rows = cli("totals", "--by", "month,region", "-f", "csv").csv()
    assert rows[0].keys() >= {"month", "region", "item", "unit", "status", "quantity", "value_usd", "records"}
    fujian = [r for r in rows if r["month"] == "2020-03" and r["region"] == "Europe" and r["item"] == "ventilators"]
    assert fujian and fujian[0]["quantity"] == "30"


def test_unknown_by_key(cli):
    r = cli("totals", "--by", "planet")
    assert r.code == 2 and "--by" in r.err and "recipient" in r.err
