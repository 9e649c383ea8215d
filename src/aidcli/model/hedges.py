"""The hedging words of a sentence: the words by which an article says it is not sure that what it
reports happened ("reportedly donated", "it is unclear if this number is included", "may"). The
data's `hedges` column holds them for each record's quote (scripts/build_dataset.py writes it with
`hedges`), and `--hedged` keeps the records whose quote has one. No pandas here.

Each entry of HEDGES is found as a whole word or phrase (any spaces between its words), ignoring
case, except `may`, found only in lower case: "May" with a capital is the month. A number's own
qualifier (nearly, over, up to, some) is not a hedge: it is the `approx` column.
"""

from __future__ import annotations

import re

HEDGES = (
    "reportedly",
    "allegedly",
    "presumably",
    "apparently",
    "supposedly",
    "purportedly",
    "reputedly",
    "seemingly",
    "possibly",
    "perhaps",
    "probably",
    "likely",
    "unlikely",
    "rumoured",
    "rumored",
    "unconfirmed",
    "unverified",
    "uncertain",
    "unclear",
    "not clear",
    "it appears",
    "it seems",
    "may",
    "might",
)
CASED = ("may",)  # found only as written: "May" is the month
SEPARATOR = "; "


def _pattern(entry: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(w) for w in entry.split())
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", 0 if entry in CASED else re.IGNORECASE)


PATTERNS = tuple((entry, _pattern(entry)) for entry in HEDGES)


def found(text: str) -> list[str]:
    """The entries of HEDGES in `text`, in the order they first appear (each once)."""
    hits = []
    for n, (entry, pattern) in enumerate(PATTERNS):
        m = pattern.search(text)
        if m:
            hits.append((m.start(), n, entry))
    return [entry for _, _, entry in sorted(hits)]


def hedges(text: str) -> str:
    """The `hedges` cell of a quote: its hedging words, separated by '; ' (empty when it has none)."""
    return SEPARATOR.join(found(text))


def hedged(text: str) -> bool:
    """Whether a quote hedges."""
    return any(pattern.search(text) for _, pattern in PATTERNS)
