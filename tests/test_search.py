"""Search ranks the obvious answer first, shows its score, and stays deterministic."""

from __future__ import annotations

import pytest

from errcodes_cli.catalog import Catalog
from errcodes_cli.search import SCORE_FLOOR, search, suggest, words


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("tick size", -4014),
        ("notional", -4164),
        ("timestamp ahead", -1021),
        ("insufficient margin", -2019),
        ("position side does not match", -4061),
        ("TICK SIZE", -4014),
        ("Margin is insufficient.", -2019),
        ("outside of the recvWindow", -1021),
        ("reduceonly order is rejected", -2022),
        ("invalid symbol", -1121),
        ("Too many requests", -1003),
    ],
)
def test_obvious_answer_comes_first(query: str, first: int) -> None:
    assert search(query)[0].entry.code == first


def test_scores_are_ordered_and_above_the_floor() -> None:
    matches = search("order would immediately trigger", limit=20)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(SCORE_FLOOR <= s <= 100 for s in scores)
    assert matches[0].entry.code == -2021


def test_limit_and_category_filter() -> None:
    assert len(search("order", limit=3)) == 3
    assert {m.entry.category for m in search("order", limit=50, category="filter")} == {"filter"}


def test_nonsense_finds_nothing() -> None:
    assert search("zzqx wibble") == []
    assert search("   ") == []


def test_results_are_deterministic() -> None:
    first = [(m.entry.code, m.score) for m in search("price", limit=30)]
    assert first == [(m.entry.code, m.score) for m in search("price", limit=30)]


def test_words_split_camel_case_and_snake_case() -> None:
    assert words("PRICE_FILTER tickSize, recvWindow!") == ["price", "filter", "tick", "size", "recv", "window"]


def test_match_json_carries_the_entry_and_score() -> None:
    doc = search("tick size")[0].to_dict()
    assert doc["code"] == -4014 and isinstance(doc["score"], float) and doc["matched"] in {"name", "message", "keyword", "summary"}


def test_suggestions_for_misses(catalog: Catalog) -> None:
    assert "search" in suggest("serach", extra=["show", "search", "list"], catalog=catalog)
    assert "MIN_NOTIONAL" in suggest("MIN_NOTINAL", catalog=catalog)
    assert "-4164" in suggest("-4165", catalog=catalog)
