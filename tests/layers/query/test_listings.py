"""Row views (query/listings.py): a shared amount is one row, named by who shares it, for any filters."""

from __future__ import annotations

from conftest import check_readable, filters_, session, typed_filters, valid_filters
from hypothesis import HealthCheck, given, settings

from aidcli.query import profiles, reports


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=filters_)
def test_generated_filters_never_credit_a_member_with_a_shared_amount(f):
    """A listing, and a profile's records (the section the whole profile holds, here asked for
    alone as `by-country X -f csv` asks), for any filters."""
    if not valid_filters(f):
        return
    s = session(**typed_filters(f))
    check_readable(reports.listing(s).sections[0].frame)
    for place in ("Spain", "Laos", "Germany"):
        records = next(x for x in profiles.country(s, s.place(place), records_only=True).sections if x.key == "records")
        check_readable(records.frame)
