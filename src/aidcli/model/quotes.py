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
# Bold is `(\*\*|__)(?=\S)(.+?)(?<=\S)\1`: an opening mark before a non-space, the first closing
# mark after a non-space on the same line. Done by _strong in one pass: that expression alone
# searches to the line's end from every opening mark without a closing one (`**a ` repeated
# 64,000 times: minutes).
_OPENS = re.compile(r"(?=(\*\*|__)\S)")
_CLOSES = {mark: re.compile(r"(?<=\S)(?=" + re.escape(mark) + ")") for mark in ("**", "__")}
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
_CODE = re.compile(r"`([^`]+)`")
_MARKUP = re.compile(r"[\\`\[*_]")  # a character that every mark above needs
# Escaped characters are set aside as private-use code points while the markup is removed,
# so that `\*` or `\[` is never read as markup.
_PRIVATE = 0xE000


def _hide(match: re.Match[str]) -> str:
    return chr(_PRIVATE + ord(match.group(1)))


_SHOWN = {_PRIVATE + code: code for code in range(128)}  # the escaped characters back, in one C pass


def _strong(text: str) -> str:
    """Bold marks removed, as re.sub of the expression above would, in time linear in the text:
    the closing marks and line breaks are found once and each opening mark looks up the first
    closing mark after it."""
    from bisect import bisect_left

    closes = {mark: [m.start() for m in rx.finditer(text)] for mark, rx in _CLOSES.items()}
    breaks = [m.start() for m in re.finditer("\n", text)] + [len(text)]
    out, done = [], 0
    for m in _OPENS.finditer(text):
        start = m.start()
        if start < done:
            continue
        line_end = breaks[bisect_left(breaks, start)]
        for mark in ("**", "__"):
            if not text.startswith(mark, start):
                continue
            found = closes[mark]
            i = bisect_left(found, start + 3)  # at least one character between the marks
            if i < len(found) and found[i] + 2 <= line_end:
                out += [text[done:start], text[start + 2 : found[i]]]
                done = found[i] + 2
                break
    return "".join(out) + text[done:]


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
    text = _strong(text)
    text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return " ".join(_show(text).split())  # runs of whitespace (str.isspace's) made one space
