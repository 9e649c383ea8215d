"""Hostile input: every case is one clear line on stderr, the documented exit code, no traceback."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, write_rows


def one_line_error(r, code: int, *needles: str) -> None:
    assert r.code == code, (r.code, r.err)
    assert "Traceback" not in r.err + r.out and "unexpected failure" not in r.err
    assert r.err.count("\n") == 1, r.err
    for needle in needles:
        assert needle in r.err, (needle, r.err)


@pytest.mark.parametrize("args,needle", [
    (["by-country", "Spian"], "Did you mean: Spain?"),
    (["by-country", ""], "empty"),
    (["by-country", "   "], "empty"),
    (["by-country", "x" * 5000], "too long"),
    (["by-country", "西班牙"], "No country or organisation called '西班牙'"),
    (["by-country", "[bold]Spain[/bold]"], "[bold]Spain[/bold]"),
    (["list", "--country", "Atlantis"], "Atlantis"),
    (["list", "--donor", "[x]"], "No donor called '[x]'"),
    (["list", "--item", "unicorns"], "No item"),
    (["list", "--region", "Mars"], "--region"),
    (["list", "--status", "lost"], "--status"),
    (["by-donor", "Huawai"], "Did you mean: Huawei?"),
    (["list", "--country", "Spain\nItaly"], "'Spain Italy'"),
])
def test_bad_names(cli, args, needle):
    r = cli(*args)
    one_line_error(r, 2, needle)


@pytest.mark.parametrize("args,needle", [
    (["list", "--since", "2020-13-45"], "not a real date"),
    (["list", "--since", "yesterday"], "not a date"),
    (["list", "--since", "2020-04", "--until", "2020-03"], "after"),
    (["list", "--limit", "0"], "--limit"),
    (["list", "--limit", "-3"], "--limit"),
    (["list", "--columns", "record_id,colour"], "colour"),
    (["list", "--sort", "colour"], "colour"),
    (["totals", "--by", "planet"], "planet"),
    (["list", "-f", "yaml"], "yaml"),
    (["totals", "--chart", "-f", "csv"], "--chart"),
    (["list", "--no-such-option"], "no-such-option"),
    (["frobnicate"], "frobnicate"),
])
def test_bad_options(cli, args, needle):
    one_line_error(cli(*args), 2, needle)


@pytest.mark.parametrize("condition,needle", [
    ("colour = red", "unknown column"),
    ("quantity => 5", "operator"),
    ('donor = "Huawei', "unbalanced quotes"),
    ("donor > Huawei", "cannot be compared"),
    ("__import__('os').system('id')", "unknown column '__import__'"),
    ("quantity > 1; import os", "is a number"),
])
def test_bad_conditions(cli, condition, needle):
    one_line_error(cli("filter", condition), 2, needle)


def test_empty_result_exits_0(cli):
    r = cli("filter", "quantity > 1e15", "-f", "csv")
    assert r.code == 0 and r.out.startswith("record_id,") and r.out.count("\n") == 1


# ---- --data: a user's own dataset ----

def test_missing_file(cli, tmp_path):
    one_line_error(cli("--data", str(tmp_path / "nope.csv"), "list"), 1, "no such file")


def test_directory(cli, tmp_path):
    one_line_error(cli("--data", str(tmp_path), "list"), 1, "directory")


def test_empty_file(cli, tmp_path):
    (tmp_path / "e.csv").write_text("")
    one_line_error(cli("--data", str(tmp_path / "e.csv"), "list"), 1, "empty")


def test_header_only_is_an_empty_dataset(cli, tmp_path, rows):
    path = write_rows(tmp_path / "h.csv", [], fields=list(rows[0]))
    r = cli("--data", str(path), "list", "-f", "csv")
    assert r.code == 0 and r.out.startswith("record_id,") and r.out.count("\n") == 1


def test_missing_required_columns(cli, tmp_path, rows):
    fields = [f for f in rows[0] if f not in ("donor", "status")]
    path = write_rows(tmp_path / "m.csv", rows, fields=fields)
    one_line_error(cli("--data", str(path), "list"), 1, "donor, status")


def test_extra_columns_are_allowed(cli, tmp_path, rows):
    extended = [{**r, "my_comment": "checked"} for r in rows]
    path = write_rows(tmp_path / "x.csv", extended)
    r = cli("--data", str(path), "totals", "-c", "Spain", "-f", "csv")
    assert r.code == 0 and "1800000" in r.out


def test_wrong_type_names_row_column_value(cli, tmp_path, rows):
    rows[4]["quantity"] = "lots"
    path = write_rows(tmp_path / "t.csv", rows)
    one_line_error(cli("--data", str(path), "list"), 1, "row 6", "column quantity", "'lots'", "not a number")


def test_bad_enum(cli, tmp_path, rows):
    rows[0]["status"] = "stolen"
    path = write_rows(tmp_path / "s.csv", rows)
    one_line_error(cli("--data", str(path), "list"), 1, "column status", "'stolen'")


def test_duplicate_keys(cli, tmp_path, rows):
    path = write_rows(tmp_path / "d.csv", rows + [rows[10]])
    one_line_error(cli("--data", str(path), "list"), 1, "primary key")


def test_latin1_bytes(cli, tmp_path, rows):
    rows[0]["notes"] = "C\u00f4te"
    path = write_rows(tmp_path / "l.csv", rows)
    path.write_bytes(path.read_bytes().replace("C\u00f4te".encode(), "C\u00f4te".encode("latin-1")))
    one_line_error(cli("--data", str(path), "list"), 1, "not UTF-8", "row 2")


def test_utf8_bom_and_crlf(cli, tmp_path, rows):
    path = write_rows(tmp_path / "b.csv", rows, newline="\r\n", encoding="utf-8-sig")
    r = cli("--data", str(path), "totals", "--donor", "Jack Ma Foundation", "-f", "csv")
    assert r.code == 0 and "5400000" in r.out and "\r" not in r.out


def test_ten_megabyte_field(cli, tmp_path, rows):
    rows[0]["notes"] = "x" * (10 * 1024 * 1024)
    path = write_rows(tmp_path / "big.csv", rows)
    r = cli("--data", str(path), "list", "-c", "Spain", "-f", "csv")
    assert r.code == 0 and "R0028" in r.out


def test_package_pointing_at_a_missing_csv(cli, tmp_path):
    pkg = json.loads((DATA / "datapackage.json").read_text())
    pkg["resources"][0]["path"] = "gone.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(pkg))
    for name in ("donors.csv", "sources.csv"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    one_line_error(cli("--data", str(tmp_path / "datapackage.json"), "list"), 1, "gone.csv", "no such file")


def test_not_a_package(cli, tmp_path):
    (tmp_path / "p.json").write_text("[1, 2")
    one_line_error(cli("--data", str(tmp_path / "p.json"), "list"), 1, "datapackage.json")


def test_data_from_the_environment(cli, tmp_path, rows):
    path = write_rows(tmp_path / "env.csv", [r for r in rows if r["recipient"] == "Greece"])
    r = cli("list", "-f", "csv", env={"AIDCLI_DATA": str(path)})
    assert {row["recipient"] for row in r.csv()} == {"Greece"}


def test_a_package_directory_is_accepted(cli):
    assert cli("--data", str(DATA), "sources", "-f", "csv").code == 0


# ---- validate ----

def test_validate_lists_every_problem(cli, tmp_path, rows):
    rows[0]["status"] = "stolen"
    rows[1]["quantity"] = "lots"
    rows[2]["date"] = "March"
    path = write_rows(tmp_path / "v.csv", rows)
    r = cli("validate", str(path), "-f", "csv")
    assert r.code == 1
    found = {(p["row"], p["column"], p["value"]) for p in r.csv()}
    assert found == {("2", "status", "stolen"), ("3", "quantity", "lots"), ("4", "date", "March")}


def test_validate_the_packaged_data(cli):
    r = cli("validate", str(DATA / "datapackage.json"))
    assert r.code == 0 and "valid" in r.err


def test_validate_a_missing_file(cli, tmp_path):
    r = cli("validate", str(tmp_path / "nope.csv"), "-f", "csv")
    assert r.code == 1 and "no such file" in r.out


# ---- the large-file reader (pyarrow) must agree with the pandas reader, and fall back cleanly ----

def test_large_file_reader_gives_the_same_answers(cli, tmp_path, rows, monkeypatch):
    path = write_rows(tmp_path / "same.csv", rows)
    small = cli("--data", str(path), "totals", "--by", "recipient", "-f", "csv").out
    from aidcli import data

    monkeypatch.setattr(data, "LARGE_FILE", 0)
    assert cli("--data", str(path), "totals", "--by", "recipient", "-f", "csv").out == small
    assert cli("--data", str(path), "list", "-c", "Spain", "-f", "csv").code == 0


@pytest.mark.parametrize("column,value,needle", [
    ("quantity", "lots", "not a number"), ("status", "stolen", "is not one of"), ("notes", "C\u00f4te", "not UTF-8"),
])
def test_large_file_reader_falls_back_to_say_where(cli, tmp_path, rows, monkeypatch, column, value, needle):
    from aidcli import data

    monkeypatch.setattr(data, "LARGE_FILE", 0)
    rows[3][column] = value
    path = write_rows(tmp_path / "bad.csv", rows)
    if value == "C\u00f4te":
        path.write_bytes(path.read_bytes().replace(value.encode(), value.encode("latin-1")))
    one_line_error(cli("--data", str(path), "list"), 1, needle, "row 5")
