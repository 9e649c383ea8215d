"""A Session: a dataset and the filters typed against it. Light: names resolve against the
data's names read with the csv module (catalog.py) where the file is small, so a misspelt name
or an unknown donor fails, with suggestions, before pandas is imported."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from aidcli.loading import catalog
from aidcli.model.errors import UsageError
from aidcli.query import filters, names

if TYPE_CHECKING:
    import pandas as pd

    from aidcli.loading.data import Dataset
    from aidcli.query import counting


class Session:
    """A dataset and the filters typed against it. Names resolve against the data's names read
    without pandas where the file is small, so a bad name fails before the heavy imports."""

    def __init__(
        self,
        data: Path | None,
        raw: dict[str, list[str]] | None = None,
        columns: set[str] | None = None,
        cache: bool = True,
        dataset: Dataset | None = None,
        names_of: catalog.Catalog | None = None,
    ) -> None:
        self.data = data
        self.cache = cache
        self.raw = raw or {}
        self.columns = columns  # None: every column
        if dataset is not None:  # already loaded (the Python API keeps one per dataset)
            self.__dict__["dataset"] = dataset
        self._catalog = names_of or (catalog.light(data, cache) if dataset is None else None)
        if self._catalog is not None:
            _ = self.resolved  # resolve now: usage errors before the data is loaded

    def place(self, text: str, compare: bool = False) -> names.Place:
        """A recipient typed as an argument (by-country, compare)."""
        from aidcli.model.schema import donations_schema

        return names.resolve_place(text, self.catalog, donations_schema().field("region").enum, donors=compare)

    def donor(self, text: str) -> names.DonorMatch:
        """A donor typed as an argument (by-donor, compare --donors)."""
        return names.resolve_donor(text, self.catalog)

    def picks(self, typed: list[str], donors: bool) -> dict[str, names.Place | names.DonorMatch]:
        """The names of a comparison by label: two or more places, or donors."""
        if len(typed) < 2:
            raise UsageError("compare needs at least two names")
        picks: dict[str, names.Place | names.DonorMatch] = {}
        for text in typed:
            if donors:
                donor = self.donor(text)
                picks[donor.name] = donor
            else:
                place = self.place(text, compare=True)
                picks[place.label] = place
        return picks

    @cached_property
    def dataset(self) -> Dataset:
        from aidcli.loading import data

        wanted = None if self.columns is None else sorted(self.columns | filters.columns(self.raw))
        return data.load(self.data, wanted, cache=self.cache)

    @property
    def catalog(self) -> catalog.Catalog:
        if self._catalog is None:
            ds = self.dataset
            columns = ds.donations.columns  # a pruned read: donors and sources only where read
            self._catalog = catalog.from_frames(
                ds.donations, ds.donors if "donor" in columns else None, ds.sources if "source" in columns else None
            )
            if set(catalog.FRAME_NAMED) <= set(columns):  # every name read: kept for the next run
                catalog.remember(self.data, self._catalog, self.cache)
        return self._catalog

    @cached_property
    def resolved(self) -> filters.Resolved:
        known = self.catalog if filters.needs_names(self.raw) else catalog.Catalog((), (), (), ())
        return filters.resolve(self.raw, known)

    def rows(self) -> tuple[pd.DataFrame, dict[str, list[str]]]:
        """The rows that pass the filters, and what the date range left out."""
        return filters.apply(self.dataset.donations, self.resolved)

    def scope(self, rows: pd.DataFrame, left_out: dict[str, list[str]], both_flows: bool = False) -> counting.Scope:
        """The rows sums may count, under the user's --kind, --flow and --status."""
        from aidcli.query import counting

        r = self.resolved
        return counting.scope(rows, r.get("kind"), r.get("flow"), r.get("status"), left_out, both_flows)
