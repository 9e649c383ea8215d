"""`aidcli validate`'s work, and the reading of a datapackage.json: every table of a dataset
read from its files (tables.py) and checked against its schema (rules.py), every problem kept."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from aidcli.loading import tables as reading
from aidcli.loading.members import per_member
from aidcli.loading.rules import Problem, Report, _foreign_keys, hazards
from aidcli.model.columns import NAME_COLUMNS
from aidcli.model.errors import DataError
from aidcli.model.schema import schemas


def _member_lists(donations: pd.DataFrame, file: str, report: Report) -> None:
    """A shared amount's member lists in step (as every command needs them, loading/members.py)."""
    try:
        per_member(donations, file)
    except DataError as exc:
        report.add(Problem(file, str(exc).removeprefix(f"{file}: ")))


def check(
    path: Path | None, usecols: list[str] | None = None, with_hazards: bool = False
) -> tuple[dict[str, pd.DataFrame], Report]:
    """Read a CSV of donations or a datapackage.json; every table read and every problem found
    (`with_hazards`: the values dangerous in a spreadsheet or a terminal too, for `validate`).

    Never from the cache: validation reads the file itself."""
    path = reading.resolve(path)
    report = Report()
    contract = schemas()
    if path.suffix.lower() != ".json":
        table = reading.read_table(path, contract["donations"], report, usecols)
        if table is not None and with_hazards:
            hazards(table, str(path), report, NAME_COLUMNS["donations"])
            _member_lists(table, str(path), report)
        return ({"donations": table} if table is not None else {}), report
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    files = reading.package_files(path)
    pkg_schemas = {name: s for name, s in schemas(path).items() if name in files}
    tables = {}
    for name, file in files.items():
        schema = contract.get(name, pkg_schemas.get(name))
        if schema is None:
            continue
        table = reading.read_table(file, schema, report, usecols if name == "donations" else None)
        if table is not None:
            tables[name] = table
            if with_hazards:
                hazards(table, str(file), report, NAME_COLUMNS.get(name))
                if name == "donations":
                    _member_lists(table, str(file), report)
    _foreign_keys(tables, contract, {n: str(f) for n, f in files.items()}, report)
    return tables, report
