"""`errcode diagnose` as a user meets it: pipes, files, exit codes, JSON, summary, a real terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import results_of, run_in_terminal

TIMESTAMP_AHEAD = '{"code":-1021,"msg":"Timestamp for this request was 1000ms ahead of the server\'s time."}'


def results(stdout: str) -> list[dict[str, object]]:
    return results_of(stdout, "diagnose")


def test_clock_ahead(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("diagnose", "--json", input=TIMESTAMP_AHEAD)
    assert proc.returncode == 0, proc.stderr
    (finding,) = results(proc.stdout)
    assert finding["code"] == -1021 and finding["facts"]["clock"] == "ahead"  # type: ignore[index]
    assert "1000 ms" in finding["facts"]["advice"]  # type: ignore[index]


def test_min_notional_threshold(run_installed) -> None:  # type: ignore[no-untyped-def]
    line = "APIError(code=-4164): Order's notional must be no smaller than 100 (unless you choose reduce only)\n"
    proc = run_installed("diagnose", "--json", input=line)
    (finding,) = results(proc.stdout)
    assert finding["code"] == -4164 and finding["facts"]["threshold"] == 100  # type: ignore[index]
    assert finding["params"] == ["100"]


def test_code_inferred_from_ccxt_text(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed(
        "diagnose", "--json", input="ccxt.base.errors.InvalidOrder: binance Order would immediately trigger.\n"
    )
    (finding,) = results(proc.stdout)
    assert finding["code"] == -2021 and finding["inferred"] is True


def test_nothing_found_exits_1(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("diagnose", input='{"orderId":1,"status":"NEW"}\n')
    assert proc.returncode == 1 and "no Binance-style error" in proc.stderr and proc.stdout == ""
    empty = run_installed("diagnose", "--json", input="")
    assert empty.returncode == 1 and results(empty.stdout) == []


def test_unknown_code_exits_4(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("diagnose", input='{"code":-9999,"msg":"Something new"}\n')
    assert proc.returncode == 4 and "-9999" in proc.stdout and "Something new" in proc.stdout


def test_files_and_dash(run_installed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "bot.log"
    log.write_text('{"code":-2019,"msg":"Margin is insufficient."}\n', encoding="utf-8")
    proc = run_installed("diagnose", str(log), "-", "--json", input='{"code":-1121,"msg":"Invalid symbol."}\n')
    assert [(r["code"], r["source"], r["line"]) for r in results(proc.stdout)] == [
        (-2019, str(log), 1),
        (-1121, "-", 1),
    ]
    plain = run_installed("diagnose", str(log), "-", input='{"code":-1121,"msg":"Invalid symbol."}\n')
    assert plain.stdout.startswith(f"{log} line 1") and "\n- line 1" in plain.stdout
    single = run_installed("diagnose", str(log))
    assert single.stdout.startswith("line 1,")
    missing = run_installed("diagnose", str(tmp_path / "nope.log"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr and "Traceback" not in missing.stderr


def test_summary_counts_most_frequent_first(run_installed) -> None:  # type: ignore[no-untyped-def]
    text = '{"code":-2019,"msg":"Margin is insufficient."}\n' * 3 + '{"code":-1121,"msg":"Invalid symbol."}\n'
    proc = run_installed("diagnose", "--summary", "--json", input=text)
    document = json.loads(proc.stdout)
    assert document["results"] == [
        {"product": "usdm", "code": -2019, "name": "MARGIN_NOT_SUFFICIEN", "count": 3},
        {"product": "usdm", "code": -1121, "name": "BAD_SYMBOL", "count": 1},
    ]
    plain = run_installed("diagnose", "--summary", input=text).stdout.splitlines()
    assert "-2019" in plain[1] and "3" in plain[1] and "-1121" in plain[2]


def test_markup_and_escapes_in_input_stay_inert(run_installed) -> None:  # type: ignore[no-untyped-def]
    hostile = '{"code":-1121,"msg":"[bold red]boom[/] \\u001b]0;pwned\\u0007 \\u001b[2J"}\n'
    proc = run_installed("diagnose", input=hostile)
    assert proc.returncode == 0
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "[bold red]boom[/]" in proc.stdout and "\\x1b]0;pwned" in proc.stdout
    as_json = run_installed("diagnose", "--json", input=hostile)
    assert as_json.stdout.isascii() and "\x1b" not in as_json.stdout
    assert results(as_json.stdout)[0]["message"] == "[bold red]boom[/] \x1b]0;pwned\x07 \x1b[2J"


def test_secrets_never_reach_the_output(run_installed) -> None:  # type: ignore[no-untyped-def]
    key = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    text = (
        f"> GET /fapi/v1/order?symbol=BTCUSDT&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71 HTTP/2\n"
        f"> X-MBX-APIKEY: {key}\n< HTTP/2 401\n"
        f'{{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action. apiKey={key}"}}\n'
    )
    for args in (["diagnose"], ["diagnose", "--json"]):
        proc = run_installed(*args, input=text)
        assert key not in proc.stdout and "c8db56825ae71d6d" not in proc.stdout
        assert "-2015" in proc.stdout


def test_terminal_with_nothing_piped_prints_usage(errcode_bin: Path) -> None:
    code, output = run_in_terminal(errcode_bin, "diagnose")
    assert code == 2 and b"pipe something in" in output


def test_terminal_output_is_rich_but_input_stays_inert(errcode_bin: Path) -> None:
    code, output = run_in_terminal(
        errcode_bin,
        "diagnose",
        stdin_tty=False,
        data=b'{"code":-1121,"msg":"x \\u001b]52;c;cGF5bG9hZA==\\u0007 [link=http://evil]y[/link]"}\n',
    )
    assert code == 0
    assert b"\x1b[" in output, "a terminal gets colour"
    assert b"\x1b]52" not in output and b"\x07" not in output and b"[link=http://evil]y[/link]" in output


def test_lookup_on_a_terminal_is_coloured(errcode_bin: Path) -> None:
    code, output = run_in_terminal(errcode_bin, "-4164", env={"ERRCODE_PAGER": ""})
    assert code == 0 and b"\x1b[" in output and b"MIN_NOTIONAL" in output


@pytest.mark.parametrize("args", [["diagnose", "--help"], ["--help"]])
def test_help_mentions_diagnose(run_installed, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed(*args)
    assert proc.returncode == 0 and "diagnose" in proc.stdout
