"""Time whole aidcli processes against references measured in the same run, and report PASS/FAIL.

    uv sync --compile-bytecode --group bench --extra large
    uv run --group bench --extra large python benchmarks/bench.py [--runs 5] [--sizes 10000,100000,1000000] [--quick]
        [--before ../aidcli-before/.venv/bin/aidcli]

Every command runs in a fresh process, once to warm up and then --runs times, the commands
of a group taken in turn so that drift hits reference and target alike; the median is reported.
Peak memory is the child's own ru_maxrss from os.wait4. Generated files are kept in
benchmarks/out/. aidcli's cache goes to a temporary folder: a "first query" gets an empty one
on every run, a "warm" query the one its warm-up filled. The DuckDB SQL applies aidcli's counting
rules and is checked equal to `aidcli totals --by recipient` and `aidcli list -c Spain` before it
is timed; the cached ("again") figures are set against DuckDB on the CSV and on a typed Parquet
copy DuckDB writes itself. With --before, every aidcli figure is also taken, in turn, with an
earlier aidcli, and set against it. aidcli is timed compiled, as a user runs it (a wheel, `uv tool
install --compile-bytecode`): the benchmark first compiles the aidcli package each interpreter
imports, this one's and --before's, and the report's first lines say so. The report always exits 0.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import astuple, dataclass, field, replace
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
GENERATE = HERE / "generate.py"

START_LIMIT = 1.30  # vs floor A: python -c "import typer"
QUERY_LIMIT = 1.05  # vs floor B: python -c "import typer, rich.table, pandas"
UV_RUN_LIMIT = 1.10  # `uv run aidcli ...` vs the environment's own aidcli
SCALE_ROWS = 1_000_000  # the size the DuckDB limits are judged at
FIRST_LIMIT, WARM_LIMIT, MEMORY_LIMIT = 1.5, 1.0, 2.0  # x DuckDB: first query, the same again, peak memory
BEFORE_LIMIT = 1.05  # x --before, the same command by an earlier aidcli: not slower, beyond a run's noise
CHECK_ROWS = 100_000  # the size the DuckDB SQL is checked equal to aidcli's totals at
NUMBER_COLUMNS = ("quantity", "value_usd")
LIST_COLUMNS = (
    "record_id, date, donor, donor_type, channel, donor_country, recipient, recipient_iso3, "
    "recipient_place, region, flow, kind, status, item, item_group, quantity, unit, approx, "
    "value_usd, allocation, in_totals, umbrella, overlaps, same_shipment, donors_stated, source, hedges"
)


@dataclass
class Case:
    """One command line to time, and what its run must show to count as correct."""

    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    exit_code: int = 0
    stdout_line: str | None = None  # a line stdout must hold
    stderr_text: str | None = None  # text stderr must hold (a suggestion, say)
    need_output: bool = False
    quiet: bool = False  # stderr must not hold uv's "Bytecode compiled" line
    fresh_cache: bool = False  # an empty aidcli cache on every run: a first query
    cwd: Path | None = None
    user_shell: bool = False  # without the outer `uv run`'s VIRTUAL_ENV, UV_* and .venv/bin on PATH


@dataclass
class Sample:
    """One run of a case."""

    seconds: float
    cpu: float
    rss_mb: float
    problem: str | None  # why the run was wrong, None if it was right


@dataclass
class Result:
    """A case's median time and CPU over its runs, its peak memory and its first problem."""

    case: Case
    seconds: float
    cpu: float
    rss_mb: float
    problem: str | None


@dataclass
class Row:
    """One line of the final table."""

    target: str
    value: str
    reference: str
    ratio: str
    limit: str
    verdict: str


def find_aidcli() -> Path:
    """The aidcli executable: on PATH (as under `uv run`), else the checkout's .venv."""
    found = shutil.which("aidcli")
    path = Path(found) if found else ROOT / ".venv" / "bin" / "aidcli"
    if not path.exists():
        sys.exit("bench.py: no aidcli executable; run 'uv sync' in the repository first")
    return path


COMPILE_SCRIPT = """
import compileall, importlib.util, pathlib, sys
root = pathlib.Path(importlib.util.find_spec("aidcli").submodule_search_locations[0])
if not compileall.compile_dir(root, quiet=1):
    sys.exit(f"cannot compile {root}")
print(sum(1 for _ in root.rglob("*.py")), root)
"""


def compile_aidcli(python: str) -> str:
    """Compile the aidcli package `python` imports into its __pycache__ folders, as a wheel or `uv tool
    install --compile-bytecode` has it: an editable checkout's `uv sync --compile-bytecode` compiles
    site-packages, not src/aidcli. Python reads that bytecode even under PYTHONDONTWRITEBYTECODE=1,
    which only stops writing it. Returns what was compiled, for the report."""
    done = subprocess.run([python, "-c", COMPILE_SCRIPT], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"bench.py: could not compile aidcli with {python}: {done.stderr.strip()[-200:]}")
    modules, folder = done.stdout.strip().split(" ", 1)
    return f"{modules} modules of {folder}"


def run_once(case: Case) -> Sample:
    """Run a case in a fresh process: wall time, CPU time and peak RSS of that process alone."""
    env = {k: v for k, v in os.environ.items() if k != "AIDCLI_DATA" and not k.startswith("_AIDCLI_")}
    env.update(case.env)
    if case.user_shell:
        venv = env.pop("VIRTUAL_ENV", None)
        env = {k: v for k, v in env.items() if not k.startswith("UV_")}
        if venv:
            env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(venv))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as empty:
        if case.fresh_cache:
            env["XDG_CACHE_HOME"] = empty
        start = time.perf_counter()
        proc = subprocess.Popen(case.argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=case.cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    problem = None
    if proc.returncode != case.exit_code:
        last = stderr.strip().splitlines()[-1:] or ["(no message)"]
        problem = f"exit {proc.returncode}, expected {case.exit_code}: {last[0][:120]}"
    elif case.stdout_line is not None and case.stdout_line not in stdout.splitlines():
        problem = f"stdout lacks the line {case.stdout_line!r}: {stdout[:80]!r}"
    elif case.stderr_text is not None and case.stderr_text not in stderr:
        problem = f"stderr lacks {case.stderr_text!r}: {stderr[:80]!r}"
    elif case.need_output and not stdout.strip():
        problem = "empty stdout"
    elif case.quiet and "Bytecode compiled" in stderr:
        problem = "uv compiled bytecode on this run"
    return Sample(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, problem)


def measure(cases: list[Case], runs: int) -> dict[str, Result]:
    """Warm up each case once, then run all cases in turn `runs` times; medians by case name."""
    for case in cases:
        run_once(case)
    samples: dict[str, list[Sample]] = {case.name: [] for case in cases}
    for i in range(runs):
        for case in cases:
            samples[case.name].append(run_once(case))
        print(
            f"  run {i + 1}/{runs}: " + ", ".join(f"{c.name} {samples[c.name][-1].seconds:.3f}s" for c in cases),
            file=sys.stderr,
        )
    return {
        case.name: Result(
            case,
            statistics.median(s.seconds for s in samples[case.name]),
            statistics.median(s.cpu for s in samples[case.name]),
            max(s.rss_mb for s in samples[case.name]),
            next((s.problem for s in samples[case.name] if s.problem), None),
        )
        for case in cases
    }


def versus(target: Result, floor: Result, limit: float) -> Row:
    """A table row for a target timed against its floor."""
    ratio = target.seconds / floor.seconds
    verdict = "PASS" if ratio <= limit else "FAIL"
    if target.problem or floor.problem:
        verdict = f"FAIL ({target.problem or 'floor: ' + str(floor.problem)})"
    return Row(
        target.case.name,
        f"{target.seconds:.3f}s",
        f"{floor.seconds:.3f}s {floor.case.name}",
        f"{ratio:.2f}x",
        f"<= {limit:.2f}x",
        verdict,
    )


BEFORE = " [before]"


def with_before(cases: list[Case], aidcli: str, before: str | None, cache: Path | None = None) -> list[Case]:
    """Each case followed by its twin run by the earlier aidcli of --before (with a cache folder of
    its own), so the two are timed in turn and drift hits both alike."""
    if before is None:
        return cases
    out = []
    for case in cases:
        out.append(case)
        if aidcli in case.argv:
            env = case.env
            if cache is not None and "XDG_CACHE_HOME" in env:  # a warm query: the earlier one's own entries
                env = {**env, "XDG_CACHE_HOME": str(cache / "before")}
            out.append(
                replace(case, name=case.name + BEFORE, argv=[before if a == aidcli else a for a in case.argv], env=env)
            )
    return out


def versus_before(results: dict[str, Result], name: str) -> list[Row]:
    """The row setting a target against the same command by the earlier aidcli, if it was timed."""
    earlier = results.get(name + BEFORE)
    if earlier is None:
        return []
    row = versus(results[name], earlier, BEFORE_LIMIT)
    return [replace(row, target=f"  after / before: {name}", reference=f"{earlier.seconds:.3f}s before")]


def dataset(size: int, python: str) -> Path:
    """A generated donations CSV of `size` rows, cached per size and version of generate.py."""
    digest = hashlib.sha256(GENERATE.read_bytes()).hexdigest()[:8]
    path = OUT / f"donations_{size}_{digest}.csv"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    for stale in OUT.glob(f"donations_{size}_*.csv"):
        stale.unlink()
    print(f"generating {path.relative_to(ROOT)} ...", file=sys.stderr)
    partial = path.with_suffix(".part")
    subprocess.run([python, str(GENERATE), str(size), str(partial), "--seed", "0"], check=True)
    partial.rename(path)
    return path


def _duckdb_source(path: Path) -> str:
    """read_csv() of a generated file, every column typed as aidcli types it; read_parquet() of its
    typed copy (a .parquet path)."""
    if path.suffix == ".parquet":
        return "read_parquet('" + str(path).replace("'", "''") + "')"
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    columns = ", ".join(f"'{c}': '{'DOUBLE' if c in NUMBER_COLUMNS else 'VARCHAR'}'" for c in header)
    source = str(path).replace("'", "''")
    return f"read_csv('{source}', header = true, auto_detect = false, columns = {{{columns}}})"


def parquet_copy(path: Path, python: str) -> Path:
    """The generated CSV as a typed Parquet file written by DuckDB itself (its own cache, as it
    were), kept beside the CSV: what DuckDB's warm figure is, like for like with aidcli's cache."""
    out = path.with_suffix(".parquet")
    if not out.exists() or out.stat().st_mtime < path.stat().st_mtime:
        partial = str(out.with_suffix(".parquet.part")).replace("'", "''")
        sql = f"COPY (SELECT * FROM {_duckdb_source(path)}) TO '{partial}' (FORMAT parquet)"
        subprocess.run([python, "-c", DUCKDB_SCRIPT, sql], check=True)
        Path(partial.replace("''", "'")).rename(out)
    return out


def _shared_labels(column: str, name: str, full: bool) -> str:
    """SQL CTEs naming each shared record by the members of `column` (shared_by or
    shared_by_region, a '; '-separated list on each of the record's shared rows): `name` holds
    (record_id, label), the distinct members in order of first mention (row in file order, then place
    in the list), an empty entry skipped. The label is "shared: A, B, C" naming all when `full`, else
    "shared: A, B, +N" (the first two), or the one member itself where there is one."""
    several = (
        "'shared: ' || string_agg(member, ', ' ORDER BY mention)"
        if full
        else "'shared: ' || list(member ORDER BY mention)[1] || ', ' || list(member ORDER BY mention)[2]"
        " || CASE WHEN count(*) > 2 THEN ', +' || (count(*) - 2) ELSE '' END"
    )
    one = several if full else "CASE WHEN count(*) = 1 THEN min(member) ELSE " + several + " END"
    return f"""
            {name}_lists AS (
                SELECT record_id, line,
                       list_transform(string_split({column}, ';'), lambda x: nullif(trim(x), '')) AS parts
                FROM rows WHERE allocation = 'shared' AND {column} IS NOT NULL),
            {name}_members AS (
                SELECT record_id, member, min([line, pos]) AS mention FROM (
                    SELECT record_id, line, unnest(parts) AS member, generate_subscripts(parts, 1) AS pos
                    FROM {name}_lists)
                WHERE member IS NOT NULL GROUP BY ALL),
            {name} AS (SELECT record_id, {one} AS label FROM {name}_members GROUP BY record_id),"""


def duckdb_totals_sql(path: Path) -> str:
    """`aidcli totals --by recipient` in DuckDB SQL, CSV to stdout, with aidcli's counting rules
    applied to the dataset's shape: records with in_totals only; donations from China, delivered and
    pledged as separate rows; `each` and `single` rows sum per recipient; a `shared` amount (one
    row naming its members in shared_by) counts once per (record, item, unit, status), its first row
    in file order, on a row of its own labelled "shared: A, B, C" (every distinct member of the
    record's shared rows, in file order: a machine format names them all)."""
    return f"""
        COPY (
            WITH rows AS (SELECT *, row_number() OVER () AS line FROM {_duckdb_source(path)}),{
        _shared_labels("shared_by", "labels", full=True)
    }
            scoped AS (
                SELECT * FROM rows
                WHERE in_totals = 'true' AND kind = 'donation' AND flow = 'from-china'
                  AND status IN ('delivered', 'pledged') AND (quantity IS NOT NULL OR value_usd IS NOT NULL)),
            own AS (
                SELECT recipient, item, unit, status, sum(quantity) AS quantity, sum(value_usd) AS value_usd,
                       count(DISTINCT record_id) AS records
                FROM scoped WHERE allocation IS DISTINCT FROM 'shared'
                GROUP BY ALL),
            once AS (
                SELECT * FROM scoped WHERE allocation = 'shared'
                QUALIFY row_number() OVER (PARTITION BY record_id, item, unit, status ORDER BY line) = 1),
            shared AS (
                SELECT l.label AS recipient, item, unit, status, sum(quantity) AS quantity,
                       sum(value_usd) AS value_usd, count(DISTINCT record_id) AS records
                FROM once JOIN labels l USING (record_id)
                GROUP BY ALL)
            SELECT * FROM (
                SELECT recipient, item, unit, status, sum(quantity) AS quantity, sum(value_usd) AS value_usd,
                       sum(records) AS records
                FROM (SELECT * FROM own UNION ALL SELECT * FROM shared)
                GROUP BY ALL)
            ORDER BY lower(recipient), lower(item), lower(status), quantity DESC NULLS LAST
        ) TO '/dev/stdout' (HEADER, DELIMITER ',')"""


def duckdb_list_sql(path: Path, country: str) -> str:
    """`aidcli list -c COUNTRY -f csv` in DuckDB SQL, with aidcli's row rules applied to the
    dataset's shape: the country's own rows as they are; a shared amount whose shared_by names the
    country once per (record, item, unit, status), its first row in file order, with recipient
    "shared: A, B, ..." naming every member of the record's shared rows in file order, no ISO code
    or place, and region the members' one region, or "shared: X, Y, +N" (from shared_by_region)
    where they differ; `counted` is in_totals (a shared amount has one row). Rows in record order,
    then file order."""
    columns = LIST_COLUMNS.split(", ")

    def pick(table: str, override: dict[str, str]) -> str:
        return ", ".join(override.get(c, f'{table}."{c}"') for c in columns)

    name = country.replace("'", "''")
    shared_cols = {
        "recipient": "l.label AS recipient",
        "recipient_iso3": "NULL AS recipient_iso3",
        "recipient_place": "NULL AS recipient_place",
        "region": "g.label AS region",
    }
    return f"""
        COPY (
            WITH rows AS (SELECT *, row_number() OVER () AS line FROM {_duckdb_source(path)}),{
        _shared_labels("shared_by", "labels", full=True)
    }{_shared_labels("shared_by_region", "region_labels", full=False)}
            own AS (
                SELECT {pick("r", {})}, r.in_totals AS counted, r.line FROM rows r
                WHERE r.recipient = '{name}' AND r.allocation IS DISTINCT FROM 'shared'),
            shared AS (
                SELECT {pick("r", shared_cols)}, r.in_totals AS counted, r.line
                FROM labels_lists m JOIN rows r USING (record_id, line) JOIN labels l USING (record_id)
                LEFT JOIN region_labels g USING (record_id)
                WHERE list_contains(m.parts, '{name}')
                QUALIFY row_number() OVER (PARTITION BY r.record_id, r.item, r.unit, r.status ORDER BY r.line) = 1)
            SELECT {", ".join(f'"{c}"' for c in columns)}, counted
            FROM (SELECT * FROM own UNION ALL SELECT * FROM shared)
            ORDER BY record_id, line
        ) TO '/dev/stdout' (HEADER, DELIMITER ',')"""


def _rows(text: str) -> list[tuple[str, ...]]:
    """A listing CSV as rows of cells, numbers written one way (1.0 and 1 alike)."""
    out = []
    for r in csv.DictReader(text.splitlines()):
        out.append(tuple(f"{c}={float(v)!r}" if c in NUMBER_COLUMNS and v else f"{c}={v}" for c, v in r.items()))
    return out


def _both(
    aidcli: str, command: list[str], path: Path, python: str, sql: str
) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """aidcli's CSV of `command` on the file (no cache) and DuckDB's of the same question in SQL."""
    env = {**os.environ, "AIDCLI_NO_CACHE": "1"}
    ours = subprocess.run([aidcli, "--data", str(path), *command, "-f", "csv"], capture_output=True, text=True, env=env)
    theirs = subprocess.run([python, "-c", DUCKDB_SCRIPT, sql], capture_output=True, text=True)
    return ours, theirs


def _failed(name: str, ours: subprocess.CompletedProcess[str], theirs: subprocess.CompletedProcess[str]) -> Row:
    """The row of a check one side of which failed, with that side's first words."""
    said = (theirs.stderr if theirs.returncode else ours.stderr).strip()[:100]
    return Row(name, "-", "-", "-", "equal", f"FAIL (exit {ours.returncode}/{theirs.returncode}: {said})")


def check_duckdb_list(aidcli: str, python: str, path: Path, rows: int, country: str) -> Row:
    """The DuckDB listing against `aidcli list -c COUNTRY -f csv`, row by row, in order."""
    name = f"duckdb SQL = aidcli list -c {country}, {rows:,} rows"
    ours, theirs = _both(aidcli, ["list", "-c", country], path, python, duckdb_list_sql(path, country))
    if ours.returncode or theirs.returncode:
        return _failed(name, ours, theirs)
    a, b = _rows(ours.stdout), _rows(theirs.stdout)
    differ = sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b))
    return Row(
        name,
        f"{differ} of {max(len(a), len(b))} rows differ",
        "duckdb",
        "-",
        "0 differ",
        "PASS" if differ == 0 and a else "FAIL",
    )


def _groups(text: str) -> dict[tuple[str, ...], tuple[float | None, ...]]:
    """A totals CSV as {(recipient, item, unit, status): (quantity, value_usd, records)}."""

    def number(cell: str) -> float | None:
        return float(cell) if cell else None

    return {
        (r["recipient"], r["item"], r["unit"], r["status"]): (
            number(r["quantity"]),
            number(r["value_usd"]),
            number(r["records"]),
        )
        for r in csv.DictReader(text.splitlines())
    }


def _same(a: tuple[float | None, ...], b: tuple[float | None, ...]) -> bool:
    return all(
        (x is None and y is None) or (x is not None and y is not None and abs(x - y) <= 1e-9 * max(abs(x), 1))
        for x, y in zip(a, b, strict=True)
    )


def check_duckdb(aidcli: str, python: str, path: Path, rows: int) -> Row:
    """The DuckDB totals against aidcli's own, group by group."""
    name = f"duckdb SQL = aidcli totals, {rows:,} rows"
    ours, theirs = _both(aidcli, ["totals", "--by", "recipient"], path, python, duckdb_totals_sql(path))
    if ours.returncode or theirs.returncode:
        return _failed(name, ours, theirs)
    a, b = _groups(ours.stdout), _groups(theirs.stdout)
    differ = sum(1 for k in a.keys() | b.keys() if k not in a or k not in b or not _same(a[k], b[k]))
    return Row(
        name,
        f"{differ} of {len(a | b)} groups differ",
        "duckdb",
        "-",
        "0 differ",
        "PASS" if differ == 0 and a else "FAIL",
    )


DUCKDB_SCRIPT = "import sys, duckdb; duckdb.execute(sys.argv[1])"


def has_duckdb(python: str) -> bool:
    """Whether the aidcli interpreter can import duckdb."""
    return subprocess.run([python, "-c", "import duckdb"], capture_output=True).returncode == 0


def startup_rows(aidcli: str, python: str, runs: int, before: str | None = None) -> list[Row]:
    """Help, version, usage errors (a bad option, a misspelt country, an unknown donor, each with
    its suggestion) and completion against floor A."""
    floor = Case("floor A: import typer", [python, "-c", "import typer"])
    completion = {"_AIDCLI_COMPLETE": "complete_bash", "COMP_WORDS": "aidcli by-country Sp", "COMP_CWORD": "2"}
    targets = [
        Case("aidcli --help", [aidcli, "--help"], need_output=True),
        Case("aidcli --version", [aidcli, "--version"], need_output=True),
        Case("usage error (exit 2)", [aidcli, "totals", "--by", "planet"], exit_code=2),
        Case(
            "misspelt country 'Spian' (exit 2)",
            [aidcli, "by-country", "Spian"],
            exit_code=2,
            stderr_text="Did you mean: Spain?",
        ),
        Case(
            "unknown donor 'Jack Ma Foundaton' (exit 2)",
            [aidcli, "by-donor", "Jack Ma Foundaton"],
            exit_code=2,
            stderr_text="Did you mean: Jack Ma Foundation?",
        ),
        Case("completion 'by-country Sp'", [aidcli], env=completion, stdout_line="Spain"),
    ]
    print("startup (floor A) ...", file=sys.stderr)
    results = measure([floor, *with_before(targets, aidcli, before)], runs)
    return [
        row
        for t in targets
        for row in [versus(results[t.name], results[floor.name], START_LIMIT), *versus_before(results, t.name)]
    ]


def query_rows(aidcli: str, python: str, runs: int, before: str | None = None) -> list[Row]:
    """Queries of the packaged dataset, as CSV and as a table, against floor B."""
    floor = Case("floor B: import typer, rich.table, pandas", [python, "-c", "import typer, rich.table, pandas"])
    commands = [["by-country", "Spain"], ["totals", "--donor", "Jack Ma Foundation"], ["list", "-c", "Spain"]]
    targets = [
        Case(
            " ".join(a if " " not in a else repr(a) for a in cmd) + f" -f {fmt}",
            [aidcli, *cmd, "-f", fmt],
            env={"COLUMNS": "120"},
            need_output=True,
        )
        for cmd in commands
        for fmt in ("csv", "table")
    ]
    print("queries (floor B) ...", file=sys.stderr)
    results = measure([floor, *with_before(targets, aidcli, before)], runs)
    return [
        row
        for t in targets
        for row in [versus(results[t.name], results[floor.name], QUERY_LIMIT), *versus_before(results, t.name)]
    ]


def _uv_binary(uv: str) -> str | None:
    """The uv binary behind a pyenv shim (which runs `pyenv exec uv`: about 50 ms a call here,
    neither uv's time nor aidcli's); None when `uv` is not a shim."""
    if "/shims/" not in uv.replace(os.sep, "/"):
        return None
    found = subprocess.run(["pyenv", "which", "uv"], capture_output=True, text=True)
    return found.stdout.strip() or None if found.returncode == 0 else None


def uv_run_rows(aidcli: str, runs: int) -> list[Row]:
    """The README's first command through `uv run` against the aidcli of the environment uv runs it
    in (the checkout's .venv), both with PYTHONDONTWRITEBYTECODE=1: uv must neither recompile nor
    leave the bytecode out. Where `uv` is a pyenv shim, the binary behind it is judged and the
    shim's own time shown apart."""
    uv = shutil.which("uv")
    if uv is None:
        return [Row("uv run aidcli by-country Spain", "-", "-", "-", "-", "skipped (no uv on PATH)")]
    env = {"PYTHONDONTWRITEBYTECODE": "1"}
    own = ROOT / ".venv" / "bin" / "aidcli"
    reference = str(own) if own.exists() else aidcli
    binary = _uv_binary(uv)
    installed = Case(f"{reference} by-country Spain", [reference, "by-country", "Spain"], env=env, need_output=True)
    target = Case(
        "uv run aidcli by-country Spain",
        [binary or uv, "run", "aidcli", "by-country", "Spain"],
        env=env,
        need_output=True,
        quiet=True,
        cwd=ROOT,
        user_shell=True,
    )
    shim = Case(
        "  the same through the pyenv shim",
        [uv, "run", "aidcli", "by-country", "Spain"],
        env=env,
        need_output=True,
        quiet=True,
        cwd=ROOT,
        user_shell=True,
    )
    print(f"uv run ({binary or uv}) ...", file=sys.stderr)
    results = measure([installed, target] + ([shim] if binary else []), runs)
    rows = [versus(results[target.name], results[installed.name], UV_RUN_LIMIT)]
    if binary:
        row = versus(results[shim.name], results[installed.name], UV_RUN_LIMIT)
        rows.append(Row(*astuple(row)[:4], "-", "info"))
    return rows


def _versus_duckdb(
    ours: Result, ref: Result | None, limit: float | None, name: str | None = None, on: str = "duckdb"
) -> Row:
    """A row for an aidcli run against DuckDB's, judged when a limit is given."""
    if ref is None:
        return Row(name or ours.case.name, f"{ours.seconds:.3f}s", "(no duckdb)", "-", "-", "info")
    ratio = ours.seconds / ref.seconds
    limit_text, verdict = "-", "info"
    if limit is not None:
        limit_text, verdict = f"<= {limit:.2f}x", "PASS" if ratio <= limit else "FAIL"
    if ours.problem or ref.problem:
        verdict = f"FAIL ({ours.problem or 'duckdb: ' + str(ref.problem)})"
    return Row(
        name or ours.case.name, f"{ours.seconds:.3f}s", f"{ref.seconds:.3f}s {on}", f"{ratio:.2f}x", limit_text, verdict
    )


def scale_rows(
    aidcli: str, python: str, sizes: list[int], runs: int, cache: Path, before: str | None = None
) -> list[Row]:
    """First and warm queries on generated files against DuckDB, peak memory, and growth with size."""
    duckdb = has_duckdb(python)
    if not duckdb:
        print(
            "duckdb is not importable by the aidcli interpreter: the DuckDB column is skipped "
            "(run with 'uv run --group bench python benchmarks/bench.py').",
            file=sys.stderr,
        )
    rows = []
    timed: list[tuple[int, Result]] = []
    for size in sizes:
        path = dataset(size, python)
        if duckdb and size == min(sizes, key=lambda n: abs(n - CHECK_ROWS)):
            rows.append(check_duckdb(aidcli, python, path, size))
            rows.append(check_duckdb_list(aidcli, python, path, size, "Spain"))
        judged = size == SCALE_ROWS
        again = judged or size == max(sizes)  # the cached figures: judged at 1M, shown at the largest size
        parquet = parquet_copy(path, python) if duckdb and again else None
        warm = {"XDG_CACHE_HOME": str(cache)}
        queries = [("totals --by recipient", ["totals", "--by", "recipient"], duckdb_totals_sql(path))]
        if again:
            queries.append(("list -c Spain", ["list", "-c", "Spain"], duckdb_list_sql(path, "Spain")))
        cases: list[Case] = []
        for label, args, sql in queries:
            argv = [aidcli, "--data", str(path), *args, "-f", "csv"]
            cases.append(Case(f"{label}, {size:,} rows, first query", argv, need_output=True, fresh_cache=True))
            if again:
                cases.append(Case(f"{label}, {size:,} rows, again (cached)", argv, env=warm, need_output=True))
            if duckdb:
                cases.append(
                    Case(f"duckdb {label}, {size:,} rows", [python, "-c", DUCKDB_SCRIPT, sql], need_output=True)
                )
            if parquet is not None:
                typed = sql.replace(_duckdb_source(path), _duckdb_source(parquet))
                cases.append(
                    Case(
                        f"duckdb {label}, {size:,} rows, parquet",
                        [python, "-c", DUCKDB_SCRIPT, typed],
                        need_output=True,
                    )
                )
        print(f"scale {size:,} rows ...", file=sys.stderr)
        results = measure(with_before(cases, aidcli, before, cache), runs)
        for label, _, _ in queries:
            ref = results.get(f"duckdb {label}, {size:,} rows")
            first = results[f"{label}, {size:,} rows, first query"]
            if label.startswith("totals"):
                timed.append((size, first))
            rows.append(_versus_duckdb(first, ref, FIRST_LIMIT if judged else None))
            rows += versus_before(results, first.case.name)
            if again:
                cached = results[f"{label}, {size:,} rows, again (cached)"]
                rows.append(_versus_duckdb(cached, ref, WARM_LIMIT if judged else None))
                rows += versus_before(results, cached.case.name)
                rows.append(
                    _versus_duckdb(
                        cached,
                        results.get(f"duckdb {label}, {size:,} rows, parquet"),
                        None,
                        f"  again (cached) vs DuckDB on its Parquet copy, {label}, {size:,} rows",
                        "duckdb on parquet",
                    )
                )
            peak = max(first.rss_mb, results.get(f"{label}, {size:,} rows, again (cached)", first).rss_mb)
            memory = Row(f"  peak memory, {label}, {size:,} rows", f"{peak:.0f} MB", "(no duckdb)", "-", "-", "info")
            if ref is not None:
                memory.reference, memory.ratio = f"{ref.rss_mb:.0f} MB duckdb", f"{peak / ref.rss_mb:.2f}x"
                if judged:
                    memory.limit = f"<= {MEMORY_LIMIT:.2f}x"
                    memory.verdict = "PASS" if peak <= MEMORY_LIMIT * ref.rss_mb else "FAIL"
            rows.append(memory)
            rows.append(
                Row(
                    f"  cpu time, {label}, {size:,} rows",
                    f"{first.cpu:.2f}s",
                    f"{ref.cpu:.2f}s duckdb" if ref else "(no duckdb)",
                    "-",
                    "-",
                    "info",
                )
            )
    for (small, a), (big, b) in pairwise(timed):
        growth = b.seconds / a.seconds
        limit = big / small
        rows.append(
            Row(
                f"growth {small:,} -> {big:,} rows (totals, first query)",
                f"{growth:.1f}x",
                f"{limit:.0f}x the rows",
                "-",
                f"<= {limit:.0f}x",
                "PASS" if growth <= limit else "FAIL",
            )
        )
    return rows


def print_table(rows: list[Row]) -> None:
    """The rows as aligned columns under a header."""
    table = [astuple(Row("target", "median", "reference", "ratio", "limit", "result")), *map(astuple, rows)]
    widths = [max(len(cells[i]) for cells in table) for i in range(len(table[0]))]
    table.insert(1, tuple("-" * w for w in widths))
    for cells in table:
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="timed runs per command (default 5, 3 with --quick)")
    parser.add_argument(
        "--sizes",
        help="rows of the generated files, comma-separated (default 10000,100000,1000000; 10000,100000 with --quick)",
    )
    parser.add_argument("--quick", action="store_true", help="3 runs, sizes 10000 and 100000")
    parser.add_argument(
        "--before",
        metavar="AIDCLI",
        help="an earlier aidcli executable (another checkout's "
        ".venv/bin/aidcli): every aidcli figure is also timed with it, in turn, and set against it",
    )
    args = parser.parse_args()
    runs = args.runs if args.runs is not None else 3 if args.quick else 5
    spec = args.sizes or ("10000,100000" if args.quick else "10000,100000,1000000")
    try:
        sizes = sorted({int(s) for s in spec.split(",")})
    except ValueError:
        parser.error(f"--sizes: not a comma-separated list of numbers: {spec!r}")
    if runs < 1 or sizes[0] < 1:
        parser.error("--runs and --sizes must be positive")

    aidcli = find_aidcli()
    python = str(aidcli.parent / "python")
    before = str(Path(args.before).absolute()) if args.before else None
    if before is not None and not os.access(before, os.X_OK):
        parser.error(f"--before: not an executable: {args.before}")
    print(
        "Timed: aidcli compiled, as a wheel or `uv tool install --compile-bytecode` runs it; bench.py "
        "compiled each aidcli's own modules first (compileall, with that aidcli's python)"
    )
    print(f"aidcli: {aidcli}: {compile_aidcli(python)}")
    if before is not None:
        print(f"before: {before}: {compile_aidcli(str(Path(before).parent / 'python'))}")
    arrow = subprocess.run([python, "-c", "import pyarrow"], capture_output=True).returncode == 0
    print(
        f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}; runs: {runs}, sizes: "
        f"{', '.join(map(str, sizes))}; pyarrow installed: {arrow} (pandas imports it on every start when it is)\n",
        flush=True,
    )
    rows = startup_rows(str(aidcli), python, runs, before)
    rows += query_rows(str(aidcli), python, runs, before)
    rows += uv_run_rows(str(aidcli), runs)
    with tempfile.TemporaryDirectory() as cache:
        rows += scale_rows(str(aidcli), python, sizes, runs, Path(cache), before)
    print()
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
