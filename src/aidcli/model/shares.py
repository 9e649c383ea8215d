"""Who shares a shared amount, as the dataset writes it: the amount's one row is named
'shared: Spain, Italy', and its members are in three fields (names, ISO codes, regions), each a
list separated by '; ', one entry per member in the same order. The data package, export and
--data all hold this shape; the loader turns each such row into one row per member for counting."""

from __future__ import annotations

SHARED_BY = ("shared_by", "shared_by_iso3", "shared_by_region")
# the member fields each list fills, in SHARED_BY's order
MEMBER_FIELDS = ("recipient", "recipient_iso3", "region")
SEPARATOR = "; "
PREFIX = "shared: "


def shared_label(names: list[str]) -> str:
    """The recipient of a shared amount's row: 'shared: ' and every member's name."""
    return PREFIX + ", ".join(names)


def split(text: str) -> list[str]:
    """The entries of one member list ('ESP; ITA' -> ['ESP', 'ITA']; an empty entry stays '')."""
    return [part.strip() for part in text.split(";")]


def holders(recipients: list[tuple[str, str, str]], shared: bool) -> list[tuple[str, str, str, tuple[str, str, str]]]:
    """Who holds a record's rows, as the dataset writes them: (recipient, ISO code, region, the
    SHARED_BY lists) for each of its (recipient, ISO code, region); for a shared amount one holder,
    named by all its members, its region theirs when they share one, else International."""
    if not shared:
        return [(name, code, region, ("", "", "")) for name, code, region in recipients]
    names, codes, regions = (list(column) for column in zip(*recipients))
    region = regions[0] if len(set(regions)) == 1 else "International"
    return [(shared_label(names), "", region, (SEPARATOR.join(names), SEPARATOR.join(codes), SEPARATOR.join(regions)))]
