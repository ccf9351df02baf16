"""The process behaves: Ctrl-C, live input, no HOME, no network, and secrets never echoed in any output mode."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

NO_NETWORK = """
import socket

def _refuse(*args, **kwargs):
    open({marker!r}, "w").close()
    raise OSError("errcode must not open network connections")

socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
"""


def test_ctrl_c_in_a_long_diagnose_exits_130_quietly(errcode_bin: Path) -> None:
    proc = subprocess.Popen(
        [str(errcode_bin), "diagnose"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdin is not None
    proc.stdin.write(b'{"code":-1121,"msg":"Invalid symbol."}\n' * 1000)
    proc.stdin.flush()
    time.sleep(1.5)  # well inside the read loop, waiting for more input
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err


def test_a_live_pipe_is_explained_as_lines_arrive(errcode_bin: Path) -> None:
    """tail -f bot.log | errcode diagnose: an error is shown while the pipe is still open."""
    import os
    import pty
    import select

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [str(errcode_bin), "diagnose", "--no-color"], stdin=subprocess.PIPE, stdout=follower, stderr=follower
    )
    os.close(follower)
    assert proc.stdin is not None
    try:
        proc.stdin.write(b'{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}\n')
        proc.stdin.flush()
        shown = b""
        deadline = time.monotonic() + 20
        while b"INVALID_TIMESTAMP" not in shown and time.monotonic() < deadline:
            if select.select([leader], [], [], 0.2)[0]:
                shown += os.read(leader, 4096)
        assert b"INVALID_TIMESTAMP" in shown
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
        os.close(leader)


@pytest.mark.parametrize("home", [None, "/nonexistent/home"])
def test_works_without_a_usable_home(run_installed, home: str | None) -> None:  # type: ignore[no-untyped-def]
    for args in (["-4164"], ["search", "tick size"], ["MIN_NOTIONAL"]):
        proc = run_installed(*args, env={"HOME": home})
        assert proc.returncode == 0, proc.stderr


def test_no_command_opens_a_network_connection(run_installed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    guard = tmp_path / "guard"
    guard.mkdir()
    marker = tmp_path / "network-was-used"
    (guard / "sitecustomize.py").write_text(NO_NETWORK.format(marker=str(marker)), encoding="utf-8")
    env = {"PYTHONPATH": str(guard)}
    runs = [
        (["-4164"], None),
        (["MIN_NOTIONAL", "--json"], None),
        (["search", "tick size"], None),
        (["list", "--json"], None),
        (["diagnose", "--json"], 'GET https://fapi.binance.com/fapi/v1/order\n{"code":-1021,"msg":"x"}\n'),
        (["completion", "fish"], None),
        (["--version"], None),
    ]
    for args, stdin in runs:
        proc = run_installed(*args, input=stdin, env=env)
        assert proc.returncode == 0, (args, proc.stderr)
    assert not marker.exists()


KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
SIGNATURE = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
LISTEN_KEY = "pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8"
SHORT_SECRET = "s3cr3t-Value_42"
SECRET_SHAPES = [
    f"X-MBX-APIKEY: {SHORT_SECRET}",
    f"x-mbx-apikey={SHORT_SECRET}",
    f"'X-MBX-APIKEY': '{SHORT_SECRET}'",
    f'\\"X-MBX-APIKEY\\":\\"{SHORT_SECRET}\\"',
    f"apiKey={SHORT_SECRET}",
    f"api_key: {SHORT_SECRET}",
    f"secret={SHORT_SECRET}",
    f"secretKey={SHORT_SECRET}",
    f"symbol=BTCUSDT&timestamp=1&signature={SHORT_SECRET}",
    f"listenKey={SHORT_SECRET}",
    f"Authorization: Bearer {SHORT_SECRET}",
    f"key {KEY} was used",
    f"sig {SIGNATURE}",
    f"wss://fstream.binance.com/ws/{LISTEN_KEY}",
]


@pytest.mark.parametrize("shape", SECRET_SHAPES)
def test_secrets_are_masked_in_every_output_mode(run_installed, shape: str) -> None:  # type: ignore[no-untyped-def]
    secret = next(s for s in (SHORT_SECRET, KEY, SIGNATURE, LISTEN_KEY) if s in shape)
    body = json.dumps({"code": -2015, "msg": f"Invalid API-key, IP, or permissions for action. {shape}"})
    for args in (["diagnose"], ["diagnose", "--json"], ["diagnose", "--summary"]):
        proc = run_installed(*args, input=body + "\n")
        assert proc.returncode == 0, proc.stderr
        assert secret not in proc.stdout and secret not in proc.stderr
    assert "[masked]" in run_installed("diagnose", input=body + "\n").stdout


def test_queries_echoed_on_errors_are_inert(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("\x1b]0;pwned\x07[bold]x[/]")
    assert proc.returncode == 1
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr and "[bold]x[/]" in proc.stderr
