"""Colour and width at a terminal, through the installed command: colour only on a terminal or
when asked (FORCE_COLOR, CLICOLOR_FORCE, --color), never with NO_COLOR or TERM=dumb, into less -R
in a real terminal (tmux); numbers never broken at any width."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import time

import pytest
from conftest import AIDCLI, ROOT, generated_csv, run_installed

from aidcli.output.workbook import LONG_EXPORT

ESC = "\x1b["


def _table(*args, env=None):
    return run_installed("totals", "-c", "Spain", "-f", "table", "-q", *args, env={"TERM": "xterm", **(env or {})})


class Tmux:
    """A shell in a real terminal: a tmux server of its own (its own socket), one window `width`
    x 30. Each step waits for the screen to show what it should, not for a fixed time."""

    def __init__(self, env: dict[str, str], width: int = 110) -> None:
        self.socket = f"aidcli-test-{os.getpid()}-{time.monotonic_ns()}"  # never one a server is leaving
        started = subprocess.run(
            [
                "tmux",
                "-L",
                self.socket,
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                str(width),
                "-y",
                "30",
                "env TERM=xterm-256color bash --norc --noprofile",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        assert started.returncode == 0, started.stderr

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True).stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-t", "t", "-e", "-p")

    def type(self, keys: str, until, timeout: float = 30.0) -> str:
        """Type a line, then poll the screen until `until(screen)` holds; the screen then."""
        self._tmux("send-keys", "-t", "t", keys, "Enter")
        return self.wait(until, timeout)

    def wait(self, until, timeout: float = 30.0) -> str:
        """Poll the screen, typing nothing, until `until(screen)` holds; the screen then."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if until(screen) or time.monotonic() > deadline:
                return screen
            time.sleep(0.05)

    def run(self, command: str) -> str:
        """A command run to its end at the prompt: the screen it leaves, from a clear one."""
        # the typed line shows "END"-$((40 + 2)), only the shell's echo shows END-42
        return self.type(f'clear; {command}; echo "END"-$((40 + 2))', lambda s: "END-42" in s)

    def paged(self, command: str) -> str:
        """A command piped into less -R: the screen less shows at the end of the output; then q."""
        screen = self.type(f"clear; {command} | less -R", lambda s: "(END)" in s)  # less's prompt
        self.type("q", lambda s: "(END)" not in s)
        return screen

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], check=False, capture_output=True)


def test_clicolor_force_and_color_always_colour_a_pipe_and_never_and_no_color_do_not(cli):
    piped = _table()
    assert ESC not in piped.stdout and "1,800,000" in piped.stdout  # the installed command in a pipe: no colour

    def table(*args: str, env: dict | None = None) -> str:  # the same, through the entry point in-process
        clean = {"NO_COLOR": None, "FORCE_COLOR": None, "CLICOLOR_FORCE": None, "TERM": "xterm"}
        return cli("totals", "-c", "Spain", "-f", "table", "-q", *args, env={**clean, **(env or {})}).out

    assert ESC not in table() and "1,800,000" in table()
    assert ESC in table(env={"FORCE_COLOR": "1"})  # a terminal, as FORCE_COLOR says
    assert ESC not in table(env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert ESC in table(env={"CLICOLOR_FORCE": "1"})
    assert ESC not in table(env={"CLICOLOR_FORCE": "0"})
    assert ESC not in table(env={"FORCE_COLOR": "1", "CLICOLOR": "0"})  # CLICOLOR=0: no colour on a terminal
    assert ESC in table(env={"CLICOLOR": "0", "CLICOLOR_FORCE": "1"})  # CLICOLOR_FORCE wins over it
    assert ESC in table("--color", "always")
    assert ESC not in table(env={"CLICOLOR_FORCE": "1", "NO_COLOR": "1"})
    assert ESC not in table(env={"CLICOLOR_FORCE": "1", "TERM": "dumb"})
    assert ESC not in table("--color", "never", env={"CLICOLOR_FORCE": "1"})
    assert ESC in _table(env={"CLICOLOR_FORCE": "1"}).stdout  # and the installed command, forced into a pipe
    bad = cli("totals", "-c", "Spain", "--color", "sometimes")
    assert bad.code == 2 and "auto, always, never" in bad.err


@pytest.fixture(scope="module")
def masks_by_donor() -> list[str]:
    """Every figure of `totals --item masks --by donor`, as a table writes it (from its CSV)."""
    out = run_installed("totals", "--item", "masks", "--by", "donor", "-f", "csv", "-q").stdout
    rows = list(csv.DictReader(out.splitlines()))
    return [f"{int(float(row[c])):,}" for row in rows for c in ("quantity", "quantity_low") if row[c]]


@pytest.mark.parametrize("columns", ["10", "7", "5"])
def test_a_number_is_never_broken_across_lines_however_narrow(masks_by_donor, columns):
    r = run_installed("totals", "--item", "masks", "--by", "donor", "-f", "table", "-q", env={"COLUMNS": columns})
    # a range ('4,800,000–5,800,000') is one unbroken word of two numbers
    shown = {n for line in r.stdout.splitlines() for word in line.split() for n in word.split("\u2013")}
    numbers = masks_by_donor
    assert numbers and all(n in shown for n in numbers), [n for n in numbers if n not in shown][:5]


@pytest.mark.skipif(shutil.which("tmux") is None or shutil.which("less") is None, reason="needs tmux and less")
def test_in_a_real_terminal_colour_reaches_less_r_and_no_color_still_wins():
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "AIDCLI_DATA", "TMUX")}
    terminal = Tmux(env)
    try:
        forced = terminal.paged(f"CLICOLOR_FORCE=1 {AIDCLI} totals -c Spain -f table -q")
        always = terminal.paged(f"{AIDCLI} --color always totals -c Spain -f table -q")
        plain = terminal.run(f"NO_COLOR=1 {AIDCLI} totals -c Spain -q")
        clicolor = terminal.run(f"CLICOLOR=0 {AIDCLI} totals -c Spain -q")
        dumb = terminal.run(f"TERM=dumb {AIDCLI} totals -c Spain -q")
    finally:
        terminal.close()
    assert f"{ESC}1m" in forced and "1,800,000" in forced
    assert f"{ESC}1m" in always
    assert "1,800,000" in plain and f"{ESC}1m" not in plain
    assert "1,800,000" in clicolor and f"{ESC}1m" not in clicolor
    assert "1,800,000" in dumb and f"{ESC}1m" not in dumb


@pytest.mark.skipif(shutil.which("tmux") is None or shutil.which("man") is None, reason="needs tmux and man")
def test_aidcli_man_on_a_terminal_shows_the_formatted_page():
    """`aidcli --man` at a terminal is man's own view of the page (formatted, paged), not roff."""
    env = {k: v for k, v in os.environ.items() if k not in ("AIDCLI_DATA", "TMUX", "MANPAGER", "PAGER")}
    terminal = Tmux(env)
    try:
        screen = terminal.type(f"clear; {AIDCLI} --man", lambda s: "AIDCLI(1)" in s)
        terminal.type("q", lambda s: "AIDCLI(1)" not in s)
    finally:
        terminal.close()
    assert "AIDCLI(1)" in screen and "NAME" in screen and ".TH" not in screen


@pytest.fixture(scope="module")
def large_csv(tmp_path_factory):
    """A valid donations CSV over the large-file size (8 MB), from benchmarks/generate.py."""
    path = tmp_path_factory.mktemp("large") / "large.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "30000", str(path)], check=True, capture_output=True
    )
    return path


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_long_work_shows_a_progress_bar_on_a_terminal_and_nothing_in_a_pipe(large_csv, tmp_path):
    """A cold read of a large --data file and an export of many rows to xlsx (as few as show a
    bar: the xlsx writer takes about a second a 3,000 rows) show a bar on a terminal's stderr while
    they work (gone after); in a pipe stderr holds no trace of one."""
    many = generated_csv(tmp_path / "many.csv", LONG_EXPORT)
    env = {k: v for k, v in os.environ.items() if k not in ("AIDCLI_DATA", "TMUX", "NO_COLOR")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    terminal = Tmux(env)
    seen = {}
    try:
        for n, (name, command, shows) in enumerate(
            (
                ("read", f"{AIDCLI} --data {large_csv} totals -f csv > /dev/null", "reading large.csv"),
                ("export", f"{AIDCLI} --data {many} export -o {tmp_path / 'x.xlsx'}", "rows to xlsx"),
            )
        ):
            done = f"DONE-{100 + n}"  # the typed line shows DONE-$((100 + n)); only the shell's echo shows this
            seen[name] = terminal.type(
                f'clear; {command}; echo "DONE"-$((100 + {n}))',
                lambda s, shows=shows, done=done: shows in s or done in s,
                timeout=300,
            )
            after = terminal.wait(lambda s, done=done: done in s, timeout=300)
            assert shows not in after, after  # transient: gone once the work is done
    finally:
        terminal.close()
    assert "reading large.csv" in seen["read"], seen["read"]
    assert "rows to xlsx" in seen["export"], seen["export"]
    piped = run_installed("--data", str(large_csv), "--no-cache", "totals", "-f", "csv")
    assert piped.returncode == 0 and "reading" not in piped.stderr and ESC not in piped.stderr


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
@pytest.mark.parametrize("width", [80, 120])
def test_tables_fit_the_terminal_as_tables_leaving_out_columns_they_name(width):
    """At 80 and 120 columns, totals and by-country are tables, one line per row where they can
    be, no line of the table wider than the terminal, the columns left out named; list is a table
    at 120 (records only where nothing fits: its seven needed columns at 80). Notes on stderr are
    one line each, which the terminal wraps: not measured here."""
    env = {k: v for k, v in os.environ.items() if k not in ("AIDCLI_DATA", "TMUX", "COLUMNS", "LINES")}
    env["AIDCLI_PAGER"] = "cat"
    terminal = Tmux(env, width=width)
    probes = {"totals": "totals", "spain": "by-country Spain", "list": "list"}
    try:
        screen = terminal.run(
            "; ".join(
                f'{n}=$({AIDCLI} {c} -f table 2>/dev/null); printf "{n}:%s:%s:%s:%s\\n" '
                f'"$(echo "${n}" | wc -l)" "$(echo "${n}" | wc -L)" "$(echo "${n}" | sed -n 2p | cut -c1-4)" '
                f'"$(echo "${n}" | grep -c "Columns left out to fit {width} characters")"'
                for n, c in probes.items()
            )
        )
    finally:
        terminal.close()
    got = {
        m[0]: (int(m[1]), int(m[2]), m[3], int(m[4])) for m in re.findall(r"(\w+):(\d+):(\d+):(.{0,4}):(\d+)", screen)
    }
    assert set(got) == set(probes), screen
    for name in ("totals", "spain"):
        lines, widest, head, _ = got[name]
        assert head != "1 of" and widest <= width, (name, got[name])
        # one record per block took 206 (totals) and 326 (Spain) lines at 80: a table takes far fewer
        assert lines < {80: 180, 120: 120}[width], (name, got[name])
    assert got["totals"][3] == (1 if width == 80 else 0)  # at 80 the caption names what is left out
    if width == 120:
        assert got["list"][2] == "reco" and got["list"][0] < 1500 and got["list"][1] <= width, got["list"]
