"""Benchmark: start-up cost of errcode commands against `python -c "import typer"` in the same venv.

Run by hand:  python bench/startup.py [--runs 21]
Each case runs paired with the baseline (A, B, A, B ...) and the median of the per-pair ratios is
printed, with the median times. Also reports what loading data/codes.json costs per process, and what
the pre-built search index saves.

Both sides run with Python's bytecode cache on (PYTHONDONTWRITEBYTECODE is dropped), as an installed
command runs for its users: the warm-up run writes the cache.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
ERRCODE = str(BIN / "errcode")
BASELINE = [sys.executable, "-c", "import typer"]
_ONE_LINE = b'{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}\n'
CASES = {
    "errcode -4164 | cat": (f"'{ERRCODE}' -4164 | cat", None),
    'errcode search "tick size"': (f"'{ERRCODE}' search 'tick size' | cat", None),
    "errcode --help": (f"'{ERRCODE}' --help | cat", None),
    "errcode diagnose (one line)": (f"'{ERRCODE}' diagnose | cat", _ONE_LINE),
}
# the same command lines, for counting the bytes each hands to the JSON parser
ARGV = {
    "errcode -4164 | cat": (["-4164"], None),
    'errcode search "tick size"': (["search", "tick size"], None),
    "errcode --help": (["--help"], None),
    "errcode diagnose (one line)": (["diagnose"], _ONE_LINE),
}


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def once(command: list[str] | str, stdin: bytes | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        command,
        shell=isinstance(command, str),
        input=stdin,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env=ENV,
    )
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
        print(
            f"{name:<30} {statistics.median(ours) * 1000:6.1f} ms   import typer {statistics.median(base) * 1000:6.1f} ms   ratio {statistics.median(ratios):.2f}x"
        )
    for name, (argv, stdin) in ARGV.items():
        print(f"{name:<30} parses {_bytes_parsed(argv, stdin):>9,} bytes of JSON")
    costs = [_catalogue_costs() for _ in range(args.runs)]
    for what, median in zip(
        _COST_NAMES, (statistics.median(c[i] for c in costs) for i in range(len(_COST_NAMES))), strict=True
    ):
        print(f"{what:<46} {median:6.1f} ms per process")


_COST_NAMES = (
    "import the catalogue module",
    "read + parse data/codes.json (json.loads)",
    "load_catalog(): parse, check, build every entry",
    "search index built from the loaded catalogue",
    "search index read pre-built (search_index.json)",
)
_COSTS = """
import time
t0 = time.perf_counter()
from errcodes_cli.catalog import catalog_path, load_catalog
t1 = time.perf_counter()
import json
json.loads(open(catalog_path(), "rb").read())
t2 = time.perf_counter()
catalog = load_catalog()
t3 = time.perf_counter()
from errcodes_cli.index import built_index, prebuilt_index
t4 = time.perf_counter()
built_index(catalog)
t5 = time.perf_counter()
assert prebuilt_index() is not None
t6 = time.perf_counter()
print(*((b - a) * 1000 for a, b in ((t0, t1), (t1, t2), (t2, t3), (t4, t5), (t5, t6))))
"""


_COUNT_BYTES = """
import json, sys
parsed = 0
real_loads = json.loads
def counting_loads(text, *args, **kwargs):
    global parsed
    parsed += len(text)
    return real_loads(text, *args, **kwargs)
json.loads = counting_loads
from errcodes_cli.launch import run
try:
    run(sys.argv[1:])
finally:
    sys.stderr.write(f"{parsed}\\n")
"""


def _bytes_parsed(argv: list[str], stdin: bytes | None) -> int:
    """How many bytes (characters, for str input) one run of errcode hands to json.loads."""
    proc = subprocess.run(
        [sys.executable, "-c", _COUNT_BYTES, *argv], input=stdin, capture_output=True, check=False, env=ENV
    )
    return int(proc.stderr.decode().strip().splitlines()[-1])


def _catalogue_costs() -> list[float]:
    out = subprocess.run([sys.executable, "-c", _COSTS], capture_output=True, text=True, check=True, env=ENV).stdout
    return [float(x) for x in out.split()]


if __name__ == "__main__":
    main()
