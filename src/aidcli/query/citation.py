"""Citations for records: plain text, BibTeX, RIS or CSL-JSON, one reference per article, the
records cited being notes of it (a reference manager, pandoc or biber then lists the article once,
not "Alton 2020a, 2020b" for two sentences of it). Cite a record as `[@Alton2020, record R0028]`.

Input is plain dicts (no pandas): record_id, quote, and the source's fields source, title,
author ("A; B"), publisher, published (YYYY or YYYY-MM-DD), file and, for a donor's claim (id
C0001), the URL of the version of its page. The quote is cited as a
reader sees it (quotes.clean): the data keeps the seed's Markdown, a paper should not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from enum import StrEnum

from aidcli.model.errors import UsageError
from aidcli.model.quotes import clean
from aidcli.model.text import printable


class Style(StrEnum):
    """A style of citation, typed once."""

    PLAIN = "plain"
    BIBTEX = "bibtex"
    RIS = "ris"
    CSL_JSON = "csl-json"


STYLES = tuple(s.value for s in Style)
STYLE_ALIASES = {"bib": "bibtex", "csl": "csl-json", "csljson": "csl-json", "csl_json": "csl-json", "txt": "plain"}

Entry = Mapping[str, object]

# LaTeX's special characters, each with the text that prints it. Braces are commands, not \{ and
# \}: BibTeX counts every brace, escaped or not, so a quote's "}" would close the field early and
# what follows could be a second entry. Every replacement holds balanced braces only.
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX))
_QUOTE_RE = re.compile('"')

# The one type of a source in every style: the articles are papers and briefs an institution
# publishes (INSS Insight No. 1324, a CIUA policy piece), neither a journal's article nor a web page:
# a report. BibTeX's report is techreport (its publisher is the institution; pandoc and biber read
# it as a report), RIS's RPRT, CSL's report. A donor's claim cites a version of a web page (its
# URL): biblatex's @online (pandoc reads it as a CSL webpage), RIS's ELEC, CSL's webpage; there the
# publisher is the organisation whose site it is.
REPORT = ("techreport", "RPRT", "report", "institution")
WEB_PAGE = ("online", "ELEC", "webpage", "organization")


def _type(entry: Entry) -> tuple[str, str, str, str]:
    """The one type of a source in every style (BibTeX, RIS, CSL, BibTeX's publisher field): a
    web page where the source is a version of one (a URL), else a report."""
    return WEB_PAGE if _field(entry, "url") else REPORT


def normalise_style(text: str) -> Style:
    """A style name as given (any case, a few aliases) to its Style, which is kept as it is (parsed
    once, at the command line); UsageError for any other."""
    if isinstance(text, Style):
        return text
    value = text.strip().lower()
    value = STYLE_ALIASES.get(value, value)
    if value not in STYLES:
        raise UsageError(f"--style: no such style {text!r}; choose from: {', '.join(STYLES)}")
    return Style(value)


def _field(entry: Entry, name: str) -> str:
    """A field on one line: every run of whitespace, line breaks included, one space. A line break
    in a title would start a new RIS tag (a second `TY  - ` record) or a new plain entry. Control
    characters are shown escaped (\\x1b): a citation is printed on a terminal."""
    value = entry.get(name)
    return printable(" ".join(value.split())) if isinstance(value, str) else ""


def _authors(entry: Entry) -> list[str]:
    return [a.strip() for a in _field(entry, "author").split(";") if a.strip()]


def _name_parts(author: str) -> tuple[str, str]:
    """(family, given): the last word is the family name, as in the sources' "Given Family"."""
    given, _, family = author.rpartition(" ")
    return family, given


def _date_parts(published: str) -> list[int]:
    """[year] or [year, month, day] from YYYY or YYYY-MM-DD; [] when there is no date."""
    return [int(p) for p in re.findall(r"\d+", published)[:3]] if re.match(r"\d{4}", published) else []


def _unique(entries: Iterable[Entry]) -> list[Entry]:
    """One entry per record, in the order given (a record's rows all carry the same quote)."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        seen.setdefault(_field(entry, "record_id"), entry)
    return list(seen.values())


def _articles(entries: Iterable[Entry]) -> list[list[Entry]]:
    """The records grouped by their article (source id, else title and authors), each group and
    its records in the order first given."""
    groups: dict[tuple[str, ...], list[Entry]] = {}
    for entry in _unique(entries):
        sid = _field(entry, "source")
        groups.setdefault((sid,) if sid else ("", _field(entry, "title"), _field(entry, "author")), []).append(entry)
    return list(groups.values())


def _record_note(entry: Entry, open_q: str = "\u201c", close_q: str = "\u201d") -> str:
    rid = _field(entry, "record_id")
    what = "claim" if rid.startswith("C") else "record"  # a donor's claim (C0001) or an article's record
    return f"{what} {rid}: {open_q}{clean(_field(entry, 'quote'))}{close_q}"


def _notes(records: list[Entry], open_q: str = "\u201c", close_q: str = "\u201d") -> str:
    """The records cited of one article, one note: "aidcli record R0028: “...”; record R0029: “...”"."""
    return "aidcli " + "; ".join(_record_note(e, open_q, close_q) for e in records)


def _head(entry: Entry) -> str:
    return ". ".join(
        p
        for p in (
            " and ".join(_authors(entry)),
            f"\u201c{_field(entry, 'title')}\u201d",
            _field(entry, "publisher"),
            _field(entry, "published"),
            _field(entry, "url"),
        )
        if p and p != "\u201c\u201d"
    )


def plain(entry: Entry) -> str:
    """Authors. “Title”. Publisher. Date. Record R0001: “quote”"""
    return plain_article([entry])


def plain_article(records: list[Entry]) -> str:
    """One line for an article and the records cited of it:
    Authors. “Title”. Publisher. Date. Record R0001: “quote”; record R0002: “quote”"""
    notes = "; ".join(_record_note(e) for e in records)
    return f"{_head(records[0])}. {notes[0].upper()}{notes[1:]}"


def _protected(title: str) -> str:
    """A title whose capitals BibTeX styles, biber and pandoc keep ("Mask Diplomacy", not "mask
    diplomacy"): the whole title in a second pair of braces, its LaTeX specials escaped."""
    return "{" + latex(title) + "}" if title else ""


def latex(text: str) -> str:
    """Text safe inside a BibTeX field: LaTeX's special characters escaped, and a straight double
    quote as LaTeX's opening `` or closing '' (a " prints straight, or as an umlaut under babel)."""
    escaped = _LATEX_RE.sub(lambda m: _LATEX[m.group(0)], text)
    return _QUOTE_RE.sub(lambda m: "``" if m.start() == 0 or escaped[m.start() - 1] in " ([{" else "''", escaped)


def _bibtex_key(entry: Entry, taken: set[str]) -> str:
    """Family name of the first author and year (Alton2020); another article of the same author
    and year gets its source id too (Alton2020-ciua2)."""
    authors = _authors(entry)
    stem = _name_parts(authors[0])[0] if authors else _field(entry, "source") or "aidcli"
    key = re.sub(r"[^A-Za-z0-9]", "", stem) + _field(entry, "published")[:4]
    base = key = key or "aidcli"
    if key in taken:
        key = base = f"{base}-{re.sub(r'[^A-Za-z0-9]', '', _field(entry, 'source')).lower() or 'x'}"
    n = 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    return key


def bibtex(entries: Iterable[Entry]) -> str:
    """@techreport entries (@online for a web page: _type), one per source with a unique key; the title's capitals
    protected; the note carries the records cited, each with its clean quote."""
    out: list[str] = []
    taken: set[str] = set()
    for records in _articles(entries):
        entry = records[0]
        published = _field(entry, "published")
        kind, _, _, publisher = _type(entry)
        fields = {
            "author": latex(" and ".join(_authors(entry))),
            "title": _protected(_field(entry, "title")),
            publisher: latex(_field(entry, "publisher")),
            "year": latex(published[:4]),
            "date": latex(published),
            "url": latex(_field(entry, "url")),
            "note": latex(_notes(records)),
        }
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
        out.append(f"@{kind}{{{_bibtex_key(entry, taken)},\n{body}\n}}")
    return "\n\n".join(out)


def ris(entries: Iterable[Entry]) -> str:
    """RIS records (TY RPRT, ELEC for a web page ... ER), one per source, authors as "Family, Given", each record cited
    an N1 note with its clean quote."""
    out: list[str] = []
    taken: set[str] = set()
    for records in _articles(entries):
        entry = records[0]
        lines = [("TY", _type(entry)[1])]
        lines += [
            ("AU", f"{family}, {given}" if given else family) for family, given in map(_name_parts, _authors(entry))
        ]
        parts = _date_parts(_field(entry, "published"))
        lines += [
            ("TI", _field(entry, "title")),
            ("PB", _field(entry, "publisher")),
            ("PY", str(parts[0]) if parts else ""),
            ("DA", "/".join(f"{p:02d}" for p in parts) + "/" if len(parts) == 3 else ""),
            ("UR", _field(entry, "url")),
            ("ID", _bibtex_key(entry, taken)),
        ]
        lines += [("N1", "aidcli " + _record_note(e)) for e in records]
        out.extend(f"{tag}  - {value}" for tag, value in lines if value)
        out.append("ER  - ")
    return "\n".join(out)


def csl_items(entries: Iterable[Entry]) -> list[dict[str, object]]:
    """CSL-JSON items (type report, webpage for a web page), one per source, id the BibTeX key (Alton2020), the records
    cited and their clean quotes in note."""
    items: list[dict[str, object]] = []
    taken: set[str] = set()
    for records in _articles(entries):
        entry = records[0]
        item: dict[str, object] = {"id": _bibtex_key(entry, taken), "type": _type(entry)[2]}
        authors = [{"family": f, "given": g} if g else {"literal": f} for f, g in map(_name_parts, _authors(entry))]
        if authors:
            item["author"] = authors
        for csl, name in (("title", "title"), ("publisher", "publisher"), ("URL", "url")):
            if _field(entry, name):
                item[csl] = _field(entry, name)
        if parts := _date_parts(_field(entry, "published")):
            item["issued"] = {"date-parts": [parts]}
        item["note"] = _notes(records)
        items.append(item)
    return items


def cite(entries: Iterable[Entry], style: str) -> str:
    """The records' articles cited in one style of STYLES (normalise_style gives it), as one text."""
    if style == "plain":
        return "\n".join(plain_article(records) for records in _articles(entries))
    if style == "bibtex":
        return bibtex(entries)
    if style == "ris":
        return ris(entries)
    return json.dumps(csl_items(entries), ensure_ascii=False, indent=2)
