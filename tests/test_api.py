"""The Python API a bot imports: the same data the JSON shows."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def test_public_names_are_the_functions() -> None:
    script = (
        "import errcodes_cli.diagnosis, errcodes_cli.ranking, errcodes_cli.catalog  # the modules first, as a bot's imports may\n"
        "from errcodes_cli import diagnose, lookup, search\n"
        "import errcodes_cli\n"
        "assert callable(diagnose) and callable(lookup) and callable(search)\n"
        "assert errcodes_cli.diagnose is diagnose and errcodes_cli.search is search\n"
        "(f,) = diagnose('APIError(code=-1013): Filter failure: LOT_SIZE')\n"
        "assert f.code == -1013 and f.facts['filter'] == 'LOT_SIZE'\n"
        "assert lookup('-4164').results()[0]['name'] == 'MIN_NOTIONAL'\n"
        "assert search('tick size')[0].to_dict()['code'] == -4014\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr


def test_importing_the_package_is_cheap() -> None:
    script = (
        "import sys, errcodes_cli; print(sorted(m for m in ('typer', 'rich', 'rapidfuzz', 'json') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert proc.stdout.strip() == "[]"


class BinanceAPIException(Exception):
    """Shaped as python-binance's: the answer as attributes, `code` an int, the response kept."""

    def __init__(self, status_code: int, code: int, message: str, url: str) -> None:
        super().__init__(f"APIError(code={code}): {message}")
        self.status_code, self.code, self.message = status_code, code, message
        self.response = type("Response", (), {"url": url})()


class ClientError(Exception):
    """Shaped as binance-connector's ClientError."""

    def __init__(self, status_code: int, error_code: int, error_message: str) -> None:
        super().__init__(status_code, error_code, error_message, {})
        self.status_code, self.error_code, self.error_message = status_code, error_code, error_message


class InsufficientFunds(Exception):
    """ccxt's exceptions carry the exchange's body in their text."""


def test_lookup_takes_the_int_a_library_exception_holds() -> None:
    from errcodes_cli import lookup

    assert [(e.product, e.code) for e in lookup(-4164).entries] == [("usdm", -4164), ("pm", -4164)]
    assert {e.product for e in lookup(-2021).entries} == {"usdm", "spot", "coinm", "pm", "pmpro"}
    assert lookup(4164).entries == lookup("-4164").entries


def test_an_unknown_product_is_a_value_error() -> None:
    from errcodes_cli import diagnose, lookup, search

    for call in (
        lambda: lookup("-2021", product="bogus"),
        lambda: search("tick size", product="bogus"),
        lambda: diagnose("x", product="bogus"),
    ):
        with pytest.raises(
            ValueError, match="unknown product 'bogus'; choose from usdm, spot, coinm, options, pm, pmpro"
        ):
            call()


def test_diagnose_reads_a_python_binance_exception() -> None:
    from errcodes_cli import diagnose

    error = BinanceAPIException(
        400, -2010, "Account has insufficient balance for requested action.", "https://api.binance.com/api/v3/order"
    )
    (finding,) = diagnose(error)
    assert (finding.code, finding.http_status, finding.product) == (-2010, 400, "spot")
    error = BinanceAPIException(
        429,
        -1003,
        "Too many requests; please use the websocket for live updates.",
        "https://fapi.binance.com/fapi/v1/order",
    )
    (finding,) = diagnose(error)
    assert (finding.code, finding.http_status, finding.product) == (-1003, 429, "usdm")


def test_diagnose_reads_a_connector_client_error_and_the_chain_behind_an_exception() -> None:
    from errcodes_cli import diagnose

    (finding,) = diagnose(ClientError(400, -2019, "Margin is insufficient."))
    assert (finding.code, finding.http_status) == (-2019, 400)
    try:
        try:
            raise ClientError(401, -2015, "Invalid API-key, IP, or permissions for action.")
        except ClientError as inner:
            raise RuntimeError("order placement failed") from inner
    except RuntimeError as outer:
        (finding,) = diagnose(outer)
    assert (finding.code, finding.http_status) == (-2015, 401)
    try:
        try:
            raise InsufficientFunds(
                'binance {"code":-2010,"msg":"Account has insufficient balance for requested action."}'
            )
        except InsufficientFunds:
            raise KeyError("while handling") from None  # the context is suppressed: nothing behind it
    except KeyError as suppressed:
        assert diagnose(suppressed) == []


def test_diagnose_reads_a_ccxt_exception_by_its_text() -> None:
    from errcodes_cli import diagnose

    (finding,) = diagnose(
        InsufficientFunds('binance {"code":-2010,"msg":"Account has insufficient balance for requested action."}')
    )
    assert finding.code == -2010


def test_a_cyclic_exception_chain_ends() -> None:
    from errcodes_cli import diagnose

    first, second = (
        ValueError("a"),
        ValueError('{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}'),
    )
    first.__context__, second.__context__ = second, first
    assert [f.code for f in diagnose(first)] == [-1021]


BOT_HANDLER = """
import json
from errcodes_cli import diagnose, lookup


class BinanceAPIException(Exception):  # the shape python-binance raises
    def __init__(self):
        super().__init__("APIError(code=-4164): Order's notional must be no smaller than 5.0 (unless you choose reduce only)")
        self.status_code, self.code = 400, -4164
        self.message = "Order's notional must be no smaller than 5.0 (unless you choose reduce only)"


try:
    raise BinanceAPIException()
except BinanceAPIException as exc:
    entries = lookup(exc.code).entries
    (finding,) = diagnose(exc)
try:
    lookup("-2021", product="bogus")
    refused = None
except ValueError as exc:
    refused = str(exc)
print(json.dumps({"looked_up": [e.code for e in entries], "found": [finding.code, finding.http_status, finding.facts], "refused": refused}))
"""


def test_a_bots_error_handler_in_its_own_process() -> None:
    proc = subprocess.run([sys.executable, "-c", BOT_HANDLER], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["looked_up"] == [-4164, -4164]  # usdm's and pm's
    assert report["found"][:2] == [-4164, 400] and report["found"][2]["threshold"] == 5.0
    assert report["refused"] == "unknown product 'bogus'; choose from usdm, spot, coinm, options, pm, pmpro"


def test_a_diagnosis_of_a_stream_returns_its_notes_beside_the_findings() -> None:
    import io

    from errcodes_cli.catalog import load_catalog
    from errcodes_cli.diagnosis import Diagnosis

    run = Diagnosis(load_catalog())
    body = '{"code":-1121,"msg":"Invalid symbol."}\n'.encode("utf-16")  # what PowerShell pipes
    assert [f.code for f in run.read(io.BytesIO(body), "bot.log")] == [-1121]
    assert [note for note in run.notes if "UTF-16" in note]
    assert [f.source for f in run.read(io.BytesIO(b'{"code":-2019,"msg":"Margin is insufficient."}'), "-")] == ["-"]
