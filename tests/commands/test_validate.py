"""aidcli validate: every problem of a dataset, by row, column and value."""

from __future__ import annotations

from conftest import DATA, run_installed, write_rows

from aidcli.loading import validate


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


def test_validate_check_reports_row_column_value_and_rule(tmp_path, rows):
    """The library's check (aidcli.loading.validate), under the command."""
    rows[0]["region"] = "Atlantis"
    rows[1]["quantity"] = "-3"
    tables, report = validate.check(write_rows(tmp_path / "two.csv", rows))
    found = {(p.row, p.column, p.value) for p in report.problems}
    assert found == {(2, "region", "Atlantis"), (3, "quantity", "-3")}
    assert len(tables["donations"]) == len(rows)


def test_validate_without_a_path_checks_the_runs_dataset(tmp_path, rows):
    """validate reads --data and AIDCLI_DATA as every command does; no path and neither: the packaged one."""
    rows[0]["status"] = "stolen"
    bad = write_rows(tmp_path / "bad.csv", rows)
    for args, env in ((["--data", str(bad), "validate"], {}), (["validate"], {"AIDCLI_DATA": str(bad)})):
        r = run_installed(*args, "-f", "csv", env=env)
        assert r.returncode == 1 and "stolen" in r.stdout, (args, r.stderr)
    ok = run_installed("validate")
    assert ok.returncode == 0 and "packaged dataset: valid" in ok.stderr
