"""The validate command's work: a user's dataset checked against the schema, every problem
listed (row, column, value, rule), exit 1 if any."""

from __future__ import annotations

from pathlib import Path

import typer

from aidcli.cli.options import note


def validate(
    ctx: typer.Context, path: Path | None, fmt: str | None, output: Path | None = None, force: bool = False
) -> None:
    """List every problem of a dataset (row, column, value, rule); exit 1 if any. '-' (or a pipe)
    is read from standard input through its spooled copy; no path: the run's dataset (--data,
    AIDCLI_DATA, else the packaged one)."""
    from aidcli.cli import stdin
    from aidcli.cli.options import make_invocation, settings

    invocation = make_invocation(ctx, fmt, None, output=output, force=force)
    if path is None:
        named = path = settings(ctx).data
    else:
        named, path = path, stdin.dataset(path)
    import pandas as pd

    from aidcli.loading.validate import check
    from aidcli.model.result import Result, Section

    tables, report = check(path, with_hazards=True)
    if not report.count:
        rows = sum(len(t) for t in tables.values())
        name = stdin.shown(named) if named else "the packaged dataset"
        note(f"{name}: valid ({rows} rows in {len(tables)} table{'s' * (len(tables) != 1)}).")
        return
    frame = pd.DataFrame(
        [
            {"file": stdin.replace_spools(p.file), "row": p.row, "column": p.column, "value": p.value, "rule": p.rule}
            for p in report.problems
        ]
    )
    frame = frame.sort_values(["file", "row"], kind="stable", na_position="first")
    frame["row"] = frame["row"].astype("Int64")
    shown = f" (the first {len(report.problems)} listed)" if report.count > len(report.problems) else ""
    invocation.write(
        Result(
            [Section("problems", "Problems", frame, f"{report.count} problems{shown}. Rows count the header as row 1.")]
        )
    )
    raise typer.Exit(1)
