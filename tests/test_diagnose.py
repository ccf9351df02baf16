"""diagnose on every input shape it promises to read, and on text that must give no finding."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone

import pytest

from errcodes_cli.diagnosis import Notes, diagnose
from errcodes_cli.diagnosis.finding import MAX_MESSAGE_CHARS
from errcodes_cli.diagnosis.reading import MAX_LINE_CHARS, read_pieces


def codes(text: str) -> list[int | None]:
    return [f.code for f in diagnose(text)]


def one(text: str):  # type: ignore[no-untyped-def]
    (finding,) = diagnose(text)
    return finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"code":-1121,"msg":"Invalid symbol."}', [-1121]),
        ('{"code":-1121,"msg":"Invalid symbol."}{"code":-2019,"msg":"Margin is insufficient."}', [-1121, -2019]),
        ('{\n  "code": -1021,\n  "msg": "Timestamp for this request is outside of the recvWindow."\n}', [-1021]),
        (
            '{"e":"ORDER_TRADE_UPDATE"}\n{"code":-2019,"msg":"Margin is insufficient."}\n{"code":-4164,"msg":"x"}',
            [-2019, -4164],
        ),
        ("{'code': -1121, 'msg': 'Invalid symbol.'}", [-1121]),
        ("{ code: -1121, msg: 'Invalid symbol.' }", [-1121]),
        ("<APIError> code=-1106, msg=Parameter 'reduceOnly' sent when not required.", [-1106]),
        ("APIError(code=-1013): Filter failure: LOT_SIZE", [-1013]),
        (
            "com.binance.connector.client.exceptions.BinanceClientException: -1013: Filter failure: PRICE_FILTER",
            [-1013],
        ),
        (
            "binance.error.ClientError: (400, -2015, 'Invalid API-key, IP, or permissions for action.', {'x': '1'})",
            [-2015],
        ),
        ('ccxt.base.errors.InsufficientFunds: binance {"code":-2019,"msg":"Margin is insufficient."}', [-2019]),
        (
            '2024-05-01 12:00:00 ERROR bot: order failed: {"code":-4061,"msg":"Order\'s position side does not match user\'s setting."} retrying',
            [-4061],
        ),
        ('log: "{\\"code\\":-1022,\\"msg\\":\\"Signature for this request is not valid.\\"}"', [-1022]),
        (
            "{ \"error\": \"Error received from server: {'code': -2021, 'msg': 'Order would immediately trigger.'}\" }",
            [-2021],
        ),
        (
            '"log": [\n  "open_short failed: \\u003cAPIError\\u003e code=-2019, msg=Margin is insufficient.",\n  "ok"\n]',
            [-2019],
        ),
        (
            "[Object: null prototype] {\n  code: -1111,\n  msg: 'Precision is over the maximum defined for this asset.'\n}",
            [-1111],
        ),
        ("error | Binance: order create error: -1013 | 21-01-25 19:05:17", [-1013]),
        ("2021-04-23 05:03:05 Error [0002][binance_LTCUSDT] binance: -2011 Unknown order sent. (placeOrder)", [-2011]),
    ],
)
def test_shapes_with_a_code(text: str, expected: list[int]) -> None:
    assert codes(text) == expected


def test_message_is_kept_exact() -> None:
    assert one("{'code': -1121, 'msg': 'Invalid symbol.'}").message == "Invalid symbol."
    assert (
        one('{"code":-1022,"msg":"Signature for this request is not valid."}').message
        == "Signature for this request is not valid."
    )
    assert one("<APIError> code=-1106, msg=Parameter 'reduceOnly' sent when not required.").params == ("reduceOnly",)


def test_traceback_ending_in_an_api_error() -> None:
    text = """Traceback (most recent call last):
  File "bot.py", line 42, in place
    client.futures_create_order(symbol="BTCUSDT", side="BUY", type="LIMIT", quantity=0.0001, price=30000)
  File "/usr/lib/python3/site-packages/binance/client.py", line 377, in _handle_response
    raise BinanceAPIException(response, response.status_code, response.text)
binance.exceptions.BinanceAPIException: APIError(code=-4164): Order's notional must be no smaller than 100 (unless you choose reduce only)"""
    finding = one(text)
    assert finding.code == -4164 and finding.line == 6 and finding.facts["threshold"] == 100


def test_batch_orders_report_each_error_with_its_index() -> None:
    text = '[{"orderId":1,"status":"NEW"},{"code":-2022,"msg":"ReduceOnly Order is rejected."},{"orderId":2},{"code":-4164,"msg":"x"}]'
    found = diagnose(text)
    assert [(f.code, f.batch_index) for f in found] == [(-2022, 1), (-4164, 3)]


def test_pretty_batch_array() -> None:
    text = json.dumps([{"orderId": 1}, {"code": -2019, "msg": "Margin is insufficient."}], indent=2)
    assert [(f.code, f.batch_index, f.line) for f in diagnose(text)] == [(-2019, 1, 1)]


def test_websocket_envelope_carries_its_status() -> None:
    finding = one(
        '{"id":"7","status":400,"error":{"code":-1102,"msg":"Mandatory parameter \'quantity\' was not sent, was empty/null, or malformed."}}'
    )
    assert (finding.code, finding.http_status, finding.params) == (-1102, 400, ("quantity",))
    assert finding.facts["parameter"] == "quantity"


def test_curl_response_with_rate_limit_headers() -> None:
    text = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 47\r\nx-mbx-used-weight-1m: 2400\r\n\r\n" + (
        '{"code":-1003,"msg":"Too many requests; current limit is 2400 requests per minute. Please use the websocket for live updates to avoid polling the API."}'
    )
    finding = one(text)
    assert finding.http_status == 429 and finding.facts["retry_after"] == 47
    assert finding.facts["rate_limits"] == {"X-MBX-USED-WEIGHT-1M": 2400} and finding.facts["limit"] == 2400


def test_html_error_pages_are_http_findings() -> None:
    cloudfront = (
        "HTTP/2 403\nserver: CloudFront\ncontent-type: text/html\n\n<HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE>"
        "</HEAD><BODY><H1>403 ERROR</H1></BODY></HTML>\n"
    )
    finding = one(cloudfront)
    assert finding.code is None and finding.http_status == 403 and finding.http is not None and finding.known
    proxy = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center></body></html>"
    assert one(proxy).http_status == 502


def test_ban_end_is_read_as_utc_and_relative_time() -> None:
    now = datetime(2023, 11, 14, 21, 30, tzinfo=timezone.utc)
    (finding,) = diagnose(
        '{"code":-1003,"msg":"Way too many requests; IP banned until 1700000000000. Please use the websocket for live updates to avoid bans."}',
        now=now,
    )
    assert finding.facts["banned_until"] == "2023-11-14T22:13:20Z" and finding.facts["ban_ends"] == "in 43 minutes"


def test_timestamp_variants_get_their_own_advice() -> None:
    ahead = one('{"code":-1021,"msg":"Timestamp for this request was 1000ms ahead of the server\'s time."}')
    late = one('{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}')
    assert ahead.facts["clock"] == "ahead" and "1000 ms" in ahead.facts["advice"]
    assert late.facts["clock"] == "late" and "behind" in late.facts["advice"]


def test_ip_and_filter_facts() -> None:
    assert (
        one('{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action, request ip: 52.12.3.4"}').facts["ip"]
        == "52.12.3.4"
    )
    failure = one("APIError(code=-1013): Filter failure: LOT_SIZE")
    assert failure.facts["filter"] == "LOT_SIZE" and "stepSize" in failure.facts["filter_fields"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ccxt.base.errors.InvalidOrder: binance Order would immediately trigger.", -2021),
        ("Filter failure: PRICE_FILTER", -1013),
        ("ERROR Margin is insufficient.", -2019),
        ("error: Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.", -1102),
    ],
)
def test_code_less_messages_are_inferred(text: str, code: int) -> None:
    finding = one(text)
    assert finding.code == code and finding.inferred


def test_a_short_paste_of_a_bare_message_is_recognised() -> None:
    finding = one("LTCUSDT\t0.18772000\t106.64\tPrecision is over the maximum defined for this asset.")
    assert finding.code == -1111 and finding.inferred


def test_fuzzy_inference_reports_its_confidence() -> None:
    finding = one("ERROR: Order's notional must be no smaler than 5.0 (unless you choose reduce only)")
    assert finding.code == -4164 and finding.inferred and 0.9 <= finding.confidence < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "",
        '{"orderId":283194212,"symbol":"BTCUSDT","status":"NEW","price":"-1021.5","origQty":"0.010"}',
        "2024-01-15 12:00:01 INFO filled order 4164 at -1021.5, pnl -2019.25",
        '{"code":200,"msg":"The operation of cancel all open order is done."}',
        "timestamp=-1021 price=-4164.0 date=2021-10-14",
        "order -4164 ids: [-1021, -2015]",
    ],
)
def test_ordinary_text_gives_no_findings(text: str) -> None:
    assert diagnose(text) == []


def test_unknown_code_is_a_finding() -> None:
    finding = one('{"code":-9999,"msg":"Something new"}')
    assert finding.code == -9999 and not finding.known and finding.message == "Something new"


def test_product_from_url_and_aster_host() -> None:
    fapi = one('POST https://fapi.binance.com/fapi/v1/order\n{"code":-2019,"msg":"Margin is insufficient."}')
    assert fapi.product == "usdm" and "/fapi/v1" in fapi.product_reason
    aster = one('> Host: fapi.asterdex.com\n{"code":-2019,"msg":"Margin is insufficient."}')
    assert aster.product == "usdm" and "Aster" in aster.product_reason
    default = one('{"code":-2019,"msg":"Margin is insufficient."}')
    assert default.product == "usdm" and "default" in default.product_reason


def test_secrets_are_masked_in_messages() -> None:
    key = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    finding = one(f'{{"code":-2015,"msg":"Invalid API-key {key}, IP, or permissions for action."}}')
    assert key not in (finding.message or "") and "[masked]" in (finding.message or "")


def test_long_messages_are_cut_with_a_marker() -> None:
    finding = one(json.dumps({"code": -1000, "msg": "x " * 5000}))
    assert finding.message is not None and "[cut " in finding.message and len(finding.message) < MAX_MESSAGE_CHARS + 60


def lines_of(stream: io.BytesIO, notes: Notes) -> list[str]:
    text = "".join(read_pieces(stream, notes))
    return text.removesuffix("\n").split("\n")


def test_reader_decodes_utf16_and_bad_bytes_and_cuts_long_lines() -> None:
    notes = Notes()
    utf16 = '{"code":-1121,"msg":"Invalid symbol."}\r\n'.encode("utf-16")
    assert lines_of(io.BytesIO(utf16), notes) == ['{"code":-1121,"msg":"Invalid symbol."}']
    assert len(notes) == 1 and "UTF-16" in next(iter(notes))
    notes = Notes()
    assert lines_of(io.BytesIO(b'\xfa\xfb{"code":-1121}\n'), notes)[0].endswith('{"code":-1121}')
    notes = Notes()
    lines = lines_of(io.BytesIO(b"a" * (MAX_LINE_CHARS + 10) + b"\n" + b'{"code":-1121,"msg":"x"}\n'), notes)
    assert len(lines) == 2 and len(lines[0]) == MAX_LINE_CHARS and lines[1].startswith('{"code"')
    assert any("cut" in n for n in notes)


def test_finding_json_has_the_contract_keys() -> None:
    document = one('{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}').to_dict()
    for key in (
        "code",
        "message",
        "line",
        "batch_index",
        "http_status",
        "product",
        "product_reason",
        "params",
        "facts",
        "inferred",
        "known",
    ):
        assert key in document
    for key in ("summary", "explanation", "fixes", "retry", "name", "category"):
        assert document[key]


def test_a_logged_status_is_that_of_the_error_body_that_follows_it_closely() -> None:
    from errcodes_cli.diagnosis.context import LOGGED_STATUS_REACH

    body = '{"code":-1121,"msg":"Invalid symbol."}'
    found = diagnose(f"ERROR: Found error. status: 503, error message:\nlater: {body}")
    assert [(f.kind, f.http_status, f.line) for f in found] == [("code", 503, 2)]
    far = "binance: HTTP 400\n" + "noise\n" * LOGGED_STATUS_REACH + f"error {body}"
    assert [(f.kind, f.http_status) for f in diagnose(far)] == [("http", 400), ("code", None)]
    other_api = 'Exception: POST failed with status 500 - ["error",10001,"Invalid order: not enough exchange balance"]'
    assert diagnose(other_api) == [], "a status whose body on the same line is another API's error"
    foreign = "HTTPError: 404 Client Error: Not Found for url: https://api.telegram.org/bot/sendMessage\nbinance ok"
    assert diagnose(foreign) == [], "a status of another host's URL"
    own = diagnose(f'binance 429 Too Many Requests {{"code":-1003,"msg":"Too many requests queued."}}\n{body}')
    assert [(f.code, f.http_status) for f in own] == [(-1003, 429), (-1121, None)], (
        "a status on the error's own line is that line's"
    )


def test_a_time_stamps_milliseconds_are_no_status() -> None:
    for line in ('2024-05-01 12:00:01,503 {"code":-1021,"msg":"x"}', '[1714550401.418] {"code":-1021,"msg":"x"}'):
        assert [(f.code, f.http_status) for f in diagnose(line)] == [(-1021, None)]
    assert [
        (f.code, f.http_status) for f in diagnose('2024-05-01 12:00:01,503 ERROR 429 {"code":-1003,"msg":"x"}')
    ] == [(-1003, 429)]


def test_a_coloured_logs_colours_are_dropped_and_only_those() -> None:
    coloured = "\x1b[31m\x1b[1mERROR\x1b[0m binance.exceptions.BinanceAPIException: APIError(code=-1013): \x1b[33mFilter failure: LOT_SIZE\x1b[0m"
    (finding,) = diagnose(coloured)
    assert (finding.code, finding.message) == (-1013, "Filter failure: LOT_SIZE")
    (titled,) = diagnose('{"code":-1121,"msg":"Invalid symbol.\x1b]0;owned\x07"}')
    assert "\x1b]0;owned" in (titled.message or ""), "an OSC title is no colour: it stays, to be shown escaped"


@pytest.mark.parametrize(
    ("cut", "code"),
    [
        ("Order's notional must be no smaller than 5...", -4164),  # not the amend-only -5029 that ends there
        ("Order's notional must be no smaller than 5\u2026", -4164),
        (
            "Mandatory parameter 'quantity' was not sent, was empty/null...",
            -1102,
        ),  # not -1105 "Parameter %s was empty."
        ("Timestamp for this request was 1000ms ahead of the server's ti...", -1021),
    ],
)
def test_a_message_cut_short_matches_as_a_beginning_below_full_confidence(cut: str, code: int) -> None:
    (finding,) = diagnose(cut)
    assert (finding.code, finding.message, finding.inferred) == (code, cut, True)
    assert finding.confidence < 1


def test_a_placeholder_holds_a_value_not_a_clause() -> None:
    assert [f.code for f in diagnose("error: Parameter 'timeInForce' was empty/null...")] != [-1105]
    (finding,) = diagnose("error: Parameter 'timeInForce' was empty.")
    assert (finding.code, finding.params, finding.confidence) == (-1105, ("timeInForce",), 1.0)
    (limit,) = diagnose("Too many new orders; current limit is 300 orders per 10 SECOND.")
    assert limit.params == ("300", "10 SECOND")


def test_code_reason_says_why_this_code() -> None:
    (written,) = diagnose('{"code":-2011,"msg":"Unknown order sent."}')
    assert written.code_reason == "written in the input"
    shared = diagnose(
        "POST https://api.binance.com/api/v3/order\nerror: Account has insufficient balance for requested action."
    )
    assert [(f.code, f.product) for f in shared] == [(-2010, "spot")]
    assert (
        shared[0].code_reason
        == "inferred: spot documents this message for -1010, -1013, -2010, -2011, -2038; -2010 is the one met for it"
    )
    (cut,) = diagnose("Order's notional must be no smaller than 5...")
    assert "cut short" in (cut.code_reason or "")
    (status,) = diagnose(
        "requests.exceptions.HTTPError: 418 Client Error: I'm a teapot for url: https://api.binance.com/api/v3/order"
    )
    assert status.code_reason is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("-1116: Invalid orderType.", (-1116, "Invalid orderType.", "usdm")),
        ("-2022 REDUCE_ONLY_REJECT", (-2022, None, "usdm")),
        ('{"errorCode":-1021,"errorMessage":"Timestamp for this request is outside of the recvWindow."}', (-1021, "Timestamp for this request is outside of the recvWindow.", "usdm")),
        ('{"error_code":-2019,"error_message":"Margin is insufficient."}', (-2019, "Margin is insufficient.", "usdm")),
        ("exception: Filter failure: PRICE_FILTER (code -1013)", (-1013, "Filter failure: PRICE_FILTER", "spot")),
    ],
)  # fmt: skip
def test_more_shapes(text: str, found: tuple[int, str | None, str]) -> None:
    assert [(f.code, f.message, f.product) for f in diagnose(text)] == [found]


def test_a_number_beside_a_name_it_is_not_is_no_finding() -> None:
    assert diagnose("-2022 MARGIN_NOT_SUFFICIEN") == []  # -2022 is REDUCE_ONLY_REJECT


def test_the_messages_own_wording_comes_before_the_requests_product() -> None:
    text = (
        "GET https://api.binance.com/api/v3/account\n"
        + "noise\n" * 10
        + '{"code":-2021,"msg":"Order would immediately trigger."}'
    )
    (finding,) = diagnose(text)
    assert (finding.product, finding.entry and finding.entry.name) == ("usdm", "ORDER_WOULD_IMMEDIATELY_TRIGGER")
    assert finding.product_reason.startswith("the message is usdm's wording of -2021, not spot's")
    spot = 'GET https://api.binance.com/api/v3/order\n{"code":-2021,"msg":"Order cancel-replace partially failed."}'
    assert [f.product for f in diagnose(spot)] == ["spot"]
    assert [f.product for f in diagnose(text, product="spot")] == ["spot"], "a product the caller chose stays"


def test_a_requests_product_holds_for_its_response_a_base_url_for_the_input() -> None:
    from errcodes_cli.diagnosis.context import RESPONSE_CONTEXT_LINES

    later = "\n" + "noise\n" * RESPONSE_CONTEXT_LINES + 'error {"code":-2019,"msg":"Margin is insufficient."}'
    request = 'POST https://api.binance.com/api/v3/order\n{"code":-1013,"msg":"Filter failure: LOT_SIZE"}' + later
    assert [(f.code, f.product) for f in diagnose(request)] == [(-1013, "spot"), (-2019, "usdm")]
    base = "connecting to https://dapi.binance.com" + later
    assert [(f.code, f.product) for f in diagnose(base)] == [(-2019, "coinm")]


def test_a_structured_logs_string_keeps_the_status_it_names() -> None:
    record = {
        "event": "place_order",
        "result": False,
        "error_msg": 'StatusCodeError: 400 - "{\\"code\\":-4164,\\"msg\\":\\"Order\'s notional must be no smaller than 5.0\\"}"',
    }
    for text in (json.dumps(record), json.dumps(record, indent=4)):  # one line, and pretty-printed over many
        assert [(f.code, f.http_status) for f in diagnose(text)] == [(-4164, 400)]


def test_a_status_on_a_line_that_opens_a_value_is_reported_once() -> None:
    assert [(f.code, f.http_status) for f in diagnose("HTTP 400 Bad Request {\n  oops")] == [(None, 400)]
    ws = '{"id":7,"status":400,"error":{"code":-1121,"msg":"Invalid symbol."}} ['  # a value, then one left open
    assert [(f.code, f.http_status) for f in diagnose(ws)] == [(-1121, 400)]


def test_one_line_printing_an_error_twice_is_one_finding() -> None:
    line = (
        "WARNING: open_trade() failed, Error Info: (BinanceAPIException(<Response [400]>, 400, "
        '\'{"code":-4164,"msg":"Order\\\'s notional must be no smaller than 5 (unless you choose reduce only)."}\'), '
        "'trade_manager.py', 315), Error: APIError(code=-4164): Order's notional must be no smaller than 5 "
        "(unless you choose reduce only)."
    )
    (finding,) = diagnose(line)
    assert (finding.code, finding.http_status) == (-4164, 400)
    assert finding.message is not None and finding.message.startswith("Order's notional")  # no repr escape left
    two_errors = (
        '[{"code":-2022,"msg":"ReduceOnly Order is rejected."},{"code":-2022,"msg":"ReduceOnly Order is rejected."}]'
    )
    assert [f.batch_index for f in diagnose(two_errors)] == [0, 1]  # two orders failing alike stay two


def test_a_documented_body_a_few_lines_after_its_status_is_that_response() -> None:
    quoted = (
        "> ccxt.base.errors.ExchangeNotAvailable: binance GET https://api.binance.com/api/v3/exchangeInfo 451  {\n"
        '>   "code": 0,\n'
        '>   "msg": "Service unavailable from a restricted location according to \'b. Eligibility\' in '
        'https://www.binance.com/en/terms."\n'
    )
    assert [(f.code, f.http_status, f.product) for f in diagnose(quoted)] == [(None, 451, "spot")]


def test_the_library_exception_after_a_logged_body_is_that_response() -> None:
    """A bot logs the body with its status, then its HTTP library raises for the same response (the
    shape of Minos1163/DS3's papi log): one finding, not a second bare HTTP 400."""
    log = (
        '❌ Binance Error (400): {"code":-1116,"msg":"Invalid orderType."}\n'
        "⚠️ open_long 失败 (尝试 1/3): 400 Client Error: Bad Request for url: https://papi.binance.com/papi/v1/um/order\n"
    )
    assert [(f.code, f.http_status) for f in diagnose(log)] == [(-1116, 400)]
    other = log.replace("400 Client Error: Bad Request", "429 Client Error: Too Many Requests")
    assert [(f.code, f.http_status) for f in diagnose(other)] == [(-1116, 400), (None, 429)]  # another response
