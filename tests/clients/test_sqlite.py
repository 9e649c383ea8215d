"""`aidcli export -o aid.db`: a SQLite database as sqlite3 and datasette read it, through the
installed command: donations with `counted` (a plain sum is aidcli's totals), donors and sources
by foreign key, a full-text index on quotes and notes, views of the counted totals, and datasette's
metadata.json beside it (title, licence, the source articles, every column described)."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest
from conftest import run_installed


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("db")
    r = run_installed("export", "-o", str(folder / "aid.db"))
    assert r.returncode == 0, r.stderr
    assert "aid.metadata.json" in r.stderr and "datasette" in r.stderr
    return folder / "aid.db", folder / "aid.metadata.json"


@pytest.fixture
def con(exported):
    con = sqlite3.connect(exported[0])
    yield con
    con.close()


def test_the_counted_sum_is_aidcli_totals(con):
    totals = json.loads(run_installed("totals", "-f", "json").stdout)
    want = {(t["item"], t["unit"], t["status"]): t["quantity"] for t in totals if t["quantity"] is not None}
    got = {
        (i, u, s): q
        for i, u, s, q in con.execute(
            "select item, unit, status, sum(quantity) from donations where counted and kind = 'donation' "
            "and flow = 'from-china' and quantity is not null group by item, unit, status"
        )
    }
    assert got == pytest.approx(want) and len(want) > 10
    view = {
        (i, u, s): q
        for i, u, s, q in con.execute(
            "select item, unit, status, quantity from counted_totals where kind = 'donation' and flow = 'from-china'"
        )
    }
    assert view == got


def test_every_row_of_the_export_with_its_types(con):
    rows = json.loads(run_installed("export", "-f", "json").stdout)
    assert con.execute("select count(*) from donations").fetchone()[0] == len(rows)
    assert con.execute(
        "select typeof(quantity), typeof(counted) from donations where quantity is not null"
    ).fetchone() == ("integer", "integer")  # NUMERIC: whole numbers stay whole
    assert con.execute("select count(*) from donations where counted").fetchone()[0] == sum(r["counted"] for r in rows)


def test_donors_and_sources_by_foreign_key(con):
    fks = {(t, row[3], row[2]) for t in ("donations", "donors") for row in con.execute(f"pragma foreign_key_list({t})")}
    assert {("donations", "donor", "donors"), ("donations", "source", "sources"), ("donors", "parent", "donors")} <= fks
    assert con.execute("pragma foreign_key_check").fetchall() == []
    assert con.execute("select count(*) from sources").fetchone()[0] == 2
    joined = con.execute("select s.author from donations d join sources s using (source) where d.record_id = 'R0028'")
    assert joined.fetchone()[0] == "Tom Alton"


def test_full_text_search_on_quotes_and_notes(con):
    hits = {
        r
        for (r,) in con.execute(
            "select d.record_id from donations_fts f join donations d on d.rowid = f.rowid "
            "where donations_fts match 'ventilators'"
        )
    }
    assert hits and all(r.startswith("R") for r in hits)
    assert (
        con.execute(
            "select count(*) from donations_fts where donations_fts match 'notes:hedges OR notes:may'"
        ).fetchone()[0]
        >= 1
    )


def test_the_metadata_describes_every_column(exported):
    meta = json.loads(exported[1].read_text(encoding="utf-8"))
    package = json.loads((__import__("conftest").DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["title"] == package["title"] and meta["license"] == "Creative Commons Attribution 4.0"
    assert meta["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "Tom Alton" in meta["source"] and "Hiddai Segev" in meta["source"]
    tables = meta["databases"]["aid"]["tables"]
    for resource in package["resources"]:
        columns = tables[resource["name"]]["columns"]
        assert set(columns) == {f["name"] for f in resource["schema"]["fields"]}
        assert all(columns.values())
    assert "counted" in tables["donations"]["description"]


def test_an_existing_metadata_file_is_not_overwritten_without_force(tmp_path):
    (tmp_path / "aid.metadata.json").write_text("{}", encoding="utf-8")
    r = run_installed("export", "-o", str(tmp_path / "aid.db"))
    assert r.returncode == 2 and "--force" in r.stderr and not (tmp_path / "aid.db").exists()
    assert run_installed("export", "-o", str(tmp_path / "aid.db"), "--force").returncode == 0
    assert json.loads((tmp_path / "aid.metadata.json").read_text(encoding="utf-8"))["databases"]


def test_datasette_serves_it_with_licence_and_sources(exported):
    from datasette.app import Datasette

    db, meta = exported

    async def pages():
        app = Datasette([str(db)], metadata=json.loads(meta.read_text(encoding="utf-8")))
        query = await app.client.get(
            "/aid",
            params={"sql": "select item, unit, sum(quantity) as q from donations where counted group by item, unit"},
        )
        search = await app.client.get("/aid/donations.json", params={"_search": "ventilators", "_shape": "objects"})
        table = await app.client.get("/aid/donations")
        return query, search, table

    query, search, table = asyncio.run(pages())
    assert query.status_code == 200
    for page in (query.text, table.text):
        assert "Creative Commons Attribution 4.0" in page
        assert "Tom Alton" in page and "Hiddai Segev" in page
    assert "masks" in query.text
    assert search.status_code == 200 and search.json()["rows"]
    assert "a plain sum counts only rows with counted" in table.text.lower()


def test_the_full_text_index_is_the_one_sqlite_utils_makes_and_finds(exported, tmp_path):
    """The index is written as sqlite-utils' enable_fts writes it, so sqlite-utils finds and
    searches it (its Python API, no metadata)."""
    import sqlite_utils

    db = sqlite_utils.Database(exported[0])
    assert db["donations"].detect_fts() == "donations_fts"
    hits = list(db["donations"].search("ventilators", columns=["record_id"]))
    assert hits and all(h["record_id"].startswith("R") for h in hits)
    mine = sqlite_utils.Database(tmp_path / "mine.db")
    mine["donations"].insert_all(db["donations"].rows_where(limit=3))
    mine["donations"].enable_fts(["quote", "notes"], fts_version="FTS5")
    assert db["donations_fts"].schema == mine["donations_fts"].schema


def test_datasette_searches_it_without_the_metadata_file(exported):
    """datasette alone finds the index: a search box on the table and `?_search=` answered."""
    from datasette.app import Datasette

    async def pages():
        app = Datasette([str(exported[0])])
        search = await app.client.get("/aid/donations.json", params={"_search": "ventilators", "_shape": "objects"})
        everything = await app.client.get("/aid/donations.json", params={"_shape": "objects", "_size": "max"})
        return search, everything, await app.client.get("/aid/donations")

    search, everything, table = asyncio.run(pages())
    found = search.json()["rows"]
    assert search.status_code == 200 and 0 < len(found) < len(everything.json()["rows"])
    assert all("ventilator" in (r["quote"] + (r["notes"] or "")).lower() for r in found)
    assert 'name="_search"' in table.text


def test_rows_have_their_keys_not_row_numbers(exported, con):
    """Every table's primary key is the package's, so datasette's row URLs name the row."""
    from datasette.app import Datasette
    from datasette.utils import tilde_encode

    package = json.loads((__import__("conftest").DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        info = con.execute(f"pragma table_info({resource['name']})").fetchall()
        key = [name for _, name, *_, pk in sorted(info, key=lambda c: c[-1]) if pk]
        assert key == resource["schema"]["primaryKey"], resource["name"]

    async def row():
        app = Datasette([str(exported[0])])
        table = await app.client.get("/aid/donations.json", params={"record_id": "R0028", "_shape": "objects"})
        key = ",".join(tilde_encode(part) for part in ("R0028", "shared: Spain, Italy", "masks"))
        return table.json(), await app.client.get(f"/aid/donations/{key}.json", params={"_shape": "objects"})

    table, page = asyncio.run(row())
    assert table["primary_keys"] == ["record_id", "recipient", "item"]
    assert page.status_code == 200 and page.json()["rows"][0]["quantity"] == 1800000


def test_the_readme_queries_sqlite_through_the_typed_database():
    """`where counted` is true only in the database export writes: every sqlite3 recipe of the
    README and docs opens a .db (a CSV loaded with .import holds the text 'true'), and the docs say so."""
    from conftest import ROOT

    texts = [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
    calls = [line for path in texts for line in path.read_text(encoding="utf-8").splitlines() if "sqlite3 " in line]
    opened = [line.split("sqlite3 ", 1)[1].split()[0] for line in calls if not line.lstrip().startswith(("#", "-"))]
    assert opened and all(name.endswith(".db") for name in opened if not name.startswith(("'", "`", ".")))
    assert ".import" in (ROOT / "docs" / "output.md").read_text(encoding="utf-8")


def test_a_csv_loaded_with_import_holds_counted_as_text(tmp_path):
    """Why the recipes open the database: sqlite3's .import of the exported CSV reads `counted` as
    text, so `where counted` matches nothing there."""
    import shutil
    import subprocess

    if shutil.which("sqlite3") is None:
        pytest.skip("sqlite3 is not installed")
    csv_path = tmp_path / "aid.csv"
    assert run_installed("export", "-o", str(csv_path)).returncode == 0
    query = "select count(*) from d where counted; select count(*) from d where counted = 'true';"
    out = subprocess.run(
        ["sqlite3", str(tmp_path / "t.db"), "-cmd", f".import --csv {csv_path} d", query],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out[0] == "0" and int(out[1]) > 0
