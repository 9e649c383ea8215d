"""The export command's work: the whole dataset, as every row view gives it, to stdout or to a
file (the format from the extension), never overwriting without --force."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from aidcli.cli.options import Invocation, make_invocation
from aidcli.model.errors import UsageError

if TYPE_CHECKING:
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

    result = invocation.aid().export(claims=invocation.format.name == "sqlite").result
    section = result.main
    tags = shaping.hxl_tags(list(section.frame.columns)) if hxl else None
    if invocation.format.name == "sqlite":
        _database(invocation, result, force)
        return
    invocation._replace(settings=invocation.settings._replace(pager=False)).write(Result([section]), hxl=tags)


def _database(invocation: Invocation, result: Result, force: bool) -> None:
    """A SQLite database with the donors, sources and the donor's claims beside the donations, and
    datasette's metadata.json beside the file, never overwritten without --force: the two files are
    renamed into place together, so there is never one without the other."""
    from aidcli.cli.output import is_device
    from aidcli.output import atomic, database, render

    output = invocation.output
    assert output is not None  # a database is written to a file only (formats.normalise)
    if atomic.exists(meta := database.metadata_path(output)) and not force:
        raise UsageError(f"{meta} exists; use --force to replace it")
    if is_device(output):
        raise UsageError(f"--output {output}: a database is written to a file (with its metadata beside it)")
    sources = next(s.frame for s in result.sections if s.key == "sources")
    about = invocation.named(result)  # the metadata and the database name the dataset in use
    try:
        with atomic.replacing_all([output, meta], replace=force) as (db_tmp, meta_tmp):
            render.write_into(db_tmp, result, invocation.format)
            meta_tmp.write_text(database.metadata_text(output, sources, about), encoding="utf-8")
    except OSError as exc:  # named by the file that failed (a rename names its target second)
        raise atomic.write_error(exc.filename2 or output, exc) from None
    invocation.note(f"wrote {len(result.main.frame)} rows to {output} ({invocation.format.name})")
    invocation.note(f"wrote its datasette metadata to {meta}: datasette {output} -m {meta}")
