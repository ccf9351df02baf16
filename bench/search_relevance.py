"""Benchmark: how often `errcode search` puts the right code first, beside a naive RapidFuzz baseline.

Run by hand:  python bench/search_relevance.py [--misses train]

The queries are tests/data/search_queries.jsonl: titles of public threads about Binance errors, each
with its source and the (product, code) the thread was about, split once into `train` and `heldout`.
For each split, each kind of query (message-like, own words, filter or parameter names), each batch
the corpus was gathered in, and queries that do or do not name the error (`names_error`, labelled from
the text alone), it prints
top-1, top-3 and MRR@10 for errcode and, in the same run, for the baseline:

    rapidfuzz.process.extract(query, texts, scorer=fuzz.token_set_ratio, processor=utils.default_process)

over every entry's name and messages, an entry ranked by its best text, ties in catalogue order.

A rank counts rows as a user sees them: one code under one documented name on several products is
one row (errcode prints it so); the baseline's list is grouped the same way. Rank by entries, as `--json`
lists them, is printed too (`--by entries`).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from errcodes_cli.catalog import Catalog, Entry, load_catalog
from errcodes_cli.ranking import search

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "search_queries.jsonl"
KINDS = ("message", "own_words", "filter")
DEPTH = 10

Answer = tuple[str, int]  # (product, code)


def load_queries(path: Path = CORPUS) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def rows(entries: Sequence[Entry]) -> list[set[Answer]]:
    """Entries, best first, as rows: one per meaning (Entry.meaning), as errcode prints them."""
    grouped: dict[tuple[int, str], set[Answer]] = {}
    for e in entries:
        grouped.setdefault(e.meaning, set()).add((e.product, e.code))
    return list(grouped.values())


def errcode_ranking(query: str, catalog: Catalog) -> list[Entry]:
    return [m.entry for m in search(query, limit=DEPTH, catalog=catalog)]


def baseline_ranking(query: str, catalog: Catalog) -> list[Entry]:
    texts: list[str] = []
    owner: list[int] = []
    for order, entry in enumerate(catalog.entries):
        for text in [entry.name or "", *(m.text for m in entry.messages)]:
            texts.append(text)
            owner.append(order)
    best: dict[int, float] = {}
    for _, score, at in process.extract(
        query, texts, scorer=fuzz.token_set_ratio, processor=utils.default_process, limit=None
    ):
        best[owner[at]] = max(best.get(owner[at], 0.0), score)
    ranked = sorted(best, key=lambda order: (-best[order], order))
    return [catalog.entries[order] for order in ranked if best[order] > 0]


def rank_of(answer: Answer, ranking: Sequence[Entry], by: str) -> int | None:
    """1-based rank of the answer within the first DEPTH rows (or entries), else None."""
    units = rows(ranking) if by == "rows" else [{(e.product, e.code)} for e in ranking]
    for position, unit in enumerate(units[:DEPTH], 1):
        if answer in unit:
            return position
    return None


def figures(ranks: Sequence[int | None]) -> tuple[float, float, float]:
    n = len(ranks) or 1
    top1 = sum(1 for r in ranks if r == 1) / n
    top3 = sum(1 for r in ranks if r is not None and r <= 3) / n
    mrr = sum(1 / r for r in ranks if r is not None) / n
    return top1, top3, mrr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--by", choices=("rows", "entries"), default="rows")
    parser.add_argument("--misses", choices=("train",), help="also list the train queries errcode misses at top-1")
    args = parser.parse_args()
    catalog = load_catalog()
    queries = load_queries()
    systems: dict[str, Callable[[str, Catalog], list[Entry]]] = {
        "errcode": errcode_ranking,
        "baseline": baseline_ranking,
    }
    ranks: dict[str, list[int | None]] = {name: [] for name in systems}
    for q in queries:
        answer = (str(q["product"]), int(str(q["code"])))
        for name, rank in systems.items():
            ranks[name].append(rank_of(answer, rank(str(q["query"]), catalog), args.by))
    print(
        f"{len(queries)} queries, {len({(q['product'], q['code']) for q in queries})} codes; rank by {args.by}; MRR@{DEPTH}"
    )
    print(f"{'split':<8} {'kind':<10} {'n':>4}   {'errcode top1 top3  MRR':<24}   baseline top1 top3  MRR")
    groups: list[tuple[str, Callable[[dict[str, object]], bool]]] = [("all", lambda q: True)]
    groups += [(kind, lambda q, kind=kind: q["kind"] == kind) for kind in KINDS]  # type: ignore[misc]
    groups += [(f"batch {b}", lambda q, b=b: q["batch"] == b) for b in sorted({int(str(q["batch"])) for q in queries})]  # type: ignore[misc]
    groups += [("names it", lambda q: q["names_error"] is True), ("vague", lambda q: q["names_error"] is False)]
    for split in ("train", "heldout"):
        for label, wanted in groups:
            picked = [i for i, q in enumerate(queries) if q["split"] == split and wanted(q)]
            cells = []
            for name in systems:
                top1, top3, mrr = figures([ranks[name][i] for i in picked])
                cells.append(f"{top1:10.0%} {top3:4.0%} {mrr:5.2f}")
            print(f"{split:<8} {label:<10} {len(picked):>4}   {cells[0]:<24}   {cells[1]}")
    if args.misses:
        for i, q in enumerate(queries):
            if q["split"] == args.misses and ranks["errcode"][i] != 1:
                print(f"miss (rank {ranks['errcode'][i]}): {q['product']} {q['code']} [{q['kind']}] {q['query']}")


if __name__ == "__main__":
    main()
