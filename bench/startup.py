"""Benchmark: start-up cost of errcode commands against `python -c "import typer"` in the same venv.

Run by hand:  python bench/startup.py [--runs 21]
Each case runs paired with the baseline (A, B, A, B ...) and the median of the per-pair ratios is
printed, with the median times. Also reports what loading data/codes.json costs per process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
ERRCODE = str(BIN / "errcode")
BASELINE = [sys.executable, "-c", "import typer"]
CASES = {
    "errcode -4164 | cat": (f"'{ERRCODE}' -4164 | cat", None),
    'errcode search "tick size"': (f"'{ERRCODE}' search 'tick size' | cat", None),
    "errcode --help": (f"'{ERRCODE}' --help | cat", None),
    "errcode diagnose (one line)": (f"'{ERRCODE}' diagnose | cat", b'{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}\n'),
}


def once(command: list[str] | str, stdin: bytes | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, shell=isinstance(command, str), input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    for name, (command, stdin) in CASES.items():
        ratios, ours, base = [], [], []
        once(command, stdin), once(BASELINE)  # warm the caches
        for _ in range(args.runs):
            a = once(command, stdin)
            b = once(BASELINE)
            ours.append(a)
            base.append(b)
            ratios.append(a / b)
        print(f"{name:<30} {statistics.median(ours) * 1000:6.1f} ms   import typer {statistics.median(base) * 1000:6.1f} ms   ratio {statistics.median(ratios):.2f}x")
    load = (
        "import time; t=time.perf_counter(); from errcodes_cli.catalog import load_catalog; load_catalog();"
        " print((time.perf_counter()-t)*1000)"
    )
    costs = [float(subprocess.run([sys.executable, "-c", load], capture_output=True, text=True, check=True).stdout) for _ in range(args.runs)]
    print(f"{'loading data/codes.json':<30} {statistics.median(costs):6.1f} ms per process (import + parse + validate)")


if __name__ == "__main__":
    main()
