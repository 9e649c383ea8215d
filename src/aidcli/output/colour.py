"""Whether output is coloured: --color always|never|auto, chosen once a run by the command line;
under auto, colour on a terminal unless NO_COLOR is set, CLICOLOR=0 or TERM is dumb, and
CLICOLOR_FORCE=1 (not 0) forces it into a pipe (less -R), over CLICOLOR=0 as that convention
(bixense.com/clicolors) says. NO_COLOR wins over CLICOLOR_FORCE; --color always or
never wins over both. Light: no Rich, no pandas."""

from __future__ import annotations

import os

CHOICES = ("auto", "always", "never")
_chosen = "auto"


def choose(when: str | None) -> None:
    """The run's --color (a usage error for anything but auto, always, never)."""
    global _chosen
    value = (when or "auto").strip().lower()
    if value not in CHOICES:
        from aidcli.model.errors import UsageError

        raise UsageError(f"--color: no such choice {when!r}; choose from: {', '.join(CHOICES)}")
    _chosen = value


def explicit() -> bool:
    """Whether --color always or never was typed (it wins over TERM=dumb too)."""
    return _chosen != "auto"


def mode() -> str:
    """always, never or auto, with the environment applied: auto turns never under NO_COLOR,
    always under CLICOLOR_FORCE, never under CLICOLOR=0."""
    if _chosen != "auto":
        return _chosen
    if os.environ.get("NO_COLOR"):
        return "never"
    if os.environ.get("CLICOLOR_FORCE", "0") not in ("", "0"):
        return "always"
    if os.environ.get("CLICOLOR") == "0":
        return "never"
    return "auto"
