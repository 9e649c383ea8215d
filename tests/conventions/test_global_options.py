"""Global options where people type them: after the command as well as before it, and --data after
any command; nothing after -- moves."""

from __future__ import annotations

import pytest
from conftest import ROOT, run_installed


@pytest.mark.parametrize(
    "option", ["-q", "--quiet", "--no-pager", "-x", "--vertical", "--no-cache", "--debug", "--color=never"]
)
def test_every_global_option_also_works_after_the_command(cli, option):
    """Through aidcli's entry point, which moves them (the installed command's own: the tests below)."""
    before = cli(option, "list", "-c", "Spain", "-f", "csv")
    after = cli("list", "-c", "Spain", "-f", "csv", option)
    assert after.code == before.code == 0, after.err
    assert (after.out, after.err) == (before.out, before.err)


def test_q_after_the_command_silences_the_notes():
    r = run_installed("list", "-c", "Spain", "-q")
    assert r.returncode == 0 and r.stderr == "" and r.stdout.startswith("record_id,")


def test_data_after_any_command_and_nothing_after_double_dash_moves(tmp_path):
    theirs = tmp_path / "mine.csv"
    theirs.write_bytes((ROOT / "data" / "donations.csv").read_bytes())
    assert run_installed("summary", "--data", str(theirs), "-q").returncode == 0
    r = run_installed("filter", "--", "-q")  # a condition, not the option
    assert r.returncode == 2 and "-q" in r.stderr
