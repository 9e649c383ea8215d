"""Names as people type them: a country, organisation or donor in Chinese (CLDR's country names,
donors.csv's aliases), and a place inside a country (--place), through the CLI and the library."""

from __future__ import annotations

import csv
import importlib.util

import pytest

import aidcli
from aidcli import known
from aidcli.names import resolve_donor, resolve_place
from conftest import ROOT


@pytest.fixture(scope="module")
def names():
    return known.light(None)


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_the_chinese_country_names_are_what_cldr_gives():
    """src/aidcli/cldr_zh.csv is CLDR's, through babel (a development dependency); scripts/cldr_zh.py rewrites it."""
    pytest.importorskip("babel")
    script = _script("cldr_zh")
    assert script.OUT.read_text(encoding="utf-8") == script.table()


def test_every_iso_country_has_a_chinese_name_and_babel_is_no_runtime_dependency():
    with (ROOT / "src" / "aidcli" / "iso3166.csv").open(encoding="utf-8") as fh:
        iso = {r["alpha_3"] for r in csv.DictReader(fh)}
    with (ROOT / "src" / "aidcli" / "cldr_zh.csv").open(encoding="utf-8") as fh:
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
    ("科特迪瓦", "Côte d'Ivoire"), ("世界卫生组织", "World Health Organization"), ("世卫组织", "World Health Organization"),
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
