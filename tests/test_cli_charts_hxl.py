"""--chart bars in the terminal, and the --hxl hashtag row on CSV."""

import csv
import io

from aidcli.schema import donations_schema


def test_totals_chart_one_chart_per_unit(cli):
    out = cli("totals", "--by", "recipient", "--item", "masks", "--status", "delivered", "--chart",
              "-f", "table").out
    assert "Totals (pieces)" in out and "█" in out and "1,800,000" in out
    assert "tonnes" not in out


def test_compare_chart(cli):
    out = cli("compare", "Italy", "Spain", "--chart", "-f", "table").out
    assert "Compare (pieces)" in out and "Compare (tonnes)" in out


def test_chart_refuses_csv(cli):
    r = cli("compare", "Italy", "Spain", "--chart", "-f", "csv")
    assert r.code == 2 and "--chart" in r.err


def test_hxl_row_under_the_header(cli):
    rows = list(csv.reader(io.StringIO(cli("list", "-c", "Greece", "--hxl", "-f", "csv").out)))
    header, tags = rows[0], rows[1]
    assert dict(zip(header, tags))["donor"] == "#org+name+funder"
    assert dict(zip(header, tags))["recipient_iso3"] == "#country+code"
    assert all(t == "" or t.startswith("#") for t in tags)
    assert rows[2][0] == "R0033"


def test_hxl_tags_come_from_the_schema(cli):
    from aidcli.shaping import COUNTING_HXL

    tags = {f.name: f.hxl or COUNTING_HXL.get(f.name, "") for f in donations_schema().fields}
    row = list(csv.reader(io.StringIO(cli("export", "--hxl", "-f", "csv").out)))[1]
    assert row == [tags[f.name] for f in donations_schema().fields]
    assert all(row), "every column has a hashtag"


def test_hxl_needs_csv(cli):
    r = cli("list", "--hxl", "-f", "json")
    assert r.code == 2 and "--hxl" in r.err
