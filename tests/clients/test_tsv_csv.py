"""TSV and CSV as the next tool reads them: Miller, awk/cut and Python's csv module, through the
installed command. A TSV field holds no raw tab or line break (IANA text/tab-separated-values,
escaped as \\t \\n \\r \\\\); a CSV field holding a bare CR is quoted."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess

import pytest
from conftest import AIDCLI, donations

HOSTILE = "line one\nline two\ttabbed\rreturned \\ backslash"


def run_installed(*args: str) -> subprocess.CompletedProcess:
    """The installed command, its output as written: text=True would turn a CR into a line feed."""
    env = {k: v for k, v in os.environ.items() if k != "AIDCLI_DATA"}
    r = subprocess.run([AIDCLI, *args], capture_output=True, timeout=120, env=env)
    return subprocess.CompletedProcess(r.args, r.returncode, r.stdout.decode(), r.stderr.decode())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    rows = donations()
    rows[0]["notes"] = HOSTILE
    rows[1]["notes"] = "a CR\rinside"
    path = tmp_path_factory.mktemp("tsv") / "hostile.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:  # every field quoted: Python's csv too
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writeheader()  # leaves a bare CR unquoted when CR is not in its line terminator
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def exported(hostile):
    """`aidcli export -f FORMAT` of the hostile file (or, with data=None, the packaged data), each run
    once for the tests of this module."""
    runs: dict[tuple[str, str], subprocess.CompletedProcess] = {}

    def export(fmt: str, data=hostile) -> subprocess.CompletedProcess:
        if (str(data), fmt) not in runs:
            runs[str(data), fmt] = run_installed(*(["--data", str(data)] if data else []), "export", "-f", fmt)
        return runs[str(data), fmt]

    return export


def mlr(*args: str, input: str) -> str:
    r = subprocess.run(["mlr", *args], input=input.encode(), capture_output=True, check=True)
    return r.stdout.decode()


def test_tsv_has_one_line_a_record_and_escapes(exported):
    r = exported("tsv")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.split("\n")
    assert lines[-1] == "" and "\r" not in r.stdout
    widths = {len(line.split("\t")) for line in lines[:-1]}
    assert widths == {len(lines[0].split("\t"))}  # what cut -f and awk -F'\t' rely on
    header = lines[0].split("\t")
    first = dict(zip(header, lines[1].split("\t")))
    assert first["notes"] == "line one\\nline two\\ttabbed\\rreturned \\\\ backslash"


@pytest.mark.skipif(not shutil.which("mlr"), reason="Miller (mlr) is not installed")
def test_miller_reads_the_tsv_back(exported):
    r = exported("tsv")
    back = mlr("--itsv", "--ojson", "cat", input=r.stdout)
    records = json.loads(back)
    expected = list(csv.DictReader(io.StringIO(exported("csv").stdout)))
    assert len(records) == len(expected) > 400
    assert records[0]["notes"] == HOSTILE  # Miller decodes \t \n \r \\ to the value itself
    assert records[1]["notes"] == "a CR\rinside"
    assert [str(r["record_id"]) for r in records] == [r["record_id"] for r in expected]


@pytest.mark.skipif(not shutil.which("mlr"), reason="Miller (mlr) is not installed")
def test_miller_reads_the_packaged_tsv_as_the_csv(exported):
    tsv = exported("tsv", None).stdout
    csv_text = exported("csv", None).stdout
    assert mlr("--itsv", "--ocsv", "cat", input=tsv) == mlr("--icsv", "--ocsv", "cat", input=csv_text)


def test_csv_quotes_a_field_holding_a_bare_cr(exported):
    r = exported("csv")
    assert r.returncode == 0, r.stderr
    assert '"a CR\rinside"' in r.stdout
    back = list(csv.DictReader(io.StringIO(r.stdout, newline="")))  # strict: a bare CR unquoted breaks it
    assert back[0]["notes"] == HOSTILE and back[1]["notes"] == "a CR\rinside"
    assert r.stdout.count("\n") - HOSTILE.count("\n") == len(back) + 1  # records still end in \n


@pytest.mark.skipif(not shutil.which("mlr"), reason="Miller (mlr) is not installed")
def test_miller_reads_the_csv_with_a_bare_cr(exported):
    r = exported("csv")
    back = mlr("--icsv", "--ojson", "cat", input=r.stdout)
    assert json.loads(back)[1]["notes"] == "a CR\rinside"
