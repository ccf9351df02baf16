"""Lines worth reading: the few lines of a piece of text that hold a trigger word, stitched across pieces.

diagnose has to keep up with a day of bot logs, where one line in fifty holds an error. Testing every
line in Python costs more than everything else together, so a piece of text (a quarter megabyte of whole
lines) is searched for each trigger word with a literal regular expression, which runs in C close to
memory speed, and only the lines holding one are handed on. The words are few and lower-case, searched
in a lower-cased copy: each costs one pass over the text. A multi-line value (pretty-printed JSON)
around a trigger line is walked back to its first line, and the unread end of a piece is carried into
the next, so a value cut between two pieces is read whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

WALK_BACK_LINES = 200
_TAIL_CHARS = 1 << 18  # at most this much of a piece's unread end is kept for the next piece
# A line is parsed only if it holds one of these (in any case): an error code's key, an error or
# exception word, an HTTP status line or a logged status ("HTTP 418"), an API path, the exchange's
# name, an HTML page's title.
# Headers after a status line and multi-line JSON around such a line are read through the scanner's
# modes, not through words.
TRIGGER_WORDS = ("code", "error", "exception", "fail", "http/", "http ", "api/", "binance", "aster", "<title")
# re's literal search beats str.find here; the two "http" words are one pass
_WORD_PATTERNS = (
    *(re.compile(re.escape(w)) for w in TRIGGER_WORDS if not w.startswith("http")),
    re.compile(r"http[/ ]"),
)
_OPENERS = ("{", "[")
_CONTINUATION = frozenset(" \t{}[]\"'")  # how the lines of a multi-line value (pretty JSON, a JS object) start


def lower(text: str) -> str:
    """Lower-cased with every offset kept (U+0130 is the one character whose lower case is longer)."""
    return (text.replace("\u0130", "i") if "\u0130" in text else text).lower()


def candidate_starts(text: str, start: int = 0) -> list[int]:
    """Offsets, in order, of the lines at or after `start` (a line start) that hold a trigger word."""
    low = lower(text)
    found: set[int] = set()
    find, rfind = low.find, low.rfind
    for pattern in _WORD_PATTERNS:
        search = pattern.search
        hit = search(low, start)
        while hit:
            at = hit.start()
            found.add(rfind("\n", 0, at) + 1)
            end = find("\n", at)
            if end < 0:
                break
            hit = search(low, end)
    return sorted(found)


def triggers(line: str) -> bool:
    """The test candidate_starts applies, for one line; also true for a line that opens or is a JSON value."""
    low = lower(line)
    if any(word in low for word in TRIGGER_WORDS):
        return True
    stripped = line.strip()
    return stripped[:1] in _OPENERS or stripped[-1:] in _OPENERS


def block_start(text: str, floor: int, start: int) -> int | None:
    """Where the multi-line value that the line at `start` sits in opens, if it does after `floor`.

    A candidate line such as `  "code": -1021,` is a fragment: its message is on another line. Going
    back over lines that look like the inside of a value (indented, or starting with a bracket or a
    quote), this returns the start of the outermost line ending in { or [ that is still open at
    `start`: pretty-printed JSON and JS object dumps are then read whole, as if read from the top.
    """
    if text[start : start + 1] not in _CONTINUATION:
        return None
    balance = best_balance = 0
    best = None
    end = start - 1  # the newline before the line at `start`
    for _ in range(WALK_BACK_LINES):
        if end < floor:
            break
        line_start = max(text.rfind("\n", floor, end) + 1, floor)
        line = text[line_start:end]
        stripped = line.rstrip()
        if not stripped:
            break
        balance += line.count("{") + line.count("[") - line.count("}") - line.count("]")
        if balance > best_balance and stripped.endswith(_OPENERS):
            best, best_balance = line_start, balance
        if line[:1] not in _CONTINUATION:
            break
        end = line_start - 1
    return best


def unread_tail(text: str, floor: int) -> str | None:
    """What block_start() could walk back into from the next piece: the unread lines at the end of
    text (after `floor`) back to the first that does not look like the inside of a value. None if
    there is nothing unread. Usually this is the last line alone."""
    size = len(text)
    if floor > size:
        return None
    end = size
    start = floor
    for _ in range(WALK_BACK_LINES):
        start = max(text.rfind("\n", floor, end) + 1, floor)
        if start == floor or text[start : start + 1] not in _CONTINUATION:
            break
        end = start - 1
    if size - start > _TAIL_CHARS:
        newline = text.find("\n", size - _TAIL_CHARS)
        if newline < 0:
            return None
        start = newline + 1
    return text[start:]


class Stitcher:
    """Numbers the lines of consecutive pieces and hands on those worth reading.

    A line is handed on when it holds a trigger word, or, while `every_line(lineno)` says so (a paste,
    a JSON block or a response's headers being read), whatever it holds. The unread end of a piece is
    kept, so a multi-line value that the next piece's trigger line sits in is still read from its top.
    """

    def __init__(self, every_line: Callable[[int], bool]) -> None:
        self.every_line = every_line
        self.next_lineno = 1  # of the first line of the next piece
        self.tail: str | None = None  # the unread end of the last piece, where a value may open

    def lines(self, piece: str, piece_starts: list[int] | None = None) -> Iterator[tuple[int, str, bool]]:
        """(line number, line, whether it holds a trigger word) for the lines of a piece (whole lines, each
        ending in '\\n' but the input's last). `piece_starts` are the piece's candidate_starts() when known."""
        piece = piece.removesuffix("\n")
        lineno = self.next_lineno
        text, scan_from = piece, 0
        if self.tail is not None:
            lineno -= self.tail.count("\n") + 1
            text, scan_from = self.tail + "\n" + piece, len(self.tail) + 1
        if piece_starts is None:
            starts = candidate_starts(text, scan_from)
        else:
            starts = [scan_from + start for start in piece_starts]
        wanted = set(starts)
        size = len(text)
        pos = floor = at = 0  # the next line's offset; the first line not yet read (where a walk back stops)
        while pos <= size:
            if not self.every_line(lineno):
                while at < len(starts) and starts[at] < pos:
                    at += 1
                if at == len(starts):
                    break
                opens = block_start(text, floor, starts[at])
                target = starts[at] if opens is None else opens
                lineno += text.count("\n", pos, target)
                pos = target
            end = text.find("\n", pos)
            end = size if end < 0 else end
            yield lineno, text[pos:end], pos in wanted
            pos = floor = end + 1
            lineno += 1
        self.next_lineno = lineno + (text.count("\n", pos) + 1 if pos <= size else 0)
        self.tail = unread_tail(text, floor)
