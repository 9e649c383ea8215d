"""Names, options and conditions typed wrong: one clear line on stderr, exit 2, no traceback."""

from __future__ import annotations

import pytest
from conftest import one_line_error


@pytest.mark.parametrize(
    "args,needle",
    [
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
    ],
)
def test_bad_names(cli, args, needle):
    r = cli(*args)
    one_line_error(r, 2, needle)


@pytest.mark.parametrize(
    "args,needle",
    [
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
    ],
)
def test_bad_options(cli, args, needle):
    one_line_error(cli(*args), 2, needle)


@pytest.mark.parametrize(
    "condition,needle",
    [
        ("colour = red", "unknown column"),
        ("quantity => 5", "operator"),
        ('donor = "Huawei', "unbalanced quotes"),
        ("donor > Huawei", "cannot be compared"),
        ("__import__('os').system('id')", "unknown column '__import__'"),
        ("quantity > 1; import os", "is a number"),
    ],
)
def test_bad_conditions(cli, condition, needle):
    one_line_error(cli("filter", condition), 2, needle)
