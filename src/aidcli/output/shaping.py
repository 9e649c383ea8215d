"""How a Result's main table is cut for printing: --columns, --sort, --desc, --limit on every
tabular command, the short column sets of a screen, and the HXL row of CSV."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from aidcli.model.columns import LIST_COLUMNS, NUMBER_COLUMNS, SHORT_COLUMNS
from aidcli.model.errors import UsageError
from aidcli.model.result import Result, Section
from aidcli.output.formats import Format

VARYING = ("status", "kind", "flow")  # shown on a screen where they vary, else said in the caption


def _columns(spec: tuple[str, ...] | str | None, available: list[str], default: list[str]) -> list[str]:
    """The columns to show: the default set (None), every one ("all"), or the names given."""
    if spec is None:
        return [c for c in default if c in available] or available
    if spec == "all":
        return available
    by_lower = {c.lower(): c for c in available}
    cols = [by_lower.get(c.lower(), c) for c in spec]
    unknown = [c for c in cols if c not in available]
    if unknown or not cols:
        raise UsageError(
            f"--columns: unknown column {', '.join(unknown) or '(none given)'}; columns: {', '.join(available)}"
        )
    return cols


def _varies(frame, column: str) -> bool:
    return column in frame.columns and frame[column].astype(object).nunique(dropna=False) > 1


def _defaults(section: Section, screen: bool) -> list[str]:
    """A rows table shows the short set on a screen (status, kind and flow where they vary, so
    each line says which) and all but quote and notes elsewhere; a profile's records drop on a
    screen the columns that hold one value on every row."""
    frame = section.frame
    if section.key == "rows":
        if not screen:
            return [*LIST_COLUMNS, "counted"]
        return [c for c in SHORT_COLUMNS if c not in VARYING or _varies(frame, c)] + ["counted"]
    if section.key == "records" and screen and len(frame):
        return [
            c
            for c in ["via", *SHORT_COLUMNS, "counted"]
            if c in frame.columns and (c in ("record_id", "item", "quantity") or _varies(frame, c))
        ]
    if screen and "key" in frame.columns:  # the keys stand for the ids, listed under the table
        return [c for c in frame.columns if c != "record_ids"]
    return list(frame.columns)


QUOTE_ON_SCREEN = 100  # a screen cuts an explained quote to this many characters ('aidcli show ID' has it whole)


def _cut_quotes(section: Section) -> Section:
    """The records behind a sum with their quotes cut for a screen; every other format keeps them whole."""
    if not section.key.endswith("_records") or "quote" not in section.frame.columns:
        return section
    cut = (
        section.frame["quote"]
        .astype(object)
        .map(
            lambda q: (
                q
                if not isinstance(q, str) or len(q) <= QUOTE_ON_SCREEN
                else q[: QUOTE_ON_SCREEN - 1].rstrip() + "\u2026"
            )
        )
    )
    return replace(section, frame=section.frame.assign(quote=cut))


def shape(result: Result, fmt: Format, shape) -> Result:
    """The Result to print: its main section cut by the shape options, each as `fmt` shows it."""
    from aidcli.model.frames import list_rows

    out, chosen = [], result.main
    for s in result.sections:
        main = s is chosen
        if not main and s.key != "records":
            out.append(s)
            continue
        frame = s.frame
        available = list(frame.columns)
        spec = shape.columns if main else None
        cols = _columns(spec, available, _defaults(s, fmt.screen))
        hedges = "approx" in available and "approx" not in cols and any(c in cols for c in NUMBER_COLUMNS)
        # the article's words, and the numbers that tell whose they are, read beside the columns shown
        cols_read = (
            cols + [c for c in ("approx", *NUMBER_COLUMNS) if c in available and c not in cols] if hedges else cols
        )
        caption = s.caption
        if spec is None and fmt.screen and len(frame):  # what a left-out column would have said
            same = [
                str(frame[c].iloc[0]) for c in VARYING if c in available and c not in cols and not _varies(frame, c)
            ]
            if "counted" in available and "counted" not in cols and not _varies(frame, "counted"):
                same.append(f"counted={str(bool(frame['counted'].iloc[0])).lower()}")
            caption += f" Every row: {', '.join(same)}." if same else ""
        if main:
            sort = shape.sort
            if sort is not None:
                sort = {c.lower(): c for c in available}.get(sort.strip().lower())
                if sort is None:
                    raise UsageError(f"--sort: unknown column {shape.sort!r}; columns: {', '.join(available)}")
            cut = list_rows(frame, cols_read, sort, shape.desc, shape.limit)
            if shape.limit is not None and len(frame) > len(cut):
                caption = f"Showing {len(cut)} of {len(frame)} rows. " + caption
        else:
            cut = frame[cols_read]
        if hedges:
            cut, said = _with_hedges(cut, cols, fmt.screen)
            caption += said
        out.append(replace(s, frame=cut, caption=caption))
    return replace(result, sections=[_on_screen(_cut_quotes(s)) for s in out] if fmt.screen else out)


def _with_hedges(cut: pd.DataFrame, cols: list[str], screen: bool) -> tuple[pd.DataFrame, str]:
    """The columns asked for, and `approx` where the article qualifies a figure shown ('over',
    'up to'; its words alone where it gives no number): a screen puts the words in the number's
    cell; elsewhere `approx` is added after the number columns, numbers staying numbers, and the
    caption says so. Words that go with a number not shown are not shown."""
    words = cut["approx"].notna().to_numpy()
    given = {c: cut[c].notna().to_numpy() for c in NUMBER_COLUMNS if c in cut.columns}
    shown = [c for c in NUMBER_COLUMNS if c in cols]
    mine = words & (np.logical_or.reduce([given[c] for c in shown]) | ~np.logical_or.reduce(list(given.values())))
    if screen:
        return cut.assign(approx=cut["approx"].where(mine))[[*cols, "approx"]], ""
    if not mine.any():
        return cut[cols], ""
    last = max(cols.index(c) for c in shown) + 1
    qualifiers = list(dict.fromkeys(cut["approx"].astype(object)[mine]))
    named = ", ".join(map(str, qualifiers[:3])) + (", ..." if len(qualifiers) > 3 else "")
    n = int(mine.sum())
    return (
        cut[[*cols[:last], "approx", *cols[last:]]],
        f" Added the column approx after {cols[last - 1]}: the article qualifies {n} figure{'s' * (n != 1)} "
        f"shown ({named}).",
    )


ROW_VIEWS = ("rows", "records")  # and a record's rows, "<id>_rows": one line per amount


def _on_screen(section: Section) -> Section:
    """A section as a screen shows it: each number with the article's words beside it ('over
    1,000,000'; the words alone where there is no number), so the qualifier is not a column a
    reader skips. The words go with the quantity, and with the dollar value where one is given.
    In a row view the unit joins its quantity too ('1,800,000 pieces'), as the sentence has it."""
    frame = _short_labels(section.frame) if section.key not in ROW_VIEWS else section.frame
    # a comparison's name columns carry their own words and low figures (NAME_approx, NAME_low)
    named = [
        c
        for c in frame.columns
        if (f"{c}_approx" in frame.columns or f"{c}_low" in frame.columns) and not c.endswith("approx")
    ]
    numbers = list(dict.fromkeys([c for c in NUMBER_COLUMNS if c in frame.columns] + named))
    with_unit = (section.key in ROW_VIEWS or section.key.endswith("_rows")) and {"quantity", "unit"} <= set(frame)
    if not numbers or frame.empty or ("approx" not in frame.columns and not with_unit and not named):
        return replace(section, frame=frame)
    from aidcli.model.cells import figure, span

    none = pd.Series(np.full(len(frame), None, object), index=frame.index)
    units = frame["unit"].astype(object).to_numpy() if with_unit else none.to_numpy()
    given = {c: frame[c].notna().to_numpy() for c in numbers}
    mine = dict(given)  # the words go with each number shown; with neither, in the first column alone
    if "approx" in frame.columns and "quantity" in given:
        first = numbers[0]
        mine[first] = given[first] | ~np.logical_or.reduce([given[c] for c in ("quantity", "value_usd") if c in given])
    # the ids that may overlap: said in basis where a sum has one, else left as a column
    shown, used = (
        {},
        ["approx", "approx_low", "may_overlap" if "basis" in frame.columns else "", "unit" if with_unit else ""],
    )
    for c in numbers:  # a sum that may hold the same aid twice is a range, low to high
        own = f"{c}_approx" if f"{c}_approx" in frame.columns else "approx"
        words = frame.get(own, none).astype(object).to_numpy()
        low_text = frame.get(f"{c}_approx_low", frame.get("approx_low", frame.get(own, none)))
        low_words = low_text.astype(object).to_numpy()
        low = frame[f"{c}_low"].to_numpy(float) if f"{c}_low" in frame.columns else frame[c].to_numpy(float)
        unit = units if c == "quantity" else none.to_numpy()
        cells = []
        for v, lo, w, wl, m, u in zip(frame[c], low, words, low_words, mine[c], unit):
            high = figure(v, w if m else None, u)
            cells.append(span(figure(lo, wl if m else None), high) if lo == lo and lo != v else high)
        shown[c] = pd.Series(cells, index=frame.index, dtype=object)  # object: each cell keeps its type
        used += [f"{c}_approx", f"{c}_low", f"{c}_approx_low"]
    return replace(section, frame=frame.assign(**shown).drop(columns=[c for c in dict.fromkeys(used) if c in frame]))


SHORT_LABEL = 2  # a sum's 'shared: ...' label names this many on a screen, then '+N'


def _short_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """A sum's shared labels as a screen shows them ('shared: A, B, +6'); every other format
    names every member, as the row views do, so a script can join them."""
    cols = [c for c in ("recipient", "region", "shared_by") if c in frame.columns]
    out = {}
    for c in cols:
        values = frame[c].astype(object)
        if values.map(lambda v: isinstance(v, str) and v.startswith("shared: ") and v.count(", ") >= SHORT_LABEL).any():
            out[c] = values.map(_shorten)
    return frame.assign(**out) if out else frame


def _shorten(value: object) -> object:
    if not (isinstance(value, str) and value.startswith("shared: ")):
        return value
    names = value.removeprefix("shared: ").split(", ")
    if len(names) <= SHORT_LABEL + 1:
        return value
    return "shared: " + ", ".join(names[:SHORT_LABEL]) + f", +{len(names) - SHORT_LABEL}"


def as_lists(result: Result) -> Result:
    """For JSON: a record_ids cell (space-separated in CSV) as an array of ids."""
    out = []
    for s in result.sections:
        if "record_ids" in s.frame.columns:
            ids = [str(v).split() if isinstance(v, str) else [] for v in s.frame["record_ids"]]
            # a column of lists: pandas-stubs has no such type
            s = replace(s, frame=s.frame.assign(record_ids=ids))  # type: ignore[arg-type]
        out.append(s)
    return replace(result, sections=out)


# The hashtags of the columns the counting rules read, for a schema that gives them none: an HXL
# client that sums #item+num where #indicator+counted is true gets aidcli's totals (without them it
# summed every row, several times aidcli's delivered masks). The schema's own tag wins.
COUNTING_HXL = {
    "flow": "#meta+flow",
    "kind": "#meta+kind",
    "allocation": "#meta+allocation",
    "in_totals": "#indicator+in_totals",
    "counted": "#indicator+counted",
    "channel": "#meta+channel",
    "approx": "#meta+approx",
    "overlaps": "#meta+overlaps",
}


def hxl_tags(columns: list[str]) -> list[str]:
    """The HXL hashtags of the columns, from datapackage.json (COUNTING_HXL where it has none)."""
    from aidcli.model.schema import donations_schema

    tags = {f.name: f.hxl for f in donations_schema().fields if f.hxl}
    return [tags.get(c) or COUNTING_HXL.get(c, "") for c in columns]
