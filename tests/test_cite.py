"""Citations read back by real parsers: bibtexparser, rispy and citeproc-py."""

from __future__ import annotations

import csv
import json

import bibtexparser
import bibtexparser.middlewares as bib_mw
import pytest
import rispy

from aidcli import citation as cite
from aidcli.errors import UsageError
from aidcli.text import clean

from conftest import DATA


@pytest.fixture(scope="module")
def entries() -> list[dict[str, str]]:
    """Every donation row joined to its source, as the CLI will pass them (one per row)."""
    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as fh:
        sources = {r["source"]: r for r in csv.DictReader(fh)}
    with (DATA / "donations.csv").open(encoding="utf-8", newline="") as fh:
        return [{**sources[r["source"]], "record_id": r["record_id"], "quote": r["quote"]}
                for r in csv.DictReader(fh)]


def pick(entries, *ids: str) -> list[dict[str, str]]:
    return [e for e in entries if e["record_id"] in ids]


@pytest.mark.parametrize("given, style", [("plain", "plain"), ("BibTeX", "bibtex"), ("RIS", "ris"),
                                          ("CSL-JSON", "csl-json"), (" csl ", "csl-json"), ("bib", "bibtex")])
def test_style_names_any_case(given, style):
    assert cite.normalise_style(given) == style


def test_unknown_style_is_a_usage_error():
    with pytest.raises(UsageError, match="choose from: plain, bibtex, ris, csl-json"):
        cite.normalise_style("apa")


def test_plain_is_the_source_then_the_clean_quote(entries):
    text = cite.cite(pick(entries, "R0004", "R0100"), "plain")
    assert text.splitlines() == [
        "Tom Alton. \u201cChina's Global Aid Blitz and \"Mask Diplomacy\"\u201d. CIUA. 2020. Record R0004: "
        "\u201cIn total, China exported US$1.4 billion worth of medical supplies from March 1 to April 4.\u201d",
        "Hiddai Segev and Galia Lavi. \u201cChina's Donation Diplomacy (INSS Insight No. 1324)\u201d. The Institute "
        "for National Security Studies (INSS). 2020-05-31. Record R0100: \u201cThe Chinese military participated "
        "in the transfer of medical equipment to at least 20 countries, including Iran.\u201d",
    ]


def test_bibtex_every_record_parses_once_with_unique_keys(entries):
    library = bibtexparser.parse_string(cite.cite(entries, "bibtex"),
                                        append_middleware=[bib_mw.LatexDecodingMiddleware()])
    record_ids = {e["record_id"] for e in entries}
    assert not library.failed_blocks
    assert len(library.entries) == len(record_ids) == len({e.key for e in library.entries})
    by_id = {e.fields_dict["note"].value.split(":")[0].split()[-1]: e for e in library.entries}
    assert set(by_id) == record_ids
    inss = by_id["R0100"]
    assert inss.key == "Segev2020r0100"
    assert inss.fields_dict["author"].value == "Hiddai Segev and Galia Lavi"
    assert inss.fields_dict["date"].value == "2020-05-31"


def test_bibtex_dollar_is_escaped_and_reads_back_as_the_clean_quote(entries):
    text = cite.cite(pick(entries, "R0011"), "bibtex")
    assert "up to \\$100 million" in text and "received \\$1 from" in text
    library = bibtexparser.parse_string(text, append_middleware=[bib_mw.LatexDecodingMiddleware()])
    quote = clean(pick(entries, "R0011")[0]["quote"])
    assert library.entries[0].fields_dict["note"].value == f'aidcli record R0011: "{quote}"'


@pytest.mark.parametrize("special, escaped", [("$", r"\$"), ("&", r"\&"), ("#", r"\#"), ("%", r"\%"),
                                              ("_", r"\_"), ("{", r"\textbraceleft{}"), ("}", r"\textbraceright{}"),
                                              ("~", r"\textasciitilde{}"), ("^", r"\textasciicircum{}"),
                                              ("\\", r"\textbackslash{}")])
def test_latex_specials(special, escaped):
    assert cite.latex(f"a{special}b") == f"a{escaped}b"


def test_bibtex_braces_in_a_quote_keep_the_entry_whole():
    entry = {"record_id": "X1", "quote": "50% of {all} masks & 10_000 #kits ~ ^", "title": "T",
             "author": "Ann Lee", "published": "2020"}
    library = bibtexparser.parse_string(cite.cite([entry], "bibtex"))
    assert not library.failed_blocks and len(library.entries) == 1
    assert library.entries[0].fields_dict["title"].value == "T"


def test_ris_reads_back(entries):
    records = rispy.loads(cite.cite(pick(entries, "R0004", "R0100", "R0100"), "ris"))
    assert [r["id"] for r in records] == ["R0004", "R0100"]
    inss = records[1]
    assert inss["authors"] == ["Segev, Hiddai", "Lavi, Galia"]
    assert inss["title"] == "China's Donation Diplomacy (INSS Insight No. 1324)"
    assert inss["year"] == "2020" and inss["date"] == "2020/05/31/"
    assert inss["notes"] == ["aidcli record R0100: \u201cThe Chinese military participated in the transfer of "
                             "medical equipment to at least 20 countries, including Iran.\u201d"]
    assert "date" not in records[0]  # the CIUA article gives a year only


def test_ris_every_record(entries):
    records = rispy.loads(cite.cite(entries, "ris"))
    assert len(records) == len({e['record_id'] for e in entries})
    assert all("](#)" not in r["notes"][0] for r in records)


def test_csl_json_renders_a_bibliography(entries):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(cite.cite(pick(entries, "R0004", "R0100"), "csl-json"))
    assert [i["id"] for i in items] == ["R0004", "R0100"]
    assert items[1]["issued"] == {"date-parts": [[2020, 5, 31]]}
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    lines = [str(b) for b in bibliography.bibliography()]
    assert len(lines) == 2
    assert any(line.startswith("Alton, T. (2020)") and "Mask Diplomacy" in line for line in lines)
    assert any(line.startswith("Segev, H. and Lavi, G. (2020)") and "Institute for National Security" in line
               for line in lines)
