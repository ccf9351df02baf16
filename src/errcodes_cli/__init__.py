"""errcode: explain Binance-style API error codes offline.

The small Python API for scripts and bots; it returns the same data `--json` prints:

    from errcodes_cli import lookup, search
    lookup("-4164").results()          # list of dicts, as in `errcode -4164 --json`
    [m.to_dict() for m in search("tick size")]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "diagnose", "lookup", "search"]

if TYPE_CHECKING:
    from .catalog import lookup
    from .diagnose import diagnose
    from .search import search


def __getattr__(name: str) -> Any:
    """Import the core lazily, so `import errcodes_cli` stays cheap."""
    if name == "lookup":
        from .catalog import lookup

        return lookup
    if name == "search":
        from .search import search

        return search
    if name == "diagnose":
        from .diagnose import diagnose

        return diagnose
    raise AttributeError(name)
