"""`aidcli --man`: the manual page wherever aidcli is installed. `uv tool install` does not link a
wheel's share/man into man's path, so `man aidcli` may find nothing; the page also ships inside the
package. On a terminal it is shown by `man -l` (formatted and paged as man shows any page); in a
pipe or a file its roff source is written, so that
`aidcli --man > ~/.local/share/man/man1/aidcli.1` installs it where `man aidcli` finds it. Light:
no pandas."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from aidcli.model.errors import DataError

_PACKAGE = Path(__file__).resolve().parents[1]  # the aidcli package


def page() -> Path:
    """The page: inside an installed wheel (_data/aidcli.1), else the checkout's man/aidcli.1."""
    for candidate in (_PACKAGE / "_data" / "aidcli.1", _PACKAGE.parents[1] / "man" / "aidcli.1"):
        if candidate.is_file():
            return candidate
    raise DataError("the manual page is missing from this installation (no aidcli.1 found)")


def show() -> None:
    """The page formatted by man on a terminal; its roff source anywhere else (or without man)."""
    path = page()
    man = shutil.which("man")
    if man and sys.stdout.isatty() and os.environ.get("TERM", "") != "dumb":
        sys.stdout.flush()
        subprocess.run([man, "-l", str(path)], check=False)
        return
    sys.stdout.write(path.read_text(encoding="utf-8"))
