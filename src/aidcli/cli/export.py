"""The export command's work: the whole dataset, as every row view gives it, to stdout or to a
file (the format from the extension), never overwriting without --force."""

from __future__ import annotations

from pathlib import Path

import typer

from aidcli.cli.options import make_invocation
from aidcli.errors import UsageError


def run(ctx: typer.Context, output: Path | None, force: bool, hxl: bool, fmt: str | None,
        data_path: Path | None) -> None:
    """Write the dataset: to stdout, or to a file (its format from the extension unless -f says
    otherwise) that is never overwritten without --force. The file is written whole or not at all;
    a symbolic link named by -o is replaced by the file (with --force), its target left alone."""
    from aidcli.formats import for_path as format_for_path
    from aidcli.formats import normalise as normalise_format

    to_stdout = output is None or str(output) == "-"
    if to_stdout:
        invocation = make_invocation(ctx, fmt, data_path)
    else:
        from aidcli.atomic import exists

        if output.is_dir():
            raise UsageError(f"--output: {output} is a directory; give a file name")
        if exists(output) and not force:  # a link counts, even one that points nowhere
            raise UsageError(f"{output} exists; use --force to replace it")
        invocation = make_invocation(ctx, None, data_path)
        chosen = (normalise_format(fmt, files=True), True) if fmt else (format_for_path(output), False)
        invocation = invocation._replace(fmt=chosen[0], chosen=chosen[1])
    invocation.check_hxl(hxl)
    from aidcli import render, shaping

    section = invocation.aid().export().result.sections[0]
    tags = shaping.hxl_tags(list(section.frame.columns)) if hxl else None
    if invocation.format.spreadsheet_text and (cells := formula_cells(section.frame)):
        invocation.note(f"{cells} text cell{'s' * (cells > 1)} start with =, +, -, @, a tab or CR: {invocation.fmt} keeps raw "
                  "values, so a spreadsheet opening it could run them as formulas; .xlsx keeps them as text "
                  "('aidcli validate' lists them)")
    if to_stdout:
        render.emit([section], invocation.fmt, hxl=tags)
        return
    if invocation.fmt != "sqlite":
        render.write_file([section], invocation.fmt, output, hxl=tags)
        invocation.note(f"wrote {len(section.frame)} rows to {output} ({invocation.fmt})")
        return
    from aidcli import (
        database,  # with donors and sources, and datasette's metadata.json beside it
    )

    if exists(meta := database.metadata_path(output)) and not force:
        raise UsageError(f"{meta} exists; use --force to replace it")
    render.write_file(database.sections(section, invocation.settings.data), "sqlite", output)
    database.write_metadata(output, invocation.settings.data)
    invocation.note(f"wrote {len(section.frame)} rows to {output} (sqlite) and its datasette metadata to {meta}: "
                    f"datasette {output} -m {meta}")


def formula_cells(frame) -> int:
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
