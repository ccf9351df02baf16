"""The `errcode` command line as Typer declares it: commands, options, help texts.

The front door (launch.py, route.py) reads every command line itself and runs the commands layer
directly; a command line reaches this app only for its help text or its usage errors, and every
command here calls the same function of commands.py. The app is also where the option table and the
completion scripts are generated from, so the three cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main

from . import commands
from .catalog import Category, load_catalog
from .errors import UsageError
from .render import COLOR_CHOICES

Color = Enum("Color", {c: c for c in COLOR_CHOICES}, type=str)  # type: ignore[misc]
AUTO = Color("auto")

# Every environment variable errcode reads, with its effect: shown by --help, and the README's table
# names each one (tests/test_cli.py).
ENVIRONMENT = (
    ("NO_COLOR", "set: no colour (wins over FORCE_COLOR)"),
    ("FORCE_COLOR", "set and not 0: colour even when piped"),
    ("CLICOLOR_FORCE", "the same as FORCE_COLOR"),
    ("TERM", "dumb: no colour and no pager"),
    ("ERRCODE_PAGER", "the pager for long answers; empty or cat: none"),
    ("PAGER", "the pager when ERRCODE_PAGER is unset (else less)"),
    ("LESS", "left alone when set; FRX when errcode starts less"),
    ("COLUMNS", "the terminal's width, when set"),
    ("LINES", "the terminal's height, when set"),
    ("ERRCODE_CATALOG", "read this catalogue file instead of the bundled one"),
    ("SHELL", "the shell `completion install` installs for"),
    ("XDG_DATA_HOME", "where bash completion is installed"),
    ("XDG_CONFIG_HOME", "where fish completion is installed"),
    ("HOME", "where zsh completion is installed, and the default of the two above"),
)

EPILOG = """\
\b
Examples:
  errcode -4164                    explain a code (4164, \u22124164 and a pasted -4164, work too)
  errcode MIN_NOTIONAL             look up by name (min-notional works too)
  errcode "Margin is insufficient."   look up a documented message
  errcode 429                      what an HTTP status means here
  errcode -2021 --product spot     one product's meaning (usdm, spot, coinm, options, pm, pmpro)
  errcode search tick size         search by words
  errcode list --category auth     one line per code
  curl -s URL | errcode diagnose   explain every error in raw API output
  errcode help search              the help of one command

\b
Environment:
{environment}

\b
Exit codes: 0 found, 1 nothing found, 2 usage error, 3 broken catalogue,
4 unknown code in diagnose, 130 interrupted.
""".format(environment="\n".join(f"  {name:<16} {effect}" for name, effect in ENVIRONMENT))


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Explain Binance-style API error codes: what happened, why, and what to do next. Offline.",
    epilog=EPILOG,
    rich_markup_mode=None,
)

# the catalogue's products, in its order, as help texts name them (tests/test_products.py keeps them equal)
PRODUCT_IDS = "usdm, spot, coinm, options, pm or pmpro"
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document (schema in the README).")]
ProductOption = Annotated[
    str | None,
    typer.Option(
        "--product", "-p", metavar="PRODUCT", help=f"Only this product: {PRODUCT_IDS} (default: all, usdm first)."
    ),
]
CategoryOption = Annotated[Category | None, typer.Option(help="Only this category.")]
ColorOption = Annotated[Color, typer.Option("--color", metavar="WHEN", help="auto (on a terminal), always or never.")]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="The same as --color=never.")]
NoPagerOption = Annotated[
    bool, typer.Option("--no-pager", help="Never page a long answer ($ERRCODE_PAGER, $PAGER or less).")
]


def _display(color: Color, no_color: bool, no_pager: bool = False) -> commands.Display:
    return commands.Display.chosen(color.value, no_color, no_pager)


def _version(value: bool) -> None:
    if value:  # route.py runs -V itself; this is for a command line that reaches Typer
        raise typer.Exit(commands.version())


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and the catalogue's."),
    ] = False,
) -> None:
    """Explain Binance-style API error codes: what happened, why, and what to do next. Offline."""


@app.command(epilog="Examples: errcode show -4164 | errcode -1021 -2015 | errcode min-notional | errcode 418")
def show(
    queries: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...", help="Codes (-4164, 4164), names (MIN_NOTIONAL), messages, HTTP statuses (418)."
        ),
    ],
    product: ProductOption = None,
    json_: JsonOption = False,
    color: ColorOption = AUTO,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
) -> int:
    """Explain codes, names, messages or HTTP statuses. `errcode X` is short for `errcode show X`.

    Without --product, a code is shown for every product that has it, usdm first.
    """
    return commands.show(queries, product, json_, _display(color, no_color, no_pager))


@app.command(
    epilog='Examples: errcode search tick size | errcode search "-2019 when opening a position" | errcode search margin insufficient -n 3 --json'
)
def search(
    words: Annotated[
        list[str],
        typer.Argument(metavar="WORDS...", help="Words from a message, a name, a filter or parameter, or your own."),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Show at most N rows (a code on several products is one).")
    ] = commands.SEARCH_LIMIT,
    category: CategoryOption = None,
    product: ProductOption = None,
    json_: JsonOption = False,
    color: ColorOption = AUTO,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
) -> int:
    """Search by words: a message, a name, a filter or parameter (LOT_SIZE, reduceOnly), or your own.

    Ranks every entry by how well it matches, best first, and shows each score (0-100) and the field
    that matched. Quotes are optional: `errcode search tick size` searches "tick size".
    """
    return commands.search(
        words, limit, category.value if category else None, product, json_, _display(color, no_color, no_pager)
    )


@app.command(
    "list",
    epilog="Examples: errcode list | errcode list --category rate-limit | errcode list --product spot --json > spot.json",
)
def list_codes(
    category: CategoryOption = None,
    product: ProductOption = None,
    json_: JsonOption = False,
    color: ColorOption = AUTO,
    no_color: NoColorOption = False,
    no_pager: NoPagerOption = False,
) -> int:
    """Every code, one line each (code, product, name, summary). With --json, the whole catalogue."""
    return commands.list_codes(
        category.value if category else None, product, json_, _display(color, no_color, no_pager)
    )


@app.command(
    epilog="Examples: curl -si URL | errcode diagnose | errcode diagnose bot.log --summary | errcode diagnose - --json"
)
def diagnose(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Files to read; '-' or nothing reads standard input.", show_default=False),
    ] = None,
    summary: Annotated[
        bool, typer.Option("--summary", help="Only count findings per code, most frequent first.")
    ] = False,
    product: Annotated[
        str | None,
        typer.Option(
            "--product",
            "-p",
            metavar="PRODUCT",
            help=f"Read every error as this product's: {PRODUCT_IDS} (default: from URLs, hosts or the message).",
        ),
    ] = None,
    json_: JsonOption = False,
    color: ColorOption = AUTO,
    no_color: NoColorOption = False,
) -> int:
    """Find and explain every Binance-style error in raw output: JSON bodies, curl -i/-v, library exceptions, logs.

    Exit 0 when errors were found and all are known, 1 when none were found, 4 when a code is unknown.
    """
    return commands.diagnose([str(f) for f in files or []] or ["-"], summary, product, json_, _display(color, no_color))


@app.command("help")
def help_command(
    ctx: typer.Context,
    command: Annotated[
        str | None, typer.Argument(metavar="[COMMAND]", help="The command to explain.", show_default=False)
    ] = None,
) -> int:
    """Show the help of errcode or of one command (the same as COMMAND --help)."""
    root = ctx.find_root()
    if command is None:
        typer.echo(root.get_help())
        return commands.ExitCode.OK
    chosen = root.command.get_command(root, command)  # type: ignore[attr-defined]
    if chosen is None:
        raise UsageError(f"unknown command {command!r}")
    typer.echo(chosen.get_help(type(ctx)(chosen, info_name=command, parent=root)))
    return commands.ExitCode.OK


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command(
    epilog="Examples: errcode completion bash > ~/.local/share/bash-completion/completions/errcode"
    " | errcode completion install | errcode completion install fish"
)
def completion(
    what: Annotated[
        str,
        typer.Argument(metavar="SHELL|install", help="bash, zsh or fish to print its script; install to install one."),
    ],
    shell: Annotated[Shell | None, typer.Argument(help="With install: the shell (default: from $SHELL).")] = None,
) -> int:
    """Print or install shell completion for codes, names, subcommands and options.

    The scripts hold every candidate, so completing starts no Python process.
    """
    return commands.completion(what, shell.value if shell else None, completion_spec())


def completion_spec() -> Any:
    """What the completion scripts offer, read from this app's commands and from the catalogue."""
    from .catalog import normalize_name
    from .completion import SHELLS, Command, Option, Spec

    group = typer.main.get_command(app)

    catalog = load_catalog()

    def choices(param: Any) -> tuple[str, ...]:
        if param.name == "product":
            return tuple(catalog.products)
        return tuple(getattr(param.type, "choices", ()) or ())

    def options(params: Sequence[Any]) -> tuple[Option, ...]:
        declared = (
            Option(tuple(p.opts + p.secondary_opts), p.help or "", not p.is_flag, choices(p))
            for p in params
            if p.param_type_name == "option"
        )
        return (*declared, Option(("--help", "-h"), "Show help and exit.", False))

    names_of_commands = tuple(group.commands)  # type: ignore[attr-defined]
    words = {"completion": (*SHELLS, "install"), "help": tuple(n for n in names_of_commands if n != "help")}
    commands = tuple(
        Command(
            name,
            (command.help or "").split("\n")[0],
            options(command.params),
            completes_files=any(p.param_type_name == "argument" and p.name == "files" for p in command.params),
            words=words.get(name, ()),
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


def option_table_source() -> str:
    """option_table.py: which options each command takes, for route.py (which must not import Typer)."""
    group = typer.main.get_command(app)

    def spec(param: Any) -> tuple[Any, ...]:
        minimum = getattr(param.type, "min", None)
        return (param.name, not param.is_flag, tuple(getattr(param.type, "choices", ()) or ()), minimum)

    table = {
        name: {
            opt: spec(p) for p in command.params if p.param_type_name == "option" for opt in p.opts + p.secondary_opts
        }
        for name, command in group.commands.items()  # type: ignore[attr-defined]
    }
    lines = [
        '"""Which options and words each command takes, for the front door (route.py). Generated from the Typer app; do not edit:',
        "",
        "    python -m errcodes_cli.cli > src/errcodes_cli/option_table.py",
        "",
        'tests/test_route.py fails while it is out of date."""',
        "",
        "# command -> option -> (parameter name, takes a value, choices, minimum)",
        "COMMANDS: dict[str, dict[str, tuple[str, bool, tuple[str, ...], int | None]]] = {",
    ]
    for name, options in table.items():
        lines.append(f"    {name!r}: {{")
        lines += [f"        {opt!r}: {value!r}," for opt, value in options.items()]
        lines.append("    },")
    lines.append("}")
    lines.append("# command -> what its words are: required, optional or none")
    lines.append("WORDS: dict[str, str] = {")
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        kind = "none" if not arguments else "required" if arguments[0].required else "optional"
        lines.append(f"    {name!r}: {kind!r},")
    lines += ["}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    sys.stdout.write(option_table_source())
