"""CONTRIBUTING's recipes stay complete and true: what a new filter or question must also touch
is listed, and where it can drift apart, a test holds the pieces together (the man page and the
docs' option table have their own checks: test_cli_shell, test_readme)."""

from __future__ import annotations

import re

from conftest import ROOT

import aidcli
from aidcli.api import Aid
from aidcli.query.filters import FILTERS

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
PYTHON_API = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")


def test_every_question_of_aid_is_a_function_of_the_package():
    """QUESTIONS in __init__.py: each public method of Aid (but the building blocks) is aidcli.NAME."""
    methods = {n for n in vars(Aid) if not n.startswith("_") and callable(getattr(Aid, n))} - {"session", "facet"}
    assert methods == set(aidcli.QUESTIONS)


def test_the_python_api_page_names_every_filter():
    listed = PYTHON_API[PYTHON_API.index("The filters are those of the command line") :]
    listed = listed[: listed.index("\n\n")]
    assert {f.name for f in FILTERS} == set(re.findall(r"`(\w+)`", listed)) - {"True", "False"}


def test_each_recipe_names_every_file_it_touches():
    recipe = {
        title: CONTRIBUTING.split(f"## {title}", 1)[1].split("\n## ", 1)[0]
        for title in ("Adding a filter", "Adding a command", "Adding an article")
    }
    for needed in ("query/filters.py", "docs/commands.md", "docs/python-api.md", "scripts/manpage.py", "CHANGELOG.md"):
        assert needed in recipe["Adding a filter"], needed
    for needed in (
        "api.py",
        "QUESTIONS",
        "cli/commands.py",
        "tests/layers/test_api.py",
        "docs/commands.md",
        "docs/python-api.md",
        "scripts/manpage.py",
        "scripts/readme.py",
        "CHANGELOG.md",
    ):
        assert needed in recipe["Adding a command"], needed
    for needed in (
        "seeds/",
        "SHA256SUMS",
        "records/sources.csv",
        "scripts/build_dataset.py",
        "tests/dataset/test_dataset.py",
        "CHANGELOG.md",
    ):
        assert needed in recipe["Adding an article"], needed
