"""--chart: bars in the terminal, one chart per unit, a range's uncertain part drawn apart."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from aidcli.cli import charts
from aidcli.model.result import Result, Section
from aidcli.output import screen


def _chart(kind: str, frame: pd.DataFrame, monkeypatch, capsys) -> str:
    """A hand-made sum drawn as the command draws it: what stdout gets."""
    monkeypatch.setenv("COLUMNS", "100")
    notes: list[str] = []
    getattr(charts, kind)(Result([Section(kind, kind, frame, "the caption")]), SimpleNamespace(note=notes.append))
    assert notes == ["the caption"]
    return capsys.readouterr().out


def test_totals_chart_one_chart_per_unit(cli):
    out = cli("totals", "--by", "recipient", "--item", "masks", "--status", "delivered", "--chart", "-f", "table").out
    assert "Totals (pieces)" in out and "█" in out and "1,800,000" in out
    assert "tonnes" not in out


def test_compare_chart(cli):
    out = cli("compare", "Italy", "Spain", "--chart", "-f", "table").out
    assert "Compare (pieces)" in out and "Compare (tonnes)" in out


def test_a_charts_figure_keeps_the_articles_words(cli):
    out = cli("totals", "--by", "donor", "--item", "masks", "--status", "delivered", "--chart", "-f", "table").out
    assert "over 1,000,000" in out and "nearly 1,000,000" in out  # Huawei's, the Jack Ma Foundation's to Europe
    # the foundations' masks add Japan's 1 million (R0039), which may be part of their 3.8 million
    # for Asia (R0057): a range, its uncertain part drawn apart and said in the legend
    assert "4,800,000\u20135,800,000" in out and screen.UNSURE in out and "reported twice" in out
    plain = cli("totals", "--by", "donor", "--item", "masks", "--status", "pledged", "--chart", "-f", "table").out
    assert screen.UNSURE not in plain and "reported twice" not in plain  # no pledged sum is a range


def test_a_sum_that_may_count_the_same_aid_twice_is_drawn_as_a_range(monkeypatch, capsys):
    frame = pd.DataFrame(
        {
            "item": ["masks", "test kits"],
            "unit": ["pieces", "pieces"],
            "status": ["delivered"] * 2,
            "quantity": [4_800_000.0, 360_000.0],
            "quantity_low": [3_800_000.0, 360_000.0],
            "approx": [None, "over"],
            "basis": ["computed: 2 records", "stated"],
            "records": [2, 1],
        }
    )
    out = _chart("totals", frame, monkeypatch, capsys)
    masks = next(line for line in out.splitlines() if line.startswith("masks"))
    assert " " + screen.SURE * 24 + screen.UNSURE * 6 + " " in masks  # 30 cells: 3.8 of 4.8 million sure
    assert masks.endswith(" 3,800,000–4,800,000")
    kits = next(line for line in out.splitlines() if line.startswith("test kits"))
    assert kits.endswith(" over 360,000") and screen.UNSURE not in kits and screen.SURE * 2 in kits
    assert screen.UNSURE_LEGEND in " ".join(out.split()) and "\x1b" not in out  # said under it; plain in a pipe


def test_a_small_uncertain_part_still_shows_and_a_frame_without_lows_has_none(monkeypatch, capsys):
    frame = pd.DataFrame(
        {
            "item": ["masks"],
            "unit": ["pieces"],
            "status": ["delivered"],
            "quantity": [1_000_000.0],
            "quantity_low": [999_000.0],
        }
    )
    masks = _chart("totals", frame, monkeypatch, capsys).splitlines()[1]
    assert screen.SURE * 30 + screen.UNSURE + " " in masks and masks.endswith(" 999,000–1,000,000")
    plain = _chart("totals", frame.drop(columns="quantity_low"), monkeypatch, capsys)
    assert screen.UNSURE not in plain and "reported twice" not in plain


def test_compare_draws_a_names_low_column_as_the_sure_part_of_its_bar(monkeypatch, capsys):
    frame = pd.DataFrame(
        {
            "item": ["masks", "records"],
            "unit": ["pieces", "count"],
            "status": ["delivered", None],
            "shared_by": [None, None],
            "Japan": [4_000_000.0, 3.0],
            "Japan_low": [2_000_000.0, None],
            "Korea": [1_000_000.0, 1.0],
        }
    )
    out = _chart("compare", frame, monkeypatch, capsys)
    assert [line.split(" · ")[-1].split()[0] for line in out.splitlines() if line.startswith("masks")] == [
        "Japan",
        "Korea",
    ]  # no bar of its own for Japan_low
    japan = next(line for line in out.splitlines() if "Japan" in line)
    assert screen.SURE * 15 + screen.UNSURE * 15 in japan and japan.endswith(" 2,000,000–4,000,000")
    korea = next(line for line in out.splitlines() if "Korea" in line)
    assert screen.UNSURE not in korea and korea.endswith(" 1,000,000")


def test_chart_refuses_csv(cli):
    r = cli("compare", "Italy", "Spain", "--chart", "-f", "csv")
    assert r.code == 2 and "--chart" in r.err


def test_compare_chart_keeps_the_shared_label(cli):
    out = cli("compare", "Italy", "Spain", "--chart", "-f", "table").out
    assert "shared: Spain, Italy" in out
    assert out.count("1,800,000") == 1
