"""Output: `emit` (a stream, paged on a terminal) and `write_file` (whole or not at all) write a
Result by its format's writer (formats.FORMATS); the writers of the text formats and Parquet are
here, the workbook's and the database's in modules of their own. Knows nothing about queries.

A Result is a list of Sections (a titled DataFrame with a caption), one of them its main one.
CSV, TSV, JSON Lines and Parquet hold one table, the main one; JSON of several sections is one
object, .xlsx one sheet per section. Those formats carry no captions: `notes` gives the
sentences the caller prints on stderr instead.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Hashable
from pathlib import Path
from typing import IO, Any

import pandas as pd

from aidcli.model.cells import cell_text, is_number_column, plain
from aidcli.model.errors import UsageError
from aidcli.model.result import Result, Section
from aidcli.model.text import printable
from aidcli.output import formats
from aidcli.output import pager as paging
from aidcli.output.formats import NO_OPTIONS, Options


def notes(result: Result, fmt: formats.Format) -> list[str]:
    """The captions a data format leaves out, for the caller to print on stderr; none for the
    formats that show captions (table, markdown). A one-table format also says what it left out."""
    sections = result.sections
    if fmt.captioned or not sections:
        return []
    if fmt.one_table:
        main = result.main
        said = [main.caption] if main.caption else []
        if len(sections) > 1:
            said.append(f"{fmt.name} holds one table, '{main.key}'; --format json carries all {len(sections)}.")
        return said
    if len(sections) == 1:
        return [sections[0].caption] if sections[0].caption else []
    return [f"{s.title or s.key}: {s.caption}" for s in sections if s.caption]


def formula_note(result: Result, fmt: formats.Format) -> str | None:
    """What a CSV or TSV is told when text cells or column names of the tables written start with
    =, +, -, @, a tab or CR: raw values are written (a data pipeline wants them), so a spreadsheet
    opening the file could run them as formulas; None when there are none or the format is safe."""
    if not fmt.spreadsheet_text:
        return None
    written = [result.main] if fmt.one_table else result.sections
    cells = sum(formula_cells(s.frame) for s in written)
    if not cells:
        return None
    return (
        f"{cells} text cell{'s' * (cells > 1)} start with =, +, -, @, a tab or CR (column names counted): "
        f"{fmt.name} keeps raw values, so a spreadsheet opening it could run them as formulas; "
        ".xlsx keeps them as text ('aidcli validate' lists them)"
    )


def formula_cells(frame: pd.DataFrame) -> int:
    """How many text cells and column names a spreadsheet would read as a formula: each distinct
    text looked at once, so a large listing costs a count of its values, not a call per cell."""
    import numpy as np

    from aidcli.model.text import looks_like_formula

    def formula(value: object) -> bool:
        return isinstance(value, str) and looks_like_formula(value)

    count = sum(formula(str(name)) for name in frame.columns)
    for name in frame.columns:
        col = frame[name]
        if isinstance(col.dtype, pd.CategoricalDtype):  # the categories the rows use, not the file's
            codes = col.cat.codes.to_numpy()
            uses = np.bincount(codes[codes >= 0], minlength=len(col.cat.categories))
            cats = col.cat.categories.to_numpy(dtype=object)
            count += sum(int(uses[i]) for i in np.flatnonzero(uses) if formula(cats[i]))
        elif col.dtype == object:
            values = col.to_numpy(dtype=object)
            try:  # each distinct text once, then the cells that hold the ones that start a formula
                codes, distinct = pd.factorize(values)
            except TypeError:  # unhashable cells (lists): each looked at
                count += sum(formula(v) for v in values)
                continue
            flagged = [i for i, v in enumerate(distinct) if formula(v)]
            count += int(np.isin(codes, flagged).sum()) if flagged else 0
    return count


def csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Raw CSV values: whole numbers without a decimal point, other numbers as Python writes
    them, booleans as true/false, unknown as empty."""
    import numpy as np

    out = {}
    for name in frame.columns:
        s = frame[name]
        if s.dtype.kind == "f":
            values = s.to_numpy()
            # whole and exact (below 2**53), converted in C; 1.7e308 is written as Python writes it, never cast
            whole = np.isfinite(values) & (np.mod(values, 1) == 0) & (np.abs(values) < 2.0**53)
            other = ~whole & ~np.isnan(values)
            cells = np.full(len(values), None, dtype=object)
            cells[whole] = values[whole].astype(np.int64).astype(str)
            cells[other] = s[other].astype(str).to_numpy(dtype=object)
            out[name] = pd.Series(cells, index=frame.index, dtype=object)
        elif s.dtype.kind == "b" or str(s.dtype) == "boolean":
            out[name] = s.map({True: "true", False: "false"}).astype(object)
        else:
            out[name] = s
    return pd.DataFrame(out, index=frame.index)


def write_csv(frame: pd.DataFrame, out: IO[str], hxl: list[str] | None = None) -> None:
    """Header, optional HXL hashtag row, raw values; empty for unknown. A field holding a comma,
    a quote or a line break is quoted, a bare CR too (RFC 4180)."""
    ready = csv_ready(frame)
    if _has_bare_cr(ready):
        _write_csv_rows(ready, out, hxl)
        return
    if hxl is None:
        ready.to_csv(out, index=False, na_rep="", lineterminator="\n")
        return
    header = pd.DataFrame([list(ready.columns), hxl], columns=ready.columns).astype(object)
    header.to_csv(out, index=False, header=False, lineterminator="\n")
    ready.to_csv(out, index=False, header=False, na_rep="", lineterminator="\n")


def _has_bare_cr(frame: pd.DataFrame) -> bool:
    """Whether a text cell (or a column name) holds a CR: pandas' writer, whose line terminator is
    "\\n", leaves such a field unquoted, and every CSV reader then reads a broken row. One join a
    column, in C, of its strings (only a string holds a CR): of a categorical, the categories the
    rows use, not every one of the file's."""
    if any("\r" in str(c) for c in frame.columns):
        return True
    import numpy as np

    for name in frame.columns:
        col = frame[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            codes = col.cat.codes.to_numpy()
            used = np.bincount(codes[codes >= 0], minlength=len(col.cat.categories)) > 0
            values = np.asarray(col.cat.categories, dtype=object)[used]
        elif col.dtype == object:
            values = col.to_numpy()
        else:
            continue
        if "\r" in "\n".join([v for v in values if isinstance(v, str)]):
            return True
    return False


def _write_csv_rows(frame: pd.DataFrame, out: IO[str], hxl: list[str] | None) -> None:
    """The slow, rare path: Python's csv writer quotes a field holding a CR only when CR is part of
    its line terminator, so each row is written with "\\r\\n" and ends in "\\n" like the others."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    rows = [list(map(str, frame.columns))] + ([hxl] if hxl is not None else [])
    rows += [["" if _missing(v) else v for v in row] for row in frame.itertuples(index=False)]
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        out.write(buffer.getvalue()[:-2] + "\n")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT


TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_field(text: str) -> str:
    """A TSV field holds no raw tab or line break (IANA text/tab-separated-values): tab, LF, CR and
    backslash are written as \\t, \\n, \\r and \\\\, as Miller, PostgreSQL's COPY and linear TSV read them."""
    return text.translate(TSV_ESCAPES)


def write_tsv(frame: pd.DataFrame, out: IO[str], hxl: list[str] | None = None) -> None:
    """Header, optional HXL row, raw values with tab, line breaks and backslash escaped; no quoting,
    so a line is a record and `cut -f`, awk and Miller split it right."""
    ready = csv_ready(frame)
    out.write("\t".join(tsv_field(str(c)) for c in ready.columns) + "\n")
    if hxl is not None:
        out.write("\t".join(tsv_field(t) for t in hxl) + "\n")
    if not len(ready.columns) or not len(ready):
        return
    texts = []
    for name in ready.columns:
        col = ready[name]
        text = col.astype(object).where(col.notna(), "").astype(str).str.translate(TSV_ESCAPES)
        texts.append(text.reset_index(drop=True))
    # str.cat joins a list of Series, which pandas-stubs does not list among its arguments
    lines = texts[0].str.cat(texts[1:], sep="\t") if len(texts) > 1 else texts[0]  # type: ignore[arg-type]
    out.write("\n".join(lines.tolist()) + "\n")


def records(frame: pd.DataFrame) -> list[dict[Hashable, Any]]:
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def jsonable(value: Any) -> Any:
    """A value every JSON parser reads: NaN and infinities (which json.dump would write as the
    non-JSON NaN, Infinity) become null, numpy scalars plain numbers, tuples arrays."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return plain(value)


def to_json(result: Result, out: IO[str], options: Options = NO_OPTIONS) -> None:
    """An array of objects, or for a profile one object of sections; the main section's own JSON
    document where it has one (show)."""
    if result.main.json is not None:
        payload: Any = result.main.json
    elif len(result.sections) > 1:
        payload = {s.key: records(s.frame) for s in result.sections}
    else:
        payload = records(result.main.frame)
    json.dump(jsonable(payload), out, ensure_ascii=False, indent=2, allow_nan=False)
    out.write("\n")


def write_jsonl(frame: pd.DataFrame, out: IO[str]) -> None:
    """One JSON object per line (JSON Lines), for jq and streaming readers."""
    for row in records(frame):
        out.write(json.dumps(jsonable(row), ensure_ascii=False, allow_nan=False))
        out.write("\n")


def to_parquet(result: Result, out: IO[bytes], options: Options = NO_OPTIONS) -> None:
    """One table as Parquet with its pandas types; title and caption kept in the file's metadata.
    pyarrow is the `parquet` extra: pandas would import it on every start if it were a dependency."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(
            "writing .parquet needs pyarrow: install aidcli[parquet] "
            "(e.g. uv tool install --compile-bytecode '.[parquet]')"
        ) from None

    section = result.main
    frame = _schema_typed(section.frame)
    inferred = pa.Schema.from_pandas(frame, preserve_index=False)
    # text as plain strings (not a dictionary per column: the loader's categories are an in-memory device)
    schema = pa.schema(
        [
            f.with_type(pa.string()) if pa.types.is_large_string(f.type) or pa.types.is_dictionary(f.type) else f
            for f in inferred
        ],
        metadata=inferred.metadata,
    )
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    meta = {
        **(table.schema.metadata or {}),
        b"aidcli.title": section.title.encode(),
        b"aidcli.caption": section.caption.encode(),
    }
    pq.write_table(table.replace_schema_metadata(meta), out)


def _schema_typed(frame: pd.DataFrame) -> pd.DataFrame:
    """A table with the types its values have in the CSV: text as text (not categories), a number
    column of whole numbers as nullable integers (Int64: a quantity is 50000, not 50000.0), other
    numbers as floats, booleans as booleans."""
    import pandas as pd

    typed = {}
    for name in frame.columns:
        col = frame[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            typed[name] = col.astype(col.cat.categories.dtype)
        elif col.dtype.kind == "f" and _whole(col):
            typed[name] = col.astype("Int64")
    return frame.assign(**typed) if typed else frame


def _whole(col: pd.Series) -> bool:
    """Whether every number of a float column is whole and exact as a 64-bit integer."""
    values = col.dropna()
    return bool(((values % 1 == 0) & (values.abs() < 2**53)).all())


def _md_cell(text: str) -> str:
    text = printable(" ".join(text.split()))  # one line, and no control character reaches a screen
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def to_markdown(result: Result, out: IO[str], options: Options = NO_OPTIONS) -> None:
    """GitHub-flavoured pipe tables, a heading per section and the caption in italics."""
    for n, s in enumerate(result.sections):
        if n:
            out.write("\n")
        if s.title:
            out.write(f"### {_md_cell(s.title)}\n\n")
        cols = list(s.frame.columns)
        numeric = [is_number_column(s.frame[c]) for c in cols]
        out.write("| " + " | ".join(_md_cell(str(c)) for c in cols) + " |\n")
        out.write("|" + "|".join("---:" if num else "---" for num in numeric) + "|\n")
        for row in s.frame.itertuples(index=False):
            cells = [cell_text(v, num) for v, num in zip(row, numeric)]
            out.write("| " + " | ".join(_md_cell(c) for c in cells) + " |\n")
        if s.caption:
            out.write(f"\n*{_md_cell(s.caption)}*\n")


def to_table(result: Result, out: IO[str], options: Options = NO_OPTIONS) -> None:
    """Every section as a screen shows it (screen.py), control characters escaped."""
    from aidcli.output import screen

    screen.write_table(_for_screen(result.sections), out, options.vertical, options.width, options.terminal)


def to_csv(result: Result, out: IO[str], options: Options = NO_OPTIONS) -> None:
    """The main table as CSV, with the HXL row if asked."""
    write_csv(result.main.frame, out, options.hxl)


def to_tsv(result: Result, out: IO[str], options: Options = NO_OPTIONS) -> None:
    """The main table as TSV, with the HXL row if asked."""
    write_tsv(result.main.frame, out, options.hxl)


def to_jsonl(result: Result, out: IO[str], options: Options = NO_OPTIONS) -> None:
    """The main table as JSON Lines."""
    write_jsonl(result.main.frame, out)


def _for_screen(sections: list[Section]) -> list[Section]:
    """Sections whose title, caption and column names (which come from data: a donor's name, a
    user's extra column) show control characters escaped; the cells are escaped in _cells."""
    from dataclasses import replace

    out = []
    for s in sections:
        names = [str(c) for c in s.frame.columns]
        frame = (
            s.frame
            if all(printable(c) == c for c in names)
            else s.frame.set_axis([printable(c) for c in names], axis=1)
        )
        out.append(replace(s, title=printable(s.title), caption=printable(s.caption), frame=frame))
    return out


def _check_hxl(fmt: formats.Format, hxl: list[str] | None) -> None:
    if hxl is not None and not fmt.hxl:
        raise UsageError(
            f"--hxl adds a row to {', '.join(formats.HXL)} output; it cannot be combined with --format {fmt.name}"
        )


def emit(
    result: Result,
    fmt: formats.Format,
    hxl: list[str] | None = None,
    out: IO[str] | None = None,
    *,
    pager: bool = False,
    vertical: bool | None = None,
) -> None:
    """Write a Result in a stream format; a one-table format writes only its main section. With
    `pager`, output longer than the terminal is paged (never in a pipe); `vertical` forces (True)
    or forbids (False) the record view of tables."""
    out = out or sys.stdout
    _check_hxl(fmt, hxl)
    options = Options(hxl, vertical=vertical)
    if not (pager and paging.wanted(out)):
        fmt.write(result, out, options)
        return
    buffer = io.StringIO()
    fmt.write(result, buffer, options._replace(width=paging.screen_size(out)[0], terminal=True))
    paging.page(buffer.getvalue(), out)


def write_file(
    result: Result,
    fmt: formats.Format | None,
    path: str | os.PathLike[str],
    hxl: list[str] | None = None,
    vertical: bool | None = None,
    replace: bool = True,
) -> formats.Format:
    """Write a Result to a file in `fmt`, or the format its extension names when fmt is None;
    binary formats (.xlsx, .parquet) included, whole or not at all (atomic.replacing); with
    replace=False a file made at `path` meanwhile is kept. Returns the format written; UsageError
    when the file cannot be made there, OutputError (exit 1) when writing it failed (a full disk)."""
    f = formats.for_path(path) if fmt is None else fmt
    _check_hxl(f, hxl)
    from aidcli.output import atomic

    try:
        with atomic.replacing(path, replace) as tmp:  # whole or not at all; a link is replaced, not followed
            write_into(tmp, result, f, hxl, vertical)
    except OSError as exc:
        raise atomic.write_error(path, exc) from None
    return f


def write_into(
    tmp: Path, result: Result, f: formats.Format, hxl: list[str] | None = None, vertical: bool | None = None
) -> None:
    """A Result written as `f` into the temporary file `tmp` (atomic.replacing's)."""
    options = Options(hxl, vertical=vertical)
    if f.stream:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            f.write(result, fh, options)
    else:  # built in memory: a zipfile that fails half-way complains at exit
        binary = io.BytesIO()
        f.write(result, binary, options)
        tmp.write_bytes(binary.getbuffer())
