"""diagnose as a person reads it: each distinct error explained once, repeats in a line, a closing count,
progress on a long file, and the counts kept when Ctrl-C ends a live pipe."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from errcodes_cli.diagnosis import diagnose
from errcodes_cli.report import distinct_key

from .helpers import installed_env, run_in_terminal

MARGIN = '{"code":-2019,"msg":"Margin is insufficient."}\n'
BAN = '{{"code":-1003,"msg":"Way too many requests; IP banned until {}. Please use the websocket for live updates to avoid bans."}}\n'
SYMBOL = '{"code":-1121,"msg":"Invalid symbol."}\n'


def test_a_repeated_error_is_explained_once_and_then_counted(run_installed) -> None:  # type: ignore[no-untyped-def]
    log = MARGIN + "noise\n" + MARGIN + SYMBOL + MARGIN * 3
    result = run_installed("diagnose", input=log)
    assert result.returncode == 0
    out = result.stdout
    assert out.count("Why:") == 2  # -2019 and -1121, once each
    assert out.count("Not enough available margin") == 1
    for line, nth in ((3, "2nd"), (5, "3rd"), (6, "4th"), (7, "5th")):
        assert f"line {line}: -2019 again, {nth} time" in out
    assert "findings," not in out, "the closing count is for a terminal"
    document = json.loads(run_installed("diagnose", "--json", input=log).stdout)
    assert [f["code"] for f in document["results"]] == [-2019, -2019, -1121, -2019, -2019, -2019], (
        "JSON keeps every finding"
    )


def test_a_repeat_keeps_its_own_facts(run_installed) -> None:  # type: ignore[no-untyped-def]
    result = run_installed("diagnose", input=BAN.format(1700000000000) + BAN.format(1700000999000))
    (repeat,) = [line for line in result.stdout.splitlines() if "again" in line]
    assert repeat.startswith("line 2: -1003 again, 2nd time") and "banned_until: 2023-11-14T22:29:59Z" in repeat


def test_distinct_means_same_product_code_and_template() -> None:
    one, two, other = diagnose(BAN.format(1700000000000) + BAN.format(1800000000000) + MARGIN)
    assert distinct_key(one) == distinct_key(two) != distinct_key(other)
    spot, futures = (
        diagnose('{"code":-1121,"msg":"Invalid symbol."}\n'),
        diagnose('{"code":-1121,"msg":"Invalid symbol."}\n', product="spot"),
    )
    assert distinct_key(spot[0]) != distinct_key(futures[0])


@pytest.mark.parametrize(
    ("log", "count"), [(MARGIN * 5 + SYMBOL, "6 findings, 2 distinct"), (MARGIN, "1 finding, 1 distinct")]
)
def test_on_a_terminal_the_run_ends_with_a_count(errcode_bin: Path, log: str, count: str) -> None:
    code, shown = run_in_terminal(errcode_bin, "diagnose", "--no-color", stdin_tty=False, data=log.encode())
    text = shown.decode()
    assert code == 0 and text.rstrip().endswith(count)


def test_many_findings_suggest_summary(errcode_bin: Path) -> None:
    code, shown = run_in_terminal(errcode_bin, "diagnose", "--no-color", stdin_tty=False, data=(MARGIN * 12).encode())
    assert code == 0 and b"12 findings, 1 distinct; `errcode diagnose --summary` counts them per code" in shown


def test_progress_on_a_long_file_is_transient_and_findings_print_above_it(errcode_bin: Path, tmp_path: Path) -> None:
    busy = (
        "2026-01-01 12:00:00 INFO GET https://fapi.binance.com/fapi/v1/order?symbol=BTCUSDT 200 OK in 12 ms\n" * 30000
    )
    log = tmp_path / "bot.log"
    log.write_text((busy + MARGIN) * 4, encoding="utf-8")  # about 12 MB: a few seconds to read
    code, shown = run_in_terminal(errcode_bin, "diagnose", str(log), "--no-color")
    assert code == 0
    assert b"reading " in shown and b"findings so far" in shown
    assert shown.count(b": -2019 again") == 3
    last_progress = shown.rfind(b"findings so far")
    assert re.search(rb"\x1b\[2?K", shown[last_progress:]), "the progress display is taken off at the end"
    quiet = subprocess.run(
        [str(errcode_bin), "diagnose", str(log)], capture_output=True, env=installed_env(), timeout=120, check=False
    )
    assert b"reading" not in quiet.stderr, "no progress when stderr is not a terminal"


def _interrupted_live_pipe(errcode_bin: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """`tail -f bot.log | errcode diagnose ARGS`, Ctrl-C after a few errors have arrived."""
    proc = subprocess.Popen(
        [str(errcode_bin), "diagnose", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=installed_env(),
    )
    assert proc.stdin is not None
    proc.stdin.write((MARGIN * 3 + SYMBOL).encode())
    proc.stdin.flush()
    time.sleep(1.5)  # read, and waiting for more
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_ctrl_c_during_summary_prints_the_counts_so_far(errcode_bin: Path) -> None:
    result = _interrupted_live_pipe(errcode_bin, "--summary")
    assert result.returncode == 130
    lines = result.stdout.decode().splitlines()
    assert lines[0].split() == ["count", "product", "code", "name"]
    assert lines[1].split() == ["3", "usdm", "-2019", "MARGIN_NOT_SUFFICIEN"] and lines[2].split()[:3] == [
        "1",
        "usdm",
        "-1121",
    ]
    assert b"interrupted" in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--summary", "--json"], ["--json"]])
def test_ctrl_c_under_json_still_closes_a_valid_document(errcode_bin: Path, args: list[str]) -> None:
    result = _interrupted_live_pipe(errcode_bin, *args)
    assert result.returncode == 130
    document = json.loads(result.stdout)
    assert document["interrupted"] is True and document["command"] == "diagnose"
    if "--summary" in args:
        assert [(r["code"], r["count"]) for r in document["results"]] == [(-2019, 3), (-1121, 1)]
    else:
        assert [r["code"] for r in document["results"]] == [-2019] * 3 + [-1121]
