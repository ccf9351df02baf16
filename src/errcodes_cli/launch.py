"""The console script's entry, and the one place where a run ends: its exit code, Ctrl-C, a closed pipe.

route.py reads the command line. One whose options are all known and well-formed is run straight
through the commands layer, without importing Typer: importing Typer alone costs about as much as a
whole lookup. Any other (--help, help, a misspelt option, a bad value) goes to the Typer app, which
prints its help or its usage error, or calls the same commands function.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .route import Route


def run(argv: Sequence[str]) -> int:
    """Run one command line and return its exit code."""

    def dispatch() -> int:
        from .commands import ExitCode
        from .render import error
        from .route import read

        route = read(argv, is_name=_is_name)
        if route.problem is not None:
            error(route.problem)
            return ExitCode.USAGE
        return _direct(route) if route.direct else _typer(route.argv)

    return guarded(dispatch)


def guarded(action: Callable[[], int]) -> int:
    """Run a command and end it: errcode's errors reported on stderr with their exit code, Ctrl-C, a closed pipe."""
    from .commands import ExitCode, exit_code_for
    from .errors import ErrcodeError
    from .render import error

    try:
        code = action()
        sys.stdout.flush()
        return code
    except ErrcodeError as exc:
        error(str(exc))
        return exit_code_for(exc)
    except BrokenPipeError:  # the reader went away (`errcode list | head`): stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more can be written
        return ExitCode.OK
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED


def main() -> None:
    sys.exit(run(sys.argv[1:]))


def _is_name(word: str) -> bool:
    from .catalog import load_catalog

    catalog = load_catalog()
    return bool(catalog.by_name(word) or catalog.by_partial_name(word))


def _direct(route: Route) -> int:
    from . import commands

    values = route.values
    as_json = "json_" in values
    display = commands.Display.chosen(values.get("color", "auto"), "no_color" in values, "no_pager" in values)
    product = values.get("product")
    if route.command == "version":
        return commands.version()
    if route.command == "show":
        return commands.show(route.words, product, as_json, display)
    if route.command == "search":
        limit = int(values["limit"]) if "limit" in values else commands.SEARCH_LIMIT
        return commands.search(route.words, limit, values.get("category"), product, as_json, display)
    if route.command == "list":
        return commands.list_codes(values.get("category"), product, as_json, display)
    from pathlib import PurePath  # diagnose: route.RUN_HERE holds no other command

    files = [str(PurePath(f)) for f in route.words] or ["-"]  # spelled as Typer's Path arguments spell them
    return commands.diagnose(files, "summary" in values, product, as_json, display)


def _typer(argv: Sequence[str]) -> int:
    """Let the Typer app parse and run the command line; its usage errors are reported as Click does."""
    import typer.main

    from .cli import app

    command = typer.main.get_command(app)
    if "--help" in argv and "--no-pager" not in argv:
        return _paged(lambda: _typer_main(command, argv))
    return _typer_main(command, argv)


def _paged(action: Callable[[], int]) -> int:
    """Run `action`, paging what it writes on stdout when that is taller than the terminal (help texts)."""
    from . import pager

    chosen = pager.command()
    if chosen is None:
        return action()
    import io

    real, sys.stdout = sys.stdout, io.StringIO()
    try:
        code = action()
        text = sys.stdout.getvalue()
    finally:
        sys.stdout = real
    pager.show(text, chosen)
    return code


def _typer_main(command: Any, argv: Sequence[str]) -> int:
    import typer

    try:
        code = command.main(args=list(argv), prog_name="errcode", standalone_mode=False)
    except typer.Abort:
        return 130
    except typer.TyperException as exc:  # Click's usage errors: their message and usage line on stderr
        show = getattr(exc, "show", None)
        if show is None:
            raise
        show()
        return int(exc.exit_code)
    return int(code or 0)
