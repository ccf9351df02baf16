"""Benchmark: diagnose throughput (MB/s) and peak memory on a generated bot log.

Run by hand:  python bench/diagnose_throughput.py [--mb 100] [--runs 3]
It writes a log of mixed shapes (one error per 50 lines) to a temp dir, then times
`errcode diagnose --summary FILE` against `grep -oE '"code": ?-[0-9]+' | sort | uniq -c` on the same
file, in alternating runs, and prints the median times, the ratio, MB/s and the peak RSS. It also times
the same bytes through a pipe (`cat FILE | errcode diagnose --summary`), where no helper process
searches ahead.
Python's bytecode cache is on for every run (PYTHONDONTWRITEBYTECODE is dropped), as for an installed
command.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ERRORS = [
    '{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}',
    "binance.exceptions.BinanceAPIException: APIError(code=-4164): Order's notional must be no smaller than 100 (unless you choose reduce only)",
    "binance.error.ClientError: (400, -2015, 'Invalid API-key, IP, or permissions for action.', {'x-mbx-used-weight-1m': '3'})",
    'ccxt.base.errors.InsufficientFunds: binance {"code":-2019,"msg":"Margin is insufficient."}',
    "<APIError> code=-1106, msg=Parameter 'reduceOnly' sent when not required.",
    '[{"orderId":1,"status":"NEW"},{"code":-2022,"msg":"ReduceOnly Order is rejected."}]',
    "ccxt.base.errors.InvalidOrder: binance Order would immediately trigger.",
    "{'code': -1121, 'msg': 'Invalid symbol.'}",
]
ORDINARY = [
    '{"e":"ORDER_TRADE_UPDATE","E":1700000000000,"o":{"s":"BTCUSDT","S":"BUY","p":"-1021.5","q":"0.010","i":8389765}}',
    "INFO strategy: signal long BTCUSDT price=37012.40 qty=0.012 id=4164 tp=37500 sl=36800",
    "DEBUG ws: kline BTCUSDT 1m o=37001.1 h=37020.0 l=36990.5 c=37012.4 v=123.456",
    "INFO order 283194212 FILLED avgPrice=37012.40 pnl=-2019.25 fee=0.0148",
]


def generate(path: Path, megabytes: int) -> None:
    rng = random.Random(7)
    target = megabytes * 1_000_000
    written = 0
    with path.open("w", encoding="utf-8") as out:
        n = 0
        while written < target:
            n += 1
            body = rng.choice(ERRORS) if n % 50 == 0 else rng.choice(ORDINARY)
            line = f"2024-05-01 12:{n % 60:02d}:{n % 59:02d},{n % 1000:03d} {body}\n"
            out.write(line)
            written += len(line)


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: str) -> tuple[float, int]:
    """Wall time and the largest peak RSS in KiB of the waited process tree (GNU time's %M)."""
    start = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "bash", "-c", command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        check=False,
    )
    elapsed = time.perf_counter() - start
    rss = int(proc.stderr.strip().splitlines()[-1])
    return elapsed, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    errcode = shutil.which("errcode") or str(Path(sys.executable).parent / "errcode")
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "bot.log"
        generate(log, args.mb)
        size = log.stat().st_size / 1e6
        timed(f"{errcode} -4164 > /dev/null")  # writes the bytecode cache
        ours, piped, base, peaks = [], [], [], []
        for _ in range(args.runs):
            t, rss = timed(f"{errcode} diagnose --summary {log} > /dev/null")
            ours.append(t)
            peaks.append(rss)
            t, _ = timed(f"grep -oE '\"code\": ?-[0-9]+' {log} | sort | uniq -c > /dev/null")
            base.append(t)
            t, rss = timed(f"cat {log} | {errcode} diagnose --summary > /dev/null")
            piped.append(t)
            peaks.append(rss)
        mine, theirs, pipe = statistics.median(ours), statistics.median(base), statistics.median(piped)
        print(f"log: {size:.0f} MB, {args.runs} paired runs")
        print(f"errcode diagnose --summary FILE:        {mine:.2f} s median, {size / mine:.0f} MB/s")
        print(f"cat FILE | errcode diagnose --summary: {pipe:.2f} s median, {size / pipe:.0f} MB/s")
        print(f"grep | sort | uniq -c:                  {theirs:.2f} s median, {size / theirs:.0f} MB/s")
        print(
            f"ratio (FILE): {mine / theirs:.1f}x   ratio (pipe): {pipe / theirs:.1f}x   peak RSS {max(peaks) / 1024:.1f} MiB"
        )


if __name__ == "__main__":
    main()
