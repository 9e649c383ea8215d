"""aidcli: query the medical aid that flowed to and from China in early 2020.

As a library (see docs/python-api.md): `aidcli.totals(country="Spain", item="masks")` and the
other questions of `aidcli.Aid` over the packaged data, or `aidcli.Aid("my.csv")` over a dataset
of your own. The names are loaded on first use, so the command line starts light.
"""

from aidcli.model.version import __version__

QUESTIONS = (
    "rows",
    "totals",
    "compare",
    "map",
    "country",
    "donor",
    "countries",
    "donors",
    "items",
    "sources",
    "reciprocity",
    "summary",
    "claims",
    "crosscheck",
    "records",
    "cite",
    "export",
)
TYPES = ("Aid", "Answer", "MapAnswer", "Kind", "Status", "Flow", "Region", "DonorType", "Channel")
ERRORS = ("AidError", "UsageError", "DataError", "OutputError")
__all__ = [*QUESTIONS, *TYPES, *ERRORS, "run"]


def __getattr__(name: str):
    if name in QUESTIONS:
        from aidcli.api import default

        return getattr(default(), name)
    if name in TYPES:
        from aidcli import api

        return getattr(api, name)
    if name in ERRORS:
        from aidcli.model import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'aidcli' has no attribute {name!r}")


def run() -> None:
    """The console script. --version is answered here, before Typer and the commands load; a
    Ctrl-C while they load is one line and exit 130, as it is once they run. The try is run()'s
    first statement, so a Ctrl-C is aidcli's from the moment run() is entered."""
    try:
        import gc
        import os
        import sys

        # One short run: reference counting frees what it makes, and the cyclic collector's passes
        # over the objects of typer's and pandas' imports are about 6% of a start (measured in
        # instructions). Only the console script: the library leaves a user's process as it is.
        gc.disable()
        # aidcli does no linear algebra: one OpenBLAS thread keeps numpy's import from reserving
        # a buffer a core (it exits the process, without a word of aidcli's, when memory is capped)
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        if sys.argv[1:] == ["--version"]:
            _version()
        from aidcli.cli import run as run_cli

        run_cli()
    except KeyboardInterrupt:
        import sys

        sys.stderr.write("aidcli: interrupted\n")
        raise SystemExit(130) from None
    except Exception as exc:
        # A Ctrl-C while an import defines a class can come wrapped: Python turns the KeyboardInterrupt
        # raised in __set_name__ into "RuntimeError: Error calling __set_name__" (typer's import of
        # platform did, under load). Still one line and 130; any other error goes on as it was.
        if not isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):
            raise
        import sys

        sys.stderr.write("aidcli: interrupted\n")
        raise SystemExit(130) from None


def _version() -> None:
    """`aidcli --version`, before anything loads: one line, or one line of error (> /dev/full)."""
    import os
    import sys

    if sys.stdout is None:
        sys.stderr.write("aidcli: error: standard output is closed\n")
        raise SystemExit(1)
    try:
        sys.stdout.write(f"aidcli {__version__}\n")
        sys.stdout.flush()
    except OSError as exc:
        sys.stderr.write(f"aidcli: error: cannot write the output: {exc.strerror or exc}\n")
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left for exit's flush
        raise SystemExit(1) from None
    raise SystemExit(0)
