"""The words of the command line: formats, group keys, default columns, dates. No pandas here,
so usage errors are found before any heavy import."""

from __future__ import annotations

import datetime as dt
import re

from aidcli.errors import UsageError

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown")
FORMAT_ALIASES = {"md": "markdown"}
GROUP_KEYS = {
    "recipient": "recipient", "country": "recipient", "donor": "donor", "donor_type": "donor_type",
    "channel": "channel", "region": "region", "flow": "flow", "kind": "kind", "status": "status",
    "source": "source", "item_group": "item_group", "month": "month",
}
LIST_COLUMNS = ["record_id", "date", "donor", "donor_type", "channel", "donor_country", "recipient",
                "recipient_iso3", "recipient_place", "region", "flow", "kind", "status", "item",
                "item_group", "quantity", "unit", "approx", "value_usd", "allocation", "in_totals",
                "overlaps", "source"]
SHORT_COLUMNS = ["record_id", "donor", "recipient", "item", "quantity", "unit", "status"]
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


def by_keys(spec: str | None) -> list[str]:
    """The keys of --by, checked."""
    if not spec:
        return []
    keys = [k.strip().lower().replace("-", "_") for k in spec.split(",") if k.strip()]
    unknown = [k for k in keys if k not in GROUP_KEYS]
    if unknown or not keys:
        raise UsageError(f"--by: unknown key {', '.join(unknown) or '(none given)'}; "
                         f"keys: {', '.join(GROUP_KEYS)}")
    return keys
