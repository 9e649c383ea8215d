"""The columns and keys of the donations table as the commands use them: the --by keys, the
columns a listing shows (in full and on a screen), and the columns each kind of query must read.
No pandas here, so usage errors are found before any heavy import."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from aidcli.model.errors import UsageError


class GroupKey(StrEnum):
    """A key of --by, typed once: what sums are grouped by."""

    RECIPIENT = "recipient"
    COUNTRY = "country"  # the recipient, by its other name
    DONOR = "donor"
    DONOR_TYPE = "donor_type"
    CHANNEL = "channel"
    REGION = "region"
    FLOW = "flow"
    KIND = "kind"
    STATUS = "status"
    SOURCE = "source"
    ITEM_GROUP = "item_group"
    MONTH = "month"  # of the date, made for the sum


# Each --by key and the column it groups by.
GROUP_KEYS = {k.value: GroupKey.RECIPIENT.value if k is GroupKey.COUNTRY else k.value for k in GroupKey}
LIST_COLUMNS = [
    "record_id",
    "date",
    "donor",
    "donor_type",
    "channel",
    "donor_country",
    "recipient",
    "recipient_iso3",
    "recipient_place",
    "region",
    "flow",
    "kind",
    "status",
    "item",
    "item_group",
    "quantity",
    "unit",
    "approx",
    "value_usd",
    "allocation",
    "in_totals",
    "umbrella",
    "overlaps",
    "same_shipment",
    "donors_stated",
    "source",
    "hedges",
]
# The columns of each table of the package whose values are names aidcli matches and counts by (a
# look-alike there would be a second name); other text (quotes, notes, a claim's progress as the
# donor wrote it) is the source's own and kept as written. A table not listed: every text column.
NAME_COLUMNS = {
    "donations": (
        "recipient",
        "recipient_iso3",
        "recipient_place",
        "region",
        "shared_by",
        "shared_by_iso3",
        "shared_by_region",
        "item",
        "item_group",
        "unit",
        "donor",
        "donor_type",
        "channel",
        "donor_country",
        "source",
    ),
    "donors": ("donor", "donor_type", "country", "parent", "members", "aliases"),
    "sources": ("source",),
    "claims": ("donor", "recipient", "recipient_iso3", "region", "members", "item", "item_group", "unit"),
}
SHORT_COLUMNS = ["record_id", "donor", "recipient", "item", "quantity", "unit", "status", "kind", "flow"]
# What a sum reads (a large file is read, and checked, no wider): the counting rules' columns.
SUM_COLUMNS = [
    "record_id",
    "date",
    "allocation",
    "in_totals",
    "overlaps",
    "kind",
    "flow",
    "status",
    "item",
    "unit",
    "quantity",
    "value_usd",
    "approx",
    "recipient",
    "recipient_iso3",
    "region",
]
# What a row view needs to show each shared amount once, named by who shares it, and mark `counted`.
COUNTED_COLUMNS = ["record_id", "in_totals", "allocation", "item", "unit", "status", "recipient"]
# The figures an article may hedge: `approx` holds its words ("over", "up to"), read and shown with them.
NUMBER_COLUMNS = ("quantity", "value_usd")


def with_qualifier(columns: set[str]) -> set[str]:
    """The columns to read, with `approx` where a number is among them (and the other number, which
    tells whether the words are its): no view shows a figure without the words that hedge it."""
    return columns | {"approx", *NUMBER_COLUMNS} if columns & set(NUMBER_COLUMNS) else columns


def group_keys(given: str | Iterable[str] | None) -> list[GroupKey]:
    """The keys of --by as typed: comma-separated text, or keys one by one; a GroupKey is kept as
    it is, so keys parsed at the command line are not parsed again. UsageError for an unknown key."""
    texts = [given] if isinstance(given, str) else list(given or ())
    if not any(texts):
        return []
    keys: list[str] = []
    for text in texts:
        if isinstance(text, GroupKey):
            keys.append(text)
        else:
            keys += [k.strip().lower().replace("-", "_") for k in text.split(",") if k.strip()]
    unknown = [k for k in keys if k not in GROUP_KEYS]
    if unknown or not keys:
        raise UsageError(f"--by: unknown key {', '.join(unknown) or '(none given)'}; keys: {', '.join(GROUP_KEYS)}")
    return [GroupKey(k) for k in keys]


# A sum's columns: the plain sum (high), the low figure where records that may report the same aid
# are added (ranges.py), the article's words, how the figure was reached and the records it holds.
SUM_FIGURES = [
    "quantity",
    "quantity_low",
    "value_usd",
    "value_usd_low",
    "approx",
    "approx_low",
    "basis",
    "records",
    "may_overlap",
]
