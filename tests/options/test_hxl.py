"""--hxl: the hashtag row under a CSV header, from the schema, enough to apply the counting rules."""

from __future__ import annotations

import csv
import io

from conftest import counted_sum

from aidcli.model.schema import donations_schema


def test_hxl_row_under_the_header(cli):
    rows = list(csv.reader(io.StringIO(cli("list", "-c", "Greece", "--hxl", "-f", "csv").out)))
    header, tags = rows[0], rows[1]
    assert dict(zip(header, tags))["donor"] == "#org+name+funder"
    assert dict(zip(header, tags))["recipient_iso3"] == "#country+code"
    assert all(t == "" or t.startswith("#") for t in tags)
    assert rows[2][0] == "R0033"


def test_hxl_tags_come_from_the_schema(cli):
    from aidcli.output.shaping import COUNTING_HXL

    tags = {f.name: f.hxl or COUNTING_HXL.get(f.name, "") for f in donations_schema().fields}
    row = list(csv.reader(io.StringIO(cli("export", "--hxl", "-f", "csv").out)))[1]
    assert row == [tags[f.name] for f in donations_schema().fields]
    assert all(row), "every column has a hashtag"


def test_hxl_needs_csv(cli):
    r = cli("list", "--hxl", "-f", "json")
    assert r.code == 2 and "--hxl" in r.err


def test_hxl_users_can_apply_the_counting_rules(cli):
    import csv
    import io

    table = list(csv.reader(io.StringIO(cli("export", "--hxl", "-f", "csv").out)))
    tags, body = table[1], table[2:]
    at = {t: i for i, t in enumerate(tags)}
    for tag in ("#indicator+counted", "#indicator+in_totals", "#meta+allocation", "#meta+flow", "#meta+kind"):
        assert tag in at, tag
    hxl_sum = sum(
        float(r[at["#item+num"]])
        for r in body
        if r[at["#indicator+counted"]] == "true"
        and r[at["#item+name"]] == "masks"
        and r[at["#item+unit"]] == "pieces"
        and r[at["#status"]] == "delivered"
        and r[at["#meta+kind"]] == "donation"
        and r[at["#meta+flow"]] == "from-china"
        and r[at["#item+num"]]
    )
    totals = cli("totals", "--item", "masks", "--status", "delivered", "-f", "csv").csv()
    [masks] = [t for t in totals if t["item"] == "masks" and t["unit"] == "pieces"]
    expected = counted_sum(item="masks", unit="pieces", status="delivered", kind="donation", flow="from-china")
    assert hxl_sum == float(masks["quantity"]) == expected
