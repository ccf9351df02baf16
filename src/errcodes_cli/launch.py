"""Console-script entry: answer a plain code lookup directly, hand everything else to the Typer app.

`errcode -4164` is what people type most, by hand and from scripts. Importing Typer alone costs
about as much as the whole lookup, so when every argument is a code or HTTP status (plus --json,
--no-color or --product P) and every one is found, the answer is printed through the same renderer
`errcode show` uses, without importing Typer, from a catalogue built with only the entries asked
for. Anything else, including a miss, takes the full route, so the output is identical either way
(tests/test_launch.py runs both).
"""

from __future__ import annotations

import os
import sys

_FLAGS = frozenset({"--json", "--no-color"})
_PRODUCT = ("--product", "-p")


def _split(args: list[str]) -> tuple[list[str], str | None] | None:
    """The queries and the --product value, or None when anything else is on the command line."""
    queries: list[str] = []
    product = None
    tokens = iter(args)
    for token in tokens:
        if token in _PRODUCT:
            product = next(tokens, None)
            if product is None:
                return None
        elif token.startswith("--product="):
            product = token.partition("=")[2]
        elif token not in _FLAGS:
            queries.append(token)
    return queries, product


def direct_lookup(args: list[str]) -> bool:
    """Print the answer and return True if this is a plain lookup that finds everything."""
    from .catalog import load_catalog, lookup, parse_number
    from .errors import CatalogError

    split = _split(args)
    if split is None:
        return False
    queries, product = split
    numbers = [parse_number(q) for q in queries]
    if not queries or any(n is None for n in numbers):
        return False
    try:
        catalog = load_catalog(codes=frozenset(-n[0] for n in numbers if n is not None))
    except CatalogError:
        return False  # the full route reports it
    if product is not None and product not in catalog.products:
        return False
    lookups = [lookup(q, catalog, product) for q in queries]
    if not all(lk.found for lk in lookups):
        return False
    from .render import show_lookups

    show_lookups(lookups, catalog, "--json" in args, "--no-color" in args)
    return True


def main() -> None:
    try:
        if direct_lookup(sys.argv[1:]):
            sys.stdout.flush()
            return
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the reader went away; exit quietly
        return
    except KeyboardInterrupt:
        sys.exit(130)
    from .cli import main as run_app

    run_app()
