"""One exception family for errcode; each kind carries the exit code the CLI turns it into."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, as documented in the README."""

    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    BROKEN_CATALOG = 3
    UNKNOWN_CODE = 4
    INTERRUPTED = 130


class ErrcodeError(Exception):
    """Base of every error errcode reports to its user."""

    exit_code: ExitCode = ExitCode.NOT_FOUND


class CatalogError(ErrcodeError):
    """The bundled catalogue is missing, unreadable or fails validation."""

    exit_code = ExitCode.BROKEN_CATALOG


class UsageError(ErrcodeError):
    """The command line or its input cannot be used as given."""

    exit_code = ExitCode.USAGE
