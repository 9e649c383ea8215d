"""`python -m aidcli`: the same as the aidcli command."""

from aidcli import run

run()
