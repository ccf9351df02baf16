"""One number, several meanings: the product dimension as a user meets it, through the installed command."""

from __future__ import annotations

import pytest

from errcodes_cli.catalog import Catalog, lookup
from errcodes_cli.diagnosis import diagnose
from errcodes_cli.ranking import search

from .helpers import results_of


def results(proc) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    return results_of(proc.stdout)


def test_a_code_shows_every_products_meaning_usdm_first(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("-2021")
    assert proc.returncode == 0
    usdm = proc.stdout.index("-2021 ORDER_WOULD_IMMEDIATELY_TRIGGER  (USD\u24c8-M futures")
    spot = proc.stdout.index("(Spot | Binance only")
    assert usdm < spot
    assert "Order cancel-replace partially failed." in proc.stdout[spot:]
    assert [(r["product"], r["code"]) for r in results(run_installed("-2021", "--json"))][:2] == [
        ("usdm", -2021),
        ("spot", -2021),
    ]


def test_product_option_keeps_one_meaning(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("-2021", "--product", "spot")
    assert proc.returncode == 0 and "Spot" in proc.stdout
    assert "ORDER_WOULD_IMMEDIATELY_TRIGGER" not in proc.stdout and "USD\u24c8-M" not in proc.stdout.split("\n")[0]
    assert {r["product"] for r in results(run_installed("-2021", "--product", "spot", "--json"))} == {"spot"}


@pytest.mark.parametrize(
    "args",
    [
        ("--product", "coinm", "-4178"),
        ("-4178", "--product", "coinm"),
        ("-p", "coinm", "4178"),
        ("show", "-4178", "--product=coinm"),
    ],
)
def test_product_option_goes_before_or_after_the_code(run_installed, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed(*args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("-4178 MIN_NOTIONAL  (COIN-M futures")


def test_fast_and_full_routes_agree_with_a_product(run_installed) -> None:  # type: ignore[no-untyped-def]
    direct = run_installed("-4178", "--product", "coinm", "--json")
    routed = run_installed("show", "-4178", "--product", "coinm", "--json")
    assert direct.stdout == routed.stdout and direct.returncode == routed.returncode == 0


def test_a_code_missing_on_the_chosen_product_says_where_it_is(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("-4164", "--product", "spot")
    assert proc.returncode == 1 and proc.stdout == ""
    assert "not a code of spot; usdm and pm have it" in proc.stderr and "Traceback" not in proc.stderr
    assert "errcode -4164 --product usdm" in proc.stderr


def test_an_unknown_product_is_a_usage_error(run_installed) -> None:  # type: ignore[no-untyped-def]
    for args in (("-4164", "--product", "futures"), ("search", "margin", "--product", "nope"), ("list", "-p", "x")):
        proc = run_installed(*args)
        assert proc.returncode == 2 and "usdm, spot, coinm, options, pm, pmpro" in proc.stderr, args


def test_a_shared_name_shows_each_product(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("MIN_NOTIONAL", "--json")
    assert [(r["product"], r["code"]) for r in results(proc)] == [("usdm", -4164), ("coinm", -4178), ("pm", -4164)]


def test_aster_only_code_is_labelled(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("-5050")
    assert proc.returncode == 0
    assert proc.stdout.startswith("-5050 DEPOSIT_REQUIRED  (USD\u24c8-M futures | Aster only")
    (result,) = results(run_installed("-5050", "--json"))
    assert result["venues"] == ["aster"] and result["name"] == "DEPOSIT_REQUIRED"


def test_spot_codes_are_labelled_binance_only(catalog: Catalog) -> None:
    assert all(e.venues == ("binance",) for e in catalog.entries if e.product == "spot")


def test_shared_meaning_is_shown_once_with_a_pointer(catalog: Catalog, run_installed) -> None:  # type: ignore[no-untyped-def]
    shared = next(e for e in catalog.entries if e.product == "coinm" and e.same_as == "usdm")
    (usdm,) = [e for e in catalog.by_code(shared.code) if e.product == "usdm"]
    assert (shared.summary, shared.fixes) == (
        usdm.summary.replace("/fapi/v1", "/dapi/v1"),
        tuple(f.replace("/fapi/v1", "/dapi/v1") for f in usdm.fixes),
    )
    proc = run_installed(str(shared.code))
    assert "Same meaning as on USD\u24c8-M futures above; endpoints are under /dapi/v1." in proc.stdout
    assert proc.stdout.count(usdm.explanation) == 1
    alone = run_installed(str(shared.code), "--product", "coinm")
    assert shared.explanation in alone.stdout and "Same meaning" not in alone.stdout


def test_search_finds_spot_notional_filter_failure(run_installed) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("search", "Filter failure: NOTIONAL", "--json")
    first = results(proc)[0]
    assert (first["product"], first["code"]) == ("spot", -1013)
    assert first["matched_message"]["text"] == "Filter failure: NOTIONAL"  # type: ignore[index]
    assert "minNotional" in first["matched_message"]["note"]["explanation"]  # type: ignore[index]
    plain = run_installed("search", "Filter failure: NOTIONAL")
    assert plain.stdout.splitlines()[1].strip().startswith('"Filter failure: NOTIONAL":')


def test_search_by_product(catalog: Catalog) -> None:
    hits = search("order would immediately trigger", product="spot", catalog=catalog)
    assert hits and {m.entry.product for m in hits} == {"spot"}
    assert search("tick size", catalog=catalog)[0].entry.product == "usdm"


def test_diagnose_spot_notional_from_api_v3(run_installed) -> None:  # type: ignore[no-untyped-def]
    text = 'POST https://api.binance.com/api/v3/order\n{"code":-1013,"msg":"Filter failure: NOTIONAL"}\n'
    (finding,) = results(run_installed("diagnose", "--json", input=text))
    assert (finding["product"], finding["code"], finding["name"]) == ("spot", -1013, "INVALID_MESSAGE")
    assert "/api/v3" in finding["product_reason"]
    assert "minNotional" in finding["facts"]["filter_fields"]  # type: ignore[index]
    assert "minNotional" in finding["note"]["explanation"]  # type: ignore[index]
    plain = run_installed("diagnose", input=text)
    assert "This message:" in plain.stdout and "NOTIONAL" in plain.stdout


def test_diagnose_aster_spot_host_reads_usdm_meanings(run_installed) -> None:  # type: ignore[no-untyped-def]
    text = 'POST https://sapi.asterdex.com/api/v3/order\n{"code":-2021,"msg":"Order would immediately trigger."}\n'
    (finding,) = results(run_installed("diagnose", "--json", input=text))
    assert (finding["product"], finding["venue"], finding["name"]) == (
        "usdm",
        "aster",
        "ORDER_WOULD_IMMEDIATELY_TRIGGER",
    )
    assert "Aster host sapi.asterdex.com" in finding["product_reason"]
    plain = run_installed("diagnose", input=text)
    assert plain.returncode == 0 and "ORDER_WOULD_IMMEDIATELY_TRIGGER" in plain.stdout and "(Spot |" not in plain.stdout


@pytest.mark.parametrize(
    ("line", "product", "why"),
    [
        (
            '{"code":-2021,"msg":"Order cancel-replace partially failed."}',
            "spot",
            "the message is spot's wording of -2021",
        ),
        ('{"code":-2021,"msg":"Order would immediately trigger."}', "usdm", "usdm is the default"),
        (
            '{"code":-4178,"msg":"Order\'s notional must be no smaller than 0.1 (unless you choose reduce only)"}',
            "coinm",
            "coinm's wording of -4178",
        ),
        ('{"code":-4178,"msg":"something else"}', "coinm", "usdm has no -4178; coinm has it"),
        ('{"code":-1013,"msg":"Filter failure: LOT_SIZE"}', "spot", "spot's wording"),
        ("binance Order would trigger immediately.", "spot", "spot's wording"),
    ],
)
def test_diagnose_without_a_url_reads_the_product_from_the_message(line: str, product: str, why: str) -> None:
    (finding,) = diagnose(line)
    assert finding.product == product and why in finding.product_reason and finding.known


def test_diagnose_product_option_wins(run_installed) -> None:  # type: ignore[no-untyped-def]
    text = 'POST https://fapi.binance.com/fapi/v1/order\n{"code":-2021,"msg":"Order would immediately trigger."}\n'
    (finding,) = results(run_installed("diagnose", "--product", "spot", "--json", input=text))
    assert finding["product"] == "spot" and finding["product_reason"] == "chosen by the caller"


def test_lookup_api_takes_a_product(catalog: Catalog) -> None:
    assert [e.product for e in lookup("-2021", catalog).entries][:2] == ["usdm", "spot"]
    assert [e.product for e in lookup("-2021", catalog, "spot").entries] == ["spot"]
    assert not lookup("-5050", catalog, "spot").found


def test_help_texts_name_the_catalogues_products_in_its_order(catalog: Catalog, run_installed) -> None:  # type: ignore[no-untyped-def]
    from errcodes_cli.cli import PRODUCT_IDS

    *first, last = catalog.products
    assert f"{', '.join(first)} or {last}" == PRODUCT_IDS
    assert "usdm, spot, coinm, options, pm or pmpro" in " ".join(run_installed("show", "--help").stdout.split())
