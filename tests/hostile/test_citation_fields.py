"""Citations: no field of a record or a sources.csv escapes its entry (BibTeX braces, RIS line breaks)."""

from __future__ import annotations

import pytest
from conftest import DATA


def _bibtex_entries(text: str) -> list[str]:
    """Entries as BibTeX itself finds them: every brace counts, a backslash escapes none."""
    found, i = [], 0
    while (at := text.find("@", i)) >= 0:
        start = text.find("{", at)
        depth, j = 0, start
        while j < len(text):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                break
            j += 1
        found.append(text[at : j + 1])
        i = j + 1
    return found


HOSTILE_QUOTE = "It } @misc{pwned, title={Owned}} { ends \\} here } and {"


@pytest.mark.parametrize("field", ["quote", "title", "author", "publisher"])
def test_bibtex_braces_cannot_close_a_field_early(field):
    import bibtexparser

    from aidcli.query import citation as cite

    entry = {
        "record_id": "R0001",
        "quote": "q",
        "title": "T",
        "author": "Ann Lee",
        "publisher": "P",
        "published": "2020",
        field: HOSTILE_QUOTE,
    }
    text = cite.cite([entry], "bibtex")
    assert len(_bibtex_entries(text)) == 1, text
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 1
    name = {"quote": "note", "publisher": "institution"}.get(field, field)  # a report's publisher: institution
    # LaTeX prints \textbraceleft{} as "{" (pylatexenc does not know the command: decoded by hand)
    value = library.entries[0].fields_dict[name].value
    for command, char in ((r"\textbraceleft{}", "{"), (r"\textbraceright{}", "}"), (r"\textbackslash{}", "\\")):
        value = value.replace(command, char)
    from aidcli.model.quotes import clean

    assert (clean(HOSTILE_QUOTE) if field == "quote" else HOSTILE_QUOTE) in value


@pytest.mark.parametrize("field", ["title", "author", "publisher", "quote", "record_id"])
@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028", "\x85"])
def test_ris_line_breaks_cannot_start_a_record(field, brk):
    import rispy

    from aidcli.query import citation as cite

    evil = f"Real{brk}ER  - {brk}TY  - JOUR{brk}TI  - pwned"
    entry = {
        "record_id": "R0001",
        "quote": "q",
        "title": "T",
        "author": "Ann Lee",
        "publisher": "P",
        "published": "2020",
        field: evil,
    }
    text = cite.cite([entry], "ris")
    assert text.count("TY  - ") == 1 and text.count("ER  - ") == 1
    assert len(rispy.loads(text)) == 1


def test_a_hostile_sources_csv_cites_as_one_entry(cli, tmp_path):
    import csv
    import shutil

    import bibtexparser
    import rispy

    package = tmp_path / "pkg"
    shutil.copytree(DATA, package)
    with (package / "sources.csv").open(encoding="utf-8", newline="") as fh:
        sources = list(csv.DictReader(fh))
    for s in sources:
        s["title"] = "Aid\nER  - \nTY  - JOUR\nTI  - pwned } @misc{x, title={y}} {"
        s["author"] = "Ann\nLee"
    with (package / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(sources[0]))
        w.writeheader()
        w.writerows(sources)
    ris = cli("--data", str(package), "cite", "R0001", "--style", "ris")
    assert ris.code == 0 and len(rispy.loads(ris.out)) == 1, ris.err
    bib = cli("--data", str(package), "cite", "R0001", "--style", "bibtex")
    assert bib.code == 0 and len(_bibtex_entries(bib.out)) == 1
    assert len(bibtexparser.parse_string(bib.out).entries) == 1
    plain = cli("--data", str(package), "cite", "R0001")
    assert plain.code == 0 and plain.out.count("\n") == 1
