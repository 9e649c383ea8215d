"""The Python API (api.py): typed values, typed errors, the record ids and left-out records of
every sum; every command's CSV equals the library's DataFrame."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import warnings

import pandas as pd
import pytest

import aidcli
from aidcli.output.render import write_csv


def csv_of(frame: pd.DataFrame) -> str:
    """A frame as the CLI writes CSV."""
    out = io.StringIO()
    write_csv(frame, out)
    return out.getvalue()


# Each command as the CLI runs it, and the one library call it makes.
SAME = [
    (["list", "-c", "Spain", "--columns", "all"], lambda: aidcli.rows(country="Spain")),
    (["filter", "quantity >= 1,000,000", "--columns", "all"], lambda: aidcli.rows(where=["quantity >= 1,000,000"])),
    (["totals", "-i", "masks", "--by", "recipient"], lambda: aidcli.totals("recipient", explain=False, item="masks")),
    (["totals", "-c", "Spain", "--explain"], lambda: aidcli.totals(country="Spain")),
    (["compare", "Italy", "Spain"], lambda: aidcli.compare(["Italy", "Spain"], explain=False)),
    (
        ["compare", "--donors", "Huawei", "Jack Ma Foundation"],
        lambda: aidcli.compare(["Huawei", "Jack Ma Foundation"], donors=True, explain=False),
    ),
    (["by-country", "Spain", "--columns", "all"], lambda: aidcli.country("Spain")),
    (["by-donor", "Huawei", "--columns", "all"], lambda: aidcli.donor("Huawei")),
    (["countries", "--region", "Europe"], lambda: aidcli.countries(region="Europe")),
    (["donors"], lambda: aidcli.donors()),
    (["items", "-c", "Italy"], lambda: aidcli.items(country="Italy")),
    (["sources"], lambda: aidcli.sources()),
    (["reciprocity"], lambda: aidcli.reciprocity()),
    (["summary"], lambda: aidcli.summary()),
    (["show", "R0028", "R0031"], lambda: aidcli.records(["R0028", "R0031"])),
    (["export"], lambda: aidcli.export()),
    (["claims", "-c", "Iran", "--history"], lambda: aidcli.claims(history=True, country="Iran")),
    (["claims", "--as-of", "2020-03-16"], lambda: aidcli.claims(as_of="2020-03-16")),
    (["crosscheck", "--region", "Europe"], lambda: aidcli.crosscheck(region="Europe")),
]


@pytest.mark.parametrize("args,call", SAME, ids=[" ".join(a) for a, _ in SAME])
def test_every_commands_csv_is_the_librarys_frame(cli, args, call):
    r = cli(*args, "-f", "csv")
    assert r.code == 0, r.err
    answer = call()
    result = answer.result
    main = result.main
    frame = result.csv_only.frame if result.csv_only is not None else main.frame
    assert r.out == csv_of(frame)
    if result.csv_only is None:  # the Answer's frame: the same table, --explain's keys left to the screen
        pd.testing.assert_frame_equal(  # the same values; text as plain strings, not categories
            answer.frame.drop(columns="record_ids", errors="ignore"),
            main.frame.drop(columns=["key", "record_ids"], errors="ignore"),
            check_dtype=False,
            check_categorical=False,
        )


def test_cite_is_the_librarys_text(cli):
    for style in ("plain", "bibtex", "ris", "csl-json"):
        assert cli("cite", "R0028", "R0029", "--style", style).out == aidcli.cite(["R0028", "R0029"], style) + "\n"


def test_a_sum_carries_its_record_ids_and_what_it_left_out():
    spain = aidcli.totals(country="Spain")
    assert all(isinstance(ids, list) and ids for ids in spain.frame["record_ids"])
    assert "key" not in spain.frame.columns
    reasons = dict(zip(spain.left_out["record_id"], spain.left_out["reason"]))
    assert reasons["R0068"] == "another kind (not-stated)"
    assert set(spain.record_ids) >= {"R0028", "R0029"}


def test_rows_read_with_a_number_column_carry_the_words_that_hedge_it():
    frame = aidcli.Aid().rows(columns=["record_id", "quantity"], country="Canada").frame  # its own Aid: read narrow
    assert frame.loc[frame["approx"].notna(), ["record_id", "quantity", "approx"]].values.tolist() == [
        ["R0006", 1_000_000, "over"]
    ]


def test_typed_values_are_the_strings_they_stand_for():
    typed = aidcli.rows(
        country=["Spain", "Italy"], kind=aidcli.Kind.DONATION, since=dt.date(2020, 3, 1), until=dt.date(2020, 3, 31)
    )
    text = aidcli.rows(country="Spain,Italy", kind="donation", since="2020-03-01", until="2020-03-31")
    assert typed.frame.equals(text.frame) and len(typed.frame)
    assert aidcli.Status.DELIVERED == "delivered" and aidcli.Flow.TO_CHINA == "to-china"


@pytest.mark.parametrize(
    "call,words",
    [
        (lambda: aidcli.totals(country="Spian"), "Did you mean: Spain?"),
        (lambda: aidcli.totals(contry="Spain"), "no filter 'contry'"),
        (lambda: aidcli.rows(since="yesterday"), "not a date"),
        (lambda: aidcli.totals(by="planet"), "unknown key planet"),
        (lambda: aidcli.records("R9999"), "No record"),
        (lambda: aidcli.rows(where=["colour = red"]), "colour"),
        (lambda: aidcli.rows(kind=3), "not int"),
    ],
)
def test_bad_input_is_a_usage_error(call, words):
    with pytest.raises(aidcli.UsageError, match=re.escape(words)):
        call()


def test_a_dataset_that_breaks_its_schema_is_a_data_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("record_id,quantity\nR1,lots\n", encoding="utf-8")
    with pytest.raises(aidcli.DataError):
        aidcli.Aid(bad).totals()


def test_one_aid_loads_its_data_once():
    aid = aidcli.Aid()
    aid.country("Spain")
    first = aid.dataset
    aid.totals(country="Italy", explain=True)
    aid.records("R0028")
    assert aid.dataset is first


def test_the_python_api_carries_the_same_columns():
    frame = aidcli.totals(donor="Jack Ma Foundation", region="Asia").frame
    masks = frame[frame["item"] == "masks"].iloc[0]
    assert (masks["quantity"], masks["quantity_low"]) == (4_800_000, 3_800_000)
    assert masks["may_overlap"] == "R0039 R0052 R0056 R0057" and "R0039 may be part of R0057" in masks["basis"]


def test_a_map_gives_its_svg_to_a_notebook_and_its_tables():
    import xml.etree.ElementTree as ET

    answer = aidcli.map(item="masks")
    assert isinstance(answer, aidcli.MapAnswer)
    root = ET.fromstring(answer._repr_svg_())
    japan = next(e for e in root.iter() if e.get("id") == "c-JPN")
    row = answer.frame[answer.frame["iso3"] == "JPN"].iloc[0]
    assert float(japan.get("data-high")) == row["quantity"]
    assert "R0057" in " ".join(answer.tables["shared"]["record_ids"].sum())
    assert answer.html.startswith("<!DOCTYPE html>") and answer.notes


@pytest.mark.parametrize("call", [c for _, c in SAME], ids=[" ".join(a) for a, _ in SAME])
def test_an_answers_text_holds_only_its_own_values(call):
    """A frame's text columns are plain strings: value_counts lists what the rows hold (no zero
    rows for the dataset's other recipients) and a groupby groups them without pandas' warning."""
    for frame in call().tables.values():
        assert not any(isinstance(t, pd.CategoricalDtype) for t in frame.dtypes), frame.dtypes


def test_one_countrys_rows_count_and_group_by_their_own_recipients():
    frame = aidcli.rows(country="Italy").frame
    counts = frame["recipient"].value_counts()
    assert (counts > 0).all() and set(counts.index) == set(frame["recipient"]) and len(counts) <= 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pandas 2's FutureWarning on a categorical's `observed`
        grouped = frame.groupby("recipient")["quantity"].sum()
    assert list(grouped.index) == sorted(set(frame["recipient"]))


def test_a_misspelt_name_raises_from_the_apis_edge():
    """The traceback a notebook shows: the user's line and the API's, then the one-line reason."""
    code = "import aidcli\naidcli.totals(country='Itly')\n"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    frames = [line for line in r.stderr.splitlines() if line.lstrip().startswith("File ")]
    assert len(frames) == 2 and frames[-1].split('"')[1].endswith("api.py"), r.stderr
    assert r.stderr.rstrip().splitlines()[-1].endswith("No country or organisation called 'Itly'. Did you mean: Italy?")
