"""Dates as the articles give them and as people type them: YYYY, YYYY-MM or YYYY-MM-DD, under
one rule for both: a date is one the calendar has (2020-02-30 is not, in data or typed)."""

from __future__ import annotations

import datetime as dt
import re

from aidcli.model.errors import UsageError

# \d is any script's decimal digit (full-width, Arabic-Indic...): each is read as the digit it is,
# never compared as text.
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _parts(text: str) -> list[int] | None:
    """A date's year, month and day (as many as it gives) as numbers, None when it is not a date
    of the calendar."""
    m = _DATE.fullmatch(text)
    if not m:
        return None
    parts = [int(p) for p in m.groups() if p]
    try:
        dt.date(parts[0], *[*parts[1:], 1, 1][:2])
    except ValueError:
        return None
    return parts


def real(text: str) -> bool:
    """Whether a date of the data is one of the calendar (the data's pattern checks its shape)."""
    return _parts(text) is not None


def parse_date(text: str, option: str) -> str:
    """A user's YYYY, YYYY-MM or YYYY-MM-DD (a month or day may be one digit: 2020-3; digits of
    any script), checked to be a real date and written in full with ASCII digits ('2020-03')."""
    if not _DATE.fullmatch(text.strip()):
        raise UsageError(f"{option}: {text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    parts = _parts(text.strip())
    if parts is None:
        raise UsageError(f"{option}: {text!r} is not a real date")
    return "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]])
