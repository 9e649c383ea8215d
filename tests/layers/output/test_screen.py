"""Tables on a screen (output/screen.py) at fixed widths: numbers and words whole, records when
columns cannot fit, the same screen as Rich lays out."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from aidcli.model.result import Section
from aidcli.output import formats, screen


def table_text(sections: list[Section], width: int, **kw) -> str:
    out = io.StringIO()
    screen.write_table(sections, out, width=width, **kw)
    return out.getvalue()


def test_numbers_whole_at_30_columns(totals):
    text = table_text([Section("totals", "Totals", totals, "A caption.")], 30)
    assert f"{int(totals['quantity'].max()):,}" in text
    for value in totals["quantity"].dropna():
        assert f"{int(value):,}" in text
    assert max(len(line) for line in text.splitlines()) <= 30


@pytest.mark.parametrize("width", [60, 80, 120])
def test_numbers_and_words_whole(ds, width):
    """Every word of every cell (the longest is 26 characters) is printed unbroken, at any width."""
    cols = ["record_id", "donor", "donor_type", "recipient", "item", "quantity", "unit", "status"]
    frame = ds.donations[cols]
    text = table_text([Section("rows", "Aid flows", frame)], width)
    shown = set(text.split())
    # a column left out to fit (named under the table) has no words to show
    left = re.search(r"Columns left out to fit \d+ characters: ([\w, ]+) \(", text)
    kept = [c for c in cols if not left or c not in left.group(1).split(", ")]
    words = {w for c in kept if c != "quantity" for v in frame[c].dropna() for w in str(v).split()}
    assert "delivered" in words and "Foundation" in words
    assert words <= shown
    assert {f"{int(q):,}" for q in frame["quantity"].dropna()} <= shown
    assert max(len(line) for line in text.splitlines()) <= width


def test_a_column_empty_in_every_row_is_left_out_before_one_with_values():
    """Narrowing leaves out the least needed columns first (screen.DROP_FIRST), but a column with
    no value in any row before any of them: basis says how sure a sum is, an empty value_usd nothing."""
    frame = pd.DataFrame(
        {
            "recipient": ["Spain", "Italy", "shared: Spain, Italy"],
            "item_group": ["masks", "test kits", "masks"],
            "quantity": [1_000_000.0, 200_000.0, 1_800_000.0],
            "unit": ["pieces"] * 3,
            "status": ["delivered"] * 3,
            "basis": ["1 record", "computed: 2 records", "1 record, approximate"],
            "value_usd": [None, None, None],
        }
    )
    text = table_text([Section("totals", "Totals", frame)], 80)
    left = re.search(r"Columns left out to fit 80 characters: ([\w, ]+) \(", text)
    assert left and "value_usd" in left.group(1).split(", "), text
    assert "basis" not in left.group(1).split(", ") and "computed:" in text
    assert screen.DROP_FIRST.index("basis") < screen.DROP_FIRST.index("value_usd")  # the order it overrides


def test_table_at_120_keeps_columns(ds):
    cols = ["record_id", "donor", "donor_type", "recipient", "item", "quantity", "status"]
    text = table_text([Section("rows", "Aid flows", ds.donations[cols])], 120)
    header = next(line for line in text.splitlines() if line.startswith("record_id"))
    assert header.split() == cols  # a table with its header, not records
    assert "international-organisation" in text.split()


def test_table_at_60_goes_vertical_when_words_cannot_fit(ds):
    cols = ["record_id", "donor", "donor_type", "recipient", "item", "quantity", "unit", "status"]
    text = table_text([Section("rows", "Aid flows", ds.donations[cols].head(3), "3 rows.")], 60)
    lines = text.splitlines()
    assert lines[0] == "Aid flows"
    assert lines[1].startswith("1 of 3 ---")
    assert re.fullmatch(r"donor_type +central-government *", lines[4])
    assert lines[-1] == "3 rows."


def test_vertical_stacks_labels_when_too_narrow(totals):
    frame = totals.rename(columns={"quantity": "quantity_as_reported_here"})
    text = table_text([Section("totals", "", frame)], 30)
    lines = text.splitlines()
    i = lines.index("quantity_as_reported_here")
    assert re.fullmatch(r"  [\d,]+ *", lines[i + 1])
    assert max(len(line) for line in lines) <= 30
    assert totals.isna().any().any() and all(line.strip() for line in lines)  # empty values: no blank lines


def test_vertical_can_be_forced_and_refused(totals):
    small = [Section("t", "", totals[["item", "quantity"]].head(2))]
    assert table_text(small, 120).splitlines()[0].split() == ["item", "quantity"]
    out = io.StringIO()
    screen.write_records(small, out)
    assert out.getvalue().splitlines()[0].startswith("1 of 2 ---")
    wide = table_text([Section("totals", "", totals)], 30, vertical=False).splitlines()
    assert wide[0].split() == list(totals.columns)
    assert max(len(line) for line in wide) > 30 and any(f"{int(totals['quantity'].max()):,}" in line for line in wide)


def test_column_widths_fill_the_width_and_respect_floors():
    headers = ["id", "text", "n"]
    cells = [["R1", "a long sentence that wraps at spaces " * 3, "1,000"]]
    widths = screen.column_widths(headers, cells, [False, False, True], 40)
    assert widths is not None and sum(widths) + 2 * screen.GAP == 40
    assert widths[0] == 2 and widths[2] == 5
    assert screen.column_widths(headers, cells, [False, False, True], 15) is None  # text would get < 6


@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize("width", [60, 100, 160])
def test_rows_written_plainly_are_what_rich_lays_out(monkeypatch, terminal, width):
    """Rows are written without Rich laying out the table (fast at 100k rows), each cell wrapped
    by Rich's Text.wrap; the screen is the same, colours and all, as when Rich lays out the table
    (accents, wide characters, a tab and an escape character among the cells)."""
    from aidcli.cli.options import Shape
    from aidcli.output import shaping
    from aidcli.query import profiles, reports
    from aidcli.query.session import Session

    session = Session(None, {})
    odd = pd.DataFrame(
        {
            "name": [
                "Côte d'Ivoire",
                "北京",
                "a\tb",
                "",
                "x\x1by",
                "https://example.org/" + "a" * 70,
                "word " * 30,
                "北京市" * 20,
                "a-b-c " * 12 + "x" * 45,
            ],
            "n": [1.0, 20000.0, None, 3.5, 2.0, 1e9, None, 7.0, 12345.5],
        }
    )
    results = [
        reports.listing(session),
        profiles.country(session, session.place("Spain")),
        reports.Result([Section("odd", "Odd cells", odd, "")], "odd", []),
    ]
    rows, row_lines = [], screen._row_lines
    monkeypatch.setattr(screen, "_row_lines", lambda *a: rows.append(row_lines(*a)) or rows[-1])
    for result in results:
        sections = shaping.shape(result, formats.get("table"), Shape()).sections
        fast = table_text(sections, width, terminal=terminal)
        with monkeypatch.context() as m:  # the reference: one Rich table, every row laid out by Rich
            m.setattr(
                screen,
                "_write_rows",
                lambda con, numeric, headers, cells, widths: con.print(screen._table(numeric, headers, cells, widths)),
            )
            slow = table_text(sections, width, terminal=terminal)
        assert fast == slow
    assert any(r.count("\n") > 1 for r in rows) and any(r.count("\n") == 1 for r in rows)  # wrapped and not


@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize("width", [50, 80, 140])
def test_records_written_plainly_are_what_rich_lays_out(monkeypatch, terminal, width):
    """The record view writes each record without Rich laying out a grid (fast at 10k records);
    the screen is the same, colours and all, as Rich's rule and grid."""
    from aidcli.cli.options import Shape
    from aidcli.output import shaping
    from aidcli.query import reports
    from aidcli.query.session import Session

    session = Session(None, {})
    odd = pd.DataFrame(
        {
            "name": ["Côte d'Ivoire", "北京市" * 20, "a\\tb", "", "word " * 30],
            "a much longer label": ["x", "", "y", "", "https://example.org/" + "a" * 90],
            "n": [1.0, 20000.0, None, 3.5, None],
        }
    )
    some = session.dataset.donations.head(60)  # every column, quotes and notes included
    results = [
        reports.Result([Section("donations", "Donations", some, "60 rows.")], "donations", []),
        reports.Result([Section("odd", "Odd cells", odd, "Cap.")], "odd", []),
    ]
    written, record_lines = [], screen._record_lines
    monkeypatch.setattr(screen, "_record_lines", lambda *a: written.append(record_lines(*a)) or written[-1])
    for result in results:
        sections = shaping.shape(result, formats.get("table"), Shape()).sections
        fast = table_text(sections, width, vertical=True, terminal=terminal)
        with monkeypatch.context() as m:  # the reference: Rich's rule and grid for every record
            m.setattr(screen, "_plain_record", lambda con, title, row: False)
            slow = table_text(sections, width, vertical=True, terminal=terminal)
        assert fast == slow
    assert written
