"""Write src/aidcli/query/cldr_zh.csv, the Chinese names of the countries aidcli resolves typed names
against (意大利, 西班牙, 義大利...), from CLDR through babel (a development dependency). Run it when
babel is upgraded; a test checks the file is what this script writes from the babel installed.

    uv run python scripts/cldr_zh.py

Names come from the Unicode CLDR, not typed by hand: territory names of Simplified Chinese (zh),
Traditional Chinese (zh_Hant, as in Taiwan) and Hong Kong's (zh_Hant_HK), keyed by ISO 3166
alpha-2 and joined to alpha-3 through src/aidcli/query/iso3166.csv; CLDR's regions and groups that are
not ISO 3166 countries (001, 150, EU, UN...) are left out. A CSV read with the csv module, only
for a typed name that is not ASCII: babel is never imported at run time.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "aidcli" / "query"
OUT = SRC / "cldr_zh.csv"
LOCALES = ("zh", "zh_Hant", "zh_Hant_HK")


def table() -> str:
    """The CSV text: alpha_3, alpha_2, the Simplified Chinese name, and the keys a typed name is
    matched against: each locale's name in aidcli's case-, accent- and punctuation-blind form
    (names.norm: '刚果（布）' -> '刚果 布'), separated by '|'. A key two countries share is refused."""
    import babel

    from aidcli.query.names import norm

    with (SRC / "iso3166.csv").open(encoding="utf-8", newline="") as fh:
        alpha_3 = {row["alpha_2"]: row["alpha_3"] for row in csv.DictReader(fh)}
    names = [babel.Locale.parse(locale).territories for locale in LOCALES]
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["alpha_3", "alpha_2", "zh", "keys"])
    owner: dict[str, str] = {}
    for a2, a3 in sorted(alpha_3.items(), key=lambda kv: kv[1]):
        keys = dict.fromkeys(norm(n[a2]) for n in names if a2 in n)
        for key in keys:
            if owner.setdefault(key, a3) != a3:
                raise SystemExit(f"CLDR gives {key!r} to both {owner[key]} and {a3}")
        if keys:
            out.writerow([a3, a2, names[0].get(a2, ""), "|".join(keys)])
    return buf.getvalue()


if __name__ == "__main__":
    OUT.write_text(table(), encoding="utf-8")
    sys.stderr.write(f"wrote {OUT}\n")
