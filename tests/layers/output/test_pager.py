"""The pager (output/pager.py): which command, only on a terminal and only for long text, through
a real pty; quitting it early or pressing Ctrl-C in it leaves aidcli well."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

from aidcli.output import pager

_PAGED = (
    "import signal, sys\n"
    "signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # as the console script sets it\n"
    "from aidcli.output import pager\n"
    "out = open(sys.argv[1], 'a')\n"
    "pager._run([sys.executable, '-c', sys.argv[2]], 'line\\n' * 2_000_000, out, {})\n"
    "out.write('aidcli went on\\n'); out.close()\n"
)


def _paged(tmp_path, pager_script: str):
    import subprocess
    import sys

    screen = tmp_path / "screen.txt"
    r = subprocess.run(
        [sys.executable, "-c", _PAGED, str(screen), pager_script], capture_output=True, text=True, timeout=60
    )
    return r, screen.read_text() if screen.exists() else ""


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quitting_the_pager_early_exits_0(tmp_path):
    r, screen = _paged(tmp_path, "import sys; sys.stdin.buffer.read(100); print('q pressed')")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert screen == "q pressed\naidcli went on\n"


def test_ctrl_c_in_the_pager_waits_for_it(tmp_path):
    pager_script = (
        "import os, signal, sys, time\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)  # less keeps running on Ctrl-C\n"
        "sys.stdin.buffer.read(100)\n"
        "os.kill(os.getppid(), signal.SIGINT)  # Ctrl-C reaches the whole process group\n"
        "time.sleep(0.5)\n"
        "print('pager quit', flush=True)\n"
    )
    r, screen = _paged(tmp_path, pager_script)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert screen == "pager quit\naidcli went on\n"


@pytest.mark.parametrize(
    "env, cmd",
    [
        ({}, ["less", "-FRX"]),
        ({"PAGER": "more"}, ["more"]),
        ({"PAGER": "more", "AIDCLI_PAGER": "less -S"}, ["less", "-S"]),
        ({"AIDCLI_PAGER": ""}, None),
        ({"PAGER": "cat"}, None),
        ({"PAGER": "less 'unbalanced"}, None),
    ],
)
def test_pager_command(env, cmd):
    assert pager.command(env) == cmd


def test_page_only_a_terminal_and_only_long_text():
    env = {"LINES": "10", "COLUMNS": "40"}
    long_text, short_text = "line\n" * 20, "line\n" * 5
    assert pager.should_page(long_text, FakeTTY(), env=env)
    assert not pager.should_page(short_text, FakeTTY(), env=env)
    assert not pager.should_page(long_text, io.StringIO(), env=env)  # a pipe or a file
    assert not pager.should_page(long_text, FakeTTY(), no_pager=True, env=env)
    assert not pager.should_page(long_text, FakeTTY(), env={**env, "PAGER": "cat"})
    assert pager.should_page("x" * 400 + "\n", FakeTTY(), env=env)  # one line that wraps to 10


def test_a_pager_that_cannot_start_writes_directly():
    out = FakeTTY()
    out.fileno = lambda: 1  # type: ignore[method-assign]
    pager.page("line\n" * 20, out, env={"LINES": "10", "PAGER": "/no/such/pager-program"})
    assert out.getvalue() == "line\n" * 20


def test_emit_pages_on_a_terminal_through_a_pty(tmp_path):
    """A real terminal (pty): long output goes through $PAGER; short output and pipes do not."""
    pty = pytest.importorskip("pty")
    script = (
        "import sys, pandas as pd\n"
        "from aidcli.output import formats, render\n"
        "n = int(sys.argv[1])\n"
        "render.emit(render.Result([render.Section('n', 'Numbers', pd.DataFrame({'n': range(n)}))]), "
        "formats.get('table'), pager=True)\n"
    )
    env = {**os.environ, "PAGER": "sed s/^/paged:/", "LINES": "20", "COLUMNS": "60", "NO_COLOR": "1"}
    env.pop("AIDCLI_PAGER", None)

    def on_pty(rows: int) -> str:
        main, child = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(rows)], stdout=child, stderr=subprocess.PIPE, env=env, cwd=ROOT
        )
        os.close(child)
        chunks = []
        while True:
            try:
                data = os.read(main, 65536)
            except OSError:  # the child side closed
                break
            if not data:
                break
            chunks.append(data)
        assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
        os.close(main)
        return b"".join(chunks).decode().replace("\r\n", "\n")

    paged = on_pty(50)
    assert paged.count("paged:") == len(paged.splitlines()) > 50
    assert re.search(r"^paged:Numbers\s*$", paged, re.M) and re.search(r"^paged:\s*49\s*$", paged, re.M)
    assert "paged:" not in on_pty(3)
    piped = subprocess.run(
        [sys.executable, "-c", script, "50"], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    ).stdout
    assert "paged:" not in piped and re.search(r"^\s*49\s*$", piped, re.M)
