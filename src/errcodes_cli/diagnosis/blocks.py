"""Multi-line values: pretty-printed JSON, a JS object dump or a dict repr, gathered from its first line."""

from __future__ import annotations

from .json_errors import depth

MAX_CHARS = 1 << 20  # a value still open at this size is read line by line instead
MAX_LINES = 5000
JOINED_LINES = 50  # a value this short that is not JSON is still read as one text


class Block:
    """The lines of a value being gathered, and whether its brackets have closed."""

    def __init__(self, first: str, lineno: int, chars: int) -> None:
        self.lines = [first]
        self.start = lineno
        self.chars = chars
        self.depth = depth(first)

    def add(self, line: str) -> bool:
        """Take the next line; True when the value is complete, or too large to wait for."""
        self.lines.append(line)
        self.chars += len(line)
        self.depth += depth(line)
        return self.closed or self.chars >= MAX_CHARS or len(self.lines) >= MAX_LINES

    @property
    def closed(self) -> bool:
        return self.depth <= 0

    def text(self) -> str:
        return "\n".join(self.lines)

    def joined(self) -> str:
        """Its lines as one line of text (a value that is not JSON but one error all the same)."""
        return " ".join(part.strip() for part in self.lines)
