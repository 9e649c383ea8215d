"""quotes.clean on the dataset's own quotes: Markdown gone, words and editorial brackets kept."""

from __future__ import annotations

import csv
import re

import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from aidcli.model.quotes import clean


@pytest.fixture(scope="module")
def quotes() -> dict[str, str]:
    """Each record's verbatim quote, as the CSV holds it."""
    with (DATA / "donations.csv").open(encoding="utf-8", newline="") as fh:
        return {r["record_id"]: r["quote"] for r in csv.DictReader(fh)}


# Bold as one regular expression: what quotes.clean does in one pass (the expression searches to the
# line's end from every opening mark without a closing one: quadratic).
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


# The rules of clean() written out the long way: every substitution on every quote, whitespace by re.
def _clean_the_long_way(quote: str) -> str:
    from aidcli.model import quotes as t

    s = t._ESCAPED.sub(t._hide, quote)
    s = t._CODE.sub(r"\1", s)
    s = t._IMAGE_OR_LINK.sub(r"\1", s)
    s = _STRONG.sub(r"\2", s)
    s = t._EMPHASIS.sub(lambda m: m.group(1) or m.group(2), s)
    s = "".join(chr(ord(c) - t._PRIVATE) if t._PRIVATE <= ord(c) < t._PRIVATE + 128 else c for c in s)
    return re.sub(r"\s+", " ", s).strip()


_QUOTE_TEXT = st.text(alphabet=st.sampled_from(list('ab Z1$.,\\`[]()*_#!"\n\t\u00a0\u3000\u2028é')), max_size=40)


def test_links_become_their_words(quotes):
    assert "[sent](#)" in quotes["R0022"]
    assert clean(quotes["R0022"]).startswith("Zhejiang Province, in east China, sent a team of 12 medical experts")


def test_bold_becomes_plain_text(quotes):
    assert "**Canada**" in quotes["R0005"]
    assert clean(quotes["R0005"]).endswith("to Canada, according to a tweet sent by the Chinese Embassy in Ottawa.")


def test_escaped_dollar_is_a_dollar(quotes):
    assert "US\\$1.4 billion" in quotes["R0004"]
    assert clean(quotes["R0004"]) == (
        "In total, China exported US$1.4 billion worth of medical supplies from March 1 to April 4."
    )


def test_editorial_brackets_stay(quotes):
    """[g]lobal and [providing] are the article's brackets, not links."""
    assert "“[g]lobal pandemics require global co-operation”" in clean(quotes["R0008"])
    assert clean(quotes["R0001"]).startswith(
        'Government-to-government channels, to "82 countries, WHO and the African Union, [providing] testing reagents'
    )


def test_line_breaks_collapse(quotes):
    assert "\n" in quotes["R0025"]
    assert clean(quotes["R0025"]) == (
        "The Red Cross Society of China contributed a team of nine medical staff and 30 tonnes of equipment."
    )


def test_no_markdown_survives_in_any_quote(quotes):
    marked = [rid for rid, q in quotes.items() if re.search(r"\]\(#\)", q)]
    assert len(marked) == 62  # the seed's links, one or more per quote (R0020 and R0114 share one)
    for rid, quote in quotes.items():
        shown = clean(quote)
        assert not re.search(r"\]\(|\*\*|\\[$*_\[\]]|\s\s|\n", shown), (rid, shown)


def test_cleaning_removes_only_markup(quotes):
    """Every word of the quote is still there, in order: only marks went."""
    for quote in quotes.values():
        words = re.findall(r"[A-Za-z0-9€%]+", re.sub(r"\]\(#\)", "]", quote))
        assert re.findall(r"[A-Za-z0-9€%]+", clean(quote)) == words


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("it comes as no surprise that *some* view", "it comes as no surprise that some view"),
        ("a 2*3*4 grid", "a 2*3*4 grid"),
        (r"not \*bold\* here", "not *bold* here"),
        ("snake_case_name stays", "snake_case_name stays"),
        ('a [link](https://example.org "title") here', "a link here"),
        ("`code` and __strong__", "code and strong"),
        ("  spaced\t\tout \n", "spaced out"),
    ],
)
def test_markdown_forms(raw, shown):
    assert clean(raw) == shown


@given(_QUOTE_TEXT)
@settings(max_examples=400, deadline=None)
def test_clean_gives_what_its_rules_give_the_long_way(quote):
    """The shortcut for a quote without marks, and whitespace by str.split, change no quote."""
    assert clean(quote) == _clean_the_long_way(quote)


def test_every_seed_quote_is_cleaned_as_the_long_way_cleans_it():
    with (DATA / "donations.csv").open(encoding="utf-8", newline="") as fh:
        quotes = {row["quote"] for row in csv.DictReader(fh)}
    assert quotes and all(clean(q) == _clean_the_long_way(q) for q in quotes)
