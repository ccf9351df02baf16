"""Reading large text fast: decoded pieces of whole lines, and the few lines in them worth parsing.

diagnose has to keep up with a day of bot logs, where one line in fifty holds an error. Testing every
line in Python costs more than everything else together, so a piece of text (up to a few MB of whole
lines) is searched for each trigger word with `str.find`, which runs at memory speed in C, and only the
lines holding one are handed on. The words are few and lower-case, searched in a lower-cased copy:
each costs one pass over the text.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

MAX_LINE_CHARS = 1 << 20  # a longer line is cut here, with a note
READ_BYTES = 1 << 20
WALK_BACK_LINES = 200

# A line is parsed only if it holds one of these (in any case): an error code's key, an error or
# exception word, an HTTP status line or URL, an API path, the exchange's name. Status-line headers
# and multi-line JSON around such a line are read through the scanner's modes, not through words.
TRIGGER_WORDS = ("code", "error", "exception", "fail", "http/", "api/", "binance", "aster", "<title")
_WORD_PATTERNS = tuple(re.compile(re.escape(word)) for word in TRIGGER_WORDS)  # re's literal search beats str.find here
_OPENERS = ("{", "[")
_CONTINUATION = frozenset(" \t{}[]\"'")  # how the lines of a multi-line value (pretty JSON, a JS object) start


def read_pieces(stream: IO[bytes], notes: list[str]) -> Iterator[str]:
    """Decode a byte stream into pieces of whole lines ('\\n'-separated, none at the end), in bounded memory.

    UTF-16 with a BOM (what PowerShell pipes) and UTF-8 (with or without BOM) are recognised; invalid
    bytes become U+FFFD; CRLF becomes LF. Lines longer than MAX_LINE_CHARS are cut. What happened is
    added to `notes`; nothing here raises on bad input.
    """
    first = stream.read(READ_BYTES)
    encoding = "utf-8-sig"
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
        notes.append("input is UTF-16 (byte order mark found); decoded as such")
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    cut_lines = 0
    skipping = False  # dropping the rest of a line that was cut
    replaced = False
    chunk = first
    while chunk:
        text = decoder.decode(chunk)
        replaced = replaced or "\ufffd" in text
        pending += text
        end = pending.rfind("\n")
        piece: str | None = None
        if end < 0 and len(pending) > MAX_LINE_CHARS:
            if not skipping:
                cut_lines += 1
                piece = pending[:MAX_LINE_CHARS]
            pending, skipping = "", True
        elif end >= 0:
            piece, pending = pending[:end], pending[end + 1 :]
            if skipping:
                _, newline, piece = piece.partition("\n")
                piece, skipping = (piece if newline else None), False
            first_end = -1 if piece is None else piece.find("\n")
            if piece is not None and (first_end if first_end >= 0 else len(piece)) > MAX_LINE_CHARS:
                cut_lines += 1
                piece = piece[:MAX_LINE_CHARS] + ("" if first_end < 0 else piece[first_end:])
        if piece is not None:
            yield as_lines(piece)
        chunk = stream.read(READ_BYTES)
    pending += decoder.decode(b"", final=True)
    if pending and not skipping:
        cut_lines += len(pending) > MAX_LINE_CHARS
        yield as_lines(pending[:MAX_LINE_CHARS])
    if replaced:
        notes.append("input is not valid text in its encoding; undecodable bytes are shown as \ufffd")
    if cut_lines:
        notes.append(f"{cut_lines} line(s) longer than {MAX_LINE_CHARS // (1 << 20)} MiB were cut at that length")


def as_lines(piece: str) -> str:
    """CRLF line ends as LF, and a CR that ends the piece dropped."""
    if "\r" not in piece:
        return piece
    piece = piece.replace("\r\n", "\n")
    return piece.removesuffix("\r")


def lower(text: str) -> str:
    """Lower-cased with every offset kept (U+0130 is the one character whose lower case is longer)."""
    return (text.replace("\u0130", "i") if "\u0130" in text else text).lower()


def candidate_starts(low: str, start: int = 0) -> list[int]:
    """Offsets, in order, of the lines at or after `start` (a line start) that hold a trigger word."""
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
