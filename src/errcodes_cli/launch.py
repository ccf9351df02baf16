"""Console-script entry: run a plain lookup, search or diagnose directly, hand everything else to Typer.

`errcode -4164`, `errcode search "tick size"` and `... | errcode diagnose` are what people type most,
by hand, from scripts and from bot handlers. Importing Typer alone costs about as much as a whole
lookup, so when the command line is one of these in its plain form, it is run without importing Typer,
through the same code the Typer commands call (render.show_lookups, render.show_search,
diagnosis.run):
- a lookup: codes or HTTP statuses, all found, with --json, --no-color, --product P;
- a search: words that find something above the floor, with those and --limit N, --category C;
- diagnose: files or '-', with --summary, --json, --no-color, --product P.
A lookup builds only the entries it prints. Anything else (--help, a miss, an option spelled another
way) takes the full route, so the output is identical either way (tests/test_launch.py runs both).
"""

from __future__ import annotations

import os
import sys

_FLAGS = frozenset({"--json", "--no-color"})
_DIAGNOSE_FLAGS = _FLAGS | {"--summary"}
_VALUED = {"--product": "product", "-p": "product", "--limit": "limit", "-n": "limit", "--category": "category"}


def _split(
    args: list[str], valued: frozenset[str], known_flags: frozenset[str] = _FLAGS
) -> tuple[list[str], dict[str, str], set[str]] | None:
    """Positional words, option values and flags; None when a valued option has no value."""
    words: list[str] = []
    values: dict[str, str] = {}
    flags: set[str] = set()
    tokens = iter(args)
    for token in tokens:
        option, equals, value = token.partition("=")
        if token in known_flags:
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
    from .catalog import parse_number

    split = _split(args[1:], frozenset(_VALUED))
    if split is None:
        return False
    queries, values, flags = split
    if not queries or any(q.startswith("-") and parse_number(q) is None and " " not in q for q in queries):
        return False  # an unknown option: the full route reports it
    from .catalog import CATEGORIES
    from .errors import CatalogError

    limit = values.get("limit", "10")
    category, product = values.get("category"), values.get("product")
    if not (limit.isascii() and limit.isdigit() and int(limit) >= 1) or category not in (None, *CATEGORIES):
        return False
    from .search import search

    try:  # an unknown product matches nothing, and the full route reports it
        matches = search(" ".join(queries), limit=int(limit), category=category, product=product)
    except CatalogError:
        return False
    if not matches or matches[0].weak:
        return False
    from .render import show_search

    show_search(matches, "--json" in flags, "--no-color" in flags)
    return True


def direct_diagnose(args: list[str]) -> int | None:
    """Run a plain `diagnose` and return its exit code; None when the command line is not one."""
    if args[:1] != ["diagnose"]:
        return None
    split = _split(args[1:], frozenset({"--product", "-p"}), _DIAGNOSE_FLAGS)
    if split is None or any(word.startswith("-") and word != "-" for word in split[0]):
        return None
    files, values, flags = split
    from pathlib import PurePath

    from .diagnosis import run
    from .errors import ErrcodeError
    from .render import error

    sources = [str(PurePath(f)) for f in files] or ["-"]  # spelled as Typer's Path arguments spell them
    try:
        return run(sources, "--summary" in flags, values.get("product"), "--json" in flags, "--no-color" in flags)
    except ErrcodeError as exc:  # reported as the Typer route's reports_errors does
        error(str(exc))
        return exc.exit_code


def main() -> None:
    args = sys.argv[1:]
    try:
        if direct_lookup(args) or direct_search(args):
            sys.stdout.flush()
            return
        code = direct_diagnose(args)
        if code is not None:
            sys.stdout.flush()
            sys.exit(code)
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the reader went away; exit quietly
        return
    except KeyboardInterrupt:
        sys.exit(130)
    from .cli import main as run_app

    run_app()
