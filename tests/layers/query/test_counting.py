"""The counting rules (query/counting.py), where they are asserted: the pure functions on frames
made by hand, and each finding of a view that summed wrongly, through the library and through
the CLI where it prints; the counted rows sum to totals for any filters."""

from __future__ import annotations

import json

import pandas as pd
from conftest import compare, filters_, hand_frame, one, rows_of, session, shared_rows, typed_filters, valid_filters
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aidcli.query import counting, reports

ALL_KINDS = ["donation", "purchase", "logistics"]


def _counted_sums(rows: list[dict]) -> dict[tuple, float]:
    out: dict[tuple, float] = {}
    for r in rows:
        if r["counted"] is True and r["quantity"] is not None:
            key = (r["item"], r["unit"], r["status"], r["kind"], r["flow"])
            out[key] = out.get(key, 0) + r["quantity"]
    return out


def _totals_sums(rows: list[dict], kinds: set, flows: set) -> dict[tuple, float]:
    out: dict[tuple, float] = {}
    for r in rows:
        if r["quantity"] is None:
            continue
        key = (
            r["item"],
            r["unit"],
            r["status"],
            r.get("kind") or next(iter(kinds)),
            r.get("flow") or next(iter(flows)),
        )
        out[key] = out.get(key, 0) + r["quantity"]
    return out


def check_counted_equals_totals(typed: dict) -> None:
    scope = {"kind": ALL_KINDS, "flow": ["from-china", "to-china"], "status": ["delivered", "pledged", "rejected"]}
    listed = rows_of(reports.listing(session(**typed, **scope)))
    totals = rows_of(reports.totals(session(**typed, **scope), []))
    kinds = {r["kind"] for r in listed if r["counted"]} or {"donation"}
    flows = {r["flow"] for r in listed if r["counted"]} or {"from-china"}
    assert _counted_sums(listed) == _totals_sums(totals, kinds, flows)


SHARED = shared_rows()


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
    rows = hand_frame({"quantity": 1.0}, {"record_id": "R2", "quantity": 2.0, "kind": "purchase"})
    assert "kind" not in counting.sums(counting.scope(rows, [], [], []).rows, [], rows).columns
    both = counting.sums(counting.scope(rows, ["donation", "purchase"], [], []).rows, [], rows)
    assert both.set_index("kind")["quantity"].to_dict() == {"donation": 1.0, "purchase": 2.0}


def test_scope_names_every_default_it_applies():
    rows = hand_frame(
        {"record_id": "R1", "quantity": 1.0},
        {"record_id": "R2", "kind": "logistics", "quantity": 1.0},
        {"record_id": "R3", "flow": "to-china", "quantity": 1.0},
        {"record_id": "R4", "status": "rejected", "quantity": 1.0},
        {"record_id": "R5"},
    )
    s = counting.scope(rows, [], [], [])
    assert s.left_out == {
        counting.kind_reason("logistics"): ["R2"],
        counting.flow_reason("to-china"): ["R3"],
        counting.REJECTED: ["R4"],
        counting.NO_NUMBER: ["R5"],
    }
    assert "R3" in set(counting.scope(rows, [], [], [], both_flows=True).rows["record_id"])


def test_compare_puts_an_amount_two_names_share_in_its_own_column():
    scopes = {name: counting.scope(SHARED[SHARED["recipient"] == name], [], [], []) for name in ("A", "B")}
    table = counting.compare(scopes, SHARED).astype(object).where(lambda t: t.notna(), None)
    own = table[table["shared_by"] == ""].iloc[0]
    shared = table[table["shared_by"] == "shared: A, B"].iloc[0]
    assert (own["A"], own["B"], own["shared"]) == (10.0, 10.0, None)
    assert (shared["A"], shared["B"], shared["shared"]) == (None, None, 100.0)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", None]),
            st.sampled_from(["x", "y"]),
            st.sampled_from([f"R{i}" for i in range(12)]),
        ),
        min_size=1,
        max_size=60,
    ),
    st.sampled_from(["category", object]),
)
def test_each_sums_record_ids_are_its_rows_ids_sorted_once_each(rows, dtype):
    """The record ids behind each group (--explain, the API's record_ids), made in one sort, are
    what a Python call for each group's rows gives, in the groups' order."""
    df = pd.DataFrame(rows, columns=["k", "j", "record_id"]).astype({"k": dtype, "record_id": dtype})
    g = df.groupby(["k", "j"], dropna=False, sort=False, observed=True)
    slow = g["record_id"].agg(lambda s: " ".join(sorted(set(s.astype(str))))).tolist()
    assert counting._record_ids(g.ngroup().to_numpy(), df["record_id"]) == slow


def test_a_shared_amounts_label_reaches_its_rows_when_record_ids_are_typed_apart():
    """as_read labels a view's shared rows from the whole data's labels by record id name, also
    when the view's record_id categories are not the whole data's (a view read apart)."""
    whole = pd.DataFrame(
        {
            "record_id": ["R1", "R1", "R2", "R3"],
            "recipient": ["Spain", "Italy", "Chile", "Peru"],
            "allocation": ["shared", "shared", "single", "each"],
            "item": "masks",
            "unit": "pieces",
            "status": "delivered",
            "in_totals": True,
        }
    ).astype({"record_id": "category"})
    view = whole.iloc[[3, 0, 1]].astype({"record_id": "category", "recipient": "category"})
    view["record_id"] = view["record_id"].cat.set_categories(["R3", "R1", "R9"])
    out = counting.as_read(view, whole)
    assert out["recipient"].astype(str).tolist() == ["Peru", "shared: Spain, Italy"]
    assert out["counted"].tolist() == [True, True]


def test_kinds_are_keys_when_several_are_in_scope():
    rows = rows_of(reports.totals(session(country="South Korea", kind=["donation", "purchase"]), []))
    assert one(rows, item="masks", kind="donation")["quantity"] == 1_100_000
    assert one(rows, item="masks", kind="purchase")["quantity"] == 5_000_000
    n95 = rows_of(reports.totals(session(item="N95 masks", kind=["donation", "purchase"]), []))
    assert one(n95, kind="donation")["quantity"] == 20_000
    assert one(n95, kind="purchase")["quantity"] == 1_200_000


def test_flows_are_keys_in_a_profile_that_holds_both(cli):
    data = json.loads(cli("by-donor", "European Union", "-f", "json").out)
    # the EU's protective gear went to China; its vaccine-research money to no stated recipient
    assert {r["flow"] for r in data["gave"]} == {"to-china", "other"}
    both = json.loads(cli("totals", "--flow", "from-china,to-china", "-f", "json").out)
    assert {r["flow"] for r in both} == {"from-china", "to-china"}


def test_cli_kinds_never_added(cli):
    rows = cli("totals", "-c", "South Korea", "--kind", "donation", "--kind", "purchase", "-f", "csv").csv()
    assert "6100000" not in {r["quantity"] for r in rows}
    assert {r["kind"] for r in rows} == {"donation", "purchase"}


def test_compare_donors_shows_a_joint_gift_once():
    rows = rows_of(compare(session(), ["Jack Ma Foundation", "Alibaba Foundation"], donors=True))
    masks = one(rows, item="masks", status="delivered", shared_by="shared: Jack Ma Foundation, Alibaba Foundation")
    # Italy's and Spain's half million each, Japan's million and the 3.8 million for Asia, all given jointly
    assert masks["shared"] == 500_000 + 500_000 + 1_000_000 + 3_800_000
    assert masks["Jack Ma Foundation"] is None and masks["Alibaba Foundation"] is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=filters_)
@example(f={})
@example(f={"country": "Spain"})
@example(f={"item": "masks"})
@example(f={"region": "Europe"})
@example(f={"country": "Italy,Germany"})
@example(f={"since": "2020-03", "until": "2020-03"})
@example(f={"donor": "Jack Ma Foundation", "region": "Asia"})  # a range: its high figure is this plain sum
def test_counted_rows_sum_to_totals(f):
    """The counted rows list prints, summed by item, unit, status, kind and flow, are what totals
    gives, for any filters (generated; the examples always run)."""
    if valid_filters(f):
        check_counted_equals_totals(typed_filters({k: v for k, v in f.items() if k not in ("kind", "flow", "status")}))


def test_package_counted_column_is_the_rule(ds):
    assert ds.donations["counted"].fillna(False).astype(bool).tolist() == counting.counted(ds.donations).tolist()


def test_a_shared_amounts_region_is_labelled_as_totals_labels_it(tmp_path, rows, cli):
    """A shared amount whose members lie in several regions: its row's region is the label that
    totals --by region gives it, so the two views group it alike."""
    from conftest import write_rows

    for r in rows:
        if r["record_id"] == "R0028":
            r["shared_by_region"] = "Europe; Asia"  # Italy elsewhere, for the test
    path = write_rows(tmp_path / "mixed.csv", rows)
    listed = [
        r for r in cli("--data", str(path), "list", "-c", "Spain", "-f", "csv").csv() if r["record_id"] == "R0028"
    ]
    summed = [
        r
        for r in cli("--data", str(path), "totals", "--by", "region", "-i", "masks", "-f", "csv").csv()
        if r["region"].startswith("shared:")
    ]
    assert listed[0]["region"] == summed[0]["region"] == "shared: Europe, Asia"


def test_why_a_record_is_out_of_totals_is_read_from_its_field_not_its_notes(ds):
    """summary's 'Kept but not in totals, and why' follows the umbrella field: a record out of
    totals that is no umbrella is a flow surely reported twice, whatever its notes say."""
    excluded = ds.donations[~ds.donations["in_totals"].astype(bool)].drop_duplicates("record_id")
    assert counting.not_in_totals_reason(excluded) == [counting.UMBRELLA] * len(excluded)
    twice = excluded.assign(umbrella=False)  # same notes ("Umbrella: ..."), another field
    assert set(counting.not_in_totals_reason(twice)) == {counting.TWICE}
    unstated = excluded.assign(umbrella=None)  # a dataset of your own without the column
    assert set(counting.not_in_totals_reason(unstated)) == {counting.UNSTATED}
