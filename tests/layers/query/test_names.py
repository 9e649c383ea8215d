"""Names: countries, organisations, donors, items; aliases, suggestions, property tests."""

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from aidcli.loading import catalog
from aidcli.model.errors import UsageError
from aidcli.query.names import country, norm, resolve_donor, resolve_item, resolve_place


@pytest.fixture(scope="module")
def places():
    return catalog.light(None)


@pytest.fixture(scope="module")
def donor_rows():
    return catalog.light(None)


@pytest.mark.parametrize("text,label", [
    ("Spain", "Spain"), ("spain", "Spain"), ("ES", "Spain"), ("ESP", "Spain"), ("Holland", "Netherlands"),
    ("the Netherlands", "Netherlands"), ("the U.S.", "United States"), ("USA", "United States"),
    ("America", "United States"), ("Korea", "South Korea"), ("Republic of Korea", "South Korea"),
    ("Türkiye", "Turkey"), ("Turkey", "Turkey"), ("Ivory Coast", "Côte d'Ivoire"),
    ("cote d'ivoire", "Côte d'Ivoire"), ("Islamic Republic of Iran", "Iran"), ("WHO", "World Health Organization"),
    ("EU", "European Union"), ("African Union", "African Union"), ("other Pacific nations", "other Pacific nations"),
])
def test_places(places, text, label):
    assert resolve_place(text, places).label == label


@pytest.mark.parametrize("text", ["Britain", "UK", "Norway", "NO"])
def test_real_countries_without_records(places, text):
    place = resolve_place(text, places)
    assert place.in_data is False and place.iso3


def test_typo_suggests(places):
    with pytest.raises(UsageError, match=r"No country or organisation called 'Spian'\. Did you mean: Spain\?"):
        resolve_place("Spian", places)


@pytest.mark.parametrize("text", ["", "   ", "x" * 500])
def test_empty_and_long_names(places, text):
    with pytest.raises(UsageError):
        resolve_place(text, places)


def test_donor_member_and_parent(donor_rows):
    jmf = resolve_donor("Jack Ma Foundation", donor_rows)
    assert "Jack Ma Foundation and Alibaba Foundation" in jmf.donors
    huawei = resolve_donor("huawei", donor_rows)
    assert huawei.related["Toga Networks"] == "part of Huawei"
    assert resolve_donor("Chinese Red Cross", donor_rows).name == "Red Cross Society of China"
    assert resolve_donor("Chinese International Radio", donor_rows).name == "China Radio International"


def test_donor_ambiguous_and_unknown(donor_rows):
    with pytest.raises(UsageError, match="several donors"):
        resolve_donor("Embassy", donor_rows)
    with pytest.raises(UsageError, match="Did you mean: Huawei"):
        resolve_donor("Huawai", donor_rows)


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
def test_any_text_resolves_or_is_a_clean_usage_error(places, donor_rows, text):
    items = places.items
    for resolve, arg in ((resolve_place, places), (resolve_donor, donor_rows), (resolve_item, items)):
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


@pytest.mark.parametrize("typed, iso3, label", [
    ("Belarus", "BLR", "Belarus"), ("BLR", "BLR", "Belarus"), ("BY", "BLR", "Belarus"),
    ("Republic of Belarus", "BLR", "Belarus"), ("Bolivia, Plurinational State of", "BOL", "Bolivia"),
    ("Taiwan, Province of China", "TWN", "Taiwan"),
])
def test_a_country_outside_the_data_is_known_by_any_iso_name_or_code(places, typed, iso3, label):
    place = country(typed, places)
    assert (place.iso3, place.label, place.in_data) == (iso3, label, False)
