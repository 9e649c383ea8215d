"""Text for people to read: quotes without the seed's Markdown (the data keeps the quote
verbatim), and text from data made safe for a terminal (`printable`) or flagged where a
spreadsheet would run it (`looks_like_formula`).

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


# ---- text from data that reaches a terminal or a spreadsheet ----

# C0 and C1 control characters and DEL (ESC starts the sequences that retitle a window, clear the
# screen, write the clipboard or make links), and the bidirectional controls that reorder what a
# terminal shows ("Trojan Source").
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# The same, less tab and line breaks, which a quote or a note may hold on purpose.
_HAZARD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What makes a spreadsheet read a text cell as a formula (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text a terminal shows and never obeys: each control character (ESC, BEL, CSI, DEL, a line
    break...) and bidirectional control written as its escape, \\x1b or \\u202e."""
    return _CONTROL.sub(_escaped, text) if _CONTROL.search(text) else text


def control_characters(text: str) -> list[str]:
    """The control characters a value holds, other than tab and line breaks, each once, escaped."""
    return list(dict.fromkeys(_escaped(m) for m in _HAZARD.finditer(text)))


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet opening a CSV would run this text cell as a formula."""
    return text.startswith(FORMULA_START)
