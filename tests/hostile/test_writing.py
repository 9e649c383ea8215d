"""Files written whole or not at all (-o): a full disk, Ctrl-C while writing, links, the mode;
a full standard output is a write error."""

from __future__ import annotations

import pytest
from conftest import one_line_error


def _no_debris(folder, *kept: str) -> None:
    """Nothing in the folder but what is named: no temporary file left behind."""
    assert sorted(p.name for p in folder.iterdir()) == sorted(kept)


def _full_disk(monkeypatch) -> None:
    """Every writer writes a little, then finds the disk full."""
    import errno

    from aidcli.output import formats

    def text(fmt, result, out, options):
        out.write("record_id,partial\n" * 1000)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(formats.Format, "write", text)


@pytest.fixture
def small_disk(tmp_path):
    """A real 16 KB tmpfs (needs root, or the test is skipped)."""
    import subprocess

    where = tmp_path / "small"
    where.mkdir()
    if (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(where)], capture_output=True).returncode
        != 0
    ):
        pytest.skip("cannot mount a small tmpfs here")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


@pytest.mark.parametrize("name", ["out.csv", "out.md", "out.json", "out.tsv"])
def test_full_disk_leaves_no_partial_file(cli, tmp_path, monkeypatch, name):
    _full_disk(monkeypatch)
    one_line_error(cli("export", "-o", str(tmp_path / name)), 1, "No space left on device")
    _no_debris(tmp_path)


def test_full_disk_keeps_the_old_file_under_force(cli, tmp_path, monkeypatch):
    (tmp_path / "out.csv").write_text("the old export\n")
    _full_disk(monkeypatch)
    one_line_error(cli("export", "-o", str(tmp_path / "out.csv"), "--force"), 1, "No space left")
    assert (tmp_path / "out.csv").read_text() == "the old export\n"
    _no_debris(tmp_path, "out.csv")


@pytest.mark.parametrize("name", ["out.csv", "out.json", "out.md", "out.xlsx"])
def test_a_really_full_disk_leaves_no_partial_file(cli, small_disk, name):
    one_line_error(cli("export", "-o", str(small_disk / name)), 1, "No space left on device")
    _no_debris(small_disk)


def test_ctrl_c_while_writing_leaves_no_partial_file(cli, tmp_path, monkeypatch):
    from aidcli.output import formats

    def interrupted(fmt, result, out, options):
        out.write("record_id\n" * 1000)
        raise KeyboardInterrupt

    monkeypatch.setattr(formats.Format, "write", interrupted)
    r = cli("export", "-o", str(tmp_path / "out.csv"))
    assert r.code == 130 and r.err == "aidcli: interrupted\n"
    _no_debris(tmp_path)


def test_a_real_sigint_while_writing_leaves_no_partial_file(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import sys, time\n"
        "from aidcli.output import formats\n"
        "def slow(fmt, result, out, options):\n"
        "    while True:\n"
        "        out.write('R0001,' * 1000 + '\\n'); out.flush(); time.sleep(0.01)\n"
        "formats.Format.write = slow\n"
        "from aidcli.cli import main\n"
        "sys.exit(main(['export', '-o', sys.argv[1]]))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "big.csv")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size > 50_000 for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and err == "aidcli: interrupted\n", err
    _no_debris(tmp_path)


def test_a_dangling_link_is_not_followed_without_force(cli, tmp_path):
    (tmp_path / "out.csv").symlink_to(tmp_path / "elsewhere.csv")
    one_line_error(cli("export", "-o", str(tmp_path / "out.csv")), 2, "exists", "--force")
    assert not (tmp_path / "elsewhere.csv").exists()


def test_force_replaces_the_link_not_its_target(cli, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "out.csv").symlink_to(victim)
    assert cli("export", "-o", str(tmp_path / "out.csv"), "--force").code == 0
    assert victim.read_text() == "precious\n"
    assert not (tmp_path / "out.csv").is_symlink()
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("record_id,")
    _no_debris(tmp_path, "out.csv", "victim.txt")


def test_a_written_file_has_the_mode_open_would_give(cli, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        assert cli("export", "-o", str(tmp_path / "out.csv")).code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("args", [["-q", "list", "-f", "csv"], ["export", "-f", "json"], ["--help"]])
def test_a_full_stdout_is_a_write_error(args):
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        r = subprocess.run(
            [sys.executable, "-m", "aidcli", *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60
        )
    assert r.returncode == 1 and r.stderr == "aidcli: error: cannot write the output: No space left on device\n", (
        r.stderr
    )
