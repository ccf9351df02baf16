"""The direct lookup and search routes print exactly what the Typer route prints."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from errcodes_cli.launch import direct_lookup, direct_search


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
    ["search", "tick size"], ["search", "margin insufficient", "--json"], ["search", "--limit", "3", "order"],
    ["search", "order", "-n", "2", "--category", "filter"], ["search", "Filter failure: NOTIONAL", "-p", "spot"],
    ["search", "--product=coinm", "--limit=4", "notional", "--no-color"], ["search", "listen key", "--category=auth", "--json"],
]  # fmt: skip


@pytest.mark.parametrize("args", SEARCHES)
def test_both_search_routes_print_the_same(run_installed, tmp_path, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    direct = run_installed(*args)
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "ERRCODE_CATALOG"}}
    typer_only = "import sys; from errcodes_cli.cli import main; sys.argv[0] = 'errcode'; main()"
    via_typer = subprocess.run([sys.executable, "-c", typer_only, *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert direct.returncode == via_typer.returncode == 0, via_typer.stderr
    assert direct.stdout == via_typer.stdout and direct.stdout
    assert direct.stderr == via_typer.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ["search"], ["search", "zzqx wibble"], ["search", "a", "b"], ["search", "--limit", "0", "x"], ["search", "--limit"],
        ["search", "x", "--category", "nope"], ["search", "x", "--product", "nope"], ["search", "--help"], ["search", "-n5", "x"],
        ["search", "-4164"], ["show", "tick size"],
    ],  # fmt: skip
)
def test_any_other_search_takes_the_full_route(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert direct_search(args) is False
    assert capsys.readouterr().out == ""
