"""Ranking the catalogue for free text: finding a code from the words people type about it.

How a score (0-100) is made, so that every ranking can be explained (README, "Search scores"):
1. The query is read (`parse`): a code written in it (-2019, or 2019 without the minus), a documented
   name written as documented (MIN_NOTIONAL) and a filter's name written so (PRICE_FILTER: index.filters)
   are picked out; words that name a product (each product's `query_words`: futures, spot, coin-m ...)
   are set apart; the rest become terms (index.terms: filler dropped, stemmed; each distinct term once,
   at most MAX_TERMS; a pasted page is read for its first MAX_QUERY_WORDS words). A word glued from two
   catalogue words (ticksize, reduceonly) is read as both.
2. Each term is matched to the catalogue's terms: the same term (similarity 1.0), a longer term it
   begins (0.9, for 3+ letters) or, only for a term the catalogue lacks, its closest terms by RapidFuzz
   ratio (a typo: ratio 80 or more, similarity 0.9 x ratio/100). A term that matches nothing is left
   out, so words the catalogue never uses cannot sink a good match.
3. A term weighs its inverse document frequency over entries (Okapi BM25's idf): a word few entries
   use ("insufficient") says more than one most of them use ("order").
4. A field's coverage is the weighted share of the query's terms it holds, each counted at its
   similarity times the field's weight (name, message, phrase, keyword 1.0; filter 0.9; summary
   0.85); its focus is the share of its own terms the query matched. A message, name, keyword or
   phrase the query holds whole (2+ terms) forgives part of the rest of the query:
   coverage + (1 - coverage) x held x focus^2, where held is 0.8 for a name, 0.65 for a message, 0.95
   when the query has its words in the same order, 0.5 for a keyword or phrase. A message of which the
   query holds _MIN_RUN or more written words in a row (filler included, one a term) holds at least
   0.95 x (0.5 + 0.5 x that run's share of its words). The field scores that x (0.8 + 0.2 x focus). A
   message the query ends by quoting up to one of its placeholders (3+ terms, then only the filled-in
   value: a log line cut short) scores coverage + (1 - coverage) x 0.95. A message (2+ words, no
   placeholder) the query holds word for word, filler included, scores 1. An entry scores its best
   field, plus 0.3 of the query's remaining weight found in its other fields.
5. Times the evidence, min(1, matched idf / 3.0): the query's known words must say enough (a word
   used by 5% of entries or fewer, or several commoner ones) for a confident score; a message quoted
   word for word is enough on its own. Times _RARE_WEIGHT unless the catalogue marks the code
   `common`, and times _OTHER_PRODUCT_WEIGHT when the query names products and the entry's is not
   among them (a product word outweighs commonness).
6. An entry whose code or name the query writes, or that a filter it writes causes, scores 100 and
   comes first.
Ties break on a named product, then on the sum of its best score in each kind of documented field (name,
message, summary, filter; not phrase or keyword, which are written to be matched), then on how many
products list the same meaning (a general request error every product lists is met more often than
one of a few), then the product order of the catalogue (usdm first), then catalogue order.
Entries scoring SCORE_FLOOR or more are the results; when none does, the best WEAK_LIMIT are returned
as weak results. The entries of one meaning (one code under one documented name, on several products)
count once towards the limit and are listed together.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .catalog import (
    PASTED_WRAPPING,
    Catalog,
    Entry,
    Message,
    codes_of,
    load_catalog,
    load_slice,
    normalize_name,
    parse_number,
)
from .errors import UnknownProductError
from .index import Index, built_index, is_cjk, is_term, prebuilt_index, stem, words, written_words

SCORE_FLOOR = 60.0
WEAK_LIMIT = 3
MAX_TERMS = 64  # distinct terms scored; a query is a few words
MAX_QUERY_WORDS = 400  # a pasted page is read this far, so its cost stays bounded
_PREFIX_SIMILARITY = 0.9
_TYPO_CUTOFF = 80.0
_TYPO_SIMILARITY = 0.9
_MIN_COMPOUND_PART = 3
_FIELD_WEIGHTS = {"name": 1.0, "message": 1.0, "phrase": 1.0, "keyword": 1.0, "filter": 0.9, "summary": 0.85}
# How much of the rest of the query a field the query holds whole forgives, times focus squared: a
# message or name quoted inside other words is what the user saw; a keyword or phrase less surely so.
_HELD_WEIGHTS = {"name": 0.8, "message": 0.65, "phrase": 0.5, "keyword": 0.5, "filter": 0.0, "summary": 0.0}
_QUOTED_WEIGHT = 0.95  # the same, for a message or name the query holds word for word, in order
_MIN_RUN = 3  # written words in a row, filler included, that make a quoted part of a message
_MIN_CUT_TERMS = 3  # a message cut short after a placeholder still counts as quoted with this many terms
_ELSEWHERE_SHARE = 0.3
# Matched idf that makes a confident match: about one word used by 5% of entries. A query whose only
# known words are common ones ("order") scores below the floor, however fully it is covered.
_ENOUGH_EVIDENCE = 3.0
_RARE_WEIGHT = 0.9
# A CJK character pair weighs at most this: the catalogue's Chinese is a few phrases, so every pair
# looks rare, and a pair is half a word as often as a word; one pair alone is no confident match
_CJK_PAIR_WEIGHT = _ENOUGH_EVIDENCE / 2
_WRITTEN_TO_MATCH = ("phrase", "keyword")  # fields that score but do not break ties: they say what users type
_OTHER_PRODUCT_WEIGHT = 0.8
# a query that names no product is likelier about USDⓈ-M, spot or COIN-M than options or portfolio
# margin, whose lists repeat their words (Product.named_only): their entries weigh this much less
_UNNAMED_WEIGHT = 0.9


@dataclass(frozen=True)
class Query:
    """A query as search reads it."""

    codes: tuple[int, ...]  # codes the query writes that the catalogue has
    names: tuple[str, ...]  # documented names it writes, normalised (MIN_NOTIONAL)
    filters: tuple[str, ...]  # exchangeInfo filter names it writes as written in the docs (PRICE_FILTER)
    products: tuple[str, ...]  # products its words name
    terms: tuple[str, ...]  # its other content words, as terms
    written: str = ""  # its words as written, lower-case, filler included, the codes it writes left out

    @property
    def says_what(self) -> bool:
        """Whether it holds anything that can identify an error (filler and product words alone do not)."""
        return bool(self.codes or self.names or self.filters or self.terms)


@dataclass(frozen=True)
class Match:
    """A search hit: the entry, its score, the field that scored it and, for a message, which one.

    `weak`: nothing reached the score floor, and this is one of the best below it.
    """

    entry: Entry
    score: float
    field: str
    message: Message | None = None
    weak: bool = False

    def to_dict(self) -> dict[str, Any]:
        matched_message = self.message.to_dict() if self.message else None
        return {
            **self.entry.to_dict(),
            "score": round(self.score, 1),
            "matched": self.field,
            "matched_message": matched_message,
            "weak": self.weak,
        }


def _index(catalog: Catalog | None) -> Index:
    if catalog is not None:
        return built_index(catalog)
    return prebuilt_index() or built_index(load_catalog())


def parse(query: str, catalog: Catalog | None = None) -> Query:
    """Read a query: the codes and names it writes, the products it names, and its terms."""
    return _parse(query, _index(catalog))


def _parse(query: str, index: Index) -> Query:
    known_codes = {row[1] for row in index.entries}
    known_names = {normalize_name(row[2]) for row in index.entries if row[2]}
    codes: list[int] = []
    names: list[str] = []
    filters: list[str] = []
    text: list[str] = []
    for token in query.split(maxsplit=MAX_QUERY_WORDS)[:MAX_QUERY_WORDS]:
        core = token.strip(PASTED_WRAPPING)
        value = core.replace(":", "=").rpartition("=")[2]  # code=-2019, code:-2019
        number = parse_number(value)
        code = next((c for c in codes_of(number[0]) if c in known_codes), None) if number else None
        if code is not None and number is not None and (number[1] or len(value) >= 4):
            codes.append(code)
            continue
        if "_" in core or core.isupper():
            if normalize_name(core) in known_names:
                names.append(normalize_name(core))
            if normalize_name(core) in index.filters:
                filters.append(normalize_name(core))
        text.append(token)
    raw = words(" ".join(text))[:MAX_QUERY_WORDS]
    stems = [stem(w) for w in raw]
    taken = [False] * len(raw)
    spans = (
        (len(sequence), start, product)
        for product, sequences in index.product_words.items()
        for sequence in sequences
        for start in range(len(raw) - len(sequence) + 1)
        if tuple(raw[start : start + len(sequence)]) == sequence
    )
    claimed: dict[tuple[int, int], list[str]] = {}  # span -> the products its words name
    for length, start, product in sorted(spans, key=lambda s: (-s[0], s[1])):  # longest first: "coin m" over "m"
        span = range(start, start + length)
        if (start, length) in claimed or not any(taken[i] for i in span):
            claimed.setdefault((start, length), []).append(product)
            for i in span:
                taken[i] = True
    # a word that names one product (usdt-m) outweighs one that names several (futures)
    specific = [names for names in claimed.values() if len(names) == 1]
    products = list(dict.fromkeys(p for names in (specific or claimed.values()) for p in names))
    found: list[str] = []
    for word, term, used in zip(raw, stems, taken, strict=True):
        if used or not is_term(word):
            continue
        found += _split_compound(word, index.postings) if term not in index.postings else [term]
    distinct = tuple(dict.fromkeys(found))[:MAX_TERMS]
    written = " ".join(written_words(" ".join(text))[:MAX_QUERY_WORDS])
    return Query(
        tuple(dict.fromkeys(codes)),
        tuple(dict.fromkeys(names)),
        tuple(dict.fromkeys(filters)),
        tuple(products),
        distinct,
        written,
    )


def _split_compound(word: str, postings: dict[str, Sequence[int]]) -> list[str]:
    """A word glued from two catalogue words (recvwindow, reduceonly) as their two terms; else the word's term."""
    for cut in range(len(word) - _MIN_COMPOUND_PART, _MIN_COMPOUND_PART - 1, -1):
        left, right = stem(word[:cut]), stem(word[cut:])
        if left in postings and right in postings:
            return [left, right]
    return [stem(word)]


def _similar(term: str, vocabulary: list[str], postings: dict[str, Sequence[int]]) -> dict[str, float]:
    """The catalogue terms a query term stands for, with their similarity (step 2 of the module docstring)."""
    close: dict[str, float] = {}
    if term in postings:
        close[term] = 1.0
    if len(term) >= 3:
        at = bisect_left(vocabulary, term)
        while at < len(vocabulary) and vocabulary[at].startswith(term):
            close.setdefault(vocabulary[at], _PREFIX_SIMILARITY)
            at += 1
    if not close and len(term) >= 4:
        from rapidfuzz import fuzz, process

        for other, ratio, _ in process.extract(
            term, vocabulary, scorer=fuzz.ratio, score_cutoff=_TYPO_CUTOFF, limit=None
        ):
            close[other] = _TYPO_SIMILARITY * ratio / 100
    return close


@lru_cache(maxsize=1024)
def _quote_pattern(sequence: str) -> re.Pattern[str]:
    """Finds a field's terms in order among the query's, a placeholder ("*") standing for up to six terms."""
    pieces = [re.escape(piece) for piece in sequence.split(" * ")]
    return re.compile(" " + r"(?: \S+){0,6} ".join(pieces) + " ")


@lru_cache(maxsize=1024)
def _cut_pattern(sequence: str) -> re.Pattern[str] | None:
    """Finds a message cut short at the end of the query: its terms in order up to a placeholder (3 terms
    or more), then only the value that filled it. None for a message that cannot be cut so."""
    pieces = sequence.split(" * ")
    heads = [pieces[:k] for k in range(1, len(pieces)) if sum(len(p.split()) for p in pieces[:k]) >= _MIN_CUT_TERMS]
    if not heads:
        return None
    wildcard = r"(?: \S+){0,6} "
    return re.compile("|".join(" " + wildcard.join(re.escape(p) for p in head) + r"(?: \S+){0,6} $" for head in heads))


@dataclass(frozen=True)
class _Scored:
    order: int  # entry position in the index
    score: float
    text_score: float  # the score from the words alone (what orders entries whose code the query writes)
    support: (
        float  # the sum of its best field score of each kind: how much of the entry is about the query (a tie-break)
    )
    field: int  # position of the best field in index.fields, -1 for none
    mentioned: bool = False  # the query writes its code, its name or a filter that causes it


def _weigh(index: Index, query: Query) -> tuple[list[float], list[dict[str, float]]]:
    """For each query term that matches anything: its idf weight and the catalogue terms it stands for."""
    vocabulary = list(index.postings)
    total = len(index.entries)
    weights: list[float] = []
    closes: list[dict[str, float]] = []
    for term in query.terms:
        close = _similar(term, vocabulary, index.postings)
        if not close:
            continue
        best = max(close, key=lambda other: (close[other], -len(index.postings[other])))
        frequency = len({index.fields[f][0] for f in index.postings[best]})
        idf = math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))
        weights.append(min(idf, _CJK_PAIR_WEIGHT) if is_cjk(term) else idf)
        closes.append(close)
    return weights, closes


class _Written:
    """The query's words as written, filler included: what tells a message the user quoted."""

    def __init__(self, written: str) -> None:
        self._padded = f" {written} "
        self._words = written.split()
        self._at_run: dict[tuple[str, ...], list[int]] = {}  # its runs of _MIN_RUN words -> where
        for i in range(len(self._words) - _MIN_RUN + 1):
            self._at_run.setdefault(tuple(self._words[i : i + _MIN_RUN]), []).append(i)

    def holds(self, literal: str) -> bool:
        """Whether the query holds this message (a field's literal) word for word, as the user saw it."""
        return bool(literal) and "*" not in literal and f" {literal} " in self._padded

    def quoted_share(self, literal: str) -> float:
        """The share of a message's written words in its longest run, filler included, that the query
        holds in the same order (_MIN_RUN words or more, one a term), else 0."""
        if not literal:
            return 0.0
        own, query = literal.split(), self._words
        longest = 0
        for i in range(len(own) - _MIN_RUN + 1):
            for j in self._at_run.get(tuple(own[i : i + _MIN_RUN]), ()):
                k = _MIN_RUN
                while i + k < len(own) and j + k < len(query) and own[i + k] == query[j + k]:
                    k += 1
                if k > longest and any(is_term(w) for w in own[i : i + k]):
                    longest = k
        return longest / sum(1 for w in own if w != "*")


def _mentioned(index: Index, query: Query, wanted: Callable[[int], bool]) -> set[int]:
    """The entries whose code or documented name the query writes, or that a filter it writes causes."""
    written = {
        order
        for order, row in enumerate(index.entries)
        if wanted(order) and (row[1] in query.codes or normalize_name(row[2] or "-") in query.names)
    }
    return written | {order for name in query.filters for order in index.filters[name] if wanted(order)}


def _score(index: Index, query: Query, category: str | None, product: str | None) -> list[_Scored]:
    """Every entry that shares a term with the query (or whose code or name it writes), scored."""
    weights, closes = _weigh(index, query)

    def wanted(order: int) -> bool:
        row = index.entries[order]
        return (category is None or row[3] == category) and (product is None or row[0] == product)

    per_entry, per_field, matched = _credits(index, closes, wanted)
    fields_of: dict[int, list[int]] = {}  # entry -> its fields that matched
    for f in per_field:
        fields_of.setdefault(index.fields[f][0], []).append(f)

    mentioned = _mentioned(index, query, wanted)
    weight_sum = sum(weights) or 1.0

    def focus(f: int) -> float:
        """The share of a field's terms that the query matched."""
        return min(1.0, len(matched[f]) / index.fields[f][3])

    in_order = f" {' '.join(query.terms)} "
    written = _Written(query.written)

    def verbatim(f: int) -> bool:
        return written.holds(index.fields[f][5])

    def field_score(f: int) -> float:
        if verbatim(f):
            return 1.0
        coverage = sum(weights[i] * c for i, c in per_field[f].items()) / weight_sum
        _, kind, _, size, sequence, _ = index.fields[f]
        whole = size >= 2 and bool(sequence) and _quote_pattern(sequence).search(in_order) is not None
        cut_short = None if whole or not sequence else _cut_pattern(sequence)
        if cut_short is not None and cut_short.search(in_order):  # what the user saw of it is all there
            return coverage + (1 - coverage) * _QUOTED_WEIGHT
        held = _QUOTED_WEIGHT if whole else _HELD_WEIGHTS[kind] * focus(f) ** 2 if size >= 2 else 0.0
        if not whole and kind == "message":  # a run of it quoted in order: what the user saw of it
            share = written.quoted_share(index.fields[f][5])
            if share:
                held = max(held, _QUOTED_WEIGHT * (0.5 + 0.5 * share))
        return (coverage + (1 - coverage) * held) * (0.8 + 0.2 * focus(f))

    scored = []
    for order in per_entry.keys() | mentioned:
        text_score, best_field, scores = 0.0, -1, {}
        if order in per_entry:
            scores = {f: field_score(f) for f in fields_of[order]}
            best_field = max(scores, key=lambda f: (scores[f], -index.fields[f][3], -f))
            elsewhere = 0.0
            for i in per_entry[order].keys() - per_field[best_field].keys():
                elsewhere += weights[i] * max(
                    per_field[f].get(i, 0.0) * (0.8 + 0.2 * focus(f)) for f in fields_of[order]
                )
            evidence = sum(weights[i] * credit for i, credit in per_entry[order].items())
            strength = 1.0 if verbatim(best_field) else min(1.0, evidence / _ENOUGH_EVIDENCE)
            text_score = 100 * min(1.0, scores[best_field] + _ELSEWHERE_SHARE * elsewhere / weight_sum) * strength
        row = index.entries[order]
        if not row[4]:
            text_score *= _RARE_WEIGHT
        if query.products and row[0] not in query.products:
            text_score *= _OTHER_PRODUCT_WEIGHT
        elif not query.products and row[0] in index.named_only:
            text_score *= _UNNAMED_WEIGHT
        score = 100.0 if order in mentioned else text_score
        scored.append(_Scored(order, score, text_score, _support(index, scores), best_field, order in mentioned))
    return scored


def _credits(
    index: Index, closes: list[dict[str, float]], wanted: Callable[[int], bool]
) -> tuple[dict[int, dict[int, float]], dict[int, dict[int, float]], dict[int, set[str]]]:
    """What each query term earns: per entry and per field its best credit (similarity x field weight),
    and per field the catalogue terms the query matched in it."""
    per_entry: dict[int, dict[int, float]] = {}  # entry -> query term -> best credit
    per_field: dict[int, dict[int, float]] = {}  # field -> query term -> credit
    matched: dict[int, set[str]] = {}  # field -> its terms that the query matched
    for i, close in enumerate(closes):
        for other, similarity in close.items():
            for f in index.postings[other]:
                order, kind = index.fields[f][:2]
                if not wanted(order):
                    continue
                credit = similarity * _FIELD_WEIGHTS[kind]
                terms_of_entry = per_entry.setdefault(order, {})
                terms_of_entry[i] = max(terms_of_entry.get(i, 0.0), credit)
                terms_of_field = per_field.setdefault(f, {})
                terms_of_field[i] = max(terms_of_field.get(i, 0.0), credit)
                matched.setdefault(f, set()).add(other)
    return per_entry, per_field, matched


def _support(index: Index, scores: dict[int, float]) -> float:
    """The sum of an entry's best score in each kind of documented field (the tie-break of the docstring)."""
    by_kind: dict[str, float] = {}
    for f, value in scores.items():
        kind = index.fields[f][1]
        if kind not in _WRITTEN_TO_MATCH:
            by_kind[kind] = max(by_kind.get(kind, 0.0), value)
    return sum(by_kind.values())


def _field_name(index: Index, scored: _Scored, query: Query) -> str:
    row = index.entries[scored.order]
    if row[1] in query.codes:
        return "code"
    if normalize_name(row[2] or "-") in query.names:
        return "name"
    if scored.mentioned and (scored.field < 0 or index.fields[scored.field][1] not in ("filter", "message")):
        return "filter"  # a filter the query writes causes it; a message that names the filter says so itself
    return index.fields[scored.field][1]


def search(
    query: str,
    limit: int = 10,
    category: str | None = None,
    catalog: Catalog | None = None,
    product: str | None = None,
) -> list[Match]:
    """Rank entries (of one product, or all) by how well they match free text, best first.

    Returns the entries of the best `limit` meanings scoring SCORE_FLOOR or more; when none does, those
    of the best WEAK_LIMIT, marked weak; nothing when no word of the query matches. An unknown product
    raises UnknownProductError (a ValueError). Without a catalogue,
    the shipped index is scored and only the entries shown are built.
    """
    index = _index(catalog)
    if product is not None and product not in index.products:
        raise UnknownProductError(product, index.products)
    understood = _parse(query, index)
    if not understood.says_what:
        return []
    scored = _score(index, understood, category, product)
    rank = {p: i for i, p in enumerate(index.products)}

    def key(s: _Scored) -> tuple[bool, float, bool, float, float, int, int, int]:
        row = index.entries[s.order]
        return (
            not s.mentioned,
            -round(s.score, 6),
            row[0] not in understood.products,
            -round(s.text_score, 6),
            -round(s.support, 6),
            -index.reach[index.meaning(s.order)],
            rank[row[0]],
            s.order,
        )

    scored = sorted((s for s in scored if s.score > 0), key=key)
    weak = not scored or scored[0].score < SCORE_FLOOR
    wanted_meanings = WEAK_LIMIT if weak else limit
    meanings: dict[tuple[int, str], list[_Scored]] = {}  # in rank order; a meaning's products together
    for s in scored:
        meaning = index.meaning(s.order)
        if not weak and s.score < SCORE_FLOOR:
            continue
        if meaning not in meanings:
            if len(meanings) == wanted_meanings:
                continue
            meanings[meaning] = []
        meanings[meaning].append(s)
    # each meaning: its best match, then its other products in catalogue order
    shown = [
        s
        for group in meanings.values()
        for s in (group[0], *sorted(group[1:], key=lambda s: rank[index.entries[s.order][0]]))
    ]
    if catalog is None:
        catalog = load_slice(frozenset(index.entries[s.order][1] for s in shown))
    matches = []
    for s in shown:
        product_key, code = index.entries[s.order][:2]
        entry = next(e for e in catalog.by_code(code) if e.product == product_key)
        position = index.fields[s.field][2] if s.field >= 0 else -1
        message = entry.messages[position] if position >= 0 else None
        matches.append(Match(entry, s.score, _field_name(index, s, understood), message, weak))
    return matches


SUGGEST_FLOOR = 70.0  # a name this similar (RapidFuzz ratio of the normal forms) is worth suggesting


def suggest(query: str, catalog: Catalog | None = None, limit: int = 3) -> list[str]:
    """The nearest codes (for a number) or names (for a word); a name only when it is close enough to
    be a slip of the keyboard, as git suggests commands, so a word far from every name gets none."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import DamerauLevenshtein

    catalog = catalog or load_catalog()
    number = parse_number(query)
    if number is not None:
        digits = str(number[0])
        codes = {e.code: str(abs(e.code)) for e in catalog.entries}  # one per code across products
        by_digits = process.extract(digits, codes, scorer=DamerauLevenshtein.normalized_similarity, limit=None)
        signed = number[1]  # a minus typed: the few positive codes come after equally near negative ones
        ranked = sorted(by_digits, key=lambda hit: (-hit[1], (hit[2] > 0) == signed, abs(abs(hit[2]) - number[0])))
        return list(dict.fromkeys(str(code) for _, _, code in ranked))[:limit]
    names = list(dict.fromkeys(normalize_name(e.name) for e in catalog.entries if e.name))
    hits = process.extract(normalize_name(query), names, scorer=fuzz.ratio, limit=limit, score_cutoff=SUGGEST_FLOOR)
    return [word for word, _, _ in hits]
