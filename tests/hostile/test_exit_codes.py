"""The documented exit code and the words of the cause, where aidcli said another: an unreadable
--data is a data error (exit 1) whether or not a variable named it, a usage error is exit 2 with
stderr closed too, a loop of symbolic links is said as one."""

from __future__ import annotations

import subprocess

import pytest
from conftest import AIDCLI, DATA, Run, as_a_user, installed, one_line_error


@pytest.mark.parametrize("command", [["list"], ["totals"], ["by-country", "Spain"]])
def test_an_unreadable_data_file_is_a_data_error(tmp_path, command):
    data = tmp_path / "mine.csv"
    data.write_bytes((DATA / "donations.csv").read_bytes())
    data.chmod(0)
    r = as_a_user("aidcli", "--data", str(data), *command)
    one_line_error(r, 1, "permission denied", str(data))
    assert "AIDCLI_DATA" not in r.err and "Invalid value" not in r.err
    one_line_error(as_a_user("aidcli", "validate", str(data)), 1, "permission denied")


def test_an_unreadable_file_is_replaced_under_force(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    target.chmod(0)
    r = as_a_user("aidcli", "sources", "-o", str(target), "--force")
    assert r.code == 0, r.err
    target.chmod(0o644)
    assert target.read_text(encoding="utf-8").startswith("source,")


@pytest.mark.parametrize("args", [["list", "--no-such-option"], ["frobnicate"], ["list", "--limit", "0"]])
def test_a_usage_error_with_stderr_closed_is_still_exit_2(args):
    closed = subprocess.run(["sh", "-c", '"$0" "$@" 2>&-', AIDCLI, *args], capture_output=True, timeout=60)
    assert closed.returncode == 2 and closed.stdout == b""


@pytest.mark.parametrize("command", [["--data", "{loop}", "list"], ["validate", "{loop}"]])
def test_a_loop_of_symbolic_links_is_said_as_one(tmp_path, command):
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    r: Run = installed(*[c.format(loop=tmp_path / "a.csv") for c in command])
    one_line_error(r, 1, "loop of symbolic links")
    assert "no such file" not in r.err
