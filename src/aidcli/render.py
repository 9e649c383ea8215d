"""Output: tables as Rich (terminal), CSV, JSON or Markdown. Knows nothing about queries.

A result is a list of Sections (a titled DataFrame with a caption). CSV holds one table,
so callers pass the one section CSV should carry; JSON of several sections is one object.
"""

from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import dataclass
from typing import IO, Any

import pandas as pd

SHORT_CELL = 12  # table columns no wider than this are kept whole; longer text wraps


@dataclass
class Section:
    """A titled table and the sentence that says what it leaves out."""

    key: str
    title: str
    frame: pd.DataFrame
    caption: str = ""


def _is_number_column(s: pd.Series) -> bool:
    return s.dtype.kind in "fiu"


def _plain(value: Any) -> Any:
    """A cell as a JSON value: None for missing, ints for whole numbers, plain Python types."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
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


def write_csv(frame: pd.DataFrame, out: IO[str], hxl: list[str] | None = None) -> None:
    """Header, optional HXL hashtag row, raw values; empty for unknown."""
    ready = csv_ready(frame)
    if hxl is None:
        ready.to_csv(out, index=False, na_rep="", lineterminator="\n")
        return
    header = pd.DataFrame([list(ready.columns), hxl], columns=ready.columns).astype(object)
    header.to_csv(out, index=False, header=False, lineterminator="\n")
    ready.to_csv(out, index=False, header=False, na_rep="", lineterminator="\n")


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


def _md_cell(text: str) -> str:
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


def console(file: IO[str] | None = None, width: int | None = None):
    """A Rich console: colour only on a terminal and never with NO_COLOR (Rich honours both)."""
    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR"))  # no escape codes at all, even where forced
    return Console(file=file or sys.stdout, width=width, highlight=False, emoji=False,
                   no_color=plain, color_system=None if plain else "auto")


def write_table(sections: list[Section], out: IO[str] | None = None) -> None:
    """Rich tables: numbers right-aligned with separators, every cell printed as text, not markup."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    for n, s in enumerate(sections):
        if n:
            con.print()
        if s.frame.empty:  # a title and a line, not a wall of wrapped headers
            if s.title:
                con.print(Text(s.title, style="bold"))
            con.print(Text(s.caption or "None."))
            continue
        table = Table(title=Text(s.title, style="bold") if s.title else None,
                      caption=Text(s.caption) if s.caption else None, caption_justify="left",
                      box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        numeric = [_is_number_column(s.frame[c]) for c in s.frame.columns]
        cells = [[_text(v, num) for v, num in zip(row, numeric)]
                 for row in s.frame.itertuples(index=False)]
        longest = [max([len(str(c))] + [len(r[i]) for r in cells]) for i, c in enumerate(s.frame.columns)]
        whole = [num or n <= SHORT_CELL for num, n in zip(numeric, longest)]  # ids, units, numbers
        needed = sum(n for n, w in zip(longest, whole) if w) + 8 * whole.count(False) + 3 * len(longest)
        if needed > con.width:  # too many columns to keep short text whole: only numbers stay whole
            whole = list(numeric)
        for c, num, keep in zip(s.frame.columns, numeric, whole):
            table.add_column(Text(str(c)), justify="right" if num else "left", no_wrap=keep,
                             overflow="fold")
        for r in cells:
            table.add_row(*[Text(v) for v in r])
        con.print(table)


def write_chart(title: str, labels: list[str], values: list[float], unit: str,
                out: IO[str] | None = None, width: int = 30) -> None:
    """Horizontal bars, longest first, each labelled with its number; one unit per chart."""
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    pairs = sorted(zip(labels, values), key=lambda p: -p[1])
    top = max((v for _, v in pairs), default=0) or 1
    table = Table(title=Text(f"{title} ({unit})", style="bold"), show_header=False, box=None,
                  pad_edge=False)
    table.add_column(overflow="fold")
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for label, value in pairs:
        cells = max(1, round(width * value / top)) if value > 0 else 0
        table.add_row(Text(label), Text("█" * cells, style="cyan"), Text(_text(value, True)))
    con.print(table)


def emit(sections: list[Section], fmt: str, csv_section: str | None = None,
         hxl: list[str] | None = None, out: IO[str] | None = None) -> None:
    """Write sections in a format; a multi-section result writes only `csv_section` as CSV."""
    out = out or sys.stdout
    if fmt == "csv":
        chosen = next((s for s in sections if s.key == csv_section), sections[0])
        write_csv(chosen.frame, out, hxl)
    elif fmt == "json":
        write_json(sections, out, as_object=len(sections) > 1)
    elif fmt == "markdown":
        write_markdown(sections, out)
    else:
        write_table(sections, out)
