"""aidcli compare: countries or donors side by side, a shared amount in its own column, each cell
with its range and its hedge."""

from __future__ import annotations

import json

from conftest import one

import aidcli

WIDE = {"COLUMNS": "200"}


def test_italy_against_spain(cli):
    rows = cli("compare", "Italy", "Spain", "-f", "csv").csv()
    assert list(rows[0]) == [
        "item",
        "unit",
        "status",
        "shared_by",
        "Italy",
        "Spain",
        "shared",
        "Spain_approx",
        "may_overlap",
    ]
    own = next(r for r in rows if r["item"] == "masks" and r["shared_by"] == "")
    assert (own["Italy"], own["Spain"], own["shared"]) == ("500000", "600000", "")
    # Spain's 600,000 adds the Madrid community's "some 100,000": the cell keeps the hedge
    assert (own.get("Italy_approx", ""), own["Spain_approx"]) == ("", "some")
    # the 1.8 million masks Spain and Italy share: once, in the shared column, never under either
    shared = next(r for r in rows if r["shared_by"] == "shared: Spain, Italy")
    assert (shared["Italy"], shared["Spain"], shared["shared"]) == ("", "", "1800000")
    # the 1.8 million may be the foundations' masks (the donor's post of 2020-03-11): each cell says so
    assert shared["may_overlap"].split() == own["may_overlap"].split() == ["R0026", "R0028", "R0029"]
    # and no other row of masks: each amount is in one cell of one column
    masks = [r for r in rows if r["item"] == "masks"]
    assert sum(float(r[c] or 0) for r in masks for c in ("Italy", "Spain", "shared")) == 500_000 + 600_000 + 1_800_000
    records = next(r for r in rows if r["item"] == "records")
    assert int(records["Italy"]) > 0 and int(records["Spain"]) > 0


def test_compare_donors(cli):
    rows = cli("compare", "--donors", "Huawei", "Bank of China", "-f", "csv").csv()
    gloves = next(r for r in rows if r["item"] == "gloves")
    assert (gloves["Huawei"], gloves["Bank of China"]) == ("50000", "50000")


def test_compare_needs_two_names(cli):
    r = cli("compare", "Italy")
    assert r.code == 2 and "at least two" in r.err


def test_the_articles_count_of_donors_is_shown_beside_aidclis(cli):
    """INSS: Italy received donations 'from over 20 government and private bodies in China', Spain
    'from at least 12 different Chinese entities'; the records name 7 and 5. The count rows stay
    numbers; the article's words go in the caption (the table's, stderr beside CSV), with the record."""
    said = (
        "Donors: Italy 7 in these records, the article says over 20 (R0081); "
        "Spain 5 in these records, the article says at least 12 (R0082)."
    )
    table = cli("compare", "Italy", "Spain", "-f", "table", env={"COLUMNS": "400"})
    assert table.code == 0 and said in table.out
    run = cli("compare", "Italy", "Spain", "-f", "csv")
    donors = next(r for r in run.csv() if r["item"] == "donors")
    assert (donors["unit"], donors["Italy"], donors["Spain"]) == ("count", "7", "5")
    assert said in " ".join(run.err.split())

    rows = json.loads(cli("compare", "Italy", "Spain", "-f", "json").out)
    assert next(r for r in rows if r["item"] == "donors")["Italy"] == 7  # a number, not words
    one = cli("compare", "Spain", "France", "-f", "csv").err
    assert "Spain 5 in these records, the article says at least 12 (R0082)." in " ".join(one.split())
    assert "France" not in " ".join(one.split()).split("Donors:")[1]
    # a filter that leaves the article's sentence out leaves its count out: it counts all donations
    assert "Donors:" not in cli("compare", "Italy", "Spain", "-i", "masks", "-f", "csv").err
    assert "Donors:" not in cli("compare", "--donors", "Huawei", "Xiaomi", "-f", "csv").err


def test_the_python_api_compares_donors_with_the_articles_count():

    answer = aidcli.compare(["Italy", "Spain"])
    assert "Italy 7 in these records, the article says over 20 (R0081)" in answer.caption
    donors = answer.frame.set_index("item").loc["donors"]
    assert (donors["Italy"], donors["Spain"]) == (7, 5)


def test_a_comparison_says_its_figures_are_computed(cli):
    out = " ".join(cli("compare", "Italy", "Spain", "-f", "table", env=WIDE).out.split())
    assert "computed" in out and "--explain names the records" in out
    err = cli("compare", "Italy", "Spain", "-f", "csv").err
    assert "computed" in err


def test_compare_cells_carry_their_range_and_hedge(cli):
    rows = cli("compare", "--donors", "Jack Ma Foundation", "Huawei", "-f", "csv").csv()
    masks = one(rows, item="masks", status="delivered")
    name = next(c for c in masks if c.startswith("Jack Ma") and not c.endswith(("_low", "_approx", "_approx_low")))
    assert float(masks[name]) - float(masks[f"{name}_low"]) >= 1_000_000 and "R0039" in masks["may_overlap"]
    assert masks["Huawei_approx"] == "over"
    table = " ".join(cli("compare", "--donors", "Jack Ma Foundation", "Huawei", "-f", "table", env=WIDE).out.split())
    assert "over 1,000,000" in table and ("sum is a range" in table or "sums are ranges" in table)
    assert name == "Jack Ma Foundation"  # the column is named as typed
