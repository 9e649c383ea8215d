"""aidcli summary: the dataset's sections and what they count."""

from __future__ import annotations

import json

from conftest import ROOT


def test_summary_says_why_status_counts_exceed_the_records(cli):
    """R0055: a pledged 'makeshift hospital' beside delivered medical teams and supplies."""
    out = cli("summary", "-f", "table", env={"COLUMNS": "200"}).out
    assert (
        "These add up to 118 for 117 records: R0055 holds items of more than one status and is counted under each."
        in out
    )


def test_summary_counts_rows_as_the_dataset_writes_them(cli, rows):
    """A shared amount is one row of data/donations.csv (and of `list`), not one per member."""
    said = cli("summary", "-f", "csv").err
    assert f"117 records, {len(rows)} rows." in said
    assert f"117 records in {len(rows)} rows" in (ROOT / "docs" / "data.md").read_text(encoding="utf-8")


def test_summary_sections(cli, ds):
    data = json.loads(cli("summary", "-f", "json").out)
    assert set(data) == {
        "by_source",
        "by_kind",
        "by_status",
        "by_flow",
        "top_recipients",
        "top_donors",
        "not_in_totals",
    }
    assert sum(r["records"] for r in data["by_source"]) == ds.donations["record_id"].nunique()
    reasons = {r["reason"] for r in data["not_in_totals"]}
    assert reasons == {"umbrella statement"}  # a flow that may be reported twice counts (both records)
    assert data["top_recipients"][0]["records"] >= data["top_recipients"][-1]["records"]
