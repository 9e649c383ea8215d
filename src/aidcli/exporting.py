"""The export and validate commands' work: the whole dataset to stdout or a file (the format
from the extension), and a user's dataset checked against the schema."""

from __future__ import annotations

from pathlib import Path

import typer

from aidcli.errors import UsageError
from aidcli.options import make_call, note


def run(ctx: typer.Context, output: Path | None, force: bool, hxl: bool, fmt: str | None,
        data_path: Path | None) -> None:
    """Write the dataset: to stdout, or to a file (its format from the extension unless -f says
    otherwise) that is never overwritten without --force. The file is written whole or not at all;
    a symbolic link named by -o is replaced by the file (with --force), its target left alone."""
    from aidcli.vocab import format_for_path, normalise_format

    to_stdout = output is None or str(output) == "-"
    if to_stdout:
        call = make_call(ctx, fmt, data_path)
    else:
        if output.is_dir():
            raise UsageError(f"--output: {output} is a directory; give a file name")
        from aidcli.atomic import exists

        if exists(output) and not force:  # a link counts, even one that points nowhere
            raise UsageError(f"{output} exists; use --force to replace it")
        call = make_call(ctx, None, data_path)
        chosen = (normalise_format(fmt, files=True), True) if fmt else (format_for_path(output), False)
        call = call._replace(fmt=chosen[0], chosen=chosen[1])
    call.check_hxl(hxl)
    from aidcli import data, render, reports, shaping

    section = reports.export(data.load(call.settings.data)).sections[0]
    tags = shaping.hxl_tags(list(section.frame.columns)) if hxl else None
    if call.fmt in ("csv", "tsv") and (cells := formula_cells(section.frame)):
        call.note(f"{cells} text cell{'s' * (cells > 1)} start with =, +, -, @, a tab or CR: {call.fmt} keeps raw "
                  "values, so a spreadsheet opening it could run them as formulas; .xlsx keeps them as text "
                  "('aidcli validate' lists them)")
    if to_stdout:
        render.emit([section], call.fmt, hxl=tags)
        return
    render.write_file([section], call.fmt, output, hxl=tags)
    call.note(f"wrote {len(section.frame)} rows to {output} ({call.fmt})")


def formula_cells(frame) -> int:  # noqa: ANN001 - a DataFrame
    """How many text cells a spreadsheet would read as a formula (the CSV rule: raw values are
    written, a data pipeline wants them; the person is told, and .xlsx stores text as text)."""
    import pandas as pd

    from aidcli.text import looks_like_formula

    count = 0
    for name in frame.columns:
        col = frame[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            bad = [c for c in col.cat.categories if isinstance(c, str) and looks_like_formula(c)]
            count += int(col.isin(bad).sum()) if bad else 0
        elif col.dtype == object:
            count += sum(isinstance(v, str) and looks_like_formula(v) for v in col)
    return count


def validate(path: Path, fmt: str | None) -> None:
    """List every problem of a dataset (row, column, value, rule); exit 1 if any."""
    from aidcli.options import output_format

    fmt = output_format(fmt)
    import pandas as pd

    from aidcli import render
    from aidcli.validate import check

    tables, report = check(path, with_hazards=True)
    if not report.count:
        rows = sum(len(t) for t in tables.values())
        note(f"{path}: valid ({rows} rows in {len(tables)} table{'s' * (len(tables) != 1)}).")
        return
    frame = pd.DataFrame([{"file": p.file, "row": p.row, "column": p.column, "value": p.value, "rule": p.rule}
                          for p in report.problems]).sort_values(["file", "row"], kind="stable", na_position="first")
    frame["row"] = frame["row"].astype("Int64")
    shown = f" (the first {len(report.problems)} listed)" if report.count > len(report.problems) else ""
    render.emit([render.Section("problems", "Problems", frame, f"{report.count} problems{shown}. "
                                "Rows count the header as row 1.")], fmt)
    raise typer.Exit(1)
