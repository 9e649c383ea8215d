"""Progress of long work (a cold read of a large file, a large export), told to whoever listens:
the command line shows a bar on a terminal's stderr (cli/progress.py); the library, a pipe and
--quiet see nothing. The work says what it does and how far it is; it never knows how that is
shown. Light: imports nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

# advance(steps, label): `steps` more done; `label` (if given) says what is being done now.
Advance = Callable[[int, str | None], None]
Shower = Callable[[str, int | None], AbstractContextManager[Advance]]

_shower: list[Shower] = []


def listen(shower: Shower | None) -> None:
    """Show every task from now on with `shower` (None: show none)."""
    _shower[:] = [shower] if shower is not None else []


def _silent(steps: int, label: str | None) -> None:
    """Nobody listens: nothing to do."""


@contextmanager
def task(label: str, total: int | None = None, shown: bool = True) -> Iterator[Advance]:
    """A piece of work of `total` steps (None: its length is unknown), shown while it runs if
    `shown` (the work knows whether it is long: a large file, many rows)."""
    if not _shower or not shown:
        yield _silent
        return
    with _shower[0](label, total) as advance:
        yield advance
