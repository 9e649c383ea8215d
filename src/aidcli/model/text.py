"""Text from data made safe for a terminal (`printable`) or flagged where a spreadsheet would run
it (`looks_like_formula`): a name or a note of a user's file may hold anything. Light: imported
for every message, so the Markdown of quotes (quotes.py) is not compiled here."""

from __future__ import annotations

import re

# C0 and C1 control characters and DEL (ESC starts the sequences that retitle a window, clear the
# screen, write the clipboard or make links), and the bidirectional controls that reorder what a
# terminal shows ("Trojan Source").
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# The same, less tab and line breaks, which a quote or a note may hold on purpose.
_HAZARD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What XML 1.0, and so a worksheet, cannot hold at all: the C0 controls but tab and line breaks.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# What makes a spreadsheet read a text cell as a formula (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text a terminal shows and never obeys: each control character (ESC, BEL, CSI, DEL, a line
    break...) and bidirectional control written as its escape, \\x1b or \\u202e."""
    return _CONTROL.sub(_escaped, text) if _CONTROL.search(text) else text


def xml_text(text: str) -> str:
    """Text a worksheet can hold: each control character XML forbids (ESC, BEL...) written as its
    escape, \\x1b, as a screen shows it; tab and line breaks kept."""
    return _NOT_XML.sub(_escaped, text) if _NOT_XML.search(text) else text


def control_characters(text: str) -> list[str]:
    """The control characters a value holds, other than tab and line breaks, each once, escaped."""
    return list(dict.fromkeys(_escaped(m) for m in _HAZARD.finditer(text)))


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet opening a CSV would run this text cell as a formula."""
    return text.startswith(FORMULA_START)


# Letters of other scripts drawn as a Latin letter in most fonts (Unicode's confusables.txt, the
# Cyrillic and Greek ones a name is likely to hold): a name spelt with one looks like another.
_LOOKALIKES = str.maketrans(
    "авекмнорстухіјѕһԁАВЕКМНОРСТУХІЈЅαορνιΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aBekMHopctyxijshdABEKMHOPCTYXIJSaopviABEZHIKMNOPTYX",
)


def skeleton(text: str) -> str:
    """What a name looks like: compatibility forms folded (NFKC: full-width letters), invisible
    characters left out (format characters such as a zero-width space or a soft hyphen, and
    variation selectors), and letters of other scripts drawn as Latin ones read as those."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text)
    seen = "".join(c for c in folded if unicodedata.category(c) != "Cf" and not ("\ufe00" <= c <= "\ufe0f"))
    return seen.translate(_LOOKALIKES)


def lookalikes(names: list[str]) -> dict[str, str]:
    """Each name that looks the same as another of `names` but is not the same text, with the
    name it looks like: the plain one of the pair (its own skeleton), else the first."""
    groups: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        groups.setdefault(skeleton(name), []).append(name)
    found: dict[str, str] = {}
    for look, same in groups.items():
        if len(same) > 1:
            plain = next((n for n in same if n == look), same[0])
            found |= {n: plain for n in same if n != plain}
    return found
