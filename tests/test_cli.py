"""The command as a user meets it: in-process through the front door, and the installed script in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import SEARCH_KEYS, codes_in


@pytest.mark.parametrize(
    "args",
    [
        ["-4164"],
        ["4164"],
        ["\u22124164"],
        ["show", "-4164"],
        ["MIN_NOTIONAL"],
        ["min_notional"],
        ["min-notional"],
        ["show", "4164"],
    ],
)
def test_every_lookup_form_finds_the_code(cli, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("-4164 MIN_NOTIONAL")
    assert "\x1b" not in result.output


def test_several_codes_at_once_keep_their_order(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("-1021", "-2015", "--json")
    assert result.exit_code == 0, result.output
    assert codes_in(result.stdout) == [-1021] * 6 + [-2015] * 6  # each in all six products


def test_options_work_after_a_code_and_typos_are_usage_errors(cli) -> None:  # type: ignore[no-untyped-def]
    assert codes_in(cli("-4164", "--json").stdout) == [-4164, -4164]  # usdm's and pm's
    assert codes_in(cli("--json", "-4164").stdout) == [-4164, -4164]
    typo = cli("-4164", "--jsn")
    assert typo.exit_code == 2 and "No such option" in typo.output


def test_a_miss_exits_1_with_one_helpful_line(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("-99999")
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "-99999" in line and "did you mean" in line


def test_found_and_missed_together(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("-4164", "-99999", "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert codes_in(result.stdout) == [-4164, -4164] and document["not_found"] == ["-99999"]


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (["serach", "tick"], "search"),
        (["lsit", "--category", "auth"], "list"),
        (["shwo", "-4164"], "show"),
        (["diagnsoe"], "diagnose"),
    ],
)
def test_a_mistyped_subcommand_is_a_usage_error_whatever_follows(cli, args: list[str], meant: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"errcode: unknown command {args[0]!r}; did you mean {meant}?\n"


@pytest.mark.parametrize("word", ["stop", "notional", "margin"])  # near a subcommand, or not, but part of names
def test_a_word_that_is_part_of_names_is_looked_up(cli, word: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(word)
    assert result.exit_code == 0 and "names contain" in result.stdout


@pytest.mark.parametrize("word", ["nope", "zebra", "wibble"])
def test_a_miss_far_from_every_name_suggests_nothing(cli, word: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(word)
    assert (result.exit_code, result.stdout) == (1, "")
    assert "did you mean" not in result.stderr and f"errcode search {word}" in result.stderr


def test_http_status(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("418")
    assert result.exit_code == 0
    assert result.output.startswith("HTTP 418") and "ban" in result.output.lower()
    document = json.loads(cli("429", "--json").stdout)
    assert document["results"][0]["kind"] == "http" and document["results"][0]["status"] == 429


def test_partial_name_lists_all(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("NOTIONAL")
    assert result.exit_code == 0
    assert "-4164" in result.output and "-5029" in result.output


def test_search_json_and_limit(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("search", "tick size", "--json", "--limit", "2")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["command"] == "search"
    assert len({(r["code"], r["name"]) for r in document["results"]}) == 2  # the limit counts meanings
    assert document["results"][0]["code"] == -4014
    assert list(document["results"][0]) == SEARCH_KEYS
    plain = cli("search", "tick size")
    assert "-4014" in plain.output.splitlines()[0] and "100.0" in plain.output.splitlines()[0]


def test_search_with_no_word_the_catalogue_knows(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("search", "zzqx wibble")
    assert result.exit_code == 1 and result.stdout == "" and "no entry holds a word" in result.stderr


def test_list_and_category(cli, catalog) -> None:  # type: ignore[no-untyped-def]
    lines = cli("list").stdout.splitlines()
    assert len(lines) == len(catalog.entries)
    auth = cli("list", "--category", "auth").stdout
    assert "-2015" in auth and "-4164" not in auth
    bad = cli("list", "--category", "nonsense")
    assert bad.exit_code == 2


def test_list_json_exports_everything(cli, catalog) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(cli("list", "--json").stdout)
    assert document["command"] == "list" and len(document["results"]) == len(catalog.entries)
    assert {r["status"] for r in document["http_statuses"]} >= {418, 429}


def test_version_names_the_catalogue(cli, catalog) -> None:  # type: ignore[no-untyped-def]
    result = cli("--version")
    assert result.exit_code == 0 and catalog.version in result.output and catalog.updated in result.output


def test_help_has_examples_and_exit_codes(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--help")
    assert result.exit_code == 0
    assert "errcode -4164" in result.output and "Exit codes" in result.output


def test_broken_catalogue_exits_3(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "codes.json"
    broken.write_text('{"schema_version": 1}', encoding="utf-8")
    result = cli("-4164", env={"ERRCODE_CATALOG": str(broken)})
    assert result.exit_code == 3
    assert "codes.json" in result.stderr and "Traceback" not in result.output


# --- the installed command, from a scratch directory, output piped -----------------------------------


@pytest.mark.parametrize("args", [["-4164"], ["4164"], ["MIN_NOTIONAL"], ["show", "-4164"]])
def test_installed_lookup(run_installed, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed(*args)
    assert proc.returncode == 0, proc.stderr
    assert "-4164" in proc.stdout and "\x1b" not in proc.stdout


def test_installed_miss(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("-99999")
    assert proc.returncode == 1 and "-99999" in proc.stderr and "Traceback" not in proc.stderr


def test_installed_search_json(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("search", "tick size", "--json")
    assert proc.returncode == 0 and codes_in(proc.stdout)[0] == -4014


def test_installed_list_json_holds_the_published_lists(run_installed) -> None:  # type: ignore[no-untyped-def]
    from .test_catalog import PRODUCT_LISTS, aster_lists, official

    proc = run_installed("list", "--json")
    assert proc.returncode == 0
    results = {(r["product"], r["code"]): r for r in json.loads(proc.stdout)["results"]}
    for code, (name, messages) in aster_lists().items():
        assert results[("usdm", code)]["name"] == name and "aster" in results[("usdm", code)]["venues"]
        assert messages <= {m["text"] for m in results[("usdm", code)]["messages"]}
    for product in PRODUCT_LISTS:
        for item in official(product):
            found = results[(product, item["code"])]
            assert item["name"] in ([found["name"], *found["other_names"]] if found["name"] else [""])
            assert "binance" in found["venues"]
            assert set(item["messages"]) <= {m["text"] for m in found["messages"]}


@pytest.mark.parametrize("product", ["spot", "coinm", "options", "pm", "pmpro"])
def test_installed_list_exports_one_product(run_installed, product: str) -> None:  # type: ignore[no-untyped-def]
    from .test_catalog import official

    proc = run_installed("list", "--product", product, "--json")
    results = json.loads(proc.stdout)["results"]
    assert proc.returncode == 0 and {r["product"] for r in results} == {product}
    assert sorted(r["code"] for r in results) == sorted({i["code"] for i in official(product)})


def test_installed_http_and_version(run_installed) -> None:  # type: ignore[no-untyped-def]
    teapot = run_installed("418")
    assert teapot.returncode == 0 and "ban" in teapot.stdout.lower()
    assert run_installed("--version").returncode == 0


def test_installed_no_color_and_module_entry(run_installed, errcode_bin) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    assert "\x1b" not in run_installed("-4164", env={"NO_COLOR": "1", "TERM": "xterm-256color"}).stdout
    module = subprocess.run(
        [sys.executable, "-m", "errcodes_cli", "-4164"], capture_output=True, text=True, timeout=60, check=False
    )
    assert module.returncode == 0 and module.stdout.startswith("-4164 MIN_NOTIONAL")


def test_every_environment_variable_is_in_the_help_and_the_readme(cli) -> None:  # type: ignore[no-untyped-def]
    from errcodes_cli.cli import ENVIRONMENT

    shown = cli("--help").stdout
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("**Environment.**") : readme.index("How a word is read")]
    for name, _ in ENVIRONMENT:
        assert f"  {name} " in shown and f"`{name}`" in table, name
