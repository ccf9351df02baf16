"""Reading what diagnose is given: bytes in, decoded pieces of whole lines out, in bounded memory.

A piece is about a quarter megabyte of whole lines, so the word search of lines.py runs over it in the
CPU cache. On a large file a forked helper process does that search on a second core while this one
parses (pieces_with_starts). Nothing here prints: what happened to the input goes into its Notes.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator

from .finding import Notes
from .lines import candidate_starts

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Protocol

    class Readable(Protocol):
        def read1(self, size: int, /) -> bytes: ...


MAX_LINE_CHARS = 1 << 20  # a longer line is cut here, with a note
READ_BYTES = 1 << 18  # a quarter megabyte: each word search then runs in the CPU cache
HELPER_MIN_BYTES = 8 << 20  # a regular file this large gets a helper process for the word search


def read_pieces(stream: Readable, notes: Notes) -> Iterator[str]:
    """Decode a byte stream into pieces of whole lines, each ending in '\\n' (but an unended last line), in bounded memory.

    UTF-16 with a BOM (what PowerShell pipes) and UTF-8 (with or without BOM) are recognised; invalid
    bytes become U+FFFD; CRLF becomes LF. Lines longer than MAX_LINE_CHARS are cut. What happened is
    added to `notes`; nothing here raises on bad input.
    """
    first = stream.read1(READ_BYTES)  # read1: a pipe's lines are read as they come (tail -f | errcode diagnose)
    encoding = "utf-8-sig"
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if _reads_as_utf16(first):
            encoding = "utf-16"
            notes.add("input is UTF-16 (byte order mark found); decoded as such")
        else:
            notes.add("input starts with a UTF-16 byte order mark, but what follows is not UTF-16 text; read as UTF-8")
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
                piece = pending[:MAX_LINE_CHARS] + "\n"
            pending, skipping = "", True
        elif end >= 0:
            piece, pending = pending[: end + 1], pending[end + 1 :]
            if skipping:
                piece, skipping = piece.partition("\n")[2] or None, False
            first_end = -1 if piece is None else piece.find("\n")
            if piece is not None and (first_end if first_end >= 0 else len(piece)) > MAX_LINE_CHARS:
                cut_lines += 1
                piece = piece[:MAX_LINE_CHARS] + ("" if first_end < 0 else piece[first_end:])
        if piece is not None:
            yield as_lines(piece)
        chunk = stream.read1(READ_BYTES)
    pending += decoder.decode(b"", final=True)
    if pending and not skipping:
        cut_lines += len(pending) > MAX_LINE_CHARS
        yield as_lines(pending[:MAX_LINE_CHARS])
    if replaced:
        notes.add("input is not valid text in its encoding; undecodable bytes are shown as \ufffd")
    if cut_lines:
        notes.add(f"{cut_lines} line(s) longer than {MAX_LINE_CHARS // (1 << 20)} MiB were cut at that length")


def _reads_as_utf16(first: bytes) -> bool:
    """Whether what follows a UTF-16 byte order mark is UTF-16 text. UTF-16 of a log's ASCII has a NUL
    in every other byte, and UTF-16 text is almost never valid UTF-8; bytes after the mark that are
    valid UTF-8 with no NUL are UTF-8 text behind a stray mark."""
    sample = first[2 : 1 << 12]
    if b"\x00" in sample:
        return True
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(sample) - 3  # invalid before a character cut at the sample's end: not UTF-8
    return False


def as_lines(piece: str) -> str:
    """CRLF line ends as LF, and a CR that ends the piece dropped."""
    if "\r" not in piece:
        return piece
    piece = piece.replace("\r\n", "\n")
    return piece.removesuffix("\r")


def pieces_with_starts(stream: IO[bytes], notes: Notes) -> Iterator[tuple[str, list[int]]]:
    """read_pieces(stream), each piece with candidate_starts() of it.

    The word search is the larger half of diagnose's work on a big log. For a regular file of
    HELPER_MIN_BYTES or more, where os.fork exists and two cores are usable, a helper process reads
    the same file and searches each piece while this process parses the one before, so both cores
    share the work. A piece the helper reports for a different length (the file changed) ends the
    helper's part.
    """
    helper = _start_helper(stream)
    replies = None if helper is None else os.fdopen(helper[1], "rb")
    try:
        for piece in read_pieces(stream, notes):  # type: ignore[arg-type]
            starts = None if replies is None else _reply(replies, len(piece))
            if starts is None and replies is not None:
                replies.close()
                replies = None
            yield piece, starts if starts is not None else candidate_starts(piece)
    finally:
        if replies is not None:
            replies.close()
        if helper is not None:
            _stop(helper[0])


_REPLY_HEADER = 16  # the piece's length and the number of starts, as two 8-byte integers


def _start_helper(stream: IO[bytes]) -> tuple[int, int] | None:
    """Fork the helper for a large regular file: (its pid, the descriptor its replies come on)."""
    import stat

    try:
        fd = stream.fileno()
        info = os.fstat(fd)
        offset = stream.tell()
    except (AttributeError, OSError, ValueError):
        return None
    if not hasattr(os, "fork") or not stat.S_ISREG(info.st_mode) or info.st_size - offset < HELPER_MIN_BYTES:
        return None
    if _usable_cores() < 2:  # on one core a helper would only add its own reading
        return None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper: never returns
        os.close(read_end)
        _help(fd, offset, write_end)
    os.close(write_end)
    return pid, read_end


def _help(fd: int, offset: int, write_end: int) -> None:
    """The helper's whole life: search each piece of the file and send the starts; exit quietly."""
    import signal
    from array import array

    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it silently; the parent reports
        with os.fdopen(write_end, "wb") as out:
            for piece in read_pieces(_PositionalReader(fd, offset), Notes()):
                starts = candidate_starts(piece)
                out.write(len(piece).to_bytes(8, "little") + len(starts).to_bytes(8, "little"))
                out.write(array("q", starts).tobytes())
                out.flush()
    finally:
        os._exit(0)  # no atexit work, no second flush of the parent's buffers


def _usable_cores() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


class _PositionalReader:
    """Reads a descriptor shared with the parent without moving the parent's file position."""

    def __init__(self, fd: int, offset: int) -> None:
        self.fd, self.offset = fd, offset

    def read1(self, size: int) -> bytes:
        data = os.pread(self.fd, size, self.offset)
        self.offset += len(data)
        return data


def _reply(replies: IO[bytes], length: int) -> list[int] | None:
    """The helper's starts for a piece of this length, or None if it has none or fell out of step."""
    from array import array

    header = replies.read(_REPLY_HEADER)
    if len(header) < _REPLY_HEADER or int.from_bytes(header[:8], "little") != length:
        return None
    count = int.from_bytes(header[8:], "little")
    data = replies.read(8 * count)
    if len(data) < 8 * count:
        return None
    return array("q", data).tolist()


def _stop(pid: int) -> None:
    import signal
    from contextlib import suppress

    with suppress(OSError):  # it may be gone already
        os.kill(pid, signal.SIGKILL)
    with suppress(OSError):
        os.waitpid(pid, 0)
