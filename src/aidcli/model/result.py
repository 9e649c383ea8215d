"""The model every result is made of: Sections (a titled table and the sentence that says what
it leaves out) gathered in a Result, which render.emit writes in every format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from aidcli.model.about import About


@dataclass
class Section:
    """A titled table and the sentence that says what it leaves out."""

    key: str
    title: str
    frame: pd.DataFrame
    caption: str = ""
    # The whole JSON document of the result whose main section this is, in place of its rows as
    # objects (show: one typed object per record); None for a table's rows.
    json: Any = None


@dataclass
class Result:
    """What a command prints: sections, the key of the main one, and notes for stderr."""

    sections: list[Section]
    main_key: str | None = None  # the main section's key; None: the first section
    notes: list[str] = field(default_factory=list)
    csv_only: Section | None = None  # a table only one-table formats carry (show: every column of the rows)
    left_out: dict[str, list[str]] = field(default_factory=dict)  # what the rules left out: reason -> record ids
    about: About | None = None  # the dataset's title, licence and sources, for the formats that name them

    @property
    def main(self) -> Section:
        """The main section: the one a one-table format carries, --columns and --sort cut, and the
        Python API's `frame`; the first where no key names one."""
        return next((s for s in self.sections if s.key == self.main_key), self.sections[0])
