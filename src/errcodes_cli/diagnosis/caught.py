"""What a bot's error handler holds, turned into the text diagnose reads.

Client libraries raise exception objects, not text. Where one carries the API's answer as attributes,
that answer is written out as the HTTP status line and JSON body it came as (with the request's URL,
which names the product, when the exception keeps it); any other exception is read by its text, as
ccxt's are (`binanceusdm {"code":-2019,...}`). The causes and contexts behind it are read too.
"""

from __future__ import annotations

import json

_CHAIN_LIMIT = 8  # exceptions behind one another; a cycle or a deep chain stops here

# (attribute of the code, attribute of the message) per library
_ANSWER_ATTRIBUTES = (
    ("code", "message"),  # python-binance BinanceAPIException
    ("error_code", "error_message"),  # binance-connector ClientError / ServerError
)


def exception_text(error: BaseException) -> str:
    """The text of an exception and of the chain behind it (__cause__, else __context__)."""
    texts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen and len(seen) < _CHAIN_LIMIT:
        seen.add(id(current))
        texts.append(_answer(current) or str(current))
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\n".join(t for t in texts if t)


def _answer(error: BaseException) -> str | None:
    """The API answer an exception carries as attributes, as status line and body; None if it carries none."""
    for code_attribute, message_attribute in _ANSWER_ATTRIBUTES:
        code, message = getattr(error, code_attribute, None), getattr(error, message_attribute, None)
        if isinstance(code, int) and not isinstance(code, bool) and isinstance(message, str):
            break
    else:
        return None
    lines = []
    url = getattr(getattr(error, "response", None), "url", None)
    if isinstance(url, str):
        lines.append(url)
    status = getattr(error, "status_code", None)
    if isinstance(status, int) and 100 <= status <= 599:
        lines.append(f"HTTP/1.1 {status}")
    lines.append(json.dumps({"code": code, "msg": message}, ensure_ascii=False))
    return "\n".join(lines)
