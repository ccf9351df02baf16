"""HTTP statuses as client libraries and logs print them: a status number beside a status word,
beside its standard reason phrase, or after a request.

Each library prints the status its own way (requests `418 Client Error: I'm a teapot for url`,
python-binance `<Response [429]>`, ccxt `binance 429 Too Many Requests {...}`, aiohttp `403,
message='Forbidden'`, httpx `Client error '400 Bad Request'`, node `Response code 400`, OkHttp
`code=429`, .NET `400 (Bad Request)` and `(403) Forbidden`, Go `status code: 400`, PHP `_httpcode`,
logs `HTTP status is 400`). Rather than one pattern per library, a few general forms read them all:
- a status word, then the number: `HTTP`, `status`, `status code`, `response code`, `http code`,
  `code` (not a quoted JSON key: `"code":400` is a body's field), with `is`, `:`, `=`, `=>` or
  brackets between;
- the number, then its standard reason phrase (the standard library's list, in any case), maybe
  after `Client Error:` / `Server Error:`, in brackets, or as `message='...'`;
- a request's method and URL, then the number (ccxt's `binance GET https://... 451 {...}`), or the number
  just before the body it came with (`binance 429  {...}`, `error: 400 - {...}`);
- the word error before a 4xx or 5xx (`returns error 400`), `HTTP Error 451` (urllib), and a status
  named as .NET and Rust print it (`[BadRequest]`, `status: BadRequest`).
A number glued to other digits or to a word (an id such as `grid-code-400-7`, a price 400.5) is no status.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

_NUMBER = r"([1-5]\d\d)(?!\w|\.\d)"  # not part of a longer number or word, nor a decimal (400.5)
_STATUS_WORD = re.compile(
    r"(?i)(?:(?<![\w\-])['\"]?(?:https?(?:[ _-]?status)?(?:[ _-]?code)?|status(?:[ _-]?code)?|response(?:[ _-]?code)?"
    r"|_?http_?code|http error)|(?<![\w\"'\-])code)['\"\]]?(?:\s*(?:is|was)\b)?(?:\s*(?:=>|[:=])\s*|\s+|\s*[(\[]\s*)[(\[]?"
    + _NUMBER
)
# "error 400", "Request error: 400 - {...}": the word error before a client or server error's number
_ERROR_WORD = re.compile(r"(?i)(?<![\w\-])error\W{0,3}\s*([45]\d\d)(?!\w|\.\d)")
# a status just before the body it came with: ccxt's older `binance 429  {"code":-1003,...}`, "400 - {...}", and
# the body printed as a JSON string (request-promise's `StatusCodeError: 400 - "{\"code\":-2011,...}"`)
_BEFORE_BODY = re.compile(
    r"(?<![\w.\-/,:])([1-5]\d\d)\s*[-:]?\s*(?=\\?[\"']?\{)"
)  # not a time's milliseconds (12:00:01,503 {)


# ccxt's `binance GET https://... 451 {...}` and access logs: a request's method and URL, then its status
_AFTER_REQUEST = re.compile(r"\b(?:GET|POST|PUT|DELETE|PATCH)\s+(?:https?://)?/?\S*\s+" + _NUMBER)


@cache
def _phrase_form() -> re.Pattern[str]:
    from http import HTTPStatus

    printed_otherwise = {"I'm a teapot", "Gateway Time-out", "Request Time-out"}  # as servers and proxies spell them
    phrases = sorted({s.phrase for s in HTTPStatus if s >= 400} | printed_otherwise, key=len, reverse=True)
    alternatives = "|".join(re.escape(p) for p in phrases)
    return re.compile(
        r"(?i)(?<![\w.\-/])\(?" + _NUMBER + r"\)?,?\s*(?:(?:client|server) error:?\s*|message=['\"]?|\(|')?"
        r"("
        + alternatives
        + r"|(?:client|server) error:)"  # requests prints "451 Client Error:  for url" when there is no reason
    )


@lru_cache(maxsize=4096)  # a log repeats its few error lines: each is read once
def find_status(line: str) -> tuple[int, str] | None:
    """The HTTP status a line reports, with its reason phrase ("" when it prints none); None if it reports none.

    Give it the line without its leading time stamp, whose milliseconds could pass for a status."""
    phrased = _phrase_form().search(line)
    if phrased:
        return int(phrased.group(1)), _standard_phrase(int(phrased.group(1)), phrased.group(2))
    worded = (
        _STATUS_WORD.search(line)
        or _AFTER_REQUEST.search(line)
        or _ERROR_WORD.search(line)
        or _BEFORE_BODY.search(line)
    )
    if worded:
        return int(worded.group(1)), ""
    pattern, numbers = _named_form()
    named = pattern.search(line)
    if named:
        return numbers[(named.group(1) or named.group(2)).lower()], ""
    return None


@cache
def _named_form() -> tuple[re.Pattern[str], dict[str, int]]:
    """A status written as its name, as .NET and Rust print it ([BadRequest], status: BadRequest), and
    the number of each name, lower-cased."""
    from http import HTTPStatus

    numbers = {re.sub(r"\W", "", s.phrase).lower(): int(s) for s in HTTPStatus if s >= 400}
    names = "|".join(sorted(numbers, key=len, reverse=True))
    return re.compile(r"\[(" + names + r")\]|\bstatus:\s*(" + names + r")\b", re.IGNORECASE), numbers


def _standard_phrase(status: int, printed: str) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return printed
