"""The front door: how a command line is read (route.py), and that both ways of running it agree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from errcodes_cli.commands import pasted_text
from errcodes_cli.route import read

from .helpers import codes_in, installed_env

ROOT = Path(__file__).resolve().parents[1]


def test_the_option_table_is_the_one_generated_from_the_typer_app() -> None:
    """Regenerate with `python -m errcodes_cli.cli > src/errcodes_cli/option_table.py`."""
    from errcodes_cli.cli import option_table_source

    assert (ROOT / "src" / "errcodes_cli" / "option_table.py").read_text(encoding="utf-8") == option_table_source()


@pytest.mark.parametrize(
    ("argv", "command", "words", "values"),
    [
        (["--json", "search", "tick"], "search", ("tick",), {"json_": ""}),
        (["-p", "spot", "list"], "list", (), {"product": "spot"}),
        (["--no-color", "diagnose"], "diagnose", (), {"no_color": ""}),
        (["-4164", "--json"], "show", ("-4164",), {"json_": ""}),
        (["-4164,"], "show", ("-4164,",), {}),
        (["search", "-2019", "when", "opening"], "search", ("-2019", "when", "opening"), {}),
        (["--color=always", "-n", "3", "search", "x"], "search", ("x",), {"color": "always", "limit": "3"}),
        (["search", "--", "--json"], "search", ("--json",), {}),
        (["-4164", "search"], "show", ("-4164", "search"), {}),  # only the first word can be a subcommand
    ],
)
def test_options_are_read_wherever_they_are(
    argv: list[str], command: str, words: tuple[str, ...], values: dict[str, str]
) -> None:
    route = read(argv)
    assert (route.command, route.words, route.values, route.direct) == (command, words, values, True)
    assert route.argv[0] == command and route.argv[route.argv.index("--") + 1 :] == words


@pytest.mark.parametrize(
    ("argv", "typer_argv"),
    [
        (["help"], ("--help",)), (["help", "search"], ("search", "--help")), (["search", "-h"], ("search", "--help", "--")),
        (["--jsn", "-4164"], ("show", "--jsn", "--", "-4164")), (["search", "x", "--limit", "0"], ("search", "--limit", "0", "--", "x")),
        (["list", "--category", "nope"], ("list", "--category", "nope", "--")), (["completion", "bash"], ("completion", "--", "bash")),
        (["search", "-n5", "x"], ("search", "-n5", "--", "x")),
    ],
)  # fmt: skip
def test_help_and_whatever_typer_must_refuse_goes_to_typer(argv: list[str], typer_argv: tuple[str, ...]) -> None:
    route = read(argv)
    assert not route.direct and route.argv == typer_argv


def test_a_pasted_body_or_log_line_is_text_to_diagnose() -> None:
    for words in (
        ['{"code":-2019,"msg":"Margin is insufficient."}'],
        ["APIError(code=-1021): Timestamp for this request"],
    ):
        assert pasted_text(words) == words[0]
    for words in (
        ["Margin is insufficient."],
        ["-4164 -2019"],
        ["-4164", "-2019"],
        ["-4164,"],
    ):  # a message, codes alone
        assert pasted_text(words) is None


TYPER_ONLY = (
    "import sys; from errcodes_cli.launch import _typer, guarded; from errcodes_cli.route import read; "
    "sys.exit(guarded(lambda: _typer(read(sys.argv[1:]).argv)))"
)

BOTH_WAYS = [
    ["-4164"], ["4164"], ["-1021", "-2015"], ["418"], ["-4164", "--json"], ["--no-color", "503", "-1003"], ["-2021", "--product", "spot"],
    ["-4178", "-p", "coinm", "--json"], ["MIN_NOTIONAL"], ["notional"], ["-99999"], ["Margin is insufficient."], ["--json", "-4164,", "(-2019)"],
    ["search", "tick size"], ["search", "tick", "size"], ["search", "-2019", "when", "opening", "a", "position"], ["--json", "search", "margin"],
    ["search", "tick", "size", "-n", "2", "--category", "filter"], ["search", "--product=coinm", "--limit=4", "notional"], ["search", "zzqx"],
    ["list", "--category", "auth"], ["-p", "spot", "list", "--json"], ["diagnose"], ["diagnose", "--summary", "--json"], ["diagnose", "-p", "usdm"],
    ["diagnose", "bot.log", "-"], ["diagnose", "missing.log"], ["diagnose", "--product", "nope"], ['{"code":-2019,"msg":"Margin is insufficient."}'],
    ["--version"],
]  # fmt: skip

LOG = (
    "POST https://api.binance.com/api/v3/order\n"
    '{"code":-1013,"msg":"Filter failure: NOTIONAL"}\n'
    "binance.error.ClientError: (400, -2015, 'Invalid API-key, IP, or permissions for action.', {})\n"
    '{"code":-9999,"msg":"made up"}\n'
)


@pytest.mark.parametrize("args", BOTH_WAYS)
def test_the_direct_route_prints_what_typer_prints(run_installed, tmp_path: Path, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert read(args).direct
    (tmp_path / "bot.log").write_text(LOG, encoding="utf-8")
    direct = run_installed(*args, input=LOG)
    typer = subprocess.run(
        [sys.executable, "-c", TYPER_ONLY, *args],
        check=False,
        input=LOG,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=installed_env(),
        timeout=60,
    )
    assert (direct.returncode, direct.stdout, direct.stderr) == (typer.returncode, typer.stdout, typer.stderr)
    assert direct.stdout or direct.stderr


@pytest.mark.parametrize(
    ("args", "stdin", "command"),
    [
        (["--no-color", "diagnose"], '{"code":-1021,"msg":"x"}', "diagnose"),
        (["--json", "search", "tick"], None, "search"),
        (["-p", "spot", "--json", "list"], None, "list"),
        (["--json", "-p", "coinm", "-4178"], None, "show"),
    ],
)
def test_installed_options_before_the_subcommand(
    run_installed, args: list[str], stdin: str | None, command: str
) -> None:  # type: ignore[no-untyped-def]
    result = run_installed(*args, input=stdin)
    assert result.returncode == 0, result.stderr
    if "--json" in args:
        document = json.loads(result.stdout)
        assert document["command"] == command
        if command == "list":
            assert {r["product"] for r in document["results"]} == {"spot"}
    else:
        assert result.stdout.splitlines()[1].startswith("-1021 INVALID_TIMESTAMP")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["serach", "tick"], "unknown command 'serach'; did you mean search?"),
        (["lsit", "--category", "auth"], "unknown command 'lsit'; did you mean list?"),
        (["help", "nope"], "unknown command 'nope'; the commands are show, search, list, diagnose, completion"),
    ],
)
def test_installed_mistyped_subcommands_exit_2_with_nothing_on_stdout(
    run_installed, args: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    result = run_installed(*args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"errcode: {message}\n")


def test_installed_version_help_and_help_command(run_installed) -> None:  # type: ignore[no-untyped-def]
    assert run_installed("-V").stdout == run_installed("--version").stdout
    assert run_installed("-V").stdout.startswith("errcode ")
    general = run_installed("help")
    assert general.returncode == 0 and "Commands:" in general.stdout and "ERRCODE_PAGER" in general.stdout
    assert run_installed("help", "search").stdout == run_installed("search", "--help").stdout
    assert "Usage: errcode search" in run_installed("help", "search").stdout


@pytest.mark.parametrize("pasted", ["-4164,", '"-4164"', "(-4164)", "code=-4164", '"code":-4164,', "\u22124164"])
def test_installed_pasted_codes_are_looked_up(run_installed, pasted: str) -> None:  # type: ignore[no-untyped-def]
    result = run_installed(pasted, "--json")
    assert result.returncode == 0, result.stderr
    assert codes_in(result.stdout) == [-4164, -4164]  # usdm's and pm's


@pytest.mark.parametrize(
    ("message", "code"),
    [("Margin is insufficient.", -2019), ("margin is insufficient", -2019), ("Timestamp for this request is outside of the recvWindow.", -1021),
     ("Order's notional must be no smaller than 5.0 (unless you choose reduce only)", -4164)],
)  # fmt: skip
def test_installed_documented_message_explains_its_code(run_installed, message: str, code: int) -> None:  # type: ignore[no-untyped-def]
    result = run_installed(message, "--json")
    assert result.returncode == 0, result.stderr
    assert code in codes_in(result.stdout)


@pytest.mark.parametrize(
    ("pasted", "code", "exit_code"),
    [
        ('{"code":-2019,"msg":"Margin is insufficient."}', -2019, 0),
        (
            "binance.exceptions.BinanceAPIException: APIError(code=-1021): Timestamp for this request was 1000ms ahead of the server's time.",
            -1021,
            0,
        ),
        ('{"code":-9999,"msg":"made up"}', -9999, 4),
    ],
)
def test_installed_pasted_body_or_log_line_is_diagnosed(run_installed, pasted: str, code: int, exit_code: int) -> None:  # type: ignore[no-untyped-def]
    result = run_installed(pasted, "--json")
    assert result.returncode == exit_code, result.stderr
    document = json.loads(result.stdout)
    assert document["command"] == "diagnose" and [f["code"] for f in document["results"]] == [code]
    human = run_installed(pasted)
    assert human.returncode == exit_code and str(code) in human.stdout


@pytest.mark.parametrize("args", [["show"], ["search"], ["search", "--limit", "3"], ["--json", "show"]])
def test_a_command_without_its_words_is_a_usage_error(run_installed, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = run_installed(*args)
    assert (result.returncode, result.stdout) == (2, "") and "Missing argument" in result.stderr


def test_list_with_words_is_a_usage_error(run_installed) -> None:  # type: ignore[no-untyped-def]
    result = run_installed("list", "extra")
    assert (result.returncode, result.stdout) == (2, "") and "unexpected extra argument" in result.stderr


def test_codes_pasted_as_one_word_are_each_looked_up(run_installed) -> None:  # type: ignore[no-untyped-def]
    result = run_installed("-1021 -2015,", "-p", "spot", "--json")
    assert result.returncode == 0 and codes_in(result.stdout) == [-1021, -2015]
