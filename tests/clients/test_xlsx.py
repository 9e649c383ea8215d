"""The .xlsx a journalist opens, through the installed command, read back by openpyxl and
converted by LibreOffice (skipped where soffice is absent): bold, frozen, filtered header; readable
widths; full dates as dates, coarser ones as text; text never a formula; an About sheet with the
counting rules, `counted`, the source articles and the licence."""

from __future__ import annotations

import csv
import datetime
import shutil
import subprocess

import pytest
from conftest import run_installed, write_rows
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from aidcli.query import reports

FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xlsx")
    with (__import__("conftest").DATA / "donations.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["notes"] = FORMULA
    data = write_rows(folder / "d.csv", rows)
    path = folder / "aid.xlsx"
    r = run_installed("--data", str(data), "export", "-o", str(path))
    assert r.returncode == 0, r.stderr
    return path


def exported(ds) -> int:
    """How many rows the export has: every row of the data, a shared amount once."""
    return len(reports.export(ds).sections[0].frame)


def column(sheet, name: str) -> int:
    return next(c.column for c in sheet[1] if c.value == name)


def test_header_bold_frozen_and_filtered(workbook, ds):
    book = load_workbook(workbook)
    assert book.sheetnames == ["donations", "About"]
    sheet = book["donations"]
    assert all(c.font.b for c in sheet[1]) and not sheet.cell(row=2, column=1).font.b
    assert sheet.freeze_panes == "A2"
    header = (__import__("conftest").DATA / "donations.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    assert sheet.max_column == len(header)  # every column of the data, counted among them
    last = get_column_letter(sheet.max_column)
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}" and sheet.max_row == exported(ds) + 1


def test_columns_are_wide_enough_to_read(workbook):
    sheet = load_workbook(workbook)["donations"]
    head = [sheet.cell(row=1, column=i) for i in range(1, sheet.max_column + 1)]
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in head}
    assert all(len(name) + 2 <= w <= 60 for name, w in widths.items())
    assert widths["donor"] >= 30 and widths["quote"] == 60 and widths["record_id"] < 15


def test_full_dates_are_dates_and_months_stay_text(workbook):
    sheet = load_workbook(workbook)["donations"]
    dates = [r[0] for r in sheet.iter_rows(min_row=2, min_col=column(sheet, "date"), max_col=column(sheet, "date"))]
    full = [c for c in dates if c.is_date]
    assert full and all(isinstance(c.value, datetime.datetime) and c.number_format == "yyyy-mm-dd" for c in full)
    assert datetime.datetime(2020, 3, 25) in {c.value for c in full}
    months = [c.value for c in dates if isinstance(c.value, str)]
    assert "2020-03" in months and all(len(m) in (4, 7) for m in months)


def test_numbers_are_numbers_booleans_booleans_and_text_is_text(workbook):
    sheet = load_workbook(workbook)["donations"]
    q, counted, notes = column(sheet, "quantity"), column(sheet, "counted"), column(sheet, "notes")
    assert any(isinstance(sheet.cell(row=r, column=q).value, (int, float)) for r in range(2, 50))
    assert {sheet.cell(row=r, column=counted).value for r in range(2, 100)} == {True, False}
    cell = sheet.cell(row=2, column=notes)
    assert cell.value == FORMULA and cell.data_type == "s"


def test_about_sheet_explains_counted_rules_sources_and_licence(workbook, ds):
    about = {r[0]: (r[1] if len(r) > 1 else None) for r in load_workbook(workbook)["About"].iter_rows(values_only=True)}
    assert "true on exactly the rows a plain sum must count" in about["Column counted"]
    assert "filter counted = TRUE" in about["Counting rules"]
    # the workbook is of a CSV without a package: no licence or source is claimed for it
    assert about["Licence"].startswith("not stated") and about["Sources"].startswith("not stated")
    assert "Source 1" not in about
    assert f"{exported(ds)} rows" in about["Sheet donations"]


def test_a_profile_is_a_sheet_a_section_and_an_about(tmp_path):
    from conftest import country, session

    from aidcli.output import render

    result = country(session(), "Spain")
    path = tmp_path / "spain.xlsx"
    render.write_file(result, None, path)
    book = load_workbook(path)
    assert book.sheetnames == [s.key for s in result.sections] + ["About"]
    about = [r[0] for r in book["About"].iter_rows(values_only=True)]
    assert all(f"Sheet {s.key}" in about for s in result.sections)


def test_a_control_character_a_worksheet_cannot_hold_is_written_escaped(cli, tmp_path):
    """XML 1.0 has no ESC or BEL: such a character of a user's data is written as a screen shows it
    (openpyxl refused the cell, and the export failed)."""
    with (__import__("conftest").DATA / "donations.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["notes"] = "a note\x1b]0;retitled\x07 with\ta tab\nand a line break"
    data = write_rows(tmp_path / "d.csv", rows)
    r = cli("--data", str(data), "export", "-o", str(tmp_path / "aid.xlsx"))
    assert r.code == 0, r.err
    sheet = load_workbook(tmp_path / "aid.xlsx")["donations"]
    assert (
        sheet.cell(row=2, column=column(sheet, "notes")).value
        == "a note\\x1b]0;retitled\\x07 with\ta tab\nand a line break"
    )


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_it_with_dates_and_text_intact(workbook, tmp_path, ds):
    profile = tmp_path / "lo-profile"
    r = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert r.returncode == 0, r.stderr
    sheets = {p.name: p for p in tmp_path.glob("aid*.csv")}
    assert "aid-donations.csv" in sheets and "aid-About.csv" in sheets, (sheets, r.stdout)
    with sheets["aid-donations.csv"].open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == exported(ds)
    assert rows[0]["notes"] == FORMULA  # text, not a formula LibreOffice evaluated
    assert "2020-03-25" in {r["date"] for r in rows} and "2020-03" in {r["date"] for r in rows}
    about = sheets["aid-About.csv"].read_text(encoding="utf-8")
    assert "counted" in about and "Tom Alton" in about


def test_booleans_carry_the_boolean_format_libreoffice_shows_as_true_and_false(workbook):
    """A boolean cell without a number format shows as 0 in LibreOffice: it carries Excel's own."""
    sheet = load_workbook(workbook)["donations"]
    counted = column(sheet, "counted")
    cells = [sheet.cell(row=r, column=counted) for r in range(2, 100)]
    assert all(c.data_type == "b" and c.number_format == '"TRUE";"TRUE";"FALSE"' for c in cells)


def test_about_rows_are_as_tall_as_their_wrapped_text(workbook):
    about = load_workbook(workbook)["About"]
    width = about.column_dimensions["B"].width
    for row in about.iter_rows(min_row=2):
        text = row[1].value if len(row) > 1 and row[1].value else ""
        lines = -(-len(text) // int(width))  # at least the lines a full-width wrap takes
        height = about.row_dimensions[row[0].row].height
        assert height is not None and height >= 15 * lines, (row[0].value, height, lines)
    assert max(about.row_dimensions[r].height or 0 for r in range(1, about.max_row + 1)) >= 45


def test_a_sheet_prints_landscape_one_page_wide_with_its_header_on_every_page(tmp_path):
    path = tmp_path / "totals.xlsx"
    r = run_installed("totals", "--by", "recipient", "-o", str(path), "-q")
    assert r.returncode == 0, r.stderr
    book = load_workbook(path)
    sheet = book.worksheets[0]
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
    assert book["About"].sheet_properties.pageSetUpPr.fitToPage
