"""What search scores: every searchable text of every entry, reduced to terms, in an inverted index.

A term is a word's English stem (Snowball), so cancel, cancelling, cancelled and canceled are one
term; `terms()` turns a query and a catalogue text into terms the same way. Filler words (articles,
question words, "error", "binance" ...) and single characters are no terms at all.

Building the index means splitting and stemming some 4,500 texts, which costs a search more than the
scoring does, and it needs the whole catalogue built and checked first. So it is also pre-built from
the catalogue and shipped beside it (data/search_index.json); a search without a catalogue of its own
reads that file, scores, and then builds only the entries it shows. The file names the size and CRC-32
of the catalogue it was made from; when they differ (an edited catalogue, $ERRCODE_CATALOG), the index
is built in memory instead. After editing data/codes.json, regenerate it:

    python -m errcodes_cli.index > data/search_index.json

tests/test_search.py fails while the file is out of date.
"""

from __future__ import annotations

import json
import os
import re
import sys
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from .catalog import PLACEHOLDER, Catalog, catalog_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

INDEX_FILE = "search_index.json"
INDEX_FORMAT = 7
_FIELDS_OPEN = b'\n"fields": [\n'
_CAMEL_HUMP = re.compile(r"([a-z0-9])([A-Z])")  # not a zero-width pattern: those are tried at every position
_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits

# Words that say nothing about which error it is: English function words, question words, and what
# every query about an API error says anyway (in Chinese too, as character pairs). Compared before
# stemming, on both sides.
FILLER = frozenset(
    """a about after again all also am an and any anyone are as at be been before being but by can cannot
    cant could did do does doesn don dont during each even ever for from get gets getting got had has have
    having he help her here him his how however i if im in into is isn it its ive just keep keeps me might
    more most my no nor not of off on once or other our out over please same she should so some still
    such than that the their them then there these they this those though through to too try trying tried
    under until us very via was wasn we were what when where whether which while who why will with
    without won would wouldn you your yours
    gave give gives giving made make makes making use used uses using want wanted wants

    api apis binance bug bugs code codes err error errors exception exceptions fail fails failed failing
    fix fixed fixing get issue issues message msg problem problems question resolve resolved solve
    solved solution working

    币安 报错 错误 问题 出现 怎么 如何 解决 失败 提示 请问 求助 接口 一直 为什 什么
    """.split()  # noqa: SIM905 - a word list reads best as text
)

# entry position, kind, message position (-1: none), number of terms, for a message or a name its
# terms in order, a placeholder as "*" (to tell a quoted message from the same words in another
# order), else "", and for a message of two or more words its words as written, filler included, a
# placeholder as "*" (to tell a message quoted word for word, or a run of it), else ""
Field = tuple[int, str, int, int, str, str]
EntryRow = tuple[str, int, str, str, bool, str]  # product, code, name ("" for none), category, common, meaning


class StoredFields:
    """The shipped index's fields, one JSON array per line of the file, each parsed when first read: a
    search reads the few hundred fields its terms are in, not all of the catalogue's."""

    def __init__(self, lines: list[bytes]) -> None:
        self._lines = lines
        self._read: dict[int, Field] = {}

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, at: int) -> Field:
        field = self._read.get(at)
        if field is None:
            e, kind, m, n, sequence, literal = json.loads(self._lines[at])
            field = self._read[at] = (e, kind, m, n, sequence, literal)
        return field

    def __iter__(self) -> Iterator[Field]:
        return (self[at] for at in range(len(self)))


@dataclass(frozen=True, eq=False)
class Index:
    """Entries, their fields, and for every term the fields that hold it."""

    products: tuple[str, ...]  # the catalogue's product order
    # product -> word sequences that name it, unstemmed: "optional" must not read as "option"
    product_words: dict[str, tuple[tuple[str, ...], ...]]
    entries: tuple[EntryRow, ...]  # meaning: Entry.meaning's label
    fields: tuple[Field, ...] | StoredFields
    postings: dict[str, Sequence[int]]  # term -> positions in `fields`, ascending
    named_only: frozenset[str] = frozenset()  # products a query must name to rank first (Product.named_only)
    # an exchangeInfo filter's name (PRICE_FILTER) -> the entries whose product's filter table says it causes them
    filters: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def meaning(self, order: int) -> tuple[int, str]:
        """The entry's Entry.meaning: its code and the label of what it means."""
        row = self.entries[order]
        return row[1], row[5]

    @cached_property
    def reach(self) -> Counter[tuple[int, str]]:
        """How many products list each meaning (a search tie-break: a general error is met more often)."""
        return Counter(self.meaning(order) for order in range(len(self.entries)))


# Traders' shorthand, read as the words the catalogue writes out, on both sides
SHORTHAND = {"tp": "take profit", "sl": "stop loss", "qty": "quantity", "amt": "amount", "tif": "time in force"}
# Chinese, Japanese and Korean are written without spaces: a run of their characters is read as its
# overlapping pairs (保证金不足: 保证 证金 金不 不足), as CJK search analysers do, so a phrase found
# inside a longer title matches
_CJK_RUN = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+)")


def words(text: str) -> list[str]:
    """Split text the way queries and fields are compared: lower-case runs of letters and digits, with
    CamelCase and snake_case split apart, SHORTHAND written out and CJK runs read as character pairs."""
    found = _WORD.findall(_CAMEL_HUMP.sub(r"\1 \2", text.replace("\u24c8", "S")).lower())
    return [part for word in found for part in _parts(word)]


def is_cjk(term: str) -> bool:
    """Whether a term is a pair (or a lone character) of Chinese, Japanese or Korean."""
    return _CJK_RUN.fullmatch(term) is not None


def _parts(word: str) -> list[str]:
    """One found word as the words compared: shorthand written out, a CJK run as its character pairs."""
    if word in SHORTHAND:
        return SHORTHAND[word].split()
    if word.isascii():
        return [word]
    parts: list[str] = []
    for piece in _CJK_RUN.split(word):
        if not _CJK_RUN.fullmatch(piece):
            parts += [piece] if piece else []
        else:
            parts += [piece[i : i + 2] for i in range(max(1, len(piece) - 1))]
    return parts


def written_words(text: str) -> list[str]:
    """Lower-case runs of letters and digits as written (timeInForce stays one word): what a quoted
    message is compared by, so a parameter's name is not read as three words of a message."""
    return _WORD.findall(text.replace("\u24c8", "S").lower())


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A word's English Snowball stem (digits and codes pass unchanged)."""
    return _stemmer().stemWord(word)  # type: ignore[no-any-return]


@cache
def _stemmer() -> Any:
    # PyStemmer: the Snowball algorithms in C; snowballstemmer's pure-Python package imports all
    # of its 30-odd languages to give one (12 ms of every search's start-up)
    import Stemmer  # type: ignore[import-not-found]

    return Stemmer.Stemmer("english")


def is_term(word: str) -> bool:
    return len(word) > 1 and word not in FILLER


def terms(text: str) -> list[str]:
    """The terms of a text: its words without filler, stemmed."""
    return [stem(w) for w in words(text) if is_term(w)]


def _entry_texts(catalog: Catalog, order: int) -> list[tuple[str, str, int]]:
    """(kind, text, message position) of every searchable text of one entry."""
    entry = catalog.entries[order]
    texts = [*(("name", name, -1) for name in entry.names or ("",)), ("summary", entry.summary, -1)]
    for position, m in enumerate(entry.messages):
        texts.append(("message", m.text, position))
        if m.note is not None:
            texts.append(("summary", m.note.summary, position))
    texts += [("keyword", k, -1) for k in entry.keywords]
    texts += [("phrase", p, -1) for p in entry.phrases]
    for name, rule in catalog.filters.get(entry.product, {}).items():
        if entry.code in rule.codes:
            texts.append(("filter", " ".join([name, *rule.fields]), -1))
    return texts


def _sequence(text: str) -> str:
    """A text's terms in order, each %s placeholder as "*" (none at the ends: a quote may stop there)."""
    pieces = [" ".join(terms(piece)) for piece in PLACEHOLDER.split(text)]
    return " * ".join(p for p in pieces if p).strip("* ")


def _literal(kind: str, text: str) -> str:
    """A message's words as written (filler included), each placeholder as "*", when it has two or more."""
    if kind != "message":
        return ""
    written = " * ".join(" ".join(written_words(piece)) for piece in PLACEHOLDER.split(text)).strip("* ")
    return written if len(written.split()) >= 2 else ""


@cache
def built_index(catalog: Catalog) -> Index:
    """The index of a catalogue, built in memory."""
    fields: list[Field] = []
    postings: dict[str, list[int]] = {}
    for order in range(len(catalog.entries)):
        for kind, text, position in _entry_texts(catalog, order):
            in_order = terms(text)
            if not in_order:
                continue
            for term in set(in_order):
                postings.setdefault(term, []).append(len(fields))
            sequence = _sequence(text) if kind in ("message", "name") else ""
            fields.append((order, kind, position, len(set(in_order)), sequence, _literal(kind, text)))
    entries = tuple((e.product, e.code, e.name or "", e.category, e.common, e.meaning[1]) for e in catalog.entries)
    product_words = {
        key: tuple(dict.fromkeys(tuple(words(phrase)) for phrase in p.query_words))
        for key, p in catalog.products.items()
    }
    order_of = {(e.product, e.code): order for order, e in enumerate(catalog.entries)}
    filters: dict[str, list[int]] = {}
    for product, rules in catalog.filters.items():
        for name, rule in rules.items():
            filters.setdefault(name, []).extend(order_of[product, code] for code in rule.codes)
    return Index(
        tuple(catalog.products),
        product_words,
        entries,
        tuple(fields),
        {term: tuple(at) for term, at in sorted(postings.items())},
        frozenset(key for key, p in catalog.products.items() if p.named_only),
        {name: tuple(sorted(set(orders))) for name, orders in sorted(filters.items())},
    )


@cache
def prebuilt_index() -> Index | None:
    """The shipped index, if it was made from the catalogue in use; else None."""
    path = catalog_path()
    try:
        with open(path, "rb") as catalogue, open(os.path.join(os.path.dirname(path), INDEX_FILE), "rb") as stored:
            made_from = _fingerprint(catalogue.read())
            data = stored.read()
        start = data.index(_FIELDS_OPEN) + len(_FIELDS_OPEN)  # main() writes the fields one per line
        end = data.index(b"\n]", start)
        document = json.loads(data[:start] + data[end:])  # all but the fields, which StoredFields reads
        if [document.get("format"), document.get("catalogue_size"), document.get("catalogue_crc32")] != [
            INDEX_FORMAT,
            *made_from,
        ]:
            return None
        return Index(
            tuple(document["products"]),
            {p: tuple(tuple(s) for s in seqs) for p, seqs in document["product_words"].items()},
            tuple((p, c, n, cat, common, meaning) for p, c, n, cat, common, meaning in document["entries"]),
            StoredFields(data[start:end].split(b",\n")),
            document["postings"],
            frozenset(document["named_only"]),
            {name: tuple(orders) for name, orders in document["filters"].items()},
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no usable file: the caller builds the index


def index_document(catalog: Catalog, catalogue: bytes) -> dict[str, Any]:
    """The index of `catalog` (parsed from the bytes `catalogue`) as the JSON document that is shipped."""
    index = built_index(catalog)
    size, crc = _fingerprint(catalogue)
    return {
        "about": "Generated from codes.json by `python -m errcodes_cli.index`; do not edit.",
        "format": INDEX_FORMAT,
        "catalogue_size": size,
        "catalogue_crc32": crc,
        "products": list(index.products),
        "product_words": {p: [list(s) for s in seqs] for p, seqs in index.product_words.items()},
        "named_only": sorted(index.named_only),
        "filters": {name: list(orders) for name, orders in index.filters.items()},
        "entries": [list(e) for e in index.entries],
        "fields": [list(f) for f in index.fields],
        "postings": {term: list(at) for term, at in index.postings.items()},
    }


def _fingerprint(data: bytes) -> list[int]:
    return [len(data), zlib.crc32(data)]


def main() -> None:
    """Print the index of the catalogue in use (see the module docstring), one item per line for readable diffs."""
    from .catalog import load_catalog

    with open(catalog_path(), "rb") as catalogue:
        data = catalogue.read()
    document = index_document(load_catalog(), data)
    lines = ["{"]
    for key, value in document.items():
        if isinstance(value, list) and value and isinstance(value[0], list):
            items = ",\n".join(json.dumps(item, ensure_ascii=False) for item in value)
            lines.append(f"{json.dumps(key)}: [\n{items}\n],")
        elif key == "postings":
            items = ",\n".join(f"{json.dumps(t, ensure_ascii=False)}: {json.dumps(at)}" for t, at in value.items())
            lines.append(f"{json.dumps(key)}: {{\n{items}\n}},")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines[-1] = lines[-1].rstrip(",")
    sys.stdout.write("\n".join([*lines, "}"]) + "\n")


if __name__ == "__main__":
    main()
