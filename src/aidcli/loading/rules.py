"""The schema's rules applied to a table read as text: types, required values, enums, patterns,
minimums, keys, foreign keys, and the values dangerous elsewhere (hazards). Every column a command
reads passes through here, so a pruned read is checked as strictly as `aidcli validate` checks the
whole file.

Text columns arrive as pandas categoricals: the checks then run once per distinct value instead
of once per row, which keeps a million-row file fast.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from aidcli.model import dates
from aidcli.model.errors import DataError
from aidcli.model.frames import duplicated
from aidcli.model.schema import Schema

TRUE_VALUES = frozenset({"true", "True", "TRUE", "1"})
FALSE_VALUES = frozenset({"false", "False", "FALSE", "0"})
MAX_PROBLEMS = 1000  # listed per file; the count of the rest is still reported


@dataclass(frozen=True)
class Problem:
    """One way a file breaks its schema. `row` counts the header as row 1, as Frictionless does."""

    file: str
    rule: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        value = "" if self.value is None else f" {_show(self.value)}"
        return f"{', '.join(where)}:{value} {self.rule}"


def _show(value: str) -> str:
    """A value as it goes into a one-line message: quoted, newlines escaped, long ones cut."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


class Report:
    """Collects problems, keeping the first MAX_PROBLEMS and counting the rest."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.count = 0

    def add(self, problem: Problem) -> None:
        self.count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def at_rows(self, file: str, mask: np.ndarray, column: str, values: pd.Series, rule: str) -> None:
        rows = np.flatnonzero(mask)
        for i in rows[: max(MAX_PROBLEMS - len(self.problems), 0)]:
            value = values.iloc[i]
            self.problems.append(Problem(file, rule, int(i) + 2, column, None if pd.isna(value) else str(value)))
        self.count += len(rows)

    def error(self, path: Path) -> DataError:
        """The first problem as a one-line DataError, saying how many more there are."""
        more = self.count - 1
        tail = f" (and {more} more problem{'s' * (more > 1)}; 'aidcli validate {path}' lists them)" if more else ""
        return DataError(f"{self.problems[0]}{tail}")


def missing_columns(
    header: list[str], schema: Schema, wanted: list[str] | None, file: str, report: Report
) -> list[str]:
    """The schema's columns a header lacks, of those wanted; a problem when a required one is
    missing, whatever was wanted, so a file without a required column never passes."""
    required = [f.name for f in schema.fields if f.required and f.name not in header]
    if required:
        report.add(
            Problem(
                file,
                "lacks the required column(s) "
                + ", ".join(required)
                + f"; expected columns: {', '.join(schema.names)}",
                row=1,
            )
        )
    return [f.name for f in schema.fields if f.name not in header and (wanted is None or f.name in wanted)]


def _as_number(col: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """A categorical column as float64, and a mask of the rows whose text is not a number."""
    cats = col.cat.categories
    codes = col.cat.codes.to_numpy()
    if len(cats) == 0:  # an all-empty column
        return pd.Series(np.full(len(col), np.nan), index=col.index, name=col.name), np.zeros(len(col), bool)
    nums = pd.to_numeric(pd.Series(cats.astype(str), dtype=object), errors="coerce").to_numpy(float)
    values = np.where(codes >= 0, nums[codes], np.nan)
    bad = (codes >= 0) & np.isnan(values)
    return pd.Series(values, index=col.index, name=col.name), bad


def _as_boolean(col: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """A categorical column of true/false words as a nullable boolean, and a mask of bad rows."""
    mapping = {
        c: (True if str(c) in TRUE_VALUES else False if str(c) in FALSE_VALUES else None) for c in col.cat.categories
    }
    values = col.map(mapping).astype("boolean")
    bad = (col.notna() & values.isna()).to_numpy()
    return values, bad


def _category_mask(col: pd.Series, bad_values: list[str]) -> np.ndarray:
    return col.isin(bad_values).to_numpy() if bad_values else np.zeros(len(col), bool)


# How long one pattern may take over a column's values. A package's patterns are its author's:
# `(a+)+b` backtracks for ever on 34 a's, so a pattern that takes longer is refused. A pattern of
# the packaged schema takes a second on a million distinct values.
PATTERN_SECONDS = 10


class _TooSlow(Exception):
    """A pattern ran out of its time."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _TooSlow in the block after `seconds`: a timer signal, which the regular expression
    engine heeds while it backtracks. Where there is none (Windows, a thread other than the main
    one, as a library may run) the block runs unbounded."""
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _TooSlow

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _unmatched(cats: pd.Index, pattern: str) -> list[str] | None:
    """The categories the pattern does not match whole; None when it takes longer than
    PATTERN_SECONDS. When none holds a newline, one regex pass over them all, joined line by
    line, shows that all match (a million-row key column: 0.07 s instead of 0.25 s): a match
    cannot then span two lines without leaving one line unmatched."""
    text = "\n".join(cats.tolist())
    try:
        with _time_limit(PATTERN_SECONDS):
            if text.count("\n") == len(cats) - 1 and len(re.findall(f"^(?:{pattern})$", text, re.M)) == len(cats):
                return []
            return list(cats[~cats.str.fullmatch(pattern)])
    except _TooSlow:
        return None


def typed(df: pd.DataFrame, schema: Schema, file: str, report: Report, trusted: bool = False) -> pd.DataFrame:
    """Check every column read against its field's constraints and convert it to the field's type.

    `trusted` (the packaged dataset, which the test-suite validates) converts without checking."""
    out = {}
    for name in df.columns:
        col = df[name]
        if name not in schema.names:
            out[name] = col  # extra columns are allowed and kept as text
            continue
        f = schema.field(name)
        if f.required and not trusted:
            report.at_rows(file, col.isna().to_numpy(), name, col, "is empty, but the field is required")
        if f.type in ("number", "integer"):
            if col.dtype.kind == "f":  # already read as numbers (the large-file reader)
                values, bad = col, np.zeros(len(col), bool)
            else:
                values, bad = _as_number(col)
            report.at_rows(file, bad, name, col, f"is not a {f.type}")
            endless = np.isinf(values.to_numpy())  # inf, 1e400: JSON has no such number
            report.at_rows(file, endless, name, col, "is not a finite number")
            values = values.mask(endless)
            if f.type == "integer":
                frac = ~np.isnan(values.to_numpy()) & (values.to_numpy() % 1 != 0)
                report.at_rows(file, frac, name, col, "is not an integer")
            if f.minimum is not None:
                report.at_rows(file, (values < f.minimum).to_numpy(), name, col, f"is below the minimum {f.minimum:g}")
            out[name] = values
            continue
        if f.type == "boolean":
            values, bad = _as_boolean(col)
            report.at_rows(file, bad, name, col, "is not true or false")
            out[name] = values
            continue
        cats = col.cat.categories
        if cats.inferred_type != "string":  # pandas inferred numbers or booleans: keep the text
            col = col.cat.rename_categories([str(c) for c in cats])
            cats = col.cat.categories
        if not trusted:
            if f.enum:
                outside = list(cats[~cats.isin(f.enum)])
                report.at_rows(file, _category_mask(col, outside), name, col, f"is not one of: {', '.join(f.enum)}")
            unmatched: list[str] | None = []
            if f.pattern:
                unmatched = _unmatched(cats, f.pattern)
                if unmatched is None:
                    report.add(
                        Problem(
                            file,
                            f"the pattern {f.pattern} took longer than {PATTERN_SECONDS} s over the "
                            "column's values (it backtracks); aidcli does not wait for it",
                            column=name,
                        )
                    )
                    unmatched = []
                report.at_rows(
                    file, _category_mask(col, unmatched), name, col, f"does not match the pattern {f.pattern}"
                )
            if f.hxl == "#date":  # the calendar's rule, as for a date typed (2020-02-30 is not a date)
                shapeless = set(unmatched or ())
                unreal = [c for c in cats if c not in shapeless and not dates.real(c)]
                report.at_rows(file, _category_mask(col, unreal), name, col, "is not a real date")
        out[name] = col
    return pd.DataFrame(out, index=df.index)


def keys(df: pd.DataFrame, schema: Schema, file: str, report: Report) -> None:
    """The primary key and unique fields, checked when the table read holds their columns."""
    pk = list(schema.primary_key)
    if pk and all(k in df.columns for k in pk):
        dup = duplicated(df, pk)
        if dup.any():
            key = df[pk].astype(str).agg(" / ".join, axis=1)
            report.at_rows(file, dup, "+".join(pk), key, "repeats a primary key")
    for f in schema.fields:
        if f.unique and f.name in df.columns:
            dup = df[f.name].duplicated(keep="first").to_numpy() & df[f.name].notna().to_numpy()
            report.at_rows(file, dup, f.name, df[f.name], "repeats a value that must be unique")


def _foreign_keys(
    tables: dict[str, pd.DataFrame], all_schemas: dict[str, Schema], files: dict[str, str], report: Report
) -> None:
    """Every value of a foreign key must name a row of the table it points at."""
    for resource, schema in all_schemas.items():
        df = tables.get(resource)
        for column, ref_resource, ref_field in schema.foreign_keys:
            ref = tables.get(ref_resource)
            if df is None or ref is None or column not in df or ref_field not in ref:
                continue
            known = set(ref[ref_field].dropna().astype(str))
            col = df[column]
            bad = [str(c) for c in col.cat.categories if str(c) not in known]
            report.at_rows(
                files[resource], _category_mask(col, bad), column, col, f"is not a {ref_field} in {ref_resource}"
            )


def hazards(table: pd.DataFrame, file: str, report: Report, names: tuple[str, ...] | None = None) -> None:
    """Text that breaks no rule of the schema but is dangerous elsewhere: a value a spreadsheet
    would run as a formula (leading =, +, -, @, tab or CR: aidcli's CSV keeps the raw value, its
    .xlsx stores text), or one holding control characters (aidcli shows them escaped; a terminal
    fed them raw obeys them), and in the columns of `names` (None: every one) a name that looks the
    same as another but is another text. Only `aidcli validate` looks: the commands show such values
    safely."""
    from aidcli.model.text import control_characters, lookalikes, looks_like_formula

    for name in table.columns:
        col = table[name]
        if not isinstance(col.dtype, pd.CategoricalDtype):
            continue
        cats = [str(c) for c in col.cat.categories]
        for odd, plain in lookalikes(cats if names is None or name in names else []).items():
            report.at_rows(
                file,
                _category_mask(col, [odd]),
                name,
                col,
                f"looks the same as {plain!r} but is another text: it holds "
                f"{' '.join(f'U+{ord(c):04X}' for c in dict.fromkeys(odd) if c not in plain)} (an "
                "invisible character, a full-width letter or a letter of another script), so aidcli "
                "would count them as two names",
            )
        formulas = [c for c in cats if looks_like_formula(c)]
        report.at_rows(
            file,
            _category_mask(col, formulas),
            name,
            col,
            "starts with = + - @, a tab or CR: a spreadsheet opening a CSV would run it as a formula",
        )
        for c in cats:
            if found := control_characters(c):
                report.at_rows(
                    file,
                    _category_mask(col, [c]),
                    name,
                    col,
                    f"holds the control character(s) {' '.join(found)}, which a terminal would obey",
                )
