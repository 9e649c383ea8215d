"""Profiles: what a country received and sent, what a donor gave, each as a Result of titled sections."""

from __future__ import annotations

import numpy as np
import pandas as pd

from aidcli.model.columns import LIST_COLUMNS
from aidcli.model.result import Section
from aidcli.query import claims, counting, listings, names
from aidcli.query.kinds import place_mask
from aidcli.query.reports import (
    ROWS_RULE,
    Result,
    counted_rows,
    explained,
    partly_section,
    readable,
    said_by_article,
    stated_donors,
)
from aidcli.query.session import Session


def _records_section(rows: pd.DataFrame, all_rows: pd.DataFrame, title: str = "Records") -> Section:
    """A profile's records as every row view gives them (reports.readable)."""
    rows = readable(rows, all_rows)
    cols = [c for c in [*LIST_COLUMNS, "counted"] if c in rows.columns]
    extra = [c for c in rows.columns if c == "via"]
    frame = rows[extra + cols].reset_index(drop=True)
    return Section(
        "records",
        title,
        frame,
        f"{counted_rows(len(frame), frame['record_id'].nunique())}. {ROWS_RULE} "
        "'aidcli show ID' gives a record's quote.",
    )


def _sums(
    session: Session,
    rows: pd.DataFrame,
    left_out: dict[str, list[str]],
    by: list[str],
    key: str,
    title: str,
    explain: bool,
) -> tuple[Section, counting.Scope]:
    """A profile's sums: both directions (flow becomes a key where both occur), shared amounts once."""
    s = session.scope(rows, left_out, both_flows=True)
    table = counting.sums(s.rows, by, session.dataset.donations, explain)
    return Section(key, title, table, counting.caption(s, "recipient" in by, table)), s


RECORDS_ONLY = (
    "{}: the profile's records only; the whole profile (-f json, or a table) adds its sums, donors or "
    "recipients, the records that may report the same aid as another, and its umbrella statements."
)


def _conflict(session: Session, what: str) -> list[str]:
    """Why a profile is empty when a filter contradicts it (by-country Spain -c Italy)."""
    typed = [f"--{name.replace('_', '-')}" for name in ("country", "donor") if session.raw.get(name)]
    return [f"the profile of {what} is empty: {', '.join(typed)} selects other records"] if typed else []


# A received table names who gave each sum (a foundation's gift is not a government's); the donors
# table gives each donor's type (a key of its own would turn the table into records on a screen).
RECEIVED_BY = ["recipient", "donor"]
CHINA = "CHN"


def _flow_mask(rows: pd.DataFrame, flow: str) -> np.ndarray:
    return rows["flow"].eq(flow).fillna(False).to_numpy(bool)


def _may_overlap(rows: pd.DataFrame, all_rows: pd.DataFrame, title: str, links: dict[str, list[str]]) -> Section:
    """The profile's records in totals that may report the same aid as another record in totals
    (`links`, listings.may_overlap_links): both count, so a sum that holds both is a range."""
    mine = rows[rows["record_id"].isin(pd.Index(list(links))).to_numpy(bool)]
    frame = listings.may_overlap(counting.as_read(mine, all_rows), all_rows, links)
    if frame.empty:
        return Section(
            "may_overlap",
            title,
            frame,
            "No record of this profile may report the same aid as another record in totals "
            "(umbrella statements and flows surely reported twice are listed apart).",
        )
    n = len(frame)
    return Section(
        "may_overlap",
        title,
        frame,
        f"{n} record{'s' * (n != 1)} here count{'s' * (n == 1)} in totals and may report the same aid as "
        "the records in may_overlap (in this profile or not), which count in totals too: the articles do "
        "not say they are one, and the notes say 'may'. A sum that holds both shows a range (quantity_low "
        "to quantity); a sum that holds one names the other in its may_overlap.",
    )


def _donors(mine: pd.DataFrame, all_rows: pd.DataFrame, label: str, links: dict[str, list[str]]) -> Section:
    frame = listings.donors_of(mine, all_rows, links)
    caption = "Every donor of a record naming this recipient, in totals or not."
    stated = stated_donors(mine)
    if stated:
        caption += f" {len(frame)} donor{'s' * (len(frame) != 1)} here; {said_by_article(stated)}."
    said = listings.one_gift(mine, all_rows, links)
    if said:
        caption += " " + said
    if frame["may_overlap"].astype(bool).any():
        caption += " may_overlap names a donor's records that may report the same aid as another record."
    return Section("donors", f"{label}: donors", frame, caption)


def country(session: Session, place: names.Place, explain: bool = False, records_only: bool = False) -> Result:
    """What a place received from China (for China, what the world sent it), from whom; what it
    received from others, apart; its donors; what its donors sent; the records that may report the
    same aid as another; its umbrella statements; its records. China's profile is an overview: its
    records only with `records_only`."""
    notes = [] if place.in_data else [f"{place.label} is in no record of this dataset; the profile is empty."]
    notes += claims.mention(place.label, session.data)  # the donor's own figures: one line, never summed
    rows, left_out = session.rows()
    mine_mask = place_mask(rows, [place])
    sent_mask = (
        rows["donor_country"].eq(place.iso3 or "\0").fillna(False) | rows["donor"].eq(place.label).fillna(False)
    ).to_numpy(bool) & ~mine_mask
    all_rows = session.dataset.donations
    records = _records_section(rows[mine_mask | sent_mask], all_rows, f"{place.label}: records")
    if place.in_data and not (mine_mask | sent_mask).any():
        notes += _conflict(session, place.label)
    if records_only:
        return Result([records], "records", session.resolved.notes + notes + [RECORDS_ONLY.format(place.label)])
    if place.iso3 == CHINA:
        return _china(session, place, rows, left_out, mine_mask, sent_mask, explain, notes, records)
    label = place.label
    links = listings.may_overlap_links(all_rows)
    mine, sent = rows[mine_mask], rows[sent_mask]
    chinese = _flow_mask(mine, "from-china")
    received, s = _sums(
        session, mine[chinese], left_out, RECEIVED_BY, "received", f"{label}: received from China", explain
    )
    others, s_others = _sums(
        session,
        mine[~chinese],
        left_out,
        RECEIVED_BY,
        "received_other",
        f"{label}: received from others, not from China",
        explain,
    )
    if chinese.all():
        others.caption = "None: no record matched gives it aid from outside China."
    else:
        others.caption += (
            " Not China's aid: aid from other donors, or shared with China (flow other), "
            "never added to what it received from China."
        )
    gave, s_sent = _sums(session, sent, left_out, [], "sent", f"{label}: what its donors sent", explain)
    if not len(sent):
        gave.caption = "The articles record no aid from its donors."
    sections = [
        received,
        others,
        _donors(mine, all_rows, label, links),
        gave,
        _may_overlap(
            rows[mine_mask | sent_mask], all_rows, f"{label}: records that may report the same aid as another", links
        ),
        Section(
            "not_in_totals",
            f"{label}: umbrella statements and flows reported twice",
            listings.not_in_totals(mine),
            "Kept for the record, never summed.",
        ),
        records,
    ]
    if explain:
        sections = (
            explained(received, s, session.dataset, True, "received_left_out")
            + explained(others, s_others, session.dataset, True, "received_other_left_out")
            + sections[2:3]
            + explained(gave, s_sent, session.dataset, True, "sent_left_out")
            + sections[4:]
        )
    return Result(
        sections, "records", session.resolved.notes + notes, left_out=counting.left_out_of(s, s_others, s_sent)
    )


def _china(
    session: Session,
    place: names.Place,
    rows: pd.DataFrame,
    left_out: dict[str, list[str]],
    mine_mask: np.ndarray,
    sent_mask: np.ndarray,
    explain: bool,
    notes: list[str],
    records: Section,
) -> Result:
    """China's profile as an overview: what the world sent it, from whom; aid partly or possibly
    to China apart; what its donors sent, by region; the records that may report the same aid; its
    umbrella statements. Its records (hundreds) come with `records_only` (--records, or a
    one-table format)."""
    label = place.label
    all_rows = session.dataset.donations
    links = listings.may_overlap_links(all_rows)
    mine, sent = rows[mine_mask], rows[sent_mask]
    to_china = _flow_mask(mine, "to-china")
    received, s = _sums(
        session,
        mine[to_china],
        left_out,
        RECEIVED_BY,
        "received",
        f"{label}: received (aid to China), from whom",
        explain,
    )
    partly = partly_section(rows, all_rows, f"{label}: aid partly or possibly to China, kept apart")
    received.caption += " Aid shared with other recipients, or whose recipient is not stated, is in its own table."
    gave, s_sent = _sums(
        session, sent, left_out, ["region"], "sent", f"{label}: what its donors sent, by region", explain
    )
    regions = listings.regions_of(sent)
    sections = [
        received,
        partly,
        _donors(mine, all_rows, label, links),
        gave,
        Section(
            "sent_regions",
            f"{label}: what its donors sent, records by region",
            regions,
            "Every record of a donor based in China, in totals or not, with a number or not; a record "
            "for several regions counts under each.",
        ),
        _may_overlap(
            rows[mine_mask | sent_mask], all_rows, f"{label}: records that may report the same aid as another", links
        ),
        Section(
            "not_in_totals",
            f"{label}: umbrella statements and flows reported twice, to China",
            listings.not_in_totals(mine),
            "Kept for the record, never summed. Of the aid to China only: "
            "those of what its donors sent are among its records (--records), with in_totals false.",
        ),
    ]
    n, rows_n = records.frame["record_id"].nunique(), len(records.frame)
    notes = [
        *notes,
        f"{label}'s profile is an overview: its {n} records ({rows_n} rows) are not listed here; "
        "the same command with --records (or -f csv) lists them.",
    ]
    if explain:
        sections = (
            explained(received, s, session.dataset, True, "received_left_out")
            + sections[1:3]
            + explained(gave, s_sent, session.dataset, True, "sent_left_out")
            + sections[4:]
        )
    return Result(sections, "received", session.resolved.notes + notes, left_out=counting.left_out_of(s, s_sent))


def donor(session: Session, match: names.DonorMatch, explain: bool = False, records_only: bool = False) -> Result:
    """What a donor gave (both directions) and to whom; joint donations and subsidiaries included
    and marked. A country's name means every donor based there."""
    rows, left_out = session.rows()
    mine = rows[rows["donor"].isin(match.donors).to_numpy(bool)].copy()
    mine.insert(0, "via", mine["donor"].astype(object).map(lambda d: match.related.get(d, "")))
    notes = session.resolved.notes + ([] if len(mine) else _conflict(session, match.name))
    if records_only:
        return Result(
            [_records_section(mine, session.dataset.donations, f"{match.name}: records")],
            "records",
            [*notes, RECORDS_ONLY.format(match.name)],
        )
    gave, s = _sums(session, mine, left_out, [], "gave", f"{match.name}: gave", explain)
    related = ", ".join(f"{d} ({how})" for d, how in match.related.items())
    if related and match.country is None:
        gave.caption += f" Includes {related}."
    elif match.country:
        gave.caption += f" A country typed as a donor means every donor based there: {', '.join(match.donors)}."
    sections = [
        gave,
        Section(
            "recipients",
            f"{match.name}: to whom",
            listings.recipients_of(mine),
            "Every recipient of its records, in totals or not.",
        ),
        _may_overlap(
            mine,
            session.dataset.donations,
            f"{match.name}: records that may report the same aid as another",
            listings.may_overlap_links(session.dataset.donations),
        ),
        Section(
            "not_in_totals",
            f"{match.name}: umbrella statements and flows reported twice",
            listings.not_in_totals(mine),
            "Kept for the record, never summed.",
        ),
        _records_section(mine, session.dataset.donations, f"{match.name}: records"),
    ]
    if explain:
        sections = explained(gave, s, session.dataset, True, "gave_left_out") + sections[1:]
    return Result(sections, "records", notes, left_out=s.left_out)
