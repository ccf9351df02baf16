"""Big-log reading: pieces of text, candidate lines, values that open before their error, the helper.

diagnose reads a piece of text at a time and parses only the lines that hold a trigger word. These
tests pin what that must not change: the findings are the same however the input is cut into pieces,
a pretty-printed error far into a log is read whole, a response's headers count, and a large file
(searched by a helper process) gives exactly what the same bytes give through a pipe.
"""

from __future__ import annotations

import io
import json
import signal
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from errcodes_cli.diagnosis import Finding, Notes, diagnose, iter_findings
from errcodes_cli.diagnosis.lines import block_start, candidate_starts, lower
from errcodes_cli.diagnosis.reading import HELPER_MIN_BYTES, MAX_LINE_CHARS, read_pieces

NOISE = [
    "2024-05-01 12:00:01,503 INFO strategy: signal long BTCUSDT price=37012.40 qty=0.012",
    '{"e":"ORDER_TRADE_UPDATE","E":1700000000000,"o":{"s":"BTCUSDT","p":"-1021.5"}}',
    "DEBUG ws: kline BTCUSDT 1m o=37001.1 c=37012.4",
    "",
    "    at com.example.Bot.run(Bot.java:42)",
]
ERRORS = [
    '2024-05-01 12:00:02 {"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}',
    "binance.exceptions.BinanceAPIException: APIError(code=-4164): Order's notional must be no smaller than 100 (unless you choose reduce only)",
    "binance.error.ClientError: (400, -2015, 'Invalid API-key, IP, or permissions for action.', {})",
    "ccxt.base.errors.InvalidOrder: binance Order would immediately trigger.",
    "POST https://api.binance.com/api/v3/order",
    'HTTP/1.1 429 Too Many Requests\nRetry-After: 31\nx-mbx-used-weight-1m: 2400\n\n{"code":-1003,"msg":"Too many requests."}',
    'ERROR response:\n{\n  "code": -2019,\n  "msg": "Margin is insufficient."\n}',
    "{\n  code: -1121,\n  msg: 'Invalid symbol.'\n}",
]


def summary(findings: list[Finding]) -> list[tuple[object, ...]]:
    return [(f.code, f.line, f.message, f.product, f.http_status, f.facts.get("retry_after")) for f in findings]


def cut_into_pieces(text: str, cuts: list[int]) -> list[str]:
    lines = text.split("\n")
    bounds = sorted({min(max(c, 1), len(lines)) for c in cuts} | {len(lines)})
    pieces, start = [], 0
    for bound in bounds:
        if bound > start:
            pieces.append("".join(line + "\n" for line in lines[start:bound]))
            start = bound
    pieces[-1] = pieces[-1].removesuffix("\n")
    return pieces


LOGS = st.lists(st.sampled_from(NOISE + ERRORS), min_size=1, max_size=60).map("\n".join)


@given(LOGS, st.lists(st.integers(min_value=1, max_value=200), max_size=8))
def test_findings_do_not_depend_on_where_the_input_is_cut(text: str, cuts: list[int]) -> None:
    whole = summary(diagnose(text))
    assert summary(list(iter_findings(cut_into_pieces(text, cuts)))) == whole
    assert summary(list(iter_findings(text.split("\n")))) == whole


def test_a_pretty_printed_error_deep_in_a_log_is_read_whole() -> None:
    text = "\n".join(
        [NOISE[0]] * 100 + ["ERROR response:", "{", '  "code": -2019,', '  "msg": "Margin is insufficient."', "}"]
    )
    (finding,) = diagnose(text)
    assert (finding.code, finding.message, finding.line) == (-2019, "Margin is insufficient.", 102)


def test_a_js_object_dump_deep_in_a_log_is_read_whole() -> None:
    text = "\n".join([NOISE[0]] * 100 + ["{", "  code: -1121,", "  msg: 'Invalid symbol.'", "}"])
    (finding,) = diagnose(text)
    assert (finding.code, finding.message) == (-1121, "Invalid symbol.")


def test_a_batch_response_split_across_pieces_keeps_its_indexes() -> None:
    lines = [NOISE[2]] * 50 + [
        "[",
        '  {"orderId": 1, "status": "NEW"},',
        "  {",
        '    "code": -2022,',
        '    "msg": "ReduceOnly Order is rejected."',
        "  }",
        "]",
    ]
    pieces = ["\n".join(lines[:53]) + "\n", "\n".join(lines[53:])]
    (finding,) = list(iter_findings(pieces))
    assert (finding.code, finding.batch_index, finding.line) == (-2022, 1, 51)


def test_response_headers_far_into_the_input_are_read() -> None:
    text = "\n".join(
        [NOISE[0]] * 40
        + [
            "HTTP/1.1 429 Too Many Requests",
            "Retry-After: 31",
            "x-mbx-used-weight-1m: 2400",
            "",
            '{"code":-1003,"msg":"Too many requests."}',
        ]
    )
    (finding,) = diagnose(text)
    assert finding.code == -1003 and finding.http_status == 429
    assert finding.facts["retry_after"] == 31 and finding.facts["rate_limits"] == {"X-MBX-USED-WEIGHT-1M": 2400}


def test_candidates_are_the_lines_holding_a_trigger_word_in_any_case() -> None:
    text = "plain line\nAPIError(CODE=-1)\nnothing\nPOST /fapi/v1/order\nERRor here"
    starts = candidate_starts(text)
    assert [text[s : text.find("\n", s) if "\n" in text[s:] else None] for s in starts] == [
        "APIError(CODE=-1)",
        "POST /fapi/v1/order",
        "ERRor here",
    ]


def test_lowering_keeps_every_offset() -> None:
    text = "\u0130stanbul error"
    assert len(lower(text)) == len(text) and lower(text).endswith("error")


def test_walk_back_stops_at_plain_lines_and_at_the_floor() -> None:
    text = 'INFO a\n  "code": -1,'
    assert block_start(text, 0, text.index("  ")) is None
    text = '{\n  "code": -1,'
    assert block_start(text, 0, 2) == 0
    assert block_start(text, 2, 2) is None


def test_reader_pieces_keep_empty_lines_crlf_and_cut_long_lines() -> None:
    notes = Notes()
    data = b"a\r\n\r\nb\r" + b"\nc" * 3
    assert "".join(read_pieces(io.BytesIO(data), notes)).split("\n") == ["a", "", "b", "c", "c", "c"]
    long = b"x" * (MAX_LINE_CHARS * 2 + 5) + b"\ntail\n"
    lines = "".join(read_pieces(io.BytesIO(long), notes)).split("\n")
    assert [len(line) for line in lines] == [MAX_LINE_CHARS, 4, 0] and any("cut" in n for n in notes)


def big_log(path: Path, megabytes: int) -> Path:
    """A log of noise with one error shape of each kind every 50 lines."""
    block = "\n".join([*(NOISE[i % 3] for i in range(49)), ERRORS[0]]) + "\n"
    with path.open("w", encoding="utf-8") as out:
        n = 0
        while out.tell() < megabytes << 20:
            n += 1
            out.write(block.replace("12:00:02", f"12:{n % 60:02d}:{n % 59:02d}"))
            if n % 97 == 0:
                out.write("\n".join(ERRORS[1:]) + "\n")
    return path


def test_a_large_file_gives_what_the_same_bytes_give_through_a_pipe(errcode_bin: Path, tmp_path: Path) -> None:
    log = big_log(tmp_path / "bot.log", (HELPER_MIN_BYTES >> 20) + 2)
    from_file = subprocess.run(
        [str(errcode_bin), "diagnose", "--json", str(log)], capture_output=True, timeout=120, check=False
    )
    from_pipe = subprocess.run(
        [str(errcode_bin), "diagnose", "--json"], input=log.read_bytes(), capture_output=True, timeout=120, check=False
    )
    assert from_file.returncode == from_pipe.returncode, from_file.stderr  # 4: usdm codes after a spot URL
    assert from_file.stderr == from_pipe.stderr
    results = json.loads(from_file.stdout)["results"]
    assert {r.pop("source") for r in results} == {str(log)}
    assert results == [{k: v for k, v in r.items() if k != "source"} for r in json.loads(from_pipe.stdout)["results"]]
    assert {-1021, -4164, -2015, -2021, -1003, -2019, -1121} <= {r["code"] for r in results}


@pytest.mark.skipif(not hasattr(signal, "SIGINT"), reason="POSIX signals")
def test_interrupting_a_large_file_leaves_no_helper_behind(errcode_bin: Path, tmp_path: Path) -> None:
    log = tmp_path / "every-line.log"
    line = '{"code":-1121,"msg":"Invalid symbol."}\n'
    log.write_text(line * (40 * (1 << 20) // len(line)), encoding="utf-8")
    proc = subprocess.Popen(
        [str(errcode_bin), "diagnose", "--json", str(log)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and b"Traceback" not in err
    left = subprocess.run(["pgrep", "-f", str(log)], capture_output=True, text=True, check=False)
    assert left.stdout.strip() == ""


def test_a_helper_reply_for_another_piece_is_refused() -> None:
    from array import array

    from errcodes_cli.diagnosis.reading import _reply

    def reply(length: int, starts: list[int]) -> io.BytesIO:
        return io.BytesIO(
            length.to_bytes(8, "little") + len(starts).to_bytes(8, "little") + array("q", starts).tobytes()
        )

    assert _reply(reply(10, [0, 4]), 10) == [0, 4]
    assert _reply(reply(10, [0, 4]), 11) is None  # the file changed between the two readers
    assert _reply(io.BytesIO(reply(10, [0, 4]).getvalue()[:-3]), 10) is None  # the helper died mid-reply
    assert _reply(io.BytesIO(b""), 10) is None


def test_a_utf16_byte_order_mark_is_trusted_only_when_utf16_text_follows() -> None:
    import codecs
    import io

    body = '{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}\n'
    notes = Notes()
    assert "".join(read_pieces(io.BytesIO(body.encode("utf-16")), notes)) == body and "UTF-16" in next(iter(notes))
    fake = codecs.BOM_UTF16_LE + body.encode("utf-8")  # a stray BOM before UTF-8 text
    notes = Notes()
    text = "".join(read_pieces(io.BytesIO(fake), notes))
    assert body in text and "not UTF-16 text" in next(iter(notes))
