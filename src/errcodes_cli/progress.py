"""A transient status line on stderr while diagnose reads a large file: how far it got, findings so far.

Shown only when stderr is a terminal and the input a regular file (its size known), and only after the
first second, so a quick run never flickers. It is one line, redrawn in place at most five times a
second, cleared before anything is written to stdout (so findings print above it) and at the end.
"""

from __future__ import annotations

import os
import stat
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

DELAY_SECONDS = 1.0
REDRAW_SECONDS = 0.2


class ProgressLine:
    def __init__(self, name: str, handle: IO[bytes]) -> None:
        self.name = name
        self.handle = handle
        self.total = _regular_size(handle)
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.visible = False

    @classmethod
    def wanted(cls, name: str, handle: IO[bytes]) -> ProgressLine | None:
        """A progress line for this input, or None: stderr is not a terminal, TERM=dumb, or not a file."""
        if not sys.stderr.isatty() or os.environ.get("TERM") == "dumb" or _regular_size(handle) is None:
            return None
        return cls(name, handle)

    def update(self, findings: int) -> None:
        now = time.monotonic()
        if now - self.started < DELAY_SECONDS or now - self.drawn_at < REDRAW_SECONDS or not self.total:
            return
        self.drawn_at = now
        try:
            done = self.handle.tell()
        except (OSError, ValueError):
            return
        from .render import inert

        name = os.path.basename(self.name)
        text = f"reading {name}: {100 * done // self.total}% ({_size(done)} of {_size(self.total)}), {findings:,} findings so far"
        import shutil

        width = shutil.get_terminal_size().columns
        sys.stderr.write("\r" + inert(text)[: max(1, width - 1)] + "\x1b[K")
        sys.stderr.flush()
        self.visible = True

    def clear(self) -> None:
        if self.visible:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.visible = False


def _regular_size(handle: IO[bytes]) -> int | None:
    try:
        info = os.fstat(handle.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def _size(count: int) -> str:
    value, unit = float(count), "B"
    for larger in ("KB", "MB", "GB", "TB"):
        if value < 1000:
            break
        value, unit = value / 1000, larger
    return f"{count} B" if unit == "B" else f"{value:.1f} {unit}"
