"""The .xlsx a journalist opens: one sheet per section, its header bold, frozen and filtered,
readable column widths, full dates as dates, text always text (never a formula; a control
character XML cannot hold written as its escape, \\x1b), and an "About" sheet with what each
sheet holds and left out, the counting rules, the sources and the licence. Imported only to
write one."""

from __future__ import annotations

import re
from typing import IO

import pandas as pd

from aidcli.model import progress
from aidcli.model.about import NOT_STATED, About, about
from aidcli.model.cells import cell_text, plain
from aidcli.model.errors import OutputError
from aidcli.model.result import Result, Section
from aidcli.model.text import xml_text
from aidcli.output.formats import NO_OPTIONS, Options

# Excel's limits: a cell of more characters is cut by openpyxl without a word, a sheet of more
# rows does not open. Refused, never applied silently.
MAX_CELL = 32_767
MAX_ROWS = 1_048_576


def write(result: Result, out: IO[bytes], options: Options = NO_OPTIONS) -> None:
    """A workbook a journalist opens: one sheet per section, its header bold, frozen and filtered,
    columns wide enough to read, full dates (YYYY-MM-DD) as dates and coarser ones as text, numbers
    as numbers; then an "About" sheet: what the sheets are and left out, the counting rules and
    `counted`, the source articles and the licence. Text is always text: a quote starting with '='
    is not a formula. The HXL row of `options`, if any, goes under the main section's header. Many
    rows show their progress."""
    sections, hxl = result.sections, options.hxl
    rows = sum(len(s.frame) for s in sections)
    with progress.task(f"writing {rows:,} rows to xlsx", rows, shown=rows >= LONG_EXPORT) as advance:
        _write(result, out, sections, hxl, advance)


# Rows from which writing a workbook takes long enough (about a second) to show its progress.
LONG_EXPORT = 10_000


def _write(
    result: Result, out: IO[bytes], sections: list[Section], hxl: list[str] | None, advance: progress.Advance
) -> None:
    """The workbook's sheets, then its About sheet, `advance` told every 1,000 rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    tagged = result.main if hxl else None
    for s in sections:
        _within_limits(s, 2 if s is tagged else 1)
    book = Workbook(write_only=True)
    used: set[str] = set()
    bold = Font(bold=True)
    titles = []
    for s in sections:
        title = _sheet_title(s.key, used)
        titles.append(title)
        sheet = book.create_sheet(title)
        columns = [str(c) for c in s.frame.columns]
        dates = {i for i, c in enumerate(columns) if _is_date_column(s.frame[s.frame.columns[i]])}
        for i, c in enumerate(columns):
            sheet.column_dimensions[get_column_letter(i + 1)].width = _width(c, s.frame[s.frame.columns[i]], i in dates)
        head = 2 if s is tagged else 1
        sheet.freeze_panes = f"A{head + 1}"
        _print_layout(sheet, head)
        if columns:
            sheet.auto_filter.ref = f"A{head}:{get_column_letter(len(columns))}{head + len(s.frame)}"

        def header_cell(text: str) -> WriteOnlyCell:
            cell = WriteOnlyCell(sheet, value=xml_text(text))  # noqa: B023 - called within this iteration only
            cell.font = bold
            cell.data_type = "s"
            return cell

        sheet.append([header_cell(c) for c in columns])
        if s is tagged:
            sheet.append([header_cell(t) for t in hxl or []])
        for n, row in enumerate(s.frame.itertuples(index=False), 1):
            if n % 1000 == 0:
                advance(1000, None)
            cells = []
            for i, value in enumerate(row):
                value = plain(value)
                if i in dates and isinstance(value, str) and _FULL_DATE.fullmatch(value):
                    cell = WriteOnlyCell(sheet, value=_date(value))
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=xml_text(value))
                    cell.data_type = "s"
                elif isinstance(value, bool):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = BOOLEAN_FORMAT
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                cells.append(cell)
            sheet.append(cells)
    _about_sheet(book, sections, titles, bold, result.about)
    book.save(out)


def _within_limits(s: Section, head: int) -> None:
    """Refuse, before a byte is written, a section a worksheet cannot hold whole: more rows than
    MAX_ROWS, or a text (a name, a quote, a column name) longer than MAX_CELL as the sheet writes it."""
    if head + len(s.frame) > MAX_ROWS:
        raise OutputError(
            f"sheet {s.key!r} would hold {head + len(s.frame):,} rows; a worksheet holds at most "
            f"{MAX_ROWS:,} (Excel's limit): write csv, json or sqlite, or filter the rows"
        )
    for i, name in enumerate(s.frame.columns):
        col = s.frame.iloc[:, i]
        if col.dtype.kind in "biufcmM":
            continue
        values = col.cat.categories if isinstance(col.dtype, pd.CategoricalDtype) else col.dropna().unique()
        # an escape is at most 6 characters for 1: only a text longer than MAX_CELL // 6 can be too long
        for text in [str(name), *(v for v in values if isinstance(v, str) and len(v) > MAX_CELL // 6)]:
            if len(xml_text(text)) > MAX_CELL:
                row = "header" if text == str(name) else f"row {head + 1 + int(col.eq(text).to_numpy().argmax())}"
                raise OutputError(
                    f"sheet {s.key!r}, {row}, column {str(name)[:40]!r}: {len(xml_text(text)):,} characters; a "
                    f"worksheet cell holds at most {MAX_CELL:,} (Excel's limit) and aidcli never cuts text: "
                    "write csv, json or sqlite"
                )


# A boolean cell's format, as Excel writes it: without one LibreOffice shows FALSE as 0.
BOOLEAN_FORMAT = '"TRUE";"TRUE";"FALSE"'
LINE_HEIGHT = 15.0  # points: one line of the default 11-point font


def _print_layout(sheet, head: int, orientation: str = "landscape") -> None:
    """Printed as wide as one page and as many pages tall as it needs, landscape for a table, its
    `head` rows (the header and HXL rows) on every page: a 20-row table is one page, not ten cut
    by columns."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.page_setup.orientation = orientation
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if head:
        sheet.print_title_rows = f"1:{head}"


def _lines(text: str, width: float) -> int:
    """How many lines a wrapped cell of this column width takes (a width holds about that many
    characters; a little fewer, since words do not fill a line to its end)."""
    per_line = max(int(width * 0.9), 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SOME_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _date(text: str):
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return text


def _is_date_column(col: pd.Series) -> bool:
    """A text column of ISO dates (YYYY, YYYY-MM or YYYY-MM-DD), at least one of them a full date."""
    if col.dtype.kind in "biufc":
        return False
    values = [v for v in col.dropna().unique() if v != ""]
    return (
        bool(values)
        and all(isinstance(v, str) and _SOME_DATE.fullmatch(v) for v in values)
        and any(_FULL_DATE.fullmatch(v) for v in values)
    )


def _width(name: str, col: pd.Series, date: bool) -> float:
    """A column wide enough for its header and most of its cells, at most 60 (long text is cut on
    screen, whole in the cell)."""
    if date:
        return max(len(name), 10) + 2
    sample = col.dropna()
    if isinstance(col.dtype, pd.CategoricalDtype):
        sample = pd.Series(col.cat.categories)
    lengths = sorted(len(cell_text(v, col.dtype.kind in "iuf")) for v in sample.head(2000))
    typical = lengths[int(len(lengths) * 0.9)] if lengths else 0
    return float(min(max(len(name), typical, 6) + 2, 60))


def _about_sheet(book, sections: list[Section], titles: list[str], bold, known: About | None) -> None:
    """The workbook's last sheet: what each sheet is, what it leaves out, how to sum it, where the
    numbers come from and under which licence: the dataset's own (`known`, the packaged one when
    None), or, for a CSV without a package, that they are not stated."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    sheet = book.create_sheet(_sheet_title("About", {t.lower() for t in titles}))
    widths = {"A": 22, "B": 110}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    _print_layout(sheet, 0, "portrait")
    wrap = Alignment(wrap_text=True, vertical="top")
    rows = [0]

    def line(label: str, text: str = "", heading: bool = False) -> None:
        """A row of label and text, as tall as its wrapped text (a reader that does not measure
        rows itself, LibreOffice, would draw a wrapped cell over the rows under it)."""
        rows[0] += 1
        tall = max(_lines(label, widths["A"]), _lines(text, widths["B"]))
        sheet.row_dimensions[rows[0]].height = tall * LINE_HEIGHT
        a = WriteOnlyCell(sheet, value=xml_text(label))
        a.data_type = "s"
        a.font = bold
        a.alignment = wrap
        b = WriteOnlyCell(sheet, value=xml_text(text))
        b.data_type = "s"
        b.alignment = wrap
        sheet.append([a, b] if not heading else [a])

    dataset = known or about(None)
    package = _package()
    line(dataset.title, heading=True)
    line("Dataset", dataset.description if dataset.stated else f"{dataset.title}: its description is {NOT_STATED}")
    for title, s in zip(titles, sections):
        line(f"Sheet {title}", " ".join(p for p in (s.title, s.caption) if p))
    columns = {str(c) for s in sections for c in s.frame.columns}
    fields = {
        f["name"]: f.get("description", "")
        for r in package.get("resources", [])
        if r.get("name") == "donations"
        for f in r.get("schema", {}).get("fields", [])
    }
    for name in ("counted", "in_totals", "allocation", "overlaps", "same_shipment"):
        if name in columns and fields.get(name):
            line(f"Column {name}", fields[name])
    line("Counting rules", COUNTING_RULES)
    for n, source in enumerate(dataset.sources, 1):
        line(f"Source {n}", source)
    for name, address in dataset.licences:
        line("Licence", f"{name} {address}".strip())
    if not dataset.sources:
        line("Sources", NOT_STATED)
    if not dataset.licences:
        line("Licence", NOT_STATED)
    line("Made by", "aidcli (every number is an article's number: 'aidcli show ID' gives its sentence)")


COUNTING_RULES = (
    "To total a column yourself, filter counted = TRUE and sum quantity per item, unit and status (and "
    "kind and flow when more than one is present): that is aidcli totals. Only the article's numbers "
    "are recorded; value_usd is only an article's own dollar figure. An 'each' amount counts once per "
    "recipient; a shared amount counts once, on its own 'shared: ...' row. Umbrella statements and "
    "flows reported twice have in_totals = FALSE and are never summed. Delivered and pledged, donation "
    "and purchase, aid from and to China, and different units are never added together. A date is an "
    "interval: 2020-03 is the whole of March (only full dates are spreadsheet dates)."
)


def _package() -> dict:
    """The packaged datapackage.json: the contract that describes every column."""
    from aidcli.model.errors import DataError
    from aidcli.model.schema import default_package, read_descriptor

    try:
        return read_descriptor(default_package())
    except DataError:
        return {}


def _sheet_title(key: str, used: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    base = "".join("_" if c in "[]:*?/\\" else c for c in key)[:31] or "sheet"
    title, n = base, 1
    while title.lower() in used:
        n += 1
        title = f"{base[:28]}-{n}"
    used.add(title.lower())
    return title
