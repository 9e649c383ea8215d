"""Names as people type them: a country, organisation or donor in Chinese (CLDR's country names,
donors.csv's aliases), and a place inside a country (--place), through the CLI and the library."""

from __future__ import annotations

import csv
import importlib.util

import pytest
from conftest import ROOT

import aidcli
from aidcli.loading import catalog
from aidcli.query.names import resolve_donor, resolve_place


@pytest.fixture(scope="module")
def names():
    return catalog.light(None)


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_the_chinese_country_names_are_what_cldr_gives():
    """src/aidcli/query/cldr_zh.csv is CLDR's, through babel (a development dependency); scripts/cldr_zh.py
    rewrites it."""
    pytest.importorskip("babel")
    script = _script("cldr_zh")
    assert script.OUT.read_text(encoding="utf-8") == script.table()


def test_every_iso_country_has_a_chinese_name_and_babel_is_no_runtime_dependency():
    with (ROOT / "src" / "aidcli" / "query" / "iso3166.csv").open(encoding="utf-8") as fh:
        iso = {r["alpha_3"] for r in csv.DictReader(fh)}
    with (ROOT / "src" / "aidcli" / "query" / "cldr_zh.csv").open(encoding="utf-8") as fh:
        zh = {r["alpha_3"]: r for r in csv.DictReader(fh)}
    assert set(zh) == iso
    assert zh["ITA"]["zh"] == "意大利" and "義大利" in zh["ITA"]["keys"].split("|")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    runtime = pyproject.split("[project]")[1].split("\n[")[0]
    assert "babel" not in runtime.lower()


@pytest.mark.parametrize("typed, label", [
    ("意大利", "Italy"), ("義大利", "Italy"), ("西班牙", "Spain"), ("日本", "Japan"), ("伊朗", "Iran"),
    ("美国", "United States"), ("美國", "United States"), ("韩国", "South Korea"), ("南韓", "South Korea"),
    ("中国", "China"), ("刚果（金）", "Democratic Republic of the Congo"), ("刚果（布）", "Republic of the Congo"),
    ("科特迪瓦", "Côte d'Ivoire"), ("世界卫生组织", "World Health Organization"),
    ("世卫组织", "World Health Organization"),
    ("欧盟", "European Union"), ("非洲联盟", "African Union"),
])
def test_a_recipient_typed_in_chinese_is_the_datas(names, typed, label):
    place = resolve_place(typed, names)
    assert (place.label, place.in_data) == (label, True)


def test_a_country_in_chinese_outside_the_data_is_known_by_cldr(names):
    place = resolve_place("挪威", names)  # Norway
    assert (place.iso3, place.label, place.in_data) == ("NOR", "Norway", False)


@pytest.mark.parametrize("typed, donor", [
    ("华为", "Huawei"), ("華為", "Huawei"), ("马云公益基金会", "Jack Ma Foundation"),
    ("阿里巴巴公益基金会", "Alibaba Foundation"), ("中国红十字会", "Red Cross Society of China"),
    ("小米", "Xiaomi"), ("中国银行", "Bank of China"), ("中国工商银行", "Industrial and Commercial Bank of China"),
])
def test_a_donor_typed_in_chinese_is_the_datas(names, typed, donor):
    assert resolve_donor(typed, names).name == donor


def test_chinese_names_through_the_cli(cli):
    italy = cli("list", "-c", "意大利", "-f", "csv", "--columns", "record_id,recipient")
    english = cli("list", "-c", "Italy", "-f", "csv", "--columns", "record_id,recipient")
    assert italy.code == 0 and italy.out == english.out and "Italy" in italy.out
    huawei = cli("by-donor", "华为", "-f", "csv")
    assert huawei.code == 0 and huawei.out == cli("by-donor", "Huawei", "-f", "csv").out
    china = cli("list", "--donor-country", "中国", "-d", "中国银行", "-f", "csv", "--columns", "record_id,donor")
    assert china.code == 0 and "Bank of China" in china.out
    unknown = cli("list", "-c", "不存在的国")
    assert unknown.code == 2 and "No country or organisation called '不存在的国'" in unknown.err


def test_chinese_names_through_the_library():
    assert aidcli.totals(country="意大利").frame.equals(aidcli.totals(country="Italy").frame)
    assert aidcli.rows(donor="小米").frame.equals(aidcli.rows(donor="Xiaomi").frame)
    assert set(aidcli.rows(donor=["华为", "中国红十字会"]).frame["donor"]) >= {"Huawei", "Red Cross Society of China"}


# ---------- places inside a country ----------

def test_the_datas_places_are_known_with_their_country(names):
    assert ("Massachusetts", "United States", "USA") in names.places
    assert ("Wuhan", "China", "CHN") in names.places
    assert ("Madrid", "Spain", "ESP") in names.places


@pytest.mark.parametrize("typed, where, hint", [
    ("Massachusetts", "the United States", "try --place Massachusetts"),
    ("New York", "the United States", "try --place 'New York'"),
    ("Wuhan", "China", "try --place Wuhan"),
    ("madrid", "Spain", "try --place Madrid"),
])
def test_a_place_typed_as_a_country_points_to_place(cli, typed, where, hint):
    for args in (("by-country", typed), ("list", "-c", typed)):
        r = cli(*args)
        assert r.code == 2 and f"is a place in {where}, not a country; {hint}" in r.err, r.err
        assert "Did you mean" not in r.err  # 'Wuhan' once suggested Sudan, Ghana


def test_a_place_that_is_also_a_donor_says_both(cli):
    r = cli("by-country", "Massachusetts")
    assert "--donor 'Massachusetts state government'" in r.err


def test_place_filters_the_rows_inside_a_country(cli):
    r = cli("list", "--place", "Massachusetts", "-f", "csv", "--columns", "record_id,recipient,recipient_place")
    assert r.code == 0
    lines = r.out.splitlines()[1:]
    assert lines and {line.split(",", 1)[1] for line in lines} == {"United States,Massachusetts"}
    assert {line.split(",")[0] for line in lines} == {"R0017", "R0115"}
    wuhan = cli("list", "--place", "wuhan", "-f", "csv", "--columns", "recipient_place")
    assert wuhan.code == 0 and set(wuhan.out.splitlines()[1:]) == {"Wuhan"}
    both = cli("list", "--place", "New York,Madrid", "-f", "csv", "--columns", "recipient_place")
    assert set(both.out.splitlines()[1:]) == {"New York", "Madrid"}
    inside = cli("by-country", "United States", "--place", "New York", "-f", "csv")
    assert inside.code == 0 and "New York" in inside.out and "Massachusetts" not in inside.out


def test_place_refuses_a_country_and_suggests_the_datas_places(cli):
    spain = cli("list", "--place", "Spain")
    assert spain.code == 2 and "'Spain' is a country, not a place inside one; use --country Spain" in spain.err
    typo = cli("list", "--place", "Madird")
    assert typo.code == 2 and "No place called 'Madird' in any record" in typo.err
    assert "Did you mean: Madrid?" in typo.err
    boston = cli("list", "--place", "Boston")
    assert boston.code == 2 and "No place called 'Boston' in any record" in boston.err
    empty = cli("list", "--place", " ")
    assert empty.code == 2 and "empty place name" in empty.err


def test_place_through_the_library():
    frame = aidcli.rows(place="Massachusetts").frame
    assert set(frame["record_id"]) == {"R0017", "R0115"} and set(frame["recipient_place"]) == {"Massachusetts"}
    assert set(aidcli.rows(place=["Wuhan", "Madrid"]).frame["recipient"]) == {"China", "Spain"}
    with pytest.raises(aidcli.model.errors.UsageError, match="is a place in the United States"):
        aidcli.rows(country="Massachusetts")
    with pytest.raises(aidcli.model.errors.UsageError, match="No place called 'Atlantis'"):
        aidcli.totals(place="Atlantis")


def test_a_bare_csv_without_a_donors_table_knows_its_places(tmp_path, cli, rows):
    from conftest import write_rows

    path = write_rows(tmp_path / "mine.csv", rows)
    r = cli("--data", str(path), "list", "--place", "Madrid", "-f", "csv", "--columns", "record_id")
    assert r.code == 0 and r.out.splitlines()[1:] == ["R0085"]
    assert "is a place in Spain" in cli("--data", str(path), "list", "-c", "Madrid").err


def test_the_names_cache_keeps_the_places(tmp_path, monkeypatch, rows):
    from conftest import write_rows

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = write_rows(tmp_path / "mine.csv", rows)
    first = catalog.light(path)
    assert list((tmp_path / "cache" / "aidcli").glob("names-*.json"))
    from aidcli.loading import cache

    kept = catalog._from_json(cache.read_names(list(catalog.files(path))))  # the JSON read back
    assert kept == first and ("Madrid", "Spain", "ESP") in kept.places
    assert catalog.light(path) == first


def test_place_completes_from_the_datas_places():
    assert {"Massachusetts", "New York", "Madrid", "Wuhan"} <= set(catalog.column(None, "recipient_place"))
