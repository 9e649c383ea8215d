"""What the dataset in use says about itself: its title, description, licences and sources, from
its datapackage.json (the packaged one by default, a user's package with --data); a bare CSV has
none, and every output that names them says that its source and licence are not stated."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aidcli.model.errors import DataError
from aidcli.model.schema import default_package, read_descriptor

NOT_STATED = "not stated (a CSV without a datapackage.json)"


@dataclass(frozen=True)
class About:
    """The dataset's own words about itself; `stated` False where no package gives them."""

    title: str
    description: str = ""
    licences: tuple[tuple[str, str], ...] = ()  # (name, address)
    sources: tuple[str, ...] = ()
    stated: bool = True


def about(data: Path | None) -> About:
    """About the dataset at `data` (a CSV, a datapackage.json or its folder; None: the packaged one)."""
    path = default_package() if data is None else Path(data)
    if path.is_dir():
        path = path / "datapackage.json"
    if path.suffix.lower() != ".json":
        return About(path.name, stated=False)
    try:
        package = read_descriptor(path)
    except DataError:
        return About(path.name, stated=False)
    licences = tuple(
        (str(lic.get("title") or lic.get("name") or ""), str(lic.get("path") or ""))
        for lic in package.get("licenses") or []
        if isinstance(lic, dict)
    )
    sources = tuple(
        str(s.get("title") or s.get("path") or "") for s in package.get("sources") or [] if isinstance(s, dict)
    )
    title = package.get("title") or package.get("name") or path.parent.name
    return About(str(title), str(package.get("description") or ""), licences, sources)
