"""The entry point's error boundary: run the app, and turn every failure into one line on
stderr and its exit code (0 ok or empty, 1 data error, 2 usage error, 130 interrupted, 128 +
the signal when SIGTERM or SIGHUP stopped it).
With --debug or AIDCLI_DEBUG=1 a failure shows its traceback."""

import copy
import errno
import os
import sys

import typer

from aidcli.model.errors import AidError

# The global options (the root callback's, in commands.py), which may also come after the command.
GLOBAL_FLAGS = frozenset({"-q", "--quiet", "--no-pager", "-x", "--vertical", "--no-cache", "--debug"})
GLOBAL_VALUED = frozenset({"--data", "--color"})
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def hoisted(argv: list[str]) -> list[str]:
    """The arguments with the global options typed after the command moved before it, as gh and git
    take them: `aidcli list -c Spain -q` is `aidcli -q list -c Spain`. Nothing after `--` moves;
    `--data` after a command is the global one (the same thing)."""
    head: list[str] = []
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] != "--":
        takes_value = argv[i] in GLOBAL_VALUED
        head += argv[i : i + 1 + takes_value]
        i += 1 + takes_value
    if i >= len(argv) or argv[i] == "--":
        return list(argv)
    moved: list[str] = []
    rest: list[str] = []
    j = i + 1
    while j < len(argv):
        word = argv[j]
        if word == "--":
            rest += argv[j:]
            break
        if word in GLOBAL_FLAGS or (word.split("=", 1)[0] in GLOBAL_VALUED and "=" in word):
            moved.append(word)
        elif word in GLOBAL_VALUED and j + 1 < len(argv):
            moved += [word, argv[j + 1]]
            j += 1
        else:
            rest.append(word)
        j += 1
    return head + moved + [argv[i]] + rest


def completion_words() -> list[str]:
    """The words already typed before the one being completed, the program's name left out, as
    each shell's completion script passes them: bash in COMP_WORDS and COMP_CWORD (click's), zsh,
    fish and PowerShell in _TYPER_COMPLETE_ARGS (Typer's, the typed word last unless it ends in a
    space; PowerShell's in _TYPER_COMPLETE_WORD_TO_COMPLETE)."""
    import shlex

    def split(text: str) -> list[str]:
        try:
            return shlex.split(text)
        except ValueError:  # an open quote: the word being typed
            return text.split()

    if "_TYPER_COMPLETE_ARGS" in os.environ:
        typed = os.environ["_TYPER_COMPLETE_ARGS"]
        words = split(typed)[1:]
        if os.environ.get("_AIDCLI_COMPLETE", "").startswith(("complete_powershell", "complete_pwsh")):
            return words[:-1] if os.environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE") else words
        return words[:-1] if words and not typed.endswith(" ") else words
    words = split(os.environ.get("COMP_WORDS", ""))
    typed = os.environ.get("COMP_CWORD", "0")
    cword = int(typed) if typed.isdigit() else 0  # not a number: main() refuses it
    return words[1:cword] if cword > 1 else []


def _bash_completion_set() -> bool:
    """Whether the variables bash's completion script passes are there (click reads them unchecked)."""
    return "COMP_WORDS" in os.environ and os.environ.get("COMP_CWORD", "").isdigit()


def _invoked(commands: list, argv: list[str]) -> list:
    """Only the command the arguments name, so Typer builds one command instead of all of them
    (most of the start-up of a usage error); all of them for --help, completion or no command."""
    rest = completion_words() if os.environ.get("_AIDCLI_COMPLETE") else list(argv)
    while rest and rest[0].startswith("-"):  # global options before the command
        option = rest.pop(0)
        if option in GLOBAL_VALUED and rest:
            rest.pop(0)
    by_name = {(c.name or c.callback.__name__.replace("_", "-")): c for c in commands}
    if rest and rest[0] in by_name:
        return [by_name[rest[0]]]
    return [_listed(c) for c in commands]


def _show_completion(argv: list[str]) -> bool:
    """`--show-completion SHELL`: that shell's script, whatever shell runs aidcli (Typer's own
    option takes no value when it can detect the shell, and prints the current shell's)."""
    if len(argv) != 2 or argv[0] != "--show-completion" or argv[1] not in SHELLS:
        return False
    from typer._completion_shared import get_completion_script

    sys.stdout.write(get_completion_script(prog_name="aidcli", complete_var="_AIDCLI_COMPLETE", shell=argv[1]))
    sys.stdout.write("\n")
    return True


def _complete_bash(app: typer.Typer) -> int:
    """Bash's completions, each escaped as a shell word: bash inserts a reply as it stands, so
    `--donor Jack<TAB>` must get `Jack\\ Ma\\ Foundation`, not three words (zsh and fish escape
    their own; Typer's bash class does not)."""
    from typer._click.shell_completion import CompletionItem
    from typer._completion_classes import BashComplete

    class EscapedBash(BashComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return shell_word(item.value)

    sys.stdout.write(EscapedBash(typer.main.get_command(app), {}, "aidcli", "_AIDCLI_COMPLETE").complete() + "\n")
    return 0


def shell_word(value: str) -> str:
    """A value as one word of a shell command line: every character but letters, digits and
    `_./:,@%+=-` behind a backslash, as bash's own `printf %q` writes it."""
    return "".join(c if c.isalnum() or c in "_./:,@%+=-" else "\\" + c for c in value)


def _listed(info: typer.models.CommandInfo) -> typer.models.CommandInfo:
    """A command as the group lists it (its name and help, none of its options): nothing else is
    needed when no command runs, and building every command's options is most of --help's time."""

    def listed() -> None:
        """Listed only."""

    assert info.callback is not None  # a registered command has its function
    listed.__name__, listed.__doc__ = info.callback.__name__, info.callback.__doc__
    info = copy.copy(info)
    info.callback = listed
    info.short_help = whole_summary(info)
    return info


def whole_summary(info: typer.models.CommandInfo) -> str | None:
    """A command's summary (its docstring's first paragraph) whole: click would cut it with '...'
    to fit one line of `aidcli --help`; the help wraps it instead."""
    doc = info.help or info.callback.__doc__ or ""
    first = doc.strip().split("\n\n")[0]
    return " ".join(first.split()) or None


LONGEST_WORD = 300  # characters of one word (a typed argument, a path) an error repeats whole
LONGEST_LINE = 2000  # characters of an error line, its start and end kept


def _one_line(message: str) -> str:
    """A message as one line of stderr, control characters (from a file or a typed name) escaped,
    and a word longer than LONGEST_WORD (a 130 KB argument, a path past PATH_MAX), or a line
    longer than LONGEST_LINE, shortened to its start and end, saying how much was left out."""
    import re

    from aidcli.model.text import printable

    def shortened(match: re.Match[str]) -> str:
        word = match.group(0)
        return f"{word[:200]}...({len(word) - 260:,} characters)...{word[-60:]}"

    line = printable(" ".join(str(message).replace("\r", " ").split("\n")))
    line = re.sub(rf"\S{{{LONGEST_WORD + 1},}}", shortened, line)
    if len(line) > LONGEST_LINE:  # many short words (a list of thousands of names)
        line = f"{line[:1500]}...({len(line) - 1800:,} characters)...{line[-300:]}"
    return line


def _debug(argv: list[str]) -> bool:
    return "--debug" in argv or os.environ.get("AIDCLI_DEBUG", "") not in ("", "0")


def main(app: typer.Typer, argv: list[str] | None = None) -> int:
    """Run a command; every failure is one line on stderr and an exit code."""
    if sys.stderr is None:  # started with stderr closed: errors go nowhere, exit codes stay
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process
    if sys.stdout is None:  # started with stdout closed
        sys.stderr.write("aidcli: error: standard output is closed\n")
        return 1
    _utf8_streams()
    args = hoisted(sys.argv[1:] if argv is None else argv)
    if "aidcli.cli.stdin" in sys.modules:  # an earlier run in this process (a test's) read its own
        sys.modules["aidcli.cli.stdin"].reset()
    if _show_completion(args):
        return 0
    if os.environ.get("_AIDCLI_COMPLETE", "").startswith("complete_bash") and not _bash_completion_set():
        sys.stderr.write("aidcli: error: bash completion needs COMP_WORDS and a number in COMP_CWORD\n")
        return 2
    code = 0
    registered = app.registered_commands
    app.registered_commands = _invoked(registered, args)
    try:
        if os.environ.get("_AIDCLI_COMPLETE") == "complete_bash":
            return _complete_bash(app)
        result = app(args=args, prog_name="aidcli", standalone_mode=False)
        code = result if isinstance(result, int) else 0
        if code == 130:  # Typer turns Ctrl-C into an exit code of 130
            code = _interrupted()
    except AidError as exc:
        sys.stderr.write(f"aidcli: error: {_one_line(_named(str(exc)))}\n")
        code = exc.exit_code
        _trace(args)
    except (KeyboardInterrupt, typer.Abort):
        code = _interrupted()
    except typer.Exit as exc:
        code = exc.exit_code
    except BrokenPipeError:  # the reader (head, less) has gone: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except typer.TyperException as exc:  # usage errors from option parsing: exit 2 (1 for others)
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        sys.stderr.write(f"aidcli: error: {_one_line(exc.format_message())}{hint}\n")
        code = exc.exit_code
    except MemoryError:
        code = _out_of_memory()
    except OSError as exc:  # a failed write to stdout (a full disk, /dev/full) is not a bug
        code = _lost_output(exc) if _device_error(exc) else _failed(exc)
        _trace(args)
    except Exception as exc:  # a bug of ours: still one line, never a traceback (unless debugging)
        # a Ctrl-C that a C extension turned into another error (pandas' import) is still the user's
        code = _interrupted() if _Interrupted.seen else _failed(exc)
        _trace(args)
    finally:
        app.registered_commands = registered
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as exc:  # the last of the output: said unless a failure was said already
        _lost_output(exc, say=not code)
        code = code or 1
    return code


def _utf8_streams() -> None:
    """Output in UTF-8 whatever PYTHONIOENCODING or the locale say: every format is UTF-8 (a CSV
    that stops at the first 'é' an ASCII stream cannot hold is worse than one in UTF-8), and a
    message on stderr writes what its encoding cannot hold as escapes rather than fail."""
    import io

    for stream, errors in ((sys.stdout, "strict"), (sys.stderr, "backslashreplace")):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8", errors=errors)


def _named(message: str) -> str:
    """A message naming a dataset read from standard input as the user named it, not its spool."""
    spools = sys.modules.get("aidcli.cli.stdin")
    return spools.replace_spools(message) if spools is not None else message


def _memory_failure(exc: Exception) -> bool:
    """Whether a failure is memory running out in another guise (a capped address space): a buffer
    the system refused (ENOMEM), a library that could not be mapped, a thread without room for its stack."""
    if isinstance(exc, OSError):
        return exc.errno == errno.ENOMEM
    text = str(exc)
    return (isinstance(exc, ImportError) and "failed to map segment" in text) or (
        isinstance(exc, RuntimeError) and "can't start new thread" in text
    )


def _failed(exc: Exception) -> int:
    """An error no layer turned into an AidError: memory running out, said so, or a bug of ours."""
    return _out_of_memory() if _memory_failure(exc) else _unexpected(exc)


def _out_of_memory() -> int:
    sys.stderr.write("aidcli: error: out of memory (a larger memory limit, or a smaller file, may help)\n")
    return 1


def _unexpected(exc: Exception) -> int:
    sys.stderr.write(
        f"aidcli: error: unexpected failure ({type(exc).__name__}: {_one_line(str(exc))}); "
        "please report it (run with --debug for the traceback)\n"
    )
    return 1


def _device_error(exc: OSError) -> bool:
    from aidcli.output.atomic import DEVICE_ERRORS

    return exc.errno in DEVICE_ERRORS


def _lost_output(exc: OSError, say: bool = True) -> int:
    """A write to standard output that failed (a full disk, /dev/full): one line, exit 1, and
    what is still buffered dropped, so Python's own flush at exit adds no second message."""
    if say:
        sys.stderr.write(f"aidcli: error: cannot write the output: {exc.strerror or exc}\n")
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):  # not a real stream (a test's buffer)
        pass
    return 1


def _trace(argv: list[str]) -> None:
    if _debug(argv):
        import traceback

        traceback.print_exc(file=sys.stderr)


class _Interrupted:
    """Whether a Ctrl-C (or SIGTERM, SIGHUP) has come, and which: an extension module being imported
    can turn the KeyboardInterrupt into an ImportError, which is still the user's interrupt, not a bug."""

    seen = False
    signal = 2  # SIGINT


def _on_signal(signum: int, frame: object) -> None:
    """Ctrl-C, and the signals a closed terminal (SIGHUP) or a job manager (SIGTERM, kill) send:
    each unwinds as Ctrl-C does, so a file being written is removed and a spool of standard input
    too (atexit), instead of the process dying with them on disk."""
    _Interrupted.seen = True
    _Interrupted.signal = signum
    raise KeyboardInterrupt


def _interrupted() -> int:
    """The one line of an interrupted run and its exit code: 130 for Ctrl-C, 128 + the signal's
    number for the others (143 for SIGTERM, 129 for SIGHUP), as a shell reports a killed command."""
    import signal

    if _Interrupted.signal == signal.SIGINT:
        sys.stderr.write("aidcli: interrupted\n")
        return 130
    sys.stderr.write(f"aidcli: stopped by {signal.Signals(_Interrupted.signal).name}\n")
    return 128 + _Interrupted.signal


def run(app: typer.Typer) -> None:
    """The console script: like cat, die quietly of SIGPIPE when the reader of a pipe goes away;
    Ctrl-C before the boundary is in place still exits 130 with one line."""
    import signal

    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _on_signal)
    sys.exit(main(app))
