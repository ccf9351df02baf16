"""Search ranks the obvious answer first, shows its score, and stays deterministic."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from errcodes_cli.catalog import Catalog
from errcodes_cli.index import built_index, prebuilt_index, words
from errcodes_cli.ranking import SCORE_FLOOR, search, suggest


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
        ("timestamp outside of the recvWindow", -1021),
        ("reduceonly order is rejected", -2022),
        ("invalid symbol", -1121),
        ("Too many requests", -1003),
    ],
)
def test_obvious_answer_comes_first(query: str, first: int) -> None:
    assert search(query)[0].entry.code == first


def test_scores_are_ordered_and_above_the_floor() -> None:
    matches = search("order would immediately trigger", limit=20)
    best: dict[tuple[int, str], float] = {}  # each meaning's best score, in the order shown
    for m in matches:
        best[m.entry.meaning] = max(best.get(m.entry.meaning, 0.0), m.score)
    scores = [m.score for m in matches]
    assert list(best.values()) == sorted(best.values(), reverse=True)
    assert all(SCORE_FLOOR <= s <= 100 for s in scores)
    assert matches[0].entry.code == -2021


def test_limit_and_category_filter() -> None:
    assert len({m.entry.meaning for m in search("order", limit=3)}) == 3
    assert {m.entry.category for m in search("order", limit=50, category="filter")} == {"filter"}


def test_nonsense_and_filler_find_nothing() -> None:
    assert search("zzqx wibble") == []
    assert search("   ") == []
    assert search("how to fix this error") == []


def test_results_are_deterministic() -> None:
    first = [(m.entry.code, m.score) for m in search("price", limit=30)]
    assert first == [(m.entry.code, m.score) for m in search("price", limit=30)]


def test_words_split_camel_case_and_snake_case() -> None:
    assert words("PRICE_FILTER tickSize, recvWindow!") == ["price", "filter", "tick", "size", "recv", "window"]


def test_match_json_carries_the_entry_and_score() -> None:
    doc = search("tick size")[0].to_dict()
    assert doc["code"] == -4014 and isinstance(doc["score"], float) and doc["weak"] is False
    assert doc["matched"] in {"code", "name", "message", "phrase", "keyword", "filter", "summary"}


def test_suggestions_for_misses(catalog: Catalog) -> None:
    assert suggest("nope", catalog=catalog) == [] and suggest("hello", catalog=catalog) == []
    assert "MIN_NOTIONAL" in suggest("MIN_NOTINAL", catalog=catalog)
    assert "-4164" in suggest("-4165", catalog=catalog)


def test_shipped_index_is_the_one_built_from_the_catalogue(catalog: Catalog) -> None:
    """data/search_index.json is regenerated with `python -m errcodes_cli.index > data/search_index.json`."""
    root = Path(__file__).resolve().parents[1]
    generated = subprocess.run(
        [sys.executable, "-m", "errcodes_cli.index"], capture_output=True, text=True, check=True
    ).stdout
    assert generated == (root / "data" / "search_index.json").read_text(encoding="utf-8")
    shipped, built = prebuilt_index(), built_index(catalog)
    assert shipped is not None
    assert (shipped.products, shipped.product_words, shipped.entries, shipped.named_only) == (
        built.products,
        built.product_words,
        built.entries,
        built.named_only,
    )
    assert tuple(shipped.fields) == built.fields
    assert {term: tuple(at) for term, at in shipped.postings.items()} == built.postings


def test_scoring_the_shipped_index_ranks_as_the_catalogue_does(catalog: Catalog) -> None:
    for query in ("tick size", "margin insufficient", "Filter failure: NOTIONAL", "listen key", "reduceOnly", "nonce"):
        for product in (None, "spot"):
            shipped = [
                (m.entry.product, m.entry.code, m.score, m.field, m.message) for m in search(query, product=product)
            ]
            built = [
                (m.entry.product, m.entry.code, m.score, m.field, m.message)
                for m in search(query, catalog=catalog, product=product)
            ]
            assert shipped == built
            assert shipped or product == "spot"


def test_an_index_made_from_another_catalogue_is_not_used(run_installed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = Path(__file__).resolve().parents[1]
    edited = json.loads((root / "data" / "codes.json").read_text(encoding="utf-8"))
    edited["entries"][0]["keywords"].append("zanzibar")
    (tmp_path / "codes.json").write_text(json.dumps(edited), encoding="utf-8")
    shutil.copy(root / "data" / "search_index.json", tmp_path / "search_index.json")
    proc = run_installed("search", "zanzibar", "--json", env={"ERRCODE_CATALOG": str(tmp_path / "codes.json")})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"][0]["code"] == edited["entries"][0]["code"]


def test_a_pasted_page_is_read_as_a_bounded_query() -> None:
    from errcodes_cli.ranking import MAX_TERMS, parse

    page = " ".join(f"word{i} margin insufficient" for i in range(5000))
    understood = parse(page)
    assert len(understood.terms) == MAX_TERMS and len(set(understood.terms)) == MAX_TERMS
    assert search(page)  # still answered


def test_a_pasted_page_is_read_for_its_first_words_only() -> None:
    from errcodes_cli.ranking import MAX_QUERY_WORDS, parse

    page = "price " * MAX_QUERY_WORDS + "leverage"  # what lies past the bound is not read
    assert "leverag" not in parse(page).terms and parse("leverage").terms == ("leverag",)
