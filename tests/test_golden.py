"""Golden files: what a user sees for show, search, list and diagnose, on a terminal of a fixed size with
no colour, compared character for character.

After a deliberate change to the output, regenerate them all and review the diff:

    python -m tests.test_golden
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from .helpers import run_in_terminal

GOLDEN = Path(__file__).parent / "golden"
SIZE = (100, 1000)  # columns, lines: tall enough that nothing is paged

LOG = (
    "2026-11-30 03:12:01 POST https://fapi.binance.com/fapi/v1/order\n"
    '{"code":-2019,"msg":"Margin is insufficient."}\n'
    "2026-11-30 03:12:02 retrying\n"
    '{"code":-2019,"msg":"Margin is insufficient."}\n'
    "binance.exceptions.BinanceAPIException: APIError(code=-1021): Timestamp for this request was 1000ms ahead of the server's time.\n"
    "HTTP/1.1 418 I'm a teapot\n"
    '{"code":-1003,"msg":"Way too many requests; IP banned until 1700000000000. Please use the websocket for live updates to avoid bans."}\n'
    '{"code":-1003,"msg":"Way too many requests; IP banned until 1700000600000. Please use the websocket for live updates to avoid bans."}\n'
    '{"code":-9999,"msg":"not a documented code"}\n'
)

# name -> (arguments, piped input or None, terminal size)
CASES: dict[str, tuple[list[str], str | None, tuple[int, int]]] = {
    "show-4164": (["-4164"], None, SIZE),
    "show-2021-every-product": (["-2021"], None, SIZE),
    "show-418": (["418"], None, SIZE),
    "show-partial-name": (["notional"], None, SIZE),
    "show-message": (["Margin is insufficient."], None, SIZE),
    "show-miss": (["-99999", "nope"], None, SIZE),
    "show-1021-60-columns": (["-1021", "-p", "spot"], None, (60, 1000)),
    "search-tick-size": (["search", "tick", "size"], None, SIZE),
    "search-own-words": (["search", "my", "clock", "is", "out", "of", "sync"], None, SIZE),
    "search-order-book": (["search", "order", "book"], None, SIZE),
    "search-weak": (["search", "order", "failed"], None, SIZE),
    "search-filler": (["search", "how", "to", "fix", "error"], None, SIZE),
    "list-auth": (["list", "--category", "auth"], None, SIZE),
    "list-spot-filter-80-columns": (["list", "-p", "spot", "--category", "filter"], None, (80, 1000)),
    "diagnose-log": (["diagnose"], LOG, SIZE),
    "diagnose-summary": (["diagnose", "--summary"], LOG, SIZE),
    "diagnose-pasted-body": (
        ['{"code":-4164,"msg":"Order\'s notional must be no smaller than 5.0 (unless you choose reduce only)"}'],
        None,
        SIZE,
    ),
}


_RELATIVE_TIME = re.compile(r"\bin \d+ minutes\b|\b\d+ minutes ago\b")


def shown(command: Path, name: str) -> str:
    """What the terminal shows for one case, with line ends as in a file and the one fact that depends
    on the clock (how long ago a ban ended) masked."""
    args, stdin, size = CASES[name]
    code, output = run_in_terminal(
        command,
        *args,
        "--no-color",
        env={"ERRCODE_PAGER": ""},
        size=size,
        stdin_tty=stdin is None,
        data=(stdin or "").encode(),
    )
    text = _RELATIVE_TIME.sub("<relative time>", output.decode("utf-8").replace("\r\n", "\n"))
    return f"$ errcode {' '.join(args)}   (exit {code})\n" + text


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_its_golden_file(errcode_bin: Path, name: str) -> None:
    expected = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    assert shown(errcode_bin, name) == expected, (
        f"{name}: if the change is meant, run `python -m tests.test_golden` and review the diff"
    )


def test_every_golden_file_has_a_case() -> None:
    assert {p.stem for p in GOLDEN.glob("*.txt")} == set(CASES)


def _regenerate() -> None:
    command = Path(sys.executable).parent / ("errcode.exe" if os.name == "nt" else "errcode")
    GOLDEN.mkdir(exist_ok=True)
    for stale in GOLDEN.glob("*.txt"):
        if stale.stem not in CASES:
            stale.unlink()
    for name in sorted(CASES):
        (GOLDEN / f"{name}.txt").write_text(shown(command, name), encoding="utf-8")
        print(f"wrote tests/golden/{name}.txt")


if __name__ == "__main__":
    _regenerate()
