"""The errors errcode's core raises. Which exit code each becomes is decided in one place, commands.exit_code_for."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable


class ErrcodeError(Exception):
    """Base of every error errcode reports to its user."""


class CatalogError(ErrcodeError):
    """The bundled catalogue is missing, unreadable or fails validation."""


class UnknownProductError(ErrcodeError, ValueError):
    """A product the catalogue does not have was asked for."""

    def __init__(self, product: str, known: Iterable[str]) -> None:
        super().__init__(f"unknown product {product!r}; choose from {', '.join(known)}")


class UsageError(ErrcodeError):
    """The command line or its input cannot be used as given."""
