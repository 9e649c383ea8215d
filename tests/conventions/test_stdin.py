"""A dataset from a pipe: --data -, validate -, a shell's process substitution."""

from __future__ import annotations

import subprocess

from conftest import AIDCLI, DATA, run_installed

DONATIONS = (DATA / "donations.csv").read_bytes()


def test_data_dash_reads_the_csv_from_standard_input():
    printed = run_installed("totals", "-c", "Spain", "-f", "csv")
    for args in (
        ["--data", "-", "totals", "-c", "Spain"],
        ["totals", "-c", "Spain", "--data", "-"],
        ["--data", "/dev/stdin", "totals", "-c", "Spain"],
    ):
        r = run_installed(*args, "-f", "csv", input=DONATIONS.decode())
        assert r.returncode == 0 and r.stdout == printed.stdout, (args, r.stderr)


def test_validate_dash_reads_standard_input_and_names_it():
    ok = run_installed("validate", "-", input=DONATIONS.decode())
    assert ok.returncode == 0 and "standard input: valid" in ok.stderr
    bad = run_installed("validate", "-", "-f", "csv", input=DONATIONS.decode().replace(",Europe,", ",Europa,", 1))
    assert bad.returncode == 1 and bad.stdout.splitlines()[1].startswith("standard input,")
    assert "aidcli-stdin" not in bad.stdout + bad.stderr


def test_a_dataset_from_standard_input_leaves_nothing_behind(tmp_path):
    broken = run_installed("--data", "-", "list", env={"TMPDIR": str(tmp_path)}, input="x,y\n1,2\n")
    assert broken.returncode == 1 and "standard input" in broken.stderr and "stdin.csv" not in broken.stderr
    fine = run_installed("--data", "-", "list", "-q", env={"TMPDIR": str(tmp_path)}, input=DONATIONS.decode())
    assert fine.returncode == 0 and list(tmp_path.iterdir()) == []


def test_standard_input_gives_the_dataset_or_the_ids_not_both():
    r = run_installed("--data", "-", "show", "-", input=DONATIONS.decode())
    assert r.returncode == 2 and "record ids as arguments" in r.stderr


def test_a_shells_process_substitution_is_read(tmp_path):
    r = subprocess.run(
        ["bash", "-c", f'"{AIDCLI}" --data <(cat "{DATA / "donations.csv"}") totals -c Spain -f csv -q'],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0 and r.stdout == run_installed("totals", "-c", "Spain", "-f", "csv", "-q").stdout, r.stderr


def test_a_csv_piped_in_without_data_dash_is_said_and_the_packaged_data_used():
    """A pipe is a dataset only with --data -: the run says that it used the packaged data instead
    (from a pipe and from a redirected file), and says nothing when the pipe was read or is empty."""
    printed = run_installed("totals", "-c", "Spain", "-f", "csv")
    piped = run_installed("totals", "-c", "Spain", "-f", "csv", input=DONATIONS.decode())
    assert piped.returncode == 0 and piped.stdout == printed.stdout
    assert "packaged dataset was used" in piped.stderr and "--data -" in piped.stderr
    with open(DATA / "donations.csv", "rb") as redirected:
        r = subprocess.run([AIDCLI, "totals", "-c", "Spain", "-f", "csv"], stdin=redirected, capture_output=True)
    assert b"packaged dataset was used" in r.stderr
    for args, given in ((["show", "-", "-f", "csv"], "R0001\n"), (["totals", "-c", "Spain", "-f", "csv"], "")):
        quiet = run_installed(*args, input=given)
        assert quiet.returncode == 0 and "packaged dataset was used" not in quiet.stderr, quiet.stderr
    assert "packaged" not in run_installed("-q", "totals", "-f", "csv", input=DONATIONS.decode()).stderr
