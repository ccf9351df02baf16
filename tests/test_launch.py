"""The direct lookup route prints exactly what the Typer route prints."""

from __future__ import annotations

import pytest

from errcodes_cli.launch import direct_lookup


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
