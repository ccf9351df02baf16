"""Options, portfolio margin and portfolio margin pro, as a user of those APIs meets them."""

from __future__ import annotations

import json
import re

import pytest

from errcodes_cli.catalog import Catalog, named_endpoints
from errcodes_cli.diagnosis import diagnose

from .helpers import results_of

NEW_PRODUCTS = ("options", "pm", "pmpro")


def test_lookups_show_every_product_in_catalogue_order_each_labelled(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("-2010")
    assert proc.returncode == 0, proc.stderr
    heads = [line for line in proc.stdout.splitlines() if line.startswith("-2010 ")]
    labels = [re.search(r"\((.*?) \|", line).group(1) for line in heads]  # type: ignore[union-attr]
    assert labels == [
        "USD\u24c8-M futures",
        "Spot",
        "COIN-M futures",
        "Options",
        "Portfolio margin",
        "Portfolio margin pro",
    ]
    products = [r["product"] for r in results_of(run_installed("-2010", "--json").stdout)]
    assert products == ["usdm", "spot", "coinm", "options", "pm", "pmpro"]


@pytest.mark.parametrize("product", NEW_PRODUCTS)
def test_product_option_takes_each_new_product(run_installed, product: str) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("-1021", "--product", product, "--json")
    assert proc.returncode == 0, proc.stderr
    (result,) = results_of(proc.stdout)
    assert result["product"] == product and result["code"] == -1021


@pytest.mark.parametrize("typed", ["51007", "-51007", "code=51007"])
def test_a_positive_portfolio_margin_code_is_explained(run_installed, typed: str) -> None:  # type: ignore[no-untyped-def]
    """pm prints its 51xxx codes without a minus; one library adds one: both find the code."""
    proc = run_installed(typed)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("51007 HAS_PENDING_TRANSACTION  (Portfolio margin")
    (result,) = results_of(run_installed(typed, "--json").stdout)
    assert (result["product"], result["code"]) == ("pm", 51007)


def test_an_unsigned_number_still_means_the_negative_code(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("4164", "--json")
    assert [r["code"] for r in results_of(proc.stdout)][:1] == [-4164]


def test_the_code_listed_twice_is_one_entry_with_both_names(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("-5012", "--product", "pmpro")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(
        "-5012 TRANSFER_PENDING / FUTURE_ACCT_OR_SUBRELATION_NOT_EXIST  (Portfolio margin pro"
    )
    assert (
        "Asset transfer is in pending." in proc.stdout and "future account or sub relation not exists." in proc.stdout
    )
    (by_other_name,) = results_of(run_installed("FUTURE_ACCT_OR_SUBRELATION_NOT_EXIST", "--json").stdout)
    assert (by_other_name["code"], by_other_name["name"]) == (-5012, "TRANSFER_PENDING")
    assert by_other_name["other_names"] == ["FUTURE_ACCT_OR_SUBRELATION_NOT_EXIST"]


def test_every_new_entry_names_only_paths_of_its_own_api_or_those_it_explains(catalog: Catalog) -> None:
    """An options text names /eapi/ paths, a pm text /papi/ ones (or the exchangeInfo its orders follow),
    a pmpro text /sapi/ ones: never another product's order endpoints carried over by shared text."""
    allowed = {
        "options": ("/eapi/",),
        "pm": ("/papi/", "/fapi/v1/time", "/fapi/v1/exchangeInfo", "/dapi/v1/exchangeInfo", "/api/v3/exchangeInfo",
               "/fapi/v1/premiumIndex", "/dapi/v1/premiumIndex", "/fapi/v1/depth", "/dapi/v1/depth"),
        "pmpro": ("/sapi/", "/api/v3/", "/papi/", "/fapi/v1/listenKey"),  # its user data stream's key
    }  # fmt: skip
    checked = 0
    for entry in catalog.entries:
        if entry.product not in allowed:
            continue
        for text in (entry.summary, entry.explanation, *entry.fixes):
            for _, path in named_endpoints(text):
                checked += 1
                assert path.startswith(allowed[entry.product]), (entry.product, entry.code, path)
    assert checked >= 200


@pytest.mark.parametrize(
    ("text", "product", "code"),
    [
        (
            'POST https://eapi.binance.com/eapi/v1/order?symbol=BTC-240628-70000-C\n{"code":-1121,"msg":"Invalid symbol."}',
            "options",
            -1121,
        ),
        (
            'binance POST https://papi.binance.com/papi/v1/um/order 400 Bad Request {"code":-2019,"msg":"Margin is insufficient."}',
            "pm",
            -2019,
        ),
        (
            'GET https://api.binance.com/sapi/v1/portfolio/account\n{"code":-21001,"msg":"Request ID is not a Portfolio Margin Account."}',
            "pmpro",
            -21001,
        ),
        ('{"code":51007,"msg":"You have pending borrow or repayment, please try again later."}', "pm", 51007),
        ('{"code":-1008,"msg":"Too many requests queued."}', "options", -1008),  # only options words -1008 so
        ("binance.error.ClientError: (400, 51078, 'Fail to retrieve margin assets.', {})", "pm", 51078),
    ],
)
def test_diagnose_finds_each_new_products_errors(text: str, product: str, code: int) -> None:
    (finding,) = diagnose(text)
    assert (finding.code, finding.product) == (code, product)
    assert finding.entry is not None and finding.entry.product == product


@pytest.mark.parametrize(
    "text",
    [
        '{"code":0,"msg":"success"}',
        '{"code":200,"msg":"OK","data":[]}',
        '{"code":10001,"msg":"illegal parameter"}',
        '{"code":"51008","msg":"Order failed. Insufficient balance","data":[]}',  # another API's string codes
        '{"code":51007,"data":{"orderId":1}}',  # no message beside it: not an error body
        "order 51007 filled at 51078.5",
    ],
)
def test_positive_numbers_that_are_no_listed_code_in_a_body_stay_negatives(text: str) -> None:
    assert diagnose(text) == []


def test_diagnose_of_a_papi_body_through_the_installed_command(run_installed) -> None:  # type: ignore[no-untyped-def]
    body = 'POST /papi/v1/um/order HTTP/1.1\n\nHTTP/1.1 400 Bad Request\n{"code":-4164,"msg":"Order\'s notional must be no smaller than 5.0 (unless you choose reduce only)"}\n'
    proc = run_installed("diagnose", "--json", input=body)
    (finding,) = json.loads(proc.stdout)["results"]
    assert (finding["code"], finding["product"], finding["http_status"], finding["known"]) == (-4164, "pm", 400, True)


@pytest.mark.parametrize(
    ("words", "product"),
    [
        (["options", "invalid", "side"], "options"),
        (["portfolio", "margin", "margin", "is", "insufficient"], "pm"),
        (["pm", "pro", "bankruptcy", "loan"], "pmpro"),
    ],
)
def test_a_product_word_puts_that_products_entry_first(run_installed, words: list[str], product: str) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("search", *words, "--json")
    assert proc.returncode == 0, proc.stderr
    assert results_of(proc.stdout)[0]["product"] == product


def test_without_a_product_word_the_main_products_come_first(run_installed) -> None:  # type: ignore[no-untyped-def]
    """options' -2015 (INVALID_API_KEY) has the message of the main products' REJECTED_MBX_KEY word for word."""
    proc = run_installed("search", "Invalid API-key, IP, or permissions for action.", "--json")
    first = results_of(proc.stdout)[0]
    assert (first["product"], first["name"]) == ("usdm", "REJECTED_MBX_KEY")
