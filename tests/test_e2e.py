"""End to end through the installed `aidcli` in a subprocess: pipes, colour, exit codes, signals."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import AIDCLI, write_rows
from conftest import run_installed as run

from aidcli.loading import tables


def test_csv_when_piped():
    r = run("by-country", "Spain")
    assert r.returncode == 0
    assert r.stdout.startswith("record_id,date,donor,") and "\x1b[" not in r.stdout


def test_table_when_asked_has_no_colour_in_a_pipe_or_with_no_color():
    for env in ({}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}):
        r = run("totals", "--donor", "Jack Ma Foundation", "-f", "table", env=env)
        assert r.returncode == 0 and "5,400,000" in r.stdout
        assert "\x1b[" not in r.stdout


def test_colour_only_on_a_terminal():
    r = run("totals", "--donor", "Jack Ma Foundation", "-f", "table", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in r.stdout  # a terminal (forced) gets colour


def test_head_ends_quietly():
    r = subprocess.run(f"'{AIDCLI}' export -f csv | head -1", shell=True, capture_output=True, text=True,
                       timeout=120)
    assert r.stdout.startswith("record_id,") and r.stdout.count("\n") == 1
    assert r.stderr == ""


def test_closed_stdout():
    r = subprocess.run(f"'{AIDCLI}' list -f csv >&-", shell=True, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1


@pytest.mark.parametrize("args,code", [
    (["by-country", "Spain"], 0), (["by-country", "Norway"], 0), (["by-country", "Spian"], 2),
    (["list", "--limit", "0"], 2), (["--data", "/nonexistent.csv", "list"], 1), (["--version"], 0),
])
def test_exit_codes(args, code):
    r = run(*args)
    assert r.returncode == code, r.stderr
    assert "Traceback" not in r.stderr


def test_aliases_through_the_installed_command():
    r = run("list", "--country", "the U.S.", "-f", "csv")
    assert "United States" in r.stdout and r.returncode == 0


def test_ctrl_c_during_a_long_load_exits_130(tmp_path, rows):
    """A Ctrl-C while a large --data file loads: one line, exit 130. The file is just large enough
    for polars' reader; a slow step injected after the read holds the load open, and the signal is
    sent from outside, as a terminal sends it, once the read is done."""
    big = write_rows(tmp_path / "big.csv", rows * 30)
    assert big.stat().st_size >= tables.LARGE_FILE
    mark = tmp_path / "read"
    probe = ("import pathlib, sys, time\nfrom aidcli.loading import tables\nread = tables._read_large\n"
             "def slow(path, columns):\n    frame = read(path, columns)\n"
             f"    pathlib.Path({str(mark)!r}).touch()\n    time.sleep(60)\n    return frame\n"
             "tables._read_large = slow\n"
             f"sys.argv = ['aidcli', '--data', {str(big)!r}, '--no-cache', 'list', '-f', 'csv']\n"
             "from aidcli import run\nrun()\n")
    interrupt_once_marked(probe, mark)


def interrupt_once_marked(probe: str, mark: Path) -> float:
    """Run a probe, send it a real SIGINT once it has touched `mark`, and check what aidcli says:
    one line, exit 130. How long it took to end after the signal."""
    proc = subprocess.Popen([sys.executable, "-c", probe], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 60
    while not mark.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert mark.exists(), proc.stderr.read() if proc.poll() is not None else "the step never began"
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err == "aidcli: interrupted\n", err
    return time.monotonic() - sent


def test_completion_offers_country_names():
    env = {"_AIDCLI_COMPLETE": "complete_bash", "COMP_WORDS": "aidcli by-country Sp", "COMP_CWORD": "2"}
    r = run(env=env)
    assert "Spain" in r.stdout.split()


@pytest.mark.parametrize("args", [
    ["--help"], ["--version"], ["totals", "--by", "planet"], ["list", "-f", "xml"], ["filter", "colour = red"],
    ["list", "--since", "yesterday"], ["list", "--limit", "0"], ["list", "--region", "Mars"],
    ["by-country", ""], ["compare", "Italy"], ["list", "--hxl", "-f", "json"],
    ["by-country", "Spian"], ["totals", "--donor", "Huawai"], ["totals", "--item", "PPE"], ["compare", "Italy", "and"],
    ["by-country", "Europe"], ["compare", "Huawei", "Jack Ma Foundation"], ["by-donor", "Nobody Inc"],
    ["list", "-c", "Spain,Atlantis"], ["list", "--flow", "sideways"], ["by-country", "Frnace"],
    ["compare", "Spain", "Belgum"],
])
def test_help_and_usage_errors_do_not_import_pandas(args):
    probe = ("import sys\nfrom aidcli.cli import main\ncode = main(sys.argv[1:])\n"
             "heavy = sorted({'pandas', 'numpy', 'pycountry', 'rich'} & set(sys.modules))\n"
             "sys.stderr.write(f'heavy={heavy} code={code}\\n')")
    r = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60)
    assert "heavy=[]" in r.stderr, r.stderr
    assert "code=0" in r.stderr or "code=2" in r.stderr


def test_shell_completion_script_is_offered():
    r = run("--show-completion", "bash")
    assert r.returncode == 0 and "_AIDCLI_COMPLETE" in r.stdout


@pytest.fixture(scope="module")
def large_csv(tmp_path_factory):
    """A --data file just large enough for polars' reader, written once for the signal tests."""
    import csv

    from conftest import DATA

    with (DATA / "donations.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    big = write_rows(tmp_path_factory.mktemp("large") / "big.csv", rows * 30)
    assert big.stat().st_size >= tables.LARGE_FILE
    return big


# Each step is held open where a Ctrl-C can land in a cold load: the polars read turning the
# interrupt into its own error ("query interrupted", as polars does when it aborts a query on
# SIGINT), which the reader once took for a file polars cannot read and read again with pandas;
# the polars read itself; and the schema's checks.
HOLDS = {
    "polars-disguises-it": ("polars", "read_csv",
                            "    try:\n        time.sleep(60)\n    except KeyboardInterrupt:\n"
                            "        raise polars.exceptions.ComputeError('query interrupted')\n"),
    "polars-read": ("polars", "read_csv", "    time.sleep(0.05)\n"),
    "rules": ("aidcli.loading.rules", "typed", "    time.sleep(60)\n"),
}


@pytest.mark.parametrize("hold", list(HOLDS))
def test_ctrl_c_at_each_step_of_a_cold_load_exits_130(tmp_path, large_csv, hold):
    """A real SIGINT, sent from outside once the step has begun: one line, exit 130, promptly,
    never a second read of the file nor a finished run."""
    module, name, body = HOLDS[hold]
    mark = tmp_path / "begun"
    probe = (f"import pathlib, sys, time, polars, {module} as target\noriginal = target.{name}\n"
             "def held(*args, **kwargs):\n"
             f"    pathlib.Path({str(mark)!r}).touch()\n{body}"
             "    return original(*args, **kwargs)\n"
             f"target.{name} = held\n"
             f"sys.argv = ['aidcli', '--data', {str(large_csv)!r}, '--no-cache', 'list', '--columns', 'all',"
             " '-f', 'csv']\n"
             "from aidcli import run\nrun()\n")
    assert interrupt_once_marked(probe, mark) < 10
