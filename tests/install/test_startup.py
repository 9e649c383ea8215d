"""What a start imports, and so how fast it is: a packaged query never imports polars, help and
usage errors never import pandas, the library never imports Typer or Rich, and uv is not told
to recompile site-packages on every run."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest
from conftest import ROOT

LIGHT = [  # help and usage errors: answered before pandas, numpy, pycountry or rich is imported
    ["--help"],
    ["--version"],
    ["totals", "--by", "planet"],
    ["list", "-f", "xml"],
    ["filter", "colour = red"],
    ["list", "--since", "yesterday"],
    ["list", "--limit", "0"],
    ["list", "--region", "Mars"],
    ["by-country", ""],
    ["compare", "Italy"],
    ["list", "--hxl", "-f", "json"],
    ["by-country", "Spian"],
    ["totals", "--donor", "Huawai"],
    ["totals", "--item", "PPE"],
    ["compare", "Italy", "and"],
    ["by-country", "Europe"],
    ["compare", "Huawei", "Jack Ma Foundation"],
    ["by-donor", "Nobody Inc"],
    ["list", "-c", "Spain,Atlantis"],
    ["list", "--flow", "sideways"],
    ["by-country", "Frnace"],
    ["compare", "Spain", "Belgum"],
    ["map", "--help"],
    ["map", "-o", "map.txt"],
    ["map", "--item", "PPE"],
]
LIGHT_AFTER = [["list", "--help", "-q"], ["list", "--nope", "-q"], ["--help"]]  # global options after the command
PACKAGED = [  # packaged queries: pandas, never polars
    ["by-country", "Spain"],
    ["totals", "--donor", "Jack Ma Foundation"],
    ["list", "-c", "Spain"],
    ["by-country", "Spain", "-f", "csv"],
    ["list", "-c", "Spain", "-f", "csv"],
]
MODULES = ("pandas", "numpy", "pycountry", "rich", "polars")


def _imports_of(runs: list[list[str]]) -> dict[tuple[str, ...], dict]:
    """Run each command line through aidcli's entry point in one fresh interpreter, one after the
    other: for each, its exit code and the modules of MODULES it imported first (a fresh process
    each would cost a Python start each, and a module an earlier run imported is a failure there)."""
    probe = (
        "import contextlib, io, json, sys\nfrom aidcli.cli import main\n"
        f"watched = {MODULES!r}\n"
        "for args in json.loads(sys.argv[1]):\n"
        "    before = {m for m in watched if m in sys.modules}\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "        code = main(args)\n"
        "    new = sorted({m for m in watched if m in sys.modules} - before)\n"
        "    print(json.dumps({'args': args, 'code': code, 'imported': new}))\n"
    )
    r = subprocess.run([sys.executable, "-c", probe, json.dumps(runs)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return {tuple(line["args"]): line for line in map(json.loads, r.stdout.splitlines())}


@pytest.fixture(scope="module")
def imports() -> dict[tuple[str, ...], dict]:
    return _imports_of(LIGHT + LIGHT_AFTER)


@pytest.mark.parametrize("args", LIGHT)
def test_help_and_usage_errors_do_not_import_pandas(imports, args):
    got = imports[tuple(args)]
    assert got["imported"] == [], got
    assert got["code"] in (0, 2), got


def test_help_and_usage_errors_stay_light_with_global_options_after(imports):
    for args in LIGHT_AFTER:
        assert "pandas" not in imports[tuple(args)]["imported"], imports[tuple(args)]


def test_importing_and_asking_imports_neither_typer_nor_rich():
    probe = (
        "import sys, aidcli\nassert 'pandas' not in sys.modules\n"
        "aidcli.totals(country='Spain'); aidcli.country('Italy'); aidcli.records('R0028'); aidcli.cite('R0028')\n"
        "print(sorted(m for m in ('typer', 'rich', 'click') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_library_leaves_the_cyclic_collector_on_and_the_console_script_turns_it_off():
    """The console script disables the cyclic GC for its one short run (a faster start); a
    library user's process keeps it, whatever they ask."""
    probe = (
        "import gc, sys, aidcli\n"
        "aidcli.totals(country='Spain'); aidcli.rows(item='masks')\n"
        "library = gc.isenabled()\n"
        "sys.argv = ['aidcli', 'by-country', 'Spain', '-f', 'csv']\n"
        "try:\n    aidcli.run()\n"
        "except SystemExit:\n    pass\n"
        "sys.stderr.write(f'library={library} script={gc.isenabled()}\\n')"
    )
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert "library=True script=False" in r.stderr, r.stderr


@pytest.fixture(scope="module")
def packaged_imports() -> dict[tuple[str, ...], dict]:
    return _imports_of(PACKAGED)


@pytest.mark.parametrize("args", PACKAGED)
def test_a_packaged_query_never_imports_polars(packaged_imports, args):
    got = packaged_imports[tuple(args)]
    assert got["code"] == 0 and "polars" not in got["imported"], got
    assert "pandas" in got["imported"] or args != PACKAGED[0], got  # the first run is the one that loads pandas


def test_uv_is_not_told_to_recompile_site_packages_on_every_run():
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert not settings["tool"]["uv"].get("compile-bytecode", False)
    assert not any(d.startswith("pyarrow") for d in settings["project"]["dependencies"])
    # nor in the default environment of `uv run aidcli ...`: pandas would import it on every start
    default = [d for g in settings["tool"]["uv"]["default-groups"] for d in settings["dependency-groups"][g]]
    assert not any(isinstance(d, str) and d.startswith("pyarrow") for d in default)
