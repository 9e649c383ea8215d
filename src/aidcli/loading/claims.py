"""Read the donor's own figures (claims.csv, the package's `claims` resource) as a table of text
and numbers. Read only by the views that show claims, never by a list or a sum: the articles'
queries never pay for them."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

from aidcli.model.errors import DataError
from aidcli.model.schema import default_package, read_descriptor

INTEGERS = ("quantity", "entry", "line_no")


def claims_file(package: Path | None = None) -> Path:
    """The claims.csv of a datapackage.json that has a `claims` resource, else the packaged one."""
    for path in (package, default_package()):
        if path is None or path.suffix.lower() != ".json" or not path.is_file():
            continue
        for resource in read_descriptor(path)["resources"]:
            if resource.get("name") == "claims" and isinstance(resource.get("path"), str):
                return path.parent / resource["path"]
    raise DataError("the donor's claims are missing (no 'claims' resource in the packaged datapackage.json)")


@lru_cache(maxsize=2)
def load(package: Path | None = None) -> pd.DataFrame:
    """Every claim, in the file's order (time, file, line); quantities, entries and line numbers
    as integers. A DataError naming the file when it cannot be read."""
    path = claims_file(package)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        for name in INTEGERS:
            frame[name] = frame[name].astype(int)
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"{path}: not a readable claims table ({exc})") from None
    return frame


def for_recipient(name: str, package: Path | None = None) -> list[dict[str, str]]:
    """The claims of one country line (as text), read with the csv module: what by-country and show
    mention, without pandas' parse of the whole table."""
    path = claims_file(package)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return [row for row in csv.DictReader(fh) if row["recipient"] == name]
    except (OSError, UnicodeDecodeError, KeyError) as exc:
        raise DataError(f"{path}: not a readable claims table ({exc})") from None
