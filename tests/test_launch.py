"""The direct lookup, search and diagnose routes print exactly what the Typer route prints."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from errcodes_cli.launch import direct_diagnose, direct_lookup, direct_search

TYPER_ONLY = "import sys; from errcodes_cli.cli import main; sys.argv[0] = 'errcode'; main()"


def via_typer(args: list[str], cwd: object, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The same command line through the Typer app, never the direct routes."""
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "ERRCODE_CATALOG"}}
    return subprocess.run([sys.executable, "-c", TYPER_ONLY, *args], input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


@pytest.mark.parametrize(
    "args",
    [
        ["-4164"], ["4164"], ["\u22124164"], ["-1021", "-2015"], ["418"], ["-4164", "--json"], ["--no-color", "503", "-1003"],
        ["-2021"], ["-1000"], ["-2021", "--product", "spot"], ["-4178", "-p", "coinm", "--json"], ["-5050"],
    ],  # fmt: skip
)
def test_both_routes_print_the_same(run_installed, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    direct = run_installed(*args)
    via_typer = run_installed("show", *args)
    assert direct.returncode == via_typer.returncode == 0
    assert direct.stdout == via_typer.stdout and direct.stdout
    assert direct.stderr == via_typer.stderr == ""


@pytest.mark.parametrize("args", [[], ["MIN_NOTIONAL"], ["-99999"], ["-4164", "-99999"], ["-4164", "--jsn"], ["--help"], ["list"]])
def test_anything_else_takes_the_full_route(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert direct_lookup(args) is False
    assert capsys.readouterr().out == ""


SEARCHES = [
    ["search", "tick size"], ["search", "tick", "size"], ["search", "-2019", "when", "opening", "a", "position"],
    ["search", "margin insufficient", "--json"], ["search", "--limit", "3", "order", "rejected"],
    ["search", "tick", "size", "-n", "2", "--category", "filter"], ["search", "Filter failure: NOTIONAL", "-p", "spot"],
    ["search", "--product=coinm", "--limit=4", "notional", "--no-color"], ["search", "listen key", "--category=auth", "--json"],
]  # fmt: skip


@pytest.mark.parametrize("args", SEARCHES)
def test_both_search_routes_print_the_same(run_installed, tmp_path, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    direct = run_installed(*args)
    full = via_typer(args, tmp_path)
    assert direct.returncode == full.returncode == 0, full.stderr
    assert direct.stdout == full.stdout and direct.stdout
    assert direct.stderr == full.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ["search"], ["search", "zzqx wibble"], ["search", "how to fix error"], ["search", "--limit", "0", "x"], ["search", "--limit"],
        ["search", "x", "--category", "nope"], ["search", "x", "--product", "nope"], ["search", "--help"], ["search", "-n5", "x"],
        ["search", "invalid", "--bogus"], ["search", "zzqx", "wibble"], ["show", "tick size"],
    ],  # fmt: skip
)
def test_any_other_search_takes_the_full_route(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert direct_search(args) is False
    assert capsys.readouterr().out == ""


LOG = (
    "POST https://api.binance.com/api/v3/order\n"
    '{"code":-1013,"msg":"Filter failure: NOTIONAL"}\n'
    "binance.error.ClientError: (400, -2015, 'Invalid API-key, IP, or permissions for action.', {})\n"
    '{"code":-9999,"msg":"made up"}\n'
)


@pytest.mark.parametrize(
    "args",
    [
        ["diagnose"], ["diagnose", "-"], ["diagnose", "--summary"], ["diagnose", "--json"], ["diagnose", "--summary", "--json"],
        ["diagnose", "-p", "usdm", "--no-color"], ["diagnose", "--product=coinm"], ["diagnose", "./bot.log", "--json"],
        ["diagnose", "bot.log", "-", "--summary"], ["diagnose", "--product", "nope"], ["diagnose", "missing.log"],
    ],  # fmt: skip
)
def test_both_diagnose_routes_print_the_same(run_installed, tmp_path, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "bot.log").write_text(LOG, encoding="utf-8")
    direct = run_installed(*args, input=LOG)
    full = via_typer(args, tmp_path, stdin=LOG)
    assert (direct.returncode, direct.stdout, direct.stderr) == (full.returncode, full.stdout, full.stderr)
    assert direct.stdout or direct.returncode == 2


@pytest.mark.parametrize("args", [["diagnose", "--help"], ["diagnose", "--jsn"], ["diagnose", "-p"], ["diagnose", "--", "x"], ["show", "-1"], []])
def test_any_other_diagnose_takes_the_full_route(args: list[str]) -> None:
    assert direct_diagnose(args) is None
