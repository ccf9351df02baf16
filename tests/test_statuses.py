"""HTTP statuses as each client library and log prints them (statuses.find_status)."""

from __future__ import annotations

import pytest

from errcodes_cli.diagnosis.statuses import find_status

PRINTED = [
    (
        "requests.exceptions.HTTPError: 418 Client Error: I'm a teapot for url: https://api.binance.com/api/v3/order",
        418,
    ),
    ('BinanceAPIException(<Response [429]>, 429, \'{"code":-1003,"msg":"Too many requests"}\')', 429),
    ('binance 429 Too Many Requests {"code":-1003,"msg":"Too many requests queued."}', 429),
    (
        'binanceusdm POST https://fapi.binance.com/fapi/v1/order 400 Bad Request {"code":-2019,"msg":"Margin is insufficient."}',
        400,
    ),
    (
        "aiohttp.client_exceptions.ClientResponseError: 403, message='Forbidden', url=URL('https://api.binance.com/api/v3/account')",
        403,
    ),
    ("httpx.HTTPStatusError: Client error '400 Bad Request' for url 'https://fapi.binance.com/fapi/v1/order'", 400),
    ("HTTPError: Response code 400 (Bad Request)", 400),
    ("Response{protocol=h2, code=429, message=, url=https://fapi.binance.com/fapi/v1/order}", 429),
    ("System.Net.Http.HttpRequestException: Response status code does not indicate success: 400 (Bad Request).", 400),
    ("System.Net.WebException: The remote server returned an error: (403) Forbidden.", 403),
    ("<APIError> code=-1013, msg=Filter failure: LOT_SIZE; status code: 400", 400),
    ("[_httpcode] => 451", 451),
    ('{"httpCode": 502, "body": ""}', 502),
    ("HTTP status is 400", 400),
    ("got status code 429 from binance", 429),
    ("HTTP 418 returned by the API", 418),
    ("Code: 400, Msg: Timestamp for this request is outside of the recvWindow.", 400),
    ("status=503 Service Unavailable", 503),
    ("ERROR 504 Gateway Time-out", 504),
    ("ccxt.base.errors.ExchangeNotAvailable: binance GET https://api.binance.com/api/v3/exchangeInfo 451  {", 451),
    ("error: status: 451 Unavailable For Legal Reasons resp: {", 451),
    ('StatusCodeError: 400 - "{\\"code\\":-2011,\\"msg\\":\\"Unknown order sent.\\"}"', 400),  # request-promise
    ('"error": "StatusCodeError: 429 - \\"{\\\\\\"code\\\\\\":-1003}\\""', 429),  # the same, inside a JSON string
]

NOT_STATUSES = [
    '{"code":400,"msg":"Bad Request"}',  # a body's field, read with the body
    '{"clientOrderId":"grid-code-400-7","status":"NEW"}',
    "price 400.5 quantity 429",
    "orderId=4290173 updateTime=1700000000000",
    "latency 400ms, 429ms",
    "retrying in 500 seconds",
    '{"code":-1013,"msg":"Filter failure: LOT_SIZE"}',
    "error code 2010 in module 418a",
    '12:00:01,503 {"code":-1021,"msg":"x"}',  # a time's milliseconds before a body
]


@pytest.mark.parametrize(("line", "status"), PRINTED)
def test_every_library_form_is_read(line: str, status: int) -> None:
    found = find_status(line)
    assert found is not None and found[0] == status, line


@pytest.mark.parametrize("line", NOT_STATUSES)
def test_numbers_that_are_not_statuses(line: str) -> None:
    assert find_status(line) is None, line


def test_the_reason_is_the_standard_phrase() -> None:
    assert find_status("418 client error: i'm a teapot") == (418, "I'm a Teapot")
    assert find_status("HTTP 429") == (429, "")


@pytest.mark.parametrize(
    ("line", "status"),
    [
        (
            "requests.exceptions.HTTPError: 451 Client Error:  for url: https://fapi.binance.com/fapi/v1/exchangeInfo",
            451,
        ),
        ("urllib.error.HTTPError: HTTP Error 451: ", 451),
        ('binance 429  {"code":-1003,"msg":"Too many requests; current request has limited."', 429),
        ('ERROR - Request error: 400 - {"code":-1013,"msg":"Filter failure: NOTIONAL"}', 400),
        (
            "OSError: Error executing request POST https://api.binance.com/api/v3/order. HTTP status is 400. Error: {",
            400,
        ),
        ("returns error 400 with", 400),
        ("! Exception: [BadRequest]: 'Bad Request' - Timestamp for this request is not valid. (-1021)", 400),
        ("Binance.BinanceHttpException: [InternalServerError]: 'Server Error' - An unknown error occured", 500),
        (
            'Error: Bad Request: Response { url: "https://www.binance.com/api/v3/account", status: BadRequest, headers: {',
            400,
        ),
    ],
)
def test_more_forms(line: str, status: int) -> None:
    found = find_status(line)
    assert found is not None and found[0] == status, line
