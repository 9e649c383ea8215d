"""The Table Schema of the dataset, read from datapackage.json (the only copy of it).

Light on purpose: no pandas here, so help, completion and usage errors can use it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from aidcli.model.errors import DataError

_HERE = Path(__file__).resolve().parents[1]  # the aidcli package


def default_package() -> Path:
    """The packaged datapackage.json: inside an installed wheel, else the checkout's data/."""
    for candidate in (_HERE / "_data", _HERE.parents[1] / "data"):
        if (candidate / "datapackage.json").is_file():
            return candidate / "datapackage.json"
    raise DataError("the packaged dataset is missing (no datapackage.json found)")


class Field(NamedTuple):
    """One column: its Table Schema type and constraints."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    minimum: float | None = None
    hxl: str = ""  # the field's HXL hashtag, for --hxl


class Schema(NamedTuple):
    """A resource's fields, primary key and foreign keys."""

    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, resource, field)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def of_type(self, *types: str) -> list[str]:
        return [f.name for f in self.fields if f.type in types]


def _schema(resource: dict) -> Schema:
    raw = resource.get("schema", {})
    fields = []
    for f in raw.get("fields", []):
        c = f.get("constraints", {})
        fields.append(
            Field(
                name=f["name"],
                type=f.get("type", "string"),
                description=f.get("description", ""),
                required=bool(c.get("required")),
                unique=bool(c.get("unique")),
                enum=tuple(c.get("enum", ())),
                pattern=c.get("pattern"),
                minimum=c.get("minimum"),
                hxl=f.get("hxl", ""),
            )
        )
    pk = raw.get("primaryKey", ())
    fks = []
    for fk in raw.get("foreignKeys", []):
        ref = fk["reference"]
        fks.append((fk["fields"], ref.get("resource") or resource["name"], ref["fields"]))
    return Schema(tuple(fields), tuple([pk] if isinstance(pk, str) else pk), tuple(fks))


@lru_cache(maxsize=8)
def read_descriptor(path: Path) -> dict:
    """A datapackage.json as a dict; a DataError naming the file when it is not one."""
    if path.exists() and not path.is_file() and not path.is_dir():
        raise DataError(f"{path}: not a regular file (a device, FIFO or socket)")
    try:
        if path.stat().st_size > MAX_DESCRIPTOR:
            raise DataError(f"{path}: too large for a datapackage.json (over {MAX_DESCRIPTOR // 2**20} MB)")
        descriptor = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path}: not a readable datapackage.json ({exc})") from None
    except RecursionError:
        raise DataError(f"{path}: not a readable datapackage.json (nested too deeply)") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DataError(f"{path}: not a data package (no 'resources' list)")
    for n, resource in enumerate(descriptor["resources"], 1):
        _check_resource(path, n, resource)
    return descriptor


MAX_DESCRIPTOR = 16 * 2**20  # bytes: a descriptor is a few KB; a larger one is not worth reading


def _check_resource(path: Path, n: int, resource: object) -> None:
    """A resource as aidcli reads it: an object with a name, its path inside the package's folder
    (no URL, no absolute path, no '..': Frictionless calls those unsafe), a schema of named fields."""
    where = f"{path}: resource {n}"
    if not isinstance(resource, dict):
        raise DataError(f"{where} is not an object")
    if not isinstance(resource.get("name"), str):
        raise DataError(f"{where} has no name")
    where = f"{path}: resource '{resource['name']}'"
    if "path" in resource:
        local = resource["path"]
        if not isinstance(local, str) or not local:
            raise DataError(f"{where}: its path is not a file name")
        if (
            "://" in local
            or local.startswith(("/", "\\"))
            or Path(local).is_absolute()
            or ".." in Path(local.replace("\\", "/")).parts
            or ":" in local.split("/")[0]
        ):
            raise DataError(
                f"{where}: its path {local!r} leaves the package's folder (or is a URL); "
                "only files inside the folder are read"
            )
    schema = resource.get("schema", {})
    if not isinstance(schema, dict) or not isinstance(schema.get("fields", []), list):
        raise DataError(f"{where}: its schema is not an object with a list of fields")
    for i, f in enumerate(schema.get("fields", []), 1):
        if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not f["name"]:
            raise DataError(f"{where}: field {i} has no name")
        if not isinstance(f.get("constraints", {}), dict):
            raise DataError(f"{where}: field '{f['name']}' has constraints that are not an object")
        _check_constraints(f"{where}: field '{f['name']}'", f.get("constraints", {}))
    _check_keys(where, schema)


def _check_constraints(where: str, constraints: dict) -> None:
    """Constraints aidcli can apply: an enum is a list, a pattern a regular expression, a minimum a
    number (a package is someone else's file: a wrong one is its error, not aidcli's failure)."""
    import re

    enum = constraints.get("enum", [])
    if not isinstance(enum, list) or not all(isinstance(v, str | int | float) for v in enum):
        raise DataError(f"{where}: its enum is not a list of values")
    pattern = constraints.get("pattern")
    if pattern is not None:
        if not isinstance(pattern, str):
            raise DataError(f"{where}: its pattern is not text")
        try:
            re.compile(pattern)
        except (re.error, RecursionError, OverflowError) as exc:
            raise DataError(f"{where}: its pattern {pattern!r} is not a regular expression ({exc})") from None
    for bound in ("minimum", "maximum"):
        value = constraints.get(bound)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise DataError(f"{where}: its {bound} {value!r} is not a number")


def _check_keys(where: str, schema: dict) -> None:
    """A primary key is a field name or a list of them; a foreign key an object whose fields name
    a field and whose reference is an object naming a resource and a field."""
    pk = schema.get("primaryKey", [])
    if not isinstance(pk, str) and not (isinstance(pk, list) and all(isinstance(k, str) for k in pk)):
        raise DataError(f"{where}: its primaryKey is not a field name or a list of them")
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list):
        raise DataError(f"{where}: its foreignKeys is not a list")
    for n, fk in enumerate(fks, 1):
        ref = fk.get("reference") if isinstance(fk, dict) else None
        if (
            not isinstance(fk, dict)
            or not isinstance(fk.get("fields"), str)
            or not isinstance(ref, dict)
            or not isinstance(ref.get("fields"), str)
            or not isinstance(ref.get("resource", ""), str)
        ):
            raise DataError(
                f"{where}: foreign key {n} is not an object with 'fields' and a 'reference' "
                "object naming a 'resource' and its 'fields'"
            )


@lru_cache(maxsize=8)
def schemas(path: Path | None = None) -> dict[str, Schema]:
    """Schemas of every resource of a package, by resource name (default: the packaged one)."""
    descriptor = read_descriptor(path or default_package())
    return {r["name"]: _schema(r) for r in descriptor["resources"] if "name" in r}


def donations_schema() -> Schema:
    """The public contract: the schema of donations.csv in the packaged datapackage.json."""
    return schemas()["donations"]
