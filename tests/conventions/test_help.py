"""What a person at a terminal and a script in a pipe expect: help, lists, enumerated values,
sorting every table, Ctrl-C, python -m, completion of values."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from conftest import AIDCLI
from conftest import run_installed as run

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
    examples = [line.strip() for line in out[out.index("  Examples:") + 1:] if line.strip()]
    assert 1 <= len(examples) <= 3 and all(e.startswith(f"$ aidcli {command}") or "| aidcli" in e for e in examples)


def test_help_examples_run(cli):
    """Every example in every command's help runs and exits 0."""
    for command in COMMANDS:
        out = cli(command, "--help").out.splitlines()
        for line in out[out.index("  Examples:") + 1:]:
            text = line.strip()
            if not text.startswith("$ aidcli ") or "|" in text or ">" in text or " -o " in text:
                continue
            import shlex

            args = shlex.split(text[len("$ aidcli "):])
            assert cli(*args).code == 0, text


def test_version_and_python_m_aidcli(cli):
    assert cli("--version").out.startswith("aidcli ")
    r = subprocess.run([sys.executable, "-m", "aidcli", "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("aidcli ")


FRAME = re.compile(r'File "([^"]+)", line \d+, in (\S+)')


@pytest.mark.parametrize("delay", [0.04, 0.1, 0.25])
def test_ctrl_c_at_any_moment_is_one_line_and_130(delay):
    """A Ctrl-C is aidcli's from the first line of run() on: one line and exit 130. Before that
    (the interpreter starting, the console script importing the package) it is Python's: the
    process dies of SIGINT, and its traceback, if any, has no frame inside aidcli's code.
    Finishing before the signal gives the whole output."""
    proc = subprocess.Popen([AIDCLI, "totals", "-f", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:  # finished before the signal came
        whole = run("totals", "-f", "csv")
        assert (out, err) == (whole.stdout, whole.stderr) and out.startswith("item,")
    elif proc.returncode == 130:
        assert err == "aidcli: interrupted\n", err
    else:  # the signal came before run(): Python's own handling, never a frame of aidcli's code
        # (exit 1 with "Fatal Python error" while site is imported; death by SIGINT after that)
        assert proc.returncode in (1, -signal.SIGINT), (proc.returncode, err)
        assert err == "" or err.rstrip().endswith("KeyboardInterrupt"), err
        ours = [(f, fn) for f, fn in FRAME.findall(err) if "aidcli" in Path(f).parts[-2:-1]]
        assert all(Path(f).name == "__init__.py" and fn == "<module>" for f, fn in ours), err


def test_lists_and_spellings_of_values(cli):
    both = cli("list", "-c", "Spain,Italy", "-f", "csv").csv()
    assert {r["recipient"] for r in both} >= {"Spain", "Italy"}
    for spelling in ("from_china", "from china", "From-China"):
        assert cli("list", "--flow", spelling, "-f", "csv").out == cli("list", "--flow", "from-china", "-f", "csv").out
    assert cli("list", "--since", "2020-3", "-f", "csv").code == 0


@pytest.mark.parametrize("args,hint", [
    (["by-country", "Europe"], "--region Europe"),
    (["compare", "Huawei", "Jack Ma Foundation"], "--donors"),
    (["totals", "--item", "PPE"], "protective-clothing"),
    (["totals", "--item", "face mask"], "masks"),
])
def test_names_that_are_something_else(cli, args, hint):
    r = cli(*args)
    assert r.code == 2 and hint in r.err


def test_a_profile_with_a_conflicting_filter_says_why_it_is_empty(cli):
    r = cli("by-country", "Spain", "-c", "Italy", "-f", "json")
    assert r.code == 0 and "--country selects other records" in r.err


@pytest.mark.parametrize("args", [["totals", "--by", "donor", "--item", "masks"], ["compare", "Italy", "Spain"],
                                  ["countries"], ["donors"], ["items"], ["list"]])
def test_sort_desc_limit_columns_on_every_table(cli, args):
    rows = cli(*args, "--sort", "records" if args[0] not in ("list", "compare") else "item", "--desc",
               "--limit", "3", "-f", "csv").csv()
    assert 1 <= len(rows) <= 3
    key = "records" if args[0] not in ("list", "compare") else "item"
    values = [float(r[key]) if key == "records" else r[key].lower() for r in rows]
    assert values == sorted(values, reverse=True)


def test_who_gave_the_most_masks(cli):
    rows = cli("totals", "--by", "donor", "--item", "masks", "--sort", "quantity", "--desc", "--limit", "5",
               "--columns", "donor,item,status,quantity", "-f", "csv").csv()
    # Huawei's "over one million" keeps its hedge: approx is added after the number
    assert list(rows[0]) == ["donor", "item", "status", "quantity", "approx"] and len(rows) == 5
    assert [r["approx"] for r in rows if r["donor"] == "Huawei"] == ["over"]
    assert [float(r["quantity"]) for r in rows] == sorted((float(r["quantity"]) for r in rows), reverse=True)


def test_errors_speak_of_what_the_user_typed():
    piped = run("totals", "--chart")
    assert piped.returncode == 2 and "pipe" in piped.stderr and "--format" not in piped.stderr
    chosen = run("list", "--hxl", "-f", "json")
    assert chosen.returncode == 2 and "--format json" in chosen.stderr


def _complete(words: str) -> list[str]:
    env = {**os.environ, "_AIDCLI_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    r = subprocess.run([AIDCLI], capture_output=True, text=True, env=env, timeout=60)
    return r.stdout.splitlines()  # one value a line: a name may hold spaces


@pytest.mark.parametrize("words,expected", [
    ("aidcli totals --status ", {"delivered", "pledged", "rejected"}),
    ("aidcli totals --flow ", {"from-china", "to-china"}),
    ("aidcli totals --region Eu", {"Europe"}),
    ("aidcli totals --format j", {"json", "jsonl"}),
    ("aidcli totals --by don", {"donor", "donor_type"}),
    ("aidcli compare Italy sp", {"spain"}),
    ("aidcli totals --donor Alibaba", {"Alibaba Foundation"}),  # a joint donor's member: --donor takes it
    ("aidcli show R011", {"R0110", "R0111"}),
])
def test_completion_offers_values(words, expected):
    """Values complete case-blind: 'sp' offers Spain (written 'spain', in the user's own case)."""
    assert expected <= set(_complete(words))


def test_json_of_explain_is_an_array_of_ids(cli):
    data = json.loads(cli("totals", "-c", "Kenya", "--explain", "-f", "json").out)
    assert all(isinstance(r["record_ids"], list) for r in data["totals"])
