"""The entry point's error boundary: run the app, and turn every failure into one line on
stderr and its exit code (0 ok or empty, 1 data error, 2 usage error, 130 interrupted).
With --debug or AIDCLI_DEBUG=1 a failure shows its traceback."""

import copy
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
    cword = int(os.environ.get("COMP_CWORD", "0") or 0)
    return words[1:cword] if cword > 1 else []


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


def _one_line(message: str) -> str:
    """A message as one line of stderr, control characters (from a file or a typed name) escaped."""
    from aidcli.model.text import printable

    return printable(" ".join(str(message).replace("\r", " ").split("\n")))


def _debug(argv: list[str]) -> bool:
    return "--debug" in argv or os.environ.get("AIDCLI_DEBUG", "") not in ("", "0")


def main(app: typer.Typer, argv: list[str] | None = None) -> int:
    """Run a command; every failure is one line on stderr and an exit code."""
    if sys.stdout is None:  # started with stdout closed
        sys.stderr.write("aidcli: error: standard output is closed\n")
        return 1
    args = hoisted(sys.argv[1:] if argv is None else argv)
    if "aidcli.cli.stdin" in sys.modules:  # an earlier run in this process (a test's) read its own
        sys.modules["aidcli.cli.stdin"].reset()
    if _show_completion(args):
        return 0
    code = 0
    registered = app.registered_commands
    app.registered_commands = _invoked(registered, args)
    try:
        if os.environ.get("_AIDCLI_COMPLETE") == "complete_bash":
            return _complete_bash(app)
        result = app(args=args, prog_name="aidcli", standalone_mode=False)
        code = result if isinstance(result, int) else 0
        if code == 130:  # Typer turns Ctrl-C into an exit code of 130
            sys.stderr.write("aidcli: interrupted\n")
    except AidError as exc:
        sys.stderr.write(f"aidcli: error: {_one_line(_named(str(exc)))}\n")
        code = exc.exit_code
        _trace(args)
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("aidcli: interrupted\n")
        code = 130
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
        sys.stderr.write("aidcli: error: out of memory\n")
        code = 1
    except OSError as exc:  # a failed write to stdout (a full disk, /dev/full) is not a bug
        code = _lost_output(exc) if _device_error(exc) else _unexpected(exc)
        _trace(args)
    except Exception as exc:  # a bug of ours: still one line, never a traceback (unless debugging)
        if _Interrupted.seen:  # a Ctrl-C that a C extension turned into another error (pandas' import)
            sys.stderr.write("aidcli: interrupted\n")
            code = 130
        else:
            code = _unexpected(exc)
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


def _named(message: str) -> str:
    """A message naming a dataset read from standard input as the user named it, not its spool."""
    spools = sys.modules.get("aidcli.cli.stdin")
    return spools.replace_spools(message) if spools is not None else message


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
    """Whether a Ctrl-C has come: an extension module being imported can turn the KeyboardInterrupt
    into an ImportError, which is still the user's interrupt, not a bug."""

    seen = False


def _on_sigint(signum: int, frame: object) -> None:
    _Interrupted.seen = True
    raise KeyboardInterrupt


def run(app: typer.Typer) -> None:
    """The console script: like cat, die quietly of SIGPIPE when the reader of a pipe goes away;
    Ctrl-C before the boundary is in place still exits 130 with one line."""
    import signal

    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    signal.signal(signal.SIGINT, _on_sigint)
    sys.exit(main(app))
