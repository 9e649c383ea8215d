"""Reading one file (loading/tables.py): the packaged reader (the csv module) and the checked one
give the same frame; the large-file reader (polars) reads what pandas reads and falls back to say where."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest
from conftest import one_line_error, write_rows

from aidcli.loading import data, rules, tables
from aidcli.model.errors import DataError


def test_large_file_reader_gives_the_same_answers(cli, tmp_path, rows, monkeypatch):
    path = write_rows(tmp_path / "same.csv", rows)
    small = cli("--data", str(path), "totals", "--by", "recipient", "-f", "csv").out
    from aidcli.loading import tables

    monkeypatch.setattr(tables, "LARGE_FILE", 0)
    assert cli("--data", str(path), "totals", "--by", "recipient", "-f", "csv").out == small
    assert cli("--data", str(path), "list", "-c", "Spain", "-f", "csv").code == 0


@pytest.mark.parametrize(
    "column,value,needle",
    [
        ("quantity", "lots", "not a number"),
        ("status", "stolen", "is not one of"),
        ("notes", "C\u00f4te", "not UTF-8"),
    ],
)
def test_large_file_reader_falls_back_to_say_where(cli, tmp_path, rows, monkeypatch, column, value, needle):
    from aidcli.loading import tables

    monkeypatch.setattr(tables, "LARGE_FILE", 0)
    rows[3][column] = value
    path = write_rows(tmp_path / "bad.csv", rows)
    if value == "C\u00f4te":
        path.write_bytes(path.read_bytes().replace(value.encode(), value.encode("latin-1")))
    one_line_error(cli("--data", str(path), "list"), 1, needle, "row 5")


@pytest.mark.parametrize("name", ["donations", "donors", "sources"])
def test_the_packaged_reader_gives_what_the_checked_reader_gives(name):
    """The packaged tables are parsed by the csv module (trusted); a user's file by pandas, with
    every check. On the packaged files both give the same typed frame."""
    path = tables.package_files(data.default_package())[name]
    schema = data.schemas()[name]
    trusted = tables.read_table(path, schema, rules.Report(), trusted=True)
    checked_report = rules.Report()
    checked = tables.read_table(path, schema, checked_report)
    assert checked_report.count == 0
    pd.testing.assert_frame_equal(trusted, checked)


needs_polars = pytest.mark.skipif(
    importlib.util.find_spec("polars") is None, reason="the large-file reader is the optional extra aidcli[large]"
)


@needs_polars
def test_the_large_file_reader_reads_what_pandas_reads(tmp_path, rows, monkeypatch):
    rows[0]["notes"] = 'first line\nsecond line, with a comma and "quotes"'
    rows[1]["approx"] = ""
    rows[2]["quantity"] = "1e3"
    path = write_rows(tmp_path / "d.csv", rows, newline="\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    pandas_read = data.load(path, cache=False).donations
    monkeypatch.setattr(tables, "LARGE_FILE", 0)
    polars_read = data.load(path, cache=False).donations
    pd.testing.assert_frame_equal(polars_read, pandas_read)
    assert polars_read["quantity"].iloc[2] == 1000 and "\n" in polars_read["notes"].iloc[0]


@needs_polars
def test_nan_written_in_a_number_column_is_refused_by_both_readers(tmp_path, rows, monkeypatch):
    rows[6]["value_usd"] = "NaN"
    path = write_rows(tmp_path / "nan.csv", rows)
    for size in (tables.LARGE_FILE, 0):
        monkeypatch.setattr(tables, "LARGE_FILE", size)
        with pytest.raises(DataError, match="row 8, column value_usd: 'NaN' is not a number"):
            data.load(path, usecols=["record_id", "value_usd"], cache=False)
