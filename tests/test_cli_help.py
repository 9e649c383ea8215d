"""Every command has help text; --help and --version work."""

import pytest
import typer

from aidcli.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)


def test_every_command_has_help_text():
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert command.help and len(command.help) > 20, name
        for param in command.params:
            if param.name not in ("help",):
                assert getattr(param, "help", None), (name, param.name)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help(cli, command):
    r = cli(command, "--help")
    assert r.code == 0 and "Usage:" in r.out


def test_version(cli):
    r = cli("--version")
    assert r.code == 0 and r.out.startswith("aidcli ")


def test_no_arguments_shows_help(cli):
    r = cli()
    assert "Usage:" in r.out + r.err
