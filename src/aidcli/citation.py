"""Citations for records: plain text, BibTeX, RIS or CSL-JSON, one entry per record.

Input is plain dicts (no pandas): record_id, quote, and the source's fields source, title,
author ("A; B"), publisher, published (YYYY or YYYY-MM-DD) and file. The quote is cited as a
reader sees it (text.clean): the data keeps the seed's Markdown, a paper should not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

from aidcli.errors import UsageError
from aidcli.text import clean, printable

STYLES = ("plain", "bibtex", "ris", "csl-json")
STYLE_ALIASES = {"bib": "bibtex", "csl": "csl-json", "csljson": "csl-json", "csl_json": "csl-json", "txt": "plain"}

Entry = Mapping[str, object]

# LaTeX's special characters, each with the text that prints it. Braces are commands, not \{ and
# \}: BibTeX counts every brace, escaped or not, so a quote's "}" would close the field early and
# what follows could be a second entry. Every replacement holds balanced braces only.
_LATEX = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "$": r"\$", "&": r"\&", "#": r"\#",
          "%": r"\%", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX))


def normalise_style(text: str) -> str:
    """A style name as given (any case, a few aliases) to one of STYLES; UsageError if none."""
    value = text.strip().lower()
    value = STYLE_ALIASES.get(value, value)
    if value not in STYLES:
        raise UsageError(f"--style: no such style {text!r}; choose from: {', '.join(STYLES)}")
    return value


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


def plain(entry: Entry) -> str:
    """Authors. “Title”. Publisher. Date. Record R0001: “quote”"""
    head = ". ".join(p for p in (" and ".join(_authors(entry)), f"\u201c{_field(entry, 'title')}\u201d",
                                 _field(entry, "publisher"), _field(entry, "published"))
                     if p and p != "\u201c\u201d")
    quote = clean(_field(entry, "quote"))
    return f"{head}. Record {_field(entry, 'record_id')}: \u201c{quote}\u201d"


def latex(text: str) -> str:
    """Text safe inside a BibTeX field: LaTeX's special characters escaped."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group(0)], text)


def _bibtex_key(entry: Entry, taken: set[str]) -> str:
    authors = _authors(entry)
    stem = _name_parts(authors[0])[0] if authors else _field(entry, "source") or "aidcli"
    key = re.sub(r"[^A-Za-z0-9]", "", stem) + _field(entry, "published")[:4] + \
        re.sub(r"[^A-Za-z0-9]", "", _field(entry, "record_id")).lower()
    base = key = key or "aidcli"
    n = 1
    while key in taken:  # only when record ids differ by punctuation or case alone
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    return key


def bibtex(entries: Iterable[Entry]) -> str:
    """@misc entries with unique keys; the note carries the record id and its clean quote."""
    out, taken = [], set()
    for entry in _unique(entries):
        published = _field(entry, "published")
        fields = {
            "author": " and ".join(_authors(entry)), "title": _field(entry, "title"),
            "publisher": _field(entry, "publisher"), "year": published[:4], "date": published,
            "note": f"aidcli record {_field(entry, 'record_id')}: \"{clean(_field(entry, 'quote'))}\"",
        }
        body = ",\n".join(f"  {k} = {{{latex(v)}}}" for k, v in fields.items() if v)
        out.append(f"@misc{{{_bibtex_key(entry, taken)},\n{body}\n}}")
    return "\n\n".join(out)


def ris(entries: Iterable[Entry]) -> str:
    """RIS records (TY GEN ... ER), authors as "Family, Given", the clean quote in N1."""
    out = []
    for entry in _unique(entries):
        lines = [("TY", "GEN")]
        lines += [("AU", f"{family}, {given}" if given else family)
                  for family, given in map(_name_parts, _authors(entry))]
        parts = _date_parts(_field(entry, "published"))
        lines += [("TI", _field(entry, "title")), ("PB", _field(entry, "publisher")),
                  ("PY", str(parts[0]) if parts else ""),
                  ("DA", "/".join(f"{p:02d}" for p in parts) + "/" if len(parts) == 3 else ""),
                  ("ID", _field(entry, "record_id")),
                  ("N1", f"aidcli record {_field(entry, 'record_id')}: \u201c{clean(_field(entry, 'quote'))}\u201d")]
        out.extend(f"{tag}  - {value}" for tag, value in lines if value)
        out.append("ER  - ")
    return "\n".join(out)


def csl_items(entries: Iterable[Entry]) -> list[dict[str, object]]:
    """CSL-JSON items (type report), id = record id, the clean quote in note."""
    items = []
    for entry in _unique(entries):
        item: dict[str, object] = {"id": _field(entry, "record_id"), "type": "report"}
        authors = [{"family": f, "given": g} if g else {"literal": f} for f, g in map(_name_parts, _authors(entry))]
        if authors:
            item["author"] = authors
        for csl, name in (("title", "title"), ("publisher", "publisher")):
            if _field(entry, name):
                item[csl] = _field(entry, name)
        if parts := _date_parts(_field(entry, "published")):
            item["issued"] = {"date-parts": [parts]}
        item["note"] = f"aidcli record {item['id']}: \u201c{clean(_field(entry, 'quote'))}\u201d"
        items.append(item)
    return items


def cite(entries: Iterable[Entry], style: str) -> str:
    """Every record's citation in one style (a name from STYLES or an alias), as one text."""
    style = normalise_style(style)
    if style == "plain":
        return "\n".join(plain(e) for e in _unique(entries))
    if style == "bibtex":
        return bibtex(entries)
    if style == "ris":
        return ris(entries)
    return json.dumps(csl_items(entries), ensure_ascii=False, indent=2)
