"""Bar charts of a sum's Result: one chart per unit, each bar labelled with what it counts (a
shared amount keeps its 'shared: ...' label) and its figure with the article's words ('over');
a sum that may count the same aid twice is a range, its uncertain part drawn apart. The caption
goes on stderr."""

from __future__ import annotations

from typing import Any

from aidcli.model.columns import SUM_FIGURES
from aidcli.output import screen

# a sum's columns that are not part of what a bar is of (the figures of a sum, and --explain's)
NUMBERS = {*SUM_FIGURES, "record_ids", "key"}


def _bar(label: str, high: float, low: Any = None, words: Any = None) -> screen.Bar:
    """A bar of a sum: low is the part surely given (a frame without it, or a missing one: all of it)."""
    low = float(low) if low is not None and low == low else high
    return screen.Bar(label, high, min(low, high), words if isinstance(words, str) else "")


def _draw(title: str, bars: list[tuple[str, screen.Bar]]) -> None:
    """Bars as (unit, bar), one chart per unit."""
    for unit in sorted({u for u, _ in bars}):
        part = [bar for u, bar in bars if u == unit and bar.high == bar.high and bar.high]
        if part:
            screen.write_chart(title, part, unit or "no unit")


def totals(result, invocation) -> None:
    """A totals table as bars: from its low (`quantity_low`, where a sum's records may report the
    same aid twice) to its quantity."""
    section = result.main
    frame = section.frame
    keys = [c for c in frame.columns if c not in NUMBERS and c != "unit"]
    bars = [
        (
            str(row["unit"] if isinstance(row["unit"], str) else ""),
            _bar(
                " · ".join(str(row[k]) for k in keys if isinstance(row[k], str) and row[k]),
                float(row["quantity"]),
                row.get("quantity_low"),
                row.get("approx"),
            ),
        )
        for _, row in frame[frame["quantity"].notna()].iterrows()
    ]
    _draw("Totals", bars)
    invocation.note(section.caption)


def compare(result, invocation) -> None:
    """A comparison as bars: one per name and amount, a shared amount once with who shares it;
    a name's column N drawn from N_low where the frame has one."""
    section = result.main
    frame = section.frame[section.frame["unit"] != "count"]
    fixed = {"item", "unit", "status", "kind", "flow", "shared_by", "record_ids", "key", "may_overlap"}
    apart = {f"{c}{tail}" for c in frame.columns for tail in ("_low", "_approx", "_approx_low")}
    names = [c for c in frame.columns if c not in fixed | apart]
    bars = []
    for _, row in frame.iterrows():
        head = " · ".join(str(row[k]) for k in ("item", "status", "kind", "flow") if row.get(k))
        for name in names:
            if row[name] == row[name] and row[name]:
                who = row["shared_by"] if name == "shared" else name
                bars.append(
                    (
                        str(row["unit"] or ""),
                        _bar(f"{head} · {who}", float(row[name]), row.get(f"{name}_low"), row.get(f"{name}_approx")),
                    )
                )
    _draw("Compare", bars)
    invocation.note(section.caption)
