"""Shared fixtures and helpers: the packaged dataset, a CLI runner through Typer's CliRunner, the
installed command in a subprocess, user files, and the library calls the report tests share.
Test modules import helpers from here, never from each other."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import strategies as st
from typer.testing import CliRunner

from aidcli.cli import app, main
from aidcli.loading import data
from aidcli.query import filters, profiles, reports

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEEDS = ROOT / "seeds"


@dataclass
class Run:
    """What one aidcli run gave: exit code, stdout, stderr."""

    code: int
    out: str
    err: str

    def csv(self) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(self.out)))


# The installed console script, beside the interpreter running the tests.
AIDCLI = shutil.which("aidcli", path=str(Path(sys.executable).parent)) or "aidcli"


def run_installed(*args: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    """The installed `aidcli` in a subprocess, without the caller's AIDCLI_DATA or colour settings."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("AIDCLI_DATA", "NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    return subprocess.run([AIDCLI, *args], capture_output=True, text=True, env=full_env, timeout=120, **kw)


def installed(*args: str, env: dict[str, str] | None = None, **kw) -> Run:
    """The installed `aidcli` as a Run, its pager off."""
    p = run_installed(*args, env={"AIDCLI_PAGER": "cat", **(env or {})}, **kw)
    return Run(p.returncode, p.stdout, p.stderr)


def as_a_user(*args: str) -> Run:
    """The installed command with a user's permissions: as root, without the capabilities that
    let root read and search any file (so a mode of 000 holds)."""
    command = [*args]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("needs setpriv to drop root's file capabilities")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    env = {k: v for k, v in os.environ.items() if k != "AIDCLI_DATA"}
    p = subprocess.run(
        [AIDCLI if c == "aidcli" else c for c in command], capture_output=True, text=True, env=env, timeout=120
    )
    return Run(p.returncode, p.stdout, p.stderr)


def pytest_xdist_auto_num_workers(config) -> int | None:
    """`-n auto` (addopts) is one process when the run names a single test file, or tests in one:
    a file's tests run in one process (--dist loadfile), so more would only add their start.
    Otherwise None: pytest-xdist's own count, a process per core."""
    files = {str(arg).split("::")[0] for arg in config.args}
    return 0 if len(files) == 1 and files.pop().endswith(".py") else None


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """The typed cache of --data files goes to a folder of the test run, never the user's own."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True, scope="session")
def _compiled_source():
    """aidcli's own modules compiled once, for the many runs of the installed command: where
    PYTHONDONTWRITEBYTECODE=1 is set, `uv sync --compile-bytecode` compiles site-packages but not
    the project's src/, so every run would compile all of aidcli again (about 50 ms a start)."""
    import compileall

    compileall.compile_dir(ROOT / "src" / "aidcli", quiet=1)


@pytest.fixture(autouse=True, scope="session")
def _packaged_data_read_once():
    """The packaged dataset read once a run for each set of columns, as one aidcli.Aid keeps its
    dataset for every question it is asked: the many in-process runs of a command then time their
    question, not the same CSV parsed again (its reading is tested in tests/layers/loading/). A
    dataset of a user's own (--data, AIDCLI_DATA) is read every time, as the command reads it."""
    load = data.load
    read: dict[tuple[str, ...] | None, data.Dataset] = {}

    def once(path=None, usecols=None, cache=True):
        if data.resolve(path) != data.default_package():
            return load(path, usecols, cache)
        key = None if usecols is None else tuple(usecols)
        if key not in read:
            read[key] = load(path, usecols, cache)
        return read[key]

    data.load = once
    yield
    data.load = load


@pytest.fixture(scope="session")
def ds() -> data.Dataset:
    return data.load()


@pytest.fixture
def cli():
    """Run aidcli's real entry point (errors and exit codes included) inside CliRunner's isolation,
    with the console width pinned and colour off."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Run:
        base = {"COLUMNS": "120", "LINES": "50", "NO_COLOR": "1", "AIDCLI_DATA": None}
        with runner.isolation(input=input, env={**base, **(env or {})}) as (out, err, _):
            code = main(list(args))
            sys.stdout.flush()
            sys.stderr.flush()
            return Run(code, out.getvalue().decode(), err.getvalue().decode())

    return run


def donations() -> list[dict[str, str]]:
    """The packaged donations as dicts of text, as data/donations.csv holds them."""
    with (DATA / "donations.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def counted_sum(**match: str) -> float:
    """A plain sum of quantity over the counted rows of data/donations.csv whose columns have these
    values: what a reader of the published CSV adds up, so a test derives a figure, not types it in."""
    hits = [
        r for r in donations() if r["counted"] == "true" and r["quantity"] and all(r[k] == v for k, v in match.items())
    ]
    assert hits, match
    return sum(float(r["quantity"]) for r in hits)


def members_of(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows with each shared amount's one row made one row per member (name, code and region from
    its shared_by lists, counted on the first only): who each amount went to, as aidcli counts."""
    out = []
    for r in rows:
        if not r.get("shared_by"):
            out.append(r)
            continue
        lists = zip(*(r[c].split("; ") for c in ("shared_by", "shared_by_iso3", "shared_by_region")))
        for n, (name, code, region) in enumerate(lists):
            counted = r["counted"] if n == 0 else "false"
            out.append(r | {"recipient": name, "recipient_iso3": code, "region": region, "counted": counted})
    return out


@pytest.fixture
def rows() -> list[dict[str, str]]:
    """The packaged donations as dicts of text, to write altered copies from."""
    return donations()


@pytest.fixture(scope="session")
def totals(ds):
    """The totals table as `aidcli totals -f csv` gives it, read back with its number types."""
    import pandas as pd

    got = CliRunner().invoke(app, ["totals", "-f", "csv"], env={"NO_COLOR": "1"})
    assert got.exit_code == 0, got.output
    return pd.read_csv(io.StringIO(got.stdout))


@pytest.fixture
def cached(tmp_path, monkeypatch) -> Path:
    """A private cache folder, with every --data file big enough to be cached."""
    from aidcli.loading import cache

    folder = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("AIDCLI_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "CACHE_FROM", 0)
    return folder / "aidcli"


def one_line_error(r: Run, code: int, *needles: str) -> None:
    """A refusal as aidcli makes it: the documented exit code, one line on stderr, no traceback."""
    assert r.code == code, (r.code, r.err)
    assert "Traceback" not in r.err + r.out and "unexpected failure" not in r.err
    assert r.err.count("\n") == 1, r.err
    for needle in needles:
        assert needle in r.err, (needle, r.err)


def write_rows(
    path: Path,
    rows: list[dict[str, str]],
    fields: list[str] | None = None,
    newline: str = "\n",
    encoding: str = "utf-8",
) -> Path:
    fields = fields or list(rows[0])
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator=newline, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


def changed_package(tmp_path: Path, change=lambda descriptor: None) -> Path:
    """A copy of the packaged data package under tmp_path/pkg, its datapackage.json changed by
    change(descriptor): the copy's datapackage.json (its folder is where a test adds files)."""
    import json

    package = tmp_path / "pkg"
    shutil.copytree(DATA, package)
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    return path


# Filter combinations for property tests: each maps a filter to what a user may type.
filters_ = st.fixed_dictionaries(
    {},
    optional={
        "country": st.sampled_from(["Spain", "Italy", "Japan", "Kenya", "China", "EU", "Iran", "Spain,Italy", "Laos"]),
        "item": st.sampled_from(["masks", "medical masks", "ventilators", "cash", "test kits"]),
        "region": st.sampled_from(["Europe", "Asia", "Africa"]),
        "status": st.sampled_from(["delivered", "pledged", "delivered,pledged,rejected"]),
        "kind": st.sampled_from(["donation", "purchase", "donation,purchase,logistics"]),
        "flow": st.sampled_from(["from-china", "to-china", "from-china,to-china"]),
        "donor": st.sampled_from(["Jack Ma Foundation", "Huawei", "China", "Chinese government"]),
        "since": st.sampled_from(["2020-02", "2020-03-01", "2020-03-16"]),
        "until": st.sampled_from(["2020-03-15", "2020-03", "2020-04"]),
    },
)


def typed_filters(f: dict) -> dict:
    """A generated filter set as the library takes it: lists of values, dates as typed."""
    return {k: v.split(",") if k not in ("since", "until") else v for k, v in f.items()}


def valid_filters(f: dict) -> bool:
    """Not a date range that ends before it starts."""
    return not ("since" in f and "until" in f and f["since"] > f["until"] + "-99")


# The library as the report tests call it.


def session(**typed) -> reports.Session:
    raw = filters.raw_values({k: ([v] if isinstance(v, str) else v) for k, v in typed.items()})
    return reports.Session(None, raw)


def compare(s: reports.Session, typed: list[str], donors: bool = False, explain: bool = False) -> reports.Result:
    return reports.compare(s, s.picks(typed, donors), explain)


def country(s: reports.Session, text: str, explain: bool = False) -> reports.Result:
    return profiles.country(s, s.place(text), explain)


def rows_of(result: reports.Result, key: str | None = None) -> list[dict]:
    section = next(s for s in result.sections if s.key == (key or result.sections[0].key))
    return section.frame.astype(object).where(section.frame.notna(), None).to_dict(orient="records")


def one(rows: list[dict], **match) -> dict:
    """The one row that matches (a failure if none or several do)."""
    hits = [r for r in rows if all(r.get(k) == v for k, v in match.items())]
    assert len(hits) == 1, (match, hits)
    return hits[0]


def check_readable(frame) -> None:
    """The invariant of every row view: a shared amount is one row, labelled 'shared: ...' with no
    member's ISO code, so no row names one member beside an amount it shares."""
    if frame.empty or "allocation" not in frame.columns:
        return
    rows = frame.astype(object).where(frame.notna(), None)
    shared = rows[rows["allocation"] == "shared"]
    assert all(str(r).startswith("shared: ") for r in shared["recipient"]), shared["recipient"].tolist()
    if "recipient_iso3" in rows.columns:
        assert shared["recipient_iso3"].isna().all()
    once = shared[["record_id", "item", "unit", "status"]].astype(str)
    assert not once.duplicated().any()
    if "counted" in rows.columns:
        assert (
            rows.loc[rows["allocation"] == "shared", "counted"] == rows.loc[rows["allocation"] == "shared", "in_totals"]
        ).all()


def hand_frame(*rows: dict):
    """A small frame of donations made by hand: each row a dict of what differs from a plain row."""
    import pandas as pd

    base = {
        "record_id": "R1",
        "date": None,
        "donor": "D",
        "donor_type": "foundation",
        "recipient": "A",
        "recipient_iso3": None,
        "region": "Europe",
        "flow": "from-china",
        "kind": "donation",
        "status": "delivered",
        "item": "masks",
        "unit": "pieces",
        "quantity": None,
        "value_usd": None,
        "approx": None,
        "allocation": "single",
        "in_totals": True,
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def shared_rows():
    """Made by hand: R1 shares 100 between A and B, R2 gives each 10, R3 (5 to A) is out of totals."""
    return hand_frame(
        {"record_id": "R1", "recipient": "A", "quantity": 100.0, "allocation": "shared"},
        {"record_id": "R1", "recipient": "B", "quantity": 100.0, "allocation": "shared"},
        {"record_id": "R2", "recipient": "A", "quantity": 10.0, "allocation": "each"},
        {"record_id": "R2", "recipient": "B", "quantity": 10.0, "allocation": "each"},
        {"record_id": "R3", "recipient": "A", "quantity": 5.0, "in_totals": False},
    )


def generated_csv(path: Path, rows: int, seed: int = 0) -> Path:
    """A donations CSV of `rows` valid rows made by benchmarks/generate.py (about 330 bytes a row:
    26,000 rows pass the 8 MiB from which the large-file reader reads), for tests of size."""
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(rows), str(path), "--seed", str(seed)],
        check=True,
    )
    return path
