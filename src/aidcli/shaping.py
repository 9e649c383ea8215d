"""How a Result's main table is cut for printing: --columns, --sort, --desc, --limit on every
tabular command, the short column sets of a screen, and the HXL row of CSV."""

from __future__ import annotations

from dataclasses import replace

from aidcli.errors import UsageError
from aidcli.render import Section
from aidcli.text import clean
from aidcli.vocab import LIST_COLUMNS, SHORT_COLUMNS

SCREEN = ("table", "markdown")


def _columns(spec: str | None, available: list[str], default: list[str]) -> list[str]:
    if spec is None:
        return [c for c in default if c in available] or available
    if spec.strip().lower() == "all":
        return available
    by_lower = {c.lower(): c for c in available}
    cols = [by_lower.get(c.strip().lower(), c.strip()) for c in spec.split(",") if c.strip()]
    unknown = [c for c in cols if c not in available]
    if unknown or not cols:
        raise UsageError(f"--columns: unknown column {', '.join(unknown) or '(none given)'}; "
                         f"columns: {', '.join(available)}")
    return cols


def _defaults(section: Section, fmt: str) -> list[str]:
    """A rows table shows the short set on a screen and all but quote and notes elsewhere; a
    profile's records drop on a screen the columns that hold one value on every row."""
    frame = section.frame
    if section.key == "rows":
        return SHORT_COLUMNS + ["counted"] if fmt in SCREEN else LIST_COLUMNS + ["counted"]
    if section.key == "records" and fmt in SCREEN and len(frame):
        return [c for c in ["via", *SHORT_COLUMNS] if c in frame.columns
                and (c in ("record_id", "item") or frame[c].astype(object).nunique(dropna=False) > 1)]
    if fmt in SCREEN and "key" in frame.columns:  # the keys stand for the ids, listed under the table
        return [c for c in frame.columns if c != "record_ids"]
    return list(frame.columns)


def shape(result, fmt: str, shape) -> list[Section]:
    """The sections to print, the main one cut by the shape options."""
    from aidcli.query import list_rows

    key = result.csv_section or result.sections[0].key
    out = []
    for s in result.sections:
        frame = s.frame
        if s.key != key and s.key != "records":
            out.append(s)
            continue
        available = list(frame.columns)
        spec = shape.columns if s.key == key else None
        cols = _columns(spec, available, _defaults(s, fmt))
        if s.key != key:
            out.append(replace(s, frame=frame[cols]))
            continue
        sort = shape.sort
        if sort is not None:
            sort = {c.lower(): c for c in available}.get(sort.strip().lower())
            if sort is None:
                raise UsageError(f"--sort: unknown column {shape.sort!r}; columns: {', '.join(available)}")
        cut = list_rows(frame, cols, sort, shape.desc, shape.limit)
        if fmt in SCREEN and "quote" in cut.columns:  # people read the quote without the seed's Markdown
            cut = cut.assign(quote=[clean(q) if isinstance(q, str) else q for q in cut["quote"]])
        caption = s.caption
        if shape.limit is not None and len(frame) > len(cut):
            caption = f"Showing {len(cut)} of {len(frame)} rows. " + caption
        out.append(replace(s, frame=cut, caption=caption))
    return out


def as_lists(sections: list[Section]) -> list[Section]:
    """For JSON: a record_ids cell (space-separated in CSV) as an array of ids."""
    out = []
    for s in sections:
        if "record_ids" in s.frame.columns:
            s = replace(s, frame=s.frame.assign(record_ids=[str(v).split() if isinstance(v, str) else []
                                                            for v in s.frame["record_ids"]]))
        out.append(s)
    return out


# The hashtags of the columns the counting rules read, for a schema that gives them none: an HXL
# client that sums #item+num where #indicator+counted is true gets aidcli's totals (without them
# it summed every row: 75,320,000 delivered masks for aidcli's 11,720,000). The schema's own tag wins.
COUNTING_HXL = {"flow": "#meta+flow", "kind": "#meta+kind", "allocation": "#meta+allocation",
                "in_totals": "#indicator+in_totals", "counted": "#indicator+counted",
                "channel": "#meta+channel", "approx": "#meta+approx", "overlaps": "#meta+overlaps"}


def hxl_tags(columns: list[str]) -> list[str]:
    """The HXL hashtags of the columns, from datapackage.json (COUNTING_HXL where it has none)."""
    from aidcli.schema import donations_schema

    tags = {f.name: f.hxl for f in donations_schema().fields if f.hxl}
    return [tags.get(c) or COUNTING_HXL.get(c, "") for c in columns]
