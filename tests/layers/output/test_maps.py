"""output/maps.py and its world.csv: every recipient country of the dataset is on the map (an
outline or a dot, never dropped), Natural Earth's known traps are mended, and the legend's classes
are rounded breaks that hold every figure once."""

from __future__ import annotations

import math

from conftest import donations
from hypothesis import given
from hypothesis import strategies as st

from aidcli.output import maps


def test_every_recipient_country_of_the_dataset_is_on_the_map():
    world = maps.world()
    codes = {r["recipient_iso3"] for r in donations() if r["recipient_iso3"]}
    assert codes - set(world) == set()


def test_small_states_are_dots_and_the_known_traps_are_mended():
    world = maps.world()
    for code in ("CPV", "COM", "MUS", "STP", "SYC", "WSM", "TON", "KIR", "TUV"):
        assert not world[code].d and 0 <= world[code].x <= maps.MAP_W, code
    for code in ("FRA", "NOR", "XKX", "SSD", "SDN", "GUF"):  # -99 codes in Natural Earth, and South Sudan apart
        assert world[code].d.startswith("M"), code
    # French Guiana is drawn apart from France: France's outline stays east of the Atlantic
    west = min(float(p.split()[0]) for p in world["FRA"].d.replace("M", "L").replace("Z", "").split("L") if p)
    assert west > maps.MAP_W * 0.4


figures = st.lists(st.floats(min_value=1, max_value=1e10, allow_nan=False), min_size=1, max_size=60)


@given(figures)
def test_classes_are_rounded_and_hold_every_figure_once(values):
    bounds = maps.breaks(values)
    assert len(bounds) <= 4 and bounds == sorted(set(bounds))
    for b in bounds:
        power = 10 ** math.floor(math.log10(b))
        assert b / power == round(b / power), b  # one significant figure: readable
        assert min(values) < b <= max(values)
    for v in values:
        k = maps.klass(v, bounds)
        edges = [0.0, *bounds, math.inf]
        assert edges[k - 1] <= v < edges[k]
    assert len(maps.labels(bounds, min(values), max(values))) == len(bounds) + 1


def test_the_largest_class_is_the_darkest():
    for n in range(1, 6):
        assert maps.colour(n, n) == (maps.PALETTE[-1] if n > 1 else maps.PALETTE[2])
