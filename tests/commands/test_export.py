"""aidcli export: the whole dataset, every amount once, never overwriting without --force."""

from __future__ import annotations

import csv
import io
import json
import sys

import pandas as pd
import pytest
from conftest import DATA, check_readable, run_installed

from aidcli.query import reports


def _amounts(rows: list[dict[str, str]]) -> set[tuple[str, ...]]:
    return {(r["record_id"], r["item"], r["unit"], r["status"]) for r in rows}


MARKDOWN = ("](#)", "**", "\\$")


def test_export_csv_to_stdout_has_every_column_and_every_amount(cli):
    """Every column of the package (and `counted`); every row, but a shared amount once: its
    member rows become one row named by who shares it, and the quote is clean."""
    rows = cli("export", "-f", "csv").csv()
    with (DATA / "donations.csv").open(encoding="utf-8") as fh:
        original = list(csv.DictReader(fh))
    assert list(rows[0]) == list(original[0])
    assert _amounts(rows) == _amounts(original)
    plain = [r for r in original if r["allocation"] != "shared"]
    assert [r for r in rows if r["allocation"] != "shared"] == [
        {**r, "quote": next(x["quote"] for x in rows if x["record_id"] == r["record_id"])} for r in plain
    ]


def test_export_to_file_refuses_to_overwrite(cli, tmp_path):
    target = tmp_path / "out.json"
    assert cli("export", "-o", str(target)).code == 0
    assert len(json.loads(target.read_text())) > 400
    again = cli("export", "-o", str(target))
    assert again.code == 2 and "--force" in again.err
    assert cli("export", "-o", str(target), "--force").code == 0


def test_export_takes_its_format_from_the_extension(cli, tmp_path, ds):
    from openpyxl import load_workbook

    for name in ("out.xlsx", "out.tsv", "out.jsonl"):
        r = cli("export", "-o", str(tmp_path / name))
        assert r.code == 0, r.err
    rows = len(reports.export(ds).sections[0].frame)
    assert load_workbook(tmp_path / "out.xlsx")["donations"].max_row == rows + 1
    assert (tmp_path / "out.tsv").read_text(encoding="utf-8").startswith("record_id\tdate\t")
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") == rows


def test_export_format_flag_wins_and_bad_extensions_are_usage_errors(cli, tmp_path):
    assert cli("export", "-o", str(tmp_path / "a.txt"), "-f", "csv").code == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith("record_id,")
    bad = cli("export", "-o", str(tmp_path / "a.docx"))
    assert bad.code == 2 and "extension" in bad.err and not (tmp_path / "a.docx").exists()


def test_export_dash_is_stdout_and_a_directory_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli("export", "-o", "-", "-f", "csv")
    assert r.code == 0 and r.out.startswith("record_id,") and not (tmp_path / "-").exists()
    d = cli("export", "-o", str(tmp_path))
    assert d.code == 2 and "is a directory" in d.err


def test_table_to_a_text_file_is_readable(cli, tmp_path):
    assert cli("export", "-o", str(tmp_path / "x.txt")).code == 0
    lines = (tmp_path / "x.txt").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("record_id") and "R0001" in line for line in lines)
    assert sum(1 for line in lines if not line.strip()) < len(lines) / 10


def test_export_to_parquet(cli, tmp_path, ds):
    pq = pytest.importorskip(
        "pyarrow.parquet", reason="pyarrow is the parquet group and extra: uv run --group parquet pytest -k parquet"
    )
    assert cli("export", "-o", str(tmp_path / "out.parquet")).code == 0
    assert pq.read_table(tmp_path / "out.parquet").num_rows == len(reports.export(ds).sections[0].frame)


def test_parquet_without_pyarrow_is_a_usage_error_that_says_what_to_install(cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as in an install without the parquet extra
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    r = cli("export", "-o", str(tmp_path / "out.parquet"))
    assert r.code == 2 and "aidcli[parquet]" in r.err and not (tmp_path / "out.parquet").exists()


def test_export_gives_each_shared_amount_once_and_sums_to_totals(cli):
    """Each shared amount is one row of the export, and a plain sum of its counted rows is what
    `aidcli totals` gives, for every item, unit and status of its default scope (donations from
    China, delivered or pledged)."""
    frame = pd.read_csv(io.StringIO(cli("export", "-f", "csv").out))
    check_readable(frame)
    package = pd.read_csv(DATA / "donations.csv")
    shared = package[package["allocation"] == "shared"]
    collapsed = shared.drop_duplicates(["record_id", "item", "unit", "status"])
    assert len(frame) == len(package) - len(shared) + len(collapsed)
    counted = frame[
        frame["counted"]
        & frame["quantity"].notna()
        & frame["kind"].eq("donation")
        & frame["flow"].eq("from-china")
        & frame["status"].ne("rejected")
    ]
    plain = counted.groupby(["item", "unit", "status"])["quantity"].sum().to_dict()
    totals = {
        (r["item"], r["unit"], r["status"]): float(r["quantity"])
        for r in cli("totals", "-f", "csv").csv()
        if r["quantity"]
    }
    assert plain == totals and ("masks", "pieces", "delivered") in totals


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "markdown"])
def test_every_export_format_has_clean_quotes(cli, fmt):
    out = cli("export", "-f", fmt).out
    assert "Government-to-government" in out
    assert not any(m in out for m in MARKDOWN)


def test_xlsx_export_has_clean_quotes(cli, tmp_path):
    from openpyxl import load_workbook

    assert cli("export", "-o", str(tmp_path / "x.xlsx")).code == 0
    sheet = load_workbook(tmp_path / "x.xlsx")["donations"]
    header = list(next(sheet.iter_rows(min_row=1, max_row=1, values_only=True)))
    quotes = [row[header.index("quote")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert quotes and not any(m in (q or "") for q in quotes for m in MARKDOWN)


@pytest.mark.parametrize("args", [["export"], ["totals", "--by", "recipient"]])
def test_parquet_has_the_types_the_csv_gives(tmp_path, args):
    """Text as strings (not a dictionary per column), quantities as integers where the CSV writes
    integers (nullable Int64 in pandas), booleans as booleans; the values those of the CSV."""
    pq = pytest.importorskip(
        "pyarrow.parquet", reason="pyarrow is the parquet group and extra: uv run --group parquet pytest -k parquet"
    )
    import pyarrow as pa

    path = tmp_path / "out.parquet"
    r = run_installed(*args, "-o", str(path), "-q")
    assert r.returncode == 0, r.stderr
    schema = pq.read_schema(path)
    assert not any(pa.types.is_dictionary(f.type) for f in schema), schema
    assert schema.field("quantity").type == pa.int64() and schema.field("item").type == pa.string()
    read = pd.read_parquet(path)
    assert str(read["quantity"].dtype) == "Int64"
    csv_text = run_installed(*args, "-f", "csv", "-q").stdout
    from_csv = pd.read_csv(io.StringIO(csv_text), dtype={"quantity": "Int64"}, keep_default_na=False, na_values=[""])
    assert read["quantity"].tolist() == from_csv["quantity"].tolist()
    assert read["item"].tolist() == from_csv["item"].tolist()
