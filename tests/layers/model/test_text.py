"""Text from data made safe (model/text.py): control characters escaped, formulas recognised."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("plain", "plain"),
        ("Evil\x1b]0;pwned\x07\x1b[2JX", "Evil\\x1b]0;pwned\\x07\\x1b[2JX"),
        ("Csi\x9b2J", "Csi\\x9b2J"),
        ("tab\there", "tab\\x09here"),
        ("del\x7f", "del\\x7f"),
        ("rtl\u202eevil", "rtl\\u202eevil"),
        ("西班牙 Côte d’Ivoire", "西班牙 Côte d’Ivoire"),
        ("nbsp\u00a0ok", "nbsp\u00a0ok"),
    ],
)
def test_printable_escapes_control_characters_only(raw, shown):
    from aidcli.model.text import printable

    assert printable(raw) == shown


def test_control_characters_leave_tabs_and_line_breaks_to_the_text():
    from aidcli.model.text import control_characters, looks_like_formula

    assert control_characters("a\tb\nc\r\n") == []
    assert control_characters("a\x1b[2J\x1bb\x07") == ["\\x1b", "\\x07"]
    assert [looks_like_formula(t) for t in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx", "a=b", "")] == [True] * 6 + [
        False,
        False,
    ]
