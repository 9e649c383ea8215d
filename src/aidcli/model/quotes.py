"""A quote as people read it: without the seed's Markdown (the data keeps the quote verbatim).

The seeds are Markdown: links `[sent](#)`, bold `**Spain**`, emphasis `*some*` and escaped
characters `US\\$1.4`. A citation or a screen shows the words the reader saw. Square brackets
that are not links (`[g]lobal`, `[providing]`) are the article's own editorial brackets and stay.
"""

from __future__ import annotations

import re

# CommonMark: any ASCII punctuation character may be backslash-escaped.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
_CODE = re.compile(r"`([^`]+)`")
_MARKUP = re.compile(r"[\\`\[*_]")  # a character that every mark above needs
# Escaped characters are set aside as private-use code points while the markup is removed,
# so that `\*` or `\[` is never read as markup.
_PRIVATE = 0xE000


def _hide(match: re.Match[str]) -> str:
    return chr(_PRIVATE + ord(match.group(1)))


_SHOWN = {_PRIVATE + code: code for code in range(128)}  # the escaped characters back, in one C pass


def _show(text: str) -> str:
    return text.translate(_SHOWN)


def clean(quote: str) -> str:
    """The quote as a reader sees it: links, bold, emphasis and code marks removed, escapes
    resolved, runs of whitespace (line breaks included) made one space."""
    if not _MARKUP.search(quote):  # no mark any rule below looks for: only the spaces to do
        return " ".join(quote.split())
    text = _ESCAPED.sub(_hide, quote)
    text = _CODE.sub(r"\1", text)
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return " ".join(_show(text).split())  # runs of whitespace (str.isspace's) made one space
