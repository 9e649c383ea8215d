"""--output FILE, the one implementation every command shares (export included): the format from
the file's extension or --format (refused when they contradict), an existing file never
overwritten without --force, and the file written whole or not at all. A device or a pipe
(/dev/stdout, /dev/null, a FIFO) is not a file to refuse or replace: it is written to. Light: no
pandas until a file is written."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from aidcli.model.errors import UsageError

if TYPE_CHECKING:
    from aidcli.model.result import Result
    from aidcli.output.formats import Format

# An extension any text format may wear (a table, or a CSV someone calls .txt).
LOOSE = (".txt",)


def is_device(path: Path) -> bool:
    """A character device, a FIFO or a socket, or a name under /dev (/dev/stdout when standard
    output is a file): written to, never replaced or refused."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return (
        stat.S_ISCHR(mode)
        or stat.S_ISFIFO(mode)
        or stat.S_ISSOCK(mode)
        or os.path.abspath(path).startswith(("/dev/", "/proc/self/fd/"))
    )


def _is_stdout(path: Path) -> bool:
    """Whether `path` is this process's standard output (/dev/stdout, /dev/fd/1)."""
    import sys

    try:
        mine, named = os.fstat(sys.stdout.fileno()), os.stat(path)
    except (OSError, AttributeError, ValueError):  # no real stdout (a test's buffer)
        return False
    return (mine.st_dev, mine.st_ino) == (named.st_dev, named.st_ino)


def _writable_name(output: Path) -> None:
    """A UsageError when no file can be made at `output`, said before any data is read: a path
    too long for the system, a loop of symbolic links, a folder on its way that may not be searched."""
    import errno

    for where in (output, output.parent):
        try:
            os.lstat(where)
        except OSError as exc:
            if exc.errno in (errno.ENAMETOOLONG, errno.ELOOP, errno.EACCES):
                words = {errno.ELOOP: "a loop of symbolic links"}.get(exc.errno, exc.strerror)
                raise UsageError(f"--output: cannot write {output}: {words}") from None


def target_format(output: Path, fmt: str | None, force: bool) -> Format:
    """The format written to `output`, checked before any data is read: --format or the extension's
    (both: they must agree); a device without either gets a pipe's format. UsageError for a folder,
    an existing file without --force, a contradiction, an extension without a format."""
    from aidcli.output import formats
    from aidcli.output.atomic import exists

    _writable_name(output)
    if output.is_dir():
        raise UsageError(f"--output: {output} is a directory; give a file name")
    device = is_device(output)
    if exists(output) and not device and not force:  # a link counts, even one that points nowhere
        raise UsageError(f"{output} exists; use --force to replace it")
    by_extension = formats.by_suffix(output)
    if fmt:
        chosen = formats.parse(fmt, files=True)
        if by_extension is not None and by_extension != chosen and output.suffix.lower() not in LOOSE:
            raise UsageError(
                f"--format {chosen.name} contradicts the extension of {output} ({by_extension.name}); "
                f"name the file .{chosen.suffixes[0].lstrip('.')} or drop --format"
            )
        return chosen
    if by_extension is not None:
        return by_extension
    if device:  # /dev/stdout, /dev/null, a pipe: what a pipe gets
        return formats.parse(os.environ.get("AIDCLI_FORMAT") or "csv", files=True)
    return formats.for_path(output)  # the UsageError that lists the extensions


def write(
    result: Result,
    fmt: Format,
    output: Path,
    hxl: list[str] | None = None,
    vertical: bool | None = None,
    force: bool = False,
) -> None:
    """Write a Result to `output` as `fmt` prints it. A regular file is replaced whole
    (render.write_file), and without --force never one made while it was written; a device or
    pipe gets the bytes of a private temporary file."""
    from aidcli.output import render

    if not is_device(output):
        render.write_file(result, fmt, output, hxl=hxl, vertical=vertical, replace=force)
        return
    import shutil
    import tempfile

    from aidcli.output.atomic import write_error

    with tempfile.TemporaryDirectory(prefix="aidcli-out-") as folder:
        spool = Path(folder) / f"out{fmt.suffixes[0]}"
        render.write_file(result, fmt, spool, hxl=hxl, vertical=vertical)
        try:
            if _is_stdout(output):  # standard output as it is (appended to, never truncated)
                import sys

                sys.stdout.flush()
                with spool.open("rb") as source:
                    shutil.copyfileobj(source, sys.stdout.buffer, 1 << 20)
                sys.stdout.buffer.flush()
                return
            with spool.open("rb") as source, open(output, "wb") as device:
                shutil.copyfileobj(source, device, 1 << 20)
        except OSError as exc:
            raise write_error(output, exc) from None
