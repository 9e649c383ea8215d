"""Answers that would be wrong without a word: dates typed in other digits, a date the calendar has
not, a sum past the largest float, text a worksheet would cut. Each is read as what it is or
refused in one line; never compared as text, printed as inf or cut silently."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from conftest import one_line_error, write_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidcli.model.errors import OutputError
from aidcli.model.result import Result, Section
from aidcli.output import workbook

# The zero of some scripts' decimal digits: full-width, Arabic-Indic, Extended Arabic-Indic,
# Devanagari, Bengali, Thai.
_ZEROS = ["０", "٠", "۰", "०", "০", "๐"]  # noqa: RUF001 - the digits under test
_TYPED = ["2020", "2020-03", "2020-3", "2020-03-16", "2020-02-29", "2020-04-01"]


def _in_script(text: str, zero: str) -> str:
    return "".join(chr(ord(zero) + int(c)) if c.isdigit() else c for c in text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(_TYPED), st.sampled_from(_ZEROS), st.sampled_from(["since", "until", "filter"]))
def test_a_date_in_other_digits_is_read_as_its_digits(cli, date, zero, how):
    def run(typed: str):
        if how == "filter":
            return cli("filter", f"date >= {typed}", "-f", "csv")
        return cli("list", f"--{how}", typed, "-f", "csv")

    ascii_, other = run(date), run(_in_script(date, zero))
    assert other.code == ascii_.code == 0 and other.out == ascii_.out, (other.err, ascii_.err)


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_a_date_the_calendar_has_not_is_refused_typed(cli, option):
    one_line_error(cli("list", option, "2020-02-30"), 2, "not a real date")
    one_line_error(cli("list", option, _in_script("2020-02-30", "０")), 2, "not a real date")  # noqa: RUF001


@pytest.mark.parametrize(("date", "code"), [("2020-02-30", 1), ("2021-02-29", 1), ("2020-02-29", 0)])
def test_data_dates_meet_the_rule_typed_dates_meet(cli, tmp_path, rows, date, code):
    rows[0]["date"] = date
    path = write_rows(tmp_path / "d.csv", rows)
    r = cli("--data", str(path), "list", "-f", "csv")
    typed = cli("list", "--since", date, "-f", "csv")
    if code:
        one_line_error(r, 1, "row 2", "column date", "not a real date")
        assert typed.code == 2
    else:
        assert r.code == typed.code == 0, r.err


@pytest.fixture
def huge(tmp_path, rows):
    """Every quantity 1.7e308: any two of them add up past the largest float."""
    for r in rows:
        if r["quantity"]:
            r["quantity"] = "1.7e308"
    return str(write_rows(tmp_path / "huge.csv", rows))


@pytest.mark.parametrize(
    "command",
    [
        ["totals"],
        ["totals", "--by", "month"],
        ["compare", "Spain", "Italy"],
        ["compare", "--donors", "Huawei", "Jack Ma Foundation"],
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_a_sum_that_overflows_is_a_data_error_never_inf(cli, huge, command, fmt):
    r = cli("--data", huge, *command, "-f", fmt)
    if r.code == 0:  # nothing added up past the limit in this view: no inf, no warning
        assert "inf" not in r.out.lower() and "Warning" not in r.err, r
    else:
        one_line_error(r, 1, "larger than the largest number")
        assert r.out == "" and "Warning" not in r.err


@pytest.mark.parametrize("command", [["totals", "-c", "Spain"], ["compare", "Spain", "Italy"]])
def test_a_chart_of_figures_near_the_limit_draws(cli, tmp_path, rows, command):
    """Sums of 1e307 are finite: their bars are drawn, not an overflow in scaling them."""
    for r in rows:
        if r["quantity"]:
            r["quantity"] = "1e307"
    path = write_rows(tmp_path / "near.csv", rows)
    r = cli("--data", str(path), *command, "--chart", "-f", "table")
    assert r.code == 0 and "█" in r.out and "unexpected" not in r.err, r.err


def test_totals_of_huge_quantities_are_refused(cli, huge):
    one_line_error(cli("--data", huge, "totals", "-f", "csv"), 1, "larger than the largest number")


def test_a_huge_figure_is_written_as_the_source_gives_it(cli, huge):
    r = cli("--data", huge, "list", "-c", "Spain", "-f", "csv")
    assert r.code == 0 and "1.7e+308" in r.out and "-9223372036854775808" not in r.out, r.err


@pytest.mark.parametrize("command", [["export"], ["list", "--columns", "all"]])
def test_xlsx_refuses_a_cell_excel_would_cut(cli, tmp_path, rows, command):
    rows[0]["notes"] = "x" * 40_000
    path = write_rows(tmp_path / "long.csv", rows)
    out = tmp_path / "out.xlsx"
    r = cli("--data", str(path), *command, "-o", str(out))
    assert r.code == 1 and "32,767" in r.err and "40,000" in r.err and r.err.count("aidcli: error") == 1, r.err
    assert not out.exists() and "Traceback" not in r.err


def test_xlsx_keeps_a_cell_at_excels_limit_whole(cli, tmp_path, rows):
    from openpyxl import load_workbook

    rows[0]["notes"] = "x" * 32_767
    path = write_rows(tmp_path / "long.csv", rows)
    out = tmp_path / "out.xlsx"
    assert cli("--data", str(path), "export", "-o", str(out)).code == 0
    sheet = load_workbook(out, read_only=True)["donations"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))[header.index("notes")] == "x" * 32_767


def test_xlsx_refuses_more_rows_than_a_sheet_holds_before_writing():
    frame = pd.DataFrame({"n": range(workbook.MAX_ROWS)})  # with its header, one row too many
    out = io.BytesIO()
    with pytest.raises(OutputError, match="1,048,576"):
        workbook.write(Result([Section("rows", "Rows", frame)]), out)
    assert out.getvalue() == b""
