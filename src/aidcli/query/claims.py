"""The donor's own figures (claims) as they stood at a date, how each line changed, and the
cross-check of the articles' figures against them. A claim is the donor's word: it is shown with
its version's date, never added to the articles' records, never summed, never summed across
versions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from aidcli.loading import claims as loading
from aidcli.model.errors import UsageError
from aidcli.model.result import Result, Section

if TYPE_CHECKING:
    from aidcli.query.session import Session

FILTERS = ("country", "region", "item", "donor")  # what a line of the donor's table has
KEY = ["source_kind", "recipient", "entry"]  # one line of the table (or one figure of a post) across versions
SHOWN = ["claim_id", "as_of", "line", "recipient", "shared", "goods", "item", "quantity", "unit", "progress", "party"]
AS_OF = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?)?")
WORD = "The donor's word (its own site), not the articles' and not a verification; never in a total"


def as_of_bound(text: str | None) -> str | None:
    """--as-of as the donor's local time it reaches: YYYY-MM-DD (the whole day) or YYYY-MM-DDTHH:MM."""
    if text is None:
        return None
    if not AS_OF.fullmatch(text.strip()):
        raise UsageError(
            f"--as-of {text!r}: give a date as YYYY-MM-DD or a time as YYYY-MM-DDTHH:MM (the donor's +08:00)"
        )
    return text.strip()


def check_filters(raw: dict[str, list[str]]) -> None:
    """Refuse a filter the donor's table cannot answer (it has no kind, status, source...)."""
    given = sorted(name for name, values in raw.items() if values and name not in FILTERS)
    if given:
        flags = ", ".join("--" + name.replace("_", "-") for name in given)
        raise UsageError(f"the donor's claims have no {flags}: filter them by --country, --region, --item or --donor")


def selected(session: Session, frame: pd.DataFrame, but: str = "") -> pd.DataFrame:
    """The claims that pass the filters (all `but` one). A country keeps its own lines, the lines
    that name it among others, and the region's shared lines that name no country ('Europe' for Italy)."""
    from aidcli.query import filters

    check_filters(session.raw)
    r = session.resolved
    keep = pd.Series(True, index=frame.index)
    for f in filters.FILTERS:
        values = r.get(f.name)
        passed = f.kind.mask(frame, values) if values and f.name not in ("country", but) else None
        if passed is not None:
            keep &= passed
    if r.places:
        regions = _regions(session, [p.label for p in r.places])
        members = frame["members"].str.split("; ")
        own = pd.Series(False, index=frame.index)
        for p in r.places:
            own |= (frame["recipient"] == p.label) | members.map(lambda m, label=p.label: label in m)
            if p.iso3:
                own |= frame["recipient_iso3"] == p.iso3
        region_lines = (frame["shared"] == "true") & (frame["members"] == "") & frame["region"].isin(regions)
        keep &= own | region_lines
    return frame[keep.to_numpy(bool)]


def _regions(session: Session, labels: list[str]) -> set[str]:
    """The regions of the places (from the data's rows)."""
    rows = session.dataset.donations
    return set(rows.loc[rows["recipient"].isin(labels), "region"].dropna().astype(str))


def before(frame: pd.DataFrame, bound: str | None) -> pd.DataFrame:
    """The claims of versions at or before the bound (the donor's local time)."""
    if bound is None:
        return frame
    return frame[frame["as_of"].str.slice(0, len(bound)) <= bound]


def latest(frame: pd.DataFrame) -> pd.DataFrame:
    """Each line as the last version that lists it shows it (the frame is in order of time)."""
    return frame.groupby(KEY, sort=False).tail(1).sort_values(["recipient", "source_kind", "entry"], kind="stable")


def changes(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Each line's first version and every version that changed it; and how many repeated it."""
    if frame.empty:  # a date before the first version
        return frame, 0
    said = frame[["line", "goods", "quantity", "progress", "party"]].astype(str).agg("|".join, axis=1)
    changed = said != said.groupby([frame[k] for k in KEY], sort=False).shift(1)
    shown = frame[changed.to_numpy(bool)].sort_values(["recipient", "source_kind", "entry", "as_of"], kind="stable")
    return shown, int((~changed).sum())


def claims(session: Session, as_of: str | None, history: bool) -> Result:
    """The donor's figures as they stood at a date (default: each line's last version), or with
    `history` how each line changed version by version."""
    bound = as_of_bound(as_of)
    frame = before(selected(session, loading.load(session.data)), bound)
    when = f"on or before {bound}" if bound else "any"
    if history:
        shown, repeated = changes(frame)
        caption = (
            f"How each line of the donor's table changed: its first version and every version that changed "
            f"it ({repeated} versions that repeated a line left out); as_of is the version's commit time. {WORD}."
        )
        title = "The donor's claims, version by version"
    else:
        shown = latest(frame)
        caption = (
            f"The donor's own figures, each line as the last version ({when}) that lists it shows it, with "
            f"that version's date (as_of). {WORD}, and never summed across versions."
        )
        title = "The donor's claims"
    table = shown[[*SHOWN, "url"]].reset_index(drop=True)
    return Result([Section("claims", title, table, caption)], notes=list(session.resolved.notes))


# ---------- one line in other views ----------


def mention(recipient: str, package: Path | None = None) -> list[str]:
    """One line that says what the donor's table claims for a country (each line's last version),
    or none: for by-country and show, read with the csv module, without parsing every claim."""
    last: dict[tuple[str, str], dict[str, str]] = {}
    for row in loading.for_recipient(recipient, package):
        last[(row["source_kind"], row["entry"])] = row  # in order of time: the last version wins
    if not last:
        return []
    by_date: dict[str, list[str]] = {}
    for row in last.values():
        what = f"{int(row['quantity']):,} {row['unit']} ({row['goods']})" + (
            f", {row['progress']}" if row["progress"] else ""
        )
        by_date.setdefault(row["as_of"][:10], []).append(what)
    said_ = " | ".join(f"as of {date}: {'; '.join(lines)}" for date, lines in by_date.items())
    return [
        f"{recipient}: the donor's own table (Jack Ma Foundation), {said_}. The donor's claim, not the "
        f"articles', in no sum here (aidcli claims -c {shell_word(recipient)})."
    ]


def mentions(rows: pd.DataFrame, package: Path | None = None) -> list[str]:
    """The one-line mentions of the donor's claims for the recipients of the donor's own records
    among `rows` (show): a record of the foundation's beside what the foundation said."""
    own = rows[rows["donor"].astype(str).str.contains("Jack Ma Foundation|Alibaba Foundation", regex=True)]
    return [line for name in dict.fromkeys(own["recipient"].astype(str)) for line in mention(name, package)]


def shell_word(text: str) -> str:
    """A name as one word of a command line."""
    return text if re.fullmatch(r"[\w.-]+", text) else f'"{text}"'


# ---------- citations ----------

CLAIM_ID = re.compile(r"[Cc]0*([0-9]{1,9})")
PAGE = "Donation of Medical Supplies for the Control and Prevention of COVID-19"
PAGE_URL = "www.jackmafoundation.org/program/covid-19/supplies"


def is_claim(text: str) -> bool:
    """Whether a typed id is a claim's ('C0608', 'c608')."""
    return CLAIM_ID.fullmatch(text.strip()) is not None


def citation_entry(text: str, package: Path | None = None) -> dict[str, str]:
    """What a citation of a claim needs: the donor's page, the version (its date, commit and URL)
    and the line as the donor wrote it; a UsageError for an unknown claim id."""
    frame = loading.load(package)
    m = CLAIM_ID.fullmatch(text.strip())
    wanted = f"C{int(m.group(1)):04d}" if m else text
    found = frame[frame["claim_id"] == wanted]
    if not len(found):
        raise UsageError(f"No claim '{text}'. ('aidcli claims' shows claim ids.)")
    c = found.iloc[0]
    kind = "post" if c["source_kind"] == "post" else "page"
    title = f"{PAGE}, {PAGE_URL}" if kind == "page" else f"news post of {c['published']}"
    line = f"{c['line']}: {c['goods']}, {c['quantity']:,} {c['unit']}" + (f", {c['progress']}" if c["progress"] else "")
    return {
        "source": f"jackmafoundation-{c['version'][:7]}",
        "title": f"{title} (version of {c['as_of']}, commit {c['version'][:7]})",
        "publisher": "Jack Ma Foundation",
        "published": c["published"] or c["as_of"][:10],
        "url": c["url"],
        "record_id": wanted,
        "quote": line + (f", {c['party']}" if c["party"] else ""),
    }


# ---------- the cross-check ----------

GENERAL = ("supplies", "equipment")  # item groups of a general statement ('supplies', 'an aid package')
CROSS = ["place", "item", "articles", "records", "donor_said", "claims", "as_of", "verdict"]


def _text(value: object) -> str:
    """A cell as text: empty for a missing value."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _number(value: object) -> float | None:
    """A cell as a number, None when missing."""
    return float(value) if isinstance(value, (int, float)) and value == value else None


def stated(a: pd.Series) -> str:
    """An article's figure with its qualifier, status and basis: 'about $508,000,000 (R0095)',
    '100,000 pieces pledged to each of 54 (R0060; aidcli's computed 5,400,000)'."""
    quantity, value, approx = _number(a["quantity"]), _number(a["value_usd"]), _text(a["approx"])
    if quantity is not None and _text(a["unit"]) != "USD":
        text = f"{quantity:,.0f} {_text(a['unit'])}".strip()
    elif value is not None:
        text = f"${value:,.0f}"
    else:
        text = "no number"
    text = f"{approx} {text}" if approx and text != "no number" else f"{text} ('{approx}')" if approx else text
    if _text(a["status"]) != "delivered":
        text += f" {_text(a['status'])}"
    basis = [str(a["record_id"])]
    if a["_each"] > 1:
        text += f" to each of {a['_each']}"
        if quantity is not None:
            basis.append(f"aidcli's computed {quantity * a['_each']:,.0f}")
    return f"{text} ({'; '.join(basis)})"


def said(claim: pd.Series, earlier: dict[str, list[str]]) -> str:
    """A claim as the donor said it: '1,000,000 pieces (Face Mask), Accepted, recepient: Korean Red
    Cross', with the goods earlier versions of the line named otherwise."""
    parts = [f"{claim['quantity']:,} {claim['unit']} ({claim['goods']})"]
    if claim["progress"]:
        parts.append(claim["progress"])
    if claim["party"]:
        parts.append(f"{claim['party_column'].lower()}: {claim['party']}")
    if earlier.get(claim["claim_id"]):
        parts.append(f"earlier versions: {', '.join(earlier[claim['claim_id']])}")
    return ", ".join(parts)


def _article_rows(session: Session) -> pd.DataFrame:
    """The articles' rows of the donor and of joint donations it is part of, from China, filtered
    by the place and item filters."""
    rows, _ = session.rows()
    donors = session.dataset.donors.astype(object)
    listed = {str(d): _text(m) for d, m in zip(donors["donor"], donors["members"], strict=True)}
    members = {CLAIMANT, *(m.strip() for m in listed.get(CLAIMANT, "").split(";") if m.strip())}
    members |= {d for d, m in listed.items() if members & {x.strip() for x in m.split(";")}}
    return rows[rows["donor"].astype(str).isin(members) & (rows["flow"].astype(str) == "from-china")]


CLAIMANT = "Jack Ma Foundation and Alibaba Foundation"  # the dataset's donor whose table the claims are


class Pairing:
    """The rows of the cross-check, and what the claims' lines were called in earlier versions."""

    def __init__(self, earlier: dict[str, list[str]]) -> None:
        self.earlier = earlier
        self.rows: list[dict[str, str]] = []

    def add(self, place: str, item: str, arts: pd.DataFrame, cl: pd.DataFrame, verdict: str) -> None:
        self.rows.append(
            {
                "place": place,
                "item": item,
                "articles": "; ".join(stated(a) for _, a in arts.iterrows()),
                "records": " ".join(dict.fromkeys(arts["record_id"].astype(str))),
                "donor_said": "; ".join(said(c, self.earlier) for _, c in cl.iterrows()),
                "claims": " ".join(cl["claim_id"]),
                "as_of": " ".join(dict.fromkeys(cl["as_of"])),
                "verdict": verdict,
            }
        )

    def pair(self, place: str, item: str, arts: pd.DataFrame, cl: pd.DataFrame) -> None:
        """The verdicts of one place and item group: each article figure against the donor's."""
        left = cl
        for label, a in arts.iterrows():
            one = arts.loc[[label]]
            number = _number(a["quantity"]) if _text(a["unit"]) != "USD" else None
            if not len(left):
                self.add(place, item, one, left, "only the articles")
            elif number is None or _text(a["unit"]) != "pieces":
                why = (
                    "different unit (the articles give US dollars; the donor pieces, no value)"
                    if _number(a["value_usd"]) is not None
                    else "the articles give no number"
                    if number is None
                    else f"different unit ({_text(a['unit'])} against pieces)"
                )
                self.add(place, item, one, left, f"not comparable: {why}")
                left = left.iloc[0:0]
            elif (left["quantity"] == number).any():
                same = left[left["quantity"] == number].iloc[[0]]
                self.add(place, item, one, same, "agrees")
                left = left.drop(same.index)
            elif len(left) == 1:
                gap = int(left["quantity"].iloc[0]) - int(number)
                more = f"{abs(gap):,} {'more' if gap > 0 else 'fewer'}"
                self.add(place, item, one, left, f"differs: the donor's figure is {more} than the articles'")
                left = left.iloc[0:0]
            else:
                self.add(place, item, one, left.iloc[0:0], "only the articles")
        for i in left.index:
            self.add(place, item, arts.iloc[0:0], left.loc[[i]], "only the donor: no article states it")


def _earlier(frame: pd.DataFrame, shown: pd.DataFrame) -> dict[str, list[str]]:
    """Per claim shown, the other names its line's goods had in earlier versions ('Detection Kit')."""
    out = {}
    for _, versions in frame.groupby(KEY, sort=False):
        last = versions.iloc[-1]
        if last["claim_id"] in set(shown["claim_id"]):
            others = [g for g in dict.fromkeys(versions["goods"]) if g != last["goods"]]
            if others:
                out[last["claim_id"]] = others
    return out


def crosscheck(session: Session, as_of: str | None) -> Result:
    """Per country (or shared line) and item group, the articles' stated figures beside the donor's
    (as of a version), and a verdict: agrees, differs, only the articles, only the donor, not comparable."""
    bound = as_of_bound(as_of)
    every_item = before(selected(session, loading.load(session.data), but="item"), bound)
    cl = latest(before(selected(session, loading.load(session.data)), bound))
    arts = _article_rows(session).copy()
    arts["_each"] = arts.groupby(["record_id", "item"], observed=True)["recipient"].transform("size")
    arts.loc[arts["allocation"].astype(str) != "each", "_each"] = 1
    single_art = arts[arts["allocation"].astype(str) == "single"]
    out = Pairing(_earlier(every_item, cl))  # a line's goods named otherwise, whatever --item
    single = cl[cl["shared"] == "false"]
    for place in dict.fromkeys([*single["recipient"], *single_art["recipient"].astype(str)]):
        mine = single_art[single_art["recipient"].astype(str) == place]
        theirs = single[single["recipient"] == place]
        for group in dict.fromkeys([*theirs["item_group"], *mine["item_group"].astype(str)]):
            a, c = mine[mine["item_group"].astype(str) == group], theirs[theirs["item_group"] == group]
            if len(a) and not len(c) and len(theirs) and group in GENERAL:
                out.add(
                    place,
                    group,
                    a,
                    theirs,
                    "not comparable: different item and unit (the donor lists goods in pieces, no value)",
                )
            else:
                out.pair(place, group, a, c)
    country = bool(session.resolved.places)
    for (line, region), lines in cl[cl["shared"] == "true"].groupby(["recipient", "region"], sort=False):
        regional = arts[(arts["region"].astype(str) == region) & (arts["allocation"].astype(str) != "single")]
        place = str(line)
        for items, c in lines.groupby("item_group", sort=False):
            group = str(items)
            a = regional[regional["item_group"].astype(str) == group].drop_duplicates("record_id")
            if country:
                out.add(place, group, a.iloc[0:0], c, "not comparable: a shared line against a country")
            elif len(a):
                out.add(
                    place,
                    group,
                    a,
                    c,
                    "not comparable: not the same kind of figure (the articles' is for each country, or for "
                    "other countries; the donor's one amount for the line)",
                )
            else:
                out.add(place, group, a, c, "only the donor: a shared line no article states")
    table = pd.DataFrame(out.rows, columns=CROSS)
    caption = (
        "The articles' stated figures beside the donor's own (each line as of its last version"
        f"{' on or before ' + bound if bound else ''}, its date in as_of). The donor's figures: {WORD.lower()}. "
        "A shared line (one amount for several countries) is compared only with one amount for the same countries."
    )
    return Result(
        [Section("crosscheck", "The articles and the donor", table, caption)], notes=list(session.resolved.notes)
    )
