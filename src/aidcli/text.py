"""Text as a person reads it: the seed's Markdown taken out of a quote."""

import re


def clean(quote: str) -> str:
    """A verbatim quote without the seed's Markdown: links as their words, no emphasis marks."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", quote)
    text = re.sub(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", text)
    return " ".join(text.split())
