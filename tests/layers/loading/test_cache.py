"""The cache of a large --data CSV (loading/cache.py): the same frame as a fresh read, renewed when
the file changes, never holding a column that failed a check, and never read half-written."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest
from conftest import write_rows

from aidcli.loading import cache, data
from aidcli.model.errors import DataError
from aidcli.model.shares import SHARED_BY


def test_a_cached_load_equals_a_fresh_read(cached, tmp_path, rows):
    path = write_rows(tmp_path / "d.csv", rows)
    fresh = data.load(path, cache=False).donations
    assert not cached.exists()
    first = data.load(path).donations
    assert len(list(cached.glob("*.npz"))) == 1
    again = data.load(path).donations
    for frame in (first, again):
        pd.testing.assert_frame_equal(frame, fresh)


def test_columns_read_later_are_added_to_the_cache(cached, tmp_path, rows):
    path = write_rows(tmp_path / "d.csv", rows)
    some = ["record_id", "recipient", "item", "quantity"]
    data.load(path, usecols=some)
    entry = cache.Entry.of(path)
    assert set(entry.read(list(rows[0]))) == set(some) | set(SHARED_BY)  # the member lists: always read
    wider = ["record_id", "recipient", "item", "status", "in_totals"]
    got = data.load(path, usecols=wider).donations
    pd.testing.assert_frame_equal(got, data.load(path, usecols=wider, cache=False).donations)
    assert set(cache.Entry.of(path).read(list(rows[0]))) == set(some) | set(wider) | set(SHARED_BY)


def test_the_next_load_answers_from_the_rows_per_member_kept(cached, tmp_path, rows, monkeypatch):
    """A shared amount's row is spread one row per member once: the next load takes every column
    from the cache at the kept positions, the member fields as kept, reading neither the file nor
    the member lists, and gives the same frame as a fresh read."""
    path = write_rows(tmp_path / "d.csv", rows)
    some = ["record_id", "recipient", "recipient_iso3", "region", "item", "quantity", "counted"]
    for usecols in (some, None):
        fresh = data.load(path, usecols=usecols, cache=False).donations
        assert len(fresh) > len(rows)  # the packaged data's shared amounts, one row per member
        data.load(path, usecols=usecols)
        [file] = cached.glob("*.npz")
        written = file.stat().st_mtime_ns, file.stat().st_ino
        with monkeypatch.context() as m:
            m.setattr(data, "read_table", lambda *a, **k: pytest.fail("the file was read again"))
            m.setattr(data, "spread", lambda *a, **k: pytest.fail("the member lists were spread again"))
            m.setattr(cache.Entry, "read", lambda *a: pytest.fail("the file's columns were read unspread"))
            pd.testing.assert_frame_equal(data.load(path, usecols=usecols).donations, fresh)
        assert (file.stat().st_mtime_ns, file.stat().st_ino) == written  # answered, not written again


def test_a_file_with_no_shared_row_is_kept_unspread(cached, tmp_path, rows, monkeypatch):
    plain = [r for r in rows if r["allocation"] != "shared"]
    path = write_rows(tmp_path / "d.csv", plain)
    fresh = data.load(path, cache=False).donations
    data.load(path)
    [file] = cached.glob("*.npz")
    written = file.stat().st_mtime_ns, file.stat().st_ino
    with monkeypatch.context() as m:
        m.setattr(data, "read_table", lambda *a, **k: pytest.fail("the file was read again"))
        pd.testing.assert_frame_equal(data.load(path).donations, fresh)
    assert len(fresh) == len(plain)
    data.load(path, usecols=["record_id", "recipient", "item"])  # its columns all kept: no new write
    assert (file.stat().st_mtime_ns, file.stat().st_ino) == written


def test_a_command_needing_more_columns_adds_them_to_the_rows_per_member(cached, tmp_path, rows):
    path = write_rows(tmp_path / "d.csv", rows)
    data.load(path, usecols=["record_id", "recipient", "item", "quantity"])
    wider = ["record_id", "recipient", "region", "item", "status", "counted", "recipient_place"]
    got = data.load(path, usecols=wider).donations
    pd.testing.assert_frame_equal(got, data.load(path, usecols=wider, cache=False).donations)
    assert cache.Entry.of(path).read_spread(wider) is not None
    pd.testing.assert_frame_equal(data.load(path, usecols=wider).donations, got)


def test_a_changed_file_is_read_again(cached, tmp_path, rows):
    path = write_rows(tmp_path / "d.csv", rows)
    before = data.load(path).donations
    rows[0]["quantity"] = "123456789"
    write_rows(path, rows)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    after = data.load(path).donations
    assert after["quantity"].iloc[0] == 123456789 != before["quantity"].iloc[0]


def test_a_bad_file_leaves_no_cache_and_stays_refused(cached, tmp_path, rows):
    rows[2]["status"] = "stolen"
    path = write_rows(tmp_path / "bad.csv", rows)
    for _ in range(2):
        with pytest.raises(DataError, match="stolen"):
            data.load(path)
    assert not list(cached.glob("*"))


def test_a_column_a_later_read_finds_bad_is_refused_though_others_are_cached(cached, tmp_path, rows):
    rows[2]["channel"] = "carrier pigeon"
    path = write_rows(tmp_path / "bad.csv", rows)
    data.load(path, usecols=["record_id", "recipient", "item"])
    with pytest.raises(DataError, match="carrier pigeon"):
        data.load(path, usecols=["record_id", "recipient", "item", "channel"])


def test_a_damaged_cache_file_is_ignored(cached, tmp_path, rows):
    path = write_rows(tmp_path / "d.csv", rows)
    data.load(path)
    for file in cached.glob("*.npz"):
        file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    pd.testing.assert_frame_equal(data.load(path).donations, data.load(path, cache=False).donations)


def test_no_cache_when_turned_off_or_the_file_is_small(cached, tmp_path, rows, monkeypatch):
    path = write_rows(tmp_path / "d.csv", rows)
    data.load(path, cache=False)
    monkeypatch.setenv("AIDCLI_NO_CACHE", "1")
    data.load(path)
    monkeypatch.delenv("AIDCLI_NO_CACHE")
    monkeypatch.setattr(cache, "CACHE_FROM", path.stat().st_size + 1)
    data.load(path)
    assert not cached.exists()


def test_concurrent_runs_agree_and_leave_no_temporary_files(cached, tmp_path, rows):
    path = write_rows(tmp_path / "d.csv", rows * 20, list(rows[0]))
    # rows * 20 repeats keys; give each copy its own record id so the file is valid
    with path.open("w", encoding="utf-8", newline="") as fh:
        import csv

        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        for i in range(20):
            for row in rows:
                w.writerow({**row, "record_id": f"R{i:02d}{row['record_id'][1:]}"})
    probe = (
        "import sys; from aidcli.loading import cache, data; cache.CACHE_FROM = 0; "
        "print(data.load(sys.argv[1]).donations['quantity'].sum())"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cached.parent)}
    procs = [
        subprocess.Popen([sys.executable, "-c", probe, str(path)], stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(4)
    ]
    outs = {p.communicate(timeout=120)[0] for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(outs) == 1
    assert [f.suffix for f in cached.iterdir()] == [".npz"]


def test_the_no_cache_flag_reaches_the_loader(cached, tmp_path, rows, cli):
    path = write_rows(tmp_path / "d.csv", rows)
    assert cli("--no-cache", "--data", str(path), "totals", "-f", "csv").code == 0
    assert not cached.exists()
    assert cli("--data", str(path), "totals", "-f", "csv").code == 0
    assert list(cached.glob("*.npz"))


def test_a_repeated_key_is_refused_on_every_run_and_leaves_no_cache(cached, tmp_path, rows):
    rows[3] = dict(rows[2])
    path = write_rows(tmp_path / "twice.csv", rows)
    for usecols in (None, ["record_id", "recipient", "item", "quantity"], None):
        with pytest.raises(DataError, match="repeats a primary key"):
            data.load(path, usecols=usecols)
    assert not list(cached.glob("*"))


def test_the_key_is_checked_once_then_vouched_for_by_the_cache(cached, tmp_path, rows, monkeypatch):
    path = write_rows(tmp_path / "d.csv", rows)
    data.load(path, usecols=["record_id", "quantity"])  # no key columns read: nothing to vouch for
    assert not cache.Entry.of(path).keys_checked
    data.load(path, usecols=["record_id", "recipient", "item"])
    assert cache.Entry.of(path).keys_checked
    checked = []
    monkeypatch.setattr(data.rules, "keys", lambda *a: checked.append(a))
    data.load(path, usecols=["record_id", "recipient", "item", "quantity"])
    assert checked == []


def test_both_caches_share_one_naming_scheme(cached, tmp_path, rows, cli):
    """A dataset's names and its typed columns are entries of one cache, named by kind and by the
    same key of the data file's path, each holding the same kind of identity."""
    import json

    path = write_rows(tmp_path / "d.csv", rows)
    assert cli("--data", str(path), "totals", "-c", "Spain", "-f", "csv").code == 0
    names = sorted(p.name for p in cached.iterdir())
    assert len(names) == 2 and names[0].startswith("frames-") and names[1].startswith("names-")
    assert names[0].removeprefix("frames-").removesuffix(".npz") == names[1].removeprefix("names-").removesuffix(
        ".json"
    )
    kept = json.loads((cached / names[1]).read_text(encoding="utf-8"))["identity"]
    assert kept["kind"] == "names" and kept["files"][0][0] == str(path.resolve())
    assert cache.Entry.of(path).identity["files"] == [kept["files"][0]]
