"""The loader (loading/data.py): types from datapackage.json, every column read checked, a file of
an older shape read as before."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT, write_rows

from aidcli.loading import data, validate
from aidcli.model import schema
from aidcli.model.errors import DataError

TOTALS = ["totals", "--by", "recipient", "-f", "csv"]


NEWER_COLUMNS = [
    "same_shipment",
    "donors_stated",
    "hedges",
]  # optional columns added since a user may have copied the data


def test_types_come_from_the_schema(ds):
    df = ds.donations
    fields = {f.name: f.type for f in schema.donations_schema().fields}
    for name, kind in fields.items():
        if kind == "number":
            assert df[name].dtype == "float64", name
        elif kind == "boolean":
            assert str(df[name].dtype) == "boolean", name
        else:
            assert isinstance(df[name].dtype, pd.CategoricalDtype), name
    assert list(df.columns) == list(fields)


def test_the_packaged_data_is_found_in_the_checkout():
    assert schema.default_package() == ROOT / "data" / "datapackage.json"


def test_usecols_reads_only_what_a_command_needs():
    ds = data.load(usecols=["record_id", "recipient", "quantity"])
    assert set(ds.donations.columns) == {"record_id", "recipient", "quantity"}


@pytest.mark.parametrize(
    "column,value,needle",
    [
        ("status", "stolen", "is not one of"),
        ("in_totals", "maybe", "not true or false"),
        ("quantity", "lots", "not a number"),
        ("record_id", "X1", "does not match the pattern"),
        ("recipient", "", "is empty, but the field is required"),
    ],
)
def test_a_pruned_read_checks_every_column_it_reads(cli, tmp_path, rows, column, value, needle):
    rows[4][column] = value
    path = write_rows(tmp_path / "bad.csv", rows)
    for args in (TOTALS, ["list"]):
        r = cli("--data", str(path), *args)
        assert r.code == 1 and needle in r.err and "row 6" in r.err, (args, r.err)
    _tables, report = validate.check(path)
    assert report.count == 1 and report.problems[0].row == 6 and report.problems[0].column == column


def test_a_file_missing_a_required_column_is_refused_whatever_is_read(cli, tmp_path, rows):
    fields = [f for f in rows[0] if f != "quote"]
    path = write_rows(tmp_path / "noquote.csv", rows, fields)
    r = cli("--data", str(path), *TOTALS)
    assert r.code == 1 and "lacks the required column(s) quote" in r.err
    with pytest.raises(DataError, match="quote"):
        data.load(path, usecols=["record_id", "recipient"], cache=False)


def test_a_file_written_before_the_newer_optional_columns_loads_as_it_did(cli, tmp_path, rows):
    """A donations CSV without the columns added since (same_shipment, hedges...) is read, validated
    and listed as before: each missing optional column reads as empty, and no answer changes."""
    fields = [f for f in rows[0] if f not in NEWER_COLUMNS]
    path = write_rows(tmp_path / "older.csv", rows, fields)
    assert cli("validate", str(path)).code == 0
    for args in (TOTALS, ["compare", "Italy", "Spain", "-f", "csv"], ["by-country", "Japan", "-f", "csv"]):
        mine, packaged = cli("--data", str(path), *args), cli(*args)
        assert mine.code == 0, args
        strip = [[(k, v) for k, v in r.items() if k not in NEWER_COLUMNS] for r in mine.csv()]
        assert strip == [[(k, v) for k, v in r.items() if k not in NEWER_COLUMNS] for r in packaged.csv()], args
    listed = cli("--data", str(path), "list", "-c", "United States", "-f", "csv").csv()
    assert listed and all(r[c] == "" for r in listed for c in NEWER_COLUMNS if c in r)
    frame = data.load(path, cache=False).donations
    assert all(frame[c].isna().all() for c in NEWER_COLUMNS)


def test_a_pruned_read_keeps_the_primary_key_check(tmp_path, rows):
    rows.append(dict(rows[0]))
    path = write_rows(tmp_path / "dup.csv", rows)
    with pytest.raises(DataError, match="repeats a primary key"):
        data.load(path, usecols=["record_id", "recipient", "item", "quantity"], cache=False)
