"""JSON a script reads: `show` gives each record as one typed object (booleans, numbers, null as
datapackage.json types them), a profile one object of sections, and every command's JSON is strict
JSON (never NaN or Infinity); jq reads the installed command's, where jq is installed.
docs/output.md names each command's shape."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess

import pytest
from conftest import ROOT, one_line_error, run_installed, write_rows


def strict(text: str):
    """json.loads that refuses NaN, Infinity and -Infinity, as JSON (RFC 8259) does."""

    def refuse(name: str):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


def shown(cli, *args: str):
    """A command's JSON through aidcli's entry point, read strictly (jq reads the installed command's)."""
    r = cli(*args, "-f", "json")
    assert r.code == 0, r.err
    return strict(r.out)


COMMANDS = {  # a command's JSON: an array of row objects, or one object (of sections, for a profile)
    "list": (["list", "-c", "Spain"], list),
    "filter": (["filter", "quantity>1000000"], list),
    "totals": (["totals"], list),
    "compare": (["compare", "Spain", "Italy"], list),
    "by-country": (["by-country", "Spain"], dict),
    "by-donor": (["by-donor", "Huawei"], dict),
    "countries": (["countries"], list),
    "donors": (["donors"], list),
    "items": (["items"], list),
    "sources": (["sources"], list),
    "reciprocity": (["reciprocity"], dict),
    "summary": (["summary"], dict),
    "show": (["show", "R0028"], list),
    "export": (["export"], list),
}


def test_a_record_is_one_typed_object(cli):
    [rec] = shown(cli, "show", "R0028")
    assert rec["record_id"] == "R0028" and rec["in_totals"] is True
    assert rec["date"] is None and rec["overlaps"] == "R0026 R0029" and rec["channel"] is None
    assert rec["donor"] == "China (unspecified)" and rec["source"] == "ciua"
    assert rec["quote"] == "This came after 1.8 million masks were delivered for use in both Spain and Italy."
    assert rec["cite"].startswith("Tom Alton.") and rec["file"].startswith("seeds/")
    assert rec["rows"] == [
        {
            "recipient": "shared: Spain, Italy",
            "recipient_place": None,
            "item": "masks",
            "quantity": 1800000,
            "unit": "pieces",
            "approx": None,
            "value_usd": None,
            "status": "delivered",
            "counted": True,
        }
    ]


def test_records_in_the_order_asked_with_their_rows_and_clean_quotes(cli):
    records = shown(cli, "show", "R0025", "R0001")
    assert [r["record_id"] for r in records] == ["R0025", "R0001"]
    assert records[1]["in_totals"] is False and len(records[1]["rows"]) > 1
    assert "[contributed](#)" not in records[0]["quote"] and "\n" not in records[0]["quote"]
    assert all(isinstance(row["quantity"], (int, float, type(None))) for r in records for row in r["rows"])


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_gives_strict_json_of_its_documented_shape(cli, name):
    args, shape = COMMANDS[name]
    payload = shown(cli, *args)
    assert isinstance(payload, shape)
    if shape is dict and name != "show":
        assert all(isinstance(v, list) for v in payload.values())  # a profile: one array per section


def test_a_profile_is_one_object_of_its_sections(cli):
    profile = shown(cli, "by-country", "Spain")
    assert {"received", "donors", "records", "not_in_totals"} <= set(profile)
    assert all(isinstance(row, dict) for rows in profile.values() for row in rows)


def test_sums_too_large_for_a_float_are_an_error_never_infinity(cli, tmp_path, rows):
    big = [r for r in rows if r["unit"] == "pieces" and r["quantity"] and r["counted"] == "true"]
    for r in big:
        r["quantity"] = "1e308"  # two of them overflow a float's sum
    assert len({(r["item"], r["status"]) for r in big}) < len(big)
    path = write_rows(tmp_path / "big.csv", rows)
    for args in (["totals"], ["summary"], ["list"], ["by-country", big[0]["recipient"]]):
        r = cli("--data", str(path), *args, "-f", "json")
        assert "Infinity" not in r.out and "NaN" not in r.out
        if r.code:  # a sum of its figures overflows: said, never written
            one_line_error(r, 1, "larger than the largest number")
        else:
            strict(r.out)
        assert r.code == (args == ["totals"]), r.err  # totals adds the big ones up; list shows them


@pytest.mark.skipif(not shutil.which("jq"), reason="jq is not installed")
def test_jq_reads_a_record_and_a_profile():
    show = run_installed("show", "R0028", "R0001", "-f", "json").stdout
    jq = subprocess.run(
        ["jq", "-c", "[.[] | select(.in_totals) | .record_id]"], input=show, capture_output=True, text=True, check=True
    )
    assert jq.stdout.strip() == '["R0028"]'
    profile = run_installed("by-country", "Spain", "-f", "json").stdout
    jq = subprocess.run(
        ["jq", "[.received[] | .item] | length > 0"], input=profile, capture_output=True, text=True, check=True
    )
    assert jq.stdout.strip() == "true"


def test_docs_name_every_commands_json_shape():
    text = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    part = text[text.index("## JSON shapes") :]
    part = part[: part.index("\n## ", 4)] if "\n## " in part[4:] else part
    for name in COMMANDS:
        assert re.search(rf"`{re.escape(name)}`", part), name


def test_dates_keep_their_precision_for_pandas_read_json_as_documented():
    """A month stays a month: the JSON writes `2020-03`, and pandas.read_json read as
    docs/output.md says (dtype=False in pandas 3, convert_dates=False in 2) gives the CSV's dates,
    month and full dates alike."""
    import io

    import pandas as pd

    out = run_installed("list", "-f", "json", "-q").stdout
    from_csv = [r["date"] or None for r in csv.DictReader(io.StringIO(run_installed("list", "-f", "csv", "-q").stdout))]
    documented = "dtype=False" if int(pd.__version__.split(".")[0]) >= 3 else "convert_dates=False"
    read = pd.read_json(io.StringIO(out), **{documented.split("=")[0]: False})
    dates = [None if pd.isna(d) else d for d in read["date"]]
    assert dates == from_csv and any(d and len(d) == 7 for d in dates) and any(d and len(d) == 10 for d in dates)
    assert documented in (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
