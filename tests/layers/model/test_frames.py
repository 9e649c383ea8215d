"""The frame helpers (model/frames.py), on small frames made by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import shared_rows
from hypothesis import given, settings
from hypothesis import strategies as st

from aidcli.model import frames

SHARED = shared_rows()


def test_record_ids_on_categoricals_and_text():
    rows = SHARED.assign(record_id=SHARED["record_id"].astype("category"))
    assert frames.record_ids(rows) == ["R1", "R2", "R3"] == frames.record_ids(SHARED)
    assert frames.record_ids(rows, (rows["quantity"] > 50).to_numpy()) == ["R1"]


def test_list_rows_sorts_numbers_as_numbers_and_limits():
    out = frames.list_rows(SHARED, ["record_id", "quantity"], "quantity", True, 2)
    assert out["quantity"].tolist() == [100.0, 100.0]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", None]),
            st.sampled_from(["x", "y", None]),
            st.sampled_from([f"R{i}" for i in range(40)] + [None]),
        ),
        max_size=60,
    )
)
def test_duplicated_rows_are_those_pandas_finds(rows):
    """frames.duplicated on category codes (few combinations: first rows marked by code; many:
    hashed) agrees with pandas."""
    df = pd.DataFrame(rows, columns=["a", "b", "r"]).astype("category")
    original = frames.FEW_COMBINATIONS
    for few in (original, 0):  # the table of first rows, then hashing
        frames.FEW_COMBINATIONS = few
        try:
            for key in (["a", "b"], ["a", "b", "r"], ["r"]):
                assert (frames.duplicated(df, key) == df.duplicated(subset=key).to_numpy()).all()
        finally:
            frames.FEW_COMBINATIONS = original


@pytest.mark.parametrize("dtype", ["category", object])
def test_record_ids_of_records_none_of_whose_rows_are_marked(dtype):
    df = pd.DataFrame({"record_id": ["R1", "R1", "R2", "R3", "R3"]}).astype({"record_id": dtype})
    numbered = pd.Series([False, True, False, False, False]).to_numpy()
    assert frames.record_ids(df) == ["R1", "R2", "R3"]
    assert frames.record_ids(df, none_of=numbered) == ["R2", "R3"]
    assert frames.record_ids(df, mask=df["record_id"].ne("R3").to_numpy(), none_of=numbered) == ["R2"]
