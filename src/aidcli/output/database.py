"""The dataset as a SQLite database for datasette and sqlite3: the donations as every row view
gives them (with `counted`, so `select sum(quantity) from donations where counted ...` is aidcli's
totals), donors and sources as tables the donations point to by foreign key, a full-text index
(FTS5) on quotes and notes, and views of the counted totals; and datasette's metadata.json (title,
licence, the source articles, a description of every column from datapackage.json).

Any other result is one table per section, its columns typed from their values."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import IO, Any

import pandas as pd

from aidcli.model.about import NOT_STATED, About
from aidcli.model.cells import plain
from aidcli.model.result import Result, Section
from aidcli.output.formats import NO_OPTIONS, Options

SQL_TYPES = {"string": "TEXT", "number": "NUMERIC", "integer": "INTEGER", "boolean": "INTEGER", "date": "TEXT"}
FOREIGN = {
    "donations": [("donor", "donors", "donor"), ("source", "sources", "source")],
    "donors": [("parent", "donors", "donor")],
}
FTS_COLUMNS = ("quote", "notes")
VIEWS = {
    # What `aidcli totals --kind all --flow all --status all` sums, per item, unit, status, kind and flow.
    "counted_totals": """select item, unit, status, kind, flow, sum(quantity) as quantity,
       sum(value_usd) as value_usd, count(distinct record_id) as records
  from donations where counted and quantity is not null
 group by item, unit, status, kind, flow order by item, unit, status, kind, flow""",
    # The same per recipient: a shared amount once, on its 'shared: ...' row.
    "counted_by_recipient": """select recipient, region, item, unit, status, kind, flow,
       sum(quantity) as quantity, count(distinct record_id) as records
  from donations where counted and quantity is not null
 group by recipient, region, item, unit, status, kind, flow order by recipient, item, unit, status""",
}


def _types(schema_name: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """The SQL type of each column of a table of the package, and its primary key."""
    from aidcli.model.schema import schemas

    found = schemas().get(schema_name)
    return ({f.name: SQL_TYPES.get(f.type, "TEXT") for f in found.fields}, found.primary_key) if found else ({}, ())


def _column_type(series: pd.Series) -> str:
    kind = series.dtype.kind
    if kind == "b" or str(series.dtype) == "boolean":
        return "INTEGER"
    if kind in "iu":
        return "INTEGER"
    if kind == "f":
        return "REAL"
    return "TEXT"


def _value(v: Any) -> Any:
    v = plain(v)
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (list, tuple)):
        return " ".join(map(str, v))
    if v is not None and not isinstance(v, (int, float, str)):
        return str(v)
    return v


def _quote(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def write(result: Result, out: IO[bytes], options: Options = NO_OPTIONS) -> None:
    """A Result's sections as tables of one SQLite database, written to `out`; the export's three
    tables with their keys, full-text index and views."""
    con = sqlite3.connect(":memory:")  # built in memory: no file in TMPDIR, which may be full
    try:
        _check_names(con, result.sections)
        _fill(con, result.sections)
        con.commit()
        out.write(con.serialize())
    except (sqlite3.DataError, sqlite3.OperationalError) as exc:
        from aidcli.model.errors import DataError

        raise DataError(f"the result cannot be written as a SQLite database ({exc})") from None
    finally:
        con.close()


# SQLite's own names of a row's number: a column of one of these names would hide it from the
# full-text index (content_rowid).
ROWID_NAMES = ("rowid", "oid", "_rowid_")


def _check_names(con: sqlite3.Connection, sections: list[Section]) -> None:
    """Column names SQLite can hold, checked before a table is made: names differ other than by
    case (SQLite's are case-blind), at most SQLITE_LIMIT_COLUMN of them (2,000 by default), none
    named as the row number in the table of the full-text index. A DataError names the column."""
    from aidcli.model.errors import DataError

    limit = con.getlimit(sqlite3.SQLITE_LIMIT_COLUMN)
    for s in sections:
        cols = [str(c) for c in s.frame.columns]
        if len(cols) > limit:
            raise DataError(
                f"table {s.key} has {len(cols):,} columns; a SQLite table holds at most {limit:,} "
                "(write CSV or Parquet instead)"
            )
        seen: dict[str, str] = {}
        for c in cols:
            if c.lower() in seen:
                raise DataError(
                    f"table {s.key} has the columns {seen[c.lower()]!r} and {c!r}, one name to SQLite "
                    "(its names ignore case); rename one, or write CSV or Parquet instead"
                )
            seen[c.lower()] = c
        if s.key == "donations" and (hidden := [c for c in cols if c.lower() in ROWID_NAMES]):
            raise DataError(
                f"table donations has a column {hidden[0]!r}, SQLite's own name of a row's number; "
                "rename it, or write CSV or Parquet instead"
            )


def _fill(con: sqlite3.Connection, sections: list[Section]) -> None:
    names = {s.key for s in sections}
    export = {"donations", "donors", "sources"} <= names
    order = sorted(sections, key=lambda s: ["sources", "donors"].index(s.key) if s.key in ("sources", "donors") else 2)
    for s in order:
        frame = s.frame
        typed, key = _types(s.key) if export else ({}, ())
        cols = [str(c) for c in frame.columns]
        defs = [f"{_quote(c)} {typed.get(c) or _column_type(frame[c])}" for c in cols]
        if key and set(key) <= set(cols):  # datasette's row URLs: the record's key, not a row number
            defs.append(f"PRIMARY KEY ({', '.join(map(_quote, key))})")
        if export:
            defs += [
                f"FOREIGN KEY ({_quote(c)}) REFERENCES {_quote(t)}({_quote(k)})"
                for c, t, k in FOREIGN.get(s.key, [])
                if c in cols
            ]
        con.execute(f"CREATE TABLE {_quote(s.key)} ({', '.join(defs)})")
        marks = ", ".join("?" * len(cols))
        con.executemany(
            f"INSERT INTO {_quote(s.key)} VALUES ({marks})",
            ([_value(v) for v in row] for row in frame.itertuples(index=False)),
        )
    if not export:
        return
    for table, column, *_ in [
        ("donations", "donor"),
        ("donations", "source"),
        ("donations", "recipient"),
        ("donations", "item"),
        ("donations", "record_id"),
    ]:
        con.execute(f"CREATE INDEX {table}_{column} ON {table}({column})")
    donations = next(s for s in sections if s.key == "donations").frame
    cols = [c for c in FTS_COLUMNS if c in {str(c) for c in donations.columns}]
    if cols:
        con.executescript(full_text("donations", cols))
    for name, sql in VIEWS.items():
        con.execute(f"CREATE VIEW {name} AS {sql}")


def full_text(table: str, columns: list[str]) -> str:
    """The full-text index of `table` as sqlite-utils' enable_fts writes it (FTS5, its statements
    character for character), so datasette and sqlite-utils find it by its content="table" clause
    (a quoted string, content='table', they do not recognise) and search it without metadata."""
    listed = ", ".join(map(_quote, columns))
    return (
        f"CREATE VIRTUAL TABLE {_quote(table + '_fts')} USING FTS5 (\n    {listed},\n    content={_quote(table)}\n);\n"
        f"INSERT INTO {_quote(table + '_fts')} (rowid, {listed})\n    SELECT rowid, {listed} FROM {_quote(table)};"
    )


def metadata(database: str, sources: pd.DataFrame, dataset: About) -> dict[str, Any]:
    """datasette's metadata for the exported database named `database` (its file's stem): the
    dataset's own title, description and licence (`dataset`), its source articles (`sources`, the
    export's), or that they are not stated (a CSV without a package); every table and column
    described by the package's schema."""
    from aidcli.model.schema import default_package, read_descriptor

    package = read_descriptor(default_package())  # the contract: every column's description
    licence, licence_url = dataset.licences[0] if dataset.licences else (NOT_STATED, "")
    articles = [
        f"{r['author'].replace('; ', ' and ')}, \u201c{r['title']}\u201d, {r['publisher']} ({r['published']})"
        for r in sources.astype(object).where(sources.notna(), "").to_dict(orient="records")
    ]
    source = "; ".join(articles) if dataset.stated and articles else NOT_STATED
    descriptions = {r["name"]: r for r in package.get("resources", [])}
    tables: dict[str, Any] = {}
    for name in ("donations", "donors", "sources", "claims"):
        resource = descriptions.get(name, {})
        fields = resource.get("schema", {}).get("fields", [])
        tables[name] = {
            "description": resource.get("description") or resource.get("title") or name,
            "columns": {f["name"]: f.get("description", "") for f in fields},
        }
    tables["donations"]["fts_table"] = "donations_fts"
    tables["donations"]["fts_pk"] = "rowid"
    tables["donations"]["description"] = (
        "One row per record, recipient and item, a shared amount once (on its 'shared: ...' row). "
        "A plain sum counts only rows with counted = 1: select item, unit, sum(quantity) from donations "
        "where counted and kind = 'donation' and flow = 'from-china' and status = 'delivered' group by item, unit "
        "gives aidcli totals. Search quotes and notes with the full-text index."
    )
    tables["counted_totals"] = {
        "description": "The counted amounts summed per item, unit, status, kind and flow "
        "(aidcli totals --kind all --flow all --status all)."
    }
    tables["counted_by_recipient"] = {
        "description": "The counted amounts per recipient, item, unit and status; "
        "a shared amount once, on its 'shared: ...' row."
    }
    said = {"license": licence, "license_url": licence_url, "source": source}
    return {
        "title": dataset.title,
        "description": dataset.description,
        **said,
        "databases": {database: {"tables": tables, **said}},
    }


def metadata_path(db: str | os.PathLike[str]) -> Path:
    """Where the metadata of `aid.db` goes: `aid.metadata.json` beside it."""
    p = Path(db)
    return p.with_name(p.stem + ".metadata.json")


def metadata_text(db: str | os.PathLike[str], sources: pd.DataFrame, dataset: About) -> str:
    """datasette's metadata.json of the database `db`, as the text of its file: the dataset's own
    title, description and licence (`dataset`)."""
    return json.dumps(metadata(Path(db).stem, sources, dataset), ensure_ascii=False, indent=2) + "\n"
