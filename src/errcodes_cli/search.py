"""Fuzzy search over the catalogue's messages, names, summaries and keywords.

How a score is made (0-100), so that rankings can be explained:
- query and text are normalised alike (lower case, '_'/'-'/punctuation to spaces) and split into words;
  a few filler words are dropped from the query;
- each query word is matched to its closest word in a field: 100 for the same word, 95 when the field
  word starts with it (3+ letters), else RapidFuzz's ratio when it reaches 75, else 0;
- a field scores the mean over query words (coverage), scaled by 0.8 + 0.2 x the share of the field's
  words that matched (focus), so a short field that is all about the query beats a long one;
- a message that carries a note (spot's matching-engine messages and filter failures) also matches on
  the note's summary, weighted like a summary;
- an entry scores its best field, times the field's weight (summaries weigh 0.9, the rest 1.0), times
  0.97 unless the catalogue marks the code `common` (seen often in real bot logs), so that among
  near-equal matches the everyday error comes first;
- ties break on the product (the catalogue's order: usdm first), then on the sum of all field scores,
  then on the code's order in the catalogue.

Only fields holding a word close to a query word can score; a set test finds them, and only they are
scored. The words of every field come from the index (index.py), pre-built when it can be.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog, Entry, Message, load_catalog, parse_number
from .index import Field, Index, built_index, prebuilt_index, words

SCORE_FLOOR = 60.0
_WORD_CUTOFF = 75.0
_PREFIX_SCORE = 95.0
_RARE_WEIGHT = 0.97
_FIELD_WEIGHTS = {"name": 1.0, "message": 1.0, "keyword": 1.0, "summary": 0.9}
_FILLER = frozenset(["a", "an", "the", "is", "are", "was", "of", "for", "to", "in", "on", "my", "i", "it", "this", "that", "be", "by", "with", "and", "or"])


@dataclass(frozen=True)
class Match:
    """A search hit: the entry, its score, the field that scored it and, for a message, which one."""

    entry: Entry
    score: float
    field: str
    message: Message | None = None

    def to_dict(self) -> dict[str, Any]:
        matched_message = self.message.to_dict() if self.message else None
        return {**self.entry.to_dict(), "score": round(self.score, 1), "matched": self.field, "matched_message": matched_message}


def _word_scores(query_words: Sequence[str], vocabulary: Sequence[str]) -> list[dict[str, float]]:
    """For each query word, the vocabulary words close enough to it, with their similarity."""
    from rapidfuzz import fuzz, process

    table = []
    for q in query_words:
        close = {w: s for w, s, _ in process.extract(q, vocabulary, scorer=fuzz.ratio, score_cutoff=_WORD_CUTOFF, limit=None)}
        if len(q) >= 3:
            for w in vocabulary:
                if w.startswith(q) and close.get(w, 0.0) < _PREFIX_SCORE:
                    close[w] = _PREFIX_SCORE
        close[q] = 100.0
        table.append(close)
    return table


def _field_score(field_words: frozenset[str], table: Sequence[dict[str, float]]) -> float:
    if not field_words:
        return 0.0
    matched: set[str] = set()
    total = 0.0
    for close in table:
        best_word, best = max(((w, close.get(w, 0.0)) for w in field_words), key=lambda ws: ws[1])
        if best > 0:
            matched.add(best_word)
            total += best
    coverage = total / len(table)
    focus = len(matched) / len(field_words)
    return coverage * (0.8 + 0.2 * focus)


def search(
    query: str,
    limit: int = 10,
    category: str | None = None,
    catalog: Catalog | None = None,
    product: str | None = None,
) -> list[Match]:
    """Rank entries (of one product, or all) by how well they match free text; keep those scoring SCORE_FLOOR or more.

    Without a catalogue, the shipped index is scored and only the entries shown are built.
    """
    query_words = words(query)
    meaningful = [w for w in query_words if w not in _FILLER] or query_words
    if not meaningful:
        return []
    index = built_index(catalog) if catalog is not None else prebuilt_index()
    if index is None:
        catalog = load_catalog()
        index = built_index(catalog)
    hits = _rank(index, _word_scores(meaningful, index.vocabulary), category, product)[:limit]
    if catalog is None:
        catalog = load_catalog(codes=frozenset(index.entries[order][1] for order, _, _ in hits))
    matches = []
    for order, score, (_, kind, position, _) in hits:
        product_key, code = index.entries[order][:2]
        entry = next(e for e in catalog.by_code(code) if e.product == product_key)
        matches.append(Match(entry, score, kind, entry.messages[position] if position >= 0 else None))
    return matches


def _rank(index: Index, table: Sequence[dict[str, float]], category: str | None, product: str | None) -> list[tuple[int, float, Field]]:
    """(entry position, score, best field) of every entry scoring SCORE_FLOOR or more, best first."""
    close_words = frozenset().union(*table)
    per_entry: dict[int, list[tuple[float, int]]] = {}  # entry position -> (field score, field position)
    for at, (order, kind, _, field_words) in enumerate(index.fields):
        if field_words.isdisjoint(close_words):
            continue
        entry_product, _, entry_category, common = index.entries[order]
        if (category and entry_category != category) or (product and entry_product != product):
            continue
        weight = 1.0 if common else _RARE_WEIGHT
        per_entry.setdefault(order, []).append((_field_score(field_words, table) * _FIELD_WEIGHTS[kind] * weight, at))
    ranked = []
    for order, scored in per_entry.items():
        best, at = max(scored, key=lambda sa: (sa[0], -sa[1]))
        if best >= SCORE_FLOOR:
            rank = index.products.index(index.entries[order][0])
            ranked.append((-best, rank, -sum(s for s, _ in scored), order, at))
    ranked.sort()
    return [(order, -negative, index.fields[at]) for negative, _, _, order, at in ranked]


def suggest(query: str, extra: Iterable[str] = (), catalog: Catalog | None = None, limit: int = 3) -> list[str]:
    """The nearest codes (for a number) or names and extra words such as subcommands (for a word)."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import DamerauLevenshtein
    from rapidfuzz.utils import default_process

    catalog = catalog or load_catalog()
    number = parse_number(query)
    if number is not None:
        digits = str(number[0])
        codes = {e.code: str(-e.code) for e in catalog.entries}  # one per code across products
        by_digits = process.extract(digits, codes, scorer=DamerauLevenshtein.normalized_similarity, limit=None)
        ranked = sorted(by_digits, key=lambda hit: (-hit[1], abs(-hit[2] - number[0])))
        return list(dict.fromkeys(str(code) for _, _, code in ranked))[:limit]
    words = list(dict.fromkeys(e.name for e in catalog.entries if e.name)) + list(extra)
    hits = process.extract(query, words, scorer=fuzz.WRatio, processor=default_process, limit=limit, score_cutoff=50)
    return [word for word, _, _ in hits]
