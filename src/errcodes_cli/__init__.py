"""errcode: explain Binance-style API error codes offline.

The small Python API for scripts and bots; it returns the same data `--json` prints:

    from errcodes_cli import lookup, search
    lookup("-4164").results()          # list of dicts, as in `errcode -4164 --json`
    [m.to_dict() for m in search("tick size")]
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs every start ~10 ms

__version__ = "0.1.0"
__all__ = ["__version__", "diagnose", "lookup", "search"]

if TYPE_CHECKING:
    from typing import Any

    from .catalog import lookup
    from .diagnosis import diagnose
    from .ranking import search


def __getattr__(name: str) -> Any:
    """Import the core lazily, so `import errcodes_cli` stays cheap. (No submodule is named after a
    function here: importing it would bind the module in the function's place.)"""
    import importlib

    modules = {"lookup": ".catalog", "search": ".ranking", "diagnose": ".diagnosis"}
    if name not in modules:
        raise AttributeError(name)
    function = getattr(importlib.import_module(modules[name], __name__), name)
    globals()[name] = function
    return function
