"""Console-script entry: answer a plain lookup or search directly, hand everything else to the Typer app.

`errcode -4164` and `errcode search "tick size"` are what people type most, by hand and from scripts.
Importing Typer alone costs about as much as a whole lookup, so when the command line is one of these
in its plain form (a lookup: codes or HTTP statuses; a search: one query; either with --json,
--no-color and --product P, a search also with --limit N and --category C) and there is something to
print, the answer is printed through the same renderer the Typer commands use, without importing
Typer. A lookup builds only the entries it prints. Anything else, including a miss or an option
spelled differently, takes the full route, so the output is identical either way
(tests/test_launch.py runs both).
"""

from __future__ import annotations

import os
import sys

_FLAGS = frozenset({"--json", "--no-color"})
_VALUED = {"--product": "product", "-p": "product", "--limit": "limit", "-n": "limit", "--category": "category"}


def _split(args: list[str], valued: frozenset[str]) -> tuple[list[str], dict[str, str], set[str]] | None:
    """Positional words, option values and flags; None when anything else is on the command line."""
    words: list[str] = []
    values: dict[str, str] = {}
    flags: set[str] = set()
    tokens = iter(args)
    for token in tokens:
        option, equals, value = token.partition("=")
        if token in _FLAGS:
            flags.add(token)
        elif option in valued and option.startswith("--") and equals:
            values[_VALUED[option]] = value
        elif token in valued:
            following = next(tokens, None)
            if following is None:
                return None
            values[_VALUED[token]] = following
        else:
            words.append(token)
    return words, values, flags


def direct_lookup(args: list[str]) -> bool:
    """Print the answer and return True if this is a plain lookup that finds everything."""
    from .catalog import load_catalog, lookup, parse_number
    from .errors import CatalogError

    split = _split(args, frozenset({"--product", "-p"}))
    if split is None:
        return False
    queries, values, flags = split
    product = values.get("product")
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

    show_lookups(lookups, catalog, "--json" in flags, "--no-color" in flags)
    return True


def direct_search(args: list[str]) -> bool:
    """Print the hits and return True if this is a plain `search` that finds something."""
    if args[:1] != ["search"]:
        return False
    split = _split(args[1:], frozenset(_VALUED))
    if split is None:
        return False
    queries, values, flags = split
    if len(queries) != 1 or queries[0].startswith("-"):
        return False
    from .catalog import CATEGORIES
    from .errors import CatalogError

    limit = values.get("limit", "10")
    category, product = values.get("category"), values.get("product")
    if not (limit.isascii() and limit.isdigit() and int(limit) >= 1) or category not in (None, *CATEGORIES):
        return False
    from .search import search

    try:  # an unknown product matches nothing, and the full route reports it
        matches = search(queries[0], limit=int(limit), category=category, product=product)
    except CatalogError:
        return False
    if not matches:
        return False
    from .render import show_search

    show_search(matches, "--json" in flags, "--no-color" in flags)
    return True


def main() -> None:
    try:
        if direct_lookup(sys.argv[1:]) or direct_search(sys.argv[1:]):
            sys.stdout.flush()
            return
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the reader went away; exit quietly
        return
    except KeyboardInterrupt:
        sys.exit(130)
    from .cli import main as run_app

    run_app()
