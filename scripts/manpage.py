"""Write man/aidcli.1, the manual page, from the command line's own help: the summary, the global
options, every command with its usage, options and examples, the output formats (from their
table, aidcli.output.formats), the environment and exit codes. The
page is shipped in the wheel (share/man/man1/aidcli.1, hatch's shared-data) and a test checks
that the committed page is current.

    uv run python scripts/manpage.py          # rewrite man/aidcli.1
    uv run python scripts/manpage.py --check  # exit 1 if man/aidcli.1 is not what the help says now
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "man" / "aidcli.1"

ENVIRONMENT = [
    ("AIDCLI_DATA", "The dataset, as --data PATH."),
    ("AIDCLI_FORMAT", "The output format when --format is not given."),
    ("AIDCLI_PAGER, PAGER", "The pager of long output on a terminal [default: less -FRX]; '' or cat: none."),
    ("NO_COLOR", "No colour (unless --color always)."),
    ("CLICOLOR", "0: no colour on a terminal, as NO_COLOR (CLICOLOR_FORCE=1 still forces it)."),
    ("CLICOLOR_FORCE", "1: colour even into a pipe (less -R), unless NO_COLOR or TERM=dumb."),
    ("AIDCLI_DEBUG", "1: a traceback on failure, as --debug."),
    ("AIDCLI_NO_CACHE", "1: read a large --data file afresh, as --no-cache."),
    ("XDG_CACHE_HOME", "Where the cache folder is (aidcli cache path)."),
]
EXIT = [
    ("0", "Success, or an empty result."),
    ("1", "A data error: a bad dataset, a failed write."),
    ("2", "A usage error: a bad option, name or value."),
    ("130", "Interrupted (Ctrl-C)."),
    ("129, 143", "Stopped by SIGHUP or SIGTERM (128 + the signal), after the same clean-up as Ctrl-C."),
]


def roff(text: str) -> str:
    """Text as roff: backslashes and dashes escaped, no line starting with a control character."""
    out = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + line if line.startswith((".", "'")) else line for line in out.split("\n"))


def _options(ctx: typer.Context) -> list[str]:
    lines = []
    for param in ctx.command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names, help_text = record
        lines += [".TP", f"\\fB{roff(names)}\\fR", roff(" ".join(help_text.split()))]
    return lines


def _paragraphs(text: str) -> list[str]:
    """A docstring or epilog as roff: click's \\b paragraphs (examples) kept line by line."""
    out = []
    for block in text.strip().split("\n\n"):
        if block.startswith("\b\n"):
            out += [".PP", ".nf", *(roff(line.strip()) for line in block[2:].split("\n")), ".fi"]
        elif block.strip():
            out += [".PP", roff(" ".join(block.split()))]
    return out


def render() -> str:
    """The page, from the help of the command line as it is now (every command built)."""
    import typer

    from aidcli.cli.commands import app
    from aidcli.model.version import __version__
    from aidcli.output.formats import FORMATS

    group = typer.main.get_command(app)
    root = typer.Context(group, info_name="aidcli", help_option_names=["-h", "--help"])
    lines = [
        f'.TH AIDCLI 1 "" "aidcli {__version__}" "User Commands"',
        ".SH NAME",
        f"aidcli \\- {roff(group.help.split('. ')[0].rstrip('.'))}",
        ".SH SYNOPSIS",
        "\\fBaidcli\\fR [\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGS\\fR]...",
        ".SH DESCRIPTION",
        *_paragraphs(group.help),
        ".SH GLOBAL OPTIONS",
        ".PP",
        "These may come before or after the command.",
        *_options(root),
        ".SH COMMANDS",
    ]
    for name in group.list_commands(root):
        command = group.get_command(root, name)
        ctx = typer.Context(command, info_name=name, parent=root, help_option_names=["-h", "--help"])
        usage = " ".join(command.collect_usage_pieces(ctx))
        lines += [f".SS \\fBaidcli {roff(name)}\\fR {roff(usage)}", *_paragraphs(command.help or "")]
        lines += _options(ctx)
        if command.epilog:
            lines += _paragraphs(command.epilog)
    lines += [
        ".SH FORMATS",
        ".PP",
        roff("What --format writes to standard output, and --output to a file by its extension."),
    ]
    for f in FORMATS:
        names = ", ".join((f.name, *f.aliases))
        lines += [
            ".TP",
            f"\\fB{roff(names)}\\fR ({roff(' '.join(f.suffixes))})",
            roff(f.summary + ("" if f.stream else " Only to a file (--output).")),
        ]
    lines += [".SH ENVIRONMENT"]
    for name, text in ENVIRONMENT:
        lines += [".TP", f"\\fB{roff(name)}\\fR", roff(text)]
    lines += [".SH EXIT STATUS"]
    for code, text in EXIT:
        lines += [".TP", f"\\fB{code}\\fR", roff(text)]
    lines += [".SH SEE ALSO", "The reference: docs/commands.md and docs/output.md in the source, and README.md."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != text:
            print(f"{PAGE.relative_to(ROOT)} is not current: run uv run python scripts/manpage.py", file=sys.stderr)
            return 1
        return 0
    PAGE.parent.mkdir(exist_ok=True)
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
