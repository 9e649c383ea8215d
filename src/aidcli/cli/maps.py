"""The map command's own work: where the picture goes. A file's kind comes from its extension
(.svg, .html, .png), checked before any data is read; an existing file is never replaced without
--force and a file is written whole or not at all. Without --output, the SVG goes to a pipe, and
on a terminal (a map is not text) to a new file in the current folder, whose path is printed."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from aidcli.model.errors import UsageError

KINDS = {".svg": "svg", ".html": "html", ".htm": "html", ".png": "png"}


def kind_of(output: Path | None, force: bool) -> str:
    """What --output asks for (svg without it), refused before the data is read where it cannot be written."""
    from aidcli.cli.output import is_device
    from aidcli.output.atomic import exists

    if output is None or str(output) == "-":
        return "svg"
    if output.is_dir():
        raise UsageError(f"--output: {output} is a directory; give a file name")
    device = is_device(output)
    kind = KINDS.get(output.suffix.lower(), "svg" if device else None)
    if kind is None:
        raise UsageError(f"--output: a map is written as .svg, .html or .png, not {output.name!r}")
    if exists(output) and not device and not force:
        raise UsageError(f"{output} exists; use --force to replace it")
    if kind == "png":
        from aidcli.output.maps import png_ready

        png_ready()
    return kind


def _fresh(stem: str) -> Path:
    """A name in the current folder that no file has: aidcli-map-masks.svg, then -2, -3..."""
    from aidcli.output.atomic import exists

    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "map"
    path, n = Path(f"aidcli-map-{slug}.svg"), 1
    while exists(path):
        n += 1
        path = Path(f"aidcli-map-{slug}-{n}.svg")
    return path


def _write(path: Path, data: bytes) -> None:
    """Bytes to a file, whole or not at all (a device or pipe is written to as it is)."""
    from aidcli.cli.output import is_device
    from aidcli.output.atomic import replacing, write_error

    try:
        if is_device(path):
            with open(path, "wb") as fh:
                fh.write(data)
            return
        with replacing(path) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        raise write_error(path, exc) from None


def draw(answer, output: Path | None, kind: str) -> Path | None:
    """The map of `answer` (an api.MapAnswer) where it goes: the path of a file written, None for standard output."""
    if output is not None and str(output) != "-":
        data = answer.html.encode("utf-8") if kind == "html" else answer.png() if kind == "png" else answer.svg.encode()
        _write(output, data)
        return output
    if sys.stdout.isatty():
        path = _fresh(str(answer.measure))
        _write(path, answer.svg.encode("utf-8"))
        return path
    sys.stdout.write(answer.svg)
    sys.stdout.flush()
    return None
