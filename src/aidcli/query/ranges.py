"""How sure a sum is. Two records that *may* report the same aid (each names the other in
`overlaps`) both count, so a sum that adds them is a range: high, every record distinct (the
plain sum); low, in each group of such records linked inside the sum only the largest counts (at
least that much was surely given). A sum of hedged figures ('over', 'nearly') is hedged itself:
its qualifier says which way (QUALIFIERS). Used by counting.sums and counting.compare."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

# The article's qualifiers by the way they bend a figure: the true figure is above it (LOWER
# bound), below it (UPPER bound), or near it (any other word: about, some, around...).
LOWER = frozenset({"over", "more than", "at least", "upwards of", "in excess of"})
UPPER = frozenset({"up to", "nearly", "almost", "at most", "under", "less than", "fewer than"})


def combined(words: Iterable[object]) -> str | None:
    """The qualifier of a sum, from its figures' qualifiers: none when every figure is exact; the
    one word when only one is used ('over' + exact = 'over'); 'over' or 'up to' when all bend the
    same way; 'about' when they bend both ways or are words of nearness."""
    hedged = {w for w in words if isinstance(w, str) and w}
    if not hedged:
        return None
    if len(hedged) == 1:
        return next(iter(hedged))
    if hedged <= LOWER:
        return "over"
    if hedged <= UPPER:
        return "up to"
    return "about"


def combined_by(words: np.ndarray, ngroup: np.ndarray, n: int) -> list[str | None]:
    """combined() of each of `n` sums at once, from its figures' `words` (`ngroup` each figure's
    sum): on the distinct (sum, word) pairs, a sum of one word takes it, a sum that mixes words
    takes combined()'s rule from counts of its words that bend each way; no Python call per sum."""
    approx = np.full(n, None, dtype=object)
    hedged = pd.notna(words)
    if not hedged.any():
        return approx.tolist()
    hedged[hedged] = [isinstance(w, str) and w != "" for w in words[hedged]]  # the few hedged figures
    pairs = pd.DataFrame({"g": ngroup[hedged], "w": words[hedged]}).drop_duplicates()
    g = pairs["g"].to_numpy(np.int64)
    w = pairs["w"].to_numpy(object)
    approx[g] = w
    mixed = pd.Series(g).duplicated(keep=False).to_numpy(bool)
    if mixed.any():  # over if every word bends up, up to if every one bends down, else about
        sums, at = np.unique(g[mixed], return_inverse=True)
        codes, distinct = pd.factorize(w[mixed])  # a handful of words
        per_sum = np.bincount(at, minlength=len(sums))
        lower = np.bincount(at, weights=np.isin(distinct, list(LOWER))[codes], minlength=len(sums)) == per_sum
        upper = np.bincount(at, weights=np.isin(distinct, list(UPPER))[codes], minlength=len(sums)) == per_sum
        approx[sums] = np.where(lower, "over", np.where(upper, "up to", "about")).astype(object)
    return approx.tolist()


def links(rows: pd.DataFrame) -> dict[str, set[str]]:
    """The 'may report the same aid' links between records of `rows` (both ways; a link to a
    record outside `rows` is not one of this answer's)."""
    if "overlaps" not in rows.columns or rows.empty:
        return {}
    named = rows["overlaps"].notna().to_numpy(bool)
    if not named.any():
        return {}
    pairs = rows.loc[named, ["record_id", "overlaps"]].astype(object).drop_duplicates()
    wanted = {b for text in pairs["overlaps"] if isinstance(text, str) for b in text.split()}
    ids = rows["record_id"]
    present = {str(r) for r in ids[ids.isin(pd.Index(list(wanted))).to_numpy(bool)].unique()}
    out: dict[str, set[str]] = {}
    for a, text in zip(pairs["record_id"].astype(str), pairs["overlaps"]):
        for b in str(text).split():
            if b in present and b != a:
                out.setdefault(a, set()).add(b)
                out.setdefault(b, set()).add(a)
    return out


@dataclass
class Sure:
    """Per sum (in the groups' order): the low figures, the qualifier of each figure, the ids
    that may overlap and the words that say so."""

    approx: list[str | None]
    quantity_low: np.ndarray
    value_low: np.ndarray
    approx_low: list[str | None]
    may_overlap: list[str]
    said: list[str]


def _components(members: list[str], link: dict[str, set[str]]) -> list[list[str]]:
    """The groups of `members` linked to each other inside them (two or more), in member order."""
    inside = set(members)
    seen: set[str] = set()
    out = []
    for m in members:
        if m in seen or not (link.get(m, set()) & inside):
            continue
        stack, part = [m], []
        seen.add(m)
        while stack:
            x = stack.pop()
            part.append(x)
            for y in sorted(link.get(x, set()) & inside):
                if y not in seen:
                    seen.add(y)
                    stack.append(y)
        out.append(sorted(part))
    return out


def _said(part: list[str], size: dict[Hashable, float]) -> str:  # size: by record id, as pandas' to_dict gives it
    """'R0039 may be part of R0057'; 'R0006 and R0092 may report the same aid'."""
    if len(part) == 2:
        a, b = sorted(part, key=lambda r: (size.get(r, np.nan), r))
        sa, sb = size.get(a, np.nan), size.get(b, np.nan)
        if sa == sa and sb == sb and sa < sb:
            return f"{a} may be part of {b}"
        return f"{a} and {b} may report the same aid"
    return f"{', '.join(part[:-1])} and {part[-1]} may report the same aid"


def _rows_by_sum(ngroup: np.ndarray, sums: np.ndarray) -> list[np.ndarray]:
    """The rows of each of `sums` (ascending), each in file order: one sort, not a scan of every
    row for each sum."""
    rows = np.flatnonzero(np.isin(ngroup, sums))
    rows = rows[np.argsort(ngroup[rows], kind="stable")]
    return np.split(rows, np.flatnonzero(np.diff(ngroup[rows])) + 1) if len(rows) else []


def sure_of(
    take: pd.DataFrame, ngroup: np.ndarray, n: int, link: dict[str, set[str]], high_q: np.ndarray, high_v: np.ndarray
) -> Sure:
    """The ranges and qualifiers of `n` sums: `take` the rows summed, `ngroup` each row's sum,
    `link` the answer's may-overlap links, `high_*` the plain sums."""
    words = take["approx"].astype(object).to_numpy()
    approx = combined_by(words, ngroup, n)
    out = Sure(approx, high_q.astype(float).copy(), high_v.astype(float).copy(), list(approx), [""] * n, [""] * n)
    if not link:
        return out
    rid = take["record_id"].astype(str).to_numpy(object)
    linked = np.fromiter((r in link for r in rid), bool, len(rid))
    quantity = take["quantity"].to_numpy(float)
    value = take["value_usd"].to_numpy(float) if "value_usd" in take else np.full(len(take), np.nan)
    for rows in _rows_by_sum(ngroup, np.unique(ngroup[linked])):
        i = int(ngroup[rows[0]])
        members = list(dict.fromkeys(rid[rows]))
        q = pd.Series(quantity[rows]).groupby(rid[rows], sort=False).sum(min_count=1).to_dict()
        v = pd.Series(value[rows]).groupby(rid[rows], sort=False).sum(min_count=1).to_dict()
        dropped: set[str] = set()
        said = []
        for part in _components(members, link):
            size = q if any(q[r] == q[r] for r in part) else v
            keep = max(part, key=lambda r: (size[r] if size[r] == size[r] else -np.inf, r))
            dropped |= set(part) - {keep}
            with np.errstate(over="ignore", invalid="ignore"):  # a sum past float's range: said where results are made
                out.quantity_low[i] -= np.nansum([q[r] for r in part if r != keep])
                out.value_low[i] -= np.nansum([v[r] for r in part if r != keep])
            said.append(_said(part, size))
        inside = set(members)
        outside = sorted({(a, b) for a in members for b in link.get(a, set()) - inside})
        for a in dict.fromkeys(a for a, _ in outside):
            same = ", ".join(b for x, b in outside if x == a)
            said.append(f"{a} may report the same aid as {same} (not in this sum)")
        involved = {r for r in members if link.get(r, set()) & inside} | {x for pair in outside for x in pair}
        out.approx_low[i] = combined(w for r, w in zip(rid[rows], words[rows]) if r not in dropped)
        out.may_overlap[i] = " ".join(sorted(involved))
        out.said[i] = "; ".join(said)
    return out


def said(table: pd.DataFrame) -> str:
    """How many sums are ranges, and how many hold records that may report aid of another row,
    pointing to the columns that name them (a screen shows basis, which says it, not may_overlap)."""
    ranged = np.zeros(len(table), bool)
    for c in table.columns:  # quantity, value_usd, or a comparison's name column, with its low figure
        if f"{c}_low" in table and not c.endswith("approx"):
            ranged |= pd.to_numeric(table[f"{c}_low"], errors="coerce").to_numpy(float) < pd.to_numeric(
                table[c], errors="coerce"
            ).to_numpy(float)
    linked = table["may_overlap"].astype(str).ne("").to_numpy(bool) if "may_overlap" in table else ranged
    text = ""
    if ranged.any():
        n = int(ranged.sum())
        text += (
            f" {n} sum{'s are ranges' if n != 1 else ' is a range'} (low to high): "
            f"{'they add' if n != 1 else 'it adds'} records that may report the same aid; the low figure "
            "counts only the largest of each such group."
        )
    others = int((linked & ~ranged).sum())
    if others:
        text += (
            f" {others} sum{'s hold' if others != 1 else ' holds'} a record that may report the same aid as a"
            f" record outside it ({'basis and may_overlap name' if 'basis' in table else 'may_overlap names'} them)."
        )
    return text


def compare_cells(
    wide: pd.DataFrame, take: pd.DataFrame, g, cells: pd.Series, names: list[str], link: dict[str, set[str]]
) -> pd.DataFrame:
    """Each cell of a comparison with its qualifier and, where it adds records that may report
    the same aid, its low figure: columns NAME_approx (where a cell is hedged), NAME_low and
    NAME_approx_low (where a cell is a range), and may_overlap (the ids, per row)."""
    sure = sure_of(take, g.ngroup().to_numpy(), len(cells), link, cells.to_numpy(float), np.full(len(cells), np.nan))
    per = pd.DataFrame(
        {
            "approx": sure.approx,
            "low": sure.quantity_low,
            "approx_low": sure.approx_low,
            "may_overlap": sure.may_overlap,
        },
        index=cells.index,
    )
    out = {}
    for name in names:
        if name not in per.index.get_level_values("column"):
            continue
        mine = per.xs(name, level="column").reindex(wide.index)
        high = wide[name].to_numpy(float)
        ranged = mine["low"].to_numpy(float) < high
        if mine["approx"].notna().any():
            out[f"{name}_approx"] = mine["approx"].astype(object)
        if ranged.any():
            out[f"{name}_low"] = mine["low"].where(mine["low"].notna(), None)
            out[f"{name}_approx_low"] = mine["approx_low"].astype(object)
    ids = (
        per["may_overlap"]
        .groupby(level=list(range(per.index.nlevels - 1)), sort=False)
        .agg(lambda v: " ".join(sorted({i for text in v for i in str(text).split()})))
    )
    out["may_overlap"] = ids.reindex(wide.index).fillna("")
    return wide.assign(**out)
