"""The model every result is made of: Sections (a titled table and the sentence that says what
it leaves out) gathered in a Result, which render.emit writes in every format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass
class Section:
    """A titled table and the sentence that says what it leaves out."""

    key: str
    title: str
    frame: pd.DataFrame
    caption: str = ""
    # The whole JSON document of the result this section opens, in place of its rows as objects
    # (show: one typed object per record); None for a table's rows.
    json: Any = None


@dataclass
class Result:
    """What a command prints: sections, the one a one-table format carries, and notes for stderr."""

    sections: list[Section]
    csv_section: str | None = None
    notes: list[str] = field(default_factory=list)
    csv_only: Section | None = None  # a table only one-table formats carry (show: every column of the rows)
    left_out: dict[str, list[str]] = field(default_factory=dict)  # what the rules left out: reason -> record ids
