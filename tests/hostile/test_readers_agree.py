"""One verdict for one file, whatever its size and whatever columns a command reads: the
large-file reader (polars, from LARGE_FILE up) and the small-file reader (pandas) read the same
rows from the same bytes, or refuse them both; a pruned read refuses what a full read refuses.

Generated CSV bytes (hypothesis) go through every reader in-process, the size threshold set
either side of the file; generated files of about 9 MB and of a few hundred rows, each with the same
damage (lone CRs, blank or whitespace lines, a cut inside a quoted field, a stray quote), go
through the installed command, pruned (`list --columns`) and full (`export`)."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import generated_csv, run_installed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidcli.loading import tables
from aidcli.loading.rules import Report

_HEADER = b"h1,h2,h3"

_UNQUOTED = st.text(alphabet='ab "\t', max_size=4).filter(lambda t: not t.startswith('"'))
_QUOTED = st.text(alphabet='ab ,"\n\r\t', max_size=5).map(lambda t: '"' + t.replace('"', '""') + '"')
_ODD = st.sampled_from(['"a"b', 'a"b', '" a"', '"a" ', "é", "\x00"])  # a stray quote, text after a closing one
_FIELD = st.one_of(_UNQUOTED, _QUOTED, _ODD)
_ROW = st.lists(_FIELD, min_size=1, max_size=3).map(",".join)  # never more fields than the header
_LINE_END = st.sampled_from(["\n", "\r\n", "\r"])
_LINE = st.one_of(st.tuples(_ROW, _LINE_END), st.tuples(st.sampled_from(["", " ", "\t"]), _LINE_END))


def _rows(frame) -> list[tuple] | None:
    """A frame's cells as text (None where missing), or None for a refused file."""
    if frame is None:
        return None
    return [tuple(None if v is None or v != v else str(v) for v in row) for row in frame.astype(object).values]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_LINE, max_size=6), cut=st.integers(min_value=0, max_value=40))
def test_every_reader_reads_generated_bytes_alike(tmp_path, monkeypatch, lines, cut):
    body = "".join(row + end for row, end in lines).encode()
    path = tmp_path / "f.csv"
    path.write_bytes(_HEADER + b"\n" + (body[:-cut] if cut and cut < len(body) else body))
    seen = {}
    for size, threshold in (("small", 1 << 60), ("large", 0)):
        monkeypatch.setattr(tables, "LARGE_FILE", threshold)
        full = tables._read_raw(path, Report(), None)
        seen[size, "full"] = _rows(None if full is None else full[["h1"]])
        seen[size, "pruned"] = _rows(tables._read_raw(path, Report(), ["h1"]))
    assert len({repr(v) for v in seen.values()}) == 1, (path.read_bytes(), seen)


def _damage(data: bytes, how: str) -> bytes:
    """The same damage done to a generated file's bytes, whatever its size."""
    lines = data.split(b"\n")
    if how == "lone CRs":  # every third line end a CR alone: pandas ends a line there, polars did not
        return b"".join(line + (b"\r" if i % 3 == 1 else b"\n") for i, line in enumerate(lines[:-1]))
    if how == "CRLF":
        return data.replace(b"\n", b"\r\n")
    if how == "blank lines":
        return b"".join(line + (b"\n\n" if i % 50 == 7 else b"\n") for i, line in enumerate(lines[:-1]))
    if how == "whitespace lines":
        return b"".join(line + (b"\n \t\n" if i % 50 == 7 else b"\n") for i, line in enumerate(lines[:-1]))
    if how == "cut in a quote":  # a truncated download: the last quoted field never closed
        return data[: data.rindex(b',"') + 6]
    if how == "stray quote":  # a quote inside an unquoted field of one row in ten
        return b"\n".join(
            line.replace(b",ciua,", b',ci"ua,', 1) if i % 10 == 3 else line for i, line in enumerate(lines)
        )
    return data


def _ids(out: str) -> list[str]:
    return sorted({r["record_id"] for r in csv.DictReader(io.StringIO(out))})


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, bytes]:
    """A generated file past the large-file threshold (about 9 MB: every damage below keeps it
    past, the cut in a quote taking off the least) and a small one from its first rows."""
    path = generated_csv(tmp_path_factory.mktemp("gen") / "g.csv", 27_500)
    data = path.read_bytes()
    assert len(data) > 1.05 * tables.LARGE_FILE
    return {"large": data, "small": b"\n".join(data.split(b"\n")[:300]) + b"\n"}


def _read_both_ways(path) -> tuple[tuple[int, list[str]], tuple[int, list[str]]]:
    env = {"AIDCLI_NO_CACHE": "1", "AIDCLI_PAGER": "cat"}
    pruned = run_installed("--data", str(path), "list", "--columns", "record_id,recipient,item", "-f", "csv", env=env)
    full = run_installed("--data", str(path), "export", "-o", "-", "-f", "csv", env=env)
    for r in (pruned, full):
        assert "Traceback" not in r.stderr and "unexpected" not in r.stderr, r.stderr
    return (pruned.returncode, _ids(pruned.stdout)), (full.returncode, _ids(full.stdout))


@pytest.mark.parametrize(
    "how", ["none", "lone CRs", "CRLF", "blank lines", "whitespace lines", "cut in a quote", "stray quote"]
)
def test_one_verdict_whatever_the_size_and_the_columns_read(tmp_path, generated, how):
    verdicts = {}
    for size, data in generated.items():
        clean, damaged = tmp_path / f"{size}-clean.csv", tmp_path / f"{size}.csv"
        clean.write_bytes(data)
        damaged.write_bytes(_damage(data, how))
        if size == "large":  # the damaged file is read by the large-file reader's rules, not the small one's
            assert damaged.stat().st_size >= tables.LARGE_FILE, how
        pruned, full = _read_both_ways(damaged)
        assert pruned == full, (size, how, pruned[0], full[0])  # the same rows, or both refused
        verdicts[size] = pruned[0]
        if how in ("none", "lone CRs", "CRLF", "blank lines"):  # line ends only: the clean file's rows
            assert pruned[0] == 0 and pruned[1] == _ids(data.decode()), (size, how)
    assert verdicts["small"] == verdicts["large"], (how, verdicts)
