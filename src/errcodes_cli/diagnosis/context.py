"""The context of each response in the input: its product, venue, status line and headers.

A request (a method and its URL, a Host header, a library's error naming the URL) names the product
of its response only, for RESPONSE_CONTEXT_LINES lines; a URL or host named anywhere else (a base URL
logged at start-up) becomes the input's default. Without either, the product is DEFAULT_PRODUCT and
each finding may take its product from its message's wording instead (choosing.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .facts import header_facts

DEFAULT_PRODUCT = "usdm"
RESPONSE_CONTEXT_LINES = 30  # a request's product holds for its response, this many lines on
# a logged status ("HTTP 400" on a line of its own) is that of an error body this many lines on: node
# prints an error's message, then its stack (ten frames by default), then its properties ({ code: -1022 })
LOGGED_STATUS_REACH = 12
# a bot logs an error body, then its HTTP library's exception for the same response this many lines on
# (`400 Client Error: Bad Request for url: ...`): that status is the body's, no finding of its own
STATUS_AFTER_BODY_REACH = 2

_HEADER = re.compile(
    r"""(?i)['"]?\b(retry-after|x-mbx-used-weight(?:-\d+[smhd])?|x-mbx-order-count-\d+[smhd])['"]?\s*[:=]\s*['"]?(\d+)"""
)
_HOST_HEADER = re.compile(r"(?i)^host:\s*([\w.-]+)")
# a path's API and version, with the area after it where that names the product (/sapi/v1/portfolio)
_URL = re.compile(
    r"(?:https?://(?P<host>[\w.-]+))?(?P<path>/(?:fapi|dapi|eapi|papi|sapi|api)/v\d+(?:/portfolio(?![\w-]))?)(?![\w-])"
)
_CCXT_PRODUCT = re.compile(r"\bbinance(usdm|coinm)\b")  # ccxt's exchange ids name the product; plain "binance" does not
_BARE_HOST = re.compile(r"\b((?:[\w-]+\.)*(?:binance\.com|asterdex\.com))\b")
_REQUEST = re.compile(r"\b(?:GET|POST|PUT|DELETE|PATCH)\s+\S|\bfor url:")  # a request line, or a library naming its URL
_ANY_URL_HOST = re.compile(r"https?://([\w.-]+)")
_BINANCE_HOST = re.compile(r"(?i)[\w.-]*(?:binance\.(?:com|us|vision)|asterdex\.com)\b")
# a path's first part, and for /sapi/ (the wallet's, margin's and portfolio margin pro's) its area too
_PATH_PRODUCTS = {
    "fapi": "usdm",
    "dapi": "coinm",
    "api": "spot",
    "eapi": "options",
    "papi": "pm",
    "sapi/portfolio": "pmpro",
}
_HOST_PRODUCTS = {
    "fapi": "usdm",
    "fstream": "usdm",
    "dapi": "coinm",
    "dstream": "coinm",
    "api": "spot",
    "eapi": "options",
    "papi": "pm",
}


@dataclass
class Response:
    """What is known about the HTTP response being read."""

    status: int | None = None
    reason: str = ""
    line: int = 0
    had_code: bool = False
    logged: bool = False  # named in a log line or an exception's text, not an HTTP/ status line
    headers: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Product:
    """The product findings are read under, and why. `from_input`: the input (or the caller) named it."""

    key: str
    reason: str
    from_input: bool


class Context:
    """What the input has said so far about where its responses come from."""

    def __init__(self, forced: str | None) -> None:
        self.forced = forced
        reason = (
            "chosen by the caller" if forced else f"no API URL or host in the input; {DEFAULT_PRODUCT} is the default"
        )
        self.product = Product(forced or DEFAULT_PRODUCT, reason, forced is not None)
        self.default = self.product
        self.until: int | None = None  # the last line of the response to the request that named the product
        self.venue: str | None = None
        self.response = Response()
        self.line_headers: dict[str, int] = {}
        self.last_error: tuple[int, int | None] = (0, None)  # the line and HTTP status of the last finding

    def see(self, line: str, lineno: int) -> None:
        """The product and venue a line names, for its response or as the input's default."""
        if self.forced:
            return
        before = self.product
        self._name(line, lineno)
        if self.product == before:
            return
        if _REQUEST.search(line) or line[:5].lower() == "host:":
            self.until = lineno + RESPONSE_CONTEXT_LINES
        else:
            self.default, self.until = self.product, None

    def end_past(self, lineno: int) -> None:
        """Past a request's response: back to the input's default product."""
        if self.until is not None and lineno > self.until:
            ended = f"the request that named {self.product.key} ({self.product.reason}) is {RESPONSE_CONTEXT_LINES}+ lines above"
            self.product = Product(self.default.key, f"{self.default.reason}; {ended}", self.default.from_input)
            self.until = None

    def _name(self, line: str, lineno: int) -> None:
        ccxt = _CCXT_PRODUCT.search(line) if "binance" in line else None
        if ccxt and not self.product.from_input:
            self.product = Product(ccxt.group(1), f"ccxt exchange id binance{ccxt.group(1)} on line {lineno}", True)
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
        named = _named_product(host, url.group("path") if url else None, lineno)
        if named is not None:
            self.product = named

    def is_current(self, status: int, lineno: int, is_body: bool) -> bool:
        """Whether a status named on this line is that of the response being read: the same line read again
        (the first of a value read line by line), or its documented body a few lines after its status."""
        response = self.response
        if response.status != status or response.had_code:
            return False
        return response.line == lineno or (
            is_body and response.logged and lineno - response.line <= LOGGED_STATUS_REACH
        )

    def follows_its_body(self, status: int, lineno: int) -> bool:
        """Whether a logged status is that of the error reported just above it with that status
        (STATUS_AFTER_BODY_REACH)."""
        line, last = self.last_error
        return last == status and 0 < lineno - line <= STATUS_AFTER_BODY_REACH

    def read_headers(self, line: str) -> None:
        """Rate-limit headers: the response's, when one is being read, else this line's alone (a
        library's exception text)."""
        self.line_headers = {}
        headers = self.response.headers if self.response.status is not None else self.line_headers
        low = line.lower()
        if "retry-after" in low or "x-mbx-" in low:
            for name, value in _HEADER.findall(line):
                headers[name.lower()] = int(value)

    def header_facts(self) -> dict[str, Any]:
        if not (self.response.headers or self.line_headers):  # most lines: no headers to merge
            return {}
        return header_facts({**self.response.headers, **self.line_headers})

    def lookup_order(self, products: Sequence[str]) -> list[str]:
        """Where to look a message up: the input's product, or every product with the current one first."""
        if self.product.from_input:
            return [self.product.key]
        return [self.product.key, *(p for p in products if p != self.product.key)]


def _named_product(host: str | None, path: str | None, lineno: int) -> Product | None:
    """The product an Aster host, an API path or a Binance host names."""
    if host and host.endswith("asterdex.com"):
        why = f"Aster host {host} on line {lineno}; Aster's error lists, spot API included, follow Binance USD\u24c8-M"
        return Product("usdm", why, True)
    if path:
        parts = path.split("/")
        api = "/".join(parts[1:2] + parts[3:])  # fapi, sapi/portfolio
        return (
            Product(_PATH_PRODUCTS[api], f"URL path {path}/ on line {lineno}", True) if api in _PATH_PRODUCTS else None
        )
    if host:
        label = host.split(".")[0].rstrip("0123456789")
        if label in _HOST_PRODUCTS:
            return Product(_HOST_PRODUCTS[label], f"host {host} on line {lineno}", True)
    return None


def foreign_url(line: str) -> bool:
    """Whether the line's URLs all name another host than Binance's or Aster's (a status there is not theirs)."""
    hosts = _ANY_URL_HOST.findall(line) if "://" in line else []
    return bool(hosts) and not any(_BINANCE_HOST.fullmatch(h) for h in hosts)


def names_binance(line: str) -> bool:
    return _BINANCE_HOST.search(line) is not None
