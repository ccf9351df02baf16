"""Error objects inside a JSON value: a body, a batchOrders array, a WebSocket API envelope, a log record."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from typing import Any

from .finding import Candidate
from .lines import triggers

WALK_DEPTH = 64
# where a JSON error object keeps its code and message: Binance's keys, then how wrappers and other
# libraries name them ({"errorCode":-1021,"errorMessage":...}, {"error_code":...})
CODE_KEYS = ("code", "errorCode", "error_code", "errCode", "err_code")
MESSAGE_KEYS = ("msg", "message", "errorMessage", "error_message", "errMsg", "err_msg")
_IDENTIFIER_KEY = re.compile(r"(?i)(?:id|key|symbol|hash|signature|token)$")  # its string is a name, never an error
_CODE_TEXT = re.compile(r"-\d{1,6}")

UNPARSED = object()


def parse(text: str) -> Any:
    """The JSON value text holds, or UNPARSED."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return UNPARSED


def depth(text: str) -> int:
    """Openers minus closers, ignoring brackets inside strings only roughly (good enough to find block ends)."""
    return text.count("{") + text.count("[") - text.count("}") - text.count("]")


def as_code(value: Any, positive: Collection[int] = ()) -> int | None:
    """A JSON value as an error code: a negative integer, one written as a string, or one of the
    catalogue's few positive codes (portfolio margin's 51xxx), which its bodies print as integers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value < 0 or value in positive else None
    if isinstance(value, str) and _CODE_TEXT.fullmatch(value):
        return int(value)
    return None


def walk(value: Any, positive: Collection[int] = ()) -> Iterator[Candidate | str]:
    """Error objects anywhere in a parsed JSON value, and its other strings (errors are logged inside
    JSON strings too); items of a top-level array carry their index, and a WebSocket envelope's
    `status` goes with the error inside it. A `positive` code counts only beside its message."""
    stack: list[tuple[Any, int | None, int | None, int]] = []
    if isinstance(value, list):
        stack.extend((item, index, None, 1) for index, item in reversed(list(enumerate(value))))
    else:
        stack.append((value, None, None, 0))
    while stack:
        item, batch_index, status, level = stack.pop()
        if level > WALK_DEPTH:
            continue
        if isinstance(item, dict):
            code_key = next((k for k in CODE_KEYS if k in item), "code")
            message = next((item[k] for k in MESSAGE_KEYS if k in item), None)
            code = as_code(item.get(code_key), positive if isinstance(message, str) else ())
            if code is not None:
                yield Candidate(code, message if isinstance(message, str) else None, batch_index, status)
            elif item.get("code") == 0 and isinstance(message, str):  # a status's documented body (451), or nothing
                yield Candidate(None, message, batch_index, status)
            ws_status = item.get("status")
            child_status = ws_status if isinstance(ws_status, int) and not isinstance(ws_status, bool) else status
            stack.extend(
                (v, batch_index, child_status, level + 1)
                for k, v in reversed(list(item.items()))
                if isinstance(v, (dict, list, str))
                and not (code is not None and k in MESSAGE_KEYS)
                and not (isinstance(v, str) and _IDENTIFIER_KEY.search(str(k)))
            )
        elif isinstance(item, list):
            stack.extend((v, batch_index, status, level + 1) for v in reversed(item))
        elif isinstance(item, str) and triggers(item):
            yield item
