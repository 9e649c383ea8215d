"""The help as a person at a terminal reads it: every command and option with its text, real
examples that run, summaries whole, --version and python -m aidcli, and the man page."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import typer
from conftest import ROOT, run_installed

from aidcli.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)


def test_bare_aidcli_prints_help_on_stdout_and_exits_0(cli):
    r = cli()
    assert r.code == 0 and r.out.startswith("Usage: aidcli") and "Commands:" in r.out and r.err == ""


def test_the_help_lists_every_command_with_its_summary(cli):
    """--help is built from each command's name and docstring alone, not its options: the same
    listing as the full app gives."""
    listed = cli("--help").out
    for name, command in typer.main.get_command(app).commands.items():
        summary = command.get_short_help_str(limit=30)
        assert f"  {name} " in listed and summary.rstrip(".")[:20] in listed, name


def test_every_command_and_option_has_help_text():
    for name, command in typer.main.get_command(app).commands.items():
        assert command.help and len(command.help) > 20, name
        for param in command.params:
            if param.name != "help":
                assert getattr(param, "help", None), (name, param.name)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_ends_with_real_examples(cli, command):
    r = cli(command, "--help")
    assert r.code == 0 and r.out.startswith("Usage: aidcli ") and r.err == ""
    out = r.out.rstrip().splitlines()
    examples = [line.strip() for line in out[out.index("  Examples:") + 1 :] if line.strip()]
    assert 1 <= len(examples) <= 3 and all(e.startswith(f"$ aidcli {command}") or "| aidcli" in e for e in examples)


def test_help_examples_run(cli):
    """Every example in every command's help runs and exits 0."""
    for command in COMMANDS:
        out = cli(command, "--help").out.splitlines()
        for line in out[out.index("  Examples:") + 1 :]:
            text = line.strip()
            if not text.startswith("$ aidcli ") or "|" in text or ">" in text or " -o " in text:
                continue
            import shlex

            args = shlex.split(text[len("$ aidcli ") :])
            assert cli(*args).code == 0, text


def test_version_and_python_m_aidcli(cli):
    assert cli("--version").out.startswith("aidcli ")
    r = subprocess.run([sys.executable, "-m", "aidcli", "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("aidcli ")


def test_the_help_says_once_that_global_options_may_follow():
    text = run_installed("--help", env={"COLUMNS": "80"}).stdout
    assert text.count("also work after the command") == 1


def test_every_command_summary_is_whole_in_the_help():
    text = run_installed("--help", env={"COLUMNS": "80"}).stdout
    assert "..." not in text.split("Commands:")[1]
    assert "never evaluated as code" in " ".join(text.split())


def test_the_committed_man_page_is_what_the_help_says_now():
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "manpage.py"), "--check"], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr


@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed")
def test_man_renders_the_page():
    r = subprocess.run(
        ["man", "-l", str(ROOT / "man" / "aidcli.1")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"},
    )
    assert r.returncode == 0, r.stderr
    text = r.stdout
    for heading in ("NAME", "SYNOPSIS", "GLOBAL OPTIONS", "COMMANDS", "ENVIRONMENT", "EXIT STATUS"):
        assert heading in text
    assert "aidcli by-country" in text and "--output FILE" in text and "CLICOLOR_FORCE" in text
