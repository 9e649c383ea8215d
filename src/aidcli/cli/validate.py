"""The validate command's work: a user's dataset checked against the schema, every problem
listed (row, column, value, rule), exit 1 if any."""

from __future__ import annotations

from pathlib import Path

import typer

from aidcli.cli.options import note


def validate(path: Path, fmt: str | None) -> None:
    """List every problem of a dataset (row, column, value, rule); exit 1 if any."""
    from aidcli.cli.options import output_format

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
