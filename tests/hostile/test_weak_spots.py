"""Weak spots of a hostile file that broke no rule: names that look alike, formulas written
without a word, a resource that is a link out of its package, raw ESC from completion and the
cache's path, a huge argument repeated whole in an error."""

from __future__ import annotations

import shutil

import pytest
from conftest import DATA, installed, one_line_error, write_rows


@pytest.mark.parametrize(
    "lookalike,code",
    [("Sp\u0430in", "U+0430"), ("Spa\u200bin", "U+200B"), ("\uff33pain", "U+FF33"), ("Spain\ufe0f", "U+FE0F")],
)
def test_validate_lists_a_name_that_looks_like_another(tmp_path, rows, lookalike, code):
    spain = [r for r in rows if r["recipient"] == "Spain"]
    spain[0]["recipient"] = lookalike
    data = write_rows(tmp_path / "d.csv", rows)
    r = installed("validate", str(data), "-f", "csv")
    assert r.code == 1, r.err
    found = [p for p in r.csv() if p["column"] == "recipient"]
    assert len(found) == 1 and "looks the same as 'Spain'" in found[0]["rule"] and code in found[0]["rule"], found


def test_text_kept_as_the_source_wrote_it_is_no_second_name(tmp_path, rows):
    """A full-width comma in a note (or a claim's progress, as the donor wrote it) is the source's
    own text, not a name aidcli counts by: only name columns are checked for look-alikes."""
    notes = [r for r in rows if r["notes"]]
    notes[0]["notes"], notes[1]["notes"] = "In Transit, Arrived", "In Transit\uff0c Arrived"
    data = write_rows(tmp_path / "d.csv", rows)
    r = installed("validate", str(data), "-f", "csv")
    assert r.code == 0, r.out


def test_the_packaged_names_have_no_lookalikes():
    r = installed("validate", str(DATA))
    assert r.code == 0 and "valid" in r.err, r.err + r.out


@pytest.mark.parametrize("command", [["list", "--columns", "all"], ["export"], ["donors"], ["by-country", "Spain"]])
@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_every_csv_written_says_when_it_holds_formulas(tmp_path, rows, command, suffix):
    for row in rows:
        if row["recipient"] == "Spain":
            row["notes"] = '=HYPERLINK("http://evil.example")'
            row["donor"] = "@Evil donor"
    data = write_rows(tmp_path / "d.csv", rows)
    r = installed("--data", str(data), *command, "-o", str(tmp_path / f"out{suffix}"))
    assert r.code == 0 and "formulas" in r.err, r.err
    plain = installed(*command, "-o", str(tmp_path / f"plain{suffix}"))
    assert plain.code == 0 and "formulas" not in plain.err, plain.err


def test_a_formula_in_a_column_name_is_counted(tmp_path, rows):
    for row in rows:
        row["=cmd|' /C calc'!A0"] = "x"
    data = write_rows(tmp_path / "d.csv", rows)
    r = installed("--data", str(data), "list", "--columns", "all", "-c", "Japan", "-o", str(tmp_path / "x.csv"))
    assert r.code == 0 and "column names counted" in r.err and "formulas" in r.err, r.err


@pytest.mark.parametrize("command", [["sources"], ["list", "-c", "Spain"], ["validate"]])
def test_a_resource_that_links_out_of_its_package_is_refused(tmp_path, command):
    package = tmp_path / "pkg"
    shutil.copytree(DATA, package)
    outside = tmp_path / "secret.csv"
    shutil.move(package / "sources.csv", outside)
    (package / "sources.csv").symlink_to(outside)
    args = ["validate", str(package)] if command == ["validate"] else ["--data", str(package), *command]
    one_line_error(installed(*args), 1, "symbolic link that leaves the package's folder")


def test_a_link_inside_the_package_is_read(tmp_path):
    package = tmp_path / "pkg"
    shutil.copytree(DATA, package)
    (package / "tables").mkdir()
    shutil.move(package / "sources.csv", package / "tables" / "sources.csv")
    (package / "sources.csv").symlink_to(package / "tables" / "sources.csv")
    assert installed("--data", str(package), "sources").code == 0


def test_completion_offers_no_name_holding_escapes(tmp_path, rows):
    for row in rows:
        if row["recipient"] == "Spain":
            row["recipient"] = "Spa\x1b]0;pwned\x07in"
    data = write_rows(tmp_path / "d.csv", rows)
    env = {
        "_AIDCLI_COMPLETE": "complete_bash",
        "COMP_WORDS": f"aidcli --data {data} list -c Sp",
        "COMP_CWORD": "5",
    }
    r = installed(env=env)
    assert r.code == 0 and "\x1b" not in r.out and "\x07" not in r.out, r.out


def test_cache_path_escapes_control_characters_on_a_screen(tmp_path):
    import os
    import pty
    import subprocess

    from conftest import AIDCLI

    folder = str(tmp_path / "x\x1b[31m")
    env = {**os.environ, "XDG_CACHE_HOME": folder}
    piped = subprocess.run([AIDCLI, "cache", "path"], capture_output=True, text=True, env=env, timeout=60)
    assert piped.stdout == f"{folder}/aidcli\n"  # raw in a pipe: `cd "$(aidcli cache path)"` works
    leader, follower = pty.openpty()
    proc = subprocess.run([AIDCLI, "cache", "path"], stdout=follower, env=env, timeout=60)
    os.close(follower)
    shown = os.read(leader, 4096).decode()
    os.close(leader)
    assert proc.returncode == 0 and "\x1b" not in shown and "\\x1b[31m" in shown, repr(shown)


@pytest.mark.parametrize(
    "args",
    [
        ["--data", "{arg}.csv", "list"],
        ["list", "-o", "/no/such/{arg}.csv"],
        ["list", "--columns", "{arg}"],
        ["list", "--sort", "{arg}"],
        ["list", "--since", "{arg}"],
        ["show", "{arg}"],
        ["list", "--{arg}"],
    ],
)
def test_a_huge_argument_is_shortened_in_its_error(args):
    huge = "x" * 130_000
    r = installed(*[a.format(arg=huge) for a in args])
    assert r.code in (1, 2) and r.err.count("\n") == 1 and "Traceback" not in r.err, r.err[:300]
    assert len(r.err) < 1000, len(r.err)


@pytest.mark.parametrize("repeat", [1, 2])
def test_a_huge_list_of_short_names_is_shortened_in_its_error(repeat):
    names = ",".join(f"c{n % (7000 // repeat)}" for n in range(7000))  # unknown, or each named twice
    r = installed("list", "--columns", names)
    one_line_error(r, 2, "--columns", "characters")
    assert len(r.err) < 2100, len(r.err)
