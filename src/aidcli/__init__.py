"""aidcli: query the medical aid that flowed to and from China in early 2020."""

__version__ = "0.1.0"


def run() -> None:
    """The console script. --version is answered here, before Typer and the commands load; a
    Ctrl-C while they load is one line and exit 130, as it is once they run. The try is run()'s
    first statement, so a Ctrl-C is aidcli's from the moment run() is entered."""
    try:
        import sys

        if sys.argv[1:] == ["--version"]:
            print(f"aidcli {__version__}")
            raise SystemExit(0)
        from aidcli.cli import run as run_cli

        run_cli()
    except KeyboardInterrupt:
        import sys

        sys.stderr.write("aidcli: interrupted\n")
        raise SystemExit(130) from None
