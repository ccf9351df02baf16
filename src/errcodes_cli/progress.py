"""A transient progress display on stderr while diagnose reads a large file: how far it got, findings so far.

Shown only when stderr is a terminal and the input a regular file (its size known), and only after the
first second, so a quick run never flickers. It is Rich's progress display, drawn on stderr, refreshed
at most five times a second by the reading loop itself (no thread), taken off the screen before
anything is written to stdout (so findings print above it) and at the end.
"""

from __future__ import annotations

import os
import stat
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any

DELAY_SECONDS = 1.0
REDRAW_SECONDS = 0.2


class ProgressLine:
    def __init__(self, name: str, handle: IO[bytes], total: int) -> None:
        self.name = os.path.basename(name)
        self.handle = handle
        self.total = total
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.display: Any = None  # Rich's Progress, made when first shown
        self.task: Any = None
        self.visible = False

    @classmethod
    def wanted(cls, name: str, handle: IO[bytes]) -> ProgressLine | None:
        """A progress display for this input, or None: stderr is not a terminal, TERM=dumb, or not a file."""
        total = _regular_size(handle)
        if not sys.stderr.isatty() or os.environ.get("TERM") == "dumb" or not total:
            return None
        return cls(name, handle, total)

    def update(self, findings: int) -> None:
        now = time.monotonic()
        if now - self.started < DELAY_SECONDS or now - self.drawn_at < REDRAW_SECONDS:
            return
        self.drawn_at = now
        try:
            done = self.handle.tell()
        except (OSError, ValueError):
            return
        if self.display is None:
            self._make()
        self.display.update(self.task, completed=done, findings=f"{findings:,}")
        if not self.visible:
            self.display.start()
            self.visible = True
        self.display.refresh()

    def clear(self) -> None:
        """Take the display off the screen (transient); the next update draws it again."""
        if self.visible:
            self.display.stop()
            self.visible = False

    def _make(self) -> None:
        from rich.console import Console
        from rich.markup import escape
        from rich.progress import BarColumn, DownloadColumn, Progress, TaskProgressColumn, TextColumn

        self.display = Progress(
            TextColumn("reading {task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[findings]} findings so far"),
            console=Console(file=sys.stderr, highlight=False, emoji=False),
            auto_refresh=False,
            transient=True,
        )
        from .render import inert

        self.task = self.display.add_task(
            escape(inert(self.name)), total=self.total, findings="0"
        )  # a name is no markup


def _regular_size(handle: IO[bytes]) -> int | None:
    try:
        info = os.fstat(handle.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None
