"""Read the donor's own figures (claims.csv, the package's `claims` resource) as a table of text
and numbers. Read only by the views that show claims, never by a list or a sum: the articles'
queries never pay for them."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import pandas as pd

from aidcli.model.errors import DataError
from aidcli.model.schema import default_package, read_descriptor

INTEGERS = ("quantity", "entry", "line_no")


def claims_file(package: Path | None = None, packaged: bool = True) -> Path:
    """The claims.csv of a datapackage.json that has a `claims` resource, else (with `packaged`)
    the packaged one."""
    for path in (package, default_package() if packaged or package is None else None):
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


MENTIONED = ["recipient", "source_kind", "entry", "as_of", "quantity", "unit", "goods", "progress"]


def for_recipient(name: str, package: Path | None = None) -> list[dict[str, str]]:
    """The claims of one country line (as text, only the columns a one-line mention needs), in
    order of time: what by-country and show mention, about 2 ms. None for a dataset of a user's own
    without claims: the packaged donor's figures describe the packaged records."""
    try:
        path = claims_file(package, packaged=False)
    except DataError:
        return []
    try:
        raw = path.read_bytes()
        if f",{name},".encode() not in raw and f',"{name}",'.encode() not in raw:
            return []  # most countries have no line in the donor's table: nothing to parse
        frame = pd.read_csv(io.BytesIO(raw), usecols=MENTIONED, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: not a readable claims table ({exc})") from None
    header = [str(c) for c in frame.columns]
    at = header.index("recipient")
    return [dict(zip(header, row, strict=True)) for row in frame.to_numpy().tolist() if row[at] == name]
