"""--explain: every sum names the records that make it, and the numbers check out.

For generated filter combinations (hypothesis): the counted quantities of the records listed
under a row equal the row's quantity; no record is listed under two rows of the same item, unit,
status, kind and flow; no amount is added twice in totals, compare or a profile (that the counted
rows list prints sum to totals: tests/layers/query/test_counting.py)."""

from __future__ import annotations

import json

import pandas as pd
from conftest import compare, country, filters_, session
from conftest import typed_filters as _typed
from conftest import valid_filters as _valid
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidcli.query import counting, reports

KEY = ["item", "unit", "status", "kind", "flow"]


def _counted_rows(ds) -> pd.DataFrame:
    rows = ds.donations
    return rows[counting.counted(rows) & rows["quantity"].notna().to_numpy()].astype(object)


def check_rows(frame: pd.DataFrame, counted: pd.DataFrame) -> None:
    """Each row's quantity is the sum of its listed records' counted quantities; a record is
    listed under one row only of the same item, unit, status, kind and flow."""
    seen: dict[tuple, str] = {}
    for _, row in frame.iterrows():
        if pd.isna(row["quantity"]):
            continue
        ids = str(row["record_ids"]).split()
        mine = counted[counted["record_id"].isin(ids)]
        for column in [*KEY, "donor", "region", "donor_type", "channel"]:
            if column in frame.columns:
                mine = mine[mine[column] == row[column]]
        recipient = row.get("recipient")
        if isinstance(recipient, str) and not recipient.startswith("shared: "):
            mine = mine[mine["recipient"] == recipient]
        assert mine["quantity"].sum() == row["quantity"], (row.to_dict(), mine[["record_id", "quantity"]])
        group = tuple(row.get(k) for k in KEY) + ((recipient,) if isinstance(recipient, str) else ())
        for rid in ids:
            assert (group, rid) not in seen, (group, rid)
            seen[(group, rid)] = rid


by_ = st.sampled_from([[], ["recipient"], ["donor"], ["region"], ["month"], ["donor_type", "region"]])


ASIA = ("totals", "-d", "Jack Ma Foundation", "--region", "Asia")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=filters_, by=by_)
def test_generated_totals_explain_themselves(ds, f, by):
    if not _valid(f):
        return
    result = reports.totals(session(**_typed(f)), by, explain=True)
    check_rows(result.sections[0].frame, _counted_rows(ds))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    f=filters_.map(lambda f: {k: v for k, v in f.items() if k not in ("country", "donor")}),
    names=st.sampled_from([["Italy", "Spain"], ["Germany", "France", "Italy"], ["Japan", "South Korea"]]),
)
def test_generated_compare_counts_no_amount_twice(ds, f, names):
    if not _valid(f):
        return
    frame = compare(session(**_typed(f)), names, explain=True).sections[0].frame
    frame = frame[frame["unit"] != "count"]
    seen = set()
    for _, row in frame.iterrows():
        group = tuple(row.get(k) for k in KEY)
        for rid in str(row["record_ids"]).split():
            assert (group, rid) not in seen
            seen.add((group, rid))
        if row.get("shared_by"):  # a shared amount is in the shared column only
            assert all(pd.isna(row[n]) for n in names if n in frame.columns)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    f=filters_.map(lambda f: {k: v for k, v in f.items() if k not in ("country", "donor")}),
    place=st.sampled_from(["Spain", "Italy", "China", "EU", "Kenya", "Japan"]),
)
def test_generated_profiles_explain_themselves(ds, f, place):
    if not _valid(f):
        return
    result = country(session(**_typed(f)), place, explain=True)
    counted = _counted_rows(ds)
    for s in result.sections:
        if "record_ids" in s.frame.columns and s.key in ("received", "sent"):
            check_rows(s.frame, counted)


def test_explain_table_keys_each_row_and_lists_its_sentences(cli):
    out = cli("totals", "-c", "Spain", "--explain", "-f", "table", env={"COLUMNS": "160"}).out
    assert "The records behind each row" in out and "Matched but left out" in out
    assert "R0029" in out and "[sent](#)" not in out
    lines = [line for line in out.splitlines() if line.strip().startswith(("a ", "b "))]
    assert lines


def test_explain_csv_has_record_ids_and_json_an_array(cli):
    rows = cli("totals", "-c", "Spain", "--explain", "-f", "csv").csv()
    shared = next(r for r in rows if r["recipient"] == "shared: Spain, Italy")
    assert shared["record_ids"] == "R0028"
    data = json.loads(cli("totals", "-c", "Spain", "--explain", "-f", "json").out)
    assert data["totals"] and all(isinstance(r["record_ids"], list) for r in data["totals"])
    assert {r["reason"] for r in data["left_out"]} >= {"another kind (not-stated)"}


def test_explain_csv_pipes_into_show(cli):
    piped = cli("totals", "-c", "Spain", "--item", "masks", "--explain", "-f", "csv").out
    r = cli("show", "-", "-f", "json", input=piped)
    assert r.code == 0 and {"R0028", "R0029"} <= {rec["record_id"] for rec in json.loads(r.out)}


def test_explain_keys_never_run_out_and_never_repeat():
    """A table of sums from a large file can have thousands of rows: each still gets its own key."""
    from aidcli.query.reports import _keys

    keys = _keys(26 + 26 * 26 + 30)
    assert keys[:3] == ["a", "b", "c"] and keys[25:28] == ["z", "aa", "ab"] and keys[701:703] == ["zz", "aaa"]
    assert len(set(keys)) == len(keys)


def test_explain_lists_the_overlaps_and_keeps_quotes_whole(cli, ds):
    data = json.loads(cli(*ASIA, "--explain", "-f", "json").out)
    lines = {r["record_id"]: r for r in data["totals_records"]}
    assert lines["R0039"]["may_overlap"] == "R0057"
    whole = " ".join(reports.clean(ds.donations.loc[ds.donations["record_id"] == "R0057", "quote"].iloc[0]).split())
    assert lines["R0057"]["quote"] == whole and not whole.endswith("\u2026")
    hedged = json.loads(cli("totals", "-c", "Canada", "--explain", "-f", "json").out)["totals_records"]
    assert any("reportedly" in r["hedges"] for r in hedged)  # Huawei 'reportedly donated'
