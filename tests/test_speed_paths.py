"""What keeps aidcli fast: the packaged dataset never imports polars (nor pyarrow in an install
without the parquet extra: tests/test_loader.py checks a wheel), uv does not recompile
site-packages on every run, and the large-file reader reads what pandas reads."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pandas as pd
import pytest
from conftest import ROOT, write_rows

from aidcli.loading import data, tables
from aidcli.model.errors import DataError

pytest.importorskip("polars", reason="the large-file reader is the optional extra aidcli[large]")


@pytest.mark.parametrize("args", [
    ["by-country", "Spain"], ["totals", "--donor", "Jack Ma Foundation"], ["list", "-c", "Spain"],
    ["by-country", "Spain", "-f", "csv"], ["list", "-c", "Spain", "-f", "csv"],
])
def test_a_packaged_query_never_imports_polars(args):
    probe = ("import sys\nfrom aidcli.cli import main\ncode = main(sys.argv[1:])\n"
             "sys.stderr.write(f'polars={\"polars\" in sys.modules} pandas={\"pandas\" in sys.modules} "
             "code={code}\\n')")
    r = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60)
    assert "polars=False pandas=True code=0" in r.stderr, r.stderr


def test_uv_is_not_told_to_recompile_site_packages_on_every_run():
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert not settings["tool"]["uv"].get("compile-bytecode", False)
    assert not any(d.startswith("pyarrow") for d in settings["project"]["dependencies"])
    # nor in the default environment of `uv run aidcli ...`: pandas would import it on every start
    default = [d for g in settings["tool"]["uv"]["default-groups"] for d in settings["dependency-groups"][g]]
    assert not any(isinstance(d, str) and d.startswith("pyarrow") for d in default)


def test_the_large_file_reader_reads_what_pandas_reads(tmp_path, rows, monkeypatch):
    rows[0]["notes"] = "first line\nsecond line, with a comma and \"quotes\""
    rows[1]["approx"] = ""
    rows[2]["quantity"] = "1e3"
    path = write_rows(tmp_path / "d.csv", rows, newline="\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    pandas_read = data.load(path, cache=False).donations
    monkeypatch.setattr(tables, "LARGE_FILE", 0)
    polars_read = data.load(path, cache=False).donations
    pd.testing.assert_frame_equal(polars_read, pandas_read)
    assert polars_read["quantity"].iloc[2] == 1000 and "\n" in polars_read["notes"].iloc[0]


def test_nan_written_in_a_number_column_is_refused_by_both_readers(tmp_path, rows, monkeypatch):
    rows[6]["value_usd"] = "NaN"
    path = write_rows(tmp_path / "nan.csv", rows)
    for size in (tables.LARGE_FILE, 0):
        monkeypatch.setattr(tables, "LARGE_FILE", size)
        with pytest.raises(DataError, match="row 8, column value_usd: 'NaN' is not a number"):
            data.load(path, usecols=["record_id", "value_usd"], cache=False)
