"""aidcli export: the whole dataset, never overwriting without --force."""

import csv
import json

from conftest import DATA


def test_export_csv_to_stdout_has_every_row_and_column(cli):
    rows = cli("export", "-f", "csv").csv()
    with (DATA / "donations.csv").open(encoding="utf-8") as fh:
        original = list(csv.DictReader(fh))
    assert len(rows) == len(original) and list(rows[0]) == list(original[0])
    assert rows == original  # round trip, value for value


def test_export_to_file_refuses_to_overwrite(cli, tmp_path):
    target = tmp_path / "out.json"
    assert cli("export", "-o", str(target)).code == 0
    assert len(json.loads(target.read_text())) > 400
    again = cli("export", "-o", str(target))
    assert again.code == 2 and "--force" in again.err
    assert cli("export", "-o", str(target), "--force").code == 0
