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


def _slow_export(target, seconds: float, until=None) -> str:
    """A script running the console script's entry point (its signal handlers too) on an export
    whose writer takes `seconds`, or ends once the file `until` exists, so a test can act while the
    file is being written."""
    ends = f"        if os.path.exists({str(until)!r}): break\n" if until else ""
    return (
        "import os, sys, time\n"
        "from aidcli.output import formats\n"
        "def slow(fmt, result, out, options):\n"
        f"    for _ in range(int({seconds} / 0.01)):\n"
        f"{ends}"
        "        out.write('R0001,' * 100 + '\\n'); out.flush(); time.sleep(0.01)\n"
        "formats.Format.write = slow\n"
        "from aidcli.cli import run\n"
        f"sys.argv = ['aidcli', 'export', '-o', {str(target)!r}]\n"
        "run()\n"
    )


def _started(folder, proc) -> None:
    """Wait until the hidden temporary file of an export is being written."""
    import time

    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".tmp") and p.stat().st_size for p in folder.iterdir()):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.02)


def test_a_file_made_while_aidcli_writes_is_kept_without_force(tmp_path):
    import subprocess
    import sys

    target = tmp_path / "out.csv"
    proc = subprocess.Popen(
        [sys.executable, "-c", _slow_export(target, 60, until=target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _started(tmp_path, proc)
    target.write_text("the user's own file\n")  # made after --force was checked, before the rename
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "exists" in err and "--force" in err and err.count("\n") == 1, err
    assert target.read_text() == "the user's own file\n"
    _no_debris(tmp_path, "out.csv")


@pytest.mark.parametrize("signal_name,code", [("SIGTERM", 143), ("SIGHUP", 129), ("SIGINT", 130)])
def test_a_signal_while_writing_leaves_no_partial_file(tmp_path, signal_name, code):
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-c", _slow_export(tmp_path / "big.csv", 60)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _started(tmp_path, proc)
    proc.send_signal(getattr(signal, signal_name))
    _, err = proc.communicate(timeout=60)
    said = "interrupted" if signal_name == "SIGINT" else f"stopped by {signal_name}"
    assert proc.returncode == code and err == f"aidcli: {said}\n", (proc.returncode, err)
    _no_debris(tmp_path)


@pytest.mark.parametrize("signal_name,code", [("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_signal_while_standard_input_is_spooled_leaves_no_copy(tmp_path, signal_name, code):
    import os
    import signal
    import subprocess
    import time

    from conftest import AIDCLI, DATA

    spools = tmp_path / "tmp"
    spools.mkdir()
    env = {**{k: v for k, v in os.environ.items() if k != "AIDCLI_DATA"}, "TMPDIR": str(spools)}
    proc = subprocess.Popen(
        [AIDCLI, "--data", "-", "list"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert proc.stdin is not None
    proc.stdin.write((DATA / "donations.csv").read_bytes())  # the pipe stays open: aidcli is still reading
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while not list(spools.rglob("stdin.csv")):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(getattr(signal, signal_name))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code and err.decode() == f"aidcli: stopped by {signal_name}\n", err
    assert list(spools.iterdir()) == []


def test_a_database_is_never_left_without_its_metadata(cli, tmp_path):
    """The metadata cannot be put in place (its name is a folder): the database is not either."""
    (tmp_path / "aid.metadata.json").mkdir()
    (tmp_path / "aid.metadata.json" / "keep").write_text("x")
    r = cli("export", "-o", str(tmp_path / "aid.db"), "--force")
    one_line_error(r, 2, "aid.metadata.json")
    _no_debris(tmp_path, "aid.metadata.json")
    assert cli("export", "-o", str(tmp_path / "other.db")).code == 0
    _no_debris(tmp_path, "aid.metadata.json", "other.db", "other.metadata.json")
