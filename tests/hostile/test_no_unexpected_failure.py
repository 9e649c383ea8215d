"""Hostile input that made aidcli fail with an "unexpected failure" or a traceback: each is one
line on stderr and its documented exit code, through the installed command."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import AIDCLI, DATA, Run, as_a_user, changed_package, installed, one_line_error, write_rows

# .xlsx: a control character XML cannot hold is written escaped, as every other format shows it.


@pytest.mark.parametrize("char", ["\x07", "\x1b"])
@pytest.mark.parametrize("command", [["export"], ["list", "--columns", "all"], ["validate"]])
def test_a_control_character_in_a_cell_is_escaped_in_xlsx(tmp_path, rows, char, command):
    from openpyxl import load_workbook

    rows[0]["notes"] = f"ring{char}[31m"
    rows[1]["quantity"] = "many"  # validate writes its problems only when there are some
    rows[1]["notes"] = f"also{char}"
    data = str(write_rows(tmp_path / "d.csv", rows if command == ["validate"] else [rows[0], *rows[2:]]))
    out = str(tmp_path / "x.xlsx")
    args = ["validate", data, "-o", out] if command == ["validate"] else ["--data", data, *command, "-o", out]
    r = installed(*args)
    assert r.code == (1 if command == ["validate"] else 0), r.err
    assert "Traceback" not in r.err and "unexpected" not in r.err
    cells = [str(c) for row in load_workbook(out).worksheets[0].iter_rows(values_only=True) for c in row]
    assert any(f"\\x{ord(char):02x}" in c for c in cells) and not any(char in c for c in cells)


# A malformed datapackage.json: one line naming what is wrong, exit 1, in the commands and validate.


def _schema(d: dict) -> dict:
    return d["resources"][0]["schema"]


def _extra(constraints: dict):
    def change(d: dict) -> None:
        field = {"name": "a", "type": "integer", "constraints": constraints}
        d["resources"].append({"name": "extra", "path": "extra.csv", "schema": {"fields": [field]}})

    return change


def _field_with_enum(d: dict) -> dict:
    return next(f for f in _schema(d)["fields"] if "enum" in f.get("constraints", {}))


@pytest.mark.parametrize(
    "change,needle",
    [
        (lambda d: _schema(d)["foreignKeys"][0].pop("reference"), "foreign key 1"),
        (lambda d: _schema(d)["foreignKeys"][0].update(reference="donors"), "foreign key 1"),
        (lambda d: _schema(d).update(foreignKeys={"fields": "donor"}), "foreignKeys is not a list"),
        (lambda d: _schema(d).update(primaryKey=5), "primaryKey"),
        (lambda d: _field_with_enum(d)["constraints"].update(enum=5), "enum is not a list"),
        (_extra({"pattern": "("}), "is not a regular expression"),
        (_extra({"pattern": 5}), "pattern is not text"),
        (_extra({"minimum": "0"}), "minimum '0' is not a number"),
        (_extra({"maximum": True}), "maximum True is not a number"),
    ],
)
def test_a_malformed_descriptor_is_one_data_error(tmp_path, change, needle):
    path = changed_package(tmp_path, change)
    (path.parent / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    package = str(path)
    one_line_error(installed("--data", package, "list", "-c", "Spain"), 1, needle)
    one_line_error(installed("validate", package), 1, needle)


# SQLite: what a database cannot hold is said before it is written, and TMPDIR is not needed.


@pytest.mark.parametrize(
    "extra,needle",
    [
        (["NOTES"], "'notes' and 'NOTES'"),
        (["rowid"], "'rowid'"),
        (["_ROWID_"], "'_ROWID_'"),
        ([f"c{i}" for i in range(2001)], "at most 2,000"),
    ],
)
def test_columns_sqlite_cannot_hold_are_one_line(tmp_path, rows, extra, needle):
    for row in rows:
        row.update(dict.fromkeys(extra, "x"))
    data = write_rows(tmp_path / "d.csv", rows)
    one_line_error(installed("--data", str(data), "export", "-o", str(tmp_path / "aid.db")), 1, needle)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.csv"]


def test_a_full_tmpdir_does_not_stop_a_database(tmp_path):
    import sqlite3

    full = tmp_path / "full"
    full.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(full)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        (full / "filler").write_bytes(b"x" * 4096)
        r = installed("export", "-o", str(tmp_path / "aid.db"), env={"TMPDIR": str(full)})
    finally:
        subprocess.run(["umount", str(full)], check=False)
    assert r.code == 0, r.err
    with sqlite3.connect(tmp_path / "aid.db") as con:
        assert con.execute("select count(*) from donations").fetchone()[0] > 0


# Paths the system cannot follow: too long, a folder that may not be searched.


def test_a_path_longer_than_path_max(tmp_path):
    long = "a/" * 3000 + "x.csv"
    r = installed("--data", long, "list")
    one_line_error(r, 1, "too long")
    assert len(r.err) < 1000  # the path is shortened in the message, not repeated whole
    one_line_error(installed("list", "-o", long), 2, "--output", "too long")
    one_line_error(installed("validate", long), 1, "too long")


def test_a_folder_that_may_not_be_searched(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(DATA / "donations.csv", locked / "donations.csv")
    locked.chmod(0)
    try:
        data = str(locked / "donations.csv")
        one_line_error(as_a_user("aidcli", "--data", data, "list"), 1, "permission denied", "may not be searched")
        one_line_error(as_a_user("aidcli", "validate", data), 1, "permission denied")
        one_line_error(as_a_user("aidcli", "list", "-o", str(locked / "x.csv")), 2, "--output", "Permission denied")
    finally:
        locked.chmod(0o755)


# --columns naming a column twice: a usage error on every table command, before any data is read.


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["filter", "quantity > 0"],
        ["totals"],
        ["compare", "Spain", "Italy"],
        ["by-country", "Spain"],
        ["by-donor", "Huawei"],
        ["countries"],
        ["donors"],
        ["items"],
        ["sources"],
        ["summary"],
        ["reciprocity"],
    ],
)
def test_a_column_named_twice(command):
    one_line_error(installed(*command, "--columns", "record_id,record_id,item"), 2, "--columns", "record_id")
    one_line_error(installed(*command, "--columns", "item,ITEM", "-f", "csv"), 2, "more than once")


# Standard streams: an ASCII encoding, a full device, completion's variables.


def test_output_is_utf8_whatever_pythonioencoding_says():
    whole = installed("list", "-c", "Italy", "--columns", "all", "-f", "csv")
    ascii_ = installed("list", "-c", "Italy", "--columns", "all", "-f", "csv", env={"PYTHONIOENCODING": "ascii"})
    assert ascii_.code == 0 and ascii_.out == whole.out and not ascii_.out.isascii()
    one_line_error(installed("by-country", "西班牙x", env={"PYTHONIOENCODING": "ascii"}), 2, "西班牙x")


def test_version_into_a_full_device():
    with open("/dev/full", "w") as full:
        p = subprocess.run([AIDCLI, "--version"], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert p.returncode == 1 and p.stderr == "aidcli: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize(
    "env", [{"COMP_CWORD": "x"}, {"COMP_CWORD": "1"}, {"COMP_WORDS": "aidcli li", "COMP_CWORD": "one"}]
)
def test_bash_completion_without_its_variables(env):
    one_line_error(installed(env={"_AIDCLI_COMPLETE": "complete_bash", **env}), 2, "COMP_WORDS", "COMP_CWORD")


@pytest.mark.parametrize("megabytes", [120, 160, 200])
def test_out_of_memory_is_one_line(tmp_path, rows, megabytes):
    """Under an address-space cap too small for a run: one line and exit 1 (or the answer), never
    an abort (exit 134) or a library's own message. A file large enough for the large-file reader."""
    if shutil.which("prlimit") is None:
        pytest.skip("needs prlimit")
    big = [{**r, "record_id": f"R{n:03d}{r['record_id'][1:]}"} for n in range(60) for r in rows]
    data = write_rows(tmp_path / "big.csv", big)
    for args in (["list", "-c", "Spain"], ["--data", str(data), "--no-cache", "list", "-c", "Spain"]):
        p = subprocess.run(
            ["prlimit", f"--as={megabytes << 20}", AIDCLI, *args, "-f", "csv"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert p.returncode in (0, 1), (p.returncode, p.stderr[-500:])
        if p.returncode == 1:
            one_line_error(Run(p.returncode, p.stdout, p.stderr), 1, "out of memory")
