"""The export command's work: the whole dataset, as every row view gives it, to stdout or to a
file (the format from the extension), never overwriting without --force."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from aidcli.cli.options import Invocation, make_invocation
from aidcli.model.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

    from aidcli.model.result import Result


def run(
    ctx: typer.Context, output: Path | None, force: bool, hxl: bool, fmt: str | None, data_path: Path | None
) -> None:
    """Write the dataset: to stdout, or to a file by --output's one implementation (cli/output.py:
    the format from the extension unless -f says otherwise, never overwriting without --force,
    written whole or not at all; a symbolic link named by -o is replaced, its target left alone)."""
    invocation = make_invocation(ctx, fmt, data_path, output=output, force=force)
    invocation.check_hxl(hxl)
    from aidcli.model.result import Result
    from aidcli.output import shaping

    result = invocation.aid().export().result
    section = result.main
    tags = shaping.hxl_tags(list(section.frame.columns)) if hxl else None
    if invocation.format.spreadsheet_text and (cells := formula_cells(section.frame)):
        invocation.note(
            f"{cells} text cell{'s' * (cells > 1)} start with =, +, -, @, a tab or CR: "
            f"{invocation.format.name} keeps raw values, so a spreadsheet opening it could run them "
            "as formulas; .xlsx keeps them as text ('aidcli validate' lists them)"
        )
    if invocation.format.name == "sqlite":
        _database(invocation, result, force)
        return
    invocation._replace(settings=invocation.settings._replace(pager=False)).write(Result([section]), hxl=tags)


def _database(invocation: Invocation, result: Result, force: bool) -> None:
    """A SQLite database with the donors and sources beside the donations, and datasette's
    metadata.json beside the file, never overwritten without --force."""
    from aidcli.output import database
    from aidcli.output.atomic import exists

    output = invocation.output
    assert output is not None  # a database is written to a file only (formats.normalise)
    if exists(meta := database.metadata_path(output)) and not force:
        raise UsageError(f"{meta} exists; use --force to replace it")
    invocation.write(result)  # and says which dataset it is (result.about)
    assert result.about is not None
    database.write_metadata(output, next(s.frame for s in result.sections if s.key == "sources"), result.about)
    invocation.note(f"wrote its datasette metadata to {meta}: datasette {output} -m {meta}")


def formula_cells(frame: pd.DataFrame) -> int:
    """How many text cells a spreadsheet would read as a formula (the CSV rule: raw values are
    written, a data pipeline wants them; the person is told, and .xlsx stores text as text)."""
    import pandas as pd

    from aidcli.model.text import looks_like_formula

    count = 0
    for name in frame.columns:
        col = frame[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            bad = [c for c in col.cat.categories if isinstance(c, str) and looks_like_formula(c)]
            count += int(col.isin(bad).sum()) if bad else 0
        elif col.dtype == object:
            count += sum(isinstance(v, str) and looks_like_formula(v) for v in col)
    return count
