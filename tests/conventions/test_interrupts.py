"""Ctrl-C: a real SIGINT, at any moment, is one line and exit 130 (or, if it comes after the
run, the whole output); at each step of a cold load too."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import AIDCLI, write_rows
from conftest import run_installed as run

from aidcli.loading import tables

FRAME = re.compile(r'File "([^"]+)", line \d+, in (\S+)')


def interrupt_once_marked(probe: str, mark: Path) -> float:
    """Run a probe, send it a real SIGINT once it has touched `mark`, and check what aidcli says:
    one line, exit 130. How long it took to end after the signal."""
    proc = subprocess.Popen([sys.executable, "-c", probe], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
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
    "polars-disguises-it": (
        "polars",
        "read_csv",
        "    try:\n        time.sleep(60)\n    except KeyboardInterrupt:\n"
        "        raise polars.exceptions.ComputeError('query interrupted')\n",
    ),
    "polars-read": ("polars", "read_csv", "    time.sleep(0.05)\n"),
    "rules": ("aidcli.loading.rules", "typed", "    time.sleep(60)\n"),
}


@pytest.fixture(scope="module")
def whole() -> subprocess.CompletedProcess:
    """What `aidcli totals -f csv` prints when nothing interrupts it."""
    done = run("totals", "-f", "csv")
    assert done.returncode == 0 and done.stdout.startswith("item,"), done.stderr
    return done


INTERRUPTED = "aidcli: interrupted\n"


@pytest.mark.parametrize("delay", [0.04, 0.1, 0.25])
def test_ctrl_c_at_any_moment_is_one_line_and_130(whole, delay):
    """A Ctrl-C is aidcli's from the first line of run() on: exit 130, and one line saying so,
    after whatever of the normal output had been written when it came (a part of it: the notes it
    had already given on stderr, the start of the table). If the run ends before the signal comes,
    the whole output and exit 0. Before run() (the interpreter starting, the console script
    importing the package) a Ctrl-C is Python's: the process dies of SIGINT, and its traceback,
    if any, has no frame inside aidcli's code. Only what aidcli controls is asserted, whenever
    the signal lands."""
    proc = subprocess.Popen([AIDCLI, "totals", "-f", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:  # finished before the signal came
        assert (out, err) == (whole.stdout, whole.stderr)
    elif proc.returncode == 130:  # aidcli's: one line, after a part of the normal output
        assert err.endswith(INTERRUPTED) and err.count("interrupted") == 1 and "Traceback" not in err, err
        assert whole.stderr.startswith(err[: -len(INTERRUPTED)]), err
        assert whole.stdout.startswith(out), out[-200:]
    else:  # the signal came before run(): Python's own handling, never a frame of aidcli's code
        # (exit 1 with "Fatal Python error" while site is imported; death by SIGINT after that)
        assert proc.returncode in (1, -signal.SIGINT), (proc.returncode, err)
        assert err == "" or err.rstrip().endswith("KeyboardInterrupt"), err
        ours = [(f, fn) for f, fn in FRAME.findall(err) if "aidcli" in Path(f).parts[-2:-1]]
        assert all(Path(f).name == "__init__.py" and fn == "<module>" for f, fn in ours), err


def test_ctrl_c_during_a_long_load_exits_130(tmp_path, large_csv):
    """A Ctrl-C while a large --data file loads: one line, exit 130. The file is just large enough
    for polars' reader; a slow step injected after the read holds the load open, and the signal is
    sent from outside, as a terminal sends it, once the read is done."""
    big = large_csv
    mark = tmp_path / "read"
    probe = (
        "import pathlib, sys, time\nfrom aidcli.loading import tables\nread = tables._read_large\n"
        "def slow(path, columns):\n    frame = read(path, columns)\n"
        f"    pathlib.Path({str(mark)!r}).touch()\n    time.sleep(60)\n    return frame\n"
        "tables._read_large = slow\n"
        f"sys.argv = ['aidcli', '--data', {str(big)!r}, '--no-cache', 'list', '-f', 'csv']\n"
        "from aidcli import run\nrun()\n"
    )
    interrupt_once_marked(probe, mark)


@pytest.mark.parametrize("hold", list(HOLDS))
def test_ctrl_c_at_each_step_of_a_cold_load_exits_130(tmp_path, large_csv, hold):
    """A real SIGINT, sent from outside once the step has begun: one line, exit 130, promptly,
    never a second read of the file nor a finished run."""
    module, name, body = HOLDS[hold]
    mark = tmp_path / "begun"
    probe = (
        f"import pathlib, sys, time, polars, {module} as target\noriginal = target.{name}\n"
        "def held(*args, **kwargs):\n"
        f"    pathlib.Path({str(mark)!r}).touch()\n{body}"
        "    return original(*args, **kwargs)\n"
        f"target.{name} = held\n"
        f"sys.argv = ['aidcli', '--data', {str(large_csv)!r}, '--no-cache', 'list', '--columns', 'all',"
        " '-f', 'csv']\n"
        "from aidcli import run\nrun()\n"
    )
    assert interrupt_once_marked(probe, mark) < 10
