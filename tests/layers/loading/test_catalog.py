"""The names a dataset holds (loading/catalog.py), without pandas, and their cache."""

from __future__ import annotations

import os

import pytest
from conftest import write_rows

from aidcli.loading import cache, catalog


@pytest.fixture(scope="module")
def names():
    return catalog.light(None)


def test_the_names_cache_gives_the_names_the_files_give(tmp_path, rows, monkeypatch):
    from aidcli.loading import catalog

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("AIDCLI_NO_CACHE", raising=False)
    path = write_rows(tmp_path / "d.csv", rows)
    fresh = catalog.light(path, cache=False)
    assert not (tmp_path / "xdg").exists()
    assert catalog.light(path) == fresh
    assert len(list((tmp_path / "xdg" / "aidcli").glob("names-*.json"))) == 1
    monkeypatch.setattr(catalog, "_rows", lambda *a: pytest.fail("parsed again"))
    assert catalog.light(path) == fresh


def test_the_names_cache_is_renewed_when_a_file_changes_and_ignored_when_damaged(tmp_path, rows, monkeypatch):
    from aidcli.loading import catalog

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("AIDCLI_NO_CACHE", raising=False)
    path = write_rows(tmp_path / "d.csv", rows)
    catalog.light(path)
    rows[0]["recipient"] = "Atlantis"
    write_rows(path, rows)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert ("Atlantis", rows[0]["recipient_iso3"] or None) in catalog.light(path).recipients
    for cached in (tmp_path / "xdg" / "aidcli").glob("names-*.json"):
        cached.write_text("{not json", encoding="utf-8")
    assert catalog.light(path) == catalog.light(path, cache=False)


def test_no_names_cache_when_turned_off(tmp_path, rows, monkeypatch):
    from aidcli.loading import catalog

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("AIDCLI_NO_CACHE", "1")
    catalog.light(write_rows(tmp_path / "d.csv", rows))
    assert not (tmp_path / "xdg").exists()


@pytest.mark.parametrize("read", ["every column", "a listing's columns"])
def test_the_names_of_a_large_file_are_kept_from_its_frames_for_the_next_run(tmp_path, rows, monkeypatch, read):
    """A large file's names come from its loaded frames once, whether a command read every column
    or a listing's (where a shared amount's member lists are read, made rows, and not kept); the
    next run answers a misspelt name from the names cache, before the file is loaded."""
    from aidcli.loading import catalog
    from aidcli.model.columns import LIST_COLUMNS
    from aidcli.model.errors import UsageError
    from aidcli.query.session import Session

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("AIDCLI_NO_CACHE", raising=False)
    monkeypatch.setattr(catalog, "LIGHT_LIMIT", 0)  # every file is large
    path = write_rows(tmp_path / "d.csv", rows)
    assert catalog.light(path) is None
    session = Session(path, {"country": [rows[0]["recipient"]]}, None if read == "every column" else set(LIST_COLUMNS))
    session.rows()
    kept = catalog.light(path)
    assert kept is not None and kept == session.catalog
    monkeypatch.setattr(Session, "dataset", property(lambda self: pytest.fail("loaded")))
    with pytest.raises(UsageError, match="Did you mean"):
        Session(path, {"country": [rows[0]["recipient"][:-1] + "x"]}, None)


def test_the_datas_places_are_known_with_their_country(names):
    assert ("Massachusetts", "United States", "USA") in names.places
    assert ("Wuhan", "China", "CHN") in names.places
    assert ("Madrid", "Spain", "ESP") in names.places


def test_the_names_cache_keeps_the_places(tmp_path, monkeypatch, rows):
    from conftest import write_rows

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = write_rows(tmp_path / "mine.csv", rows)
    first = catalog.light(path)
    assert list((tmp_path / "cache" / "aidcli").glob("names-*.json"))

    kept = catalog._from_json(cache.read_names(list(catalog.files(path))))  # the JSON read back
    assert kept == first and ("Madrid", "Spain", "ESP") in kept.places
    assert catalog.light(path) == first


def test_place_completes_from_the_datas_places():
    assert {"Massachusetts", "New York", "Madrid", "Wuhan"} <= set(catalog.column(None, "recipient_place"))
