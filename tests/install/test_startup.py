"""What a start imports, and so how fast it is: a packaged query never imports polars, help and
usage errors never import pandas, the library never imports Typer or Rich, and uv is not told
to recompile site-packages on every run."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest
from conftest import ROOT


def test_help_and_usage_errors_stay_light_with_global_options_after():
    probe = ("import sys\nfrom aidcli.cli import main\ncode = main(sys.argv[1:])\n"
             "sys.stderr.write(f'pandas={\"pandas\" in sys.modules} code={code}\\n')")
    for args in (["list", "--help", "-q"], ["list", "--nope", "-q"], ["--help"]):
        r = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60)
        assert "pandas=False" in r.stderr, (args, r.stderr)


@pytest.mark.parametrize("args", [
    ["--help"], ["--version"], ["totals", "--by", "planet"], ["list", "-f", "xml"], ["filter", "colour = red"],
    ["list", "--since", "yesterday"], ["list", "--limit", "0"], ["list", "--region", "Mars"],
    ["by-country", ""], ["compare", "Italy"], ["list", "--hxl", "-f", "json"],
    ["by-country", "Spian"], ["totals", "--donor", "Huawai"], ["totals", "--item", "PPE"], ["compare", "Italy", "and"],
    ["by-country", "Europe"], ["compare", "Huawei", "Jack Ma Foundation"], ["by-donor", "Nobody Inc"],
    ["list", "-c", "Spain,Atlantis"], ["list", "--flow", "sideways"], ["by-country", "Frnace"],
    ["compare", "Spain", "Belgum"],
])
def test_help_and_usage_errors_do_not_import_pandas(args):
    probe = ("import sys\nfrom aidcli.cli import main\ncode = main(sys.argv[1:])\n"
             "heavy = sorted({'pandas', 'numpy', 'pycountry', 'rich'} & set(sys.modules))\n"
             "sys.stderr.write(f'heavy={heavy} code={code}\\n')")
    r = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60)
    assert "heavy=[]" in r.stderr, r.stderr
    assert "code=0" in r.stderr or "code=2" in r.stderr


def test_importing_and_asking_imports_neither_typer_nor_rich():
    probe = ("import sys, aidcli\nassert 'pandas' not in sys.modules\n"
             "aidcli.totals(country='Spain'); aidcli.country('Italy'); aidcli.records('R0028'); aidcli.cite('R0028')\n"
             "print(sorted(m for m in ('typer', 'rich', 'click') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_no_library_module_imports_typer():
    for path in (ROOT / "src" / "aidcli").glob("*.py"):
        assert not re.search(r"^\s*(import typer|from typer)", path.read_text(encoding="utf-8"), re.M), path


def test_the_library_leaves_the_cyclic_collector_on_and_the_console_script_turns_it_off():
    """The console script disables the cyclic GC for its one short run (a faster start); a
    library user's process keeps it, whatever they ask."""
    probe = ("import gc, sys, aidcli\n"
             "aidcli.totals(country='Spain'); aidcli.rows(item='masks')\n"
             "library = gc.isenabled()\n"
             "sys.argv = ['aidcli', 'by-country', 'Spain', '-f', 'csv']\n"
             "try:\n    aidcli.run()\n"
             "except SystemExit:\n    pass\n"
             "sys.stderr.write(f'library={library} script={gc.isenabled()}\\n')")
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert "library=True script=False" in r.stderr, r.stderr


@pytest.mark.parametrize("args", [
    ["by-country", "Spain"], ["totals", "--donor", "Jack Ma Foundation"], ["list", "-c", "Spain"],
    ["by-country", "Spain", "-f", "csv"], ["list", "-c", "Spain", "-f", "csv"],
])
def test_a_packaged_query_never_imports_polars(args):
    probe = ("import sys\nfrom aidcli.cli import main\ncode = main(sys.argv[1:])\n"
             "sys.stderr.write(f'polars={\"polars\" in sys.modules} pandas={\"pandas\" in sys.modules} code={code}\\n')")
    r = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60)
    assert "polars=False pandas=True code=0" in r.stderr, r.stderr


def test_uv_is_not_told_to_recompile_site_packages_on_every_run():
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert not settings["tool"]["uv"].get("compile-bytecode", False)
    assert not any(d.startswith("pyarrow") for d in settings["project"]["dependencies"])
    # nor in the default environment of `uv run aidcli ...`: pandas would import it on every start
    default = [d for g in settings["tool"]["uv"]["default-groups"] for d in settings["dependency-groups"][g]]
    assert not any(isinstance(d, str) and d.startswith("pyarrow") for d in default)
