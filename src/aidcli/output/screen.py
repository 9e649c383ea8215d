"""Tables for a person on a terminal, laid out by aidcli and printed through Rich: numbers
right-aligned and never broken, words kept whole, the record view (one field a line) when the
columns cannot fit, and bar charts. Colour only on a terminal and never with NO_COLOR."""

from __future__ import annotations

import os
import sys
from typing import IO, Literal, NamedTuple

import pandas as pd

from aidcli.model.cells import cell_text, is_number_column
from aidcli.model.result import Section
from aidcli.model.text import printable

LONG_WORD = 30  # a longer "word" (a URL) may be folded; the longest word in the data has 26
MIN_COLUMN = 6  # a text column narrower than this is unreadable: show records one field a line
GAP = 3  # characters between two table columns (padding and rule)
LOOKAHEAD = 40  # widths ahead a column's widening is weighed over (its lines drop in steps)
READABLE_HEIGHT = 1.5  # lines a row takes on average, at most, for a narrowed table to count as readable
# Columns a table too wide for the screen leaves out first, least needed first, as gh and csvkit
# narrow a table (the caption names them; -x shows every field). The others (names, item, unit,
# status, quantity, counted) are the row's meaning: without room for them, the record view.
DROP_FIRST = (
    "records",
    "record_ids",
    "may_overlap",
    "overlaps",
    "notes",
    "donor_type",
    "region",
    "basis",
    "value_usd",
    "flow",
    "kind",
    "items",
    "via",
)


def console(file: IO[str] | None = None, width: int | None = None, terminal: bool | None = None):
    """A Rich console, coloured as colour.mode() says: on a terminal (not TERM=dumb) under auto,
    everywhere under always (--color always, CLICOLOR_FORCE=1: into less -R), never under never
    (--color never, NO_COLOR). `terminal` forces terminal behaviour when writing into a buffer
    meant for a pager."""
    from rich.console import Console

    from aidcli.output import colour

    when = colour.mode()
    plain = when == "never"  # no escape codes at all, even where forced
    dumb = os.environ.get("TERM", "").lower() in ("dumb", "unknown")
    # TERM=dumb: no colour under auto or CLICOLOR_FORCE (Rich detects none); --color always still colours
    system: Literal["standard", "auto"] | None = None if plain else "standard" if dumb and colour.explicit() else "auto"
    return Console(
        file=file or sys.stdout,
        width=width,
        highlight=False,
        emoji=False,
        no_color=plain,
        color_system=system,
        force_terminal=True if when == "always" else terminal,
    )


def _cells(frame: pd.DataFrame) -> tuple[list[bool], list[list[str]]]:
    """Which columns are numbers, and every cell as printed: line breaks in text become
    spaces, so that a paragraph break in a quote is not a blank row, and control characters
    are shown escaped (text.printable), never sent to the terminal raw."""
    numeric = [is_number_column(frame[c]) for c in frame.columns]
    return numeric, [
        [printable(" ".join(cell_text(v, num).split())) for v, num in zip(row, numeric)]
        for row in frame.itertuples(index=False)
    ]


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
    if room >= sum(natural):
        return natural
    widths = _one_line_widths(headers, cells, floor, natural, room)
    spare = room - sum(widths)
    wants = [n - w for n, w in zip(natural, widths)]
    shares = [spare * w / sum(wants) for w in wants] if sum(wants) else [0.0] * len(wants)
    widths = [w + int(s) for w, s in zip(widths, shares)]
    for i in sorted(range(len(widths)), key=lambda i: int(shares[i]) - shares[i])[: room - sum(widths)]:
        widths[i] += 1
    return widths


def _one_line_widths(
    headers: list[str], cells: list[list[str]], floor: list[int], natural: list[int], room: int
) -> list[int]:
    """Widths from the floors up that make the table shortest: each step widens the column whose
    widening saves the most wrapped lines per character it costs (looking a few widths ahead, since
    a column's lines drop in steps; the first 2,000 rows decide)."""
    import numpy as np

    sample = cells[:2000]
    lines = []  # lines[i][w]: the lines column i's cells take at width w (up to its natural width)
    for i in range(len(headers)):
        lengths = np.array([max(_longest_line(r[i]), 1) for r in sample] or [1])
        top = min(natural[i], floor[i] + room)
        lines.append({w: int(np.ceil(lengths / w).sum()) for w in range(floor[i], top + 1)})
    widths = list(floor)
    while True:
        best, best_gain = None, 0.0
        spare = room - sum(widths)
        for i, by_width in enumerate(lines):
            now = by_width[widths[i]]
            for target in range(widths[i] + 1, min(widths[i] + LOOKAHEAD, widths[i] + spare, natural[i]) + 1):
                gain = (now - by_width[target]) / (target - widths[i])
                if gain > best_gain:
                    best, best_gain = (i, target), gain
        if best is None:
            return widths
        widths[best[0]] = best[1]


def _height(cells: list[list[str]], widths: list[int]) -> float:
    """About how many lines a row of the table takes, on average over its first 2,000 rows (a cell
    wraps into its length over its width, rounded up)."""
    sample = cells[:2000]
    if not sample:
        return 1.0
    return sum(max(-(-len(v) // w) if w else 1 for v, w in zip(row, widths)) for row in sample) / len(sample)


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
            just: Literal["right", "left"] = "right" if num else "left"
            lines = [line.plain for line in Text(v).wrap(con, w, justify=just, overflow="fold")]
        columns.append([(" " * (w - cell_len(x)) + x) if num else (x + " " * (w - cell_len(x))) for x in lines])
    height = max(len(c) for c in columns)
    gap = " " * GAP
    return "".join(
        gap.join(c[i] if i < len(c) else " " * w for c, w in zip(columns, widths)) + "\n" for i in range(height)
    )


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
        lines = (
            [v]
            if cell_len(v) <= width
            else [line.plain for line in Text(v).wrap(con, width, justify="left", overflow="fold")]
        )
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
    needs = max(
        [len(v) for r in cells for v, num in zip(r, numeric) if num]
        + [min(_longest_word(v), LONG_WORD) for r in cells for v in r]
        + [MIN_COLUMN]
    )
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
            for h, v, num in zip(headers, row, numeric):
                con.print(Text(h, style="bold"), overflow="fold")
                if not v:  # an empty value is the label alone, not a blank line
                    continue
                if num and _longest_word(v) > con.width and v.isprintable():  # a number wider than the screen:
                    con.file.write(v + "\n")  # one line, never folded by us
                    continue
                # indented under its label, unless that would break a number or a word that fits the screen
                fits = _longest_word(v) if num else min(_longest_word(v), LONG_WORD)
                indent = 2 if fits + 2 <= con.width else 0
                con.print(Padding(Text(v, overflow="fold"), (0, 0, 0, indent)))
    if s.caption:
        con.print(Text(s.caption))


def write_table(
    sections: list[Section],
    out: IO[str] | None = None,
    vertical: bool | None = None,
    width: int | None = None,
    terminal: bool | None = None,
) -> None:
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
        left_out: list[str] = []
        if widths is None and vertical is None:  # narrower first, records only where nothing fits
            narrowed = _narrowed(numeric, headers, cells, con.width)
            if narrowed[3] is not None:
                numeric, headers, cells, widths, left_out = narrowed
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
        if left_out:
            con.print(Text(f"Columns left out to fit {con.width} characters: {', '.join(left_out)} (-x shows them)."))
        if s.caption:
            con.print(Text(s.caption))


def _narrowed(
    numeric: list[bool], headers: list[str], cells: list[list[str]], width: int
) -> tuple[list[bool], list[str], list[list[str]], list[int] | None, list[str]]:
    """The table without the fewest DROP_FIRST columns that make it fit `width` with its rows
    mostly on one line (else the fewest that make it fit at all): its columns, cells, widths and
    the names left out; widths None (and nothing left out) when nothing fits. A column with no
    value in any row goes first, whatever its place in DROP_FIRST: leaving it out hides nothing."""
    left_out: list[str] = []
    fitting = None
    empty = {h for i, h in enumerate(headers) if not any(row[i] for row in cells)}
    for name in sorted((n for n in DROP_FIRST if n in headers), key=lambda n: n not in empty):
        keep = [i for i, h in enumerate(headers) if h != name]
        numeric, headers = [numeric[i] for i in keep], [headers[i] for i in keep]
        cells = [[row[i] for i in keep] for row in cells]
        left_out.append(name)
        widths = column_widths(headers, cells, numeric, width)
        if widths is None:
            continue
        fitting = fitting or (numeric, headers, cells, widths, list(left_out))
        if _height(cells, widths) <= READABLE_HEIGHT:  # rows mostly on one line: readable
            return numeric, headers, cells, widths, left_out
    return fitting or (numeric, headers, cells, None, [])


def write_records(sections: list[Section], out: IO[str] | None = None) -> None:
    """Every section as records, one field a line, whatever the width (the CLI's --vertical)."""
    write_table(sections, out, vertical=True)


class Bar(NamedTuple):
    """One bar of a chart: what it counts, its figure (high: every record distinct), the part
    surely given (low: less where its records may report the same aid twice) and the article's
    words for the figure ('over')."""

    label: str
    high: float
    low: float
    words: str = ""


SURE, UNSURE = "█", "░"
UNSURE_LEGEND = f"{UNSURE}: may be the same aid reported twice (the figure is a range, low to high)"


def _bar_length(value: float, top: float, width: int) -> int:
    return max(1, round(width * (value / top))) if value > 0 else 0  # value / top first: 1e307 * 60 is inf


def write_chart(title: str, bars: list[Bar], unit: str, out: IO[str] | None = None, width: int = 30) -> None:
    """Horizontal bars, longest first, each labelled with its figure and the article's words; the
    part of a sum that may be the same aid reported twice drawn apart (░, said under the chart, and
    at least one cell wide), the part surely given as a plain bar; one unit per chart."""
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    bars = sorted(bars, key=lambda b: -b.high)
    top = max((b.high for b in bars), default=0) or 1
    ranges = any(b.low < b.high for b in bars)
    table = Table(
        title=Text(printable(f"{title} ({unit})"), style="bold"),
        show_header=False,
        box=None,
        pad_edge=False,
        caption=UNSURE_LEGEND if ranges else None,
        caption_justify="left",
    )
    table.add_column(overflow="fold")
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for bar in bars:
        sure = _bar_length(bar.low, top, width)
        full = max(_bar_length(bar.high, top, width), sure + 1) if bar.low < bar.high else sure
        figure = cell_text(bar.high, True)
        if bar.low < bar.high:
            figure = f"{cell_text(bar.low, True)}–{figure}"
        drawn = Text.assemble((SURE * sure, "cyan"), (UNSURE * (full - sure), "dim cyan"))
        table.add_row(Text(printable(bar.label)), drawn, Text(printable(f"{bar.words} {figure}".strip())))
    con.print(table)
