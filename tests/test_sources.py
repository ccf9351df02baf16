"""Where the catalogue's facts come from: every entry names its sources (`refs`), and the facts its
texts state about the APIs (endpoints, filter fields) are checked against copies compiled from the docs."""

from __future__ import annotations

import json
from collections.abc import Callable
from subprocess import CompletedProcess

from errcodes_cli.catalog import VENUES, Catalog, Retry


def test_every_entry_names_its_official_error_page_first(catalog: Catalog) -> None:
    for entry in catalog.entries:
        pages = catalog.products[entry.product].error_pages
        venue = next(v for v in VENUES if v in entry.venues and v in pages)
        assert entry.refs and entry.refs[0] == pages[venue], (entry.product, entry.code)


def test_every_ref_is_an_https_url_and_named_once(catalog: Catalog) -> None:
    for entry in catalog.entries:
        assert all(ref.startswith("https://") and " " not in ref for ref in entry.refs), (entry.product, entry.code)
        assert len(entry.refs) == len(set(entry.refs)), (entry.product, entry.code)


def test_a_code_only_aster_publishes_points_to_asters_docs(catalog: Catalog) -> None:
    (entry,) = [e for e in catalog.by_code(-5050) if e.product == "usdm"]
    assert entry.venues == ("aster",) and "asterdex/api-docs" in entry.refs[0]


def test_show_prints_the_official_page_as_a_docs_line(run_installed: Callable[..., CompletedProcess[str]]) -> None:
    shown = run_installed("-4164").stdout.splitlines()
    assert "Docs: https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code" in shown
    coinm = run_installed("-4164", "--product", "coinm")  # COIN-M has no -4164: nothing shown, no Docs line
    assert "Docs:" not in coinm.stdout
    spot = run_installed("-1013", "--product", "spot").stdout
    assert "Docs: https://developers.binance.com/docs/binance-spot-api-docs/errors" in spot.splitlines()


def test_list_json_gives_every_entry_its_refs(run_installed: Callable[..., CompletedProcess[str]]) -> None:
    listed = json.loads(run_installed("list", "--json").stdout)
    assert listed["results"] and all(r["refs"] and r["refs"][0].startswith("https://") for r in listed["results"])


def test_retry_verdicts_follow_the_documented_http_rule(catalog: Catalog) -> None:
    """A 4xx answer was refused on the sender's side, so the outcome is known (README, "The catalogue"),
    except futures' 408 and spot's 409 (a cancelReplace that partly executed); on spot any 5xx leaves
    the outcome unknown."""
    unknown_outcome = Retry.CHECK_STATUS_FIRST
    checked = 0
    for entry in catalog.entries:
        status, where = entry.http_status, (entry.product, entry.code)
        if status is None:
            continue
        checked += 1
        exception = (status == 408 and entry.product != "spot") or (status == 409 and entry.product == "spot")
        if 400 <= status < 500:
            assert (entry.retry == unknown_outcome) == exception, where
        elif entry.product == "spot":
            assert entry.retry == unknown_outcome, where
    assert checked >= 300
