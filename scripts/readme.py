"""Keep the examples of README.md and docs/*.md true: every ```console block starts with
`$ aidcli ...`, is run, and the output under it is replaced by what aidcli prints now (stdout,
then stderr). Shell lines that are not aidcli examples go in ```sh blocks.

    uv run python scripts/readme.py          # rewrite README.md and docs/*.md
    uv run python scripts/readme.py --check  # exit 1, naming the files, if an example's output has changed

Commands may pipe one aidcli into another (`aidcli totals --explain -f csv | aidcli show -`).
They run in-process at a width of 100 columns, without colour, and (as on a terminal) in the
table format unless they choose one or feed a pipe.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"```console\n(\$ aidcli [^\n]*)\n(.*?)```", re.S)
CONSOLE = re.compile(r"^```console\n", re.M)
ENV = {"COLUMNS": "100", "LINES": "1000", "NO_COLOR": "1", "TERM": "dumb"}


def run(command: str) -> str:
    """What a shell line of aidcli commands prints: its last stage's stdout, then every stderr."""
    from aidcli.cli import main

    stages = [shlex.split(part) for part in command.split(" | ")]
    data, errors = "", []
    saved = {k: os.environ.get(k) for k in [*ENV, "AIDCLI_FORMAT", "AIDCLI_DATA"]}
    os.environ.update(ENV)
    os.environ.pop("AIDCLI_DATA", None)
    try:
        for n, args in enumerate(stages):
            assert args[0] == "aidcli", command
            os.environ["AIDCLI_FORMAT"] = "table" if n == len(stages) - 1 else "csv"
            out, err = io.StringIO(), io.StringIO()
            stdin, sys.stdin = sys.stdin, io.StringIO(data)
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    main(args[1:])
            finally:
                sys.stdin = stdin
            data = out.getvalue()
            errors.append(err.getvalue())
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    lines = [line.rstrip() for line in (data + "".join(errors)).splitlines()]
    return "\n".join(lines).strip("\n") + "\n"


def refresh(text: str) -> str:
    """The README with every example's output as aidcli prints it now."""
    return BLOCK.sub(lambda m: f"```console\n{m.group(1)}\n{run(m.group(1)[2:])}```", text)


def examples(text: str) -> list[tuple[str, str]]:
    """Each example's command and the output the README shows for it."""
    return [(m.group(1)[2:], m.group(2)) for m in BLOCK.finditer(text)]


def files() -> list[Path]:
    """The Markdown files whose examples are kept true: the README and every page of docs/."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def unrun(text: str) -> int:
    """How many ```console blocks are not aidcli examples (and so would not be run)."""
    return len(CONSOLE.findall(text)) - len(BLOCK.findall(text))


if __name__ == "__main__":
    changed = []
    for path in files():
        old = path.read_text(encoding="utf-8")
        if unrun(old):
            sys.exit(f"{path.relative_to(ROOT)}: a ```console block that is not '$ aidcli ...'; use ```sh")
        new = refresh(old)
        if new != old:
            changed.append(path.relative_to(ROOT))
            if "--check" not in sys.argv:
                path.write_text(new, encoding="utf-8")
    if "--check" in sys.argv and changed:
        sys.exit("examples out of date: " + ", ".join(map(str, changed)) + " (run 'uv run python scripts/readme.py')")
