"""The examples of README.md and docs/*.md print what they show, docs/python-api.md's examples run,
the command reference covers every command and option of --help, and the README's pandas
one-liner agrees with totals."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import sys

import pytest
import typer
from conftest import ROOT

from aidcli.cli import app

spec = importlib.util.spec_from_file_location("readme", ROOT / "scripts" / "readme.py")


readme = importlib.util.module_from_spec(spec)
spec.loader.exec_module(readme)


TEXTS = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in readme.files()}


EXAMPLES = [(name, command, shown) for name, text in TEXTS.items() for command, shown in readme.examples(text)]


TEXT = TEXTS["README.md"]


GROUP = typer.main.get_command(app)


def _sections(text: str) -> dict[str, str]:
    """Each heading of a Markdown page with the text under it, up to the next heading."""
    parts = re.split(r"^(#{2,3} .*)$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _options(command) -> list[str]:
    return [max(p.opts, key=len) for p in command.params if p.param_type_name == "option" and p.name != "help"]


def test_the_docs_examples_run(monkeypatch):
    text = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 6 and any("plot.barh" in b for b in blocks)
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    printed = io.StringIO()
    monkeypatch.setattr(sys, "stdout", printed)
    for n, block in enumerate(blocks):
        exec(compile(block, f"docs/python-api.md, example {n + 1}", "exec"), namespace)  # the docs' own code
    assert "Spain" in printed.getvalue()


@pytest.mark.parametrize("name,command,shown", EXAMPLES, ids=[f"{n}: {c}" for n, c, _ in EXAMPLES])
def test_example_prints_what_the_docs_show(name, command, shown):
    assert readme.run(command) == shown, (
        f"run 'uv run python scripts/readme.py' after checking the change: {name}: {command}"
    )


@pytest.mark.parametrize("name", TEXTS)
def test_every_console_block_is_an_example_that_runs(name):
    assert readme.unrun(TEXTS[name]) == 0, f"{name}: a ```console block not starting '$ aidcli' would not be run"


def test_the_docs_have_examples_of_every_promise():
    commands = " ".join(c for _, c, _ in EXAMPLES)
    for needed in ("--explain", "--kind donation --kind purchase", "compare Italy Spain", "--since", "--sort quantity"):
        assert needed in commands
    assert len(readme.examples(TEXT)) in range(5, 8), "the README keeps five or six examples"


def test_the_readme_is_what_a_newcomer_reads_in_five_minutes():
    assert len(TEXT.encode("utf-8")) < 16 * 1024
    for needed in ("uv run aidcli by-country Spain", "uv run pytest"):  # .ci/run and a hook check them
        assert needed in TEXT
    for link in re.findall(r"\]\(((?:docs|benchmarks)/[^)#]+|CONTRIBUTING\.md)", TEXT):
        assert (ROOT / link).exists(), link


def test_commands_md_has_a_section_for_every_command_and_mentions_every_option():
    sections = _sections(TEXTS["docs/commands.md"])
    shared = "".join(body for head, body in sections.items() if "every data command" in head.lower())
    for option in _options(GROUP):
        assert re.search(rf"[`/]{option}\b", shared), f"global option {option}"
    for name, command in GROUP.commands.items():
        own = [body for head, body in sections.items() if re.search(rf"`aidcli {name}\b", head)]
        assert own, f"docs/commands.md has no section headed `aidcli {name} ...`"
        for option in _options(command):
            assert re.search(rf"[`/]{option}\b", own[0] + shared), f"{name} {option}"


def test_pandas_one_liner_equals_totals(cli, monkeypatch):
    code = re.search(r"```python\n(.*?)```", TEXT, re.S).group(1)
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})  # the README's own code, as a reader runs it
    printed = out.getvalue()
    masks = next(
        r
        for r in cli("totals", "--item", "masks", "-f", "csv").csv()
        if r["item"] == "masks" and r["status"] == "delivered"
    )
    assert re.search(rf"delivered\s+donation\s+from-china\s+{float(masks['quantity'])}", printed), printed
