"""aidcli export: the whole dataset, every amount once, never overwriting without --force."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA, check_readable, filters_, members_of, run_installed, valid_filters, write_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidcli.model.shares import SHARED_BY
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


# ---------- the round trip: what export writes, --data reads back as the same dataset ----------


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    """The installed command's export, as each thing --data reads: the CSV, and a data package
    (the packaged datapackage.json beside the exported donations and the packaged donors, sources
    and the donor's claims)."""
    folder = tmp_path_factory.mktemp("exported")
    csv_path = folder / "mine.csv"
    done = run_installed("export", "-o", str(csv_path))
    assert done.returncode == 0, done.stderr
    package = folder / "package"
    package.mkdir()
    shutil.copy(csv_path, package / "donations.csv")
    for name in ("datapackage.json", "donors.csv", "sources.csv", "claims.csv"):
        shutil.copy(DATA / name, package / name)
    return {"csv": csv_path, "package": package / "datapackage.json"}


def test_exported_csv_read_back_gives_totals_byte_for_byte(exported):
    """`aidcli export -o x.csv && aidcli --data x.csv totals` is `aidcli totals`, on stdout and
    stderr; and through a pipe (`--data -`) the same. The one line a donations CSV cannot give back
    is by-country's mention of the donor's claims, a resource of the packaged dataset beside the
    donations (the export of the donations holds none)."""
    for args in (("totals",), ("by-country", "Spain"), ("totals", "--item", "masks", "--by", "recipient")):
        packaged = run_installed(*args, "-f", "csv")
        again = run_installed("--data", str(exported["csv"]), *args, "-f", "csv")
        claims = [line for line in packaged.stderr.splitlines(True) if "the donor's own table" in line]
        assert len(claims) == (1 if args[0] == "by-country" else 0), packaged.stderr
        expected = "".join(line for line in packaged.stderr.splitlines(True) if line not in claims)
        assert (again.returncode, again.stdout, again.stderr) == (0, packaged.stdout, expected), args
    piped = run_installed("--data", "-", "totals", input=exported["csv"].read_text(encoding="utf-8"))
    assert piped.stdout == run_installed("totals").stdout


def test_a_shared_amount_read_back_is_still_every_members(exported, cli):
    """Spain keeps the 1.8 million masks it shares with Italy (R0028) after the round trip, and a
    filter by either member finds the one row."""
    for country in ("Spain", "Italy"):
        got = cli("--data", str(exported["csv"]), "list", "--country", country, "-f", "csv").csv()
        [row] = [r for r in got if r["record_id"] == "R0028"]
        assert (row["recipient"], row["quantity"]) == ("shared: Spain, Italy", "1800000")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    f=filters_,
    by=st.sampled_from([[], ["recipient"], ["region"], ["donor"], ["recipient", "month"], ["region", "donor_type"]]),
    where=st.sampled_from(["csv", "package"]),
)
def test_any_filtered_sum_of_the_export_read_back_is_the_packaged_one(cli, exported, f, by, where):
    """For random filters and groupings, totals over the exported dataset read back (as a CSV or
    a data package) is byte for byte the packaged dataset's, on stdout and stderr."""
    if not valid_filters(f):
        return
    args = ["totals", "-f", "csv", *(a for k, v in f.items() for a in (f"--{k}", v))]
    args += [a for key in by for a in ("--by", key)]
    packaged = cli(*args)
    again = cli("--data", str(exported[where]), *args)
    assert (again.code, again.out, again.err) == (packaged.code, packaged.out, packaged.err)


def test_frictionless_validates_what_export_writes(exported):
    """The exported CSV, under the package's own datapackage.json, passes frictionless validate."""
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(exported["package"])).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_every_export_format_holds_the_member_lists(cli, tmp_path):
    """JSON, the workbook and the database give a shared amount one row and its members' fields."""
    import sqlite3

    from openpyxl import load_workbook

    for name in ("x.json", "x.xlsx", "x.db"):
        assert cli("export", "-o", str(tmp_path / name)).code == 0
    [from_json] = [r for r in json.loads((tmp_path / "x.json").read_text()) if r["record_id"] == "R0028"]
    sheet = list(load_workbook(tmp_path / "x.xlsx")["donations"].values)
    from_xlsx = [dict(zip(sheet[0], r)) for r in sheet[1:] if r[0] == "R0028"]
    with sqlite3.connect(tmp_path / "x.db") as db:
        from_db = db.execute("select shared_by_iso3 from donations where record_id = 'R0028'").fetchall()
    assert from_json["shared_by"] == from_xlsx[0]["shared_by"] == "Spain; Italy" and len(from_xlsx) == 1
    assert from_db == [("ESP; ITA",)]


def test_a_file_in_the_old_shape_still_reads(cli, tmp_path, rows):
    """A file written before the member lists (a shared amount on one row per member, counted on
    the first) gives the same totals as the package."""
    old = [{k: v for k, v in r.items() if k not in SHARED_BY} for r in members_of(rows)]
    path = write_rows(tmp_path / "old.csv", old)
    for args in (("totals", "--by", "recipient"), ("by-country", "Spain", "-f", "csv")):
        assert cli("--data", str(path), *args).out == cli(*args).out


# ---------- a dataset of your own keeps its own name, licence and sources ----------


def _newsroom(tmp_path: Path) -> Path:
    """A newsroom's own package: the packaged data under its own title, licence and article."""
    package = tmp_path / "newsroom"
    shutil.copytree(DATA, package)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor |= {
        "title": "My newsroom dataset",
        "description": "Our own reporting.",
        "licenses": [{"name": "ODbL-1.0", "path": "https://opendatacommons.org/licenses/odbl/", "title": "ODbL"}],
        "sources": [{"title": "Our own reporting, The Daily Example (2026)"}],
    }
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    sources = list(csv.DictReader((package / "sources.csv").open(encoding="utf-8")))
    for row in sources:
        row |= {"title": "Our own reporting", "author": "A. Reporter", "publisher": "The Daily Example"}
    with (package / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(sources[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(sources)
    return package / "datapackage.json"


def _about(path: Path) -> str:
    from openpyxl import load_workbook

    return "\n".join(" ".join(str(v) for v in row if v) for row in load_workbook(path)["About"].values)


PACKAGED_WORDS = ("Creative Commons", "CC-BY", "Tom Alton", "Hiddai Segev", "Mask Diplomacy", "Medical aid to and from")


def test_a_users_package_names_itself_in_the_workbook_and_the_database(tmp_path):
    """With --data a package titled "My newsroom dataset" under ODbL, the xlsx About sheet and
    datasette's metadata give its title, licence and sources, never the packaged ones."""
    package = _newsroom(tmp_path)
    for name in ("x.xlsx", "x.db"):
        done = run_installed("--data", str(package), "export", "-o", str(tmp_path / name))
        assert done.returncode == 0, done.stderr
    about = _about(tmp_path / "x.xlsx")
    meta = json.loads((tmp_path / "x.metadata.json").read_text(encoding="utf-8"))
    said = json.dumps(meta)
    assert "My newsroom dataset" in about and "ODbL" in about and "The Daily Example" in about
    assert meta["title"] == "My newsroom dataset" and meta["license"] == "ODbL"
    assert "A. Reporter" in meta["source"]
    assert not [w for w in PACKAGED_WORDS if w in about or w in said]
    totals = run_installed("--data", str(package), "totals", "-o", str(tmp_path / "t.xlsx"))
    assert totals.returncode == 0 and "ODbL" in _about(tmp_path / "t.xlsx")


def test_a_csv_without_a_package_says_its_source_and_licence_are_not_stated(tmp_path):
    csv_path = tmp_path / "mine.csv"
    csv_path.write_text((DATA / "donations.csv").read_text(encoding="utf-8"), encoding="utf-8")
    for name in ("x.xlsx", "x.db"):
        done = run_installed("--data", str(csv_path), "export", "-o", str(tmp_path / name))
        assert done.returncode == 0, done.stderr
    about = _about(tmp_path / "x.xlsx")
    meta = json.loads((tmp_path / "x.metadata.json").read_text(encoding="utf-8"))
    assert "Licence not stated" in about and "Sources not stated" in about
    assert "not stated" in meta["license"] and "not stated" in meta["source"]
    assert not [w for w in ("Creative Commons", "CC-BY", "Tom Alton") if w in about or w in json.dumps(meta)]


def test_the_packaged_data_keeps_its_licence_and_articles(tmp_path):
    assert run_installed("export", "-o", str(tmp_path / "x.xlsx")).returncode == 0
    about = _about(tmp_path / "x.xlsx")
    assert "Creative Commons Attribution 4.0" in about and "Tom Alton" in about and "Hiddai Segev" in about
