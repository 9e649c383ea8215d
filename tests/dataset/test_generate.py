"""benchmarks/generate.py writes rows of the package's own shape, so bench.py can time aidcli on a
file a user could have: the header is the package's, and aidcli reads the file as valid."""

from __future__ import annotations

import csv
import subprocess
import sys

from conftest import DATA, ROOT, run_installed


def test_generated_rows_have_the_packages_columns_and_load(tmp_path):
    out = tmp_path / "rows.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "300", str(out), "--seed", "1"],
        check=True,
        capture_output=True,
    )
    with (DATA / "donations.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with out.open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == header
    r = run_installed("--data", str(out), "totals", "-f", "csv", "-q")
    assert r.returncode == 0 and r.stdout.startswith("item,unit,status,quantity,quantity_low")
