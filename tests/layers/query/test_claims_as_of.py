"""The donor's claims as of a date, as a property: whatever the date, each line appears once, as the
last version at or before it shows it, and never from a later version."""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

import aidcli
from aidcli.loading import claims as loading

KEY = ["source_kind", "recipient", "entry"]


@functools.cache
def every() -> list[dict]:
    return loading.load().to_dict(orient="records")


moments = st.datetimes(min_value=dt.datetime(2020, 3, 14), max_value=dt.datetime(2020, 4, 12)).map(
    lambda t: t.strftime("%Y-%m-%dT%H:%M")
)


@settings(max_examples=25, deadline=None)
@given(moments)
def test_as_of_shows_each_line_once_as_its_last_version_before_the_date(moment):
    shown = aidcli.claims(as_of=moment).frame
    earlier = [c for c in every() if c["as_of"][:16] <= moment]
    assert all(a[:16] <= moment for a in shown["as_of"])
    last: dict[tuple, dict] = {}
    for c in earlier:  # the file is in order of time
        last[tuple(c[k] for k in KEY)] = c
    assert sorted(shown["claim_id"]) == sorted(c["claim_id"] for c in last.values())


@settings(max_examples=10, deadline=None)
@given(moments)
def test_the_history_holds_every_figure_the_line_ever_showed(moment):
    history = aidcli.claims(as_of=moment, history=True).frame
    earlier = [c for c in every() if c["as_of"][:16] <= moment]
    assert {(c["recipient"], c["quantity"], c["goods"]) for c in earlier} == set(
        zip(history["recipient"], history["quantity"], history["goods"], strict=True)
    )
