"""The wheel: built and installed outside the checkout (once a run, for every test here), it finds
its data, its articles and its ISO names, and installs the man page."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

from aidcli.loading import data


def _uv() -> str | None:
    return shutil.which("uv") or shutil.which("uv", path=str(Path(sys.executable).parent))


# Outside the checkout's environment; the throwaway venv may keep the bytecode its first run
# compiles (where PYTHONDONTWRITEBYTECODE is set, every run would compile pandas anew).
ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("VIRTUAL_ENV", "PYTHONPATH", "AIDCLI_DATA", "PYTHONDONTWRITEBYTECODE")
}


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A new virtual environment with the wheel built from the checkout installed in it."""
    where = tmp_path_factory.mktemp("wheel")
    dist, venv = where / "dist", where / "venv"
    uv = _uv()
    if uv:
        subprocess.run([uv, "build", "--wheel", "-o", str(dist), str(ROOT)], check=True, capture_output=True, env=ENV)
        subprocess.run([uv, "venv", "-q", "-p", sys.executable, str(venv)], check=True, capture_output=True, env=ENV)
        wheel = next(dist.glob("aidcli-*.whl"))
        subprocess.run(
            [uv, "pip", "install", "-q", "-p", str(venv / "bin" / "python"), str(wheel)],
            check=True,
            capture_output=True,
            env=ENV,
        )
    else:
        subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "-o", str(dist), str(ROOT)],
            check=True,
            capture_output=True,
            env=ENV,
        )
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=ENV)
        wheel = next(dist.glob("aidcli-*.whl"))
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True, env=ENV)
    return venv


def test_the_wheel_installs_the_man_page(venv):
    """Where man finds it beside the installed command: <prefix>/share/man/man1."""
    settings = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"man/aidcli.1" = "share/man/man1/aidcli.1"' in settings
    assert (venv / "share" / "man" / "man1" / "aidcli.1").read_bytes() == (ROOT / "man" / "aidcli.1").read_bytes()


def test_a_wheel_installed_outside_the_checkout_loads_the_data(venv, tmp_path):
    probe = (
        "import sys; from aidcli.loading import data; from aidcli.model import schema; "
        "from aidcli.cli import main; ds = data.load(); print(schema.default_package()); "
        "print(len(ds.donations)); main(['by-country', 'Spain', '-f', 'csv']); "
        "print('pyarrow' in sys.modules, 'polars' in sys.modules)"
    )
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe], cwd=tmp_path, check=True, capture_output=True, text=True, env=ENV
    ).stdout.split()
    assert str(venv) in out[0] and "_data" in out[0]
    assert int(out[1]) == len(data.load().donations)
    assert out[-2:] == ["False", "False"]  # a default install: pandas does not pull pyarrow in on every start
    spain = subprocess.run(
        [str(venv / "bin" / "aidcli"), "by-country", "Spain"], cwd=tmp_path, capture_output=True, text=True, env=ENV
    )
    assert spain.returncode == 0 and "R0028" in spain.stdout
    # ISO 3166 names come with the wheel (iso3166.csv), not from pycountry, which it does not install
    belarus = subprocess.run(
        [str(venv / "bin" / "aidcli"), "list", "-c", "BLR"], cwd=tmp_path, capture_output=True, text=True, env=ENV
    )
    assert belarus.returncode == 0 and "Belarus is in no record of this dataset" in belarus.stderr
    seeds = venv.glob("lib/python*/site-packages/aidcli/_data/seeds/*.txt")
    assert sorted(p.name for p in seeds) == sorted(p.name for p in SEEDS.glob("*.txt"))  # every article's


def test_aidcli_man_gives_the_page_an_installed_wheel_carries(venv, tmp_path):
    """`uv tool install` links no man page: `aidcli --man` writes the page the wheel carries, and
    saved where man looks (share/man/man1, as docs/install.md says) `man aidcli` shows it."""
    r = subprocess.run([str(venv / "bin" / "aidcli"), "--man"], cwd=tmp_path, capture_output=True, env=ENV)
    assert r.returncode == 0 and r.stdout == (ROOT / "man" / "aidcli.1").read_bytes(), r.stderr
    if not shutil.which("man"):
        pytest.skip("man is not installed")
    folder = tmp_path / "share" / "man" / "man1"
    folder.mkdir(parents=True)
    (folder / "aidcli.1").write_bytes(r.stdout)
    shown = subprocess.run(
        ["man", "-P", "cat", "aidcli"],
        capture_output=True,
        text=True,
        env={**ENV, "MANPATH": str(tmp_path / "share" / "man"), "MANWIDTH": "80"},
    )
    assert shown.returncode == 0 and "AIDCLI(1)" in shown.stdout and "--data" in shown.stdout, shown.stderr
    assert "~/.local/share/man/man1" in (ROOT / "docs" / "install.md").read_text(encoding="utf-8")


def test_the_installed_package_says_it_is_typed(venv):
    """PEP 561: py.typed beside the modules, so a user's type checker reads the API's hints."""
    site = next((venv / "lib").glob("python3*/site-packages"))
    assert (site / "aidcli" / "py.typed").is_file()
