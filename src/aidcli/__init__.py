"""aidcli: query the medical aid that flowed to and from China in early 2020."""

__version__ = "0.1.0"


def run() -> None:
    """The console script. --version is answered here, before Typer and the commands load; a
    Ctrl-C while they load is one line and exit 130, as it is once they run."""
    import sys

    try:
        if sys.argv[1:] == ["--version"]:
            print(f"aidcli {__version__}")
            raise SystemExit(0)
        from aidcli.cli import run as run_cli

        run_cli()
    except KeyboardInterrupt:
        sys.stderr.write("aidcli: interrupted\n")
        raise SystemExit(130) from None
