"""How sure a sum is (query/ranges.py): qualifiers combined, every sum a range from low to high."""

from __future__ import annotations

import pandas as pd
from conftest import filters_, session, typed_filters, valid_filters
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aidcli
from aidcli.query import ranges, reports


def _links(ds) -> set[frozenset[str]]:
    """The data's 'may report the same aid' links, read straight from the package."""
    first = ds.donations.drop_duplicates("record_id").astype(object)
    return {
        frozenset((a, b))
        for a, text in zip(first["record_id"], first["overlaps"])
        if isinstance(text, str)
        for b in text.split()
    }


by_ = st.sampled_from([[], ["recipient"], ["donor"], ["region"], ["donor", "recipient"]])


def test_qualifiers_combine_by_the_way_they_bend():
    assert ranges.combined([None, None]) is None
    assert ranges.combined(["over", None]) == "over"
    assert ranges.combined(["nearly", None, "nearly"]) == "nearly"
    assert ranges.combined(["over", "more than"]) == "over"
    assert ranges.combined(["up to", "nearly"]) == "up to"
    assert ranges.combined(["over", "nearly"]) == "about"
    assert ranges.combined(["some", None, "nearly"]) == "about"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=filters_, by=by_)
def test_every_sum_is_a_range_from_low_to_high(ds, f, by):
    """low <= high; low = high when no two records of the sum may report the same aid; high is
    the plain sum (the counted rows' sum is checked against totals in tests/layers/query/test_counting.py)."""
    if not valid_filters(f):
        return
    try:
        result = reports.totals(session(**typed_filters(f)), by, explain=True)
    except aidcli.model.errors.UsageError:
        return
    frame = result.sections[0].frame
    links = _links(ds)
    for row in frame.to_dict(orient="records"):
        ids = row["record_ids"].split()
        pairs = any(frozenset((a, b)) in links for a in ids for b in ids if a < b)
        for c in ("quantity", "value_usd"):
            high, low = row[c], row[f"{c}_low"]
            if pd.isna(high):
                assert pd.isna(low)
                continue
            assert low <= high
            if not pairs:
                assert low == high and (row["approx_low"] == row["approx"] or pd.isna(row["approx"]))


WORDS = [None, "", "over", "nearly", "about", "up to", "some", "more than", "almost"]


@given(st.lists(st.tuples(st.integers(0, 6), st.sampled_from(WORDS)), max_size=40))
def test_qualifiers_of_many_sums_at_once_are_each_sums_own(figures):
    """combined_by (every sum in one pass) gives each sum what combined() gives its words alone."""
    import numpy as np

    ngroup = np.array([g for g, _ in figures], dtype=np.int64)
    words = np.array([w for _, w in figures], dtype=object)
    got = ranges.combined_by(words, ngroup, 7)
    assert got == [ranges.combined(w for g, w in figures if g == i) for i in range(7)]
