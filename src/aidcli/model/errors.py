"""The kinds of failure a user can meet, each with its documented exit code."""


class AidError(Exception):
    """A failure reported as one line on stderr; never shown as a traceback."""

    exit_code = 1


class DataError(AidError):
    """The dataset cannot be read or does not meet its schema (exit 1)."""

    exit_code = 1


class UsageError(AidError):
    """The user asked for something that cannot be answered as asked (exit 2)."""

    exit_code = 2


class OutputError(AidError):
    """Output could not be written whole: a full disk, a full or failing standard output (exit 1)."""

    exit_code = 1
