"""Output: tables as Rich (terminal), CSV, TSV, JSON, JSON Lines, Markdown, and .xlsx or .parquet
files. Knows nothing about queries.

A result is a list of Sections (a titled DataFrame with a caption). CSV, TSV, JSON Lines and
Parquet hold one table, so callers pass the one section they should carry (`csv_section`);
JSON of several sections is one object, .xlsx one sheet per section. Those formats carry no
captions: `notes` gives the sentences the caller prints on stderr instead.
"""

from __future__ import annotations

import io
import json
import math
import os
import sys
from dataclasses import dataclass
from typing import IO, Any

import pandas as pd

from aidcli import pager as paging
from aidcli.errors import UsageError
from aidcli.text import printable
from aidcli.vocab import CAPTIONED, FORMAT_ALIASES, HXL_FORMATS, ONE_TABLE, format_for_path, normalise_format

LONG_WORD = 30  # a longer "word" (a URL) may be folded; the longest word in the data has 26
MIN_COLUMN = 6  # a text column narrower than this is unreadable: show records one field a line
GAP = 3  # characters between two table columns (padding and rule)


@dataclass
class Section:
    """A titled table and the sentence that says what it leaves out."""

    key: str
    title: str
    frame: pd.DataFrame
    caption: str = ""


def _chosen(sections: list[Section], csv_section: str | None) -> Section:
    return next((s for s in sections if s.key == csv_section), sections[0])


def notes(sections: list[Section], fmt: str = "csv", csv_section: str | None = None) -> list[str]:
    """The captions a data format leaves out, for the caller to print on stderr; none for the
    formats that show captions (table, markdown). A one-table format also says what it left out."""
    fmt = FORMAT_ALIASES.get(fmt, fmt)
    if fmt in CAPTIONED or not sections:
        return []
    if fmt in ONE_TABLE:
        chosen = _chosen(sections, csv_section)
        said = [chosen.caption] if chosen.caption else []
        if len(sections) > 1:
            said.append(f"{fmt} holds one table, '{chosen.key}'; --format json carries all {len(sections)}.")
        return said
    if len(sections) == 1:
        return [sections[0].caption] if sections[0].caption else []
    return [f"{s.title or s.key}: {s.caption}" for s in sections if s.caption]


class Figure(str):
    """A number as a screen prints it with the article's words beside it ('over 1,000,000'):
    right-aligned and never broken, as numbers are."""


def figure(value: Any, words: Any = None, unit: Any = None) -> Figure | None:
    """A number with its qualifier in front and its unit after ('nearly 1,000,000 pieces'); the
    words alone where there is no number ('millions'); None where there is neither."""
    number = _text(value, True)
    parts = [words, number, unit if number else None]
    text = " ".join(p for p in parts if isinstance(p, str) and p)
    return Figure(text) if text else None


def _is_number_column(s: pd.Series) -> bool:
    if s.dtype.kind in "fiu":
        return True
    if s.dtype == object:
        first = s.first_valid_index()
        return first is not None and isinstance(s.loc[first], Figure)
    return False


def _plain(value: Any) -> Any:
    """A cell as a JSON value: None for missing, ints for whole numbers, plain Python types; a
    sum too large for a float is None too, never Infinity (which is not JSON)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _text(value: Any, number: bool = False) -> str:
    """A cell as printed on screen: numbers with thousands separators, empty for unknown."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if number and isinstance(value, int):
        return f"{value:,}"
    if number and isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Raw CSV values: whole numbers without a decimal point, other numbers as Python writes
    them, booleans as true/false, unknown as empty."""
    import numpy as np

    out = {}
    for name in frame.columns:
        s = frame[name]
        if s.dtype.kind == "f":
            values = s.to_numpy()
            whole = np.isfinite(values) & (np.mod(values, 1) == 0)
            text = np.where(whole, np.char.mod("%d", np.where(whole, values, 0).astype(np.int64)),
                            s.astype(str).to_numpy(dtype=object))
            out[name] = pd.Series(np.where(s.isna().to_numpy(), None, text), index=frame.index, dtype=object)
        elif s.dtype.kind == "b" or str(s.dtype) == "boolean":
            out[name] = s.map({True: "true", False: "false"}).astype(object)
        else:
            out[name] = s
    return pd.DataFrame(out, index=frame.index)


def write_csv(frame: pd.DataFrame, out: IO[str], hxl: list[str] | None = None, sep: str = ",") -> None:
    """Header, optional HXL hashtag row, raw values; empty for unknown. With sep="\\t", TSV:
    a field holding a tab, a line break or a quote is quoted as in CSV."""
    ready = csv_ready(frame)
    if hxl is None:
        ready.to_csv(out, sep=sep, index=False, na_rep="", lineterminator="\n")
        return
    header = pd.DataFrame([list(ready.columns), hxl], columns=ready.columns).astype(object)
    header.to_csv(out, sep=sep, index=False, header=False, lineterminator="\n")
    ready.to_csv(out, sep=sep, index=False, header=False, na_rep="", lineterminator="\n")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def write_json(sections: list[Section], out: IO[str], as_object: bool) -> None:
    """An array of objects, or for a profile one object of sections."""
    if as_object:
        payload: Any = {s.key: records(s.frame) for s in sections}
    else:
        payload = records(sections[0].frame)
    json.dump(payload, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(frame: pd.DataFrame, out: IO[str]) -> None:
    """One JSON object per line (JSON Lines), for jq and streaming readers."""
    for row in records(frame):
        out.write(json.dumps(row, ensure_ascii=False))
        out.write("\n")


def write_xlsx(sections: list[Section], path: str | os.PathLike[str] | io.BytesIO, hxl: list[str] | None = None,
               hxl_section: str | None = None) -> None:
    """A workbook with one sheet per section: header, optional HXL row, then typed cells
    (numbers as numbers). Text is always text: a quote starting with '=' is not a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    tagged = _chosen(sections, hxl_section).key if hxl else None
    used: set[str] = set()
    for s in sections:
        sheet = book.create_sheet(_sheet_title(s.key, used))
        sheet.append([str(c) for c in s.frame.columns])
        if s.key == tagged:
            sheet.append(list(hxl or []))
        for row in s.frame.itertuples(index=False):
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=_plain(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
    book.save(path if isinstance(path, io.BytesIO) else os.fspath(path))


def _sheet_title(key: str, used: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    base = "".join("_" if c in "[]:*?/\\" else c for c in key)[:31] or "sheet"
    title, n = base, 1
    while title.lower() in used:
        n += 1
        title = f"{base[:28]}-{n}"
    used.add(title.lower())
    return title


def write_parquet(section: Section, path: str | os.PathLike[str]) -> None:
    """One table as Parquet with its pandas types; title and caption kept in the file's metadata.
    pyarrow is the `parquet` extra: pandas would import it on every start if it were a dependency."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("writing .parquet needs pyarrow: install aidcli[parquet] "
                         "(e.g. uv tool install --compile-bytecode '.[parquet]')") from None

    table = pa.Table.from_pandas(section.frame, preserve_index=False)
    meta = {**(table.schema.metadata or {}), b"aidcli.title": section.title.encode(),
            b"aidcli.caption": section.caption.encode()}
    pq.write_table(table.replace_schema_metadata(meta), os.fspath(path))


def _md_cell(text: str) -> str:
    text = printable(" ".join(text.split()))  # one line, and no control character reaches a screen
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def write_markdown(sections: list[Section], out: IO[str]) -> None:
    """GitHub-flavoured pipe tables, a heading per section and the caption in italics."""
    for n, s in enumerate(sections):
        if n:
            out.write("\n")
        if s.title:
            out.write(f"### {_md_cell(s.title)}\n\n")
        cols = list(s.frame.columns)
        numeric = [_is_number_column(s.frame[c]) for c in cols]
        out.write("| " + " | ".join(_md_cell(str(c)) for c in cols) + " |\n")
        out.write("|" + "|".join("---:" if num else "---" for num in numeric) + "|\n")
        for row in s.frame.itertuples(index=False):
            cells = [_text(v, num) for v, num in zip(row, numeric)]
            out.write("| " + " | ".join(_md_cell(c) for c in cells) + " |\n")
        if s.caption:
            out.write(f"\n*{_md_cell(s.caption)}*\n")


def console(file: IO[str] | None = None, width: int | None = None, terminal: bool | None = None):
    """A Rich console: colour only on a terminal and never with NO_COLOR (Rich honours both).
    `terminal` forces terminal behaviour when writing into a buffer meant for a pager."""
    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR"))  # no escape codes at all, even where forced
    return Console(file=file or sys.stdout, width=width, highlight=False, emoji=False,
                   no_color=plain, color_system=None if plain else "auto", force_terminal=terminal)


def _cells(frame: pd.DataFrame) -> tuple[list[bool], list[list[str]]]:
    """Which columns are numbers, and every cell as printed: line breaks in text become
    spaces, so that a paragraph break in a quote is not a blank row, and control characters
    are shown escaped (text.printable), never sent to the terminal raw."""
    numeric = [_is_number_column(frame[c]) for c in frame.columns]
    return numeric, [[printable(" ".join(_text(v, num).split())) for v, num in zip(row, numeric)]
                     for row in frame.itertuples(index=False)]


def _longest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def column_widths(headers: list[str], cells: list[list[str]], numeric: list[bool], width: int) -> list[int] | None:
    """Column widths that fit `width` with numbers whole and words up to LONG_WORD characters
    unbroken (text wraps at spaces, a number's words and unit too); None when no such widths
    exist, for the record view.

    Rich's own shrinking cuts numbers and words when a table is too wide, so the widths are
    computed here: each column gets its floor, and the room left goes to the columns that
    want more, in proportion to what they want."""
    natural, floor = [], []
    for i, (header, num) in enumerate(zip(headers, numeric)):
        column = [r[i] for r in cells]
        full = max([_longest_line(header)] + [_longest_line(c) for c in column])
        word = max([_longest_word(header)] + [_longest_word(c) for c in column])
        natural.append(max(full, 1))
        # a number is never broken (its words and unit may go under it); a word up to LONG_WORD neither
        floor.append(max(word, 1) if num else max(1, min(full, max(min(word, LONG_WORD), MIN_COLUMN))))
    room = width - GAP * (len(headers) - 1)
    if sum(floor) > room:
        return None
    spare = room - sum(floor)
    wants = [n - f for n, f in zip(natural, floor)]
    if spare >= sum(wants):
        return natural
    shares = [spare * w / sum(wants) for w in wants]
    widths = [f + int(s) for f, s in zip(floor, shares)]
    for i in sorted(range(len(widths)), key=lambda i: int(shares[i]) - shares[i])[:room - sum(widths)]:
        widths[i] += 1
    return widths


def _table(numeric: list[bool], headers: list[str], cells: list[list[str]], widths: list[int], header: bool = True):
    """A Rich table with the given widths; title and caption are printed apart, at full width,
    so a narrow table does not squeeze them into its columns."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_header=header)
    for c, num, w in zip(headers, numeric, widths):
        table.add_column(Text(c), justify="right" if num else "left", width=w, overflow="fold")
    for r in cells:
        table.add_row(*[Text(v) for v in r])
    return table


def _write_rows(con, numeric: list[bool], headers: list[str], cells: list[list[str]], widths: list[int]) -> None:
    """A table at the given widths: Rich prints (and styles) the header and any run of rows that
    needs wrapping; the other rows are written as Rich would lay them out, without Rich laying
    them out (a 100k-row table took Rich about 40 s)."""
    from itertools import groupby

    con.print(_table(numeric, headers, [], widths))
    for plain, run in groupby(cells, key=lambda row: all(v.isprintable() for v in row)):
        if plain:
            con.file.write("".join(_row_lines(con, numeric, row, widths) for row in run))
        else:  # tabs or control characters: Rich's own handling of them
            con.print(_table(numeric, headers, list(run), widths, header=False))


def _row_lines(con, numeric: list[bool], row: list[str], widths: list[int]) -> str:
    """One row of printable cells as Rich lays it out (SIMPLE_HEAD, no edge): each cell wrapped
    at spaces (folded where a word is longer than the column) by Rich's own Text.wrap and padded
    to its column, numbers to the right, the cells top-aligned, GAP spaces between columns."""
    from rich.cells import cell_len
    from rich.text import Text

    columns = []
    for v, num, w in zip(row, numeric, widths):
        if cell_len(v) <= w:
            lines = [v]
        else:
            just = "right" if num else "left"
            lines = [line.plain for line in Text(v).wrap(con, w, justify=just, overflow="fold")]
        columns.append([(" " * (w - cell_len(x)) + x) if num else (x + " " * (w - cell_len(x))) for x in lines])
    height = max(len(c) for c in columns)
    gap = " " * GAP
    return "".join(gap.join(c[i] if i < len(c) else " " * w for c, w in zip(columns, widths)) + "\n"
                   for i in range(height))


def _plain_record(con, title: str, row: list[str]) -> bool:
    """A record _record_lines can write: printable cells (no tab or control character, which Rich
    handles its own way) and a rule title that fits."""
    return len(title) + 2 <= con.width and all(v.isprintable() for v in row)


def _record_lines(con, title: str, headers: list[str], row: list[str], label: int) -> str:
    """One record of printable cells as the record view's rule and grid print it (labels bold,
    the rule dim on a terminal), each value wrapped by Rich's own Text.wrap: written without Rich
    laying out a grid per record (10k records took Rich about 36 s)."""
    from rich.cells import cell_len
    from rich.color import ColorSystem
    from rich.style import Style
    from rich.text import Text

    colours = ColorSystem.STANDARD if con.color_system else None  # bold and dim: any system's codes

    def styled(text: str, style: Style) -> str:
        return style.render(text, color_system=colours) if text else text

    bold, dim = Style(bold=True), Style(dim=True)
    width = max(0, min(max((cell_len(v) for v in row), default=0), con.width - label - 2))
    out = [title + " " + styled("-" * (con.width - len(title) - 1), dim) + "\n"]
    for h, v in zip(headers, row):
        lines = [v] if cell_len(v) <= width else \
            [line.plain for line in Text(v).wrap(con, width, justify="left", overflow="fold")]
        for i, line in enumerate(lines):
            value = line + " " * (width - cell_len(line))
            head = styled(h.ljust(label), bold) + styled("  ", bold) if i == 0 else styled(" " * (label + 2), bold)
            out.append(head + value + "\n")
    return "".join(out)


def _record_view(con, s: Section, numeric: list[bool], cells: list[list[str]]) -> None:
    """One field a line, a rule between records (psql's \\x). Labels sit beside their values,
    or above them when the screen is too narrow for both."""
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    headers = [str(c) for c in s.frame.columns]
    label = max(len(h) for h in headers)
    needs = max([len(v) for r in cells for v, num in zip(r, numeric) if num] +
                [min(_longest_word(v), LONG_WORD) for r in cells for v in r] + [MIN_COLUMN])
    beside = label + 2 + needs <= con.width
    if s.title:
        con.print(Text(s.title, style="bold"))
    for n, row in enumerate(cells, 1):
        title = f"{n} of {len(cells)}"
        if beside and _plain_record(con, title, row):
            con.file.write(_record_lines(con, title, headers, row, label))  # as Rich would, faster
            continue
        con.print(Rule(Text(title), characters="-", align="left", style="dim"))
        if beside:
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column(overflow="fold")
            for h, v in zip(headers, row):
                grid.add_row(Text(h), Text(v))
            con.print(grid)
        else:
            for h, v in zip(headers, row):
                con.print(Text(h, style="bold"), overflow="fold")
                if v:  # an empty value is the label alone, not a blank line
                    con.print(Padding(Text(v, overflow="fold"), (0, 0, 0, 2)))
    if s.caption:
        con.print(Text(s.caption))


def write_table(sections: list[Section], out: IO[str] | None = None, vertical: bool | None = None,
                width: int | None = None, terminal: bool | None = None) -> None:
    """Rich tables: numbers right-aligned with separators and never cut, words kept whole, every
    cell printed as text, not markup. A section whose columns cannot fit the width is shown as
    records, one field a line; `vertical=True` forces that view, False forbids it (the table is
    then as wide as its cells, wider than the screen if need be)."""
    from rich.text import Text

    con = console(out, width, terminal)
    for n, s in enumerate(sections):
        if n:
            con.print()
        if s.frame.empty:  # a title and a line, not a wall of wrapped headers
            if s.title:
                con.print(Text(s.title, style="bold"))
            con.print(Text(s.caption or "None."))
            continue
        numeric, cells = _cells(s.frame)
        headers = [str(c) for c in s.frame.columns]
        widths = None if vertical else column_widths(headers, cells, numeric, con.width)
        target = con
        if widths is None and vertical is False:  # columns asked for: as wide as they need, lines may overflow
            widths = column_widths(headers, cells, numeric, 10**6)
            target = console(out, max(con.width, sum(widths or []) + GAP * (len(headers) - 1)), terminal)
        if widths is None:
            _record_view(con, s, numeric, cells)
            continue
        if s.title:
            target.print(Text(s.title, style="bold"))
        _write_rows(target, numeric, headers, cells, widths)
        if s.caption:
            con.print(Text(s.caption))


def write_records(sections: list[Section], out: IO[str] | None = None) -> None:
    """Every section as records, one field a line, whatever the width (the CLI's --vertical)."""
    write_table(sections, out, vertical=True)


def write_chart(title: str, labels: list[str], values: list[float], unit: str,
                out: IO[str] | None = None, width: int = 30) -> None:
    """Horizontal bars, longest first, each labelled with its number; one unit per chart."""
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    pairs = sorted(zip(labels, values), key=lambda p: -p[1])
    top = max((v for _, v in pairs), default=0) or 1
    table = Table(title=Text(printable(f"{title} ({unit})"), style="bold"), show_header=False, box=None,
                  pad_edge=False)
    table.add_column(overflow="fold")
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for label, value in pairs:
        cells = max(1, round(width * value / top)) if value > 0 else 0
        table.add_row(Text(printable(label)), Text("█" * cells, style="cyan"), Text(_text(value, True)))
    con.print(table)


def _write(sections: list[Section], fmt: str, csv_section: str | None, hxl: list[str] | None,
           out: IO[str], vertical: bool | None, width: int | None = None, terminal: bool | None = None) -> None:
    if fmt == "csv":
        write_csv(_chosen(sections, csv_section).frame, out, hxl)
    elif fmt == "tsv":
        write_csv(_chosen(sections, csv_section).frame, out, hxl, sep="\t")
    elif fmt == "json":
        write_json(sections, out, as_object=len(sections) > 1)
    elif fmt == "jsonl":
        write_jsonl(_chosen(sections, csv_section).frame, out)
    elif fmt == "markdown":
        write_markdown(sections, out)
    else:
        write_table(_for_screen(sections), out, vertical, width, terminal)


def _for_screen(sections: list[Section]) -> list[Section]:
    """Sections whose title, caption and column names (which come from data: a donor's name, a
    user's extra column) show control characters escaped; the cells are escaped in _cells."""
    from dataclasses import replace

    out = []
    for s in sections:
        names = [str(c) for c in s.frame.columns]
        frame = s.frame if all(printable(c) == c for c in names) else s.frame.set_axis(
            [printable(c) for c in names], axis=1)
        out.append(replace(s, title=printable(s.title), caption=printable(s.caption), frame=frame))
    return out


def _check_hxl(fmt: str, hxl: list[str] | None) -> None:
    if hxl is not None and fmt not in HXL_FORMATS:
        raise UsageError(f"--hxl adds a row to {', '.join(HXL_FORMATS)} output; it cannot be combined "
                         f"with --format {fmt}")


def emit(sections: list[Section], fmt: str, csv_section: str | None = None,
         hxl: list[str] | None = None, out: IO[str] | None = None, *, pager: bool = False,
         vertical: bool | None = None) -> None:
    """Write sections in a stream format (an alias such as `md` is accepted); a one-table format
    writes only `csv_section`. With `pager`, output longer than the terminal is paged (never
    in a pipe); `vertical` forces (True) or forbids (False) the record view of tables."""
    out = out or sys.stdout
    fmt = normalise_format(fmt)
    _check_hxl(fmt, hxl)
    if not (pager and paging.wanted(out)):
        _write(sections, fmt, csv_section, hxl, out, vertical)
        return
    buffer = io.StringIO()
    _write(sections, fmt, csv_section, hxl, buffer, vertical, paging.screen_size(out)[0], True)
    paging.page(buffer.getvalue(), out)


def write_file(sections: list[Section], fmt: str | None, path: str | os.PathLike[str],
               csv_section: str | None = None, hxl: list[str] | None = None,
               vertical: bool | None = None) -> str:
    """Write sections to a file in `fmt`, or the format its extension names when fmt is None;
    binary formats (.xlsx, .parquet) included, whole or not at all (atomic.replacing). Returns
    the format written; UsageError when the file cannot be made there, OutputError (exit 1) when
    writing it failed (a full disk)."""
    fmt = format_for_path(path) if fmt is None else normalise_format(fmt, files=True)
    _check_hxl(fmt, hxl)
    from aidcli import atomic

    try:
        with atomic.replacing(path) as tmp:  # whole or not at all; a link is replaced, not followed
            if fmt == "xlsx":  # zipped in memory: a zipfile that fails half-way complains at exit
                book = io.BytesIO()
                write_xlsx(sections, book, hxl, csv_section)
                tmp.write_bytes(book.getbuffer())
            elif fmt == "parquet":
                write_parquet(_chosen(sections, csv_section), tmp)
            else:
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    _write(sections, fmt, csv_section, hxl, fh, vertical)
    except OSError as exc:
        raise atomic.write_error(path, exc) from None
    return fmt
