"""Where a dataset's files are, checked before they are read: a path that cannot be followed is
said in the words of its cause, and a package's resource is read only when its real place, links
resolved, is inside the package's folder. Light: no pandas (names are resolved before it loads)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from aidcli.model.errors import DataError


def reachable(path: Path) -> Path:
    """`path`, or a DataError that says why it cannot be read: a loop of symbolic links, a path
    too long for the system, a folder on its way that may not be searched, a file that may not be
    read. A name that does not exist is the reader's to say ("no such file")."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataError(f"{path}: a loop of symbolic links (a link that leads back to itself)") from None
        if exc.errno == errno.ENAMETOOLONG:
            raise DataError(f"{path}: the path is too long for this system (File name too long)") from None
        if exc.errno == errno.EACCES:
            raise DataError(f"{path}: permission denied (a folder on its way may not be searched)") from None
        return path
    if not os.access(path, os.R_OK, effective_ids=os.access in os.supports_effective_ids):
        raise DataError(f"{path}: permission denied (it may not be read)")
    return path


def resource_file(package: Path, name: str, local: str) -> Path:
    """The file of a package's resource, whose path the descriptor gives as text (checked by
    schema.py): refused when a symbolic link on the way takes it outside the package's folder."""
    file = package.parent / local
    if not file.resolve().is_relative_to(package.parent.resolve()):
        raise DataError(
            f"{package}: resource '{name}': its path {local!r} is a symbolic link that leaves the "
            "package's folder; only files inside the folder are read"
        )
    return reachable(file)
