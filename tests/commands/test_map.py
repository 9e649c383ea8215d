"""aidcli map, through the installed command: a valid SVG whose every country is filled from its
own amounts only (read back from its ids, classes and figures), members of a shared amount
hatched and never filled from it, a legend whose figures are those of `aidcli totals`, countries
without data neutral, a filter without rows one line, and the file a map goes to."""

from __future__ import annotations

import csv
import functools
import io
import os
import pty
import subprocess
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest
from conftest import AIDCLI, donations, one_line_error, run_installed, write_rows

SVG = "{http://www.w3.org/2000/svg}"
NEUTRAL = "#e4e4e4"
# (filters, the measure the map draws): item group, unit, status; each drawn from the packaged data
MAPS = [
    (["--item", "masks"], ("masks", "pieces", "delivered")),
    (["--item", "masks", "--status", "pledged"], ("masks", "pieces", "pledged")),
    (["--item", "tests"], ("tests", "pieces", "delivered")),
    (["--region", "Europe", "--item", "protective-clothing"], ("protective-clothing", "pieces", "delivered")),
]


@functools.cache
def _drawn(*args: str) -> tuple[int, str, str]:
    """One run of `aidcli map` for these filters, shared by the tests that read the same map."""
    r = run_installed("map", *args)
    return r.returncode, r.stdout, r.stderr


def draw(*args: str) -> tuple[ET.Element, str]:
    """The map's SVG from a pipe, parsed (a parse error fails the test: it must be valid XML)."""
    code, out, err = _drawn(*args)
    assert code == 0, err
    return ET.fromstring(out), err


def countries(root: ET.Element) -> dict[str, ET.Element]:
    """Each country's shape or dot, by the ISO code of its id."""
    return {e.get("id", "")[2:]: e for e in root.iter() if e.get("id", "").startswith("c-")}


def hatched(root: ET.Element) -> set[str]:
    return {e.get("data-iso3", "") for e in root.iter() if e.get("class") == "hatch"}


def texts(root: ET.Element, cls: str) -> list[str]:
    return [e.text or "" for e in root.iter(f"{SVG}text") if e.get("class") == cls]


def in_scope(row: dict[str, str], measure: tuple[str, str, str]) -> bool:
    """A counted row of the measure under the default scope (donations from China), as a reader of the CSV picks it."""
    group, unit, status = measure
    return (
        row["counted"] == "true"
        and row["quantity"] != ""
        and (row["item_group"], row["unit"], row["status"]) == (group, unit, status)
        and row["kind"] == "donation"
        and row["flow"] == "from-china"
    )


def own_sums(measure: tuple[str, str, str], region: str | None = None) -> dict[str, float]:
    """Each country's own amounts of the measure (single and each, never shared), from data/donations.csv."""
    out: dict[str, float] = defaultdict(float)
    for row in donations():
        mine = in_scope(row, measure) and row["allocation"] != "shared" and row["recipient_iso3"]
        if mine and (region is None or row["region"] == region):
            out[row["recipient_iso3"]] += float(row["quantity"])
    return dict(out)


def shared_members(measure: tuple[str, str, str], region: str | None = None) -> set[str]:
    """The countries of every shared amount of the measure: its one row's member lists
    (shared_by_iso3, shared_by_region), as data/donations.csv keeps a shared amount."""
    out: set[str] = set()
    for r in donations():
        if in_scope(r, measure) and r["allocation"] == "shared":
            codes, regions = r["shared_by_iso3"].split("; "), r["shared_by_region"].split("; ")
            out |= {c for c, g in zip(codes, regions, strict=True) if c and (region is None or g == region)}
    return out


@pytest.mark.parametrize("args,measure", MAPS, ids=[" ".join(a) for a, _ in MAPS])
def test_every_country_is_filled_from_its_own_amounts(args, measure):
    root, _ = draw(*args)
    region = args[1] if args[0] == "--region" else None
    own = own_sums(measure, region)
    shapes = countries(root)
    legend = {e.get("data-class"): e for e in root.iter(f"{SVG}rect") if e.get("data-class")}
    coloured = {code for code, e in shapes.items() if e.get("data-high")}
    assert coloured == set(own), "a country is coloured exactly where it has amounts of its own"
    for code, total in own.items():
        shape = shapes[code]
        assert float(shape.get("data-high")) == total, code
        low = float(shape.get("data-low"))
        klass = next(c for c in shape.get("class").split() if c.startswith("k"))
        swatch = legend[klass]
        assert float(swatch.get("data-from")) <= low < float(swatch.get("data-to")), (code, low, klass)
        assert shape.get("fill") == swatch.get("fill"), code


@pytest.mark.parametrize("args,measure", MAPS, ids=[" ".join(a) for a, _ in MAPS])
def test_a_member_of_a_shared_amount_is_hatched_never_filled_from_it(args, measure):
    root, _ = draw(*args)
    region = args[1] if args[0] == "--region" else None
    members = shared_members(measure, region)
    own = own_sums(measure, region)
    shapes = countries(root)
    assert hatched(root) == members
    for code in members:
        assert "member" in shapes[code].get("class").split()
        if code not in own:  # only a shared amount: no colour from it
            assert "none" in shapes[code].get("class").split() and shapes[code].get("fill") == NEUTRAL, code


def test_laos_is_not_painted_with_the_masks_fifteen_countries_share():
    root, _ = draw("--item", "masks")
    laos = countries(root)["LAO"]
    assert laos.get("fill") == NEUTRAL and laos.get("data-high") is None
    assert "LAO" in hatched(root)
    assert any("R0057" in t and "3,800,000" in t for t in texts(root, "legend-shared"))


def test_a_country_without_data_is_neutral():
    root, _ = draw("--item", "masks")
    shapes = countries(root)
    without = set(shapes) - set(own_sums(("masks", "pieces", "delivered"))) - hatched(root)
    assert {"BRA", "AUS", "RUS", "CPV"} <= without
    for code in without:
        assert shapes[code].get("fill") == NEUTRAL and "none" in shapes[code].get("class").split(), code


def test_the_legend_figures_are_the_totals_of_the_same_filters():
    """Each country's figure is the sum of its rows of `aidcli totals --by recipient` (the map adds
    an item group's items: masks, medical masks, N95 masks); each shared amount and each
    organisation is listed once with its figure and record id, as totals gives them."""
    args = ["--item", "masks", "--status", "delivered"]
    root, _ = draw(*args)
    r = run_installed("-q", "totals", *args, "--by", "recipient", "--explain", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    shapes = {e.get("id")[2:]: e for e in root.iter() if e.get("data-high")}
    names = {r["recipient"]: r["recipient_iso3"] for r in donations() if r["recipient_iso3"]}
    by_country: dict[str, float] = defaultdict(float)
    shared, others = texts(root, "legend-shared"), texts(root, "legend-other")
    for row in rows:
        figure = f"{float(row['quantity']):,.0f}"
        if row["recipient"].startswith("shared: "):
            first = next(t for t in shared if t.startswith(row["record_ids"] + ":"))
            assert figure in first
        elif row["recipient"] in names:
            by_country[names[row["recipient"]]] += float(row["quantity"])
        else:
            assert any(t.startswith(f"{row['recipient']}: ") and figure in t for t in others), row["recipient"]
    assert {c: float(e.get("data-high")) for c, e in shapes.items()} == dict(by_country)


def test_organisations_are_listed_beside_the_map_never_coloured():
    root, _ = draw("--item", "masks")
    assert any(t.startswith("European Union: 2,000,000") for t in texts(root, "legend-other"))
    assert not any("European Union" in (e.findtext(f"{SVG}title") or "") for e in countries(root).values())


def test_small_recipients_are_dots():
    root, _ = draw("--item", "masks", "--status", "pledged")
    shapes = countries(root)
    for code in ("CPV", "COM", "MUS", "STP", "SYC"):
        assert shapes[code].tag == f"{SVG}circle" and shapes[code].get("data-high"), code


def test_the_default_says_what_it_drew_and_the_caption_what_it_did_not():
    root, err = draw("--item", "masks")
    assert "drawn masks (pieces, delivered)" in err and "masks (pieces, pledged)" in err
    caption = " ".join(e.text or "" for e in root.iter(f"{SVG}text") if e.get("class") == "caption")
    assert "Not drawn (one measure a map): masks (pieces, pledged)." in caption


def test_title_states_the_filters():
    root, _ = draw("--item", "masks", "--region", "Europe")
    title = root.findtext(f"{SVG}title")
    assert title.startswith("Masks (pieces, delivered) received") and "item masks" in title and "region Europe" in title


def test_donors_are_placed_where_they_are_based():
    root, _ = draw("--donors", "--item", "masks")
    total = sum(float(r["quantity"]) for r in donations() if in_scope(r, ("masks", "pieces", "delivered")))
    assert float(countries(root)["CHN"].get("data-high")) == total
    assert not hatched(root)


def test_a_filter_without_rows_says_so_in_one_line():
    r = run_installed("map", "--item", "masks", "--status", "rejected")
    assert r.returncode == 0 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "no amounts to map" in r.stderr


def test_html_holds_the_svg_and_a_table(tmp_path):
    out = tmp_path / "masks.html"
    r = run_installed("map", "--item", "masks", "-o", str(out))
    assert r.returncode == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<table>" in page
    assert "<td>Japan</td><td>JPN</td><td>1,800,000</td>" in page


def test_png_where_asked(tmp_path):
    try:
        import cairosvg  # noqa: F401  (the png extra; it loads the cairo library on import)
    except (ImportError, OSError) as exc:
        pytest.skip(f"the png extra cannot draw here: {exc}")
    out = tmp_path / "masks.png"
    r = run_installed("map", "--item", "masks", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_png_without_its_extra_is_one_line_naming_it(cli, tmp_path, monkeypatch):
    import importlib.util

    find = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "cairosvg" else find(name, *a))
    one_line_error(cli("map", "-o", str(tmp_path / "m.png")), 2, "png extra", "aidcli[png]")
    assert not (tmp_path / "m.png").exists()


def test_output_is_refused_before_the_data_is_read(cli, tmp_path):
    one_line_error(cli("map", "-o", str(tmp_path / "m.txt")), 2, ".svg, .html or .png")
    (tmp_path / "m.svg").write_text("mine")
    one_line_error(cli("map", "-o", str(tmp_path / "m.svg")), 2, "--force")
    assert (tmp_path / "m.svg").read_text() == "mine"
    r = cli("-q", "map", "--item", "masks", "-o", str(tmp_path / "m.svg"), "--force")
    assert r.code == 0 and (tmp_path / "m.svg").read_text().startswith("<svg")


def test_on_a_terminal_it_writes_a_file_and_prints_its_path(tmp_path):
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "AIDCLI_DATA"}
    try:
        done = subprocess.run(
            [AIDCLI, "-q", "map", "--item", "masks"],
            stdout=slave,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env=env,
            timeout=120,
        )
        os.close(slave)
        printed = os.read(master, 4096).decode().strip()
    finally:
        os.close(master)
    assert done.returncode == 0, done.stderr
    assert printed == "aidcli-map-masks.svg"
    assert (tmp_path / printed).read_text(encoding="utf-8").startswith("<svg")


def test_a_range_is_coloured_by_its_low_figure_and_says_so(tmp_path):
    """Two of Iran's records that may report the same aid: its sum is a range, its colour the low figure's."""
    rows = donations()
    mine = {"R0036": "R0038", "R0038": "R0036"}
    for row in rows:
        if row["record_id"] in mine:
            row["overlaps"] = mine[row["record_id"]]
    path = write_rows(tmp_path / "ranges.csv", rows)
    r = run_installed("--data", str(path), "map", "--item", "masks")
    assert r.returncode == 0, r.stderr
    root = ET.fromstring(r.stdout)
    figures = {
        x["record_id"]: float(x["quantity"]) for x in rows if x["record_id"] in mine and x["item_group"] == "masks"
    }
    iran = countries(root)["IRN"]
    high = own_sums(("masks", "pieces", "delivered"))["IRN"]
    assert float(iran.get("data-high")) == high
    assert float(iran.get("data-low")) == high - min(figures.values())
    legend = {e.get("data-class"): e for e in root.iter(f"{SVG}rect") if e.get("data-class")}
    klass = next(c for c in iran.get("class").split() if c.startswith("k"))
    assert float(legend[klass].get("data-from")) <= float(iran.get("data-low")) < float(legend[klass].get("data-to"))
    assert any("(a range)" in t for t in texts(root, "legend-country") if t.startswith("Iran"))
    assert any("follows the low figure" in (e.text or "") for e in root.iter(f"{SVG}text"))


def test_an_approximate_figure_is_marked():
    root, _ = draw("--item", "masks")
    assert "Canada: over 1,030,000" in texts(root, "legend-country")
    assert "over 1,030,000" in countries(root)["CAN"].findtext(f"{SVG}title")


def test_unit_chooses_the_unit_and_an_absent_one_is_one_line(cli):
    root, err = draw("--unit", "USD")
    assert "(USD, delivered)" in err
    assert any((e.text or "") == "Own amounts, in USD" for e in root.iter(f"{SVG}text"))
    one_line_error(cli("map", "--unit", "boxes"), 2, "--unit", "'boxes'")
