"""The loader: types from datapackage.json, and the data found from a wheel outside the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from aidcli import data, schema
from conftest import ROOT


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
    probe = ("from aidcli import data, schema; ds = data.load(); "
             "print(schema.default_package()); print(len(ds.donations))")
    out = subprocess.run([str(venv / "bin" / "python"), "-c", probe], cwd=tmp_path, check=True,
                         capture_output=True, text=True, env=env).stdout.split()
    assert str(venv) in out[0] and "_data" in out[0]
    assert int(out[1]) == len(data.load().donations)
    spain = subprocess.run([str(venv / "bin" / "aidcli"), "by-country", "Spain"], cwd=tmp_path,
                           capture_output=True, text=True, env=env)
    assert spain.returncode == 0 and "R0028" in spain.stdout
    seeds = venv.glob("lib/python*/site-packages/aidcli/_data/seeds/*.txt")
    assert len(list(seeds)) == 2
