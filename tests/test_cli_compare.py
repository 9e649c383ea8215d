"""aidcli compare: countries or donors side by side."""


def test_italy_against_spain(cli):
    rows = cli("compare", "Italy", "Spain", "-f", "csv").csv()
    assert list(rows[0]) == ["item", "unit", "status", "shared_by", "Italy", "Spain", "shared", "Spain_approx"]
    own = next(r for r in rows if r["item"] == "masks" and r["shared_by"] == "")
    assert (own["Italy"], own["Spain"], own["shared"]) == ("500000", "600000", "")
    # Spain's 600,000 adds the Madrid community's "some 100,000": the cell keeps the hedge
    assert (own["Italy_approx"] if "Italy_approx" in own else "", own["Spain_approx"]) == ("", "some")
    # the 1.8 million masks Spain and Italy share: once, in the shared column, never under either
    shared = next(r for r in rows if r["shared_by"] == "shared: Spain, Italy")
    assert (shared["Italy"], shared["Spain"], shared["shared"]) == ("", "", "1800000")
    records = next(r for r in rows if r["item"] == "records")
    assert int(records["Italy"]) > 0 and int(records["Spain"]) > 0


def test_compare_donors(cli):
    rows = cli("compare", "--donors", "Huawei", "Bank of China", "-f", "csv").csv()
    gloves = next(r for r in rows if r["item"] == "gloves")
    assert (gloves["Huawei"], gloves["Bank of China"]) == ("50000", "50000")


def test_compare_needs_two_names(cli):
    r = cli("compare", "Italy")
    assert r.code == 2 and "at least two" in r.err
