"""Bar charts of a sum's Result: one chart per unit, each bar labelled with what it counts (a
shared amount keeps its 'shared: ...' label), the caption on stderr."""

from __future__ import annotations

from aidcli import screen

NUMBERS = {"quantity", "value_usd", "records", "record_ids", "key"}


def _draw(title: str, bars: list[tuple[str, str, float]]) -> None:
    """Bars as (unit, label, value), one chart per unit."""
    for unit in sorted({u for u, _, _ in bars}):
        part = [(label, value) for u, label, value in bars if u == unit and value == value and value]
        if part:
            screen.write_chart(title, [p[0] for p in part], [p[1] for p in part], unit or "no unit")


def totals(result, invocation) -> None:
    """A totals table as bars."""
    section = result.sections[0]
    frame = section.frame
    keys = [c for c in frame.columns if c not in NUMBERS and c != "unit"]
    bars = [(str(row["unit"] if isinstance(row["unit"], str) else ""),
             " · ".join(str(row[k]) for k in keys if isinstance(row[k], str) and row[k]), float(row["quantity"]))
            for _, row in frame[frame["quantity"].notna()].iterrows()]
    _draw("Totals", bars)
    invocation.note(section.caption)


def compare(result, invocation) -> None:
    """A comparison as bars: one per name and amount, a shared amount once with who shares it."""
    section = result.sections[0]
    frame = section.frame[section.frame["unit"] != "count"]
    fixed = {"item", "unit", "status", "kind", "flow", "shared_by", "record_ids", "key"}
    names = [c for c in frame.columns if c not in fixed]
    bars = []
    for _, row in frame.iterrows():
        head = " · ".join(str(row[k]) for k in ("item", "status", "kind", "flow") if k in row and row[k])
        for name in names:
            if row[name] == row[name] and row[name]:
                who = row["shared_by"] if name == "shared" else name
                bars.append((str(row["unit"] or ""), f"{head} · {who}", float(row[name])))
    _draw("Compare", bars)
    invocation.note(section.caption)
