"""A cell as each format writes it: a JSON value, the text a screen prints (numbers with
separators), and a number with the article's words beside it (Figure)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


class Figure(str):
    """A number as a screen prints it with the article's words beside it ('over 1,000,000'):
    right-aligned and never broken, as numbers are."""


def figure(value: Any, words: Any = None, unit: Any = None) -> Figure | None:
    """A number with its qualifier in front and its unit after ('nearly 1,000,000 pieces'); the
    words alone where there is no number ('millions'); None where there is neither."""
    number = cell_text(value, True)
    parts = [words, number, unit if number else None]
    text = " ".join(p for p in parts if isinstance(p, str) and p)
    return Figure(text) if text else None


def span(low: Figure | None, high: Figure | None) -> Figure | None:
    """A range of two figures: '3,800,000–4,800,000'; '2,000,000 to nearly 3,000,000' where
    either has words."""
    if low is None or high is None:
        return high
    plain = all(ch.isdigit() or ch in ",." for ch in low + high.split(" ")[0])
    return Figure(f"{low}\u2013{high}" if plain and " " not in low else f"{low} to {high}")


def is_number_column(s: pd.Series) -> bool:
    if s.dtype.kind in "fiu":
        return True
    if s.dtype == object:
        first = s.first_valid_index()
        return first is not None and isinstance(s.loc[first], Figure)
    return False


def plain(value: Any) -> Any:
    """A cell as a JSON value: None for missing, ints for whole numbers, plain Python types; a
    sum too large for a float is None too, never Infinity (which is not JSON)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def cell_text(value: Any, number: bool = False) -> str:
    """A cell as printed on screen: numbers with thousands separators, empty for unknown."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if number and isinstance(value, int):
        return f"{value:,}"
    if number and isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
