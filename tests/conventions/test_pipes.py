"""What a script in a pipe expects of the installed command: CSV by default, data on stdout and
notes on stderr, a quiet end when the reader stops early, one line when stdout is closed."""

from __future__ import annotations

import subprocess

from conftest import AIDCLI
from conftest import run_installed as run


def test_csv_when_piped():
    r = run("by-country", "Spain")
    assert r.returncode == 0
    assert r.stdout.startswith("record_id,date,donor,") and "\x1b[" not in r.stdout


def test_head_ends_quietly():
    r = subprocess.run(f"'{AIDCLI}' export -f csv | head -1", shell=True, capture_output=True, text=True, timeout=120)
    assert r.stdout.startswith("record_id,") and r.stdout.count("\n") == 1
    assert r.stderr == ""


def test_closed_stdout():
    r = subprocess.run(f"'{AIDCLI}' list -f csv >&-", shell=True, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1


def test_csv_and_json_say_what_was_left_out(cli):
    for fmt in ("csv", "json"):
        r = cli("totals", "-c", "Ireland", "-f", fmt)
        assert "Left out:" in r.err and "purchase" in r.err and "Left out" not in r.out
    assert cli("-q", "totals", "-c", "Ireland", "-f", "csv").err == ""
