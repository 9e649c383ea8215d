"""--columns, --sort, --desc and --limit on every table."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "args",
    [
        ["totals", "--by", "donor", "--item", "masks"],
        ["compare", "Italy", "Spain"],
        ["countries"],
        ["donors"],
        ["items"],
        ["list"],
    ],
)
def test_sort_desc_limit_columns_on_every_table(cli, args):
    rows = cli(
        *args,
        "--sort",
        "records" if args[0] not in ("list", "compare") else "item",
        "--desc",
        "--limit",
        "3",
        "-f",
        "csv",
    ).csv()
    assert 1 <= len(rows) <= 3
    key = "records" if args[0] not in ("list", "compare") else "item"
    values = [float(r[key]) if key == "records" else r[key].lower() for r in rows]
    assert values == sorted(values, reverse=True)


def test_who_gave_the_most_masks(cli):
    rows = cli(
        "totals",
        "--by",
        "donor",
        "--item",
        "masks",
        "--sort",
        "quantity",
        "--desc",
        "--limit",
        "5",
        "--columns",
        "donor,item,status,quantity",
        "-f",
        "csv",
    ).csv()
    # Huawei's "over one million" keeps its hedge: approx is added after the number
    assert list(rows[0]) == ["donor", "item", "status", "quantity", "approx"] and len(rows) == 5
    assert [r["approx"] for r in rows if r["donor"] == "Huawei"] == ["over"]
    assert [float(r["quantity"]) for r in rows] == sorted((float(r["quantity"]) for r in rows), reverse=True)


def test_columns_sort_desc_limit(cli):
    r = cli("list", "--columns", "record_id,quantity", "--sort", "quantity", "--desc", "--limit", "2", "-f", "csv")
    assert r.out.splitlines() == ["record_id,quantity", "R0076,2000000000", "R0004,1400000000"]
