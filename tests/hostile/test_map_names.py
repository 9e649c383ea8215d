"""Names from a user's CSV (markup, a script, escapes) drawn on a map never reach its SVG or HTML as
markup: they are text, escaped, and the SVG stays valid XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from conftest import run_installed, write_rows

# A country (drawn, in a shared amount's label too), an organisation (listed beside the map), a donor country.
HOSTILE = {
    "Spain": "<script>alert('map')</script>",
    "European Union": '"><img src=x onerror=alert(1)>',
    "Japan": "Evil\x1b]0;pwned\x07\x1b[2J & co",
}


class Tags(HTMLParser):
    """Every start tag and attribute name a browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}


@pytest.fixture
def hostile_csv(tmp_path, rows):
    for row in rows:
        row["recipient"] = HOSTILE.get(row["recipient"], row["recipient"])
    return write_rows(tmp_path / "hostile.csv", rows)


@pytest.mark.parametrize("suffix", [".svg", ".html"])
def test_hostile_names_are_text_never_markup(hostile_csv, tmp_path, suffix):
    out = tmp_path / f"map{suffix}"
    r = run_installed("--data", str(hostile_csv), "map", "--item", "masks", "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;map&#x27;)&lt;/script&gt;" in text  # Spain's name, shown as text
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in text  # the organisation, listed
    assert "<script" not in text and "<img" not in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text), "a control character XML forbids"
    parser = Tags()
    parser.feed(text)
    assert parser.tags.isdisjoint({"script", "img", "iframe", "object", "foreignobject"})
    assert not any(a.startswith("on") for a in parser.attributes)
    if suffix == ".svg":
        root = ET.fromstring(text)  # still valid XML
        titles = [e.text or "" for e in root.iter("{http://www.w3.org/2000/svg}title")]
        assert any(t.startswith("<script>alert('map')</script>:") for t in titles)  # read back as the name
