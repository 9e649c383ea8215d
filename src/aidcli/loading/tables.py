"""Reading one file of a dataset into a table: its header, its columns (only those asked for)
parsed by the fastest reader that fits (the csv module for the packaged tables, pandas, polars for
a large file), checked and typed by the schema's rules (rules.py), and where a package's files are.

Text columns are pandas categoricals. Files from LARGE_FILE up are read by polars on every core
when the optional extra `aidcli[large]` is installed; pyarrow is never needed, so `import pandas`
(which imports pyarrow whenever it is installed) stays light for the packaged dataset.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pandas as pd

from aidcli.loading import rules
from aidcli.loading.paths import reachable, resource_file
from aidcli.loading.rules import Problem, Report
from aidcli.model.errors import DataError
from aidcli.model.schema import Schema, default_package, read_descriptor, schemas

LARGE_FILE = 8 * 1024 * 1024  # from this size polars' multi-threaded reader pays for its import
# The longest line (between two line breaks) a file may hold: the packaged data's longest is under
# 1,000 characters, so 1 MiB is generous, and a file without line breaks (a sparse file, a dump)
# is refused before a reader holds a gigantic field in memory.
MAX_LINE = 1024 * 1024


def _long_line(path: Path) -> int | None:
    """The line number (header = 1) of a line longer than MAX_LINE, None when there is none.

    Every block of MAX_LINE // 2 bytes is asked for a line break (found within a line's length of
    its start, so a million-row file costs some 600 short searches); a line longer than MAX_LINE
    holds a whole block, and only a block without a line break is measured exactly."""
    import mmap

    size = path.stat().st_size
    if size <= MAX_LINE:
        return None
    block = MAX_LINE // 2
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        for start in range(0, size, block):
            end = min(start + block, size)
            if mm.find(b"\n", start, end) >= 0 or mm.find(b"\r", start, end) >= 0:
                continue
            low = max(start - MAX_LINE, 0)  # the searches go no further than a line may be long
            before = max(mm.rfind(b"\n", low, start), mm.rfind(b"\r", low, start), low - 1)
            limit = min(before + MAX_LINE + 2, size)
            after = [i for i in (mm.find(b"\n", end, limit), mm.find(b"\r", end, limit)) if i >= 0]
            if (min(after) if after else limit) - before - 1 > MAX_LINE:
                return _byte_row(path, before + 1)
    return None


def _lookup(chars: bytes) -> np.ndarray:
    table = np.zeros(256, bool)
    table[list(chars)] = True
    return table


_OPENS_AFTER = _lookup(b',\n"')  # an opening quote follows a field's start or a closing quote ("")
_CLOSES_BEFORE = _lookup(b',\r\n"')  # a closing quote ends a field or starts an escaped quote ("")
# What may not start a line: a blank or whitespace line is a row of nulls to polars and nothing
# to pandas (a lone CR, which ends a line only for pandas, is looked for on its own).
_LINE_QUIRKS = _lookup(b"\n\r \t")


def _plain_csv(path: Path) -> bool:
    """Whether the large-file reader reads the file as the small-file reader does: every quote
    opens a field, closes one or escapes a quote (the quotes before it tell which), and outside
    quoted fields no line is blank or starts with a space or tab and every CR is followed by LF.
    Anything else (a quote inside an unquoted field, text after a closing quote, a file cut inside
    a quoted field, lone CRs) is left to the small-file reader, whose verdict is the one aidcli
    gives; either reader then reads the same rows from the same bytes, whatever columns a command
    asks for. The file is mapped, not copied, and numpy finds its line ends and quotes."""
    import mmap

    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        return _plain_bytes(mm)


def _plain_bytes(mm) -> bool:
    """_plain_csv on a file's mapped bytes, in blocks of 16 MiB (numpy's temporaries stay small);
    the file is taken as starting after a line end and ending before a comma."""
    raw = np.frombuffer(mm, np.uint8)
    size = len(raw)
    if _LINE_QUIRKS[raw[0]]:  # a blank or whitespace first line
        return False
    quotes = 0  # quotes before the current block: their parity says whether a field is open
    for start in range(0, size, 16 * 1024 * 1024):
        body = raw[start : start + 16 * 1024 * 1024]
        at = np.flatnonzero(body == ord('"')) + start
        before = np.where(at > 0, raw[np.maximum(at - 1, 0)], ord("\n"))
        after = np.where(at < size - 1, raw[np.minimum(at + 1, size - 1)], ord(","))
        opening = (np.arange(len(at)) + quotes) % 2 == 0
        if not np.where(opening, _OPENS_AFTER[before], _CLOSES_BEFORE[after]).all():
            return False
        lf = np.flatnonzero(body == ord("\n")) + start
        lf = lf[lf < size - 1]  # the file's last line end starts no line
        odd = lf[_LINE_QUIRKS[raw[lf + 1]]]
        if mm.find(b"\r", start, start + len(body)) >= 0:
            cr = np.flatnonzero(body == ord("\r")) + start
            odd = np.concatenate([odd, cr[(cr == size - 1) | (raw[np.minimum(cr + 1, size - 1)] != ord("\n"))]])
        # inside a quoted field (an odd number of quotes before it) a line break is the field's text
        if ((np.searchsorted(at, odd) + quotes) % 2 == 0).any():
            return False
        quotes += len(at)
    return quotes % 2 == 0


def _byte_row(path: Path, offset: int) -> int:
    """The line number (header = 1) that holds a byte offset, for encoding errors."""
    with path.open("rb") as fh:
        return fh.read(offset).count(b"\n") + 1


def header(path: Path) -> list[str] | None:
    """A CSV's column names, None when the first line cannot be read as CSV text."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh))
    except (OSError, UnicodeDecodeError, StopIteration, csv.Error):
        return None


def _read_raw(path: Path, report: Report, columns: list[str] | None) -> pd.DataFrame | None:
    """The CSV's columns (all when None): text as categoricals of strings, and number columns
    as float64 when the large-file reader read them; None, with the problem, when it cannot be parsed."""
    name = str(path)
    if not path.exists():
        report.add(Problem(name, "no such file"))
        return None
    if path.is_dir():
        report.add(Problem(name, "is a directory, not a CSV file or datapackage.json"))
        return None
    if not path.is_file():  # /dev/zero would be read until memory runs out; a FIFO would hang
        report.add(Problem(name, "is not a regular file (a device, FIFO or socket); give a CSV file"))
        return None
    if path.stat().st_size == 0:
        report.add(Problem(name, "is empty (no header row)"))
        return None
    if (line := _long_line(path)) is not None:
        report.add(
            Problem(
                name,
                f"has a line longer than {MAX_LINE // 1024 // 1024} MiB (a field or a file without "
                "line breaks); aidcli reads no longer lines",
                row=line,
            )
        )
        return None
    if path.stat().st_size >= LARGE_FILE:
        fast = _read_large(path, columns)
        if fast is not None:
            return fast
    # every column, whichever a command asks for: pandas counts a row's fields only in a full read,
    # so a row with more fields than the header is refused whatever the command reads
    import warnings

    try:
        with warnings.catch_warnings():
            # pandas warns, and drops the cells, when the first row has more fields than the header
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                path,
                dtype="category",
                keep_default_na=False,
                na_values=[""],
                encoding="utf-8-sig",
                engine="c",
                index_col=False,  # never take a first column for an index: a ragged row is an error
            )
        return frame if columns is None else frame[[c for c in frame.columns if c in columns]]
    except pd.errors.ParserWarning:
        report.add(Problem(name, "is not a well-formed CSV file (row 2 has more fields than the header)", row=2))
    except UnicodeDecodeError as exc:
        report.add(
            Problem(
                name,
                f"is not UTF-8 (byte {exc.object[exc.start : exc.start + 1]!r} "
                f"at offset {exc.start}; save the file as UTF-8)",
                row=_byte_row(path, exc.start),
            )
        )
    except pd.errors.EmptyDataError:
        report.add(Problem(name, "is empty (no header row)"))
    except (pd.errors.ParserError, ValueError, OverflowError) as exc:
        report.add(Problem(name, f"is not a well-formed CSV file ({str(exc).strip().splitlines()[0]})"))
    except OSError as exc:
        report.add(Problem(name, f"cannot be read ({exc.strerror or exc})"))
    return None


def _read_trusted(path: Path, columns: list[str] | None) -> pd.DataFrame:
    """A packaged table (validated by the test-suite), parsed by the csv module once a run (the
    names of catalog.py come from the same parse): text as categoricals of strings, "" missing, as
    the pandas reader gives them, without its start-up cost on a few hundred rows."""
    from aidcli.loading.csvtext import parsed

    header, rows = parsed(path)
    out = {}
    for i, name in enumerate(header):
        if columns is not None and name not in columns:
            continue
        values = [row[i] for row in rows]
        categories = sorted(set(values) - {""})
        code = dict(zip(categories, range(len(categories)))) | {"": -1}
        out[name] = pd.Categorical.from_codes(
            np.fromiter((code[v] for v in values), np.int32, len(values)),
            categories=pd.Index(categories, dtype="str"),
            validate=False,
        )
    return pd.DataFrame(out)


def _read_large(path: Path, columns: list[str] | None) -> pd.DataFrame | None:
    """A large CSV read by polars on every core: text as categoricals, numbers as float64.

    None when polars is missing or the file does not read cleanly (bad UTF-8, a ragged row, a
    number column holding text or NaN...): the pandas reader then reads it again and says where."""
    # polars' allocator (jemalloc) keeps the memory it parsed the file in for 10 s by default,
    # while pandas builds the frame beside it: giving it back after 0.2 s took the peak of a
    # 1M-row first query from about 670 to 430 MB at the same speed (0 s: 390 MB, 11% slower).
    # Set before the import, since jemalloc reads it when it starts; a user's own setting wins.
    os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:200,muzzy_decay_ms:0")
    if _memory_capped():
        return None
    try:
        import polars as pl
    except ImportError:
        return None
    names = header(path)
    if names is None or len(set(names)) != len(names) or not _plain_csv(path):
        return None
    wanted = [c for c in names if columns is None or c in columns]
    numbers = set(schemas()["donations"].of_type("number", "integer"))
    types = {c: pl.Float64 if c in numbers else pl.Categorical for c in names}
    # polars counts a row's fields only when it reads every column: a pruned read drops the cells
    # past the header's. A schema one column wider than the header, that column inserted where the
    # header lacks it, reads the first surplus cell instead; any value there is a ragged row, which
    # the pandas reader then finds and says where (an empty surplus cell, as in "a,b,c,", reads as
    # missing: polars cannot tell it from a row of the header's width)
    surplus = "\0surplus"
    try:
        frame = pl.read_csv(
            path,
            columns=[*wanted, surplus],
            schema=types | {surplus: pl.String},
            missing_columns="insert",
            has_header=True,
            encoding="utf8",
            raise_if_empty=True,
        )
    except (pl.exceptions.PolarsError, OSError) as exc:
        if _interrupted(exc):  # never read the file again (pandas, every column) after a Ctrl-C
            raise KeyboardInterrupt from None
        return None
    if frame[surplus].null_count() < frame.height:
        return None
    out: dict[str, np.ndarray | pd.Categorical] = {}
    for name in wanted:
        col = frame[name]
        if col.dtype == pl.Float64:
            if col.is_nan().any() or col.is_infinite().any():  # "NaN", "inf": the pandas reader says where
                return None
            out[name] = col.to_numpy()
        else:
            out[name] = _categorical(col)
    return pd.DataFrame(out)


def _interrupted(exc: BaseException) -> bool:
    """Whether an error is a Ctrl-C in disguise: polars catches SIGINT itself to abort a query
    ("query interrupted"), and an interrupted system call is EINTR; taken for a file polars cannot
    read, either would start a second, slower read of the whole file instead of stopping."""
    import errno

    return "interrupt" in str(exc).lower() or getattr(exc, "errno", None) == errno.EINTR


def _categorical(col) -> pd.Categorical:
    """A polars categorical as a pandas categorical with sorted categories of the values it holds;
    "" is missing, as in pandas. Only the distinct values are turned into Python strings."""
    import polars as pl  # already imported by _read_large

    distinct = col.drop_nulls().unique()
    codes = distinct.to_physical().to_numpy().astype(np.int64)
    text = distinct.cast(pl.String)
    order = text.arg_sort().to_numpy()
    values = text.gather(order).to_list()
    null = int(codes.max()) + 1 if len(codes) else 0
    remap = np.full(null + 1, -1, np.int32)
    remap[codes[order]] = np.arange(len(codes), dtype=np.int32)
    if values and values[0] == "":  # sorted first: drop it and shift the others down
        remap -= 1
        remap[remap < 0] = -1
        values = values[1:]
    raw = col.to_physical().fill_null(null).to_numpy()
    return pd.Categorical.from_codes(remap[raw], categories=pd.Index(values), validate=False)


def _memory_capped() -> bool:
    """Whether the process's address space is capped (ulimit -v, prlimit --as): polars then aborts
    the process, or panics, when an allocation or a worker thread fails, where pandas raises
    MemoryError (one line, exit 1); so a capped process reads with pandas."""
    try:
        import resource
    except ImportError:  # not on Windows
        return False
    return resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY


def read_table(
    path: Path, schema: Schema, report: Report, usecols: list[str] | None = None, trusted: bool = False
) -> pd.DataFrame | None:
    """Read one resource's columns (all, or those in usecols), check the header and every column
    read, and type them; the keys are the caller's to check (rules.keys), once all are read."""
    names = header(path) if path.is_file() and path.stat().st_size else None
    if names is not None and not trusted and len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        report.add(Problem(str(path), f"repeats the column name(s) {', '.join(map(repr, twice))} in its header", row=1))
        return None
    if names is not None and not trusted:
        rules.missing_columns(names, schema, usecols, str(path), report)
        if report.count:
            return None
    raw = _read_trusted(path, usecols) if trusted else _read_raw(path, report, usecols)
    if raw is None:
        return None
    if names is None and not trusted:  # a header the csv module could not read, but pandas could
        rules.missing_columns(list(raw.columns), schema, usecols, str(path), report)
        if report.count:
            return None
    for f in schema.fields:  # optional columns may be left out of a user's file
        if f.name not in raw.columns and (usecols is None or f.name in usecols):
            raw[f.name] = pd.Series(pd.Categorical([None] * len(raw), categories=[]), index=raw.index)
    return rules.typed(raw, schema, str(path), report, trusted)


def package_files(package: Path) -> dict[str, Path]:
    """The file of each resource of a datapackage.json, by resource name."""
    descriptor = read_descriptor(package)
    files = {}
    for resource in descriptor["resources"]:
        if "name" in resource and isinstance(resource.get("path"), str):
            files[resource["name"]] = resource_file(package, resource["name"], resource["path"])
    if "donations" not in files:
        raise DataError(f"{package}: the package has no 'donations' resource")
    return files


def resolve(path: Path | None) -> Path:
    """The file a --data path means: the packaged datapackage.json by default, a folder's own one."""
    path = reachable(Path(path) if path is not None else default_package())
    if path.is_dir() and (path / "datapackage.json").is_file():
        return path / "datapackage.json"
    return path
