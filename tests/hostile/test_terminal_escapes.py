"""Terminal escapes from data or from what is typed never reach a screen raw."""

from __future__ import annotations

import pytest
from conftest import write_rows

EVIL = [
    "Evil\x1b]0;pwned\x07\x1b[2JX",  # retitle the window, clear the screen
    "Link\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "Clip\x1b]52;c;cm0gLXJmIH4=\x07",  # OSC 52 clipboard write
    "Csi\x9b2J",  # C1 CSI
    "Bidi\u202eevil",
]  # right-to-left override


def _raw_controls(text: str) -> list[str]:
    import re

    return re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)


@pytest.mark.parametrize("evil", EVIL)
@pytest.mark.parametrize(
    "args",
    [
        ["list", "--columns", "record_id,donor,quote", "-f", "table"],
        ["list", "-f", "markdown"],
        ["-x", "list", "-f", "table"],
        ["show", "R0001", "-f", "table"],
        ["cite", "R0001"],
        ["cite", "R0001", "--style", "bibtex"],
        ["cite", "R0001", "--style", "ris"],
        ["donors", "-f", "table"],
        ["by-donor", "EVIL-DONOR", "-f", "table"],
    ],
)
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
