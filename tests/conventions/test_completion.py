"""Completion of commands, options and values, as bash, zsh and fish ask for it
(aidcli --show-completion SHELL)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess

import pytest
from conftest import AIDCLI, run_installed


def _complete(shell: str, line: str) -> list[str]:
    """What the installed aidcli answers when `line` is being completed, driven as the shell's
    completion script (aidcli --show-completion SHELL) drives it."""
    env = {k: v for k, v in os.environ.items() if k != "AIDCLI_DATA"}
    if shell == "bash":  # COMPREPLY=( $(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD ...) )
        env |= {
            "_AIDCLI_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(line.split()) - (0 if line.endswith(" ") else 1)),
        }
    elif shell == "zsh":  # _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}"
        env |= {"_AIDCLI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    else:  # _TYPER_COMPLETE_ARGS=(commandline -cp), get-args
        env |= {
            "_AIDCLI_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_ARGS": line,
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        }
    r = subprocess.run([AIDCLI], capture_output=True, text=True, env=env, timeout=60)
    out = r.stdout
    if shell == "zsh":  # _arguments '*: :(("delivered" "pledged"...))'
        return re.findall(r'"((?:[^"]|"")*)"(?::"[^"]*")?', out)
    if shell == "bash":  # escaped as shell words: the value each stands for
        return [re.sub(r"\\(.)", r"\1", line) for line in out.splitlines()]
    return [line.split("\t")[0] for line in out.splitlines()]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize(
    "line,expected",
    [
        ("aidcli list --status ", {"delivered", "pledged", "rejected"}),
        ("aidcli totals --format j", {"json", "jsonl"}),
        ("aidcli by-country Spa", {"Spain"}),
        ("aidcli compare Italy sp", {"spain"}),
        ("aidcli -q totals --flow ", {"from-china", "to-china"}),
        ("aidcli --data data/donations.csv list --region Eu", {"Europe"}),
        ("aidcli show R011", {"R0110", "R0111"}),
        ("aidcli li", {"list"}),
        ("aidcli list --sta", {"--status"}),
        ("aidcli totals --by don", {"donor", "donor_type"}),
        ("aidcli totals --donor Alibaba", {"Alibaba Foundation"}),  # a joint donor's member: --donor takes it
    ],
)
def test_completion_offers_values_and_names_in_every_shell(shell, line, expected):
    """Values complete case-blind: 'sp' offers Spain (written 'spain', in the user's own case)."""
    got = set(_complete(shell, line))
    assert expected <= got, (shell, line, sorted(got)[:10])


@pytest.mark.parametrize(
    "shell,marker",
    [("fish", "complete --command aidcli"), ("zsh", "#compdef aidcli"), ("bash", "complete -o default -F")],
)
def test_show_completion_prints_the_named_shells_script_whatever_the_current_shell(shell, marker):
    r = run_installed("--show-completion", shell, env={"SHELL": "/bin/bash"})
    assert r.returncode == 0 and marker in r.stdout, r.stdout[:200]
    assert "_AIDCLI_COMPLETE" in r.stdout  # the script asks aidcli itself


def _bash_reply(words: list[str], cword: int) -> list[str]:
    """COMPREPLY after a real bash has sourced `aidcli --show-completion bash` and called its
    function with these COMP_WORDS and COMP_CWORD, as TAB does."""
    script = run_installed("--show-completion", "bash").stdout
    env = {k: v for k, v in os.environ.items() if k != "AIDCLI_DATA"}
    env["PATH"] = f"{os.path.dirname(AIDCLI)}:{env['PATH']}"
    body = (
        f"{script}\nCOMP_WORDS=({' '.join(shlex.quote(w) for w in words)}); COMP_CWORD={cword}\n"
        '_aidcli_completion aidcli; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    r = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", body], capture_output=True, text=True, env=env, timeout=60
    )
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


@pytest.mark.parametrize(
    "words,value",
    [
        (["aidcli", "list", "--donor", "Jack"], "Jack Ma Foundation"),
        (["aidcli", "by-country", "South"], "South Africa"),
        (["aidcli", "list", "-c", "United\\ St"], "United States"),  # the user typed the backslash
    ],
)
def test_bash_tab_inserts_a_name_with_spaces_as_one_word_that_runs(words, value):
    """Bash inserts a reply as it stands: a name with spaces comes escaped, and the command line
    it makes runs (no 'unexpected extra argument')."""
    reply = _bash_reply(words, len(words) - 1)
    assert reply and all(" " not in r.replace("\\ ", "") for r in reply), reply
    assert value in [shlex.split(r)[0] for r in reply], reply
    line = shlex.split(" ".join([*words[1:-1], next(r for r in reply if shlex.split(r)[0] == value)]))
    r = run_installed(*line, "-f", "csv", "-q")
    assert r.returncode == 0, r.stderr
