"""The loader: types from datapackage.json, every column read checked, and the data found from a
wheel outside the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SEEDS, write_rows

from aidcli.loading import data, rules, tables, validate
from aidcli.model import schema
from aidcli.model.errors import DataError


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


TOTALS = ["totals", "--by", "recipient", "-f", "csv"]


@pytest.mark.parametrize("column,value,needle", [
    ("status", "stolen", "is not one of"), ("in_totals", "maybe", "not true or false"),
    ("quantity", "lots", "not a number"), ("record_id", "X1", "does not match the pattern"),
    ("recipient", "", "is empty, but the field is required"),
])
def test_a_pruned_read_checks_every_column_it_reads(cli, tmp_path, rows, column, value, needle):
    rows[4][column] = value
    path = write_rows(tmp_path / "bad.csv", rows)
    for args in (TOTALS, ["list"]):
        r = cli("--data", str(path), *args)
        assert r.code == 1 and needle in r.err and "row 6" in r.err, (args, r.err)
    tables, report = validate.check(path)
    assert report.count == 1 and report.problems[0].row == 6 and report.problems[0].column == column


def test_a_file_missing_a_required_column_is_refused_whatever_is_read(cli, tmp_path, rows):
    fields = [f for f in rows[0] if f != "quote"]
    path = write_rows(tmp_path / "noquote.csv", rows, fields)
    r = cli("--data", str(path), *TOTALS)
    assert r.code == 1 and "lacks the required column(s) quote" in r.err
    with pytest.raises(DataError, match="quote"):
        data.load(path, usecols=["record_id", "recipient"], cache=False)


NEWER_COLUMNS = ["same_shipment", "donors_stated", "hedges"]  # optional columns added since a user may have copied the data


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


def test_validate_check_reports_row_column_value_and_rule(tmp_path, rows):
    rows[0]["region"] = "Atlantis"
    rows[1]["quantity"] = "-3"
    tables, report = validate.check(write_rows(tmp_path / "two.csv", rows))
    found = {(p.row, p.column, p.value) for p in report.problems}
    assert found == {(2, "region", "Atlantis"), (3, "quantity", "-3")}
    assert len(tables["donations"]) == len(rows)


def _uv() -> str | None:
    return shutil.which("uv") or shutil.which("uv", path=str(Path(sys.executable).parent))


def test_a_wheel_installed_outside_the_checkout_loads_the_data(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "AIDCLI_DATA")}
    uv = _uv()
    dist = tmp_path / "dist"
    venv = tmp_path / "venv"
    if uv:
        subprocess.run([uv, "build", "--wheel", "-o", str(dist), str(ROOT)], check=True, capture_output=True, env=env)
        subprocess.run([uv, "venv", "-q", "-p", sys.executable, str(venv)], check=True, capture_output=True, env=env)
        wheel = next(dist.glob("aidcli-*.whl"))
        subprocess.run([uv, "pip", "install", "-q", "-p", str(venv / "bin" / "python"), str(wheel)],
                       check=True, capture_output=True, env=env)
    else:
        subprocess.run([sys.executable, "-m", "build", "--wheel", "-o", str(dist), str(ROOT)], check=True,
                       capture_output=True, env=env)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
        wheel = next(dist.glob("aidcli-*.whl"))
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True, env=env)
    probe = ("import sys; from aidcli.loading import data; from aidcli.model import schema; from aidcli.cli import main; ds = data.load(); "
             "print(schema.default_package()); print(len(ds.donations)); main(['by-country', 'Spain', '-f', 'csv']); "
             "print('pyarrow' in sys.modules, 'polars' in sys.modules)")
    out = subprocess.run([str(venv / "bin" / "python"), "-c", probe], cwd=tmp_path, check=True,
                         capture_output=True, text=True, env=env).stdout.split()
    assert str(venv) in out[0] and "_data" in out[0]
    assert int(out[1]) == len(data.load().donations)
    assert out[-2:] == ["False", "False"]  # a default install: pandas does not pull pyarrow in on every start
    spain = subprocess.run([str(venv / "bin" / "aidcli"), "by-country", "Spain"], cwd=tmp_path,
                           capture_output=True, text=True, env=env)
    assert spain.returncode == 0 and "R0028" in spain.stdout
    # ISO 3166 names come with the wheel (iso3166.csv), not from pycountry, which it does not install
    belarus = subprocess.run([str(venv / "bin" / "aidcli"), "list", "-c", "BLR"], cwd=tmp_path,
                             capture_output=True, text=True, env=env)
    assert belarus.returncode == 0 and "Belarus is in no record of this dataset" in belarus.stderr
    seeds = venv.glob("lib/python*/site-packages/aidcli/_data/seeds/*.txt")
    assert sorted(p.name for p in seeds) == sorted(p.name for p in SEEDS.glob("*.txt"))  # every article's


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
