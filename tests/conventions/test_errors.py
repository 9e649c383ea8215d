"""Exit codes, and errors that speak of what the user typed."""

from __future__ import annotations

import pytest
from conftest import run_installed as run


def test_errors_speak_of_what_the_user_typed():
    piped = run("totals", "--chart")
    assert piped.returncode == 2 and "pipe" in piped.stderr and "--format" not in piped.stderr
    chosen = run("list", "--hxl", "-f", "json")
    assert chosen.returncode == 2 and "--format json" in chosen.stderr


@pytest.mark.parametrize(
    "args,code",
    [
        (["by-country", "Spain"], 0),
        (["by-country", "Norway"], 0),
        (["by-country", "Spian"], 2),
        (["list", "--limit", "0"], 2),
        (["--data", "/nonexistent.csv", "list"], 1),
        (["--version"], 0),
    ],
)
def test_exit_codes(args, code):
    r = run(*args)
    assert r.returncode == code, r.stderr
    assert "Traceback" not in r.stderr
