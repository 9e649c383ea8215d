"""The pure functions under every view, on small frames made by hand: the counting rules
(counting.py), the filters' date rule (filters.py) and the frame helpers (frames.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aidcli.model import frames
from aidcli.query import counting, filters


def frame(*rows: dict) -> pd.DataFrame:
    base = {"record_id": "R1", "date": None, "donor": "D", "donor_type": "foundation", "recipient": "A",
            "recipient_iso3": None, "region": "Europe", "flow": "from-china", "kind": "donation",
            "status": "delivered", "item": "masks", "unit": "pieces", "quantity": None, "value_usd": None,
            "approx": None, "allocation": "single", "in_totals": True}
    return pd.DataFrame([{**base, **r} for r in rows])


SHARED = frame({"record_id": "R1", "recipient": "A", "quantity": 100.0, "allocation": "shared"},
               {"record_id": "R1", "recipient": "B", "quantity": 100.0, "allocation": "shared"},
               {"record_id": "R2", "recipient": "A", "quantity": 10.0, "allocation": "each"},
               {"record_id": "R2", "recipient": "B", "quantity": 10.0, "allocation": "each"},
               {"record_id": "R3", "recipient": "A", "quantity": 5.0, "in_totals": False})


def test_counted_is_one_row_per_shared_amount_and_every_each_row():
    assert counting.counted(SHARED).tolist() == [True, False, True, True, False]


def test_sums_count_a_shared_amount_once_and_label_it_by_recipient():
    s = counting.scope(SHARED, [], [], [])
    assert s.left_out == {counting.NOT_IN_TOTALS: ["R3"]}
    whole = counting.sums(s.rows, [], SHARED)
    assert whole["quantity"].tolist() == [120.0] and whole["records"].tolist() == [2]
    split = counting.sums(s.rows, ["recipient"], SHARED).set_index("recipient")["quantity"].to_dict()
    assert split == {"A": 10.0, "B": 10.0, "shared: A, B": 100.0}


def test_kinds_and_flows_become_keys_only_when_several_are_in_scope():
    rows = frame({"quantity": 1.0}, {"record_id": "R2", "quantity": 2.0, "kind": "purchase"})
    assert "kind" not in counting.sums(counting.scope(rows, [], [], []).rows, [], rows).columns
    both = counting.sums(counting.scope(rows, ["donation", "purchase"], [], []).rows, [], rows)
    assert both.set_index("kind")["quantity"].to_dict() == {"donation": 1.0, "purchase": 2.0}


def test_scope_names_every_default_it_applies():
    rows = frame({"record_id": "R1", "quantity": 1.0}, {"record_id": "R2", "kind": "logistics", "quantity": 1.0},
                 {"record_id": "R3", "flow": "to-china", "quantity": 1.0},
                 {"record_id": "R4", "status": "rejected", "quantity": 1.0}, {"record_id": "R5"})
    s = counting.scope(rows, [], [], [])
    assert s.left_out == {counting.kind_reason("logistics"): ["R2"], counting.flow_reason("to-china"): ["R3"],
                          counting.REJECTED: ["R4"], counting.NO_NUMBER: ["R5"]}
    assert "R3" in set(counting.scope(rows, [], [], [], both_flows=True).rows["record_id"])


def test_compare_puts_an_amount_two_names_share_in_its_own_column():
    scopes = {name: counting.scope(SHARED[SHARED["recipient"] == name], [], [], []) for name in ("A", "B")}
    table = counting.compare(scopes, SHARED).astype(object).where(lambda t: t.notna(), None)
    own = table[table["shared_by"] == ""].iloc[0]
    shared = table[table["shared_by"] == "shared: A, B"].iloc[0]
    assert (own["A"], own["B"], own["shared"]) == (10.0, 10.0, None)
    assert (shared["A"], shared["B"], shared["shared"]) == (None, None, 100.0)


@pytest.mark.parametrize("dates,since,until,kept,reason", [
    (["2020-03"], "2020-03-01", "2020-03-15", [], filters.PART_DATE),
    (["2020-03"], "2020-03", "2020-03", ["R1"], None),
    (["2020-03-20"], "2020-03-16", None, ["R1"], None),
    ([None], "2020-03", None, [], filters.NO_DATE),
])
def test_a_date_is_an_interval_and_a_range_keeps_what_lies_inside(dates, since, until, kept, reason):
    rows = frame(*({"date": d} for d in dates))
    lo, hi = filters.date_range(since, until)
    out, left_out = filters.apply(rows, filters.Resolved({"since": lo, "until": hi}))
    assert out["record_id"].tolist() == kept
    assert left_out == ({reason: ["R1"]} if reason else {})


def test_record_ids_on_categoricals_and_text():
    rows = SHARED.assign(record_id=SHARED["record_id"].astype("category"))
    assert frames.record_ids(rows) == ["R1", "R2", "R3"] == frames.record_ids(SHARED)
    assert frames.record_ids(rows, (rows["quantity"] > 50).to_numpy()) == ["R1"]


def test_list_rows_sorts_numbers_as_numbers_and_limits():
    out = frames.list_rows(SHARED, ["record_id", "quantity"], "quantity", True, 2)
    assert out["quantity"].tolist() == [100.0, 100.0]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", None]), st.sampled_from(["x", "y", None]),
                          st.sampled_from([f"R{i}" for i in range(40)] + [None])), max_size=60))
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


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", None]), st.sampled_from(["x", "y"]),
                          st.sampled_from([f"R{i}" for i in range(12)])), min_size=1, max_size=60),
       st.sampled_from(["category", object]))
def test_each_sums_record_ids_are_its_rows_ids_sorted_once_each(rows, dtype):
    """The record ids behind each group (--explain, the API's record_ids), made in one sort, are
    what a Python call for each group's rows gives, in the groups' order."""
    df = pd.DataFrame(rows, columns=["k", "j", "record_id"]).astype({"k": dtype, "record_id": dtype})
    g = df.groupby(["k", "j"], dropna=False, sort=False, observed=True)
    slow = g["record_id"].agg(lambda s: " ".join(sorted(set(s.astype(str))))).tolist()
    assert counting._record_ids(g, df["record_id"]) == slow


def test_a_shared_amounts_label_reaches_its_rows_when_record_ids_are_typed_apart():
    """as_read labels a view's shared rows from the whole data's labels by record id name, also
    when the view's record_id categories are not the whole data's (a view read apart)."""
    whole = pd.DataFrame({"record_id": ["R1", "R1", "R2", "R3"], "recipient": ["Spain", "Italy", "Chile", "Peru"],
                          "allocation": ["shared", "shared", "single", "each"], "item": "masks", "unit": "pieces",
                          "status": "delivered", "in_totals": True}).astype({"record_id": "category"})
    view = whole.iloc[[3, 0, 1]].astype({"record_id": "category", "recipient": "category"})
    view["record_id"] = view["record_id"].cat.set_categories(["R3", "R1", "R9"])
    out = counting.as_read(view, whole)
    assert out["recipient"].astype(str).tolist() == ["Peru", "shared: Spain, Italy"]
    assert out["counted"].tolist() == [True, True]
