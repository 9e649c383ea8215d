"""Dates as the articles give them and as people type them: YYYY, YYYY-MM or YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt
import re

from aidcli.model.errors import UsageError

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_date(text: str, option: str) -> str:
    """A user's YYYY, YYYY-MM or YYYY-MM-DD (a month or day may be one digit: 2020-3), checked
    to be a real date and written in full ('2020-03')."""
    m = _DATE.fullmatch(text.strip())
    if not m:
        raise UsageError(f"{option}: {text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a real date") from None
    return "-".join([year] + [f"{int(p):02d}" for p in (month, day) if p])
