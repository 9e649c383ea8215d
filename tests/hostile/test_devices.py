"""Devices, FIFOs and a closed standard input as data: refused in one line, never hanging."""

from __future__ import annotations

import subprocess

import pytest
from conftest import AIDCLI, one_line_error


def test_a_device_on_standard_input_is_refused_not_spooled():
    with open("/dev/zero", "rb") as zero:
        r = subprocess.run([AIDCLI, "--data", "-", "list"], stdin=zero, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "not a regular file or a pipe" in r.stderr and r.stderr.count("\n") == 1


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused(cli, device):
    one_line_error(cli("--data", device, "list"), 1, "not a regular file")
    one_line_error(cli("--data", device, "by-country", "Spain"), 1, "not a regular file")
    r = cli("validate", device, "-f", "csv")
    assert r.code == 1 and "not a regular file" in r.out


def test_a_fifo_is_refused_without_hanging(tmp_path):
    import os
    import subprocess
    import sys

    fifo = tmp_path / "d.csv"
    os.mkfifo(fifo)
    r = subprocess.run(
        [sys.executable, "-m", "aidcli", "--data", str(fifo), "list", "-c", "Spain"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "not a regular file" in r.stderr, r.stderr


def test_show_dash_with_stdin_closed_is_one_line(tmp_path):
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "aidcli", "show", "-"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and "no record ids" in r.stderr  # empty stdin: nothing asked for
    script = "import os, sys; os.close(0); sys.stdin = None; from aidcli.cli import main; sys.exit(main(['show', '-']))"
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "standard input" in r.stderr, r.stderr
