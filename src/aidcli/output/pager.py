"""Paging long output on a terminal, as git and gh do: through $AIDCLI_PAGER, $PAGER or
`less -FRX`, only when the text is longer than the screen, never into a pipe or a file.

The pager command is split like a shell would split words (shlex) and run without a shell.
If it cannot start, the text is written directly: a missing pager never loses output.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from typing import IO

DEFAULT = "less -FRX"  # -F quit when one screen, -R colours, -X leave the text on screen


def command(env: Mapping[str, str] | None = None) -> list[str] | None:
    """The pager to run: AIDCLI_PAGER, else PAGER, else less -FRX; None when set to '' or 'cat'."""
    env = os.environ if env is None else env
    chosen = env.get("AIDCLI_PAGER", env.get("PAGER", DEFAULT))
    try:
        words = shlex.split(chosen)
    except ValueError:  # an unbalanced quote: no pager rather than a guess
        return None
    return None if not words or words == ["cat"] else words


def _isatty(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):  # closed or not a real stream
        return False


def screen_size(out: IO[str], env: Mapping[str, str] | None = None) -> tuple[int, int]:
    """(columns, lines) of the terminal `out` writes to; COLUMNS and LINES win, as in Rich."""
    env = os.environ if env is None else env
    try:
        size = os.get_terminal_size(out.fileno())
        cols, lines = size.columns, size.lines
    except (AttributeError, ValueError, OSError):
        cols, lines = shutil.get_terminal_size()
    digits = {k: int(env[k]) for k in ("COLUMNS", "LINES") if env.get(k, "").isdigit() and int(env[k]) > 0}
    return digits.get("COLUMNS", cols), digits.get("LINES", lines)


def wanted(out: IO[str], no_pager: bool = False, env: Mapping[str, str] | None = None) -> bool:
    """Whether output to `out` may be paged at all: a terminal, a pager, not turned off."""
    return not no_pager and _isatty(out) and command(env) is not None


def too_long(text: str, columns: int, lines: int) -> bool:
    """Whether `text` fills more than a screen once long lines wrap (one line kept for the prompt)."""
    shown = sum(max(1, -(-len(line) // max(columns, 1))) for line in text.splitlines())
    return shown > lines - 1


def should_page(text: str, out: IO[str], no_pager: bool = False, env: Mapping[str, str] | None = None) -> bool:
    """Page when `out` is a terminal, a pager is set, paging is not off and `text` is longer than the screen."""
    return wanted(out, no_pager, env) and too_long(text, *screen_size(out, env))


def page(text: str, out: IO[str], no_pager: bool = False, env: Mapping[str, str] | None = None) -> None:
    """Write `text` to `out`, through the pager when should_page says so."""
    env = os.environ if env is None else env
    if should_page(text, out, no_pager, env) and _run(command(env) or [], text, out, env):
        return
    out.write(text)
    out.flush()


def _run(cmd: list[str], text: str, out: IO[str], env: Mapping[str, str]) -> bool:
    """Feed `text` to the pager writing to `out`'s terminal; False if it could not start.

    While the pager runs it owns the terminal, as with git: Ctrl-C is the pager's (less stops
    reading, q quits) and aidcli waits for it, never leaving it orphaned; quitting before the end
    is an ordinary ending (exit 0), not a death by SIGPIPE."""
    out.flush()
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=out.fileno(), env={"LESS": "FRX", "LV": "-c", **env})
    except (OSError, ValueError):
        return False
    assert proc.stdin is not None
    with _signals_to_the_pager():
        try:
            proc.stdin.write(text.encode("utf-8", "replace"))
        except OSError:  # the person quit the pager before the end (EPIPE): that is fine
            pass
        finally:
            try:
                proc.stdin.close()
            except OSError:
                pass
        while True:
            try:
                proc.wait()
                return True
            except KeyboardInterrupt:  # a Ctrl-C that came before SIGINT was ignored
                continue


@contextlib.contextmanager
def _signals_to_the_pager() -> Iterator[None]:
    """SIGINT and SIGPIPE ignored while the pager runs (a write to a pager that quit is then a
    BrokenPipeError); the handlers before are put back. Only the main thread can do this."""
    import signal

    names = [n for n in ("SIGINT", "SIGPIPE") if hasattr(signal, n)]
    try:
        before = {n: signal.signal(getattr(signal, n), signal.SIG_IGN) for n in names}
    except ValueError:  # not the main thread: leave the signals be
        yield
        return
    try:
        yield
    finally:
        for n, handler in before.items():
            signal.signal(getattr(signal, n), handler if handler is not None else signal.SIG_DFL)
