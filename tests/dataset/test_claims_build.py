"""The claims builder (scripts/build_claims.py) reads the donor's snapshots or stops: a snapshot
missing or changed, a table it does not recognise, a country line or goods it cannot resolve is one
line on stderr naming the file and line, and exit 1; nothing is skipped silently."""

from __future__ import annotations

import csv
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT

SNAPSHOTS = ROOT / "sources" / "jackmafoundation"
FIRST_PAGE = "supplies-page/2020-03-15T235440+0800_f7760f4.md"
LAST_YAML = "supplies-data/2020-03-20T202408+0800_ada74b1.yml"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the snapshots to spoil."""
    return Path(shutil.copytree(SNAPSHOTS, tmp_path / "jackmafoundation"))


def build(folder: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_claims.py"), str(out), str(folder)],
        capture_output=True,
        text=True,
    )


def rewrite(folder: Path, name: str, old: str, new: str) -> None:
    """Change a snapshot and record its new checksum, as if the donor had published it so."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    manifest = folder / "MANIFEST.csv"
    with manifest.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["file"] == name:
            row["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def refused(got: subprocess.CompletedProcess, out: Path, *words: str) -> None:
    assert got.returncode == 1, got.stderr
    assert got.stderr.count("\n") == 1 and "Traceback" not in got.stderr, got.stderr
    for word in words:
        assert word in got.stderr, got.stderr
    assert not (out / "claims.csv").exists()  # nothing written


def test_the_snapshots_build_the_published_claims(copy, tmp_path):
    got = build(copy, tmp_path)
    assert got.returncode == 0, got.stderr
    assert (tmp_path / "claims.csv").read_bytes() == (DATA / "claims.csv").read_bytes()


def test_a_missing_snapshot_is_a_build_error_naming_it(copy, tmp_path):
    (copy / FIRST_PAGE).unlink()
    refused(build(copy, tmp_path), tmp_path, "MANIFEST.csv:2", FIRST_PAGE, "missing")


def test_a_snapshot_that_does_not_match_its_checksum_is_a_build_error(copy, tmp_path):
    with (copy / LAST_YAML).open("a", encoding="utf-8") as fh:
        fh.write("\n")
    refused(build(copy, tmp_path), tmp_path, LAST_YAML, "SHA-256")


def test_a_table_of_another_shape_is_a_build_error_naming_file_and_line(copy, tmp_path):
    rewrite(copy, FIRST_PAGE, "Progress</th>", "Status</th>")
    refused(build(copy, tmp_path), tmp_path, f"{FIRST_PAGE}:", "not Goods, QTY, Progress")


def test_a_yaml_line_the_parser_does_not_know_is_a_build_error(copy, tmp_path):
    rewrite(copy, LAST_YAML, "      progress: Arrived\n", "      progress: Arrived\n      weight: 3 t\n")
    refused(build(copy, tmp_path), tmp_path, f"{LAST_YAML}:6:", "does not recognise", "weight")


def test_a_country_line_it_cannot_resolve_is_a_build_error_naming_file_and_line(copy, tmp_path):
    rewrite(copy, LAST_YAML, "- country: Republic of Korea", "- country: Republic of Narnia")
    refused(build(copy, tmp_path), tmp_path, f"{LAST_YAML}:11:", "'Republic of Narnia'", "cannot resolve")


def test_goods_it_cannot_map_to_an_item_is_a_build_error(copy, tmp_path):
    rewrite(copy, LAST_YAML, "goods: NAT", "goods: Thermometer")
    refused(build(copy, tmp_path), tmp_path, LAST_YAML, "'Thermometer'", "no item")


def test_a_quantity_that_is_not_a_number_is_a_build_error(copy, tmp_path):
    rewrite(copy, LAST_YAML, 'qty: "6,000,000"', 'qty: "six million"')
    refused(build(copy, tmp_path), tmp_path, LAST_YAML, "'six million'")
