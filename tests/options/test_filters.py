"""The filter table: every option, check, resolution and apply derive from one row each."""

from aidcli.query import filters


def test_channel_filter_is_one_row_of_the_table(cli):
    rows = cli("list", "--channel", "health-cooperation", "-f", "csv").csv()
    assert rows and {r["channel"] for r in rows} == {"health-cooperation"}
    assert "R0002" in {r["record_id"] for r in rows}  # the central government's medical teams
    bad = cli("list", "--channel", "airmail")
    assert bad.code == 2 and "--channel" in bad.err and "health-cooperation" in bad.err


def test_every_filter_is_an_option_of_every_filtered_command(cli):
    out = cli("totals", "--help").out
    for f in filters.FILTERS:
        assert f.flags[0] in out
