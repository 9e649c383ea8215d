"""A shared amount's one row made one row per member (loading/members.py), done on arrays, set
against the rule written out row by row: random frames, with categorical and plain columns."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aidcli.loading.members import per_member
from aidcli.model.errors import DataError
from aidcli.model.shares import MEMBER_FIELDS, SHARED_BY, split

NAMES = ["Spain", "Italy", " Iran ", "Iran", "", "Peru", "Côte d'Ivoire"]  # " Iran " and "Iran": one name
COLUMNS = ["record_id", "recipient", "recipient_iso3", "recipient_place", "region", *SHARED_BY, "quantity", "counted"]


def by_rows(frame: pd.DataFrame) -> list[dict]:
    """The rule, one row at a time: a row with members becomes one row per member, each with its
    name, code and region from the lists (an empty entry or list: not stated), no place, counted
    on the first only."""
    out = []
    for row in frame.astype(object).where(frame.notna(), None).to_dict(orient="records"):
        if row.get("shared_by") is None:
            out.append(row)
            continue
        lists = {c: split(row[c]) if row.get(c) is not None else None for c in SHARED_BY if c in row}
        for i in range(len(lists["shared_by"])):
            member = dict(row)
            for source, field in zip(SHARED_BY, MEMBER_FIELDS):
                if field in member and source in lists:
                    member[field] = (lists[source][i] or None) if lists[source] is not None else None
            if "recipient_place" in member:
                member["recipient_place"] = None
            if "counted" in member and i > 0:
                member["counted"] = False
            out.append(member)
    return out


def as_records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def member_list(draw, size: int) -> str | None:
    return "; ".join(draw(st.lists(st.sampled_from(NAMES), min_size=size, max_size=size))) if size else None


@st.composite
def frames(draw) -> pd.DataFrame:
    sizes = draw(st.lists(st.sampled_from([0, 0, 1, 2, 3]), max_size=14))
    n = len(sizes)

    def other_size(k: int) -> int:
        return draw(st.sampled_from([k, k, k, k, 0, 1, 2]))

    frame = pd.DataFrame(
        {
            "record_id": [f"R{i}" for i in range(n)],
            "recipient": draw(
                st.lists(st.sampled_from(["Spain", "shared: Italy, Peru", None]), min_size=n, max_size=n)
            ),
            "recipient_iso3": draw(st.lists(st.sampled_from(["ESP", None]), min_size=n, max_size=n)),
            "recipient_place": draw(st.lists(st.sampled_from(["Madrid", None]), min_size=n, max_size=n)),
            "region": draw(st.lists(st.sampled_from(["Europe", None]), min_size=n, max_size=n)),
            "shared_by": [member_list(draw, k) for k in sizes],
            "shared_by_iso3": [member_list(draw, other_size(k)) for k in sizes],
            "shared_by_region": [member_list(draw, other_size(k)) for k in sizes],
            "quantity": [float(i) for i in range(n)],
            "counted": pd.array(
                draw(st.lists(st.sampled_from([True, False, None]), min_size=n, max_size=n)), "boolean"
            ),
        }
    )
    categorical = draw(st.sets(st.sampled_from(COLUMNS[:-2])))
    return frame.astype(dict.fromkeys(categorical, "category"))


@settings(max_examples=300, deadline=None)
@given(frames(), st.sampled_from([None, ["recipient", "counted"], ["region", "quantity", "shared_by"], ["date"]]))
def test_each_member_gets_its_row_as_the_rule_says(frame, usecols):
    try:
        expected = by_rows(frame)
    except IndexError:  # a list shorter than shared_by: refused
        with pytest.raises(DataError, match="they name the same members"):
            per_member(frame, "f.csv", usecols)
        return
    try:
        got = per_member(frame, "f.csv", usecols)
    except DataError as e:  # a list longer than shared_by: refused too
        assert "they name the same members" in str(e)
        return
    kept = [c for c in frame.columns if usecols is None or c in usecols]
    assert list(got.columns) == kept
    assert len(got) == len(expected)  # with no column kept too
    assert as_records(got) == [{c: r[c] for c in kept} for r in expected]
    for c in kept:  # a categorical keeps its names, and gains the members' in the order they come
        if isinstance(frame[c].dtype, pd.CategoricalDtype):
            before = list(frame[c].cat.categories)
            new = [v for v in dict.fromkeys(got[c].dropna()) if v not in before]
            assert list(got[c].cat.categories) == before + new


def test_a_list_of_another_length_names_the_record():
    frame = pd.DataFrame(
        {"record_id": ["R1", "R2"], "shared_by": [None, "Spain; Italy"], "shared_by_iso3": [None, "ESP"]}
    ).astype("category")
    with pytest.raises(DataError, match="record R2: shared_by_iso3 lists 1 members, shared_by 2"):
        per_member(frame, "f.csv")
