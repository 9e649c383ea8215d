"""Rendered tables as a person sees them, byte for byte: a totals table, a comparison with a
shared row, a profile, and a narrow terminal where numbers stay whole. After a deliberate
change of the output, rewrite them with AIDCLI_UPDATE_GOLDEN=1 and read the diff."""

from __future__ import annotations

import os

import pytest
from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "totals-masks-100": (["totals", "--item", "masks"], "100"),
    "compare-italy-spain-100": (["compare", "Italy", "Spain"], "100"),
    "by-country-kenya-100": (["by-country", "Kenya", "--item", "masks"], "100"),
    "totals-spain-explain-40": (["totals", "-c", "Spain", "--explain"], "40"),
}


@pytest.mark.parametrize("name", CASES)
def test_rendered_table_is_unchanged(cli, name):
    args, width = CASES[name]
    r = cli(*args, "-f", "table", env={"COLUMNS": width})
    assert r.code == 0
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("AIDCLI_UPDATE_GOLDEN"):
        path.write_text(r.out, encoding="utf-8")
    assert r.out == path.read_text(encoding="utf-8")


def test_narrow_table_keeps_numbers_whole(cli):
    out = (GOLDEN / "totals-spain-explain-40.txt").read_text(encoding="utf-8")
    assert "1,800,000" in out and "600,000" in out
    assert max(len(line) for line in out.splitlines()) <= 40
