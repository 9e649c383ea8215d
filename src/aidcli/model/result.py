"""The model every result is made of: Sections (a titled table and the sentence that says what
it leaves out) gathered in a Result, which render.emit writes in every format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from aidcli.model.errors import DataError

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

    def __post_init__(self) -> None:
        """A sum beyond the largest float (about 1.8e308) is infinite: said as a data error, so no
        format ever prints inf for a number (the data's own figures are checked finite)."""
        for i, (name, dtype) in enumerate(
            self.frame.dtypes.items()
        ):  # the dtypes first: a column is fetched only if float
            if dtype.kind == "f" and np.isinf(self.frame.iloc[:, i].to_numpy()).any():
                raise DataError(
                    f"{self.title or self.key}: a sum in column {name!r} is larger than the largest number aidcli "
                    "adds (about 1.8e308); the data's figures are too large to total"
                )


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
