"""Write src/aidcli/output/world.csv, the world map `aidcli map` draws: one row per country, its
outline as a precomputed SVG path (projected and simplified here), or a dot for a state too small
to see at world scale. Run it once; the map needs nothing at run time but the csv module.

    pip download geopandas==0.14.4 --no-deps -d /tmp/ne
    uv run --with pyshp --with shapely python scripts/world_shapes.py /tmp/ne/geopandas-0.14.4-py3-none-any.whl

Source: Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain,
https://www.naturalearthdata.com/about/terms-of-use/), as geopandas 0.14.4 ships it
(geopandas/datasets/naturalearth_lowres: name, iso_a3 and the outline; its builder already
replaced the ISO_A3 of -99 by ADM0_A3 for France and Norway). The known traps, checked below:
France and Norway must carry FRA and NOR (Natural Earth's own ISO_A3 column gives -99); Kosovo
has no ISO code (-99 here; XKX, the code the EU and the IMF use, is given to it); South Sudan is
SSD, apart from Sudan; French Guiana is part of France's outline in Natural Earth, so aid to
France would colour a piece of South America: it is cut out as a shape of its own (GUF), left
neutral unless a record names it. Antarctica is left out (no one sent aid there) and so is the sea south of 58°S.

Projection: Robinson (the National Geographic's world map 1988-98), from its published table,
linearly interpolated, to a 1000-unit-wide frame. Outlines are simplified to 0.4 units (a screen
pixel at the frame's width) and rounded to 0.1. Dots: the approximate positions of the capitals
of small island states and micro-states that the 1:110m outlines leave out.
"""

from __future__ import annotations

import csv
import io
import math
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "aidcli" / "output" / "world.csv"
SHAPES = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
WIDTH = 1000.0
SOUTH = -58.0  # the frame's bottom edge (latitude)
TOLERANCE = 0.4

# Robinson's table: every 5 degrees of latitude, the parallel's length (X) and distance from the equator (Y)
ROBINSON_X = [1.0000, 0.9986, 0.9954, 0.9900, 0.9822, 0.9730, 0.9600, 0.9427, 0.9216, 0.8962]
ROBINSON_X += [0.8679, 0.8350, 0.7986, 0.7597, 0.7186, 0.6732, 0.6213, 0.5722, 0.5322]
ROBINSON_Y = [0.0000, 0.0620, 0.1240, 0.1860, 0.2480, 0.3100, 0.3720, 0.4340, 0.4958, 0.5571]
ROBINSON_Y += [0.6176, 0.6769, 0.7346, 0.7903, 0.8435, 0.8936, 0.9394, 0.9761, 1.0000]
RADIUS = WIDTH / 2 / (0.8487 * math.pi)  # so that 180° east and west are the frame's edges

# Codes Natural Earth's lowres file lacks (-99), by its name.
CODES = {"Kosovo": "XKX"}

# Parts of an outline drawn apart: (code, name) west of a longitude.
APART = {"FRA": ("GUF", "French Guiana", -30.0)}

# Small states the 1:110m outlines leave out: (ISO 3166 alpha-3, name, longitude, latitude of the capital).
DOTS = [
    ("ATG", "Antigua and Barbuda", -61.85, 17.12),
    ("BHR", "Bahrain", 50.58, 26.23),
    ("BRB", "Barbados", -59.62, 13.1),
    ("COK", "Cook Islands", -159.78, -21.21),
    ("COM", "Comoros", 43.26, -11.7),
    ("CPV", "Cabo Verde", -23.51, 14.93),
    ("DMA", "Dominica", -61.39, 15.3),
    ("FSM", "Micronesia", 158.16, 6.92),
    ("GRD", "Grenada", -61.75, 12.06),
    ("KIR", "Kiribati", 173.0, 1.33),
    ("KNA", "Saint Kitts and Nevis", -62.72, 17.3),
    ("LCA", "Saint Lucia", -61.0, 14.01),
    ("MDV", "Maldives", 73.51, 4.18),
    ("MHL", "Marshall Islands", 171.38, 7.09),
    ("MLT", "Malta", 14.51, 35.9),
    ("MUS", "Mauritius", 57.5, -20.16),
    ("NIU", "Niue", -169.92, -19.06),
    ("NRU", "Nauru", 166.92, -0.55),
    ("PLW", "Palau", 134.48, 7.5),
    ("SGP", "Singapore", 103.82, 1.35),
    ("STP", "Sao Tome and Principe", 6.73, 0.34),
    ("SYC", "Seychelles", 55.45, -4.62),
    ("TON", "Tonga", -175.2, -21.14),
    ("TUV", "Tuvalu", 179.2, -8.52),
    ("VCT", "Saint Vincent and the Grenadines", -61.23, 13.16),
    ("WSM", "Samoa", -171.77, -13.83),
]


def robinson(lon: float, lat: float) -> tuple[float, float]:
    """A point in the frame: x from 0 (180°W) to WIDTH (180°E), y down from the north pole."""
    a = min(abs(lat), 90.0) / 5
    i = min(int(a), 17)
    f = a - i
    px = ROBINSON_X[i] + (ROBINSON_X[i + 1] - ROBINSON_X[i]) * f
    py = ROBINSON_Y[i] + (ROBINSON_Y[i + 1] - ROBINSON_Y[i]) * f
    x = 0.8487 * RADIUS * px * math.radians(lon)
    y = 1.3523 * RADIUS * py * (1 if lat >= 0 else -1)
    return WIDTH / 2 + x, 1.3523 * RADIUS - y


def _path(geometry) -> str:
    """An SVG path of a (multi)polygon in the frame: M, L and Z, absolute, one decimal."""
    parts = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        for ring in [polygon.exterior, *polygon.interiors]:
            points = [f"{x:.1f} {y:.1f}" for x, y in ring.coords[:-1]]
            if len(points) >= 3:
                parts.append("M" + "L".join(points) + "Z")
    return "".join(parts).replace(".0 ", " ").replace(".0L", "L").replace(".0Z", "Z")


def table(wheel: Path) -> str:
    """The CSV text: iso3, name, x, y (a dot) and d (an outline)."""
    import shapefile
    import shapely
    from shapely.geometry import box, shape

    with tempfile.TemporaryDirectory() as folder:
        with zipfile.ZipFile(wheel) as z:
            for ext in ("shp", "shx", "dbf"):
                z.extract(f"{SHAPES}.{ext}", folder)
            encoding = z.read(f"{SHAPES}.cpg").decode("ascii").strip()  # the names' code page
        reader = shapefile.Reader(str(Path(folder) / SHAPES), encoding=encoding)
        features = [(rec.as_dict(), shp.__geo_interface__) for rec, shp in zip(reader.records(), reader.shapes())]
    rows: dict[str, tuple[str, str, str, str, str]] = {}
    west: dict[str, float] = {}
    bottom = robinson(0, SOUTH)[1]
    frame = box(0, 0, WIDTH, bottom)
    for record, geo in features:
        name, code = record["name"], record["iso_a3"]
        code = CODES.get(name, code)
        if code == "ATA":
            continue
        if code == "-99":
            raise SystemExit(f"{name} has no ISO code; add it to CODES")
        outline = shapely.transform(shape(geo), lambda xy: [robinson(lon, lat) for lon, lat in xy])
        outline = shapely.make_valid(outline).intersection(frame).simplify(TOLERANCE, preserve_topology=True)
        if code in APART:
            part, part_name, lon = APART[code]
            edge = robinson(lon, 0)[0]
            pieces = list(getattr(outline, "geoms", [outline]))
            west[code] = outline.bounds[0]  # French Guiana was there, at 52°W: checked below
            outline = shapely.MultiPolygon([p for p in pieces if p.bounds[2] >= edge])
            rows[part] = (
                part,
                part_name,
                "",
                "",
                _path(shapely.MultiPolygon([p for p in pieces if p.bounds[2] < edge])),
            )
        rows[code] = (code, name, "", "", _path(outline))
    for code, name, lon, lat in DOTS:
        if code in rows:
            raise SystemExit(f"{code} has an outline; it needs no dot")
        x, y = robinson(lon, lat)
        rows[code] = (code, name, f"{x:.1f}", f"{y:.1f}", "")
    for code in ("FRA", "NOR", "SSD", "SDN", "XKX"):  # the known traps
        if code not in rows:
            raise SystemExit(f"no {code} in the outlines")
    if west["FRA"] > robinson(-52, 4)[0] or not rows["GUF"][4]:  # French Guiana, at 52°W, in France's outline
        raise SystemExit("France's outline has no French Guiana")
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["iso3", "name", "x", "y", "d"])
    out.writerows(sorted(rows.values()))
    return buf.getvalue()


if __name__ == "__main__":
    OUT.write_text(table(Path(sys.argv[1])), encoding="utf-8")
    sys.stderr.write(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)\n")
