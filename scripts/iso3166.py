"""Write src/aidcli/query/iso3166.csv, the ISO 3166 country names aidcli resolves typed names against,
from pycountry (a development dependency). Run it when pycountry is upgraded; a test checks the
file is what this script writes from the pycountry installed.

    uv run python scripts/iso3166.py

A CSV read with the csv module, not pycountry itself: pycountry's import and database take about
40 ms, most of the time of a usage error for a misspelt country.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "aidcli" / "query" / "iso3166.csv"


def table() -> str:
    """The CSV text: alpha_3, alpha_2, the name to show (common name, else name), and the keys
    a typed name is matched against: every name ISO 3166 gives the country (common, official,
    name) in aidcli's case-, accent- and punctuation-blind form (names.norm), separated by '|'."""
    import pycountry

    from aidcli.query.names import norm

    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["alpha_3", "alpha_2", "name", "keys"])
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        names = [getattr(c, "common_name", None), getattr(c, "official_name", None), c.name]
        keys = dict.fromkeys(norm(n) for n in names if n)
        out.writerow([c.alpha_3, c.alpha_2, names[0] or c.name, "|".join(keys)])
    return buf.getvalue()


if __name__ == "__main__":
    OUT.write_text(table(), encoding="utf-8")
    sys.stderr.write(f"wrote {OUT}\n")
