"""The shapes in which text says "this is an error code": one small reader per shape, in one registry.

A code counts only where its shape says it is one: a key (`"code":-1021`, `code=-1106`), a library's
exception format (`APIError(code=-1013)`, `(400, -2015, '...')`), the code before its message or its
documented name (`-1013: Filter failure`, `-2022 REDUCE_ONLY_REJECT`), after the word error or code
(`error -1013`), or in brackets after its message (`... not valid. (-1021)`). A price of -1021.5, an
order id such as grid-code-1013-7 or a file name error-2010.log is none of these.

Adding a shape is one entry in SHAPES: its name, an example line (tests/test_shapes.py reads every
example through the registry) and its reader.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..catalog import Catalog
from .finding import Candidate

Spotted = tuple[int, Candidate]  # where on the line the code is, and what was read
Reader = Callable[[str, Catalog], Iterator[Spotted]]

# the code may be positive: portfolio margin's 51xxx, which count only when the catalogue lists them (_known)
_KEYED_CODE = re.compile(r"""(?i:\b(?:error_?|err_?)?code)\\?['"]?\s*[:=]\s*(\\?['"]?)(-?\d{1,6})(?![\d.])""")
_CONNECTOR = re.compile(r"""\(\s*(\d{3}),\s*(-?\d{1,6}),\s*(['"])((?:(?!\3).)*)\3""")
_PYTHON_BINANCE = re.compile(r"APIError\(code=(-?\d{1,6})\):\s*(.*)$")
_COLON_CODE = re.compile(r"(?<![\w.\-])(-\d{4,5}):\s+(\S.*)$")
# "error -1013: ...", "code: -2019": the word and the code apart (by a space, ':' or '='), neither glued
# into an identifier such as grid-code-1013-7 or error-2010.log
_LABELLED_CODE = re.compile(
    r"(?i)(?<![\w\-])(?:error|exception|binance|aster|code|failed)\b['\"]?(?:\s*[:=]\s*|\s+|\s*[(\[]\s*)"
    r"(-\d{4,5})(?![\d.\w\-])[\s:,)\]]*(.*)$"
)
# Binance.Net's "... - Timestamp for this request is not valid. (-1021)", "Filter failure: PRICE_FILTER (code
# -1013)": the message (the longest tail that starts like one), then its code in brackets
_TRAILING_CODE = re.compile(
    r"^(?:.*?(?:\s-\s|:\s))??([A-Z][^()]*?\S)\s*\((?:(?:code|error)\s*[:=]?\s*)?(-\d{4,5})\)\s*$"
)
_NAMED_CODE = re.compile(r"(?<![\w.\-])(-\d{4,5})\s+([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b(.*)$")  # -2022 REDUCE_ONLY_REJECT
_MSG_QUOTED = re.compile(r"""\bmsg\\?['"]?\s*[:=]\s*(\\?["'])((?:(?!\1)[^\\]|\\.)*)\1""")
_MSG_BARE = re.compile(r"""\bmsg\s*=\s*(.+?)\s*[,}>)]?\s*$""")
SAME_CODE_REACH = 12  # a keyed code this near a library format's code is that code again


def _known(code: int, catalog: Catalog) -> bool:
    """A negative code, or a positive one the catalogue lists: `"code":200` or another API's 10001 is none."""
    return code < 0 or code in catalog.positive_codes


def _connector(line: str, catalog: Catalog) -> Iterator[Spotted]:
    """binance-connector's ClientError arguments: (status, code, 'message', ...)."""
    match = _CONNECTOR.search(line) if "(" in line else None
    if match and _known(int(match.group(2)), catalog):
        yield match.start(2), Candidate(int(match.group(2)), match.group(4), http_status=int(match.group(1)))


def _python_binance(line: str, catalog: Catalog) -> Iterator[Spotted]:
    match = _PYTHON_BINANCE.search(line) if "APIError(" in line else None
    if match and _known(int(match.group(1)), catalog):
        yield match.start(1), Candidate(int(match.group(1)), match.group(2).strip())


def _keyed(line: str, catalog: Catalog) -> Iterator[Spotted]:
    """Every code under a code key on the line, each with the msg next to it; a positive code only
    unquoted (as Binance's bodies print it; other APIs' positive codes are strings) and beside a msg."""
    for match in _KEYED_CODE.finditer(line) if "code" in line else ():
        code, message = int(match.group(2)), message_near(line, match.end())
        if code < 0 or (not match.group(1) and message is not None and _known(code, catalog)):
            yield match.start(2), Candidate(code, message)


def _colon(line: str, catalog: Catalog) -> Iterator[Spotted]:
    """`-1116: Invalid orderType.`: a code the catalogue knows, or one before a capitalised message."""
    match = _COLON_CODE.search(line)
    if match:
        code, message = int(match.group(1)), match.group(2).strip()
        if catalog.by_code(code) or message[:1].isupper():
            yield match.start(1), Candidate(code, message)


def _trailing(line: str, catalog: Catalog) -> Iterator[Spotted]:
    match = _TRAILING_CODE.search(line) if line.rstrip().endswith(")") else None
    if match and catalog.by_code(int(match.group(2))):
        yield match.start(2), Candidate(int(match.group(2)), match.group(1).strip())


def _named(line: str, catalog: Catalog) -> Iterator[Spotted]:
    """A code beside its documented name: `-2022 REDUCE_ONLY_REJECT`."""
    match = _NAMED_CODE.search(line) if "_" in line else None
    if match and any(e.name == match.group(2) for e in catalog.by_code(int(match.group(1)))):
        yield match.start(1), Candidate(int(match.group(1)), match.group(3).strip(" :-|") or None)


def _labelled(line: str, catalog: Catalog) -> Iterator[Spotted]:
    """A code the catalogue knows after the word error, code, exception, failed or the exchange's name."""
    match = _LABELLED_CODE.search(line)
    if match and catalog.by_code(int(match.group(1))):
        yield match.start(1), Candidate(int(match.group(1)), match.group(2).strip(" |") or None)


@dataclass(frozen=True)
class Shape:
    """One way text writes an error code.

    `alone`: tried only when no shape before it found a code on the line, and the first such shape that
    finds one ends the line's reading (a line holds one error in these shapes, many in the others).
    """

    name: str
    example: str  # a line in this shape, with the code it holds
    code: int
    read: Reader
    alone: bool = False


SHAPES = (
    Shape(
        "binance-connector",
        "ClientError: (400, -2015, 'Invalid API-key, IP, or permissions for action.')",
        -2015,
        _connector,
    ),
    Shape("python-binance", "APIError(code=-1013): Filter failure: LOT_SIZE", -1013, _python_binance),
    Shape("code key", '{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}', -1021, _keyed),
    Shape("code, colon, message", "-1116: Invalid orderType.", -1116, _colon, alone=True),
    Shape(
        "message, code in brackets",
        "CallResult error: Timestamp for this request is not valid. (-1021)",
        -1021,
        _trailing,
        alone=True,
    ),
    Shape("code and documented name", "-2022 REDUCE_ONLY_REJECT", -2022, _named, alone=True),
    Shape("labelled code", "order failed: error -2019 Margin is insufficient.", -2019, _labelled, alone=True),
)


def read_line(line: str, catalog: Catalog) -> Iterator[tuple[Shape, Candidate]]:
    """The codes a line writes, in the order of SHAPES. What a later shape finds is the error an earlier
    shape already read when it is where that one was (within SAME_CODE_REACH characters), or the same code
    with the same message: one error printed twice in one log record (python-binance's repr, then its str)."""
    read: list[tuple[int, Candidate]] = []
    for shape in SHAPES:
        if shape.alone and read:
            return
        earlier = list(read)
        for at, candidate in shape.read(line, catalog):
            if not any(_same_error(at, candidate, *before) for before in earlier):
                read.append((at, candidate))
                yield shape, candidate
        if shape.alone and read:
            return


def _same_error(at: int, candidate: Candidate, before_at: int, before: Candidate) -> bool:
    if abs(at - before_at) < SAME_CODE_REACH:
        return True
    return candidate.code == before.code and candidate.message is not None and candidate.message == before.message


def may_write_code(line: str) -> bool:
    """Whether a line without a trigger word may still write a code: a paste's `-1116: Invalid orderType.`."""
    return _COLON_CODE.search(line) is not None or _NAMED_CODE.search(line) is not None


def message_near(line: str, after: int) -> str | None:
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
            body = body.replace("\\'", "'")  # a JSON body inside a Python repr's quotes: Order\'s
            try:
                return str(json.loads('"' + body.replace('\\"', '"').replace('"', '\\"') + '"'))
            except ValueError:
                return body
        return body
    bare = _MSG_BARE.search(line, after)
    return bare.group(1) if bare else None
