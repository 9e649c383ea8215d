"""aidcli cite: a record's source in plain text or BibTeX (the citation formats themselves, read
back by real parsers, are tests/layers/query/test_citation.py)."""

from __future__ import annotations

from conftest import run_installed


def test_cite_plain_and_bibtex(cli):
    plain = cli("cite", "R0087").out
    assert "Hiddai Segev and Galia Lavi" in plain and "300,000 masks" in plain and "2020-05-31" in plain
    bib = cli("cite", "R0087", "--style", "bibtex").out
    assert bib.startswith("@techreport{") and "author = {Hiddai Segev and Galia Lavi}" in bib


def test_cite_bad_style(cli):
    assert cli("cite", "R0087", "--style", "apa").code == 2


def test_cite_ris_is_read_by_rispy_as_a_report():
    """RIS is a line format written by hand (a runtime dependency for twenty lines is not worth
    it); rispy, the reference parser, reads what the installed command writes."""
    import rispy

    r = run_installed("cite", "R0087", "R0004", "--style", "ris")
    assert r.returncode == 0, r.stderr
    records = rispy.loads(r.stdout)
    assert [x["type_of_reference"] for x in records] == ["RPRT", "RPRT"]
    assert {x["id"] for x in records} == {"Segev2020", "Alton2020"}
    assert all(n.startswith("aidcli record R") for x in records for n in x["notes"])
