"""Load the data package into pandas, typed and checked by the schema in datapackage.json.

Every text column is read as a pandas categorical: the checks (enums, patterns,
numbers) then run once per distinct value instead of once per row, which keeps a
million-row file fast, and filters on text work on the categories too.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from aidcli.errors import DataError
from aidcli.schema import Schema, default_package, read_descriptor, schemas

TRUE_VALUES = frozenset({"true", "True", "TRUE", "1"})
FALSE_VALUES = frozenset({"false", "False", "FALSE", "0"})
MAX_PROBLEMS = 1000  # listed per file; the count of the rest is still reported
LARGE_FILE = 32 * 1024 * 1024  # from this size the multi-threaded pyarrow reader pays for its import


@dataclass(frozen=True)
class Problem:
    """One way a file breaks its schema. `row` counts the header as row 1, as Frictionless does."""

    file: str
    rule: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        value = "" if self.value is None else f" {_show(self.value)}"
        return f"{', '.join(where)}:{value} {self.rule}"


def _show(value: str) -> str:
    """A value as it goes into a one-line message: quoted, newlines escaped, long ones cut."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


@dataclass
class Dataset:
    """The three tables of a package; donors and sources are read when first used, and derived
    from the packaged ones when only a CSV is given."""

    donations: pd.DataFrame
    path: Path
    read_donors: Callable[[], pd.DataFrame] = field(repr=False)
    read_sources: Callable[[], pd.DataFrame] = field(repr=False)

    @cached_property
    def donors(self) -> pd.DataFrame:
        return self.read_donors()

    @cached_property
    def sources(self) -> pd.DataFrame:
        return self.read_sources()


class _Report:
    """Collects problems, keeping the first MAX_PROBLEMS and counting the rest."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.count = 0

    def add(self, problem: Problem) -> None:
        self.count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def at_rows(self, file: str, mask: np.ndarray, column: str, values: pd.Series, rule: str) -> None:
        rows = np.flatnonzero(mask)
        for i in rows[: max(MAX_PROBLEMS - len(self.problems), 0)]:
            value = values.iloc[i]
            self.problems.append(Problem(file, rule, int(i) + 2, column, None if pd.isna(value) else str(value)))
        self.count += len(rows)


def _byte_row(path: Path, offset: int) -> int:
    """The line number (header = 1) that holds a byte offset, for encoding errors."""
    with path.open("rb") as fh:
        return fh.read(offset).count(b"\n") + 1


def _read_raw(path: Path, report: _Report, usecols: list[str] | None = None) -> pd.DataFrame | None:
    """The CSV with every column as a categorical of strings; None when it cannot be parsed."""
    name = str(path)
    if not path.exists():
        report.add(Problem(name, "no such file"))
        return None
    if path.is_dir():
        report.add(Problem(name, "is a directory, not a CSV file or datapackage.json"))
        return None
    if path.stat().st_size == 0:
        report.add(Problem(name, "is empty (no header row)"))
        return None
    if path.stat().st_size >= LARGE_FILE:
        fast = _read_large(path, usecols)
        if fast is not None:
            return fast
    try:
        return pd.read_csv(
            path, dtype="category", keep_default_na=False, na_values=[""], encoding="utf-8-sig",
            usecols=(lambda c: c in usecols) if usecols else None, engine="c",
        )
    except UnicodeDecodeError as exc:
        report.add(Problem(name, f"is not UTF-8 (byte {exc.object[exc.start:exc.start + 1]!r} "
                                 f"at offset {exc.start}; save the file as UTF-8)",
                           row=_byte_row(path, exc.start)))
    except pd.errors.EmptyDataError:
        report.add(Problem(name, "is empty (no header row)"))
    except (pd.errors.ParserError, ValueError, OverflowError) as exc:
        report.add(Problem(name, f"is not a well-formed CSV file ({str(exc).strip().splitlines()[0]})"))
    except OSError as exc:
        report.add(Problem(name, f"cannot be read ({exc.strerror or exc})"))
    return None


def _read_large(path: Path, usecols: list[str] | None) -> pd.DataFrame | None:
    """A large CSV read by pyarrow on every core: text as categoricals, numbers as float64.

    None when pyarrow is missing or the file does not read cleanly (bad UTF-8, a number column
    holding text...): the pandas reader then reads it again and says where the problem is."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv
    except ImportError:
        return None
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
    except (OSError, UnicodeDecodeError, StopIteration, csv.Error):
        return None
    numbers = set(schemas()["donations"].of_type("number", "integer"))
    columns = [c for c in header if usecols is None or c in usecols]
    types = {c: pa.float64() if c in numbers else pa.dictionary(pa.int32(), pa.string()) for c in columns}
    try:
        table = pcsv.read_csv(
            path, read_options=pcsv.ReadOptions(block_size=4 << 20),  # fewer chunks: cheaper categoricals
            parse_options=pcsv.ParseOptions(newlines_in_values=True),
            convert_options=pcsv.ConvertOptions(include_columns=columns, column_types=types, null_values=[""],
                                                strings_can_be_null=True, quoted_strings_can_be_null=True))
    except (pa.ArrowException, OSError):
        return None
    return table.to_pandas()


def _as_number(col: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """A categorical column as float64, and a mask of the rows whose text is not a number."""
    cats = col.cat.categories
    codes = col.cat.codes.to_numpy()
    if len(cats) == 0:  # an all-empty column
        return pd.Series(np.full(len(col), np.nan), index=col.index, name=col.name), np.zeros(len(col), bool)
    nums = pd.to_numeric(pd.Series(cats.astype(str), dtype=object), errors="coerce").to_numpy(float)
    values = np.where(codes >= 0, nums[codes], np.nan)
    bad = (codes >= 0) & np.isnan(values)
    return pd.Series(values, index=col.index, name=col.name), bad


def _as_boolean(col: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """A categorical column of true/false words as a nullable boolean, and a mask of bad rows."""
    mapping = {c: (True if str(c) in TRUE_VALUES else False if str(c) in FALSE_VALUES else None)
               for c in col.cat.categories}
    values = col.map(mapping).astype("boolean")
    bad = (col.notna() & values.isna()).to_numpy()
    return values, bad


def _category_mask(col: pd.Series, bad_values: list[str]) -> np.ndarray:
    return col.isin(bad_values).to_numpy() if bad_values else np.zeros(len(col), bool)


def _typed(df: pd.DataFrame, schema: Schema, file: str, report: _Report, trusted: bool = False) -> pd.DataFrame:
    """Check every field against its constraints and convert it to its schema type.

    `trusted` (the packaged dataset, which the test-suite validates) converts without checking."""
    out = {}
    for name in df.columns:
        col = df[name]
        if name not in schema.names:
            out[name] = col  # extra columns are allowed and kept as text
            continue
        f = schema.field(name)
        if f.required and not trusted:
            report.at_rows(file, col.isna().to_numpy(), name, col, "is empty, but the field is required")
        if f.type in ("number", "integer"):
            if col.dtype.kind == "f":  # already read as numbers (the large-file reader)
                values, bad = col, np.zeros(len(col), bool)
            else:
                values, bad = _as_number(col)
            report.at_rows(file, bad, name, col, f"is not a {f.type}")
            if f.type == "integer":
                frac = ~np.isnan(values.to_numpy()) & (values.to_numpy() % 1 != 0)
                report.at_rows(file, frac, name, col, "is not an integer")
            if f.minimum is not None:
                report.at_rows(file, (values < f.minimum).to_numpy(), name, col,
                               f"is below the minimum {f.minimum:g}")
            out[name] = values
            continue
        if f.type == "boolean":
            values, bad = _as_boolean(col)
            report.at_rows(file, bad, name, col, "is not true or false")
            out[name] = values
            continue
        cats = col.cat.categories
        if cats.inferred_type != "string":  # pandas inferred numbers or booleans: keep the text
            col = col.cat.rename_categories([str(c) for c in cats])
            cats = col.cat.categories
        if trusted:
            out[name] = col
            continue
        if f.enum:
            bad = list(cats[~cats.isin(f.enum)])
            report.at_rows(file, _category_mask(col, bad), name, col,
                           f"is not one of: {', '.join(f.enum)}")
        if f.pattern:
            bad = list(cats[~cats.str.fullmatch(f.pattern)])
            report.at_rows(file, _category_mask(col, bad), name, col,
                           f"does not match the pattern {f.pattern}")
        out[name] = col
    typed = pd.DataFrame(out, index=df.index)
    if trusted:
        return typed
    if schema.primary_key and all(k in typed.columns for k in schema.primary_key):
        dup = _duplicated(typed, list(schema.primary_key))
        key = typed[list(schema.primary_key)].astype(str).agg(" / ".join, axis=1) if dup.any() else None
        if key is not None:
            report.at_rows(file, dup, "+".join(schema.primary_key), key, "repeats a primary key")
    for f in schema.fields:
        if f.unique and f.name in typed.columns:
            dup = typed[f.name].duplicated(keep="first").to_numpy() & typed[f.name].notna().to_numpy()
            report.at_rows(file, dup, f.name, typed[f.name], "repeats a value that must be unique")
    return typed


def _duplicated(df: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """Rows whose key repeats an earlier row's; on categorical codes when it can (fast at scale)."""
    if all(isinstance(df[k].dtype, pd.CategoricalDtype) for k in keys):
        combined = np.zeros(len(df), np.int64)
        for k in keys:
            codes = df[k].cat.codes.to_numpy().astype(np.int64) + 1  # missing (-1) becomes 0
            combined = combined * (len(df[k].cat.categories) + 1) + codes
        if len(keys) <= 3 and np.prod([len(df[k].cat.categories) + 1 for k in keys], dtype=float) < 2**62:
            return pd.Series(combined).duplicated(keep="first").to_numpy()
    return df.duplicated(subset=keys, keep="first").to_numpy()


def _read_table(path: Path, schema: Schema, report: _Report, usecols: list[str] | None = None,
                trusted: bool = False) -> pd.DataFrame | None:
    """Read one resource and check its header, types and constraints."""
    raw = _read_raw(path, report, usecols)
    if raw is None:
        return None
    wanted = [f for f in schema.fields if usecols is None or f.name in usecols]
    missing = [f.name for f in wanted if f.name not in raw.columns]
    required_missing = [n for n in missing if schema.field(n).required]
    if required_missing:
        report.add(Problem(str(path), "lacks the required column(s) " + ", ".join(required_missing)
                           + f"; expected columns: {', '.join(schema.names)}", row=1))
        return None
    for name in missing:  # optional columns may be left out of a user's file
        raw[name] = pd.Series(pd.Categorical([None] * len(raw), categories=[]), index=raw.index)
    return _typed(raw, schema, str(path), report, trusted)


def _foreign_keys(tables: dict[str, pd.DataFrame], all_schemas: dict[str, Schema],
                  files: dict[str, str], report: _Report) -> None:
    """Every value of a foreign key must name a row of the table it points at."""
    for resource, schema in all_schemas.items():
        df = tables.get(resource)
        for column, ref_resource, ref_field in schema.foreign_keys:
            ref = tables.get(ref_resource)
            if df is None or ref is None or column not in df or ref_field not in ref:
                continue
            known = set(ref[ref_field].dropna().astype(str))
            col = df[column]
            bad = [str(c) for c in col.cat.categories if str(c) not in known]
            report.at_rows(files[resource], _category_mask(col, bad), column, col,
                           f"is not a {ref_field} in {ref_resource}")


def _derived_donors(donations: pd.DataFrame, packaged: pd.DataFrame) -> pd.DataFrame:
    """Donor entities of a bare donations CSV: the packaged entity where the name is known (with
    its parent, members and aliases, and those it names), else the CSV's own donor and type."""
    used = set(donations["donor"].dropna().astype(str))
    known = packaged[packaged["donor"].isin(used)]
    linked = set(known["parent"].dropna())
    for members in known["members"].dropna():
        linked.update(m.strip() for m in members.split(";"))
    known = packaged[packaged["donor"].isin(used | linked)]
    cols = [c for c in ("donor", "donor_type", "donor_country") if c in donations]
    own = donations[cols].astype(object).drop_duplicates("donor").rename(columns={"donor_country": "country"})
    own = own[~own["donor"].isin(known["donor"])]
    for extra in ("parent", "members", "aliases"):
        own[extra] = np.nan
    return pd.concat([known, own], ignore_index=True)


def _package_files(package: Path) -> dict[str, Path]:
    descriptor = read_descriptor(package)
    files = {}
    for resource in descriptor["resources"]:
        if "name" in resource and isinstance(resource.get("path"), str):
            files[resource["name"]] = package.parent / resource["path"]
    if "donations" not in files:
        raise DataError(f"{package}: the package has no 'donations' resource")
    return files


def _resolve(path: Path | None) -> Path:
    path = Path(path) if path is not None else default_package()
    if path.is_dir() and (path / "datapackage.json").is_file():
        return path / "datapackage.json"
    return path


def check(path: Path | None, usecols: list[str] | None = None) -> tuple[dict[str, pd.DataFrame], _Report]:
    """Read a CSV of donations or a datapackage.json; every table read and every problem found."""
    path = _resolve(path)
    report = _Report()
    contract = schemas()
    if path.suffix.lower() == ".json":
        if not path.is_file():
            raise DataError(f"{path}: no such file")
        files = _package_files(path)
        pkg_schemas = {name: s for name, s in schemas(path).items() if name in files}
        tables = {}
        for name, file in files.items():
            schema = contract.get(name, pkg_schemas.get(name))
            if schema is None:
                continue
            table = _read_table(file, schema, report, usecols if name == "donations" else None)
            if table is not None:
                tables[name] = table
        _foreign_keys(tables, contract, {n: str(f) for n, f in files.items()}, report)
        return tables, report
    table = _read_table(path, contract["donations"], report, usecols)
    return ({"donations": table} if table is not None else {}), report


def load(path: Path | None = None, usecols: list[str] | None = None) -> Dataset:
    """The dataset at `path` (default: the packaged one), or a DataError that says why not."""
    resolved = _resolve(path)
    if resolved == default_package():  # validated by the test-suite: converted, not re-checked
        report = _Report()
        donations = _read_table(_package_files(resolved)["donations"], schemas()["donations"], report,
                                usecols, trusted=True)
        if donations is None:
            raise DataError(str(report.problems[0]))
        return Dataset(donations, resolved, lambda: packaged_table("donors"), lambda: packaged_table("sources"))
    tables, report = check(resolved, usecols)
    if report.count:
        first = report.problems[0]
        more = report.count - 1
        tail = f" (and {more} more problem{'s' * (more > 1)}; 'aidcli validate {resolved}' lists them)" if more else ""
        raise DataError(f"{first}{tail}")
    donations = tables["donations"]

    def donors() -> pd.DataFrame:
        return tables["donors"] if "donors" in tables else _derived_donors(donations, packaged_table("donors"))

    def sources() -> pd.DataFrame:
        if "sources" in tables:
            return tables["sources"]
        ids = pd.DataFrame({"source": sorted(donations["source"].dropna().astype(str).unique())})
        return ids.merge(packaged_table("sources"), on="source", how="left")

    return Dataset(donations, resolved, donors, sources)


def packaged_table(name: str) -> pd.DataFrame:
    """A table of the packaged dataset (donors, sources), to describe a user's bare CSV."""
    package = default_package()
    report = _Report()
    table = _read_table(_package_files(package)[name], schemas()[name], report, trusted=True)
    if table is None:
        raise DataError(str(report.problems[0]))
    return table.astype(object)
