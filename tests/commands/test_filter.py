"""aidcli filter: conditions parsed by our own parser."""

import json


def test_quantity_at_least_a_million(cli):
    r = cli("filter", "quantity >= 1000000", "-f", "json")
    assert r.code == 0
    data = json.loads(r.out)
    assert data and all(d["quantity"] >= 1_000_000 for d in data)
    assert {"R0006", "R0028", "R0076"} <= {d["record_id"] for d in data}


def test_several_conditions_and_options(cli):
    rows = cli("filter", "region = europe", "donor ~ foundation", "-f", "csv").csv()
    assert rows and {r["region"] for r in rows} == {"Europe"}
    assert all("Foundation" in r["donor"] for r in rows)


def test_quoted_values_and_not_contains(cli):
    rows = cli("filter", 'recipient = "South Korea"', "donor !~ government", "-f", "csv").csv()
    assert rows and {r["recipient"] for r in rows} == {"South Korea"}
    assert not any("government" in r["donor"].lower() for r in rows)


def test_date_comparison_is_partial_aware(cli):
    rows = cli("filter", "date >= 2020-03-20", "-f", "csv").csv()
    assert {r["date"] for r in rows} >= {"2020-03-25", "2020-03-22"}
    # a date is an interval, as in --since: March as a whole does not lie on or after the 20th
    assert not {"2020-03-18", "2020-03"} & {r["date"] for r in rows}


def test_date_equals_a_month_means_wholly_inside_it(cli):
    dates = {r["date"] for r in cli("filter", "date = 2020-3", "-f", "csv").csv()}
    assert "2020-03" in dates and "2020-03-25" in dates and not any(d.startswith("2020-04") for d in dates)
    assert dates == {r["date"] for r in cli("list", "--since", "2020-03", "--until", "2020-03", "-f", "csv").csv()}


def test_column_names_case_blind_and_thousands_separators(cli):
    a = cli("filter", "Quantity >= 500,000", "-f", "csv").out
    assert a and a == cli("filter", "quantity >= 500000", "-f", "csv").out


def test_boolean_condition(cli):
    rows = cli("filter", "in_totals = false", "-f", "csv").csv()
    assert rows and {r["in_totals"] for r in rows} == {"false"}


def test_unknown_column_names_the_columns(cli):
    r = cli("filter", "colour = red")
    assert r.code == 2 and "unknown column 'colour'" in r.err and "quantity" in r.err
