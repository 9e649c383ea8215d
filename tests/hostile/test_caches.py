"""Caches, checked before use: a changed, damaged, forged or foreign cache file is a silent re-read;
the cache keeps to its size; `cache clear` removes only aidcli's files."""

from __future__ import annotations

import json

import pytest
from conftest import one_line_error, write_rows


def _spain_masks(cli, path, *extra: str) -> str:
    r = cli(*extra, "--data", str(path), "totals", "-c", "Spain", "-f", "csv")
    assert r.code == 0 and r.err.count("\n") <= 1 and "unexpected" not in r.err, r.err
    return r.out


def _every_sum(cli, path, *extra: str) -> str:
    """Every recipient's sums: a cache that gave any row to another record would change one."""
    r = cli(*extra, "--data", str(path), "totals", "--by", "recipient", "-f", "csv")
    assert r.code == 0 and r.err.count("\n") <= 1 and "unexpected" not in r.err, r.err
    return r.out


def _tamper(file, change) -> None:
    """Rewrite a cache file with change(arrays, meta) applied, its checksums left as they were."""
    import numpy as np

    with np.load(file, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    meta = json.loads(arrays["meta"].tobytes())
    change(arrays, meta)
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    with open(file, "wb") as fh:
        np.savez(fh, **arrays)


def _key(meta, column: str) -> str:
    return meta["columns"][column]["key"]


def _times_1000(arrays, meta):
    arrays[_key(meta, "quantity") + "f8"] = arrays[_key(meta, "quantity") + "f8"] * 1000


def _short(arrays, meta):
    k = _key(meta, "quantity") + "f8"
    arrays[k] = arrays[k][:-1]


def _other_dtype(arrays, meta):
    k = _key(meta, "quantity") + "f8"
    arrays[k] = arrays[k].astype("float32")


def _codes_out_of_range(arrays, meta):
    k = _key(meta, "recipient") + "codes"
    arrays[k] = arrays[k].copy()
    arrays[k][0] = 10_000


def _control_in_category(arrays, meta):
    import numpy as np

    k = _key(meta, "recipient") + "cats"
    text = arrays[k].tobytes().replace(b"Spain", b"Sp\x1b]0;")
    arrays[k] = np.frombuffer(text, np.uint8)


def _outside_the_schema(arrays, meta):
    import numpy as np

    k = _key(meta, "status") + "cats"
    arrays[k] = np.frombuffer(arrays[k].tobytes().replace(b"delivered", b"stolen"), np.uint8)


def _shared_rows_moved(arrays, meta):
    k = meta["spread"]["shared"]["key"] + "i8"
    arrays[k] = arrays[k].copy()
    arrays[k][0] += 1


def _shared_rows_forged(arrays, meta):
    """The shared rows each moved one row on, their checksum made anew: the counts still in step,
    so only the order and range checks stand between them and a member row given to another record."""
    from aidcli.loading.columnar import digest

    desc = meta["spread"]["shared"]
    both = arrays[desc["key"] + "i8"].copy()
    both[: desc["count"]] = both[: desc["count"]][::-1]  # out of order
    arrays[desc["key"] + "i8"] = both
    desc["sha"] = digest(both)


def _member_field_renamed(arrays, meta):
    import numpy as np

    k = meta["spread"]["columns"]["recipient"]["key"] + "cats"
    arrays[k] = np.frombuffer(arrays[k].tobytes().replace(b"Spain", b"Spam!"), np.uint8)


@pytest.mark.parametrize(
    "change",
    [
        _times_1000,
        _short,
        _other_dtype,
        _codes_out_of_range,
        _control_in_category,
        _outside_the_schema,
        _shared_rows_moved,
        _shared_rows_forged,
        _member_field_renamed,
    ],
)
def test_a_changed_cache_file_is_read_again(cli, cached, tmp_path, rows, change):
    path = write_rows(tmp_path / "d.csv", rows)
    truth = _every_sum(cli, path, "--no-cache")
    assert _every_sum(cli, path) == truth  # writes the cache
    [file] = cached.glob("*.npz")
    _tamper(file, change)
    assert _every_sum(cli, path) == truth
    assert _every_sum(cli, path) == truth  # and the cache was written anew


@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_an_empty_cache_file_is_read_again_not_an_interrupt(cli, cached, tmp_path, rows, debug):
    path = write_rows(tmp_path / "d.csv", rows)
    truth = _spain_masks(cli, path, "--no-cache")
    _spain_masks(cli, path)
    for file in cached.iterdir():
        file.write_bytes(b"")
    assert _spain_masks(cli, path, *debug) == truth


def test_a_same_size_edit_with_its_mtime_put_back_is_seen(cli, cached, tmp_path, rows):
    import os

    path = write_rows(tmp_path / "d.csv", rows)
    before = _spain_masks(cli, path)
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert ",1800000," in text
    path.write_text(text.replace(",1800000,", ",9800000,", 1), encoding="utf-8")  # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # touch -r
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    after = _spain_masks(cli, path)
    assert after != before and "9800000" in after


@pytest.mark.parametrize("how", ["other user", "group-writable"])
def test_a_cache_file_not_the_users_own_is_not_read(cli, cached, tmp_path, rows, how):
    import os

    path = write_rows(tmp_path / "d.csv", rows)
    truth = _spain_masks(cli, path, "--no-cache")
    _spain_masks(cli, path)
    for file in cached.iterdir():
        if file.suffix == ".npz":
            _tamper(file, _times_1000)
            # a forged file: its checksums made to match, as another user could
            from aidcli.loading import columnar

            def forge(arrays, meta):
                k = _key(meta, "quantity")
                meta["columns"]["quantity"]["sha"] = columnar.digest(arrays[k + "f8"])

            _tamper(file, forge)
        if how == "other user":
            if os.getuid() != 0:
                pytest.skip("needs root to give a file to another user")
            os.chown(file, 65534, 65534)
        else:
            file.chmod(0o664)
    assert _spain_masks(cli, path) == truth


def test_cache_clear_removes_only_aidclis_files(cli, cached, tmp_path, rows):
    path = write_rows(tmp_path / "d.csv", rows)
    _spain_masks(cli, path)
    (cached / "keep-me.txt").write_text("not aidcli's")
    kinds = sorted(p.suffix for p in cached.iterdir())
    assert kinds == [".json", ".npz", ".txt"]
    r = cli("cache", "clear")
    assert r.code == 0 and "removed 2 cache files" in r.err
    assert [p.name for p in cached.iterdir()] == ["keep-me.txt"]
    assert _spain_masks(cli, path) == _spain_masks(cli, path, "--no-cache")
    one_line_error(cli("cache", "empty"), 2, "clear, path")


def test_the_cache_keeps_to_its_size_limit(cli, cached, tmp_path, rows, monkeypatch):
    from aidcli.loading import cache as cachedir

    first = write_rows(tmp_path / "a.csv", rows)
    second = write_rows(tmp_path / "b.csv", rows)
    _spain_masks(cli, first)
    [entry] = cached.glob("*.npz")
    monkeypatch.setattr(cachedir, "LIMIT", entry.stat().st_size + 5000)  # room for one entry and names
    _spain_masks(cli, second)
    assert sum(p.stat().st_size for p in cached.iterdir()) <= cachedir.LIMIT
    assert len(list(cached.glob("*.npz"))) == 1
    monkeypatch.setattr(cachedir, "LIMIT", 100)  # an entry larger than the whole cache is not kept
    assert _spain_masks(cli, write_rows(tmp_path / "c.csv", rows)) == _spain_masks(cli, first, "--no-cache")
    assert not list(cached.glob("*.npz"))


def test_an_empty_or_foreign_names_cache_is_ignored(cli, cached, tmp_path, rows):
    path = write_rows(tmp_path / "d.csv", rows)
    _spain_masks(cli, path)
    for file in cached.glob("names-*.json"):
        file.write_bytes(b"")
    one_line_error(cli("--data", str(path), "by-country", "Spian"), 2, "Did you mean: Spain?")
    for file in cached.glob("names-*.json"):
        kept = json.loads(file.read_text())
        kept["names"][0] = [["Atlantis", None]]
        file.write_text(json.dumps(kept))
        file.chmod(0o666)
    one_line_error(cli("--data", str(path), "by-country", "Atlantis"), 2, "Atlantis")
