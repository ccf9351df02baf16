"""The scanner loop: each line worth reading goes to the reader its form calls for.

A status line starts a response (its headers follow); a line that is or opens a JSON value goes to
json_errors (a multi-line one is gathered first, blocks.py); any other line goes to the text shapes
(shapes.py) and, when it writes no code, to message inference (wording.py). Each candidate found is
made a finding (explain.py) in the context of its response (context.py). Nothing here prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from ..catalog import Catalog
from .blocks import JOINED_LINES, Block
from .context import LOGGED_STATUS_REACH, Context, Response, foreign_url, names_binance
from .explain import Explainer
from .finding import Candidate, Finding, Notes
from .json_errors import UNPARSED, parse, walk
from .lines import Stitcher, triggers
from .shapes import may_write_code
from .statuses import find_status
from .texts import LOG_STAMP, MARKER, Texts

PASTE_LINES = 20  # an input this short is a paste: every line may be a bare message
HEADER_LINES = 100  # after a status line, lines are read as headers until a blank one or this many

_SGR = re.compile(r"\x1b\[[0-9;:]*m")  # Select Graphic Rendition (colours, bold) and nothing else
_CURL_PREFIXES = ("< ", "> ", "* ")  # curl -v marks lines received, sent and about the connection
_STATUS_LINE = re.compile(r"^HTTP/\d(?:\.\d)?\s+(\d{3})\b\s*(.*)$")
_HTML_STATUS = re.compile(r"<(?:title|TITLE|[hH]1)>\s*(\d{3})\b\s*([^<]*)")
_BODY_AFTER = re.compile(r"\d\d\d\W{0,4}[\[{]")  # a status, then the JSON body it came with


class Scanner:
    def __init__(self, catalog: Catalog, product: str | None, now: datetime, notes: Notes, source: str | None) -> None:
        self.catalog = catalog
        self.context = Context(product)
        self.explainer = Explainer(catalog, now, source)
        self.stitcher = Stitcher(lambda lineno: self.block is not None or self.in_headers or lineno <= PASTE_LINES)
        self.block: Block | None = None
        self.in_headers = False
        self.header_lines = 0
        self.findings = 0
        self.paste: list[str] = []  # the first lines without an error marker, for finish()
        self.texts = Texts(catalog, self.context, notes)

    def feed_text(self, piece: str, piece_starts: list[int] | None = None) -> Iterator[Finding]:
        for lineno, line, candidate in self.stitcher.lines(piece, piece_starts):
            yield from self.feed(lineno, line, candidate=candidate)

    def feed(
        self, lineno: int, raw_line: str, may_open_block: bool = True, candidate: bool = False
    ) -> Iterator[Finding]:
        """One line; `candidate` when it is known to hold a trigger word."""
        if "\x1b[" in raw_line:  # a coloured log: its colours are the logger's, not part of any message
            raw_line = _SGR.sub("", raw_line)
        if lineno <= PASTE_LINES and not candidate:  # a paste's "-1116: Invalid orderType." needs no trigger word
            candidate = may_write_code(raw_line)
        if lineno <= PASTE_LINES and may_open_block:
            self.paste.append(raw_line if MARKER.search(raw_line) is None else "")
        if self.block is not None:
            yield from self._feed_block(lineno, raw_line)
            return
        if self.in_headers:
            self.header_lines += 1
            if raw_line.strip() in ("", "<") or self.header_lines > HEADER_LINES:
                self.in_headers = False
        if not (candidate or self.in_headers or triggers(raw_line)):
            return
        self.context.end_past(lineno)
        response = self.context.response
        if response.logged and (response.had_code or lineno - response.line > LOGGED_STATUS_REACH):
            yield from self._flush_response()  # a logged status is that of one body: it has had it, or none came
        line = raw_line[2:] if raw_line[:2] in _CURL_PREFIXES else raw_line
        status = _STATUS_LINE.match(line) if line.startswith("HTTP/") else None
        if status:
            yield from self._flush_response()
            self.context.response = Response(int(status.group(1)), status.group(2).strip(), lineno)
            self.in_headers, self.header_lines = True, 0
            return
        yield from self._read_line(line, lineno, may_open_block)

    def _read_line(self, line: str, lineno: int, may_open_block: bool) -> Iterator[Finding]:
        """A line that is not a status line: its headers, product, status and error."""
        self.context.read_headers(line)
        self.context.see(line, lineno)
        html = _HTML_STATUS.search(line) if "<" in line else None
        if html and self.context.response.status is None:
            self.context.response = Response(int(html.group(1)), html.group(2).strip(), lineno)
        stamp = LOG_STAMP.match(line)
        hint = None if html or foreign_url(line) else find_status(line[stamp.end() :] if stamp else line)
        documented = self.explainer.documented_status(line)
        if documented is not None and hint is None:
            hint = (documented, "")
        if not hint:
            yield from self._read_rest(line, lineno, may_open_block)
            return
        # A status named in a log line or a library's error text is that line's, when the line holds the
        # error too; else it is the status of an error body in the next LOGGED_STATUS_REACH lines.
        if not self.context.is_current(hint[0], lineno, documented is not None):
            yield from self._flush_response()
            had = self.context.follows_its_body(hint[0], lineno)  # the body above was this response's
            self.context.response = Response(hint[0], hint[1], lineno, had_code=had, logged=True)
        yield from self._read_rest(line, lineno, may_open_block)
        if self.context.response.had_code or documented is not None:
            yield from self._flush_response()
        elif _BODY_AFTER.search(line) and self.block is None and not names_binance(line):
            # its body is on the line, and neither it nor a URL says Binance: another API's status
            self.context.response = Response()

    def _read_rest(self, line: str, lineno: int, may_open_block: bool) -> Iterator[Finding]:
        """A line's JSON value, the start of a multi-line one, or its text."""
        stripped = line.strip()
        opener = _opener(stripped)
        if opener is not None and ("code" in line or "error" in line):
            parsed = parse(stripped[opener:])
            if parsed is not UNPARSED:
                yield from self._emit(self._from_json(parsed), lineno)
                return
        if opener is not None and may_open_block and stripped.endswith(("{", "[")):
            if opener:  # text before the value, e.g. a log prefix, may hold an error of its own
                yield from self._emit(self.texts.candidates(stripped[:opener]), lineno)
            self.block = Block(stripped[opener:], lineno, len(stripped))
            return
        yield from self._emit(self.texts.candidates(line), lineno)

    def _feed_block(self, lineno: int, line: str) -> Iterator[Finding]:
        block = self.block
        if block is None or not block.add(line):
            return
        self.block = None
        text = block.text()
        parsed = parse(text) if block.closed and ("code" in text or "error" in text) else UNPARSED
        if parsed is not UNPARSED:
            yield from self._emit(self._from_json(parsed), block.start)
        elif len(block.lines) <= JOINED_LINES:  # not JSON, but one value all the same (a JS object dump, a dict repr)
            yield from self._emit(self.texts.candidates(block.joined()), block.start)
        else:
            yield from self._refeed(block)

    def _refeed(self, block: Block) -> Iterator[Finding]:
        """Lines of a block that was not one JSON value, read again one by one."""
        for offset, block_line in enumerate(block.lines):
            yield from self.feed(block.start + offset, block_line, may_open_block=False)

    def finish(self) -> Iterator[Finding]:
        if self.findings == 0 and len(self.paste) < PASTE_LINES:
            for lineno, line in enumerate(self.paste, 1):
                yield from self._emit(self.texts.inferred(line), lineno)
        if self.block is not None:
            block, self.block = self.block, None
            yield from self._refeed(block)
        yield from self._flush_response()

    def _from_json(self, parsed: Any) -> Iterator[Candidate]:
        """The error objects of a JSON value, and the errors logged in its strings, each string's candidates
        with the status it names (a structured log's `"error": "StatusCodeError: 400 - ..."`)."""
        for item in walk(parsed, self.catalog.positive_codes):
            if not isinstance(item, str):
                yield item
                continue
            found = self.texts.candidates(item)
            status = find_status(item) if found and not foreign_url(item) else None
            for candidate in found:
                yield (
                    candidate
                    if status is None or candidate.http_status is not None
                    else replace(candidate, http_status=status[0])
                )

    def _emit(self, candidates: Iterable[Candidate], lineno: int) -> Iterator[Finding]:
        for candidate in candidates:
            if candidate.code is None:
                status = self.explainer.documented_status(candidate.message or "")
                if status is None:
                    continue  # code 0 with any other message is no error ("success")
                candidate = replace(candidate, http_status=status)  # noqa: PLW2901 - the same candidate, its status now known
            self.findings += 1
            self.context.response.had_code = True
            finding = self.explainer.finding(candidate, lineno, self.context)
            self.context.last_error = (lineno, finding.http_status)
            yield finding

    def _flush_response(self) -> Iterator[Finding]:
        finding = self.explainer.bare_status(self.context)
        if finding is not None:
            yield finding
        self.context.response = Response()


def _opener(stripped: str) -> int | None:
    """Where a JSON value starts on this line, if the line is or ends in one."""
    if stripped[:1] in ("{", "["):
        return 0
    if stripped.endswith(("{", "[")):
        brace = stripped.find("{")
        bracket = stripped.find("[")
        return min(i for i in (brace, bracket) if i >= 0)
    return None
