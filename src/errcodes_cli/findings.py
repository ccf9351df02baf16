"""diagnose: raw text in, findings out.

Reads whatever a bot, a library or curl printed and finds every Binance-style error in it: JSON bodies
(compact, pretty-printed, JSON Lines, batchOrders arrays, WebSocket API envelopes), curl -i/-v
responses (status line, headers, HTML error pages), library exception texts (python-binance,
binance-connector, ccxt, go-binance, Java/C#), and bare messages with no code.

Work per line stays small: a cheap trigger test first, and only lines that pass it are parsed. Codes
count only in context (`"code":-1021`, `code=-1106`, `APIError(code=-1013)`, `(400, -2015, '...')`,
`-1013: Filter failure`), so a price of -1021.5 or an order id is never taken for an error.

Nothing here prints or exits; the CLI renders the findings.
"""

from __future__ import annotations

import json
import math
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import cache, cached_property
from typing import Any

from .catalog import PLACEHOLDER, Catalog, Entry, HttpStatus, Message, Note, load_catalog
from .redact import redact
from .statuses import find_status
from .textscan import as_lines, block_start, candidate_starts, triggers, unread_tail

MAX_MESSAGE_CHARS = 1000  # a longer message is shown cut, with a visible marker
MAX_FINDINGS_PER_LINE = 1000
_JSON_BLOCK_CHARS = 1 << 20
_JSON_BLOCK_LINES = 5000
_JSON_WALK_DEPTH = 64
_JOINED_BLOCK_LINES = 50
_PASTE_LINES = 20  # an input this short is a paste: every line may be a bare message
_HEADER_LINES = 100  # after a status line, lines are read as headers until a blank one or this many
_OPENING_WORDS = 6  # a documented status message is known by this many of its first words
# a logged status ("HTTP 400" on a line of its own) is that of an error body this many lines on: node
# prints an error's message, then its stack (ten frames by default), then its properties ({ code: -1022 })
LOGGED_STATUS_REACH = 12
RESPONSE_CONTEXT_LINES = 30  # a request's product holds for its response, this many lines on
_MEMO_SIZE = 4096  # distinct lines or messages remembered; a memo is emptied when it holds this many
DEFAULT_PRODUCT = "usdm"

_MARKER = re.compile(
    r"[Ee]rror|ERROR|[Ee]xception|[Ff]ail|FAIL|[Rr]eject|[Ii]nvalid|[Dd]enied|binance|Binance|aster|msg"
)
_SGR = re.compile(r"\x1b\[[0-9;:]*m")  # Select Graphic Rendition (colours, bold) and nothing else
_CURL_PREFIXES = ("< ", "> ", "* ")  # curl -v marks lines received, sent and about the connection
_STATUS_LINE = re.compile(r"^HTTP/\d(?:\.\d)?\s+(\d{3})\b\s*(.*)$")
_HTML_STATUS = re.compile(r"<(?:title|TITLE|[hH]1)>\s*(\d{3})\b\s*([^<]*)")
_HEADER = re.compile(
    r"""(?i)['"]?\b(retry-after|x-mbx-used-weight(?:-\d+[smhd])?|x-mbx-order-count-\d+[smhd])['"]?\s*[:=]\s*['"]?(\d+)"""
)
_HOST_HEADER = re.compile(r"(?i)^host:\s*([\w.-]+)")
_URL = re.compile(r"(?:https?://(?P<host>[\w.-]+))?(?P<path>/(?:fapi|dapi|eapi|papi|sapi|api)/v\d+)\b")
_CCXT_PRODUCT = re.compile(r"\bbinance(usdm|coinm)\b")  # ccxt's exchange ids name the product; plain "binance" does not
_BARE_HOST = re.compile(r"\b((?:[\w-]+\.)*(?:binance\.com|asterdex\.com))\b")
_KEYED_CODE = re.compile(r"""(?i:\b(?:error_?|err_?)?code)\\?['"]?\s*[:=]\s*\\?['"]?(-\d{1,6})(?![\d.])""")
_CONNECTOR = re.compile(r"""\(\s*(\d{3}),\s*(-\d{1,6}),\s*(['"])((?:(?!\3).)*)\3""")
_PYTHON_BINANCE = re.compile(r"APIError\(code=(-\d{1,6})\):\s*(.*)$")
_COLON_CODE = re.compile(r"(?<![\w.\-])(-\d{4,5}):\s+(\S.*)$")
# "error -1013: ...", "code: -2019": the word and the code apart (by a space, ':' or '='), neither glued
# into an identifier such as grid-code-1013-7 or error-2010.log
_LABELLED_CODE = re.compile(
    r"(?i)(?<![\w\-])(?:error|exception|binance|aster|code|failed)\b['\"]?(?:\s*[:=]\s*|\s+|\s*[(\[]\s*)"
    r"(-\d{4,5})(?![\d.\w\-])[\s:,)\]]*(.*)$"
)
# where a JSON error object keeps its code and message: Binance's keys, then how wrappers and other
# libraries name them ({"errorCode":-1021,"errorMessage":...}, {"error_code":...})
_CODE_KEYS = ("code", "errorCode", "error_code", "errCode", "err_code")
_MESSAGE_KEYS = ("msg", "message", "errorMessage", "error_message", "errMsg", "err_msg")
_IDENTIFIER_KEY = re.compile(r"(?i)(?:id|key|symbol|hash|signature|token)$")  # its string is a name, never an error
# Binance.Net's "... - Timestamp for this request is not valid. (-1021)", "Filter failure: PRICE_FILTER (code
# -1013)": the message (the longest tail that starts like one), then its code in brackets
_TRAILING_CODE = re.compile(
    r"^(?:.*?(?:\s-\s|:\s))??([A-Z][^()]*?\S)\s*\((?:(?:code|error)\s*[:=]?\s*)?(-\d{4,5})\)\s*$"
)
_NAMED_CODE = re.compile(r"(?<![\w.\-])(-\d{4,5})\s+([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b(.*)$")  # -2022 REDUCE_ONLY_REJECT
_MSG_QUOTED = re.compile(r"""\bmsg\\?['"]?\s*[:=]\s*(\\?["'])((?:(?!\1)[^\\]|\\.)*)\1""")
_MSG_BARE = re.compile(r"""\bmsg\s*=\s*(.+?)\s*[,}>)]?\s*$""")
_FILTER_FAILURE = re.compile(r"Filter failure:\s*([A-Z_]+)")
_LOG_STAMP = re.compile(r"(?:[\[(]?\d[\d\-:.,/TZ+]*[\])]?\s+)+")  # "2024-05-01 12:00:01,503 ", "[1714550401.5] "
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_BAN = re.compile(r"banned until (\d{10,13})")

_PATH_PRODUCTS = {"fapi": "usdm", "dapi": "coinm", "api": "spot", "eapi": "options", "papi": "pm"}
_HOST_PRODUCTS = {
    "fapi": "usdm",
    "fstream": "usdm",
    "dapi": "coinm",
    "dstream": "coinm",
    "api": "spot",
    "eapi": "options",
    "papi": "pm",
}

_CLOCK_ADVICE = {
    "ahead": "your clock runs more than the 1000 ms tolerance ahead of the server: sync it (NTP) or "
    "subtract the offset measured with GET {api}/time; a larger recvWindow does not help",
    "late": "the request reached the server later than recvWindow after its timestamp: your clock is "
    "behind, or the request was slow to send; sync the clock, stamp just before sending, "
    "and only then consider a larger recvWindow",
}


@dataclass(frozen=True)
class Finding:
    """One error found in the input, with where it was and what it means."""

    code: int | None
    message: str | None
    line: int
    batch_index: int | None
    http_status: int | None
    product: str
    product_reason: str
    venue: str | None = None  # "aster" or "binance" when a host in the input says so
    params: tuple[str, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)
    inferred: bool = False
    confidence: float = 1.0
    code_reason: str | None = None  # why this code: written in the input, or which wording it was inferred from
    entry: Entry | None = None
    http: HttpStatus | None = None
    note: Note | None = None  # what this particular message means (spot engine messages, filter failures)
    source: str | None = None  # the file it was read from ("-" for standard input), when named

    @property
    def known(self) -> bool:
        return self.entry is not None or self.http is not None

    @property
    def kind(self) -> str:
        return "code" if self.code is not None else "http"

    def to_dict(self) -> dict[str, Any]:
        meaning: dict[str, Any] = dict.fromkeys(
            ("name", "category", "summary", "explanation", "fixes", "retry", "related", "keywords", "messages")
        )
        if self.entry is not None:
            meaning.update({k: v for k, v in self.entry.to_dict().items() if k in meaning})
        elif self.http is not None:
            meaning.update({k: v for k, v in self.http.to_dict().items() if k in meaning})
        return {
            "kind": self.kind,
            "code": self.code,
            "message": self.message,
            "source": self.source,
            "line": self.line,
            "batch_index": self.batch_index,
            "http_status": self.http_status,
            "product": self.product,
            "product_reason": self.product_reason,
            "venue": self.venue,
            "params": list(self.params),
            "facts": self.facts,
            "inferred": self.inferred,
            "confidence": self.confidence,
            "code_reason": self.code_reason,
            "known": self.known,
            **meaning,
            "note": self.note.to_dict() if self.note else None,
        }


# --- the catalogue's messages as patterns ------------------------------------------------------------


_GRAM = 8  # infer() looks a template up by the first characters of its anchor


@dataclass(frozen=True)
class _Template:
    entry: Entry
    message: Message
    regex: str
    params: tuple[str, ...]
    anchor: str  # the longest literal part, lower-cased, for a cheap pre-test

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Compiled when first needed: a run meets a handful of the catalogue's 600 messages."""
        return re.compile(self.regex, re.IGNORECASE)


def _value_pattern(before: str, last: bool = False) -> str:
    """What fills a placeholder: anything up to the closing quote or bracket when the message quotes
    or brackets it, else a value of up to three words (`5.0`, `'quantity'`, `10 SECOND`), never a
    clause: "parameter %s was empty" does not swallow "'quantity' was not sent, was empty"."""
    if before.endswith("'"):
        return r"([^'\n]{0,200}?)"
    if before.endswith("["):
        return r"([^\]\n]{0,200}?)"
    if last:  # at the message's end: the whole value, its closing full stop aside ("10 SECOND.")
        return r"'?((?:[^\s,;']*[^\s,;'.!])(?: [^\s,;']*[^\s,;'.!]){0,2})'?"
    return r"'?([^\s,;']+(?: [^\s,;']+){0,2}?)'?"


def _joined(parts: list[str]) -> str:
    last = len(parts) - 1
    return "".join(
        re.escape(p) + (_value_pattern(p, i == last - 1 and parts[last] == "") if i < last else "")
        for i, p in enumerate(parts)
    )


def _template(entry: Entry, message: Message) -> _Template:
    text, params = message.text, message.params
    body = text.rstrip(" .!'")
    parts = PLACEHOLDER.split(body)
    return _Template(
        entry,
        message,
        _joined(parts) + (r"'?\s*[.!]?" if parts[-1] == "" else "") + r"(?![\w/])",  # the message ends there
        params,
        max(parts, key=len).strip().lower(),
    )


_CUT = re.compile(r"(?:\.{3}|\u2026)")  # where a log or a library cut a long message short
CUT_CONFIDENCE = 0.9


def _prefix_pattern(message: str) -> re.Pattern[str]:
    """Any beginning of a message (at least its first words), its placeholders filled in, then a cut."""
    parts = PLACEHOLDER.split(message.rstrip(" .!'"))

    def any_prefix(literal: str) -> str:
        out = ""
        for ch in reversed(literal):
            out = f"(?:{re.escape(ch)}{out})?"
        return out

    def rest(i: int) -> str:  # after part i-1 in full: a value, then part i in full and more, or a beginning of it
        if i >= len(parts):
            return ""
        return f"(?:{_value_pattern(parts[i - 1])}(?:{re.escape(parts[i])}{rest(i + 1)}|{any_prefix(parts[i])}))?"

    first = parts[0]
    head = re.escape(first) + rest(1) if len(first) >= 12 or len(parts) == 1 else re.escape(first)
    if len(parts) == 1:
        words = first.split(" ")
        head = re.escape(" ".join(words[: max(3, len(words) // 2)])) + any_prefix(
            first[len(" ".join(words[: max(3, len(words) // 2)])) :]
        )
    return re.compile(head + r"\s*" + _CUT.pattern, re.IGNORECASE)


class _Templates:
    """Every message of every entry as a case-insensitive pattern; placeholder templates first."""

    def __init__(self, catalog: Catalog) -> None:
        self.by_entry: dict[int, list[_Template]] = {}
        self.by_gram: dict[str, list[_Template]] = {}  # keyed by the anchor's first _GRAM characters
        self.short: list[_Template] = []  # anchors shorter than that, tried on every text
        for entry in catalog.entries:
            items = sorted(entry.messages, key=lambda m: -len(m.params))
            templates = [_template(entry, m) for m in items]
            self.by_entry[id(entry)] = templates
            for t in templates:
                if len(t.anchor) < _GRAM:
                    self.short.append(t)
                else:
                    self.by_gram.setdefault(t.anchor[:_GRAM], []).append(t)

    def infer_cut(self, text: str, products: Sequence[str]) -> tuple[Entry, str] | None:
        """The entry whose message this text begins and then cuts short ("...", "\u2026"), and the text as
        received. Among several, a message the cut stops inside beats one it could have ended, then a
        `common` code, then the earlier product: a cut "must be no smaller than 5..." is -4164's longer
        message, not the amend-only -5029 that ends there."""
        if not _CUT.search(text):
            return None
        lowered = text.lower()
        rank = {p: i for i, p in enumerate(products)}
        best: tuple[tuple[bool, bool, int], Entry, str] | None = None
        for templates in self.by_entry.values():
            for t in templates:
                opening = " ".join(PLACEHOLDER.split(t.message.text)[0].lower().split()[:3])
                if t.entry.product not in rank or len(opening) < 6 or opening not in lowered:
                    continue
                m = _prefix_pattern(t.message.text).search(text)
                if m is None:
                    continue
                inside = not t.pattern.search(text[: m.end()])  # the full message does not fit before the cut
                key = (inside, t.entry.common, -rank[t.entry.product])
                if best is None or key > best[0]:
                    best = (key, t.entry, text[m.start() : m.end()])
        return None if best is None else (best[1], best[2])

    def params_of(self, entry: Entry, message: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Values that filled the entry's placeholders in this message, and their names."""
        for t in self.by_entry.get(id(entry), ()):
            if t.params:
                m = t.pattern.search(message)
                if m:
                    return tuple(g.strip("'\"") for g in m.groups()), t.params
        return (), ()

    def wording(self, entry: Entry, message: str) -> Message | None:
        """The entry's documented wording that this message is (placeholders filled in), if any."""
        lowered = message.lower()
        for t in self.by_entry.get(id(entry), ()):
            if len(t.anchor) >= 4 and t.anchor in lowered and t.pattern.search(message):
                return t.message
        return None

    def infer(self, text: str, products: Sequence[str]) -> tuple[Entry, tuple[str, ...], tuple[str, ...], str] | None:
        """The entry whose message appears in text: (entry, values, names, matched text).

        The longest matching wording wins; among equals, the earlier product in `products`, then a
        `common` code (a spot engine message is more often -2010 than -1010).
        """
        lowered = text.lower()
        grams = {lowered[i : i + _GRAM] for i in range(len(lowered) - _GRAM + 1)} & self.by_gram.keys()
        rank = {p: i for i, p in enumerate(products)}
        best: tuple[tuple[int, int, bool], _Template, re.Match[str]] | None = None
        for t in (*self.short, *(t for gram in grams for t in self.by_gram[gram])):
            if t.entry.product not in rank or t.anchor not in lowered:
                continue
            m = t.pattern.search(text)
            key = (len(t.anchor), -rank[t.entry.product], t.entry.common)
            if m and (best is None or key > best[0]):
                best = (key, t, m)
        if best is None:
            return None
        _, t, m = best
        return t.entry, tuple(g.strip("'\"") for g in m.groups()), t.params, m.group(0)

    def sharing(self, entry: Entry, wording: str) -> list[int]:
        """The codes of `entry`'s product whose documented messages include this wording: -1010 before -2010."""
        return sorted(
            {
                t.entry.code
                for ts in self.by_entry.values()
                for t in ts
                if t.entry.product == entry.product and t.message.text == wording
            },
            reverse=True,
        )


@cache
def _templates(catalog: Catalog) -> _Templates:
    """Compiled once per catalogue: a bot calling diagnose() per exception pays for it once."""
    return _Templates(catalog)


# --- scanning ------------------------------------------------------------------------------------


@dataclass
class _Response:
    """What is known about the HTTP response being read."""

    status: int | None = None
    reason: str = ""
    line: int = 0
    had_code: bool = False
    logged: bool = False  # named in a log line or an exception's text, not an HTTP/ status line
    headers: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Raw:
    """A candidate error before it is looked up (its line is passed along beside it)."""

    code: int | None
    message: str | None
    batch_index: int | None = None
    http_status: int | None = None
    inferred: bool = False
    reason: str | None = None  # why the code, when inferred
    confidence: float = 1.0
    entry: Entry | None = None
    params: tuple[str, ...] = ()
    param_names: tuple[str, ...] = ()


class _Scanner:
    def __init__(
        self, catalog: Catalog, product: str | None, now: datetime | None, notes: list[str], source: str | None
    ) -> None:
        self.catalog = catalog
        self.source = source
        self.notes = notes
        self.templates = _templates(catalog)
        self.now = now or datetime.now(timezone.utc)
        self.forced_product = product
        self.product = product or DEFAULT_PRODUCT
        self.product_reason = (
            "chosen by the caller" if product else f"no API URL or host in the input; {DEFAULT_PRODUCT} is the default"
        )
        self.product_from_input = product is not None  # else each finding may pick its product from its message
        self.default_context = (self.product, self.product_reason, self.product_from_input)
        self.context_until: int | None = None  # the last line of the response to the request that named the product
        self.venue: str | None = None
        self.response = _Response()
        # the opening words of each status's documented body message, to know it in any shape
        self.status_messages = [
            (" ".join(m.lower().split()[:_OPENING_WORDS]), h.status) for h in catalog.http_statuses for m in h.messages
        ]
        self.block: list[str] = []
        self.block_start = 0
        self.block_chars = 0
        self.block_depth = 0
        self.in_headers = False
        self.header_lines = 0
        self.findings = 0
        self.line_headers: dict[str, int] = {}
        self.paste: list[str] = []  # the first lines without an error marker, for finish()
        # A day of logs repeats the same few messages: what each says is worked out once.
        self.about: dict[tuple[Any, ...], tuple[str | None, tuple[str, ...], dict[str, Any], Note | None]] = {}
        self.fitting: dict[tuple[int, str], list[Entry]] = {}
        self.scanned: dict[tuple[str, str, bool], tuple[_Raw, ...]] = {}
        self.next_lineno = 1  # of the first line of the next piece
        self.tail: str | None = None  # the unread end of the last piece, where a value may open

    # pieces of text
    def feed_text(self, piece: str, piece_starts: list[int] | None = None) -> Iterator[Finding]:
        """The lines of a piece (whole lines, each ending in '\\n' but the input's last): those holding a
        trigger word, and every line while a paste, a JSON block or a response's headers are being
        read. `piece_starts` are the piece's candidate_starts() when already known."""
        piece = piece.removesuffix("\n")
        first = self.next_lineno
        text = piece
        scan_from = 0
        if self.tail is not None:
            first -= self.tail.count("\n") + 1
            text = self.tail + "\n" + piece
            scan_from = len(self.tail) + 1
        if piece_starts is None:
            starts = candidate_starts(text, scan_from)
        else:
            starts = [scan_from + start for start in piece_starts]
        wanted = set(starts)
        size = len(text)
        pos = floor = 0  # the next line's offset; the first line not yet read (where a walk back stops)
        lineno = first
        at = 0
        while pos <= size:
            if not (self.block or self.in_headers or lineno <= _PASTE_LINES):
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
            yield from self.feed(lineno, text[pos:end], candidate=pos in wanted)
            pos = floor = end + 1
            lineno += 1
        self.next_lineno = lineno + (text.count("\n", pos) + 1 if pos <= size else 0)
        self.tail = unread_tail(text, floor)

    # products
    def _see_product(self, line: str, lineno: int) -> None:
        """The product a line names. A request (a method and its URL, a Host header, a library's error
        naming the URL) names it for its response only, RESPONSE_CONTEXT_LINES lines on; a URL or host
        named anywhere else (a base URL logged at start-up) becomes the input's default."""
        if self.forced_product:
            return
        before = (self.product, self.product_reason, self.product_from_input)
        self._name_product(line, lineno)
        named = (self.product, self.product_reason, self.product_from_input)
        if named == before:
            return
        if _REQUEST.search(line) or line[:5].lower() == "host:":
            self.context_until = lineno + RESPONSE_CONTEXT_LINES
        else:
            self.default_context, self.context_until = named, None

    def _end_context(self, lineno: int) -> None:
        """Past a request's response: back to the input's default product."""
        if self.context_until is not None and lineno > self.context_until:
            ended = f"the request that named {self.product} ({self.product_reason}) is {RESPONSE_CONTEXT_LINES}+ lines above"
            product, reason, from_input = self.default_context
            self.product, self.product_reason, self.product_from_input = product, f"{reason}; {ended}", from_input
            self.context_until = None

    def _name_product(self, line: str, lineno: int) -> None:
        ccxt = _CCXT_PRODUCT.search(line) if "binance" in line else None
        if ccxt and not self.product_from_input:
            self.product = ccxt.group(1)
            self.product_reason = f"ccxt exchange id binance{ccxt.group(1)} on line {lineno}"
            self.product_from_input = True
        if not ("api/" in line or ".com" in line or line[:5].lower() == "host:"):
            return
        host_match = _HOST_HEADER.match(line)
        url = _URL.search(line)
        host = host_match.group(1) if host_match else (url.group("host") if url else None)
        if host is None and not url:
            bare = _BARE_HOST.search(line)
            host = bare.group(1) if bare else None
        if host:
            self.venue = "aster" if host.endswith("asterdex.com") else "binance"
        if host and host.endswith("asterdex.com"):
            self.product = "usdm"
            self.product_reason = f"Aster host {host} on line {lineno}; Aster's error lists, spot API included, follow Binance USD\u24c8-M"
            self.product_from_input = True
        elif url:
            api = url.group("path").split("/")[1]
            if api in _PATH_PRODUCTS:
                self.product = _PATH_PRODUCTS[api]
                self.product_reason = f"URL path {url.group('path')}/ on line {lineno}"
                self.product_from_input = True
        elif host:
            label = host.split(".")[0].rstrip("0123456789")
            if label in _HOST_PRODUCTS:
                self.product = _HOST_PRODUCTS[label]
                self.product_reason = f"host {host} on line {lineno}"
                self.product_from_input = True

    # responses
    def _flush_response(self) -> Iterator[Finding]:
        response = self.response
        if response.status is not None and response.status >= 400 and not response.had_code:
            yield Finding(
                code=None,
                message=redact(f"HTTP {response.status} {response.reason}".strip()),
                line=response.line,
                batch_index=None,
                http_status=response.status,
                product=self.product,
                product_reason=self.product_reason,
                venue=self.venue,
                facts=self._header_facts(),
                http=self.catalog.http_status(response.status),
                source=self.source,
            )
        self.response = _Response()

    def _header_facts(self) -> dict[str, Any]:
        facts: dict[str, Any] = {}
        for name, value in {**self.response.headers, **self.line_headers}.items():
            if name == "retry-after":
                facts["retry_after"] = value
            else:
                facts.setdefault("rate_limits", {})[name.upper()] = value
        return facts

    # lines
    def feed(
        self, lineno: int, raw_line: str, may_open_block: bool = True, candidate: bool = False
    ) -> Iterator[Finding]:
        """One line; `candidate` when it is known to hold a trigger word."""
        if "\x1b[" in raw_line:  # a coloured log: its colours are the logger's, not part of any message
            raw_line = _SGR.sub("", raw_line)
        if lineno <= _PASTE_LINES and not candidate:  # a paste's "-1116: Invalid orderType." needs no trigger word
            candidate = _COLON_CODE.search(raw_line) is not None or _NAMED_CODE.search(raw_line) is not None
        if lineno <= _PASTE_LINES and may_open_block:
            self.paste.append(raw_line if _MARKER.search(raw_line) is None else "")
        if self.block:
            yield from self._feed_block(lineno, raw_line)
            return
        if self.in_headers:
            self.header_lines += 1
            if raw_line.strip() in ("", "<") or self.header_lines > _HEADER_LINES:
                self.in_headers = False
        if not (candidate or self.in_headers or triggers(raw_line)):
            return
        self._end_context(lineno)
        if self.response.logged and (self.response.had_code or lineno - self.response.line > LOGGED_STATUS_REACH):
            yield from self._flush_response()  # a logged status is that of one body: it has had it, or none came
        line = raw_line[2:] if raw_line[:2] in _CURL_PREFIXES else raw_line
        status = _STATUS_LINE.match(line) if line.startswith("HTTP/") else None
        if status:
            yield from self._flush_response()
            self.response = _Response(int(status.group(1)), status.group(2).strip(), lineno)
            self.in_headers, self.header_lines = True, 0
            return
        # Headers belong to the response being read; outside one (a library's exception text) to this line only.
        self.line_headers = {}
        headers = self.response.headers if self.response.status is not None else self.line_headers
        low = line.lower()
        if "retry-after" in low or "x-mbx-" in low:
            for name, value in _HEADER.findall(line):
                headers[name.lower()] = int(value)
        self._see_product(line, lineno)
        html = _HTML_STATUS.search(line) if "<" in line else None
        if html and self.response.status is None:
            self.response = _Response(int(html.group(1)), html.group(2).strip(), lineno)
        stamp = _LOG_STAMP.match(line)
        hint = None if html or _foreign_url(line) else find_status(line[stamp.end() :] if stamp else line)
        documented = self._documented_status(line) if self.status_messages else None
        if documented is not None and hint is None:
            hint = (documented, "")
        if hint:
            # A status named in a log line or a library's error text is that line's, when the line holds
            # the error too; else it is the status of an error body in the next LOGGED_STATUS_REACH lines.
            yield from self._flush_response()
            self.response = _Response(hint[0], hint[1], lineno, logged=True)
            yield from self._read_rest(line, lineno, may_open_block)
            if self.response.had_code or documented is not None:
                yield from self._flush_response()
            elif _BODY_AFTER.search(line) and not self.block and not _BINANCE_HOST.search(line):
                self.response = (
                    _Response()
                )  # its body is on the line, and neither it nor a URL says Binance: another API's
            return
        yield from self._read_rest(line, lineno, may_open_block)

    def _read_rest(self, line: str, lineno: int, may_open_block: bool) -> Iterator[Finding]:
        """A line's JSON value, the start of a multi-line one, or its text."""
        stripped = line.strip()
        opener = self._opener(stripped)
        if opener is not None and ("code" in line or "error" in line):
            parsed = _parse_json(stripped[opener:])
            if parsed is not _UNPARSED:
                yield from self._emit(self._from_json(parsed), lineno)
                return
        if opener is not None and may_open_block and stripped.endswith(("{", "[")):
            if opener:  # text before the value, e.g. a log prefix, may hold an error of its own
                yield from self._emit(self._scan(stripped[:opener]), lineno)
            self.block, self.block_start = [stripped[opener:]], lineno
            self.block_chars, self.block_depth = len(stripped), _depth(stripped[opener:])
            return
        yield from self._emit(self._scan(line), lineno)

    @staticmethod
    def _opener(stripped: str) -> int | None:
        """Where a JSON value starts on this line, if the line is or ends in one."""
        if stripped[:1] in ("{", "["):
            return 0
        if stripped.endswith(("{", "[")):
            brace = stripped.find("{")
            bracket = stripped.find("[")
            return min(i for i in (brace, bracket) if i >= 0)
        return None

    def _feed_block(self, lineno: int, line: str) -> Iterator[Finding]:
        self.block.append(line)
        self.block_chars += len(line)
        self.block_depth += _depth(line)
        if self.block_depth > 0 and self.block_chars < _JSON_BLOCK_CHARS and len(self.block) < _JSON_BLOCK_LINES:
            return
        block, start = self.block, self.block_start
        self.block = []
        text = "\n".join(block)
        parsed = _parse_json(text) if self.block_depth <= 0 and ("code" in text or "error" in text) else _UNPARSED
        if parsed is not _UNPARSED:
            yield from self._emit(self._from_json(parsed), start)
            return
        if len(block) <= _JOINED_BLOCK_LINES:
            # Not JSON, but one value all the same (a JS object dump, a dict repr): read it as one text.
            yield from self._emit(self._scan(" ".join(part.strip() for part in block)), start)
            return
        yield from self._refeed(block, start)

    def _refeed(self, block: list[str], start: int) -> Iterator[Finding]:
        """Lines of a block that was not one JSON value, read again one by one."""
        for offset, block_line in enumerate(block):
            yield from self.feed(start + offset, block_line, may_open_block=False)

    def finish(self) -> Iterator[Finding]:
        if self.findings == 0 and len(self.paste) < _PASTE_LINES:
            for lineno, line in enumerate(self.paste, 1):
                yield from self._emit(self._infer(line), lineno)
        if self.block:
            block, start = self.block, self.block_start
            self.block = []
            yield from self._refeed(block, start)
        yield from self._flush_response()

    def _from_json(self, parsed: Any) -> Iterator[_Raw]:
        for item in _walk(parsed):
            if isinstance(item, str):
                yield from self._scan(item)
            else:
                yield item

    # text shapes
    def _scan(self, text: str) -> tuple[_Raw, ...]:
        """_scan_text, remembered: a log repeats its few error lines with only the time stamp changed,
        so a leading stamp (tokens that start with a digit) is dropped and the rest is the key."""
        stamp = _LOG_STAMP.match(text)
        if stamp:
            text = text[stamp.end() :]
        key = (text, self.product, self.product_from_input)
        raws = self.scanned.get(key)
        if raws is None:
            if len(self.scanned) >= _MEMO_SIZE:
                self.scanned.clear()
            raws = self.scanned[key] = tuple(self._scan_text(text))
        return raws

    def _scan_text(self, line: str) -> Iterator[_Raw]:
        found_at: set[int] = set()
        connector = _CONNECTOR.search(line) if "(" in line else None
        if connector:
            found_at.add(connector.start(2))
            yield _Raw(int(connector.group(2)), connector.group(4), http_status=int(connector.group(1)))
        python_binance = _PYTHON_BINANCE.search(line) if "APIError(" in line else None
        if python_binance:
            found_at.add(python_binance.start(1))
            yield _Raw(int(python_binance.group(1)), python_binance.group(2).strip())
        library_shapes = sorted(found_at)
        for count, match in enumerate(_KEYED_CODE.finditer(line) if "code" in line else ()):
            if count >= MAX_FINDINGS_PER_LINE:
                self.notes.append(
                    f"a line holds more than {MAX_FINDINGS_PER_LINE} codes; its first {MAX_FINDINGS_PER_LINE} are reported"
                )
                break
            if any(abs(match.start(1) - at) < 12 for at in library_shapes):
                continue  # the same code, already read as a library's exception text
            found_at.add(match.start(1))
            yield _Raw(int(match.group(1)), _message_near(line, match.end()))
        if found_at:
            return
        colon = _COLON_CODE.search(line)
        if colon:
            code = int(colon.group(1))
            message = colon.group(2).strip()
            if self.catalog.by_code(code) or message[:1].isupper():
                yield _Raw(code, message)
                return
        trailing = _TRAILING_CODE.search(line) if line.rstrip().endswith(")") else None
        if trailing and self.catalog.by_code(int(trailing.group(2))):
            yield _Raw(int(trailing.group(2)), trailing.group(1).strip())
            return
        named = _NAMED_CODE.search(line) if "_" in line else None
        if named and any(e.name == named.group(2) for e in self.catalog.by_code(int(named.group(1)))):
            yield _Raw(int(named.group(1)), named.group(3).strip(" :-|") or None)
            return
        labelled = _LABELLED_CODE.search(line)
        if labelled and self.catalog.by_code(int(labelled.group(1))):
            message = labelled.group(2).strip(" |") or None
            yield _Raw(int(labelled.group(1)), message)
            return
        if _MARKER.search(line):
            yield from self._infer(line)

    def _inferred_reason(self, entry: Entry, text: str) -> str:
        """Why an inferred code: its documented wording, and when several codes share it, why this one."""
        wording = self.templates.wording(entry, text)
        shared = self.templates.sharing(entry, wording.text) if wording is not None else [entry.code]
        if len(shared) < 2:
            return f"inferred: the message is {entry.product}'s {entry.code} wording"
        others = ", ".join(str(c) for c in shared)
        return f"inferred: {entry.product} documents this message for {others}; {entry.code} is the one met for it"

    def _infer(self, line: str) -> Iterator[_Raw]:
        text = line[:4000]
        cut = self.templates.infer_cut(text, self._products()) if ("..." in text or "\u2026" in text) else None
        if cut is not None:
            entry, received = cut
            reason = f"inferred: the message, cut short, begins {entry.product}'s {entry.code} wording"
            yield _Raw(
                entry.code, received.strip(), inferred=True, reason=reason, confidence=CUT_CONFIDENCE, entry=entry
            )
            return
        inferred = self.templates.infer(text, self._products())
        if inferred is not None:
            entry, values, names, matched = inferred
            reason = self._inferred_reason(entry, text)
            yield _Raw(
                entry.code, matched.strip(), inferred=True, reason=reason, entry=entry, params=values, param_names=names
            )
            return
        failure = _FILTER_FAILURE.search(text)
        if failure:
            yield _Raw(-1013, failure.group(0), inferred=True, reason="inferred: a Filter failure message is -1013's")
            return
        fuzzy = next((hit for p in self._products() if (hit := _fuzzy_message(text, self.catalog, p))), None)
        if fuzzy is not None:
            entry, score = fuzzy
            reason = f"inferred: the message is near {entry.product}'s {entry.code} wording"
            yield _Raw(
                entry.code, text.strip(), inferred=True, reason=reason, confidence=round(score / 100, 2), entry=entry
            )

    # turning candidates into findings
    def _emit(self, raws: Iterable[_Raw], lineno: int) -> Iterator[Finding]:
        for raw in raws:
            if raw.code is None:
                status = self._documented_status(raw.message or "")
                if status is None:
                    continue  # code 0 with any other message is no error ("success")
                raw = replace(raw, http_status=status)  # noqa: PLW2901 - the same candidate, its status now known
            self.findings += 1
            self.response.had_code = True
            yield self._finding(raw, lineno)

    def _documented_status(self, text: str) -> int | None:
        """The HTTP status whose documented body message this text holds (451: a restricted location)."""
        low = text.lower()
        return next((status for opening, status in self.status_messages if opening in low), None)

    def _products(self) -> list[str]:
        """Where to look a message up: the input's product, or every product with the default first."""
        if self.product_from_input:
            return [self.product]
        return [self.product, *(p for p in self.catalog.products if p != self.product)]

    def _choose(self, raw: _Raw) -> tuple[Entry | None, str, str]:
        """The entry for a candidate, and its product and why: from the input, else from the code and message."""
        if raw.entry is not None and (self.product_from_input or raw.entry.product == self.product):
            return raw.entry, self.product, self.product_reason
        if raw.entry is not None:
            return (
                raw.entry,
                raw.entry.product,
                f"no API URL or host in the input; the message is {raw.entry.product}'s wording",
            )
        having = self.catalog.by_code(raw.code) if raw.code is not None else []
        own = next((e for e in having if e.product == self.product), None)
        if self.forced_product or not having:
            return own, self.product, self.product_reason
        # The message's own wording comes first: a product whose wording of this code differs never wins.
        fitting = self._fitting(having, raw.message)
        if own is not None and (not fitting or own in fitting):
            return own, self.product, self.product_reason
        if fitting:
            chosen = next((e for e in fitting if e.product == DEFAULT_PRODUCT), fitting[0])
            why = f"the message is {chosen.product}'s wording of {raw.code}"
            if self.product_from_input:
                return chosen, chosen.product, f"{why}, not {self.product}'s ({self.product_reason})"
        elif self.product_from_input:
            return own, self.product, self.product_reason
        else:
            chosen = having[0]
            why = f"{self.product} has no {raw.code}; {', '.join(e.product for e in having)} has it"
        return chosen, chosen.product, f"no API URL or host in the input; {why}"

    def _fitting(self, having: list[Entry], message: str | None) -> list[Entry]:
        """The entries (one per product) whose documented wording this message is."""
        if not message:
            return []
        key = (having[0].code, message)
        if key not in self.fitting:
            if len(self.fitting) >= _MEMO_SIZE:
                self.fitting.clear()
            self.fitting[key] = [e for e in having if self.templates.wording(e, message)]
        return self.fitting[key]

    def _finding(self, raw: _Raw, lineno: int) -> Finding:
        entry, product, reason = self._choose(raw)
        key = (raw.code, raw.message, id(entry), product, raw.params, raw.param_names)
        about = self.about.get(key)
        if about is None:
            if len(self.about) >= _MEMO_SIZE:
                self.about.clear()
            about = self.about[key] = self._about(raw, entry, product)
        shown, params, message_facts, note = about
        facts = self._header_facts()
        facts.update(message_facts)
        return Finding(
            code=raw.code,
            message=shown,
            line=lineno,
            batch_index=raw.batch_index,
            http_status=raw.http_status if raw.http_status is not None else self.response.status,
            product=product,
            product_reason=reason
            + ("" if product in self.catalog.products else f"; the catalogue has no {product} codes"),
            venue=self.venue,
            params=params,
            facts=facts,
            inferred=raw.inferred,
            confidence=raw.confidence,
            code_reason=None if raw.code is None else raw.reason or "written in the input",
            entry=entry,
            http=self.catalog.http_status(raw.http_status) if raw.code is None and raw.http_status else None,
            note=note,
            source=self.source,
        )

    def _about(
        self, raw: _Raw, entry: Entry | None, product: str
    ) -> tuple[str | None, tuple[str, ...], dict[str, Any], Note | None]:
        """What a message says, whichever line it is on: shown text, values, facts and note."""
        message = raw.message
        params, names = raw.params, raw.param_names
        if entry is not None and message and not params:
            params, names = self.templates.params_of(entry, message)
        facts: dict[str, Any] = {name: _number_or_text(value) for name, value in zip(names, params, strict=False)}
        if message:
            facts.update(self._message_facts(raw.code, message, product))
        shown = None if message is None else _cut(redact(message))
        wording = self.templates.wording(entry, message) if entry is not None and message else None
        return shown, tuple(redact(p) for p in params), facts, wording.note if wording else None

    def _message_facts(self, code: int | None, message: str, product: str) -> dict[str, Any]:
        facts: dict[str, Any] = {}
        failure = _FILTER_FAILURE.search(message)
        if failure:
            name = failure.group(1)
            facts["filter"] = name
            known = self.catalog.filters.get(product, {}).get(name)
            if known is not None:
                facts["filter_fields"] = list(known.fields)
                facts["filter_check"] = known.check
        ip = _IPV4.search(message)
        if ip:
            facts["ip"] = ip.group(0)
        ban = _BAN.search(message)
        if ban:
            facts.update(_ban_facts(int(ban.group(1)), self.now))
        if code == -1021:
            variant = "ahead" if "ahead" in message else "late" if "recvWindow" in message else None
            if variant:
                facts["clock"] = variant
                api = self.catalog.products[product].api if product in self.catalog.products else "/fapi/v1"
                facts["advice"] = _CLOCK_ADVICE[variant].format(api=api)
        return facts


def _number_or_text(value: str) -> int | float | str:
    """Template values as numbers where they are numbers (threshold 100, leverage 20), else as text."""
    try:
        return int(value)
    except ValueError:
        try:
            number = float(value)
        except ValueError:
            return redact(value)
        return number if math.isfinite(number) else redact(value)


def _ban_facts(stamp: int, now: datetime) -> dict[str, Any]:
    seconds = stamp / 1000 if stamp > 10**11 else float(stamp)
    try:
        until = datetime.fromtimestamp(seconds, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return {}
    minutes = round((until - now).total_seconds() / 60)
    relative = f"in {minutes} minutes" if minutes > 0 else f"{-minutes} minutes ago" if minutes < 0 else "now"
    return {"banned_until": until.strftime("%Y-%m-%dT%H:%M:%SZ"), "ban_ends": relative}


@cache
def _fuzzy_candidates(catalog: Catalog, product: str) -> tuple[tuple[Entry, str], ...]:
    """Literal messages (no placeholders) of 15+ characters, gathered once per catalogue and product."""
    return tuple(
        (e, m.text)
        for e in catalog.entries
        if e.product == product
        for m in e.messages
        if len(m.text) >= 15 and not m.params
    )


def _fuzzy_message(text: str, catalog: Catalog, product: str) -> tuple[Entry, float] | None:
    """The closest catalogue message to a code-less error line, if close enough to name."""
    from rapidfuzz import fuzz, process

    # partial_ratio aligns the shorter string inside the longer one, so a message is only a candidate
    # when the text is long enough to hold most of it ("error" alone must not match every message).
    candidates = _fuzzy_candidates(catalog, product)
    choices = {i: message for i, (_, message) in enumerate(candidates) if len(message) <= len(text) * 1.25}
    hit = process.extractOne(text, choices, scorer=fuzz.partial_ratio, score_cutoff=90)
    if hit is None:
        return None
    return candidates[hit[2]][0], float(hit[1])


def _message_near(line: str, after: int) -> str | None:
    """The msg value that goes with a code found at `after`: the next msg key, else the one before."""
    if "msg" not in line:
        return None
    match = _MSG_QUOTED.search(line, after)
    if match is None:
        before = deque(_MSG_QUOTED.finditer(line, 0, after), maxlen=1)
        match = before[0] if before else None
    if match:
        quote, body = match.group(1), match.group(2)
        if quote.endswith('"') and "\\" in body:
            try:
                return str(json.loads('"' + body.replace('\\"', '"').replace('"', '\\"') + '"'))
            except ValueError:
                return body
        return body
    bare = _MSG_BARE.search(line, after)
    return bare.group(1) if bare else None


def _cut(text: str) -> str:
    if len(text) <= MAX_MESSAGE_CHARS:
        return text
    return f"{text[:MAX_MESSAGE_CHARS]}... [cut {len(text) - MAX_MESSAGE_CHARS} more characters]"


_UNPARSED = object()


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _UNPARSED


def _depth(text: str) -> int:
    """Openers minus closers, ignoring brackets inside strings only roughly (good enough to find block ends)."""
    return text.count("{") + text.count("[") - text.count("}") - text.count("]")


_BODY_AFTER = re.compile(r"\d\d\d\W{0,4}[\[{]")  # a status, then the JSON body it came with
_REQUEST = re.compile(r"\b(?:GET|POST|PUT|DELETE|PATCH)\s+\S|\bfor url:")  # a request line, or a library naming its URL
_ANY_URL_HOST = re.compile(r"https?://([\w.-]+)")


_BINANCE_HOST = re.compile(r"(?i)[\w.-]*(?:binance\.(?:com|us|vision)|asterdex\.com)\b")


def _foreign_url(line: str) -> bool:
    """Whether the line's URLs all name another host than Binance's or Aster's (a status there is not theirs)."""
    hosts = _ANY_URL_HOST.findall(line) if "://" in line else []
    return bool(hosts) and not any(_BINANCE_HOST.fullmatch(h) for h in hosts)


def _as_code(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value < 0 else None
    if isinstance(value, str) and re.fullmatch(r"-\d{1,6}", value):
        return int(value)
    return None


def _walk(value: Any) -> Iterator[_Raw | str]:
    """Error objects anywhere in a parsed JSON value, and its other strings (errors are logged inside
    JSON strings too); items of a top-level array carry their index."""
    stack: list[tuple[Any, int | None, int | None, int]] = []
    if isinstance(value, list):
        stack.extend((item, index, None, 1) for index, item in reversed(list(enumerate(value))))
    else:
        stack.append((value, None, None, 0))
    while stack:
        item, batch_index, status, depth = stack.pop()
        if depth > _JSON_WALK_DEPTH:
            continue
        if isinstance(item, dict):
            code_key = next((k for k in _CODE_KEYS if k in item), "code")
            code = _as_code(item.get(code_key))
            message = next((item[k] for k in _MESSAGE_KEYS if k in item), None)
            if code is not None:
                yield _Raw(code, message if isinstance(message, str) else None, batch_index, status)
            elif item.get("code") == 0 and isinstance(message, str):  # a status's documented body (451), or nothing
                yield _Raw(None, message, batch_index, status)
            ws_status = item.get("status")
            child_status = ws_status if isinstance(ws_status, int) and not isinstance(ws_status, bool) else status
            stack.extend(
                (v, batch_index, child_status, depth + 1)
                for k, v in reversed(list(item.items()))
                if isinstance(v, (dict, list, str))
                and not (code is not None and k in _MESSAGE_KEYS)
                and not (isinstance(v, str) and _IDENTIFIER_KEY.search(str(k)))
            )
        elif isinstance(item, list):
            stack.extend((v, batch_index, status, depth + 1) for v in reversed(item))
        elif isinstance(item, str) and triggers(item):
            yield item


def iter_findings(
    pieces: Iterable[str] | Iterable[tuple[str, list[int]]],
    product: str | None = None,
    catalog: Catalog | None = None,
    now: datetime | None = None,
    notes: list[str] | None = None,
    source: str | None = None,
) -> Iterator[Finding]:
    """Findings in input order, one pass, bounded memory (see the module docstring); remarks go to `notes`.

    `pieces` are whole lines, one or many per item, each ending in a newline but the last (which may
    too): a list of lines, an open text file, or what
    textscan.read_pieces() or textscan.pieces_with_starts() yield. `source` names where they came from.
    """
    scanner = _Scanner(catalog or load_catalog(), product, now, notes if notes is not None else [], source)
    for piece in pieces:
        if isinstance(piece, tuple):
            yield from scanner.feed_text(*piece)
        else:
            yield from scanner.feed_text(as_lines(piece))
    yield from scanner.finish()


def diagnose(
    text: str | Iterable[str] | BaseException,
    product: str | None = None,
    catalog: Catalog | None = None,
    now: datetime | None = None,
) -> list[Finding]:
    """Every error in `text` explained: the Python API behind `errcode diagnose`.

    `text` is a string, lines, or an exception a client library raised (see caught.py). An unknown
    product raises UnknownProductError, a ValueError.
    """
    if isinstance(text, BaseException):
        from .caught import exception_text

        text = exception_text(text)
    catalog = catalog or load_catalog()
    catalog.check_product(product)
    return list(iter_findings([text] if isinstance(text, str) else text, product, catalog, now))
