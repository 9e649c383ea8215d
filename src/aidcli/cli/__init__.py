"""The command line: the only layer that knows Typer. Each command parses its options, makes one
library call and prints the result (commands.py); the shared options and how a result is printed
(options.py); the error boundary that turns every failure into one line and an exit code
(boundary.py); the export, validate and chart commands' own work."""

from __future__ import annotations


def run() -> None:
    """The console script."""
    from aidcli.cli.boundary import run as boundary_run
    from aidcli.cli.commands import app

    boundary_run(app)


def main(argv: list[str] | None = None) -> int:
    """Run aidcli with these arguments; every failure is one line on stderr and an exit code."""
    from aidcli.cli.boundary import main as boundary_main
    from aidcli.cli.commands import app

    return boundary_main(app, argv)


def __getattr__(name: str):
    if name == "app":
        from aidcli.cli.commands import app

        return app
    raise AttributeError(name)
