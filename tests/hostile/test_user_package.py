"""A user's own data package (datapackage.json): a missing file, a resource outside the package's
folder, a malformed or deeply nested descriptor, each one line, exit 1, in every command and validate."""

from __future__ import annotations

import json

import pytest
from conftest import DATA, changed_package, one_line_error


def _set_path(path):
    def change(descriptor):
        descriptor["resources"][0]["path"] = path

    return change


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


def test_a_package_directory_is_accepted(cli):
    assert cli("--data", str(DATA), "sources", "-f", "csv").code == 0


@pytest.mark.parametrize(
    "path",
    [
        "../../../../etc/passwd",
        "/etc/shadow",
        "https://evil.example/d.csv",
        "file:///etc/passwd",
        "sub/../../outside.csv",
        "C:\\\\Windows\\\\win.ini",
    ],
)
@pytest.mark.parametrize("command", [["list"], ["validate"]])
def test_a_resource_outside_the_package_is_refused(cli, tmp_path, path, command):
    package = str(changed_package(tmp_path, _set_path(path)))
    args = ["validate", package] if command == ["validate"] else ["--data", package, "list"]
    one_line_error(cli(*args), 1, "leaves the package's folder")


@pytest.mark.parametrize(
    "change,needle",
    [
        (lambda d: d.update(resources=[1]), "resource 1 is not an object"),
        (lambda d: d["resources"][0].pop("name"), "resource 1 has no name"),
        (lambda d: d["resources"][0]["schema"]["fields"][0].pop("name"), "field 1 has no name"),
        (lambda d: d["resources"][0]["schema"].update(fields={"a": 1}), "list of fields"),
    ],
)
def test_a_malformed_package_is_one_data_error(cli, tmp_path, change, needle):
    package = str(changed_package(tmp_path, change))
    one_line_error(cli("--data", package, "list"), 1, needle)
    one_line_error(cli("validate", package), 1, needle)


def test_a_deeply_nested_package_is_one_data_error(cli, tmp_path):
    (tmp_path / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000)
    one_line_error(cli("--data", str(tmp_path / "datapackage.json"), "list"), 1, "nested too deeply")
