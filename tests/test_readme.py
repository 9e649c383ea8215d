"""The README's examples print what the README shows, and its pandas one-liner agrees with totals."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("readme", ROOT / "scripts" / "readme.py")
readme = importlib.util.module_from_spec(spec)
spec.loader.exec_module(readme)
TEXT = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command,shown", readme.examples(TEXT), ids=[c for c, _ in readme.examples(TEXT)])
def test_example_prints_what_the_readme_shows(command, shown):
    assert readme.run(command) == shown, f"run 'uv run python scripts/readme.py' after checking the change: {command}"


def test_the_readme_has_examples_of_every_promise():
    commands = " ".join(c for c, _ in readme.examples(TEXT))
    for needed in ("--explain", "--kind donation --kind purchase", "compare Italy Spain", "--since", "--sort quantity"):
        assert needed in commands


def test_pandas_one_liner_equals_totals(cli, monkeypatch):
    code = re.search(r"```python\n(.*?)```", TEXT, re.S).group(1)
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})  # the README's own code, as a reader runs it
    printed = out.getvalue()
    masks = next(r for r in cli("totals", "--item", "masks", "-f", "csv").csv() if r["item"] == "masks"
                 and r["status"] == "delivered")
    assert re.search(rf"delivered\s+donation\s+from-china\s+{float(masks['quantity'])}", printed), printed
