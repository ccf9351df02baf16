"""The front door's reading of a command line: which command, its words, its options. One route for all.

What people type, and how it is read (the README's "How a word is read"):
- Options may come anywhere, before or after the subcommand (`errcode --json search tick`), as gh
  and ruff take them. Words that look like codes (-4164, -4164, with pasted punctuation) are words,
  never options; everything after `--` is a word.
- The first word is a subcommand when it is one; `help [COMMAND]` is `[COMMAND] --help`.
- A first word of lower-case letters within Damerau-Levenshtein distance 2 of a subcommand, and
  neither a name nor part of one, is a mistyped subcommand: a usage error, whatever follows.
- Otherwise the words are looked up (`show`; see commands.show for a pasted body or log line).

The option table comes from the Typer app (option_table.py, generated and drift-tested), so this
reading and Typer's cannot disagree on which options exist and which take a value. A command line
whose options are all known and well-formed is run here without Typer (start-up time); any other goes
to Typer in the canonical form `COMMAND OPTIONS... -- WORDS...`, for its help text or its usage error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from . import option_table
from .catalog import pasted_number


@dataclass(frozen=True)
class OptionSpec:
    """What the Typer app declares about one option (read from option_table.py)."""

    dest: str  # the command function's parameter
    takes_value: bool
    choices: tuple[str, ...] = ()
    minimum: int | None = None


COMMANDS: dict[str, dict[str, OptionSpec]] = {
    command: {name: OptionSpec(*spec) for name, spec in options.items()}
    for command, options in option_table.COMMANDS.items()
}

HELP = "help"
RUN_HERE = frozenset({"show", "search", "list", "diagnose"})  # the others' output is Typer's (help, completion scripts)
_HELP_OPTIONS = frozenset({"--help", "-h"})
_VERSION_OPTIONS = frozenset({"--version", "-V"})
_MISTYPED_DISTANCE = 2
_LOWER_WORD = re.compile(r"[a-z]+")
_ANY_OPTION: dict[str, OptionSpec] = {name: spec for options in COMMANDS.values() for name, spec in options.items()}


@dataclass(frozen=True)
class Route:
    """A command line as read: the command and what it was given, or why it cannot run.

    `values` maps each option's parameter name to its value ("" for a flag); `argv` is the same command
    line as Typer reads it. `direct` says the commands layer can run it as read; `problem` is a usage
    error to report (exit 2) instead of running anything.
    """

    command: str | None
    words: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)
    argv: tuple[str, ...] = ()
    direct: bool = False
    problem: str | None = None


def looks_like_value(token: str) -> bool:
    """A token that starts with '-' but is a word: a code (-4164, pasted as -4164, too), '-' (stdin), or text with spaces."""
    return token == "-" or " " in token or pasted_number(token) is not None


def read(argv: Sequence[str], is_name: Callable[[str], bool] = lambda word: False) -> Route:
    """Read a command line; `is_name` says whether a word is an error name or part of one."""
    command: str | None = None
    words: list[str] = []
    options: list[str] = []  # as given, for Typer
    values: dict[str, str] = {}
    unknown = wants_help = wants_version = False
    tokens = iter(argv)
    for token in tokens:
        if token == "--":
            words.extend(tokens)
            break
        name, equals, attached = token.partition("=")
        if not token.startswith("-") or looks_like_value(token):
            if command is None and not words and token in COMMANDS:
                command = token
            else:
                words.append(token)
            continue
        if token in _HELP_OPTIONS:
            wants_help = True
            continue
        if token in _VERSION_OPTIONS:
            wants_version = True
            continue
        options.append(token)
        if token in _ANY_OPTION and _ANY_OPTION[token].takes_value:
            value = next(tokens, None)
            if value is None:
                unknown = True
            else:
                options.append(value)
                values[_ANY_OPTION[token].dest] = value
        elif equals and name.startswith("--") and name in _ANY_OPTION and _ANY_OPTION[name].takes_value:
            values[_ANY_OPTION[name].dest] = attached
        elif token in _ANY_OPTION:
            values[_ANY_OPTION[token].dest] = ""
        else:
            unknown = True

    if wants_version:
        return Route("version", argv=("--version",), direct=True)
    if command == HELP:
        if words and words[0] not in COMMANDS:
            return Route(
                None,
                problem=f"unknown command {words[0]!r}; the commands are {', '.join(c for c in COMMANDS if c != HELP)}",
            )
        return Route(None, argv=(*words[:1], "--help"))
    if command is None and words:
        mistyped = _mistyped_command(words[0], is_name)
        if mistyped is not None:
            return Route(None, problem=f"unknown command {words[0]!r}; did you mean {mistyped}?")
    if command is None and not words:
        return Route(None, argv=("--help",) if wants_help else ())  # Typer shows the help
    command = command or "show"
    argv_out = (command, *options, *(("--help",) if wants_help else ()), "--", *words)
    known = COMMANDS[command]
    direct = (
        command in RUN_HERE
        and not (unknown or wants_help)
        and option_table.WORDS[command] != ("none" if words else "required")  # else Typer reports the argument
        and all(_fits(known, option, values) for option in options if option.startswith("-"))
    )
    return Route(command, tuple(words), values, argv_out, direct=direct)


def _fits(known: dict[str, OptionSpec], option: str, values: dict[str, str]) -> bool:
    """Whether the command takes this option and its value is one Typer would accept."""
    spec = known.get(option.partition("=")[0] if option.startswith("--") else option)
    if spec is None:
        return False
    if not spec.takes_value:
        return True
    value = values[spec.dest]
    if spec.choices:
        return value in spec.choices
    if spec.minimum is not None:
        return value.isascii() and value.isdigit() and int(value) >= spec.minimum
    return True


def _mistyped_command(word: str, is_name: Callable[[str], bool]) -> str | None:
    """The subcommand a first word is a typo of, if it is one (see the module docstring)."""
    if not _LOWER_WORD.fullmatch(word):
        return None
    from rapidfuzz.distance import DamerauLevenshtein

    distances = {c: DamerauLevenshtein.distance(word, c) for c in COMMANDS}
    nearest = min(distances, key=lambda c: distances[c])
    if distances[nearest] > _MISTYPED_DISTANCE or is_name(word):
        return None
    return nearest
