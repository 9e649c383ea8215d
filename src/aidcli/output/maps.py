"""A world map of a map Result (query/maps.py) as SVG text, an HTML page (the SVG and its tables)
or PNG (through the `png` extra). Outlines are precomputed SVG paths (world.csv, written by
scripts/world_shapes.py from Natural Earth, public domain), read with the csv module: drawing
needs nothing heavy. Each country is filled from its own figure (its low figure where it is a
range), a member of a shared amount is hatched over, never filled from it; organisations and
groups are listed beside the map. Every text from the data is escaped: a name is never markup."""

from __future__ import annotations

import csv
import functools
import html
import itertools
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from aidcli.model.errors import UsageError
from aidcli.model.result import Result
from aidcli.model.text import xml_text

NEUTRAL = "#e4e4e4"
PALETTE = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]  # ColorBrewer Blues, lightest dropped
HATCH = "#c2410c"
WIDTH, MAP_W, MAP_TOP, PANEL_X = 1400, 1000, 48, 1015
LINE = 16
SHOWN = 30  # countries listed by name beside the map; the HTML table lists every one


@dataclass(frozen=True)
class Shape:
    """A country of the map: its outline (an SVG path) or, for a small state, a dot."""

    iso3: str
    name: str
    d: str = ""
    x: float = math.nan
    y: float = math.nan


@functools.cache
def world() -> dict[str, Shape]:
    """The map's countries by ISO code, from world.csv."""
    with (Path(__file__).parent / "world.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["iso3"]: Shape(r["iso3"], r["name"], r["d"], float(r["x"] or "nan"), float(r["y"] or "nan")) for r in rows
    }


def esc(value: object) -> str:
    """Text from the data as XML text or an attribute value: never markup, no character XML forbids."""
    return html.escape(xml_text(str(value)), quote=True)


def _nice(value: float) -> float:
    """A class break a reader can read: the value to one significant figure (1, 2, ... 9 × 10^k)."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    return round(value / power) * power


def breaks(values: list[float]) -> list[float]:
    """The lower bounds of the classes after the first: quintiles of the figures, rounded to one
    significant figure, each inside the figures' range; at most four (five classes)."""
    if not values:
        return []
    s = pd.Series(sorted(values))
    lo, hi = s.min(), s.max()
    out = sorted({_nice(float(s.quantile(q))) for q in (0.2, 0.4, 0.6, 0.8)})
    return [b for b in out if lo < b <= hi]


def klass(value: float, bounds: list[float]) -> int:
    """The class of a figure: 1 under the first bound, up to len(bounds) + 1."""
    return 1 + sum(value >= b for b in bounds)


def colour(k: int, n: int) -> str:
    """Class k of n, spread over the palette so the darkest is always the largest class."""
    if n == 1:
        return PALETTE[2]
    return PALETTE[round((k - 1) * (len(PALETTE) - 1) / (n - 1))]


def figure(v: object) -> str:
    return f"{float(v):,.0f}" if isinstance(v, (int, float)) and v == v else ""


def amount(row: pd.Series) -> str:
    """A figure as a reader quotes it: 'over 1,030,000'; a range 'nearly 500,000 to 1,000,000 (range)'."""
    high = _words(row.get("approx")) + figure(row["quantity"])
    low = row.get("quantity_low")
    if isinstance(low, (int, float)) and low == low and low < row["quantity"]:
        return f"{_words(row.get('approx_low'))}{figure(low)} to {high} (a range)"
    return high


def _words(said: object) -> str:
    """The article's qualifier before a figure ('over '), or nothing."""
    return f"{said} " if isinstance(said, str) and said else ""


def labels(bounds: list[float], lowest: float, highest: float) -> list[str]:
    """The classes' labels: 'under 500,000', '500,000 to under 1,000,000', '1,000,000 or more';
    one class, the figures' span ('16', '100,000 to 300,000')."""
    if not bounds:
        return [figure(lowest) if lowest == highest else f"{figure(lowest)} to {figure(highest)}"]
    edges = [figure(b) for b in bounds]
    middle = [f"{a} to under {b}" for a, b in itertools.pairwise(edges)]
    return [f"under {edges[0]}", *middle, f"{edges[-1]} or more"]


def _low(row: pd.Series) -> float:
    low = row.get("quantity_low")
    return float(low) if isinstance(low, (int, float)) and low == low else float(row["quantity"])


class Drawing:
    """The parts of one map, worked out once for its SVG and its HTML."""

    def __init__(self, result: Result) -> None:
        sections = {s.key: s for s in result.sections}
        self.title = result.main.title
        self.caption = result.main.caption
        self.countries = sections["countries"].frame
        self.shared = sections["shared"].frame if "shared" in sections else pd.DataFrame()
        self.others = sections["others"].frame if "others" in sections else pd.DataFrame()
        self.others_title = sections["others"].title if "others" in sections else ""
        self.unit = next((str(f["unit"].iloc[0]) for f in (self.countries, self.shared, self.others) if len(f)), "")
        own = self.countries[self.countries["quantity"].notna()] if len(self.countries) else self.countries
        self.own = own
        self.bounds = breaks([_low(r) for _, r in own.iterrows()])
        self.n = len(self.bounds) + 1
        self.ranged = any(_low(r) < float(r["quantity"]) for _, r in own.iterrows())
        shapes = world()
        self.off_map = [r for _, r in self.countries.iterrows() if str(r["iso3"]) not in shapes]

    def fill(self, row: pd.Series) -> tuple[str, str]:
        """The class and the fill of a country's own figure ('none' and neutral without one)."""
        if not (isinstance(row.get("quantity"), (int, float)) and row["quantity"] == row["quantity"]):
            return "none", NEUTRAL
        k = klass(_low(row), self.bounds)
        return f"k{k}", colour(k, self.n)

    def svg(self) -> str:
        """The map as a standalone SVG document."""
        shapes = world()
        data = {str(r["iso3"]): r for _, r in self.countries.iterrows()}
        body, hatched = [], []
        for code, shape in shapes.items():
            row = data.get(code)
            k, fill = self.fill(row) if row is not None else ("none", NEUTRAL)
            member = row is not None and isinstance(row.get("shared_in"), str) and bool(row["shared_in"])
            name = str(row["country"]) if row is not None else shape.name
            tip = esc(
                name + (f": {amount(row)} {self.unit}" if k != "none" and row is not None else ": no amount of its own")
            )
            if member and row is not None:
                tip += esc(f"; member of shared {row['shared_in']} (not in its colour)")
            cls = f"country {k}" + (" member" if member else "") + ("" if shape.d else " dot")
            attrs = f'id="c-{code}" class="{cls}" fill="{fill}"'
            if row is not None and k != "none":
                attrs += f' data-low="{_low(row):.0f}" data-high="{float(row["quantity"]):.0f}"'
            if shape.d:
                body.append(f'<path {attrs} d="{shape.d}"><title>{tip}</title></path>')
                if member:
                    hatched.append(f'<path class="hatch" data-iso3="{code}" fill="url(#hatch)" d="{shape.d}"/>')
            else:
                r = 3.5 if row is not None else 2
                body.append(f'<circle {attrs} cx="{shape.x}" cy="{shape.y}" r="{r}"><title>{tip}</title></circle>')
                if member:
                    hatched.append(
                        f'<circle class="hatch" data-iso3="{code}" cx="{shape.x}" cy="{shape.y}" r="{r + 2}"'
                        f' fill="none" stroke="{HATCH}" stroke-width="1.2"/>'
                    )
        panel, bottom = self._panel()
        caption = textwrap.wrap(self.caption, 240)
        top = max(MAP_TOP + 456, bottom) + 10
        height = top + LINE * len(caption) + 10
        text = "".join(
            f'<text x="10" y="{top + LINE * (i + 1)}" class="caption">{esc(line)}</text>'
            for i, line in enumerate(caption)
        )
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"'
            ' font-family="Helvetica, Arial, sans-serif" role="img">'
            f"<title>{esc(self.title)}</title>"
            '<defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse"'
            ' patternTransform="rotate(45)">'
            f'<line x1="0" y1="0" x2="0" y2="5" stroke="{HATCH}" stroke-width="1.4"/></pattern></defs>'
            f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>'
            f'<text x="10" y="30" font-size="20" font-weight="bold" class="title">{esc(self.title)}</text>'
            f'<g transform="translate(0 {MAP_TOP})" stroke="#ffffff" stroke-width="0.4">'
            f'<g class="countries">{"".join(body)}</g><g class="hatches" stroke="none">{"".join(hatched)}</g></g>'
            f'<g class="panel" font-size="12">{panel}</g>'
            f'<g class="captions" font-size="11" fill="#444">{text}</g></svg>\n'
        )

    def _panel(self) -> tuple[str, int]:
        """The legend and the lists beside the map, and the y where they end."""
        out: list[str] = []
        y = MAP_TOP + 10

        def line(text: str, cls: str = "", indent: int = 0, bold: bool = False) -> None:
            nonlocal y
            y += LINE
            weight = ' font-weight="bold"' if bold else ""
            out.append(f'<text x="{PANEL_X + indent}" y="{y}"{weight} class="{cls}">{esc(text)}</text>')

        def swatch(fill: str, text: str, cls: str, extra: str = "") -> None:
            nonlocal y
            out.append(
                f'<rect x="{PANEL_X}" y="{y + 4}" width="16" height="11" fill="{fill}"'
                f' stroke="#999" stroke-width="0.5" {extra}/>'
            )
            line(text, cls, 22)

        line(f"Own amounts, in {self.unit}" if self.unit else "Own amounts", bold=True)
        if len(self.own):
            edges = [0.0, *self.bounds, math.inf]
            lows = [_low(r) for _, r in self.own.iterrows()]
            for k, label in enumerate(labels(self.bounds, min(lows), max(lows)), start=1):
                span = f'data-class="k{k}" data-from="{edges[k - 1]:.0f}" data-to="{edges[k]:.0f}"'
                swatch(colour(k, self.n), label, "legend-class", span)
        swatch(NEUTRAL, "no amount of its own", "legend-none")
        if len(self.shared):
            swatch("url(#hatch)", "member of a shared amount (not in its colour)", "legend-hatch")
        line("Small states are drawn as dots.")
        if self.ranged:
            line("A range (records that may report the same aid):")
            line("its colour follows the low figure.", indent=10)
        if len(self.shared):
            y += 6
            line("Shared amounts (each once, no member credited):", bold=True)
            for _, r in self.shared.iterrows():
                text = f"{r['record_ids']}: {amount(r)} {self.unit}, {r['shared_by']}"
                for i, part in enumerate(textwrap.wrap(text, 58)):
                    line(part, "legend-shared", 10 if i else 0)
        if len(self.others) or self.off_map:
            y += 6
            line(f"{self.others_title}:", bold=True)
            for _, r in self.others.iterrows():
                for i, part in enumerate(
                    textwrap.wrap(f"{r['name']}: {amount(r)} {self.unit} ({r['record_ids']})", 62)
                ):
                    line(part, "legend-other", 10 if i else 0)
            for r in self.off_map:
                for i, part in enumerate(textwrap.wrap(f"{r['country']} (not on the map): {amount(r)}", 62)):
                    line(part, "legend-other", 10 if i else 0)
        if len(self.own):
            y += 6
            line("Countries, by their own amounts:", bold=True)
            ranked = self.own.assign(_low=[_low(r) for _, r in self.own.iterrows()]).sort_values(
                "_low", ascending=False
            )
            for _, r in ranked.head(SHOWN).iterrows():
                line(f"{r['country']}: {amount(r)}", "legend-country", 10)
            if len(ranked) > SHOWN:
                line(f"and {len(ranked) - SHOWN} more (the HTML page lists them all)", indent=10)
        return "".join(out), y

    def html(self) -> str:
        """A page: the SVG, then a table of each country, the shared amounts and the others."""

        def table(frame: pd.DataFrame, heads: list[str], cells) -> str:
            if frame.empty:
                return ""
            rows = "".join(
                "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells(r)) + "</tr>" for _, r in frame.iterrows()
            )
            return (
                "<table><thead><tr>"
                + "".join(f"<th>{esc(h)}</th>" for h in heads)
                + f"</tr></thead><tbody>{rows}</tbody></table>"
            )

        def ids(v: object) -> str:
            return v if isinstance(v, str) else ""

        countries = table(
            self.countries,
            ["country", "ISO", f"own amount ({self.unit})", "records", "member of shared amounts (not in its amount)"],
            lambda r: [
                r["country"],
                r["iso3"],
                amount(r) if r["quantity"] == r["quantity"] else "",
                ids(r["record_ids"]),
                ids(r["shared_in"]),
            ],
        )
        shared = table(
            self.shared,
            ["records", f"amount ({self.unit})", "shared by", "members on the map"],
            lambda r: [r["record_ids"], amount(r), r["shared_by"], r["members_iso3"]],
        )
        others = table(
            self.others, ["name", f"amount ({self.unit})", "records"], lambda r: [r["name"], amount(r), r["record_ids"]]
        )
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<title>{esc(self.title)}</title><style>body{{font-family:Helvetica,Arial,sans-serif;margin:1em}}"
            "svg{max-width:100%;height:auto}table{border-collapse:collapse;margin:1em 0}"
            "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}</style></head><body>"
            f"{self.svg()}<h2>Countries</h2>{countries}"
            + (f"<h2>Shared amounts</h2>{shared}" if shared else "")
            + (f"<h2>{esc(self.others_title)}</h2>{others}" if others else "")
            + f"<p>{esc(self.caption)}</p></body></html>\n"
        )


PNG_MISSING = "a PNG map needs the png extra: pip install 'aidcli[png]' (or write .svg or .html)"


def png_ready() -> None:
    """Refuse a PNG, in one line naming the extra, where cairosvg is not installed (checked before
    any data is read, without importing it)."""
    import importlib.util

    if importlib.util.find_spec("cairosvg") is None:
        raise UsageError(PNG_MISSING)


def png(svg: str) -> bytes:
    """The SVG as PNG at twice its size, through cairosvg (the `png` extra)."""
    png_ready()
    try:
        import cairosvg
    except OSError as exc:  # cairosvg installed, the cairo library it loads missing
        raise UsageError(f"a PNG map needs the cairo library ({exc}); write .svg or .html instead") from None
    data: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=2 * WIDTH)
    return data
