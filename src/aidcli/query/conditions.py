"""`aidcli filter` conditions: a small parser of our own. User text is never evaluated as code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aidcli.model.dates import parse_date
from aidcli.model.errors import UsageError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

_CONDITION = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(!~|<=|>=|!=|==|=|<|>|~)\s*(.*?)\s*", re.S)
_HEAD = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)")
TEXT_OPS = {"=", "!=", "~", "!~"}


@dataclass(frozen=True)
class Condition:
    """One parsed condition: column, operator, and the value as the user wrote it (unquoted)."""

    column: str
    op: str
    value: str


def parse(text: str, columns: dict[str, str]) -> Condition:
    """Parse 'COLUMN OP VALUE'; `columns` maps each column name to its schema type."""
    if len(text) > 1000:
        raise UsageError("condition too long (at most 1000 characters)")
    m = _CONDITION.fullmatch(text)
    if not m:
        head = _HEAD.match(text)
        if head and head.group(1).lower() not in {c.lower() for c in columns}:
            raise UsageError(f"unknown column '{head.group(1)}' in condition {text!r}; columns: {', '.join(columns)}")
        raise UsageError(
            f"cannot read condition {text!r}: write COLUMN OP VALUE with OP one of "
            '= != < <= > >= ~ !~ (e.g. "quantity >= 500000")'
        )
    column, op, value = m.group(1), m.group(2), m.group(3)
    column = {c.lower(): c for c in columns}.get(column.lower(), column)  # column names case-blind
    op = "=" if op == "==" else op
    if value[:1] in ("=", "<", ">", "!", "~"):
        raise UsageError(
            f"cannot read condition {text!r}: the operator '{op}{value[:1]}' is not one of = != < <= > >= ~ !~"
        )
    if column not in columns:
        raise UsageError(f"unknown column '{column}'; columns: {', '.join(columns)}")
    if value[:1] in ("'", '"'):
        if len(value) < 2 or value[-1] != value[0]:
            raise UsageError(f"unbalanced quotes in condition {text!r}")
        value = value[1:-1]
    elif value == "":
        raise UsageError(f'condition {text!r} has no value (use "" for an empty one)')
    kind = columns[column]
    if kind in ("number", "integer"):
        if op in ("~", "!~"):
            raise UsageError(f"'{op}' works on text; '{column}' is a number")
        value = _number(value, column)
    elif kind == "boolean":
        if op not in ("=", "!=") or value.lower() not in ("true", "false"):
            raise UsageError(f"'{column}' is true or false: use {column} = true or {column} = false")
    elif op not in TEXT_OPS and column != "date":
        raise UsageError(f"'{column}' is text and cannot be compared with '{op}'; use = != ~ !~")
    elif column == "date" and op not in ("~", "!~") and value:
        value = parse_date(value, "date")
    return Condition(column, op, value)


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def _number(value: str, column: str) -> str:
    """A number as typed, thousands separators allowed as the tables print them ('500,000')."""
    text = value.replace(",", "") if _THOUSANDS.fullmatch(value.strip()) else value
    try:
        float(text)
    except ValueError:
        raise UsageError(f"'{column}' is a number; {value!r} is not") from None
    return text


def _compare(values: pd.Series, op: str, target: float | bool) -> np.ndarray:
    ops = {"=": values.eq, "!=": values.ne, "<": values.lt, "<=": values.le, ">": values.gt, ">=": values.ge}
    return ops[op](target).fillna(False).to_numpy(bool)


def mask(df: pd.DataFrame, cond: Condition, kind: str) -> np.ndarray:
    """Rows of `df` that meet the condition. Empty values meet no comparison but != and !~."""

    from aidcli.model.frames import on_text

    col = df[cond.column]
    if kind in ("number", "integer"):
        return col.notna().to_numpy() & _compare(col, cond.op, float(cond.value))
    if kind == "boolean":
        return _compare(col, cond.op, cond.value.lower() == "true")
    if cond.column == "date" and cond.op not in ("~", "!~") and cond.value:
        return _date_mask(col, cond)
    target = cond.value.casefold()
    if cond.op in ("~", "!~"):
        hit = on_text(col, lambda s: s.str.casefold().str.contains(target, regex=False))
        return ~hit if cond.op == "!~" else hit
    equal = on_text(col, lambda s: s.str.casefold() == target)
    if target == "":
        equal = equal | col.isna().to_numpy()
    return ~equal if cond.op == "!=" else equal


def _date_mask(col: pd.Series, cond: Condition) -> np.ndarray:
    """Dates compared as intervals, as --since and --until do: 'date = 2020-03' keeps what lies
    wholly inside March (2020-03, 2020-03-29), '>=' what lies wholly on or after its start."""
    import pandas as pd

    from aidcli.query.filters import date_bounds

    start, end = date_bounds(col)
    lo, hi = (b.iloc[0] for b in date_bounds(pd.Series([cond.value])))
    inside = {"=": (start >= lo) & (end <= hi), ">=": start >= lo, ">": start > hi, "<=": end <= hi, "<": end < lo}
    keep = inside["=" if cond.op == "!=" else cond.op].fillna(False).to_numpy(bool)
    return ~keep & col.notna().to_numpy() if cond.op == "!=" else keep
