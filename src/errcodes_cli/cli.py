"""The `errcode` command line: thin Typer wiring over the catalogue, search and diagnose cores."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
import typer.main
from typer.core import TyperGroup

from . import __version__, render
from .catalog import CATEGORIES, load_catalog, lookup, parse_number
from .errors import ErrcodeError, ExitCode, UsageError

F = TypeVar("F", bound=Callable[..., Any])

Category = Enum("Category", {c: c for c in CATEGORIES}, type=str)  # type: ignore[misc]

EPILOG = """\
\b
Examples:
  errcode -4164                    explain a code (4164 and \u22124164 work too)
  errcode MIN_NOTIONAL             look up by name (min-notional works too)
  errcode 429                      what an HTTP status means here
  errcode -2021 --product spot     one product's meaning (usdm, spot, coinm)
  errcode search "tick size"       fuzzy search over messages and names
  errcode list --category auth     one line per code
  curl -s URL | errcode diagnose   explain every error in raw API output

Exit codes: 0 found, 1 nothing found, 2 usage error, 3 broken catalogue,
4 unknown code in diagnose, 130 interrupted.
"""


class RoutingGroup(TyperGroup):
    """Send a first word that is not a subcommand to `show`, and keep negative codes (in `show` and
    `search`) from being read as options.

    Click would read `-4164` as the options -4, -1 ... so code-like and other positional words are moved
    behind a `--`, while real options stay in front and are still checked (a typo is a usage error).
    """

    GROUP_OPTIONS = frozenset({"--help", "-h", "--version"})
    FREE_WORDS = frozenset({"show", "search"})  # commands whose words may be codes such as -2019

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in self.GROUP_OPTIONS:
            args = ["show", *args]
        if args and args[0] in self.FREE_WORDS:
            args = [args[0], *self._positionals_last(args[0], args[1:])]
        return super().parse_args(ctx, args)

    def _positionals_last(self, name: str, args: Sequence[str]) -> list[str]:
        command = self.commands[name]
        takes_value = {
            name for p in command.params if not getattr(p, "is_flag", True) for name in getattr(p, "opts", [])
        }
        front: list[str] = []
        positionals: list[str] = []
        tokens = iter(args)
        for token in tokens:
            if token == "--":
                positionals.extend(tokens)
            elif token in takes_value:
                front.extend([token, next(tokens, "")])
            elif token.startswith("-") and parse_number(token) is None and " " not in token:
                front.append(token)
            else:
                positionals.append(token)
        return [*front, "--", *positionals] if positionals else front


app = typer.Typer(
    cls=RoutingGroup,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Explain Binance-style API error codes: what happened, why, and what to do next. Offline.",
    epilog=EPILOG,
    rich_markup_mode=None,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document (schema in the README).")]
ProductOption = Annotated[
    str | None,
    typer.Option("--product", "-p", metavar="PRODUCT", help="Only this product: usdm, spot or coinm (default: all, usdm first)."),
]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="Plain text even on a terminal (also NO_COLOR=1).")]


def reports_errors(command: F) -> F:
    """Where errcode's own errors become a message on stderr and their exit code (launch.direct_diagnose
    does the same for its route)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ErrcodeError as exc:
            render.error(str(exc))
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        catalog = load_catalog()
        typer.echo(f"errcode {__version__} (catalogue {catalog.version}, updated {catalog.updated})")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and the catalogue's.")
    ] = False,
) -> None:
    """Explain Binance-style API error codes: what happened, why, and what to do next. Offline."""


@app.command(epilog="Examples: errcode show -4164 | errcode -1021 -2015 | errcode min-notional | errcode 418")
@reports_errors
def show(
    ctx: typer.Context,
    queries: Annotated[list[str], typer.Argument(metavar="QUERY...", help="Codes (-4164, 4164), names (MIN_NOTIONAL), HTTP statuses (418).")],
    product: ProductOption = None,
    json_: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Explain codes, names or HTTP statuses. `errcode X` is short for `errcode show X`.

    Without --product, a code is shown for every product that has it, usdm first.
    """
    catalog = load_catalog()
    catalog.check_product(product)
    lookups = [lookup(q, catalog, product) for q in queries]
    misses = [lk.query for lk in lookups if not lk.found]
    render.show_lookups(lookups, catalog, json_, no_color)
    if misses:
        from .search import suggest

        subcommands = ctx.parent.command.list_commands(ctx) if ctx.parent else []  # type: ignore[attr-defined]
        for query in misses:
            elsewhere = sorted({e.product for e in lookup(query, catalog).entries}) if product else []
            if elsewhere:
                render.error(f"{query!r} is not a {product} code; {', '.join(elsewhere)} has it", f"errcode {query} --product {elsewhere[0]}")
                continue
            near = suggest(query, extra=subcommands, catalog=catalog)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            render.error(f"no code, HTTP status or name matches {query!r}{hint}")
        raise typer.Exit(ExitCode.NOT_FOUND)


_LOOK_FURTHER = "browse with `errcode list --category CATEGORY`, or paste the raw response into `errcode diagnose`"


@app.command(epilog='Examples: errcode search tick size | errcode search "-2019 when opening a position" | errcode search margin insufficient -n 3 --json')
@reports_errors
def search(
    words: Annotated[list[str], typer.Argument(metavar="WORDS...", help="Words from a message, a name, a filter or parameter, or your own.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most N rows (a code on several products is one).")] = 10,
    category: Annotated[Category | None, typer.Option(help="Only this category.")] = None,
    product: ProductOption = None,
    json_: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Search by words: a message, a name, a filter or parameter (LOT_SIZE, reduceOnly), or your own.

    Ranks every entry by how well it matches, best first, and shows each score (0-100) and the field
    that matched. Quotes are optional: `errcode search tick size` searches "tick size".
    """
    from .search import SCORE_FLOOR, parse
    from .search import search as run_search

    catalog = load_catalog()
    catalog.check_product(product)
    query = " ".join(words)
    matches = run_search(query, limit=limit, category=category.value if category else None, catalog=catalog, product=product)
    render.show_search(matches, json_, no_color)
    if matches and not matches[0].weak:
        return
    understood = parse(query, catalog)
    if matches:
        render.error(f"nothing scores {SCORE_FLOOR:.0f} or more for {query!r}; the nearest are shown as weak", _LOOK_FURTHER)
    elif not understood.says_what:
        named = f" (it names {', '.join(understood.products)})" if understood.products else ""
        render.error(f"{query!r} has no word that tells one error from another{named}", "add words from the message, a code, a name or a parameter, or " + _LOOK_FURTHER)
    else:
        render.error(f"no entry holds a word of {query!r}", _LOOK_FURTHER)
    raise typer.Exit(ExitCode.NOT_FOUND)



@app.command(
    "list",
    epilog="Examples: errcode list | errcode list --category rate-limit | errcode list --product spot --json > spot.json",
)
@reports_errors
def list_codes(
    category: Annotated[Category | None, typer.Option(help="Only this category.")] = None,
    product: ProductOption = None,
    json_: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Every code, one line each (code, product, name, summary). With --json, the whole catalogue."""
    catalog = load_catalog()
    catalog.check_product(product)
    entries = [
        e for e in catalog.entries if (category is None or e.category == category.value) and (product is None or e.product == product)
    ]
    if json_:
        statuses = [h.to_dict() for h in catalog.http_statuses] if category is None else []
        render.Output(color=False).json(
            "list",
            [e.to_dict() for e in entries],
            catalog={"version": catalog.version, "updated": catalog.updated},
            http_statuses=statuses,
        )
    else:
        render.Output(render.wants_color(no_color)).lines(render.summary_line(e) for e in entries)


@app.command(
    epilog="Examples: curl -si URL | errcode diagnose | errcode diagnose bot.log --summary | errcode diagnose - --json"
)
@reports_errors
def diagnose(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Files to read; '-' or nothing reads standard input.", show_default=False),
    ] = None,
    summary: Annotated[bool, typer.Option("--summary", help="Only count findings per code, most frequent first.")] = False,
    product: Annotated[
        str | None,
        typer.Option("--product", "-p", metavar="PRODUCT", help="Read every error as this product's: usdm, spot or coinm (default: from URLs, hosts or the message)."),
    ] = None,
    json_: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Find and explain every Binance-style error in raw output: JSON bodies, curl -i/-v, library exceptions, logs.

    Exit 0 when errors were found and all are known, 1 when none were found, 4 when a code is unknown.
    """
    from .diagnosis import run

    code = run([str(f) for f in files or []] or ["-"], summary, product, json_, no_color)
    if code:
        raise typer.Exit(code)


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command(
    epilog="Examples: errcode completion bash > ~/.local/share/bash-completion/completions/errcode"
    " | errcode completion install | errcode completion install fish"
)
@reports_errors
def completion(
    what: Annotated[str, typer.Argument(metavar="SHELL|install", help="bash, zsh or fish to print its script; install to install one.")],
    shell: Annotated[Shell | None, typer.Argument(help="With install: the shell (default: from $SHELL).")] = None,
) -> None:
    """Print or install shell completion for codes, names, subcommands and options.

    The scripts hold every candidate, so completing starts no Python process.
    """
    import os

    from .completion import SHELLS, build_script, install_path

    if what != "install":
        if what not in SHELLS or shell is not None:
            raise UsageError(f"expected one of {', '.join(SHELLS)} or 'install', got {what!r}")
        typer.echo(build_script(what, completion_spec()), nl=False)
        return
    chosen = shell.value if shell else Path(os.environ.get("SHELL", "")).name
    if chosen not in SHELLS:
        raise UsageError(f"cannot tell the shell from $SHELL={os.environ.get('SHELL', '')!r}; name it: errcode completion install bash")
    target = install_path(chosen)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(build_script(chosen, completion_spec()), encoding="utf-8")
    typer.echo(f"wrote {target}")
    if chosen == "zsh":
        typer.echo("add to ~/.zshrc, before compinit:  fpath=(~/.zfunc $fpath)")
    typer.echo(f"open a new {chosen} to use it")


def completion_spec() -> Any:
    """What the completion scripts offer, read from this app's commands and from the catalogue."""
    from .catalog import normalize_name
    from .completion import Command, Option, Spec

    group = typer.main.get_command(app)

    catalog = load_catalog()

    def choices(param: Any) -> tuple[str, ...]:
        if param.name == "product":
            return tuple(catalog.products)
        return tuple(getattr(param.type, "choices", ()) or ())

    def options(params: Sequence[Any]) -> tuple[Option, ...]:
        return tuple(
            Option(tuple(p.opts + p.secondary_opts), p.help or "", not p.is_flag, choices(p))
            for p in params
            if p.param_type_name == "option"
        ) + (Option(("--help", "-h"), "Show help and exit.", False),)

    commands = tuple(
        Command(
            name,
            (command.help or "").split("\n")[0],
            options(command.params),
            completes_files=any(p.param_type_name == "argument" and p.name == "files" for p in command.params),
        )
        for name, command in group.commands.items()  # type: ignore[attr-defined]
    )
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    for entry in catalog.entries:
        codes.setdefault(str(entry.code), entry.summary)
        if entry.name:
            names.setdefault(normalize_name(entry.name), entry.summary)
    return Spec(commands, options(group.params), tuple(codes.items()), tuple(sorted(names.items())))


def main() -> None:
    """Run the Typer app (the console script enters through errcodes_cli.launch)."""
    app(prog_name="errcode")
