"""Options where people type them, through the installed command: global options after the
command, colour into less -R (CLICOLOR_FORCE, --color) and in a real terminal (tmux), numbers
never broken at any width, the help's summaries whole, the man page, completion of values in
bash, zsh and fish as each shell's script asks for it."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import time

import pytest
from conftest import AIDCLI, ROOT, run_installed

ESC = "\x1b["


@pytest.mark.parametrize("option", ["-q", "--quiet", "--no-pager", "-x", "--vertical", "--no-cache", "--debug",
                                    "--color=never"])
def test_every_global_option_also_works_after_the_command(option):
    before = run_installed(option, "list", "-c", "Spain", "-f", "csv")
    after = run_installed("list", "-c", "Spain", "-f", "csv", option)
    assert after.returncode == before.returncode == 0, after.stderr
    assert (after.stdout, after.stderr) == (before.stdout, before.stderr)


def test_q_after_the_command_silences_the_notes():
    r = run_installed("list", "-c", "Spain", "-q")
    assert r.returncode == 0 and r.stderr == "" and r.stdout.startswith("record_id,")


def test_data_after_any_command_and_nothing_after_double_dash_moves(tmp_path):
    theirs = tmp_path / "mine.csv"
    theirs.write_bytes((ROOT / "data" / "donations.csv").read_bytes())
    assert run_installed("summary", "--data", str(theirs), "-q").returncode == 0
    r = run_installed("filter", "--", "-q")  # a condition, not the option
    assert r.returncode == 2 and "-q" in r.stderr


def test_the_help_says_once_that_global_options_may_follow():
    text = run_installed("--help", env={"COLUMNS": "80"}).stdout
    assert text.count("also work after the command") == 1


def test_help_and_usage_errors_stay_light_with_global_options_after():
    probe = ("import sys\nfrom aidcli.cli import main\ncode = main(sys.argv[1:])\n"
             "sys.stderr.write(f'pandas={\"pandas\" in sys.modules} code={code}\\n')")
    for args in (["list", "--help", "-q"], ["list", "--nope", "-q"], ["--help"]):
        r = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60)
        assert "pandas=False" in r.stderr, (args, r.stderr)


def test_every_command_summary_is_whole_in_the_help():
    text = run_installed("--help", env={"COLUMNS": "80"}).stdout
    assert "..." not in text.split("Commands:")[1]
    assert "never evaluated as code" in " ".join(text.split())


# ---- colour ----

def _table(*args, env=None):
    return run_installed("totals", "-c", "Spain", "-f", "table", "-q", *args, env={"TERM": "xterm", **(env or {})})


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


def _tmux(session: str, command: str, wait: float = 4.0) -> str:
    subprocess.run(["tmux", "send-keys", "-t", session, command, "Enter"], check=True)
    time.sleep(wait)
    return subprocess.run(["tmux", "capture-pane", "-t", session, "-e", "-p"], capture_output=True, text=True,
                          check=True).stdout


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


# ---- the man page ----

def test_the_committed_man_page_is_what_the_help_says_now():
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "manpage.py"), "--check"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr


@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed")
def test_man_renders_the_page():
    r = subprocess.run(["man", "-l", str(ROOT / "man" / "aidcli.1")], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"})
    assert r.returncode == 0, r.stderr
    text = r.stdout
    for heading in ("NAME", "SYNOPSIS", "GLOBAL OPTIONS", "COMMANDS", "ENVIRONMENT", "EXIT STATUS"):
        assert heading in text
    assert "aidcli by-country" in text and "--output FILE" in text and "CLICOLOR_FORCE" in text


def test_the_wheel_installs_the_man_page():
    settings = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"man/aidcli.1" = "share/man/man1/aidcli.1"' in settings


# ---- completion, as each shell's script asks ----

def _complete(shell: str, line: str) -> list[str]:
    """What the installed aidcli answers when `line` is being completed, driven as the shell's
    completion script (aidcli --show-completion SHELL) drives it."""
    env = {k: v for k, v in os.environ.items() if k != "AIDCLI_DATA"}
    if shell == "bash":  # COMPREPLY=( $(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD ...) )
        env |= {"_AIDCLI_COMPLETE": "complete_bash", "COMP_WORDS": line,
                "COMP_CWORD": str(len(line.split()) - (0 if line.endswith(" ") else 1))}
    elif shell == "zsh":  # _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}"
        env |= {"_AIDCLI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    else:  # _TYPER_COMPLETE_ARGS=(commandline -cp), get-args
        env |= {"_AIDCLI_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": line,
                "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    r = subprocess.run([AIDCLI], capture_output=True, text=True, env=env, timeout=60)
    out = r.stdout
    if shell == "zsh":  # _arguments '*: :(("delivered" "pledged"...))'
        import re

        return re.findall(r'"((?:[^"]|"")*)"(?::"[^"]*")?', out)
    return [line.split("\t")[0] for line in out.splitlines()]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize("line,expected", [
    ("aidcli list --status ", {"delivered", "pledged", "rejected"}),
    ("aidcli totals --format j", {"json", "jsonl"}),
    ("aidcli by-country Spa", {"Spain"}),
    ("aidcli compare Italy sp", {"spain"}),
    ("aidcli -q totals --flow ", {"from-china", "to-china"}),
    ("aidcli --data data/donations.csv list --region Eu", {"Europe"}),
    ("aidcli show R011", {"R0110", "R0111"}),
    ("aidcli li", {"list"}),
    ("aidcli list --sta", {"--status"}),
])
def test_completion_offers_values_and_names_in_every_shell(shell, line, expected):
    got = set(_complete(shell, line))
    assert expected <= got, (shell, line, sorted(got)[:10])


@pytest.mark.parametrize("shell,marker", [("fish", "complete --command aidcli"), ("zsh", "#compdef aidcli"),
                                          ("bash", "complete -o default -F")])
def test_show_completion_prints_the_named_shells_script_whatever_the_current_shell(shell, marker):
    r = run_installed("--show-completion", shell, env={"SHELL": "/bin/bash"})
    assert r.returncode == 0 and marker in r.stdout, r.stdout[:200]
