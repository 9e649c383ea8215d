"""Hostile input: every case is one clear line on stderr, the documented exit code, no traceback."""

from __future__ import annotations

import json

import pytest
from conftest import DATA, write_rows


def one_line_error(r, code: int, *needles: str) -> None:
    assert r.code == code, (r.code, r.err)
    assert "Traceback" not in r.err + r.out and "unexpected failure" not in r.err
    assert r.err.count("\n") == 1, r.err
    for needle in needles:
        assert needle in r.err, (needle, r.err)


@pytest.mark.parametrize("args,needle", [
    (["by-country", "Spian"], "Did you mean: Spain?"),
    (["by-country", ""], "empty"),
    (["by-country", "   "], "empty"),
    (["by-country", "x" * 5000], "too long"),
    (["by-country", "亚特兰蒂斯"], "No country or organisation called '亚特兰蒂斯'"),  # 西班牙 is Spain (CLDR)
    (["by-country", "[bold]Spain[/bold]"], "[bold]Spain[/bold]"),
    (["list", "--country", "Atlantis"], "Atlantis"),
    (["list", "--donor", "[x]"], "No donor called '[x]'"),
    (["list", "--item", "unicorns"], "No item"),
    (["list", "--region", "Mars"], "--region"),
    (["list", "--status", "lost"], "--status"),
    (["by-donor", "Huawai"], "Did you mean: Huawei?"),
    (["list", "--country", "Spain\nItaly"], "'Spain Italy'"),
])
def test_bad_names(cli, args, needle):
    r = cli(*args)
    one_line_error(r, 2, needle)


@pytest.mark.parametrize("args,needle", [
    (["list", "--since", "2020-13-45"], "not a real date"),
    (["list", "--since", "yesterday"], "not a date"),
    (["list", "--since", "2020-04", "--until", "2020-03"], "after"),
    (["list", "--limit", "0"], "--limit"),
    (["list", "--limit", "-3"], "--limit"),
    (["list", "--columns", "record_id,colour"], "colour"),
    (["list", "--sort", "colour"], "colour"),
    (["totals", "--by", "planet"], "planet"),
    (["list", "-f", "yaml"], "yaml"),
    (["totals", "--chart", "-f", "csv"], "--chart"),
    (["list", "--no-such-option"], "no-such-option"),
    (["frobnicate"], "frobnicate"),
])
def test_bad_options(cli, args, needle):
    one_line_error(cli(*args), 2, needle)


@pytest.mark.parametrize("condition,needle", [
    ("colour = red", "unknown column"),
    ("quantity => 5", "operator"),
    ('donor = "Huawei', "unbalanced quotes"),
    ("donor > Huawei", "cannot be compared"),
    ("__import__('os').system('id')", "unknown column '__import__'"),
    ("quantity > 1; import os", "is a number"),
])
def test_bad_conditions(cli, condition, needle):
    one_line_error(cli("filter", condition), 2, needle)


# ---- --data: a user's own dataset ----

def test_missing_file(cli, tmp_path):
    one_line_error(cli("--data", str(tmp_path / "nope.csv"), "list"), 1, "no such file")


def test_directory(cli, tmp_path):
    one_line_error(cli("--data", str(tmp_path), "list"), 1, "directory")


def test_empty_file(cli, tmp_path):
    (tmp_path / "e.csv").write_text("")
    one_line_error(cli("--data", str(tmp_path / "e.csv"), "list"), 1, "empty")


def test_header_only_is_an_empty_dataset(cli, tmp_path, rows):
    path = write_rows(tmp_path / "h.csv", [], fields=list(rows[0]))
    r = cli("--data", str(path), "list", "-f", "csv")
    assert r.code == 0 and r.out.startswith("record_id,") and r.out.count("\n") == 1


def test_missing_required_columns(cli, tmp_path, rows):
    fields = [f for f in rows[0] if f not in ("donor", "status")]
    path = write_rows(tmp_path / "m.csv", rows, fields=fields)
    one_line_error(cli("--data", str(path), "list"), 1, "donor, status")


def test_extra_columns_are_allowed(cli, tmp_path, rows):
    extended = [{**r, "my_comment": "checked"} for r in rows]
    path = write_rows(tmp_path / "x.csv", extended)
    r = cli("--data", str(path), "totals", "-c", "Spain", "-f", "csv")
    assert r.code == 0 and "1800000" in r.out


def test_wrong_type_names_row_column_value(cli, tmp_path, rows):
    rows[4]["quantity"] = "lots"
    path = write_rows(tmp_path / "t.csv", rows)
    one_line_error(cli("--data", str(path), "list"), 1, "row 6", "column quantity", "'lots'", "not a number")


def test_bad_enum(cli, tmp_path, rows):
    rows[0]["status"] = "stolen"
    path = write_rows(tmp_path / "s.csv", rows)
    one_line_error(cli("--data", str(path), "list"), 1, "column status", "'stolen'")


def test_duplicate_keys(cli, tmp_path, rows):
    path = write_rows(tmp_path / "d.csv", [*rows, rows[10]])
    one_line_error(cli("--data", str(path), "list"), 1, "primary key")


def test_latin1_bytes(cli, tmp_path, rows):
    rows[0]["notes"] = "C\u00f4te"
    path = write_rows(tmp_path / "l.csv", rows)
    path.write_bytes(path.read_bytes().replace("C\u00f4te".encode(), "C\u00f4te".encode("latin-1")))
    one_line_error(cli("--data", str(path), "list"), 1, "not UTF-8", "row 2")


def test_utf8_bom_and_crlf(cli, tmp_path, rows):
    path = write_rows(tmp_path / "b.csv", rows, newline="\r\n", encoding="utf-8-sig")
    r = cli("--data", str(path), "totals", "--donor", "Jack Ma Foundation", "-f", "csv")
    assert r.code == 0 and "5400000" in r.out and "\r" not in r.out


def test_ten_megabyte_field(cli, tmp_path, rows):
    """Past the bound of a line (1 MiB) a field is refused; a long one within it is read."""
    rows[0]["notes"] = "x" * (10 * 1024 * 1024)
    path = write_rows(tmp_path / "big.csv", rows)
    one_line_error(cli("--data", str(path), "list", "-c", "Spain", "-f", "csv"), 1, "row 2:", "longer than 1 MiB")
    rows[0]["notes"] = "x" * (512 * 1024)
    path = write_rows(tmp_path / "big.csv", rows)
    r = cli("--data", str(path), "list", "-c", "Spain", "-f", "csv")
    assert r.code == 0 and "R0028" in r.out


def test_package_pointing_at_a_missing_csv(cli, tmp_path):
    pkg = json.loads((DATA / "datapackage.json").read_text())
    pkg["resources"][0]["path"] = "gone.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(pkg))
    for name in ("donors.csv", "sources.csv"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    one_line_error(cli("--data", str(tmp_path / "datapackage.json"), "list"), 1, "gone.csv", "no such file")


def test_not_a_package(cli, tmp_path):
    (tmp_path / "p.json").write_text("[1, 2")
    one_line_error(cli("--data", str(tmp_path / "p.json"), "list"), 1, "datapackage.json")


def test_data_from_the_environment(cli, tmp_path, rows):
    path = write_rows(tmp_path / "env.csv", [r for r in rows if r["recipient"] == "Greece"])
    r = cli("list", "-f", "csv", env={"AIDCLI_DATA": str(path)})
    assert {row["recipient"] for row in r.csv()} == {"Greece"}


def test_a_package_directory_is_accepted(cli):
    assert cli("--data", str(DATA), "sources", "-f", "csv").code == 0


# ---- validate ----

def test_validate_lists_every_problem(cli, tmp_path, rows):
    rows[0]["status"] = "stolen"
    rows[1]["quantity"] = "lots"
    rows[2]["date"] = "March"
    path = write_rows(tmp_path / "v.csv", rows)
    r = cli("validate", str(path), "-f", "csv")
    assert r.code == 1
    found = {(p["row"], p["column"], p["value"]) for p in r.csv()}
    assert found == {("2", "status", "stolen"), ("3", "quantity", "lots"), ("4", "date", "March")}


def test_validate_the_packaged_data(cli):
    r = cli("validate", str(DATA / "datapackage.json"))
    assert r.code == 0 and "valid" in r.err


def test_validate_a_missing_file(cli, tmp_path):
    r = cli("validate", str(tmp_path / "nope.csv"), "-f", "csv")
    assert r.code == 1 and "no such file" in r.out


# ---- the large-file reader (pyarrow) must agree with the pandas reader, and fall back cleanly ----

def test_large_file_reader_gives_the_same_answers(cli, tmp_path, rows, monkeypatch):
    path = write_rows(tmp_path / "same.csv", rows)
    small = cli("--data", str(path), "totals", "--by", "recipient", "-f", "csv").out
    from aidcli.loading import tables

    monkeypatch.setattr(tables, "LARGE_FILE", 0)
    assert cli("--data", str(path), "totals", "--by", "recipient", "-f", "csv").out == small
    assert cli("--data", str(path), "list", "-c", "Spain", "-f", "csv").code == 0


@pytest.mark.parametrize("column,value,needle", [
    ("quantity", "lots", "not a number"), ("status", "stolen", "is not one of"), ("notes", "C\u00f4te", "not UTF-8"),
])
def test_large_file_reader_falls_back_to_say_where(cli, tmp_path, rows, monkeypatch, column, value, needle):
    from aidcli.loading import tables

    monkeypatch.setattr(tables, "LARGE_FILE", 0)
    rows[3][column] = value
    path = write_rows(tmp_path / "bad.csv", rows)
    if value == "C\u00f4te":
        path.write_bytes(path.read_bytes().replace(value.encode(), value.encode("latin-1")))
    one_line_error(cli("--data", str(path), "list"), 1, needle, "row 5")


# ---- files written whole or not at all (-o), full stdout, the pager ----

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


@pytest.fixture
def small_disk(tmp_path):
    """A real 16 KB tmpfs (needs root, or the test is skipped)."""
    import subprocess

    where = tmp_path / "small"
    where.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(where)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


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
        "sys.exit(main(['export', '-o', sys.argv[1]]))\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "big.csv")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
        r = subprocess.run([sys.executable, "-m", "aidcli", *args], stdout=full, stderr=subprocess.PIPE,
                           text=True, timeout=60)
    assert r.returncode == 1 and r.stderr == "aidcli: error: cannot write the output: No space left on device\n", \
        r.stderr


_PAGED = ("import signal, sys\n"
          "signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # as the console script sets it\n"
          "from aidcli.output import pager\n"
          "out = open(sys.argv[1], 'a')\n"
          "pager._run([sys.executable, '-c', sys.argv[2]], 'line\\n' * 2_000_000, out, {})\n"
          "out.write('aidcli went on\\n'); out.close()\n")


def _paged(tmp_path, pager_script: str):
    import subprocess
    import sys

    screen = tmp_path / "screen.txt"
    r = subprocess.run([sys.executable, "-c", _PAGED, str(screen), pager_script], capture_output=True,
                       text=True, timeout=60)
    return r, screen.read_text() if screen.exists() else ""


def test_quitting_the_pager_early_exits_0(tmp_path):
    r, screen = _paged(tmp_path, "import sys; sys.stdin.buffer.read(100); print('q pressed')")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert screen == "q pressed\naidcli went on\n"


def test_ctrl_c_in_the_pager_waits_for_it(tmp_path):
    pager_script = ("import os, signal, sys, time\n"
                    "signal.signal(signal.SIGINT, signal.SIG_IGN)  # less keeps running on Ctrl-C\n"
                    "sys.stdin.buffer.read(100)\n"
                    "os.kill(os.getppid(), signal.SIGINT)  # Ctrl-C reaches the whole process group\n"
                    "time.sleep(0.5)\n"
                    "print('pager quit', flush=True)\n")
    r, screen = _paged(tmp_path, pager_script)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert screen == "pager quit\naidcli went on\n"


# ---- citations: no field escapes its entry ----

def _bibtex_entries(text: str) -> list[str]:
    """Entries as BibTeX itself finds them: every brace counts, a backslash escapes none."""
    found, i = [], 0
    while (at := text.find("@", i)) >= 0:
        start = text.find("{", at)
        depth, j = 0, start
        while j < len(text):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                break
            j += 1
        found.append(text[at:j + 1])
        i = j + 1
    return found


HOSTILE_QUOTE = 'It } @misc{pwned, title={Owned}} { ends \\} here } and {'


@pytest.mark.parametrize("field", ["quote", "title", "author", "publisher"])
def test_bibtex_braces_cannot_close_a_field_early(field):
    import bibtexparser

    from aidcli.query import citation as cite

    entry = {"record_id": "R0001", "quote": "q", "title": "T", "author": "Ann Lee", "publisher": "P",
             "published": "2020", field: HOSTILE_QUOTE}
    text = cite.cite([entry], "bibtex")
    assert len(_bibtex_entries(text)) == 1, text
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 1
    name = "note" if field == "quote" else field
    # LaTeX prints \textbraceleft{} as "{" (pylatexenc does not know the command: decoded by hand)
    value = library.entries[0].fields_dict[name].value
    for command, char in ((r"\textbraceleft{}", "{"), (r"\textbraceright{}", "}"), (r"\textbackslash{}", "\\")):
        value = value.replace(command, char)
    from aidcli.model.quotes import clean

    assert (clean(HOSTILE_QUOTE) if field == "quote" else HOSTILE_QUOTE) in value


@pytest.mark.parametrize("field", ["title", "author", "publisher", "quote", "record_id"])
@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028", "\x85"])
def test_ris_line_breaks_cannot_start_a_record(field, brk):
    import rispy

    from aidcli.query import citation as cite

    evil = f"Real{brk}ER  - {brk}TY  - JOUR{brk}TI  - pwned"
    entry = {"record_id": "R0001", "quote": "q", "title": "T", "author": "Ann Lee", "publisher": "P",
             "published": "2020", field: evil}
    text = cite.cite([entry], "ris")
    assert text.count("TY  - ") == 1 and text.count("ER  - ") == 1
    assert len(rispy.loads(text)) == 1


def test_a_hostile_sources_csv_cites_as_one_entry(cli, tmp_path):
    import csv
    import shutil

    import bibtexparser
    import rispy

    package = tmp_path / "pkg"
    shutil.copytree(DATA, package)
    with (package / "sources.csv").open(encoding="utf-8", newline="") as fh:
        sources = list(csv.DictReader(fh))
    for s in sources:
        s["title"] = "Aid\nER  - \nTY  - JOUR\nTI  - pwned } @misc{x, title={y}} {"
        s["author"] = "Ann\nLee"
    with (package / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(sources[0]))
        w.writeheader()
        w.writerows(sources)
    ris = cli("--data", str(package), "cite", "R0001", "--style", "ris")
    assert ris.code == 0 and len(rispy.loads(ris.out)) == 1, ris.err
    bib = cli("--data", str(package), "cite", "R0001", "--style", "bibtex")
    assert bib.code == 0 and len(_bibtex_entries(bib.out)) == 1
    assert len(bibtexparser.parse_string(bib.out).entries) == 1
    plain = cli("--data", str(package), "cite", "R0001")
    assert plain.code == 0 and plain.out.count("\n") == 1


# ---- spreadsheets and HXL ----

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\tindented", "\rreturn"]


@pytest.mark.parametrize("value", FORMULAS)
def test_validate_flags_a_text_value_a_spreadsheet_would_run(cli, tmp_path, rows, value):
    import csv

    rows[2]["notes"] = value
    path = tmp_path / "f.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:  # every field quoted: a bare CR too
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    r = cli("validate", str(path), "-f", "csv")
    assert r.code == 1
    # read as text: the CSV writer (pandas, lineterminator \n) leaves a bare CR unquoted, which csv refuses
    assert r.out.count("formula") == 1 and f"{path},4,notes," in r.out


def test_csv_keeps_the_raw_value_and_says_so_and_xlsx_stores_text(cli, tmp_path, rows):
    from openpyxl import load_workbook

    rows[0]["quote"] = FORMULAS[0]
    path = write_rows(tmp_path / "f.csv", rows)
    r = cli("--data", str(path), "export", "-o", str(tmp_path / "out.csv"))
    assert r.code == 0 and "1 text cell start" in r.err and "formula" in r.err
    exported = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert '"=HYPERLINK(""http://evil.example"",""click"")"' in exported  # raw, for a data pipeline
    assert cli("--data", str(path), "export", "-o", str(tmp_path / "out.xlsx")).code == 0
    sheet = load_workbook(tmp_path / "out.xlsx")["donations"]
    quote = next(c for c in sheet[1] if c.value == "quote").column
    cell = sheet.cell(row=2, column=quote)
    assert cell.value == FORMULAS[0] and cell.data_type == "s"


def test_the_packaged_export_has_no_formula_note(cli):
    r = cli("export", "-f", "csv")
    assert r.code == 0 and "formula" not in r.err


def test_hxl_users_can_apply_the_counting_rules(cli):
    import csv
    import io

    table = list(csv.reader(io.StringIO(cli("export", "--hxl", "-f", "csv").out)))
    tags, body = table[1], table[2:]
    at = {t: i for i, t in enumerate(tags)}
    for tag in ("#indicator+counted", "#indicator+in_totals", "#meta+allocation", "#meta+flow", "#meta+kind"):
        assert tag in at, tag
    hxl_sum = sum(float(r[at["#item+num"]]) for r in body if r[at["#indicator+counted"]] == "true"
                  and r[at["#item+name"]] == "masks" and r[at["#item+unit"]] == "pieces"
                  and r[at["#status"]] == "delivered" and r[at["#item+num"]])
    totals = cli("totals", "--item", "masks", "--status", "delivered", "-f", "csv").csv()
    [masks] = [t for t in totals if t["item"] == "masks" and t["unit"] == "pieces"]
    assert hxl_sum == float(masks["quantity"]) == 12_720_000


# ---- caches: checked before use; anything wrong is a silent re-read ----

@pytest.fixture
def cached(tmp_path, monkeypatch):
    """A private cache folder, with every --data file big enough to be cached."""
    from aidcli.loading import cache

    folder = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("AIDCLI_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "CACHE_FROM", 0)
    return folder / "aidcli"


def _spain_masks(cli, path, *extra: str) -> str:
    r = cli(*extra, "--data", str(path), "totals", "-c", "Spain", "-f", "csv")
    assert r.code == 0 and r.err.count("\n") <= 1 and "unexpected" not in r.err, r.err
    return r.out


def _tamper(file, change) -> None:
    """Rewrite a cache file with change(arrays, meta) applied, its checksums left as they were."""
    import numpy as np

    with np.load(file, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    meta = json.loads(arrays["meta"].tobytes())
    change(arrays, meta)
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    with open(file, "wb") as fh:
        np.savez(fh, **arrays)


def _key(meta, column: str) -> str:
    return meta["columns"][column]["key"]


def _times_1000(arrays, meta):
    arrays[_key(meta, "quantity") + "f8"] = arrays[_key(meta, "quantity") + "f8"] * 1000


def _short(arrays, meta):
    k = _key(meta, "quantity") + "f8"
    arrays[k] = arrays[k][:-1]


def _other_dtype(arrays, meta):
    k = _key(meta, "quantity") + "f8"
    arrays[k] = arrays[k].astype("float32")


def _codes_out_of_range(arrays, meta):
    k = _key(meta, "recipient") + "codes"
    arrays[k] = arrays[k].copy()
    arrays[k][0] = 10_000


def _control_in_category(arrays, meta):
    import numpy as np

    k = _key(meta, "recipient") + "cats"
    text = arrays[k].tobytes().replace(b"Spain", b"Sp\x1b]0;")
    arrays[k] = np.frombuffer(text, np.uint8)


def _outside_the_schema(arrays, meta):
    import numpy as np

    k = _key(meta, "status") + "cats"
    arrays[k] = np.frombuffer(arrays[k].tobytes().replace(b"delivered", b"stolen"), np.uint8)


@pytest.mark.parametrize("change", [_times_1000, _short, _other_dtype, _codes_out_of_range, _control_in_category,
                                    _outside_the_schema])
def test_a_changed_cache_file_is_read_again(cli, cached, tmp_path, rows, change):
    path = write_rows(tmp_path / "d.csv", rows)
    truth = _spain_masks(cli, path, "--no-cache")
    assert _spain_masks(cli, path) == truth  # writes the cache
    [file] = cached.glob("*.npz")
    _tamper(file, change)
    assert _spain_masks(cli, path) == truth
    assert _spain_masks(cli, path) == truth  # and the cache was written anew


@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_an_empty_cache_file_is_read_again_not_an_interrupt(cli, cached, tmp_path, rows, debug):
    path = write_rows(tmp_path / "d.csv", rows)
    truth = _spain_masks(cli, path, "--no-cache")
    _spain_masks(cli, path)
    for file in cached.iterdir():
        file.write_bytes(b"")
    assert _spain_masks(cli, path, *debug) == truth


def test_a_same_size_edit_with_its_mtime_put_back_is_seen(cli, cached, tmp_path, rows):
    import os

    path = write_rows(tmp_path / "d.csv", rows)
    before = _spain_masks(cli, path)
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert ",1800000," in text
    path.write_text(text.replace(",1800000,", ",9800000,", 1), encoding="utf-8")  # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # touch -r
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    after = _spain_masks(cli, path)
    assert after != before and "9800000" in after


@pytest.mark.parametrize("how", ["other user", "group-writable"])
def test_a_cache_file_not_the_users_own_is_not_read(cli, cached, tmp_path, rows, how):
    import os

    path = write_rows(tmp_path / "d.csv", rows)
    truth = _spain_masks(cli, path, "--no-cache")
    _spain_masks(cli, path)
    for file in cached.iterdir():
        if file.suffix == ".npz":
            _tamper(file, _times_1000)
            # a forged file: its checksums made to match, as another user could
            from aidcli.loading import columnar

            def forge(arrays, meta):
                k = _key(meta, "quantity")
                meta["columns"]["quantity"]["sha"] = columnar.digest(arrays[k + "f8"])

            _tamper(file, forge)
        if how == "other user":
            if os.getuid() != 0:
                pytest.skip("needs root to give a file to another user")
            os.chown(file, 65534, 65534)
        else:
            file.chmod(0o664)
    assert _spain_masks(cli, path) == truth


def test_cache_clear_removes_only_aidclis_files(cli, cached, tmp_path, rows):
    path = write_rows(tmp_path / "d.csv", rows)
    _spain_masks(cli, path)
    (cached / "keep-me.txt").write_text("not aidcli's")
    kinds = sorted(p.suffix for p in cached.iterdir())
    assert kinds == [".json", ".npz", ".txt"]
    r = cli("cache", "clear")
    assert r.code == 0 and "removed 2 cache files" in r.err
    assert [p.name for p in cached.iterdir()] == ["keep-me.txt"]
    assert _spain_masks(cli, path) == _spain_masks(cli, path, "--no-cache")
    one_line_error(cli("cache", "empty"), 2, "clear, path")


def test_the_cache_keeps_to_its_size_limit(cli, cached, tmp_path, rows, monkeypatch):
    from aidcli.loading import cache as cachedir

    first = write_rows(tmp_path / "a.csv", rows)
    second = write_rows(tmp_path / "b.csv", rows)
    _spain_masks(cli, first)
    [entry] = cached.glob("*.npz")
    monkeypatch.setattr(cachedir, "LIMIT", entry.stat().st_size + 5000)  # room for one entry and names
    _spain_masks(cli, second)
    assert sum(p.stat().st_size for p in cached.iterdir()) <= cachedir.LIMIT
    assert len(list(cached.glob("*.npz"))) == 1
    monkeypatch.setattr(cachedir, "LIMIT", 100)  # an entry larger than the whole cache is not kept
    assert _spain_masks(cli, write_rows(tmp_path / "c.csv", rows)) == _spain_masks(cli, first, "--no-cache")
    assert not list(cached.glob("*.npz"))


def test_an_empty_or_foreign_names_cache_is_ignored(cli, cached, tmp_path, rows):
    path = write_rows(tmp_path / "d.csv", rows)
    _spain_masks(cli, path)
    for file in cached.glob("names-*.json"):
        file.write_bytes(b"")
    one_line_error(cli("--data", str(path), "by-country", "Spian"), 2, "Did you mean: Spain?")
    for file in cached.glob("names-*.json"):
        kept = json.loads(file.read_text())
        kept["names"][0] = [["Atlantis", None]]
        file.write_text(json.dumps(kept))
        file.chmod(0o666)
    one_line_error(cli("--data", str(path), "by-country", "Atlantis"), 2, "Atlantis")


# ---- terminal escapes from data never reach a screen raw ----

EVIL = ["Evil\x1b]0;pwned\x07\x1b[2JX",  # retitle the window, clear the screen
        "Link\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
        "Clip\x1b]52;c;cm0gLXJmIH4=\x07",  # OSC 52 clipboard write
        "Csi\x9b2J",  # C1 CSI
        "Bidi\u202eevil"]  # right-to-left override


def _raw_controls(text: str) -> list[str]:
    import re

    return re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)


@pytest.mark.parametrize("evil", EVIL)
@pytest.mark.parametrize("args", [["list", "--columns", "record_id,donor,quote", "-f", "table"],
                                  ["list", "-f", "markdown"], ["-x", "list", "-f", "table"],
                                  ["show", "R0001", "-f", "table"], ["cite", "R0001"],
                                  ["cite", "R0001", "--style", "bibtex"], ["cite", "R0001", "--style", "ris"],
                                  ["donors", "-f", "table"], ["by-donor", "EVIL-DONOR", "-f", "table"]])
def test_control_characters_from_data_are_shown_escaped(cli, tmp_path, rows, evil, args):
    for r in rows:
        if r["record_id"] == "R0001":
            r["donor"], r["quote"] = evil, "Said " + evil
    path = write_rows(tmp_path / "evil.csv", rows)
    args = [evil if a == "EVIL-DONOR" else a for a in args]
    r = cli("--data", str(path), *args, env={"COLUMNS": "200"})
    assert r.code == 0, r.err
    assert not _raw_controls(r.out + r.err), _raw_controls(r.out + r.err)
    from aidcli.model.text import printable

    if "bibtex" not in args and "markdown" not in args:  # those escape the backslash once more
        assert printable(evil) in r.out


def test_a_typed_name_with_escapes_is_escaped_in_the_error(cli):
    r = cli("by-country", "Spa\x1b[2Jin")
    assert r.code == 2 and not _raw_controls(r.err) and "\\x1b[2J" in r.err


@pytest.mark.parametrize("evil", EVIL[:4])
def test_validate_reports_control_characters(cli, tmp_path, rows, evil):
    rows[0]["donor"] = evil
    path = write_rows(tmp_path / "evil.csv", rows)
    r = cli("validate", str(path), "-f", "markdown")
    assert r.code == 1 and "control character" in r.out and not _raw_controls(r.out)
    r = cli("validate", str(path), "-f", "table", env={"COLUMNS": "300"})
    assert r.code == 1 and "control character" in r.out and not _raw_controls(r.out)


# ---- bad input refused in one line; validate and every command agree ----

def _package(tmp_path, change) -> str:
    """A copy of the packaged data package, its datapackage.json changed by change(descriptor)."""
    import shutil

    package = tmp_path / "pkg"
    shutil.copytree(DATA, package)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    change(descriptor)
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return str(package / "datapackage.json")


def _set_path(path):
    def change(descriptor):
        descriptor["resources"][0]["path"] = path
    return change


@pytest.mark.parametrize("path", ["../../../../etc/passwd", "/etc/shadow", "https://evil.example/d.csv",
                                  "file:///etc/passwd", "sub/../../outside.csv", "C:\\\\Windows\\\\win.ini"])
@pytest.mark.parametrize("command", [["list"], ["validate"]])
def test_a_resource_outside_the_package_is_refused(cli, tmp_path, path, command):
    package = _package(tmp_path, _set_path(path))
    args = ["validate", package] if command == ["validate"] else ["--data", package, "list"]
    one_line_error(cli(*args), 1, "leaves the package's folder")


@pytest.mark.parametrize("change,needle", [
    (lambda d: d.update(resources=[1]), "resource 1 is not an object"),
    (lambda d: d["resources"][0].pop("name"), "resource 1 has no name"),
    (lambda d: d["resources"][0]["schema"]["fields"][0].pop("name"), "field 1 has no name"),
    (lambda d: d["resources"][0]["schema"].update(fields={"a": 1}), "list of fields"),
])
def test_a_malformed_package_is_one_data_error(cli, tmp_path, change, needle):
    package = _package(tmp_path, change)
    one_line_error(cli("--data", package, "list"), 1, needle)
    one_line_error(cli("validate", package), 1, needle)


def test_a_deeply_nested_package_is_one_data_error(cli, tmp_path):
    (tmp_path / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000)
    one_line_error(cli("--data", str(tmp_path / "datapackage.json"), "list"), 1, "nested too deeply")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused(cli, device):
    one_line_error(cli("--data", device, "list"), 1, "not a regular file")
    one_line_error(cli("--data", device, "by-country", "Spain"), 1, "not a regular file")
    r = cli("validate", device, "-f", "csv")
    assert r.code == 1 and "not a regular file" in r.out


def test_a_fifo_is_refused_without_hanging(tmp_path):
    import os
    import subprocess
    import sys

    fifo = tmp_path / "d.csv"
    os.mkfifo(fifo)
    r = subprocess.run([sys.executable, "-m", "aidcli", "--data", str(fifo), "list", "-c", "Spain"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "not a regular file" in r.stderr, r.stderr


@pytest.mark.parametrize("value", ["inf", "-inf", "Infinity", "1e400"])
def test_an_endless_quantity_is_invalid_everywhere(cli, tmp_path, rows, value, monkeypatch):
    from aidcli.loading import tables

    rows[5]["quantity"] = value
    path = write_rows(tmp_path / "inf.csv", rows)
    one_line_error(cli("--data", str(path), "list", "-f", "json"), 1, "row 7", "column quantity", "not a finite number")
    r = cli("validate", str(path), "-f", "csv")
    assert r.code == 1 and [p["rule"] for p in r.csv()] == ["is not a finite number"]
    monkeypatch.setattr(tables, "LARGE_FILE", 0)  # the large-file reader agrees
    one_line_error(cli("--data", str(path), "totals", "-f", "json"), 1, "row 7", "not a finite number")


def test_json_never_says_infinity():
    import io

    import pandas as pd

    from aidcli.output import render

    out = io.StringIO()
    infinities = pd.DataFrame({"q": [float("inf"), 1.0, float("-inf")]})
    render.to_json(render.Result([render.Section("t", "", infinities)]), out)
    assert json.loads(out.getvalue()) == [{"q": None}, {"q": 1}, {"q": None}] and "Infinity" not in out.getvalue()


@pytest.mark.parametrize("where", [0, 7])
@pytest.mark.parametrize("large", [False, True])
def test_a_row_with_more_fields_than_the_header_is_refused_everywhere(cli, tmp_path, rows, monkeypatch, where, large):
    from aidcli.loading import tables

    path = write_rows(tmp_path / "ragged.csv", rows)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[where + 1] += ",surplus"
    path.write_text("\n".join(lines), encoding="utf-8")
    if large:
        monkeypatch.setattr(tables, "LARGE_FILE", 0)
    for args in (["list", "-f", "csv"], ["totals", "-f", "csv"], ["by-country", "Spain", "-f", "csv"]):
        one_line_error(cli("--data", str(path), *args), 1, "more fields" if where == 0 else "fields")
    r = cli("validate", str(path), "-f", "csv")
    assert r.code == 1 and "fields" in r.out


def test_a_repeated_column_name_is_refused_everywhere(cli, tmp_path, rows):
    path = write_rows(tmp_path / "dup.csv", rows)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",notes\n", ",donor\n", 1), encoding="utf-8")
    one_line_error(cli("--data", str(path), "list"), 1, "repeats the column name", "'donor'")
    r = cli("validate", str(path), "-f", "csv")
    assert r.code == 1 and "repeats the column name" in r.out


def test_show_dash_with_stdin_closed_is_one_line(tmp_path):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "aidcli", "show", "-"], stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2 and "no record ids" in r.stderr  # empty stdin: nothing asked for
    script = "import os, sys; os.close(0); sys.stdin = None; from aidcli.cli import main; sys.exit(main(['show', '-']))"
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "standard input" in r.stderr, r.stderr



@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("where", ["a field", "no line break", "a sparse file"])
def test_a_gigantic_field_is_refused_before_it_is_read(cli, tmp_path, rows, monkeypatch, large, where):
    """A line longer than MAX_LINE (1 MiB) is one line, exit 1, in both readers, before either
    holds it: a field of 2 MiB in row 3, a file that ends in 2 MiB without a line break, a sparse
    file of 64 MiB after its header (as `truncate -s` makes)."""
    import os

    from aidcli.loading import tables

    path = write_rows(tmp_path / "huge.csv", rows[:50])
    breaks = path.read_bytes().count(b"\n")
    last = f"row {breaks + 1}"  # the line after the last line break
    if where == "a field":
        rows = [dict(r) for r in rows[:50]]
        rows[1]["notes"] = "y" * (2 * tables.MAX_LINE)
        write_rows(path, rows)
    elif where == "no line break":
        with path.open("a", encoding="utf-8") as fh:
            fh.write("x" * (2 * tables.MAX_LINE))
    else:
        os.truncate(path, 64 * 1024 * 1024)
    if large:
        monkeypatch.setattr(tables, "LARGE_FILE", 0)
    row = "row 3:" if where == "a field" else last + ":"
    one_line_error(cli("--data", str(path), "list", "-f", "csv"), 1, "longer than 1 MiB", row)
