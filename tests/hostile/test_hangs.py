"""Hostile input within the documented bounds answers in time roughly linear in its size, through
the installed command: a package's backtracking pattern, a quote of unclosed Markdown marks, tens
of thousands of donors, a FIFO where a cache file should be. Each run has a generous time limit:
what took minutes (or for ever) must take seconds."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time

import pytest
from conftest import Run, changed_package, generated_csv, one_line_error, run_installed, write_rows

from aidcli.loading.rules import PATTERN_SECONDS


def _timed(
    *args: str, limit: float, env: dict[str, str] | None = None, bound: float | None = None, low: bool = False
) -> Run:
    """The installed command's run, failing the test past `limit` seconds. With `bound`, aidcli's
    entry point in a process of its own whose pattern time bound is `bound` seconds instead of
    PATTERN_SECONDS: the same command, signals and exit code, without waiting out the real bound.
    `low`: at the lowest priority (nice 19), for a run that burns a core until a wall-clock bound
    stops it, so the other tests running beside it have the core first; its bound is unchanged."""
    start = time.monotonic()
    priority = {"preexec_fn": lambda: os.nice(19)} if low else {}
    if bound is None:
        r = run_installed(*args, env={"AIDCLI_PAGER": "cat", **(env or {})}, **priority)
    else:
        shortened = (
            "import sys; from aidcli.loading import rules; rules.PATTERN_SECONDS = int(sys.argv.pop(1)); "
            "sys.argv[0] = 'aidcli'; import aidcli; aidcli.run()"
        )
        full = {k: v for k, v in os.environ.items() if k not in ("AIDCLI_DATA", "NO_COLOR", "FORCE_COLOR")}
        full |= {"AIDCLI_PAGER": "cat", **(env or {})}
        r = subprocess.run(
            [sys.executable, "-c", shortened, str(bound), *args],
            capture_output=True,
            text=True,
            env=full,
            timeout=120,
            **priority,
        )
    took = time.monotonic() - start
    assert took < limit, (args, took)
    return Run(r.returncode, r.stdout, r.stderr)


# A catastrophic pattern runs until the bound, so each case waits it out: the installed command
# with the real bound (PATTERN_SECONDS) for one reader of a package, a bound of one second for the
# other (the message names the bound that stopped it, so each case shows its bound at work).
@pytest.mark.parametrize(
    "pattern, command, bound",
    [("(a+)+b", ["list", "-c", "Spain"], None), ("(a|a)*b", ["validate"], 1)],
    ids=["list", "validate"],
)
def test_a_packages_backtracking_pattern_is_refused_in_bounded_time(tmp_path, pattern, command, bound):
    def change(descriptor):
        field = {"name": "v", "type": "string", "constraints": {"pattern": pattern}}
        descriptor["resources"].append({"name": "extra", "path": "extra.csv", "schema": {"fields": [field]}})

    path = changed_package(tmp_path, change)
    (path.parent / "extra.csv").write_text("v\n" + "a" * 34 + "\n", encoding="utf-8")
    package = str(path)
    args = ["--data", package, *command] if command != ["validate"] else ["validate", package]
    seconds = PATTERN_SECONDS if bound is None else bound
    r = _timed(*args, limit=seconds + 40, bound=bound, low=True)  # the bound is wall-clock time (ITIMER_REAL)
    said = f"took longer than {seconds} s"
    if command == ["validate"]:  # validate lists every problem on stdout
        assert r.code == 1 and said in r.out and "Traceback" not in r.err, r
    else:
        one_line_error(r, 1, "extra.csv", "pattern", said)


@pytest.mark.parametrize(
    "command", [["show", "R0001", "-f", "json"], ["cite", "R0001"], ["export", "-o", "OUT", "-f", "csv"]]
)
def test_a_quote_of_unclosed_bold_marks_is_cleaned_in_linear_time(tmp_path, rows, command):
    rows[0]["quote"] = "**a " * 65536  # 256 KB, within the 1 MiB a line may hold
    path = write_rows(tmp_path / "q.csv", rows)
    args = [str(tmp_path / "out.csv") if a == "OUT" else a for a in command]
    r = _timed("--data", str(path), *args, limit=30)
    assert r.code == 0, r.err
    if command[0] == "show":  # the quote as read: marks that close nothing stay, as Markdown leaves them
        assert json.loads(r.out)[0]["quote"] == " ".join(["**a"] * 65536)


def test_tens_of_thousands_of_donors_take_linear_time(tmp_path):
    path = changed_package(tmp_path)
    with (path.parent / "donors.csv").open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        # each named the parent of the next: every link is looked up
        parents = [f"Donor {i + 1}" for i in range(63_999)] + [""]
        writer.writerows([f"Donor {i}", "private-company", "ESP", p, "", ""] for i, p in enumerate(parents))
    package = str(path)
    plain = _timed("list", "-c", "Spain", "-f", "csv", limit=30)
    r = _timed("--data", package, "list", "-c", "Spain", "-f", "csv", limit=30)
    assert r.code == 0 and r.out == plain.out, r.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_where_a_cache_file_should_be_is_not_waited_on(tmp_path):
    path = generated_csv(tmp_path / "g.csv", 5000)  # over 1 MiB: its typed columns are cached
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = _timed("--data", str(path), "totals", "-f", "csv", limit=60, env=env)
    entries = sorted((tmp_path / "cache" / "aidcli").iterdir())
    assert first.code == 0 and {e.suffix for e in entries} == {".json", ".npz"}, entries
    for entry in entries:
        entry.unlink()
        os.mkfifo(entry)
    again = _timed("--data", str(path), "totals", "-f", "csv", limit=30, env=env)
    assert again.code == 0 and again.out == first.out, again.err
