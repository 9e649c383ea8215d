"""The export and validate commands' work: the whole dataset to stdout or a file (the format
from the extension), and a user's dataset checked against the schema."""

from __future__ import annotations

from pathlib import Path

import typer

from aidcli.errors import UsageError
from aidcli.options import make_call, note

EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".jsonl": "jsonl", ".md": "markdown",
              ".markdown": "markdown"}


def format_for(output: Path) -> str:
    """The format a file's extension asks for; a UsageError for one aidcli cannot write."""
    fmt = EXTENSIONS.get(output.suffix.lower())
    if fmt is None:
        raise UsageError(f"--output: cannot write a '{output.suffix or output.name}' file; use one of "
                         f"{', '.join(EXTENSIONS)}, or give --format")
    return fmt


def run(ctx: typer.Context, output: Path | None, force: bool, hxl: bool, fmt: str | None,
        data_path: Path | None) -> None:
    """Write the dataset: to stdout, or to a file that is not overwritten without --force."""
    to_stdout = output is None or str(output) == "-"
    if not to_stdout:
        if output.is_dir():
            raise UsageError(f"--output: {output} is a directory; give a file name")
        if output.exists() and not force:
            raise UsageError(f"{output} exists; use --force to overwrite it")
        fmt = fmt or format_for(output)
    call = make_call(ctx, fmt, data_path)
    if hxl and call.fmt != "csv":
        call.refuse("--hxl", "adds a row to CSV output")
    from aidcli import data, render, reports, shaping

    ds = data.load(call.settings.data)
    result = reports.export(ds)
    section = result.sections[0]
    tags = shaping.hxl_tags(list(section.frame.columns)) if hxl else None
    if to_stdout:
        render.emit([section], call.fmt, hxl=tags)
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as fh:
            render.emit([section], call.fmt, hxl=tags, out=fh)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    call.note(f"wrote {len(section.frame)} rows to {output}")


def validate(path: Path, fmt: str | None) -> None:
    """List every problem of a dataset (row, column, value, rule); exit 1 if any."""
    from aidcli.options import output_format

    fmt = output_format(fmt)
    import pandas as pd

    from aidcli import data, render

    tables, report = data.check(path)
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
