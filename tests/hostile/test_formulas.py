"""Text a spreadsheet would run as a formula: validate flags it, CSV keeps it raw and says so,
.xlsx stores it as text."""

from __future__ import annotations

import pytest
from conftest import write_rows

FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\tindented",
    "\rreturn",
]


@pytest.mark.parametrize("value", FORMULAS)
def test_validate_flags_a_text_value_a_spreadsheet_would_run(cli, tmp_path, rows, value):
    import csv

    rows[2]["notes"] = value
    path = tmp_path / "f.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:  # every field quoted: a bare CR too
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    r = cli("validate", str(path), "-f", "csv")
    assert r.code == 1
    # read as text: the CSV writer (pandas, lineterminator \n) leaves a bare CR unquoted, which csv refuses
    assert r.out.count("formula") == 1 and f"{path},4,notes," in r.out


def test_csv_keeps_the_raw_value_and_says_so_and_xlsx_stores_text(cli, tmp_path, rows):
    from openpyxl import load_workbook

    rows[0]["quote"] = FORMULAS[0]
    path = write_rows(tmp_path / "f.csv", rows)
    r = cli("--data", str(path), "export", "-o", str(tmp_path / "out.csv"))
    assert r.code == 0 and "1 text cell start" in r.err and "formula" in r.err
    exported = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert '"=HYPERLINK(""http://evil.example"",""click"")"' in exported  # raw, for a data pipeline
    assert cli("--data", str(path), "export", "-o", str(tmp_path / "out.xlsx")).code == 0
    sheet = load_workbook(tmp_path / "out.xlsx")["donations"]
    quote = next(c for c in sheet[1] if c.value == "quote").column
    cell = sheet.cell(row=2, column=quote)
    assert cell.value == FORMULAS[0] and cell.data_type == "s"


def test_the_packaged_export_has_no_formula_note(cli):
    r = cli("export", "-f", "csv")
    assert r.code == 0 and "formula" not in r.err
