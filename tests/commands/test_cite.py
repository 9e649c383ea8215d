"""aidcli cite: a record's source in plain text or BibTeX (the citation formats themselves, read
back by real parsers, are tests/layers/query/test_citation.py)."""

from __future__ import annotations


def test_cite_plain_and_bibtex(cli):
    plain = cli("cite", "R0087").out
    assert "Hiddai Segev and Galia Lavi" in plain and "300,000 masks" in plain and "2020-05-31" in plain
    bib = cli("cite", "R0087", "--style", "bibtex").out
    assert bib.startswith("@misc{") and "author = {Hiddai Segev and Galia Lavi}" in bib


def test_cite_bad_style(cli):
    assert cli("cite", "R0087", "--style", "apa").code == 2
