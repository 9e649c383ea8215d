"""Time whole aidcli processes against floors measured in the same run, and report PASS/FAIL.

    uv run --group bench python benchmarks/bench.py [--runs 5] [--sizes 10000,100000,1000000] [--quick]

Every command runs in a fresh process, once to warm up and then --runs times, the commands
of a group taken in turn so that drift hits floor and targets alike; the median is reported.
Peak memory is the child's own ru_maxrss from os.wait4. Generated files are cached in
benchmarks/out/. The report always exits 0.
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
from dataclasses import astuple, dataclass, field
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
GENERATE = HERE / "generate.py"

START_LIMIT = 1.30  # vs floor A: python -c "import typer"
QUERY_LIMIT = 1.15  # vs floor B: python -c "import typer, rich.table, pandas"
SCALE_ROWS, SCALE_LIMIT, MEMORY_LIMIT_MB = 1_000_000, 2.0, 1536  # at 1M rows: <= 2x DuckDB, <= 1.5 GB
NUMBER_COLUMNS = ("quantity", "value_usd")


@dataclass
class Case:
    """One command line to time, and what its run must show to count as correct."""

    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    exit_code: int = 0
    stdout_line: str | None = None  # a line stdout must hold
    need_output: bool = False


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


def run_once(case: Case) -> Sample:
    """Run a case in a fresh process: wall time, CPU time and peak RSS of that process alone."""
    env = {k: v for k, v in os.environ.items() if k != "AIDCLI_DATA" and not k.startswith("_AIDCLI_")}
    env.update(case.env)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(case.argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
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
    elif case.need_output and not stdout.strip():
        problem = "empty stdout"
    return Sample(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, problem)


def measure(cases: list[Case], runs: int) -> dict[str, Result]:
    """Warm up each case once, then run all cases in turn `runs` times; medians by case name."""
    for case in cases:
        run_once(case)
    samples: dict[str, list[Sample]] = {case.name: [] for case in cases}
    for i in range(runs):
        for case in cases:
            samples[case.name].append(run_once(case))
        print(f"  run {i + 1}/{runs}: " + ", ".join(f"{c.name} {samples[c.name][-1].seconds:.3f}s" for c in cases),
              file=sys.stderr)
    return {
        case.name: Result(case, statistics.median(s.seconds for s in samples[case.name]),
                          statistics.median(s.cpu for s in samples[case.name]),
                          max(s.rss_mb for s in samples[case.name]),
                          next((s.problem for s in samples[case.name] if s.problem), None))
        for case in cases
    }


def versus(target: Result, floor: Result, limit: float) -> Row:
    """A table row for a target timed against its floor."""
    ratio = target.seconds / floor.seconds
    verdict = "PASS" if ratio <= limit else "FAIL"
    if target.problem or floor.problem:
        verdict = f"FAIL ({target.problem or 'floor: ' + str(floor.problem)})"
    return Row(target.case.name, f"{target.seconds:.3f}s", f"{floor.seconds:.3f}s {floor.case.name}",
               f"{ratio:.2f}x", f"<= {limit:.2f}x", verdict)


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


def duckdb_sql(path: Path) -> str:
    """The totals-by-recipient aggregation in DuckDB SQL, CSV to stdout."""
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    columns = ", ".join(f"'{c}': '{'DOUBLE' if c in NUMBER_COLUMNS else 'VARCHAR'}'" for c in header)
    source = str(path).replace("'", "''")
    return f"""
        COPY (
            SELECT recipient, item, unit, status, sum(quantity) AS quantity, sum(value_usd) AS value_usd,
                   count(DISTINCT record_id) AS records
            FROM read_csv('{source}', header = true, auto_detect = false, columns = {{{columns}}})
            WHERE kind = 'donation' AND flow = 'from-china' AND in_totals = 'true'
              AND status IN ('delivered', 'pledged') AND (quantity IS NOT NULL OR value_usd IS NOT NULL)
            GROUP BY recipient, item, unit, status
            ORDER BY recipient, item, unit, status
        ) TO '/dev/stdout' (HEADER, DELIMITER ',')"""


def has_duckdb(python: str) -> bool:
    """Whether the aidcli interpreter can import duckdb."""
    return subprocess.run([python, "-c", "import duckdb"], capture_output=True).returncode == 0


def startup_rows(aidcli: str, python: str, runs: int) -> list[Row]:
    """Help, version, a usage error and completion against floor A."""
    floor = Case("floor A: import typer", [python, "-c", "import typer"])
    completion = {"_AIDCLI_COMPLETE": "complete_bash", "COMP_WORDS": "aidcli by-country Sp", "COMP_CWORD": "2"}
    targets = [
        Case("aidcli --help", [aidcli, "--help"], need_output=True),
        Case("aidcli --version", [aidcli, "--version"], need_output=True),
        Case("usage error (exit 2)", [aidcli, "totals", "--by", "planet"], exit_code=2),
        Case("completion 'by-country Sp'", [aidcli], env=completion, stdout_line="Spain"),
    ]
    print("startup (floor A) ...", file=sys.stderr)
    results = measure([floor, *targets], runs)
    return [versus(results[t.name], results[floor.name], START_LIMIT) for t in targets]


def query_rows(aidcli: str, python: str, runs: int) -> list[Row]:
    """Two queries of the packaged dataset against floor B."""
    floor = Case("floor B: import typer, rich.table, pandas", [python, "-c", "import typer, rich.table, pandas"])
    targets = [
        Case("by-country Spain -f csv", [aidcli, "by-country", "Spain", "-f", "csv"], need_output=True),
        Case("totals --donor 'Jack Ma Foundation' -f csv",
             [aidcli, "totals", "--donor", "Jack Ma Foundation", "-f", "csv"], need_output=True),
    ]
    print("queries (floor B) ...", file=sys.stderr)
    results = measure([floor, *targets], runs)
    return [versus(results[t.name], results[floor.name], QUERY_LIMIT) for t in targets]


def scale_rows(aidcli: str, python: str, sizes: list[int], runs: int) -> list[Row]:
    """totals --by recipient on generated files against DuckDB, peak memory, and growth with size."""
    duckdb = has_duckdb(python)
    if not duckdb:
        print("duckdb is not importable by the aidcli interpreter: the DuckDB column is skipped "
              "(run with 'uv run --group bench python benchmarks/bench.py').", file=sys.stderr)
    rows = []
    timed: list[tuple[int, Result]] = []
    for size in sizes:
        path = dataset(size, python)
        mine = Case(f"totals --by recipient, {size:,} rows",
                    [aidcli, "totals", "--by", "recipient", "--data", str(path), "-f", "csv"], need_output=True)
        cases = [mine]
        if duckdb:
            script = "import sys, duckdb; duckdb.execute(sys.argv[1])"
            cases.append(Case(f"duckdb, {size:,} rows", [python, "-c", script, duckdb_sql(path)], need_output=True))
        print(f"scale {size:,} rows ...", file=sys.stderr)
        results = measure(cases, runs)
        ours = results[mine.name]
        timed.append((size, ours))
        ratio, reference, memory, cpu = "-", "(no duckdb)", "(no duckdb)", "(no duckdb)"
        if duckdb:
            ref = results[cases[1].name]
            ratio = f"{ours.seconds / ref.seconds:.1f}x" if not ref.problem else f"duckdb failed: {ref.problem}"
            reference = f"{ref.seconds:.3f}s duckdb"
            memory = f"{ref.rss_mb:.0f} MB duckdb"
            cpu = f"{ref.cpu:.2f}s duckdb"
        judged = size == SCALE_ROWS and duckdb and not results[cases[1].name].problem
        verdict = f"FAIL ({ours.problem})" if ours.problem else "info"
        limit = "-"
        if judged and not ours.problem:
            limit = f"<= {SCALE_LIMIT:.2f}x"
            verdict = "PASS" if ours.seconds <= SCALE_LIMIT * results[cases[1].name].seconds else "FAIL"
        rows.append(Row(mine.name, f"{ours.seconds:.3f}s", reference, ratio, limit, verdict))
        memory_verdict = "info"
        if size == SCALE_ROWS:
            memory_verdict = "PASS" if ours.rss_mb <= MEMORY_LIMIT_MB else "FAIL"
        rows.append(Row(f"  peak memory, {size:,} rows", f"{ours.rss_mb:.0f} MB", memory, "-",
                        f"<= {MEMORY_LIMIT_MB} MB" if size == SCALE_ROWS else "-", memory_verdict))
        rows.append(Row(f"  cpu time, {size:,} rows", f"{ours.cpu:.2f}s", cpu, "-", "-", "info"))
    for (small, a), (big, b) in pairwise(timed):
        growth = b.seconds / a.seconds
        limit = big / small
        rows.append(Row(f"growth {small:,} -> {big:,} rows", f"{growth:.1f}x", f"{limit:.0f}x the rows", "-",
                        f"<= {limit:.0f}x", "PASS" if growth <= limit else "FAIL"))
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
    parser.add_argument("--sizes", help="rows of the generated files, comma-separated "
                                        "(default 10000,100000,1000000; 10000,100000 with --quick)")
    parser.add_argument("--quick", action="store_true", help="3 runs, sizes 10000 and 100000")
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
    # An installed wheel has its bytecode compiled; an editable checkout under
    # PYTHONDONTWRITEBYTECODE=1 recompiles aidcli's own modules on every start (about 20 ms).
    # Compile them once, as pip and uv do on install, so the runs measure the tool, not the compiler.
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "src" / "aidcli")], check=False)
    print(f"aidcli: {aidcli}\npython: {python}\nruns: {runs}, sizes: {', '.join(map(str, sizes))}\n", file=sys.stderr)
    rows = startup_rows(str(aidcli), python, runs)
    rows += query_rows(str(aidcli), python, runs)
    rows += scale_rows(str(aidcli), python, sizes, runs)
    print()
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
