"""The dataset builder refuses bad records with `FILE:RECORD-ID: problem` and exit 1."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

_spec = importlib.util.spec_from_file_location("build_dataset", ROOT / "scripts" / "build_dataset.py")
build_dataset = importlib.util.module_from_spec(_spec)
sys.modules["build_dataset"] = build_dataset
_spec.loader.exec_module(build_dataset)

GOOD = """[[record]]
id = "R0005"
donor = "Bank of China"
recipients = ["Canada"]
items = [{item = "medical masks", quantity = 30_000, unit = "pieces"}]
quote_start = "The Bank of China has donated"
quote_end = "Chinese Embassy in Ottawa."
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of records/'s lookups, without the articles' TOML files."""
    for csv_file in (ROOT / "records").glob("*.csv"):
        shutil.copy(csv_file, tmp_path)
    return tmp_path


def load(folder: Path, text: str) -> list[dict[str, str]]:
    path = folder / "ciua.toml"
    path.write_text(text, encoding="utf-8")
    return build_dataset.load_records(path, build_dataset.load_lookups(folder))


def test_a_good_record_expands_to_its_rows(folder):
    rows = load(folder, GOOD)
    assert [(r["record_id"], r["recipient"], r["recipient_iso3"], r["quantity"], r["channel"]) for r in rows] == [
        ("R0005", "Canada", "CAN", "30000", "non-governmental")
    ]
    assert rows[0]["quote"].startswith("The Bank of China has donated")


@pytest.mark.parametrize(
    "change,problem",
    [
        (("quote_end", "quote_ends"), "unknown keys ['quote_ends']"),
        (('donor = "Bank of China"', 'donor = "Bank of Chine"'), "unknown donor 'Bank of Chine'"),
        (('item = "medical masks"', 'item = "surgical masks"'), "unknown item 'surgical masks'"),
        (('unit = "pieces"}', 'unit = "pieces", colour = "blue"}'), "unknown item keys ['colour']"),
        (('["Canada"]', '["Canadaa"]'), "unknown country or organisation 'Canadaa'"),
        (('["Canada"]', '[{group = "x", region = "Mars"}]'), "unknown region 'Mars'"),
        (('["Canada"]', '[{group = "x"}]'), "a group needs exactly the keys group and region"),
        (('"The Bank of China has donated"', '"The Bank of China has given"'), "quote_start not found"),
        (('"Chinese Embassy in Ottawa."', '"Chinese Embassy in Paris."'), "quote_end not found"),
        (("donor =", 'status = "promised"\ndonor ='), "status 'promised' is not one of"),
        (("donor =", 'in_totals = "no"\ndonor ='), "in_totals must be true or false"),
        (('recipients = ["Canada"]', 'recipients_list = "asian-states"'), "unknown recipients_list"),
        (("quantity = 30_000", 'quantity = "30,000"'), "quantity of 'medical masks' must be a number"),
        (("donor =", 'allocation = "shared"\ndonor ='), "allocation 'shared' for 1 recipients"),
        (("donor =", 'umbrella = "yes"\ndonor ='), "umbrella must be true or false"),
        (
            ("donor =", 'umbrella = true\nnotes = "Umbrella: all of it."\ndonor ='),
            "an umbrella statement is never in totals",
        ),
        (
            ("donor =", "in_totals = false\numbrella = true\ndonor ="),
            "umbrella = true and notes that begin 'Umbrella:'",
        ),
        (
            ("donor =", 'in_totals = false\nnotes = "Umbrella: all of it."\ndonor ='),
            "umbrella = true and notes that begin 'Umbrella:'",
        ),
    ],
)
def test_a_bad_record_is_refused_with_file_id_and_problem(folder, change, problem):
    with pytest.raises(build_dataset.RecordError) as err:
        load(folder, GOOD.replace(*change))
    assert str(err.value).startswith(f"{folder / 'ciua.toml'}:R0005: ")
    assert problem in str(err.value)


def test_an_id_used_twice_is_refused(folder):
    with pytest.raises(build_dataset.RecordError, match=r":R0005: id used twice"):
        load(folder, GOOD + "\n" + GOOD)


def test_the_builder_exits_1_with_one_line_on_stderr(tmp_path):
    records = tmp_path / "records"
    shutil.copytree(ROOT / "records", records)
    (records / "inss.toml").write_text(
        GOOD.replace("Bank of China", "Bank of Chine").replace("R0005", "R9999"), encoding="utf-8"
    )
    script = tmp_path / "scripts" / "build_dataset.py"
    script.parent.mkdir()
    shutil.copy(ROOT / "scripts" / "build_dataset.py", script)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    done = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "build_dataset: records/inss.toml:R9999: unknown donor 'Bank of Chine' (records/donors.csv)"
    ]


HUAWEI = """
[[record]]
id = "R0006"
donor = "Huawei"
recipients = ["Canada"]
items = [{item = "masks", quantity = 1_000_000, unit = "pieces", approx = "over"}]
quote_start = "Huawei, the embattled"
quote_end = "provincial governments across Canada."
"""


def build_two(folder: Path, first: str, second: str) -> list[dict[str, str]]:
    """Build records/ holding the Bank of China's record (with `first` added) and Huawei's (with `second`)."""
    (folder / "ciua.toml").write_text(GOOD + first + "\n" + HUAWEI + second + "\n", encoding="utf-8")
    return build_dataset.build(folder)


@pytest.mark.parametrize(
    "first,second,problem",
    [
        ('same_shipment = "R0006"', "", "R0005: same_shipment names R0006, whose same_shipment does not name R0005"),
        (
            'overlaps = "R0006"\nnotes = "May be R0006."',
            "",
            "R0005: overlaps names R0006, whose overlaps does not name R0005 (between two records in totals",
        ),
        (
            'overlaps = "R0006"\nnotes = "Carried with R0006."',
            'overlaps = "R0005"\nnotes = "May be R0005."',
            "R0005: overlaps names R0006, but no sentence of the notes that names it says 'may'",
        ),
        ('overlaps = "R0006"\nsame_shipment = "R0006"', "", "['R0006'] in both overlaps"),
        ('same_shipment = "R0005"', "", "R0005: same_shipment names the record itself"),
        ('overlaps = "R0006,R0007"', "", "overlaps must be record ids separated by single spaces"),
        ('same_shipment = "R0099"', "", "R0005: same_shipment names unknown records ['R0099']"),
    ],
)
def test_links_between_records_are_checked(folder, first, second, problem):
    """overlaps ('may be the same aid') between two records in totals and same_shipment (another role
    of one shipment) go both ways; an overlap's notes say 'may'; no id is in both."""
    with pytest.raises(build_dataset.RecordError) as err:
        build_two(folder, first, second)
    assert problem in str(err.value)


def test_good_links_build(folder):
    rows = build_two(folder, 'same_shipment = "R0006"\nnotes = "Flown in with R0006."', 'same_shipment = "R0005"')
    assert [(r["record_id"], r["overlaps"], r["same_shipment"]) for r in rows] == [
        ("R0005", "", "R0006"),
        ("R0006", "", "R0005"),
    ]
    rows = build_two(
        folder,
        'overlaps = "R0006"\nnotes = "Carried. It may be R0006."',
        'overlaps = "R0005"\nnotes = "May include R0005; shipped."',
    )
    assert [r["overlaps"] for r in rows] == ["R0006", "R0005"]
    umbrella = build_two(
        folder, 'in_totals = false\numbrella = true\noverlaps = "R0006"\nnotes = "Umbrella: covers R0006."', ""
    )
    assert umbrella[0]["overlaps"] == "R0006"  # an umbrella names what it covers, one way


def test_donors_stated_are_the_articles_words(folder):
    stated = load(folder, GOOD.replace("quote_start", 'donors_stated = "30,000"\nquote_start'))
    assert stated[0]["donors_stated"] == "30,000"
    with pytest.raises(build_dataset.RecordError, match="donors_stated must be the article's words in the quote"):
        load(folder, GOOD.replace("quote_start", 'donors_stated = "over 20"\nquote_start'))
