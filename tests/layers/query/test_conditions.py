"""The filter condition parser: never evaluates text, always a result or a clean usage error."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aidcli.model.errors import UsageError
from aidcli.model.schema import donations_schema
from aidcli.query.conditions import Condition, mask, parse

TYPES = {f.name: f.type for f in donations_schema().fields}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("quantity >= 500000", Condition("quantity", ">=", "500000")),
        ("region = Europe", Condition("region", "=", "Europe")),
        ("region==Europe", Condition("region", "=", "Europe")),
        ("donor ~ foundation", Condition("donor", "~", "foundation")),
        ('recipient = "South Korea"', Condition("recipient", "=", "South Korea")),
        ("notes = ''", Condition("notes", "=", "")),
        ("donor !~ 'a = b'", Condition("donor", "!~", "a = b")),
        ("date < 2020-03", Condition("date", "<", "2020-03")),
    ],
)
def test_parse(text, expected):
    assert parse(text, TYPES) == expected


@pytest.mark.parametrize(
    "text,message",
    [
        ("colour = red", "unknown column 'colour'"),
        ("quantity => 5", "cannot read condition"),
        ("quantity", "cannot read condition"),
        ('donor = "Huawei', "unbalanced quotes"),
        ("donor > Huawei", "cannot be compared"),
        ("quantity > lots", "is a number"),
        ("quantity ~ 5", "works on text"),
        ("in_totals = maybe", "true or false"),
        ("date > yesterday", "not a date"),
        ("__import__('os').system('id')", "unknown column '__import__'"),
        ("quantity >", "has no value"),
    ],
)
def test_bad_conditions(text, message):
    with pytest.raises(UsageError, match=message):
        parse(text, TYPES)


def test_masks(ds):
    df = ds.donations
    assert mask(df, parse("quantity > 1000000000", TYPES), "number").sum() == 2
    empty_qty = mask(df, parse("quantity != 5", TYPES), "number")
    assert not empty_qty[df["quantity"].isna().to_numpy()].any()  # empty matches no comparison


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_or_is_a_usage_error(text):
    try:
        parse(text, TYPES)
    except UsageError as exc:
        assert str(exc)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(TYPES)), st.sampled_from(["=", "!=", "<", "<=", ">", ">=", "~", "!~"]), st.text(max_size=30)
)
def test_any_well_formed_condition_filters_or_is_a_usage_error(ds, column, op, value):
    try:
        cond = parse(f"{column} {op} {value}", TYPES)
    except UsageError:
        return
    assert len(mask(ds.donations, cond, TYPES[column])) == len(ds.donations)
