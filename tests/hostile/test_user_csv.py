"""A user's own CSV (--data, AIDCLI_DATA): whatever is wrong with it is one line naming the row,
column and value, exit 1, in both readers; what is merely unusual is read."""

from __future__ import annotations

import pytest
from conftest import one_line_error, write_rows


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
    path = write_rows(tmp_path / "d.csv", [*rows, rows[10]])
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


def test_a_long_field_within_the_bound_is_read(cli, tmp_path, rows):
    """A field of 512 KiB, within the bound of a line (1 MiB), is read (past it:
    test_a_gigantic_field_is_refused_before_it_is_read)."""
    rows[0]["notes"] = "x" * (512 * 1024)
    path = write_rows(tmp_path / "big.csv", rows)
    r = cli("--data", str(path), "list", "-c", "Spain", "-f", "csv")
    assert r.code == 0 and "R0028" in r.out


def test_data_from_the_environment(cli, tmp_path, rows):
    path = write_rows(tmp_path / "env.csv", [r for r in rows if r["recipient"] == "Greece"])
    r = cli("list", "-f", "csv", env={"AIDCLI_DATA": str(path)})
    assert {row["recipient"] for row in r.csv()} == {"Greece"}


@pytest.mark.parametrize("value", ["inf", "-inf", "Infinity", "1e400"])
def test_an_endless_quantity_is_invalid_everywhere(cli, tmp_path, rows, value, monkeypatch):
    from aidcli.loading import tables

    rows[5]["quantity"] = value
    path = write_rows(tmp_path / "inf.csv", rows)
    one_line_error(cli("--data", str(path), "list", "-f", "json"), 1, "row 7", "column quantity", "not a finite number")
    r = cli("validate", str(path), "-f", "csv")
    assert r.code == 1 and [p["rule"] for p in r.csv()] == ["is not a finite number"]
    monkeypatch.setattr(tables, "LARGE_FILE", 0)  # the large-file reader agrees
    one_line_error(cli("--data", str(path), "totals", "-f", "json"), 1, "row 7", "not a finite number")


@pytest.mark.parametrize("where", [0, 7])
@pytest.mark.parametrize("large", [False, True])
def test_a_row_with_more_fields_than_the_header_is_refused_everywhere(cli, tmp_path, rows, monkeypatch, where, large):
    from aidcli.loading import tables

    path = write_rows(tmp_path / "ragged.csv", rows)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[where + 1] += ",surplus"
    path.write_text("\n".join(lines), encoding="utf-8")
    if large:
        monkeypatch.setattr(tables, "LARGE_FILE", 0)
    for args in (["list", "-f", "csv"], ["totals", "-f", "csv"], ["by-country", "Spain", "-f", "csv"]):
        one_line_error(cli("--data", str(path), *args), 1, "more fields" if where == 0 else "fields")
    r = cli("validate", str(path), "-f", "csv")
    assert r.code == 1 and "fields" in r.out


def test_a_repeated_column_name_is_refused_everywhere(cli, tmp_path, rows):
    path = write_rows(tmp_path / "dup.csv", rows)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",notes\n", ",donor\n", 1), encoding="utf-8")
    one_line_error(cli("--data", str(path), "list"), 1, "repeats the column name", "'donor'")
    r = cli("validate", str(path), "-f", "csv")
    assert r.code == 1 and "repeats the column name" in r.out


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("where", ["a field", "no line break", "a sparse file"])
def test_a_gigantic_field_is_refused_before_it_is_read(cli, tmp_path, rows, monkeypatch, large, where):
    """A line longer than MAX_LINE (1 MiB) is one line, exit 1, in both readers, before either
    holds it: a field of 2 MiB in row 3, a file that ends in 2 MiB without a line break, a sparse
    file of 64 MiB after its header (as `truncate -s` makes)."""
    import os

    from aidcli.loading import tables

    path = write_rows(tmp_path / "huge.csv", rows[:50])
    breaks = path.read_bytes().count(b"\n")
    last = f"row {breaks + 1}"  # the line after the last line break
    if where == "a field":
        rows = [dict(r) for r in rows[:50]]
        rows[1]["notes"] = "y" * (2 * tables.MAX_LINE)
        write_rows(path, rows)
    elif where == "no line break":
        with path.open("a", encoding="utf-8") as fh:
            fh.write("x" * (2 * tables.MAX_LINE))
    else:
        os.truncate(path, 64 * 1024 * 1024)
    if large:
        monkeypatch.setattr(tables, "LARGE_FILE", 0)
    row = "row 3:" if where == "a field" else last + ":"
    one_line_error(cli("--data", str(path), "list", "-f", "csv"), 1, "longer than 1 MiB", row)


def test_member_lists_that_disagree_are_refused_in_one_line(cli, tmp_path, rows):
    """A shared amount whose codes name fewer members than its names: exit 1, the record named."""
    for r in rows:
        if r["record_id"] == "R0028":
            r["shared_by_iso3"] = "ESP"
    path = write_rows(tmp_path / "d.csv", rows)
    for command in (("totals",), ("by-country", "Spain"), ("export", "-f", "csv")):
        one_line_error(cli("--data", str(path), *command), 1, "R0028", "shared_by_iso3")
    checked = cli("validate", str(path))
    assert checked.code == 1 and "R0028" in checked.out + checked.err
