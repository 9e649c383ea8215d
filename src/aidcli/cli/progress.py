"""The progress bar of long work (model/progress.py tells it) on stderr, only when stderr is a
terminal and the run is not --quiet: Rich's Progress, transient (gone when the work ends), Rich
imported only when a task starts."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from aidcli.model import progress


def show_on_terminal(quiet: bool) -> None:
    """Have long work show a bar on stderr, if it is a terminal (not TERM=dumb) and not --quiet."""
    terminal = sys.stderr is not None and sys.stderr.isatty() and os.environ.get("TERM", "") != "dumb"
    progress.listen(_bar if terminal and not quiet else None)


@contextmanager
def _bar(label: str, total: int | None) -> Iterator[progress.Advance]:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from aidcli.output.screen import console

    columns = [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task(label, total=total)

        def advance(steps: int, now: str | None) -> None:
            bar.update(task, advance=steps, description=now or label)

        yield advance
