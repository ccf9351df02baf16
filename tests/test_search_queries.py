"""`errcode search` as users type it, through the installed command: one test per kind of query
(the search issue's eight points), several cases each, asserting what the user sees.

These inputs are written for the tests; the real queries with their sources are in
tests/data/search_queries.jsonl and are scored by bench/search_relevance.py, not here.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from errcodes_cli.catalog import Catalog
from errcodes_cli.index import FILLER, stem, terms

CORPUS = Path(__file__).parent / "data" / "search_queries.jsonl"


@pytest.fixture
def search_json(run_installed):  # type: ignore[no-untyped-def]
    """Run `errcode search WORDS... --json` installed; return (exit code, results, stderr)."""

    def run(*words: str) -> tuple[int, list[dict[str, object]], str]:
        proc = run_installed("search", *words, "--json")
        return proc.returncode, json.loads(proc.stdout)["results"], proc.stderr

    return run


def codes(results: list[dict[str, object]], n: int) -> list[object]:
    """The codes of the first n rows (one code under one name on several products is one row)."""
    return [code for code, _ in list(dict.fromkeys((r["code"], r["name"]) for r in results))[:n]]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("how do I fix margin is insufficient", -2019),
        ("unknown order sent when cancelling", -2011),
        ("getting Timestamp for this request is outside of the recvWindow in my bot", -1021),
        ("why does my bot say Order would immediately trigger. on a stop market", -2021),
        ("invalid symbol while closing a position", -1121),
        ("bot stopped with Order does not exist. after a restart", -2013),  # a short message of common words
        ("ReduceOnly Order is rejected. when closing the last part", -2022),
    ],
)
def test_a_message_inside_other_words_comes_first(search_json, query: str, code: int) -> None:  # type: ignore[no-untyped-def]
    status, results, _ = search_json(query)
    assert status == 0 and codes(results, 1) == [code]
    assert results[0]["matched"] in {"message", "name"} and results[0]["weak"] is False


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("order cancel rejected", -2011),
        ("order cancelling rejected", -2011),
        ("order cancelled rejected", -2011),
        ("order canceled rejected", -2011),
        ("insuficient margin", -2019),
        ("margin is insufficent", -2019),
        ("reduce only order rejection", -2022),
        ("reduceonly rejected", -2022),
        ("price precise tick", -4014),
        ("my TP order triggers immediately", -2021),
        ("qty not a multiple of the step", -4023),
        ("tif missing on limit order", -1102),
    ],
)
def test_other_word_forms_and_typos_find_the_same_code(search_json, query: str, code: int) -> None:  # type: ignore[no-untyped-def]
    status, results, _ = search_json(query)
    assert status == 0 and code in codes(results, 3)


def test_word_forms_share_one_term() -> None:
    assert {stem(w) for w in ("cancel", "cancelling", "cancelled", "canceled")} == {"cancel"}
    assert stem("rejected") == stem("reject") and stem("precision") == stem("precise")
    assert terms("How do I fix the error?") == []  # filler is no term at all
    assert terms("PRICE_FILTER tickSize") == ["price", "filter", "tick", "size"]
    assert terms("TP/SL qty") == terms("take profit / stop loss quantity")  # traders' shorthand, written out


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("my clock is out of sync", {-1021}),
        ("ip banned", {-1003}),
        ("quantity too small", {-4004, -4164, -1013}),
        ("can't change leverage", {-4028}),
        ("hedge mode error", {-4061}),
        ("api key not working", {-2015}),
        ("price too far from the market", {-4016, -4024, -4131}),
        ("cant cancel my order", {-2011}),
    ],
)
def test_a_symptom_in_users_words_finds_its_code(search_json, query: str, expected: set[int]) -> None:  # type: ignore[no-untyped-def]
    status, results, _ = search_json(query)
    assert status == 0 and codes(results, 1)[0] in expected
    assert results[0]["matched"] in {"phrase", "keyword"}


@pytest.mark.parametrize("name", ["LOT_SIZE", "PRICE_FILTER", "PERCENT_PRICE", "MIN_NOTIONAL", "MARKET_LOT_SIZE"])
def test_a_filter_name_ranks_the_codes_that_filter_causes(search_json, catalog: Catalog, name: str) -> None:  # type: ignore[no-untyped-def]
    status, results, _ = search_json(name)
    caused = {code for rules in catalog.filters.values() if name in rules for code in rules[name].codes}
    caused |= {e.code for e in catalog.by_name(name)}  # COIN-M's MIN_NOTIONAL is -4178
    assert status == 0 and set(codes(results, 3)) <= caused


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Filter failure: LOT_SIZE", -1013),
        ("stepSize", -4023),
        ("tickSize", -4014),
        ("reduceOnly rejected", -2022),
        ("positionSide", -4061),
    ],
)
def test_parameter_names_find_what_they_cause(search_json, query: str, code: int) -> None:  # type: ignore[no-untyped-def]
    status, results, _ = search_json(query)
    assert status == 0 and code in codes(results, 3)


def test_recv_window_finds_the_codes_it_causes(search_json) -> None:  # type: ignore[no-untyped-def]
    """A late request (-1021, and the matching engine's -5028/-4188) or one too large (options' -1131)."""
    status, results, _ = search_json("recvWindow")
    assert status == 0 and -1021 in codes(results, 4) and set(codes(results, 4)) <= {-1021, -1131, -5028, -4188}


@pytest.mark.parametrize(
    ("words", "code", "matched"),
    [
        (["-2019 when opening a position"], -2019, "code"),
        (["-2019", "when", "opening", "a", "position"], -2019, "code"),
        (["got", "1021", "from", "the", "exchange"], -1021, "code"),
        (["code=-4164", "on", "a", "small", "order"], -4164, "code"),
        (["MIN_NOTIONAL error on a market order"], -4164, "name"),
        (["REDUCE_ONLY_REJECT", "on", "exit"], -2022, "name"),
    ],
)
def test_a_code_or_name_inside_free_text_comes_first(search_json, words: list[str], code: int, matched: str) -> None:  # type: ignore[no-untyped-def]
    status, results, _ = search_json(*words)
    assert (
        status == 0 and results[0]["code"] == code and results[0]["matched"] == matched and results[0]["score"] == 100.0
    )


@pytest.mark.parametrize(
    ("query", "product"),
    [
        ("invalid symbol spot", "spot"),
        ("coin-m margin is insufficient", "coinm"),
        ("delivery margin is insufficient", "coinm"),
        ("usdⓈ-m invalid symbol", "usdm"),
        ("USDT-M timestamp outside recvWindow", "usdm"),
        ("spot timestamp outside recvWindow", "spot"),
        ("现货 签名无效", "spot"),
        ("币本位 保证金不足", "coinm"),
    ],
)
def test_a_product_word_prefers_that_product(search_json, query: str, product: str) -> None:  # type: ignore[no-untyped-def]
    status, results, _ = search_json(query)
    assert status == 0 and results[0]["product"] == product


def test_a_word_that_only_stems_like_a_product_word_names_no_product() -> None:
    """ "optional" stems to "option" but is not the options product; "future" is futures."""
    from errcodes_cli.ranking import parse

    assert parse("Combination of optional parameters invalid.").products == ()
    assert set(parse("binance future order").products) == {"usdm", "coinm"}


def test_a_product_word_never_removes_a_match(search_json) -> None:  # type: ignore[no-untyped-def]
    _, results, _ = search_json("spot order would immediately trigger")
    assert -2021 in [r["code"] for r in results if r["product"] == "usdm"]  # futures' wording, still found


def test_one_meaning_on_several_products_is_one_row(run_installed) -> None:  # type: ignore[no-untyped-def]
    plain = run_installed("search", "timestamp outside of the recvWindow").stdout.splitlines()
    row = next(line for line in plain if "-1021" in line)
    assert "usdm, spot, coinm +3" in row  # the best match, then catalogue order; --json names all six
    assert sum("-1021" in line for line in plain) == 1
    document = json.loads(run_installed("search", "timestamp outside of the recvWindow", "--json").stdout)
    assert Counter(r["product"] for r in document["results"] if r["code"] == -1021) == dict.fromkeys(
        ("usdm", "spot", "coinm", "options", "pm", "pmpro"), 1
    )


def test_of_equal_matches_the_code_more_products_list_comes_first(search_json, catalog: Catalog) -> None:  # type: ignore[no-untyped-def]
    """The engine's message is held word for word by spot's -1013 and by -2010, which more products
    list: the one more users meet comes first, not the one earlier in the catalogue."""
    message = "Account has insufficient balance for requested action."
    assert {e.code for e in catalog.entries if any(m.text == message for m in e.messages)} >= {-1013, -2010}
    status, results, _ = search_json(message)
    shown = codes(results, 3)
    assert status == 0 and shown[0] == -2010 and -1013 in shown
    assert results[0]["score"] == next(r["score"] for r in results if r["code"] == -1013) == 100.0


@pytest.mark.parametrize(
    "words", [["tick", "size"], ["margin", "is", "insufficient", "-n", "3"], ["--limit", "2", "ip", "banned"]]
)
def test_several_words_without_quotes_are_one_query(run_installed, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    options = [w for i, w in enumerate(words) if w.startswith("-") or (i and words[i - 1].startswith("-"))]
    text = " ".join(w for w in words if w not in options)
    unquoted, quoted = run_installed("search", *words), run_installed("search", text, *options)
    assert unquoted.returncode == quoted.returncode == 0
    assert unquoted.stdout == quoted.stdout and unquoted.stdout


@pytest.mark.parametrize("query", ["weird stuff happening with orders", "order", "something about the account thing"])
def test_weak_matches_are_labelled_and_exit_1(run_installed, query: str) -> None:  # type: ignore[no-untyped-def]
    shown = run_installed("search", query)
    assert shown.returncode == 1 and shown.stdout.startswith("No close match; the nearest:")
    assert "errcode list --category" in shown.stderr and "errcode diagnose" in shown.stderr
    document = json.loads(run_installed("search", query, "--json").stdout)
    assert document["results"] and all(r["weak"] is True for r in document["results"])
    assert len({(r["code"], r["name"]) for r in document["results"]}) <= 3


@pytest.mark.parametrize(
    "query", ["how to fix error", "why is this failing", "help", "spot", "binance api error please help"]
)
def test_filler_alone_gets_a_hint_not_codes(run_installed, query: str) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("search", query)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "no word that tells one error from another" in proc.stderr and "errcode list" in proc.stderr


def test_a_strong_match_is_not_weak(search_json) -> None:  # type: ignore[no-untyped-def]
    _, results, _ = search_json("margin is insufficient")
    assert results[0]["weak"] is False and results[0]["score"] == 100.0


def queries() -> list[dict[str, object]]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_query_corpus_is_big_and_varied_enough() -> None:
    corpus = queries()
    heldout = [q for q in corpus if q["split"] == "heldout"]
    assert len(corpus) >= 150 and len({(q["product"], q["code"]) for q in corpus}) >= 60
    assert {q["product"] for q in corpus} >= {"usdm", "spot", "coinm"}
    assert len({q["source"] for q in corpus}) == len(corpus)
    assert sum(q["kind"] == "own_words" for q in corpus) >= 0.4 * len(corpus)
    assert len(heldout) >= 60 and all(
        sum(q["kind"] == k for q in heldout) >= 15 for k in ("message", "own_words", "filter")
    )
    assert all(
        str(q["source"]).startswith("https://") and str(-int(str(q["code"]))) not in str(q["query"]) for q in corpus
    )
    assert all(isinstance(q["names_error"], bool) for q in corpus)


@pytest.mark.parametrize(("batch", "at_least"), [(1, 15), (2, 0)])
def test_the_split_is_the_documented_one(batch: int, at_least: int) -> None:
    """Within each batch and kind, sorted by the SHA-256 of the source, the first 40% (the first batch:
    at least 15) are held out; a batch was split so when it was added, before any tuning on it."""
    import hashlib

    corpus = [q for q in queries() if q["batch"] == batch]
    assert corpus
    for kind in ("message", "own_words", "filter"):
        group = sorted(
            (q for q in corpus if q["kind"] == kind),
            key=lambda q: hashlib.sha256(str(q["source"]).encode()).hexdigest(),
        )
        cut = max(at_least, math.ceil(0.4 * len(group)))
        assert [q["split"] for q in group] == ["heldout"] * cut + ["train"] * (len(group) - cut)


def test_no_catalogue_phrase_is_a_corpus_query(catalog: Catalog) -> None:
    def normal(text: str) -> tuple[str, ...]:
        return tuple(terms(text))

    corpus = {normal(str(q["query"])) for q in queries()} | {
        " ".join(str(q["query"]).lower().split()) for q in queries()
    }
    for entry in catalog.entries:
        for phrase in entry.phrases:
            assert normal(phrase) not in corpus and phrase.lower() not in corpus, (entry.product, entry.code, phrase)


def test_common_entries_have_phrases(catalog: Catalog) -> None:
    assert not [(e.product, e.code) for e in catalog.entries if e.common and not e.phrases]


def test_filler_words_are_lower_case_words() -> None:
    assert all(w.isalpha() and w == w.lower() for w in FILLER)
    assert all(len(w) == 2 for w in FILLER if not w.isascii())  # Chinese filler is read as character pairs


def test_chinese_is_read_as_character_pairs() -> None:
    assert terms("保证金不足") == ["保证", "证金", "金不", "不足"]
    assert "币安" not in terms("币安保证金不足")  # Binance, filler as in English
    assert terms("签名 ok") == ["签名", "ok"]


def test_one_chinese_pair_alone_is_a_weak_match(run_installed) -> None:  # type: ignore[no-untyped-def]
    """获取账户资产报错 ("getting the account's assets fails") shares only 账户 (account) with a phrase."""
    proc = run_installed("search", "获取账户资产报错", "--json")
    assert proc.returncode == 1 and all(r["weak"] for r in json.loads(proc.stdout)["results"])


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("开仓时一直提示保证金不足", -2019),
        ("下单时签名无效", -1022),
        ("服务器时间不同步怎么办", -1021),
        ("双向持仓模式下平仓报错", -4061),
    ],
)
def test_a_symptom_written_in_chinese_finds_its_code(search_json, query: str, code: int) -> None:  # type: ignore[no-untyped-def]
    status, results, _ = search_json(query)
    assert status == 0 and codes(results, 1) == [code] and results[0]["matched"] == "phrase"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Order's notional must be no smaller than 5.0", -4164),
        ("bot stopped: Order's notional must be no smaller than 20", -4164),
        ("Illegal characters found in parameter 'quantity'", -1100),
    ],
)
def test_a_message_cut_short_after_its_value_still_finds_its_code(search_json, query: str, code: int) -> None:  # type: ignore[no-untyped-def]
    status, results, _ = search_json(query)
    assert status == 0 and codes(results, 1) == [code] and results[0]["matched"] == "message"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Timestamp for this request is outside after restarting the bot", -1021),
        ("getting Precision is over the maximum with market order", -1111),
        ("nodejs Price is higher than the cap when closing position", -4016),
    ],
)
def test_part_of_a_message_quoted_in_order_outweighs_the_words_around_it(search_json, query: str, code: int) -> None:  # type: ignore[no-untyped-def]
    """Three or more of a message's words in a row, filler included ("is over the"), are what the user
    saw; other words in the query that some keyword holds ("market order") must not outrank them."""
    status, results, _ = search_json(query)
    assert status == 0 and codes(results, 1) == [code] and results[0]["matched"] == "message"


def test_a_parameter_name_is_one_word_not_a_quote() -> None:
    """timeInForce is three search words but one written word, so it cannot pass for three words of
    "Invalid timeInForce." quoted in a row."""
    from errcodes_cli.ranking import parse

    assert parse("timeInForce missing").written == "timeinforce missing"


@pytest.mark.parametrize(
    ("words", "product", "code"),
    [
        (["spot", "MIN_NOTIONAL", "on", "a", "small", "market", "buy"], "spot", -1013),
        (["LOT_SIZE", "on", "futures"], "usdm", -4023),
        (["PRICE_FILTER"], "usdm", -4014),
    ],
)
def test_a_filter_name_written_as_documented_names_the_codes_it_causes(
    search_json, words: list[str], product: str, code: int
) -> None:  # type: ignore[no-untyped-def]
    """Like a code or a documented name, a filter's name (each product's filter table) puts the codes
    that filter causes first, at 100, and a product word picks that product's (spot's -1013)."""
    status, results, _ = search_json(*words)
    assert status == 0 and (results[0]["product"], results[0]["code"]) == (product, code)
    assert results[0]["score"] == 100.0 and results[0]["matched"] == "filter"


def test_a_former_wording_finds_its_product() -> None:
    """Spot printed -1111 as "Precision is over the maximum defined for this asset." until 2023-12-04."""
    from errcodes_cli.ranking import search

    (first, *_) = search("Precision is over the maximum defined for this asset on spot")
    assert (first.entry.product, first.entry.code, first.field) == ("spot", -1111, "message")
    assert first.message is not None and first.message.until == "2023-12-04"


def test_phrases_and_keywords_describe_the_symptom_not_a_remedy(catalog: Catalog) -> None:
    """A search hook worded as a fix ("cancel orders before ...") draws the user who wants to cancel
    orders to a code about something else, and reads as advice to cancel or close."""
    remedy = re.compile(r"^(?:cancel|close)\b.*\bbefore\b|^cancel orders$")
    assert not [
        (e.product, e.code, text) for e in catalog.entries for text in (*e.phrases, *e.keywords) if remedy.search(text)
    ]
