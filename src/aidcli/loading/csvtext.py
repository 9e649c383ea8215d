"""A small CSV file parsed by the csv module, once a run: the names of a dataset (catalog.py) and
the packaged tables (tables.py) come from one parse. Light: no pandas."""

from __future__ import annotations

import csv
import functools
from pathlib import Path


@functools.lru_cache(maxsize=8)
def _parsed(path: Path, size: int, mtime_ns: int) -> tuple[tuple[str, ...], tuple[list[str], ...]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = tuple(next(reader, []))
        return header, tuple(reader)


def parsed(path: Path) -> tuple[tuple[str, ...], tuple[list[str], ...]]:
    """A small CSV's header and rows, parsed once a run (again if the file changes).
    OSError, UnicodeDecodeError or csv.Error when it cannot be read."""
    st = path.stat()
    return _parsed(path, st.st_size, st.st_mtime_ns)
