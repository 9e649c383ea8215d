"""Citations read back by real parsers: bibtexparser, rispy, citeproc-py and pandoc (where it is
installed): one reference per article, the records cited its notes, the title's capitals kept."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess

import bibtexparser
import bibtexparser.middlewares as bib_mw
import pytest
import rispy
from conftest import DATA

from aidcli.model.errors import UsageError
from aidcli.model.quotes import clean
from aidcli.query import citation as cite


@pytest.fixture(scope="module")
def entries() -> list[dict[str, str]]:
    """Every donation row joined to its source, as the CLI will pass them (one per row)."""
    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as fh:
        sources = {r["source"]: r for r in csv.DictReader(fh)}
    with (DATA / "donations.csv").open(encoding="utf-8", newline="") as fh:
        return [{**sources[r["source"]], "record_id": r["record_id"], "quote": r["quote"]} for r in csv.DictReader(fh)]


def pick(entries, *ids: str) -> list[dict[str, str]]:
    return [e for e in entries if e["record_id"] in ids]


@pytest.mark.parametrize(
    "given, style",
    [
        ("plain", "plain"),
        ("BibTeX", "bibtex"),
        ("RIS", "ris"),
        ("CSL-JSON", "csl-json"),
        (" csl ", "csl-json"),
        ("bib", "bibtex"),
    ],
)
def test_style_names_any_case(given, style):
    assert cite.normalise_style(given) == style


def test_unknown_style_is_a_usage_error():
    with pytest.raises(UsageError, match="choose from: plain, bibtex, ris, csl-json"):
        cite.normalise_style("apa")


def test_plain_is_the_source_then_the_clean_quote(entries):
    text = cite.cite(pick(entries, "R0004", "R0100"), "plain")
    assert text.splitlines() == [
        'Tom Alton. \u201cChina\'s Global Aid Blitz and "Mask Diplomacy"\u201d. CIUA. 2020. Record R0004: '
        "\u201cIn total, China exported US$1.4 billion worth of medical supplies from March 1 to April 4.\u201d",
        "Hiddai Segev and Galia Lavi. \u201cChina's Donation Diplomacy (INSS Insight No. 1324)\u201d. The Institute "
        "for National Security Studies (INSS). 2020-05-31. Record R0100: \u201cThe Chinese military participated "
        "in the transfer of medical equipment to at least 20 countries, including Iran.\u201d",
    ]


def sources_of(entries) -> set[str]:
    return {e["source"] for e in entries}


def test_bibtex_one_entry_per_article_every_record_in_its_note(entries):
    library = bibtexparser.parse_string(
        cite.cite(entries, "bibtex"), append_middleware=[bib_mw.LatexDecodingMiddleware()]
    )
    assert not library.failed_blocks
    assert len(library.entries) == len(sources_of(entries)) == len({e.key for e in library.entries})
    notes = " ".join(e.fields_dict["note"].value for e in library.entries)
    assert {e["record_id"] for e in entries} == set(re.findall(r"record (R\d+):", notes))
    inss = next(e for e in library.entries if e.key == "Segev2020")
    assert inss.fields_dict["author"].value == "Hiddai Segev and Galia Lavi"
    assert inss.fields_dict["date"].value == "2020-05-31"
    assert {e.key for e in library.entries} == {"Alton2020", "Segev2020"}


def test_bibtex_protects_the_titles_capitals(entries):
    library = bibtexparser.parse_string(cite.cite(pick(entries, "R0028"), "bibtex"))
    assert library.entries[0].fields_dict["title"].value == "{China's Global Aid Blitz and ``Mask Diplomacy''}"


def test_two_records_of_one_article_are_one_reference(entries):
    two = pick(entries, "R0028", "R0029")
    library = bibtexparser.parse_string(cite.cite(two, "bibtex"))
    assert len(library.entries) == 1
    note = library.entries[0].fields_dict["note"].value
    assert note.startswith("aidcli record R0028: \u201cThis came after") and "; record R0029: \u201cSpain has" in note
    [ris] = rispy.loads(cite.cite(two, "ris"))
    assert ris["id"] == "Alton2020" and [n.split(":")[0] for n in ris["notes"]] == [
        "aidcli record R0028",
        "aidcli record R0029",
    ]
    [item] = json.loads(cite.cite(two, "csl-json"))
    assert item["id"] == "Alton2020" and "R0028" in item["note"] and "R0029" in item["note"]
    [line] = cite.cite(two, "plain").splitlines()
    assert "Record R0028: \u201c" in line and "; record R0029: \u201c" in line


def test_same_author_and_year_in_two_articles_gets_two_keys():
    a = {"record_id": "X1", "quote": "q", "title": "A", "author": "Ann Lee", "published": "2020", "source": "one"}
    b = {**a, "record_id": "X2", "title": "B", "source": "two"}
    library = bibtexparser.parse_string(cite.cite([a, b], "bibtex"))
    assert [e.key for e in library.entries] == ["Lee2020", "Lee2020-two"]


def test_bibtex_dollar_is_escaped_and_reads_back_as_the_clean_quote(entries):
    text = cite.cite(pick(entries, "R0011"), "bibtex")
    assert "up to \\$100 million" in text and "received \\$1 from" in text
    library = bibtexparser.parse_string(text, append_middleware=[bib_mw.LatexDecodingMiddleware()])
    quote = clean(pick(entries, "R0011")[0]["quote"])
    assert library.entries[0].fields_dict["note"].value == f"aidcli record R0011: \u201c{quote}\u201d"


@pytest.mark.parametrize(
    "special, escaped",
    [
        ("$", r"\$"),
        ("&", r"\&"),
        ("#", r"\#"),
        ("%", r"\%"),
        ("_", r"\_"),
        ("{", r"\textbraceleft{}"),
        ("}", r"\textbraceright{}"),
        ("~", r"\textasciitilde{}"),
        ("^", r"\textasciicircum{}"),
        ("\\", r"\textbackslash{}"),
    ],
)
def test_latex_specials(special, escaped):
    assert cite.latex(f"a{special}b") == f"a{escaped}b"


def test_bibtex_braces_in_a_quote_keep_the_entry_whole():
    entry = {
        "record_id": "X1",
        "quote": "50% of {all} masks & 10_000 #kits ~ ^",
        "title": "T",
        "author": "Ann Lee",
        "published": "2020",
    }
    library = bibtexparser.parse_string(cite.cite([entry], "bibtex"))
    assert not library.failed_blocks and len(library.entries) == 1
    assert library.entries[0].fields_dict["title"].value == "{T}"


def test_ris_reads_back(entries):
    records = rispy.loads(cite.cite(pick(entries, "R0004", "R0100", "R0100"), "ris"))
    assert [r["id"] for r in records] == ["Alton2020", "Segev2020"]
    inss = records[1]
    assert inss["authors"] == ["Segev, Hiddai", "Lavi, Galia"]
    assert inss["title"] == "China's Donation Diplomacy (INSS Insight No. 1324)"
    assert inss["year"] == "2020" and inss["date"] == "2020/05/31/"
    assert inss["notes"] == [
        "aidcli record R0100: \u201cThe Chinese military participated in the transfer of "
        "medical equipment to at least 20 countries, including Iran.\u201d"
    ]
    assert "date" not in records[0]  # the CIUA article gives a year only


def test_ris_every_record(entries):
    records = rispy.loads(cite.cite(entries, "ris"))
    assert len(records) == len(sources_of(entries))
    assert sum(len(r["notes"]) for r in records) == len({e["record_id"] for e in entries})
    assert all("](#)" not in n for r in records for n in r["notes"])


def test_csl_json_renders_a_bibliography(entries):
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(cite.cite(pick(entries, "R0004", "R0100"), "csl-json"))
    assert [i["id"] for i in items] == ["Alton2020", "Segev2020"]
    assert items[1]["issued"] == {"date-parts": [[2020, 5, 31]]}
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    lines = [str(b) for b in bibliography.bibliography()]
    assert len(lines) == 2
    assert any(line.startswith("Alton, T. (2020)") and "Mask Diplomacy" in line for line in lines)
    assert any(
        line.startswith("Segev, H. and Lavi, G. (2020)") and "Institute for National Security" in line for line in lines
    )


def pandoc(*args: str, input: str) -> str:
    return subprocess.run(["pandoc", *args], input=input, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(not shutil.which("pandoc"), reason="pandoc is not installed")
def test_pandoc_keeps_the_titles_capitals(entries, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(cite.cite(pick(entries, "R0028"), "bibtex"), encoding="utf-8")
    [item] = json.loads(pandoc("-f", "bibtex", "-t", "csljson", str(bib), input=""))
    assert "Global Aid Blitz" in item["title"] and "Mask Diplomacy" in item["title"]  # not "mask diplomacy"


@pytest.mark.parametrize("style, suffix", [("bibtex", "bib"), ("csl-json", "json")])
@pytest.mark.skipif(not shutil.which("pandoc"), reason="pandoc is not installed")
def test_pandoc_cites_two_records_of_one_article_as_one_reference(entries, tmp_path, style, suffix):
    refs = tmp_path / f"refs.{suffix}"
    refs.write_text(cite.cite(pick(entries, "R0028", "R0029", "R0100"), style), encoding="utf-8")
    text = pandoc(
        "--citeproc",
        "--bibliography",
        str(refs),
        "-t",
        "plain",
        "--wrap=none",
        input="See [@Alton2020, record R0028], [@Alton2020, record R0029] and [@Segev2020].\n",
    )
    assert "Alton 2020, record R0028" in text and "Alton 2020, record R0029" in text
    assert "2020a" not in text and "2020b" not in text
    assert text.count("Alton, Tom. 2020.") == 1 and "Segev, Hiddai" in text


@pytest.mark.skipif(not shutil.which("pandoc"), reason="pandoc is not installed")
def test_a_titles_inner_quotes_print_curly_and_every_style_gives_one_type(entries, tmp_path):
    """BibTeX writes the title's inner "..." as ``...'' (a straight " prints straight in LaTeX);
    the article is a report in every style: @techreport, RPRT, CSL report, and pandoc reads the
    BibTeX as that same CSL type with the institution as its publisher."""
    one = pick(entries, "R0028")
    bib = tmp_path / "refs.bib"
    bib.write_text(cite.cite(one, "bibtex"), encoding="utf-8")
    [read] = json.loads(pandoc("-f", "bibtex", "-t", "csljson", str(bib), input=""))
    [csl] = json.loads(cite.cite(one, "csl-json"))
    [ris] = rispy.loads(cite.cite(one, "ris"))
    assert read["title"] == "China\u2019s Global Aid Blitz and \u201cMask Diplomacy\u201d"
    assert read["type"] == csl["type"] == "report" and ris["type_of_reference"] == "RPRT"
    assert read["publisher"] == csl["publisher"] == ris["publisher"] == "CIUA"
    assert '"' not in bib.read_text(encoding="utf-8")


@pytest.mark.skipif(not shutil.which("pandoc"), reason="pandoc is not installed")
def test_a_donors_claim_is_a_web_page_in_every_style(tmp_path):
    """A claim cites a version of the donor's web page (its URL): @online, RIS ELEC, CSL webpage,
    the site's owner its organisation; pandoc reads the BibTeX as that same CSL type. An article
    cited beside it stays a report."""
    page = {
        "record_id": "C0001",
        "quote": "Japan: Face Mask, 1,000,000 pieces, Accepted",
        "title": "Donation of Medical Supplies (version of 2020-03-20)",
        "publisher": "Jack Ma Foundation",
        "published": "2020-03-20",
        "url": "https://example.org/supplies.yml",
    }
    bib = tmp_path / "refs.bib"
    bib.write_text(cite.cite([page], "bibtex"), encoding="utf-8")
    [read] = json.loads(pandoc("-f", "bibtex", "-t", "csljson", str(bib), input=""))
    [csl] = json.loads(cite.cite([page], "csl-json"))
    [ris] = rispy.loads(cite.cite([page], "ris"))
    assert bib.read_text(encoding="utf-8").startswith(
        "@online{"
    ) and "organization = {Jack Ma Foundation}" in bib.read_text(encoding="utf-8")
    assert read["type"] == csl["type"] == "webpage" and ris["type_of_reference"] == "ELEC"
    assert read["URL"] == csl["URL"] == ris["urls"][0] == page["url"]
