"""-o FILE on every command that prints a result (one implementation with export's): the format
from the extension, never overwriting without --force."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import AIDCLI, DATA, run_installed

DONATIONS = (DATA / "donations.csv").read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ["list", "-c", "Italy"],
        ["filter", "region = Europe"],
        ["totals", "--item", "masks"],
        ["compare", "Italy", "Spain"],
        ["by-country", "Spain"],
        ["by-donor", "Huawei"],
        ["countries"],
        ["donors"],
        ["items"],
        ["sources"],
        ["reciprocity"],
        ["summary"],
        ["show", "R0028"],
    ],
)
@pytest.mark.parametrize(
    "fmt,suffix", [("csv", ".csv"), ("tsv", ".tsv"), ("json", ".json"), ("jsonl", ".jsonl"), ("markdown", ".md")]
)
def test_o_writes_exactly_what_f_prints(cli, tmp_path, args, fmt, suffix):
    target = tmp_path / f"out{suffix}"
    printed = cli(*args, "-f", fmt)
    written = cli(*args, "-o", str(target))
    assert written.code == printed.code == 0, written.err
    assert written.out == "" and target.read_text(encoding="utf-8") == printed.out
    assert "wrote " in written.err and str(target) in written.err


def test_o_takes_the_format_from_the_extension_and_f_for_the_rest(cli, tmp_path):
    assert cli("list", "-c", "Spain", "-o", str(tmp_path / "spain.out"), "-f", "json").code == 0
    assert json.loads((tmp_path / "spain.out").read_text())[0]["recipient"]
    unknown = cli("list", "-o", str(tmp_path / "x.docx"))
    assert unknown.code == 2 and "extension" in unknown.err and not (tmp_path / "x.docx").exists()


def test_a_profile_is_one_sheet_a_section_in_xlsx_and_one_object_in_json(cli, tmp_path):
    from openpyxl import load_workbook

    assert cli("by-country", "Spain", "-o", str(tmp_path / "spain.xlsx")).code == 0
    assert cli("by-country", "Spain", "-o", str(tmp_path / "spain.json")).code == 0
    sections = json.loads((tmp_path / "spain.json").read_text())
    assert isinstance(sections, dict) and len(sections) > 1
    assert load_workbook(tmp_path / "spain.xlsx").sheetnames == [*sections, "About"]  # and what the sheets are


def test_o_never_overwrites_without_force(cli, tmp_path):
    target = tmp_path / "italy.csv"
    target.write_text("mine\n")
    again = cli("list", "-c", "Italy", "-o", str(target))
    assert again.code == 2 and "--force" in again.err and target.read_text() == "mine\n"
    assert cli("list", "-c", "Italy", "-o", str(target), "--force").code == 0
    assert target.read_text().startswith("record_id,")


def test_a_format_that_contradicts_the_extension_is_refused(cli, tmp_path):
    r = cli("list", "-c", "Italy", "-o", str(tmp_path / "y.xlsx"), "-f", "csv")
    assert r.code == 2 and "contradicts" in r.err and not (tmp_path / "y.xlsx").exists()
    e = cli("export", "-o", str(tmp_path / "y.json"), "-f", "tsv")
    assert e.code == 2 and "contradicts" in e.err
    # .txt is plain text: any text format may wear it (export's test of -f winning)
    assert cli("totals", "-o", str(tmp_path / "t.txt"), "-f", "csv").code == 0


def test_dev_stdout_and_dev_null_are_written_not_refused(tmp_path):
    printed = run_installed("totals", "-c", "Spain", "-f", "csv")
    to_stdout = run_installed("totals", "-c", "Spain", "-o", "/dev/stdout")
    assert to_stdout.returncode == 0 and to_stdout.stdout == printed.stdout, to_stdout.stderr
    assert run_installed("by-country", "Spain", "-o", "/dev/null", "-f", "json").returncode == 0
    assert run_installed("export", "-o", "/dev/null").returncode == 0
    # standard output redirected to a file that exists: still standard output, appended after the shell's text
    target = tmp_path / "kept.csv"
    with target.open("w") as fh:
        fh.write("before\n")
        fh.flush()
        r = subprocess.run(
            [AIDCLI, "totals", "-c", "Spain", "-o", "/dev/stdout", "-f", "json"],
            stdout=fh,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert r.returncode == 0, r.stderr
    text = target.read_text()
    assert text.startswith("before\n[") and json.loads(text[len("before\n") :])


def test_xlsx_to_standard_output_needs_a_file(cli):
    r = cli("list", "-f", "xlsx")
    assert r.code == 2 and "--output FILE.xlsx" in r.err


def test_validate_writes_its_problems_with_o(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(DONATIONS.replace(b",Europe,", b",Europa,", 1))
    r = cli("validate", str(bad), "-o", str(tmp_path / "problems.json"))
    assert r.code == 1 and json.loads((tmp_path / "problems.json").read_text())[0]["value"] == "Europa"
