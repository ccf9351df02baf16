"""The pager a long answer goes through on a terminal, as git and gh choose one.

$ERRCODE_PAGER, then $PAGER, else `less`; an empty value or `cat` means none. `less` gets LESS=FRX
(quit when the text fits, keep colours, leave the screen as it was) only when LESS is unset.
"""

from __future__ import annotations

import os
import sys

PAGER_ENV = "ERRCODE_PAGER"


def command() -> list[str] | None:
    """The pager to run, or None: not a terminal, TERM=dumb, or paging turned off."""
    if not sys.stdout.isatty() or os.environ.get("TERM") == "dumb":
        return None
    import shlex

    chosen = os.environ.get(PAGER_ENV)
    if chosen is None:
        chosen = os.environ.get("PAGER", "less")
    try:
        words = shlex.split(chosen)
    except ValueError:
        words = chosen.split()
    return None if not words or words == ["cat"] else words


def show(text: str, pager: list[str]) -> None:
    """Write text, through the pager when it is taller than the terminal."""
    import shutil

    if text.count("\n") >= shutil.get_terminal_size().lines:
        page(text, pager)
    else:
        sys.stdout.write(text)


def page(text: str, pager: list[str]) -> None:
    """Show text through the pager; if it cannot be started, write it out. Its exit status is not ours."""
    import subprocess

    env = dict(os.environ)
    if os.path.basename(pager[0]) == "less" and "LESS" not in env:
        env["LESS"] = "FRX"
    sys.stdout.flush()
    try:
        process = subprocess.Popen(pager, stdin=subprocess.PIPE, env=env)
    except OSError:
        sys.stdout.write(text)
        return
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the user quit the pager before reading everything
    while True:
        try:
            process.wait()
            return
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager while it runs
