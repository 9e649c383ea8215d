"""aidcli show and cite: one record whole, with its verbatim quote and source."""

import json


def test_show_table_has_quote_and_citation(cli):
    out = cli("show", "R0023", "-f", "table", env={"COLUMNS": "200"}).out
    assert "Fujian Province sent a team of 14 medical experts" in out and "[sent](#)" not in out
    assert "Tom Alton" in out and "300,000" in out
    last = [line for line in out.splitlines() if line.strip()][-3:]
    assert any("face shields.”" in line for line in last)  # show ends with the citation


def test_show_accepts_short_ids(cli):
    assert json.loads(cli("show", "23", "-f", "json").out)[0]["record_id"] == "R0023"


def test_show_csv_is_every_column(cli):
    rows = cli("show", "r23", "-f", "csv").csv()
    assert len(rows) == 7 and rows[0]["quote"].startswith("Fujian Province")


def test_unknown_record(cli):
    r = cli("show", "R9999")
    assert r.code == 2 and "No record 'R9999'" in r.err


def test_cite_plain_and_bibtex(cli):
    plain = cli("cite", "R0087").out
    assert "Hiddai Segev and Galia Lavi" in plain and "300,000 masks" in plain and "2020-05-31" in plain
    bib = cli("cite", "R0087", "--style", "bibtex").out
    assert bib.startswith("@misc{") and "author = {Hiddai Segev and Galia Lavi}" in bib


def test_cite_bad_style(cli):
    assert cli("cite", "R0087", "--style", "apa").code == 2


def test_one_table_formats_of_show_carry_the_same_columns(cli):
    """The format table, not the format's name, says what a one-table format carries: csv, tsv
    and jsonl of `show` give the same rows and columns."""
    import json

    csv_cols = cli("show", "R0023", "-f", "csv").out.splitlines()[0].split(",")
    tsv_cols = cli("show", "R0023", "-f", "tsv").out.splitlines()[0].split("\t")
    jsonl_cols = list(json.loads(cli("show", "R0023", "-f", "jsonl").out.splitlines()[0]))
    assert csv_cols == tsv_cols == jsonl_cols and len(csv_cols) > 20
