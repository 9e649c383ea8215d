"""Names (query/names.py): countries, organisations, donors, items; aliases, ISO codes, Chinese
names, suggestions, places typed as countries, property tests."""

from __future__ import annotations

import csv
import importlib.util

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import aidcli
from aidcli.loading import catalog
from aidcli.model.errors import UsageError
from aidcli.query.names import country, norm, resolve_donor, resolve_item, resolve_place


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


@pytest.fixture(scope="module")
def names():
    return catalog.light(None)


@pytest.mark.parametrize(
    "args,hint",
    [
        (["by-country", "Europe"], "--region Europe"),
        (["compare", "Huawei", "Jack Ma Foundation"], "--donors"),
        (["totals", "--item", "PPE"], "protective-clothing"),
        (["totals", "--item", "face mask"], "masks"),
    ],
)
def test_names_that_are_something_else(cli, args, hint):
    r = cli(*args)
    assert r.code == 2 and hint in r.err


@pytest.mark.parametrize(
    "text,label",
    [
        ("Spain", "Spain"),
        ("spain", "Spain"),
        ("ES", "Spain"),
        ("ESP", "Spain"),
        ("Holland", "Netherlands"),
        ("the Netherlands", "Netherlands"),
        ("the U.S.", "United States"),
        ("USA", "United States"),
        ("America", "United States"),
        ("Korea", "South Korea"),
        ("Republic of Korea", "South Korea"),
        ("Türkiye", "Turkey"),
        ("Turkey", "Turkey"),
        ("Ivory Coast", "Côte d'Ivoire"),
        ("cote d'ivoire", "Côte d'Ivoire"),
        ("Islamic Republic of Iran", "Iran"),
        ("WHO", "World Health Organization"),
        ("EU", "European Union"),
        ("African Union", "African Union"),
        ("other Pacific nations", "other Pacific nations"),
    ],
)
def test_places(names, text, label):
    assert resolve_place(text, names).label == label


@pytest.mark.parametrize("text", ["Britain", "UK", "Norway", "NO"])
def test_real_countries_without_records(names, text):
    place = resolve_place(text, names)
    assert place.in_data is False and place.iso3


def test_typo_suggests(names):
    with pytest.raises(UsageError, match=r"No country or organisation called 'Spian'\. Did you mean: Spain\?"):
        resolve_place("Spian", names)


@pytest.mark.parametrize("text", ["", "   ", "x" * 500])
def test_empty_and_long_names(names, text):
    with pytest.raises(UsageError):
        resolve_place(text, names)


def test_donor_member_and_parent(names):
    jmf = resolve_donor("Jack Ma Foundation", names)
    assert "Jack Ma Foundation and Alibaba Foundation" in jmf.donors
    huawei = resolve_donor("huawei", names)
    assert huawei.related["Toga Networks"] == "part of Huawei"
    assert resolve_donor("Chinese Red Cross", names).name == "Red Cross Society of China"
    assert resolve_donor("Chinese International Radio", names).name == "China Radio International"


def test_donor_ambiguous_and_unknown(names):
    with pytest.raises(UsageError, match="several donors"):
        resolve_donor("Embassy", names)
    with pytest.raises(UsageError, match="Did you mean: Huawei"):
        resolve_donor("Huawai", names)


def test_items():
    pairs = catalog.light(None).items
    assert set(resolve_item("masks", pairs)) == {"masks", "medical masks", "N95 masks"}
    assert resolve_item("ventilator", pairs) == ["ventilators"]
    assert resolve_item("N95 masks", pairs) == ["N95 masks"]
    with pytest.raises(UsageError, match="Did you mean"):
        resolve_item("ventilaters", pairs)


def test_norm():
    assert norm("  The U.S.A. ") == "usa"
    assert norm("Côte d’Ivoire") == "cote divoire"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_resolves_or_is_a_clean_usage_error(names, text):
    items = names.items
    for resolve, arg in ((resolve_place, names), (resolve_donor, names), (resolve_item, items)):
        try:
            resolve(text, arg)
        except UsageError as exc:
            assert str(exc)


def test_the_iso_3166_table_is_what_pycountry_gives():
    """src/aidcli/query/iso3166.csv replaces pycountry at run time; scripts/iso3166.py rewrites it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("iso3166", ROOT / "scripts" / "iso3166.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.OUT.read_text(encoding="utf-8") == script.table()


@pytest.mark.parametrize(
    "typed, iso3, label",
    [
        ("Belarus", "BLR", "Belarus"),
        ("BLR", "BLR", "Belarus"),
        ("BY", "BLR", "Belarus"),
        ("Republic of Belarus", "BLR", "Belarus"),
        ("Bolivia, Plurinational State of", "BOL", "Bolivia"),
        ("Taiwan, Province of China", "TWN", "Taiwan"),
    ],
)
def test_a_country_outside_the_data_is_known_by_any_iso_name_or_code(names, typed, iso3, label):
    place = country(typed, names)
    assert (place.iso3, place.label, place.in_data) == (iso3, label, False)


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


@pytest.mark.parametrize(
    "typed, label",
    [
        ("意大利", "Italy"),
        ("義大利", "Italy"),
        ("西班牙", "Spain"),
        ("日本", "Japan"),
        ("伊朗", "Iran"),
        ("美国", "United States"),
        ("美國", "United States"),
        ("韩国", "South Korea"),
        ("南韓", "South Korea"),
        ("中国", "China"),
        ("刚果（金）", "Democratic Republic of the Congo"),
        ("刚果（布）", "Republic of the Congo"),
        ("科特迪瓦", "Côte d'Ivoire"),
        ("世界卫生组织", "World Health Organization"),
        ("世卫组织", "World Health Organization"),
        ("欧盟", "European Union"),
        ("非洲联盟", "African Union"),
    ],
)
def test_a_recipient_typed_in_chinese_is_the_datas(names, typed, label):
    place = resolve_place(typed, names)
    assert (place.label, place.in_data) == (label, True)


def test_a_country_in_chinese_outside_the_data_is_known_by_cldr(names):
    place = resolve_place("挪威", names)  # Norway
    assert (place.iso3, place.label, place.in_data) == ("NOR", "Norway", False)


@pytest.mark.parametrize(
    "typed, donor",
    [
        ("华为", "Huawei"),
        ("華為", "Huawei"),
        ("马云公益基金会", "Jack Ma Foundation"),
        ("阿里巴巴公益基金会", "Alibaba Foundation"),
        ("中国红十字会", "Red Cross Society of China"),
        ("小米", "Xiaomi"),
        ("中国银行", "Bank of China"),
        ("中国工商银行", "Industrial and Commercial Bank of China"),
    ],
)
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


@pytest.mark.parametrize(
    "typed, where, hint",
    [
        ("Massachusetts", "the United States", "try --place Massachusetts"),
        ("New York", "the United States", "try --place 'New York'"),
        ("Wuhan", "China", "try --place Wuhan"),
        ("madrid", "Spain", "try --place Madrid"),
    ],
)
def test_a_place_typed_as_a_country_points_to_place(cli, typed, where, hint):
    for args in (("by-country", typed), ("list", "-c", typed)):
        r = cli(*args)
        assert r.code == 2 and f"is a place in {where}, not a country; {hint}" in r.err, r.err
        assert "Did you mean" not in r.err  # 'Wuhan' once suggested Sudan, Ghana


def test_a_place_that_is_also_a_donor_says_both(cli):
    r = cli("by-country", "Massachusetts")
    assert "--donor 'Massachusetts state government'" in r.err


@pytest.mark.parametrize("word", ["and", "to", "ch"])
def test_lower_case_words_are_not_countries(cli, word):
    r = cli("compare", "Italy", word, "Spain")
    assert r.code == 2 and f"'{word}'" in r.err


def test_upper_case_codes_still_work(cli):
    assert cli("totals", "-c", "ESP", "-f", "csv").out == cli("totals", "-c", "Spain", "-f", "csv").out
