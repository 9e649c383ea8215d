"""Colour and width at a terminal, through the installed command: colour only on a terminal or
when asked (FORCE_COLOR, CLICOLOR_FORCE, --color), never with NO_COLOR or TERM=dumb, into less -R
in a real terminal (tmux); numbers never broken at any width."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import time

import pytest
from conftest import AIDCLI, run_installed
from conftest import run_installed as run

ESC = "\x1b["


def _table(*args, env=None):
    return run_installed("totals", "-c", "Spain", "-f", "table", "-q", *args, env={"TERM": "xterm", **(env or {})})


def _tmux(session: str, command: str, wait: float = 4.0) -> str:
    subprocess.run(["tmux", "send-keys", "-t", session, command, "Enter"], check=True)
    time.sleep(wait)
    return subprocess.run(["tmux", "capture-pane", "-t", session, "-e", "-p"], capture_output=True, text=True,
                          check=True).stdout


def test_clicolor_force_and_color_always_colour_a_pipe_and_never_and_no_color_do_not():
    assert ESC not in _table().stdout  # a pipe: no colour by default
    assert ESC in _table(env={"CLICOLOR_FORCE": "1"}).stdout
    assert ESC not in _table(env={"CLICOLOR_FORCE": "0"}).stdout
    assert ESC in _table("--color", "always").stdout
    assert ESC not in _table(env={"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}).stdout
    assert ESC not in _table(env={"CLICOLOR_FORCE": "1", "TERM": "dumb"}).stdout
    assert ESC not in _table("--color", "never", env={"CLICOLOR_FORCE": "1"}).stdout
    bad = _table("--color", "sometimes")
    assert bad.returncode == 2 and "auto, always, never" in bad.stderr


@pytest.mark.parametrize("columns", ["10", "7", "5"])
def test_a_number_is_never_broken_across_lines_however_narrow(columns):
    r = run_installed("totals", "--item", "masks", "--by", "donor", "-f", "table", "-q", env={"COLUMNS": columns})
    # a range ('4,800,000–5,800,000') is one unbroken word of two numbers
    shown = {n for line in r.stdout.splitlines() for word in line.split() for n in word.split("\u2013")}
    out = run_installed("totals", "--item", "masks", "--by", "donor", "-f", "csv", "-q").stdout
    rows = list(csv.DictReader(out.splitlines()))
    numbers = [f"{int(float(row[c])):,}" for row in rows for c in ("quantity", "quantity_low") if row[c]]
    assert numbers and all(n in shown for n in numbers), [n for n in numbers if n not in shown][:5]


@pytest.mark.skipif(shutil.which("tmux") is None or shutil.which("less") is None, reason="needs tmux and less")
def test_in_a_real_terminal_colour_reaches_less_r_and_no_color_still_wins():
    session = f"aidcli-test-{os.getpid()}"
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "AIDCLI_DATA", "TMUX")}
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "110", "-y", "30",
                    "env TERM=xterm-256color bash --norc --noprofile"], check=True, env=env)
    try:
        forced = _tmux(session, f"CLICOLOR_FORCE=1 {AIDCLI} totals -c Spain -f table -q | less -R")
        _tmux(session, "q", 0.5)
        always = _tmux(session, f"clear; {AIDCLI} --color always totals -c Spain -f table -q | less -R")
        _tmux(session, "q", 0.5)
        plain = _tmux(session, f"clear; NO_COLOR=1 {AIDCLI} totals -c Spain -q")
        dumb = _tmux(session, f"clear; TERM=dumb {AIDCLI} totals -c Spain -q")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    assert f"{ESC}1m" in forced and "1,800,000" in forced
    assert f"{ESC}1m" in always
    assert "1,800,000" in plain and f"{ESC}1m" not in plain
    assert "1,800,000" in dumb and f"{ESC}1m" not in dumb


def test_table_when_asked_has_no_colour_in_a_pipe_or_with_no_color():
    for env in ({}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}):
        r = run("totals", "--donor", "Jack Ma Foundation", "-f", "table", env=env)
        assert r.returncode == 0 and "5,400,000" in r.stdout
        assert "\x1b[" not in r.stdout


def test_colour_only_on_a_terminal():
    r = run("totals", "--donor", "Jack Ma Foundation", "-f", "table", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in r.stdout  # a terminal (forced) gets colour
