"""Where the catalogue's facts come from: every entry names its sources (`refs`), and the facts its
texts state about the APIs (endpoints, filter fields) are checked against copies compiled from the docs."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from errcodes_cli.catalog import VENUES, Catalog, Entry, Retry, catalog_path, named_endpoints

from .conftest import DATA


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


def _texts(entry: Entry) -> list[str]:
    notes = [m.note for m in entry.messages if m.note is not None]
    return [
        entry.summary,
        entry.explanation,
        *entry.fixes,
        *(n.explanation for n in notes),
        *(f for n in notes for f in n.fixes),
    ]


def test_every_filter_field_a_text_names_is_a_field_of_that_filter(catalog: Catalog) -> None:
    """`PRICE_FILTER `tickSize``, `LOT_SIZE `minQty`/`stepSize``: the field belongs to that filter in the
    catalogue's `filters` of the entry's product (which the docs' filter pages define)."""
    names = sorted({name for by_name in catalog.filters.values() for name in by_name}, key=len, reverse=True)
    field = r"`[a-z][A-Za-z]+`"
    mention = re.compile(rf"\b({'|'.join(names)})\b(?: filter)?,?(?: fields?)? ({field}(?:(?:, |/){field})*)")
    by_api = {p.api: key for key, p in catalog.products.items()}
    checked, wrong = 0, []
    for entry in catalog.entries:
        # portfolio margin has no exchangeInfo of its own: its texts name the ones its orders follow
        followed = [entry.product] if entry.product in catalog.filters else [
            by_api[api] for text in _texts(entry) for api in re.findall(r"GET (/\w+/v\d+)/exchangeInfo", text) if api in by_api
        ]  # fmt: skip
        for text in _texts(entry):
            for found in mention.finditer(text):
                rules = [catalog.filters[p][found.group(1)] for p in followed if found.group(1) in catalog.filters[p]]
                for name in re.findall(r"`(\w+)`", found.group(2)):
                    checked += 1
                    if not any(name in rule.fields for rule in rules):
                        wrong.append((entry.product, entry.code, found.group(0)))
    assert not wrong
    assert checked >= 120, f"only {checked} filter-field mentions checked"


def test_every_product_with_an_exchange_info_has_its_filters_with_their_doc_pages(catalog: Catalog) -> None:
    endpoints = json.loads(Path(catalog_path()).read_bytes())["endpoints"]
    with_exchange_info = {k for k, p in catalog.products.items() if f"GET {p.api}/exchangeInfo" in endpoints}
    assert set(catalog.filters) == with_exchange_info and {"usdm", "coinm", "spot", "options"} <= with_exchange_info
    for by_name in catalog.filters.values():
        assert all(rule.refs and all(r.startswith("https://") for r in rule.refs) for rule in by_name.values())
    assert catalog.filters["spot"]["PERCENT_PRICE_BY_SIDE"].fields[:4] == (
        "bidMultiplierUp", "bidMultiplierDown", "askMultiplierUp", "askMultiplierDown",
    )  # fmt: skip


ENDPOINT_LIST = json.loads((DATA / "endpoints.json").read_text(encoding="utf-8"))["rows"]


def test_every_endpoint_a_text_names_is_documented_and_in_its_refs(catalog: Catalog) -> None:
    documented = {(row["method"], row["path"]): row["url"] for row in ENDPOINT_LIST}
    paths = {path for _, path in documented}
    checked, undocumented, unreferenced = 0, [], []
    for entry in catalog.entries:
        for text in (entry.summary, entry.explanation, *entry.fixes):
            for method, path in named_endpoints(text):
                checked += 1
                where = (entry.product, entry.code, method, path)
                if (method, path) not in documented if method else path not in paths:
                    undocumented.append(where)
                pages = [u for (m, p), u in documented.items() if p == path and method in (m, None)]
                if not set(pages) <= set(entry.refs):
                    unreferenced.append(where)
    assert not undocumented, "fix the text: the docs do not have these"
    assert not unreferenced
    assert checked >= 600, f"only {checked} endpoint mentions checked"


def test_the_catalogues_endpoint_pages_are_the_compiled_lists() -> None:
    raw = json.loads(Path(catalog_path()).read_bytes())
    assert raw["endpoints"] == {f"{row['method']} {row['path']}": row["url"] for row in ENDPOINT_LIST}
    assert all(row["url"].startswith("https://") for row in ENDPOINT_LIST)
    assert len(ENDPOINT_LIST) >= 130 and {"usdm", "coinm", "spot", "wallet", "aster"} <= {
        r["api"] for r in ENDPOINT_LIST
    }


def test_an_entry_sharing_its_text_gets_its_own_products_pages(catalog: Catalog) -> None:
    (usdm,) = [e for e in catalog.by_code(-2019) if e.product == "usdm"]
    (coinm,) = [e for e in catalog.by_code(-2019) if e.product == "coinm"]
    assert any("/usds-margined-futures/" in r for r in usdm.refs[1:])
    assert any("/coin-margined-futures/" in r for r in coinm.refs[1:])
    for entry in catalog.entries:
        if entry.same_as is not None:
            api = catalog.products[entry.product].api
            own_paths = [
                p for t in (entry.explanation, *entry.fixes) for _, p in named_endpoints(t) if p.startswith(api)
            ]
            assert not own_paths or len(entry.refs) > 1, (entry.product, entry.code)
