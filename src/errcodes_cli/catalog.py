"""The error catalogue: data model, loading and validation of data/codes.json, lookup by code or name.

The JSON file is the one source of truth; everything here is derived from it when it is first needed.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cache

from .errors import CatalogError, UnknownProductError

TYPE_CHECKING = False

if TYPE_CHECKING:  # typing costs a lookup's start-up ~10 ms; annotations are strings anyway
    from typing import Any, NoReturn

SCHEMA_VERSION = 2
CATALOG_ENV = "ERRCODE_CATALOG"

VENUES = ("binance", "aster")  # message sources are named after the venue that publishes the list
_VENUE_SET = frozenset(VENUES)


class ClosedSet(str, Enum):
    """A closed set of words: compares, hashes, prints and serialises as its value."""

    __str__ = str.__str__
    __format__ = str.__format__  # type: ignore[assignment]


class Retry(ClosedSet):
    """Whether and when a request that got this error may be sent again."""

    NO = "no"
    AFTER_FIX = "after-fix"
    BACKOFF = "backoff"
    CHECK_STATUS_FIRST = "check-status-first"


class Category(ClosedSet):
    SERVER = "server"
    RATE_LIMIT = "rate-limit"
    AUTH = "auth"
    TIMING = "timing"
    REQUEST = "request"
    FILTER = "filter"
    ORDER = "order"
    POSITION = "position"
    MARGIN = "margin"
    LEVERAGE = "leverage"
    ACCOUNT = "account"


RETRY_VERDICTS = tuple(r.value for r in Retry)
CATEGORIES = tuple(c.value for c in Category)

# Minus signs people paste from web pages and PDFs, besides ASCII '-'.
_MINUS_SIGNS = "\u2212\u2013\u2014\ufe63\uff0d"
_CODE_RE = re.compile(rf"^[-{_MINUS_SIGNS}+]?\d{{1,6}}$")
PLACEHOLDER = re.compile(r"%[sdb]|\{\d\}")  # a few SAPI messages write theirs as {0}
_NAME_SEPARATORS = re.compile(r"[\s_\-]+")
_MIN_PARTIAL_NAME = 3
PASTED_WRAPPING = "\"'`()[]{}<>,;.!?"  # what comes with a value copied out of a response or a log
# The fields an entry writes in its own words; an entry with `same_as` takes them from another product.
OWN_WORDS = (
    "category",
    "http_status",
    "summary",
    "explanation",
    "fixes",
    "retry",
    "related",
    "keywords",
    "phrases",
    "common",
)
API_PLACEHOLDER = "{api}"
_API_PATH = re.compile(r"/[a-z]?api/v\d+/[\w/.-]*\w")  # a literal "/" first: re scans for it quickly
_METHOD_BEFORE = re.compile(r"\b(GET|POST|PUT|DELETE)\s+$")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # a date as the catalogue writes it
_API_PREFIXES = frozenset(("fapi", "dapi", "api", "sapi", "eapi", "papi"))
ENDPOINT = re.compile(r"(?:GET|POST|PUT|DELETE) /(?:fapi|dapi|api|sapi|eapi|papi)/v\d+/[\w/.-]*\w")
FILTER_FAILURE = "Filter failure: "  # how spot's messages name the filter an order broke


@dataclass(frozen=True)
class Product:
    """An API family: its key (usdm), its title, the REST prefix `{api}` stands for in shared text, the
    words that name it in a search query (futures, spot, coin-m ...) and each venue's error-code page."""

    key: str
    title: str
    api: str
    query_words: tuple[str, ...] = ()
    error_pages: Mapping[str, str] = field(default_factory=dict)  # venue -> its official error-code page
    # diagnose infers a code from this product's wording, when the line writes none, only if the input
    # names the product (a path, a host): its lists repeat the main products' wording (options' -1008
    # ban message is spot's old -1003 one), and a log that names no product is far likelier theirs
    named_only: bool = False


@dataclass(frozen=True)
class Note:
    """What one particular message means, for codes whose messages say more than the code does."""

    summary: str
    explanation: str
    fixes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.summary, "explanation": self.explanation, "fixes": list(self.fixes)}


@dataclass(frozen=True)
class Message:
    """One documented wording of an error message, and the lists it appears in."""

    text: str
    sources: tuple[str, ...]
    params: tuple[str, ...] = ()  # names for the %s/%d/%b placeholders, in order
    note: Note | None = None
    # the day its list stopped printing this wording (None while it does): older logs and threads carry it
    until: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "sources": list(self.sources),
            "params": list(self.params),
            "note": self.note.to_dict() if self.note else None,
            "until": self.until,
        }


@dataclass(frozen=True)
class SymbolFilter:
    """An exchangeInfo symbol filter: the fields to read and the rule they set."""

    name: str
    fields: tuple[str, ...]
    codes: tuple[int, ...]
    check: str
    fixes: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()  # the doc pages that define it


@dataclass(frozen=True)
class Entry:
    """One error code of one product, with its explanation."""

    product: str
    code: int  # negative, except portfolio margin's 51xxx codes, which its list prints without a minus
    name: str | None  # a few codes are documented without a name
    category: Category
    summary: str
    explanation: str
    fixes: tuple[str, ...]
    retry: Retry
    http_status: int | None
    related: tuple[int, ...]
    keywords: tuple[str, ...]
    messages: tuple[Message, ...]
    phrases: tuple[str, ...] = ()  # how users describe the error in their own words, for search
    common: bool = False  # seen often in real bot logs; ranks first among near-equal search hits
    same_as: str | None = None  # the product whose text this entry shares
    other_names: tuple[str, ...] = ()  # more names its list gives the code (portfolio margin pro's -5012)
    # where its facts come from: its venue's official error-code page of its product first, then the
    # doc pages of the endpoints its text names and the public threads behind its observations
    refs: tuple[str, ...] = ()

    @property
    def meaning(self) -> tuple[int, str]:
        """What the code means, as a key: one code with one documented name means the same on every
        product (a name-less code, what its own or its `same_as` product's text says)."""
        return (self.code, self.name or self.same_as or self.product)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name its list gives the code, the first one first."""
        return (self.name, *self.other_names) if self.name else ()

    @property
    def venues(self) -> tuple[str, ...]:
        """Where the code is published: the venues whose lists carry one of its messages."""
        return tuple(v for v in VENUES if any(v in m.sources for m in self.messages))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "code",
            "product": self.product,
            "venues": list(self.venues),
            "same_as": self.same_as,
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "summary": self.summary,
            "explanation": self.explanation,
            "fixes": list(self.fixes),
            "retry": self.retry,
            "http_status": self.http_status,
            "related": list(self.related),
            "keywords": list(self.keywords),
            "phrases": list(self.phrases),
            "common": self.common,
            "messages": [m.to_dict() for m in self.messages],
            "refs": list(self.refs),
            "other_names": list(self.other_names),
        }


@dataclass(frozen=True)
class HttpStatus:
    """What an HTTP status means on Binance-style APIs."""

    status: int
    name: str
    summary: str
    explanation: str
    fixes: tuple[str, ...]
    retry: Retry
    related: tuple[int, ...]
    keywords: tuple[str, ...]
    messages: tuple[str, ...] = ()  # the message of a body Binance sends with this status and code 0, verbatim
    refs: tuple[str, ...] = ()  # where the facts come from

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "http",
            "status": self.status,
            "name": self.name,
            "summary": self.summary,
            "explanation": self.explanation,
            "fixes": list(self.fixes),
            "retry": self.retry,
            "related": list(self.related),
            "keywords": list(self.keywords),
            "messages": list(self.messages),
            "refs": list(self.refs),
        }


@dataclass(frozen=True, eq=False)
class Catalog:
    """The loaded catalogue with its lookup indexes."""

    version: str
    updated: str
    products: Mapping[str, Product]  # in the catalogue's order: usdm, the seed's product, first
    sources: Mapping[str, str]
    retry_verdicts: Mapping[str, str]
    entries: tuple[Entry, ...]
    http_statuses: tuple[HttpStatus, ...]
    filters: Mapping[str, Mapping[str, SymbolFilter]]
    _by_code: dict[int, list[Entry]] = field(default_factory=dict, repr=False, compare=False)
    _by_name: dict[str, list[Entry]] = field(default_factory=dict, repr=False, compare=False)
    positive_codes: set[int] = field(default_factory=set, repr=False, compare=False)  # portfolio margin's 51xxx
    _rank: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    # built on first use: messages without placeholders by their key, the others as patterns
    _by_message: dict[str, list[Entry]] = field(default_factory=dict, repr=False, compare=False)
    _message_patterns: list[tuple[re.Pattern[str], Entry]] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._rank.update((p, i) for i, p in enumerate(self.products))
        for entry in sorted(self.entries, key=self.rank):
            self._by_code.setdefault(entry.code, []).append(entry)
            if entry.code > 0:
                self.positive_codes.add(entry.code)
            for name in entry.names:
                self._by_name.setdefault(normalize_name(name), []).append(entry)

    def by_code(self, code: int) -> list[Entry]:
        return list(self._by_code.get(code, ()))

    def by_name(self, name: str) -> list[Entry]:
        return list(self._by_name.get(normalize_name(name), ()))

    def by_partial_name(self, fragment: str) -> list[Entry]:
        key = normalize_name(fragment)
        if len(key) < _MIN_PARTIAL_NAME:
            return []
        found = [e for e in self.entries if any(key in normalize_name(n) for n in e.names)]
        return sorted(found, key=self.rank)

    def by_message(self, text: str) -> list[Entry]:
        """Entries with this documented message, its %s values filled in or not; case, spacing and
        the closing full stop do not matter."""
        key = _message_key(text)
        if not key:
            return []
        if not (self._by_message or self._message_patterns):
            for entry in sorted(self.entries, key=self.rank):
                for m in entry.messages:
                    documented = _message_key(m.text)
                    if PLACEHOLDER.search(documented):
                        parts = (re.escape(p) for p in PLACEHOLDER.split(documented))
                        self._message_patterns.append((re.compile(".+?".join(parts)), entry))
                    else:
                        self._by_message.setdefault(documented, []).append(entry)
        found = self._by_message.get(key, []) + [
            entry for pattern, entry in self._message_patterns if pattern.fullmatch(key)
        ]
        return sorted(dict.fromkeys(found), key=self.rank)

    def rank(self, entry: Entry) -> int:
        """Where the entry's product comes in the catalogue's order (usdm first): how lists are sorted."""
        return self._rank[entry.product]

    def check_product(self, product: str | None) -> None:
        """Refuse a product the catalogue does not have, naming the ones it has."""
        if product is not None and product not in self.products:
            raise UnknownProductError(product, self.products)

    @functools.cached_property
    def unnamed_products(self) -> tuple[str, ...]:
        """The products an error is read as when the input names none (see Product.named_only); asked
        for on every line without a code, so worked out once."""
        return tuple(key for key, p in self.products.items() if not p.named_only)

    def title(self, product: str) -> str:
        known = self.products.get(product)
        return known.title if known else product

    def http_status(self, status: int) -> HttpStatus | None:
        return next((h for h in self.http_statuses if h.status == status), None)


@dataclass(frozen=True, eq=False)
class CatalogSlice(Catalog):
    """The entries of some codes only, built without checking the rest: what a lookup of codes (and
    the rows a search shows) needs, at a fraction of the start-up cost. Asked for a code it was not
    built with, or by name or message, it raises LookupError instead of silently finding nothing."""

    codes: frozenset[int] = frozenset()

    def by_code(self, code: int) -> list[Entry]:
        if code not in self.codes:
            raise LookupError(f"this catalogue slice holds codes {sorted(self.codes)}, not {code}")
        return super().by_code(code)

    def by_name(self, name: str) -> list[Entry]:
        raise LookupError("a catalogue slice answers codes only")

    def by_partial_name(self, fragment: str) -> list[Entry]:
        return self.by_name(fragment)

    def by_message(self, text: str) -> list[Entry]:
        return self.by_name(text)


def _message_key(text: str) -> str:
    return " ".join(text.split()).strip(" .").casefold()


def normalize_name(name: str) -> str:
    """Names match case-insensitively, with '_', '-' and spaces alike: min-notional == MIN_NOTIONAL."""
    return _NAME_SEPARATORS.sub("_", name.strip()).upper()


def codes_of(number: int) -> tuple[int, int]:
    """The codes a number typed without regard to its sign stands for: -N, as nearly every code is
    negative, and N, as portfolio margin prints its 51xxx codes (one library adds a minus to them)."""
    return (-number, number)


def parse_number(token: str) -> tuple[int, bool] | None:
    """Read '-4164', '4164', '\u22124164' or '418' as (number, had_sign); None if it is not a number."""
    token = token.strip()
    if not _CODE_RE.match(token):
        return None
    signed = token[0] in "-" + _MINUS_SIGNS
    digits = token.lstrip("+-" + _MINUS_SIGNS)
    return int(digits), signed


def catalog_path() -> str:
    """Where the catalogue is read from: $ERRCODE_CATALOG, the installed package, or the source checkout.

    A wheel carries the file inside the package; an editable install runs from the checkout, whose
    top-level data/codes.json is the same file. (os.path, not pathlib: this runs on every start.)
    """
    override = os.environ.get(CATALOG_ENV)
    if override:
        return override
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "data", "codes.json")
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(here))), "data", "codes.json")


def load_catalog(path: str | os.PathLike[str] | None = None) -> Catalog:
    """Load and validate the whole catalogue (from catalog_path() by default), once per process and file."""
    return _load(str(path or catalog_path()))


def load_slice(codes: frozenset[int], path: str | os.PathLike[str] | None = None) -> CatalogSlice:
    """Load only the entries with these codes (see CatalogSlice), once per process, file and set of codes."""
    return _load_slice(codes, str(path or catalog_path()))


@cache
def _load(path: str) -> Catalog:
    return build_catalog(_read(path), origin=path)


@cache
def _load_slice(codes: frozenset[int], path: str) -> CatalogSlice:
    from . import pieces

    built = build_catalog(pieces.read(path, codes) or _read(path), origin=path, codes=codes)
    assert isinstance(built, CatalogSlice)
    return built


def _read(path: str | os.PathLike[str]) -> Any:
    try:
        with open(path, "rb") as handle:
            return json.loads(handle.read())
    except FileNotFoundError:
        raise CatalogError(f"catalogue not found: {path}") from None
    except (OSError, ValueError) as exc:
        raise CatalogError(f"catalogue unreadable: {path}: {exc}") from None


def build_catalog(raw: Any, origin: str = "catalogue", codes: frozenset[int] | None = None) -> Catalog:
    """Validate the parsed JSON document and turn it into a Catalog; raise CatalogError naming the fault.

    With `codes`, only the entries with those codes are built and checked, and the checks across
    entries are left out: the direct lookup route (launch.py) prints a few entries, and checking all of
    them would cost it more than the lookup itself. Every other route checks the whole file.
    """
    check = _Checker(origin)
    check.that(isinstance(raw, dict), "", "must be a JSON object")
    check.that(raw.get("schema_version") == SCHEMA_VERSION, "schema_version", f"must be {SCHEMA_VERSION}")
    products = {
        key: Product(
            key,
            check.text(item, "title", f"products.{key}"),
            check.text(item, "api", f"products.{key}"),
            check.texts(item, "query_words", f"products.{key}") if "query_words" in item else (),
            _pages(check, item, f"products.{key}"),
            _flag(check, item, "named_only", f"products.{key}"),
        )
        for key, item in check.mapping(raw, "products", of=dict).items()
    }
    sources = check.mapping(raw, "sources")
    check.that(set(sources) == set(VENUES), "sources", f"must describe {VENUES}")
    verdicts = check.mapping(raw, "retry_verdicts")
    check.that(set(verdicts) == set(RETRY_VERDICTS), "retry_verdicts", f"must describe {RETRY_VERDICTS}")
    filters = {
        product: {name: _filter(check, f"filters.{product}.{name}", name, item) for name, item in by_name.items()}
        # a slice holds the filters of its entries' products only (pieces.py): none, for a status lookup
        for product, by_name in check.mapping(raw, "filters", of=dict, allow_empty=codes is not None).items()
    }
    check.that(set(filters) <= set(products), "filters", "unknown product")
    notes = _notes(check, raw.get("message_notes", {}), products, filters)
    items = [
        (i, item)
        for i, item in enumerate(check.items(raw, "entries"))
        if codes is None or not isinstance(item, dict) or item.get("code") in codes
    ]
    own = {(i.get("product"), i.get("code")): i for _, i in items if isinstance(i, dict) and "same_as" not in i}
    endpoints = _endpoints(check, raw)
    entries = tuple(_entry(check, f"entries[{i}]", item, products, own, notes, endpoints) for i, item in items)
    statuses = tuple(
        _http(check, f"http_statuses[{i}]", item) for i, item in enumerate(check.items(raw, "http_statuses"))
    )
    if codes is None:
        _check_across(check, entries, statuses, products, notes)
    kind = Catalog if codes is None else functools.partial(CatalogSlice, codes=codes)
    return kind(
        version=check.text(raw, "catalog_version", ""),
        updated=check.text(raw, "updated", ""),
        products=products,
        sources=sources,
        retry_verdicts=verdicts,
        entries=entries,
        http_statuses=statuses,
        filters=filters,
    )


def _check_across(
    check: _Checker,
    entries: tuple[Entry, ...],
    statuses: tuple[HttpStatus, ...],
    products: Mapping[str, Product],
    notes: Mapping[tuple[str, str], Note],
) -> None:
    """What no single entry can check: uniqueness, related codes, notes that match a message."""
    duplicates = sorted(k for k, n in Counter((e.product, e.code) for e in entries).items() if n > 1)
    check.that(not duplicates, "entries", f"(product, code) repeated: {duplicates}")
    codes_by_product = {p: {e.code for e in entries if e.product == p} for p in products}
    for i, entry in enumerate(entries):
        missing = [c for c in entry.related if c not in codes_by_product[entry.product]]
        check.that(not missing, f"entries[{i}].related", f"codes not in {entry.product}: {missing}")
    messages = {(e.product, m.text) for e in entries for m in e.messages}
    unused = sorted(f"{p}: {t}" for p, t in notes if (p, t) not in messages and not t.startswith(FILTER_FAILURE))
    check.that(not unused, "message_notes", f"notes for messages no entry has: {unused}")
    all_codes = {e.code for e in entries}
    for i, status in enumerate(statuses):
        missing = [c for c in status.related if c not in all_codes]
        check.that(not missing, f"http_statuses[{i}].related", f"unknown codes: {missing}")


def _notes(
    check: _Checker, raw: Any, products: Mapping[str, Product], filters: Mapping[str, Mapping[str, SymbolFilter]]
) -> dict[tuple[str, str], Note]:
    """Per (product, message text): the written message notes, and one for every "Filter failure: X" a filter explains."""
    check.that(isinstance(raw, dict) and set(raw) <= set(products), "message_notes", "must map known products to notes")
    notes: dict[tuple[str, str], Note] = {}
    for product, by_text in raw.items():
        check.that(isinstance(by_text, dict), f"message_notes.{product}", "must be an object")
        for text, item in by_text.items():
            where = f"message_notes.{product}[{text!r}]"
            check.that(isinstance(item, dict), where, "must be an object")
            notes[(product, text)] = Note(
                check.text(item, "summary", where),
                check.text(item, "explanation", where),
                check.texts(item, "fixes", where),
            )
    for product, by_name in filters.items():
        for name, rule in by_name.items():
            if rule.fixes:
                fields = ", ".join(f"`{f}`" for f in rule.fields)
                explanation = f"The {name} filter of the symbol (or of the exchange) in GET {products[product].api}/exchangeInfo sets {fields}; the order broke its rule."
                notes[(product, f"{FILTER_FAILURE}{name}")] = Note(rule.check, explanation, rule.fixes)
    return notes


def _entry(
    check: _Checker,
    where: str,
    item: Any,
    products: Mapping[str, Product],
    own: Mapping[tuple[Any, Any], Any],
    notes: Mapping[tuple[str, str], Note],
    endpoints: Mapping[str, Mapping[str, str]],
) -> Entry:
    check.that(isinstance(item, dict), where, "must be an object")
    product = check.text(item, "product", where)
    check.that(product in products, f"{where}.product", f"unknown product {product!r}")
    code = item.get("code")
    check.that(isinstance(code, int) and not isinstance(code, bool), f"{where}.code", "must be an integer")
    messages = tuple(
        _message(
            check,
            f"{where}.messages[{j}]",
            m,
            notes.get((product, str(m.get("text"))) if isinstance(m, dict) else ("", "")),
        )
        for j, m in enumerate(check.items(item, "messages", where))
    )
    texts = [m.text for m in messages]
    check.that(len(texts) == len(set(texts)), f"{where}.messages", "a message text appears twice")
    same_as = item.get("same_as")
    words = item
    if same_as is not None:
        copied = sorted(k for k in OWN_WORDS if k in item)
        check.that(not copied, where, f"shares its text with {same_as!r}, so it must not repeat {copied}")
        words = own.get((same_as, code))
        check.that(
            same_as != product and words is not None, f"{where}.same_as", f"no own-words {same_as} entry for {code}"
        )
    common = words.get("common", False)
    check.that(isinstance(common, bool), f"{where}.common", "must be true or false")
    http_status = words.get("http_status")
    check.that(
        http_status is None or isinstance(http_status, int), f"{where}.http_status", "must be an integer or null"
    )
    api = products[product].api
    summary = check.text(words, "summary", where).replace(API_PLACEHOLDER, api)
    explanation = check.text(words, "explanation", where).replace(API_PLACEHOLDER, api)
    fixes = tuple(f.replace(API_PLACEHOLDER, api) for f in check.texts(words, "fixes", where))
    venues = tuple(v for v in VENUES if any(v in m.sources for m in messages))
    pages = products[product].error_pages
    official = next((pages[v] for v in venues if v in pages), None)
    check.that(official is not None, where, f"no error-code page of {product} for {venues}")
    own_refs = check.texts(item, "refs", where) if "refs" in item else ()
    check.that(all(r.startswith("https://") for r in own_refs), f"{where}.refs", "must be https URLs")
    endpoint_pages = endpoint_refs("\n".join((summary, explanation, *fixes)), endpoints)  # one scan, not one per text
    return Entry(
        product=product,
        code=code,
        name=check.optional_text(item, "name", where),
        other_names=check.texts(item, "other_names", where) if "other_names" in item else (),
        category=Category(check.choice(words, "category", where, CATEGORIES)),
        summary=summary,
        explanation=explanation,
        fixes=fixes,
        retry=Retry(check.choice(words, "retry", where, RETRY_VERDICTS)),
        http_status=http_status,
        related=check.ints(words, "related", where),
        keywords=check.texts(words, "keywords", where, allow_empty=True),
        phrases=check.texts(words, "phrases", where, allow_empty=True) if "phrases" in words else (),
        messages=messages,
        common=common,
        same_as=same_as,
        refs=tuple(dict.fromkeys((str(official), *endpoint_pages, *own_refs))),
    )


def _endpoints(check: _Checker, raw: Any) -> dict[str, dict[str, str]]:
    """The catalogue's "METHOD /path" -> doc page URL, as path -> method -> URL."""
    endpoints = check.mapping(raw, "endpoints")
    bad = sorted(k for k, url in endpoints.items() if not ENDPOINT.fullmatch(k) or not url.startswith("https://"))
    check.that(not bad, "endpoints", f"must map 'METHOD /path' to https URLs: {bad}")
    by_path: dict[str, dict[str, str]] = {}
    for key, url in endpoints.items():
        method, _, path = key.partition(" ")
        by_path.setdefault(path, {})[method] = url
    return by_path


def named_endpoints(text: str) -> list[tuple[str | None, str]]:
    """The REST endpoints a text names, in order: (method or None when it gives none, path). A path
    written with a closing slash names a family of endpoints (`/sapi/v1/simple-earn/`), not one."""
    named: list[tuple[str | None, str]] = []
    for found in _API_PATH.finditer(text) if "api/v" in text else ():
        start = found.start()
        if found.group(0).split("/")[1] not in _API_PREFIXES or (start and text[start - 1].isalnum()):
            continue
        if text[found.end() : found.end() + 1] == "/":
            continue
        method = _METHOD_BEFORE.search(text, max(0, start - 8), start)
        named.append((method.group(1) if method else None, found.group(0)))
    return named


def endpoint_refs(text: str, pages_by_path: Mapping[str, Mapping[str, str]]) -> list[str]:
    """The doc pages of the endpoints a text names: the named method's, or every method's of a bare path."""
    pages: list[str] = []
    for method, path in named_endpoints(text):
        by_method = pages_by_path.get(path, {})
        if method is None:
            pages += by_method.values()
        elif method in by_method:
            pages.append(by_method[method])
    return pages


def _flag(check: _Checker, item: Mapping[str, Any], key: str, where: str) -> bool:
    value = item.get(key, False)
    check.that(isinstance(value, bool), f"{where}.{key}", "must be true or false")
    return bool(value)


def _pages(check: _Checker, item: Mapping[str, Any], where: str) -> dict[str, str]:
    """A product's official error-code page per venue (https URLs)."""
    pages = check.mapping(item, "error_pages")
    check.that(set(pages) <= set(VENUES), f"{where}.error_pages", f"must be among {VENUES}")
    bad = sorted(v for v, url in pages.items() if not url.startswith("https://"))
    check.that(not bad, f"{where}.error_pages", f"must be https URLs: {bad}")
    return pages


def _message(check: _Checker, where: str, item: Any, note: Note | None) -> Message:
    check.that(isinstance(item, dict), where, "must be an object")
    sources = check.texts(item, "sources", where)
    check.that(_VENUE_SET.issuperset(sources), f"{where}.sources", f"must be among {VENUES}")
    text = check.text(item, "text", where)
    params = check.texts(item, "params", where, allow_empty=True) if "params" in item else ()
    placeholders = len(PLACEHOLDER.findall(text))
    check.that(len(params) == placeholders, f"{where}.params", f"must name its {placeholders} placeholder(s)")
    until = check.text(item, "until", where) if "until" in item else None
    check.that(until is None or _DAY.fullmatch(until) is not None, f"{where}.until", "must be a YYYY-MM-DD date")
    return Message(text=text, sources=sources, params=params, note=note, until=until)


def _filter(check: _Checker, where: str, name: str, item: Any) -> SymbolFilter:
    check.that(isinstance(item, dict), where, "must be an object")
    fixes = check.texts(item, "fixes", where) if "fixes" in item else ()
    refs = check.texts(item, "refs", where) if "refs" in item else ()
    check.that(all(r.startswith("https://") for r in refs), f"{where}.refs", "must be https URLs")
    return SymbolFilter(
        name,
        check.texts(item, "fields", where),
        check.ints(item, "codes", where),
        check.text(item, "check", where),
        fixes,
        refs,
    )


def _http(check: _Checker, where: str, item: Any) -> HttpStatus:
    check.that(isinstance(item, dict), where, "must be an object")
    status = item.get("status")
    check.that(isinstance(status, int) and 100 <= status <= 599, f"{where}.status", "must be an HTTP status")
    return HttpStatus(
        status=status,
        name=check.text(item, "name", where),
        summary=check.text(item, "summary", where),
        explanation=check.text(item, "explanation", where),
        fixes=check.texts(item, "fixes", where),
        retry=Retry(check.choice(item, "retry", where, RETRY_VERDICTS)),
        related=check.ints(item, "related", where),
        keywords=check.texts(item, "keywords", where, allow_empty=True),
        messages=check.texts(item, "messages", where) if "messages" in item else (),
        refs=check.texts(item, "refs", where) if "refs" in item else (),
    )


class _Checker:
    """Small validation helpers that raise CatalogError with the JSON path of the first fault.

    Every check runs on every start, so a passing check builds no strings: paths are made on failure.
    """

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def that(self, condition: bool, where: str, problem: str) -> None:
        if not condition:
            self.fail(where, problem)

    def fail(self, where: str, problem: str) -> NoReturn:
        raise CatalogError(f"{self.origin}: {where or 'document'}: {problem}")

    def _get(self, item: Mapping[str, Any], key: str, where: str) -> Any:
        if key not in item:
            self.fail(_path(where, key), "is missing")
        return item[key]

    def text(self, item: Mapping[str, Any], key: str, where: str) -> str:
        value = self._get(item, key, where)
        if not (isinstance(value, str) and value.strip()):
            self.fail(_path(where, key), "must be a non-empty string")
        return value

    def optional_text(self, item: Mapping[str, Any], key: str, where: str) -> str | None:
        return None if item.get(key, "") is None else self.text(item, key, where)

    def choice(self, item: Mapping[str, Any], key: str, where: str, allowed: tuple[str, ...]) -> str:
        value = self.text(item, key, where)
        if value not in allowed:
            self.fail(_path(where, key), f"{value!r} is not one of {allowed}")
        return value

    def texts(self, item: Mapping[str, Any], key: str, where: str, allow_empty: bool = False) -> tuple[str, ...]:
        value = self._get(item, key, where)
        if not isinstance(value, list):
            self.fail(_path(where, key), "must be a list")
        if not (allow_empty or value):
            self.fail(_path(where, key), "must not be empty")
        try:  # map and all run in C: this check runs on every list of every entry, on every start
            blank = not all(map(str.strip, value))
        except TypeError:  # an item that is no string
            blank = True
        if blank:
            self.fail(_path(where, key), "must hold non-empty strings")
        return tuple(value)

    def ints(self, item: Mapping[str, Any], key: str, where: str) -> tuple[int, ...]:
        value = self._get(item, key, where)
        if not (isinstance(value, list) and all(isinstance(v, int) for v in value)):
            self.fail(_path(where, key), "must be a list of integers")
        return tuple(value)

    def items(self, item: Mapping[str, Any], key: str, where: str = "") -> list[Any]:
        value = self._get(item, key, where)
        if not isinstance(value, list):
            self.fail(_path(where, key), "must be a list")
        return value

    def mapping(self, item: Mapping[str, Any], key: str, of: type = str, allow_empty: bool = False) -> dict[str, Any]:
        value = self._get(item, key, "")
        self.that(isinstance(value, dict) and (allow_empty or bool(value)), key, "must be a non-empty object")
        self.that(all(isinstance(v, of) for v in value.values()), key, f"values must be {of.__name__} values")
        return dict(value)


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


class LookupKind(ClosedSet):
    """How a lookup read its query."""

    CODE = "code"
    HTTP = "http"
    NAME = "name"
    MESSAGE = "message"
    PARTIAL_NAME = "partial-name"
    NONE = "none"


@dataclass(frozen=True)
class Lookup:
    """The answer to one query: how it was read and what it found."""

    query: str
    how: LookupKind
    entries: tuple[Entry, ...] = ()
    http: HttpStatus | None = None

    @property
    def found(self) -> bool:
        return bool(self.entries) or self.http is not None

    def results(self) -> list[dict[str, Any]]:
        """The JSON results for this query: one per entry, or the HTTP status."""
        if self.http is not None:
            return [self.http.to_dict()]
        return [e.to_dict() for e in self.entries]


def pasted_number(token: str) -> tuple[int, bool] | None:
    """parse_number, forgiving what comes with a value copied out of a response or a log: quotes,
    brackets and trailing punctuation (`"-4164"`, `(-4164)`, `-4164,`) and a key before it (`code=-4164`,
    `"code":-4164`)."""
    core = token.strip().strip(PASTED_WRAPPING)
    number = parse_number(core)
    if number is None and ("=" in core or ":" in core):
        number = parse_number(core.replace(":", "=").rpartition("=")[2].strip(PASTED_WRAPPING))
    return number


def lookup(query: str | int, catalog: Catalog | None = None, product: str | None = None) -> Lookup:
    """Find a query as a code (-4164, 4164, or the int a client library's exception holds), an HTTP
    status (418), an exact name, a documented message, or a partial name.

    A bare 3-digit number is an HTTP status when the catalogue explains it; codes are negative and
    usually 4 digits, and a missing minus sign is forgiven; the few positive codes (portfolio margin's
    51xxx) are found with a minus or without (codes_of). Entries come in product order (usdm first);
    with `product`, only that product's (an unknown product raises UnknownProductError, a ValueError).
    """
    catalog = catalog or load_catalog()
    catalog.check_product(product)
    if isinstance(query, int):
        query = str(query)

    def of_product(entries: list[Entry]) -> tuple[Entry, ...]:
        return tuple(e for e in entries if product is None or e.product == product)

    number = pasted_number(query)
    if number is not None:
        value, signed = number
        if not signed and 100 <= value <= 599:
            status = catalog.http_status(value)
            if status is not None:
                return Lookup(query, LookupKind.HTTP, http=status)
        entries = of_product([e for code in codes_of(value) for e in catalog.by_code(code)])
        return Lookup(query, LookupKind.CODE if entries else LookupKind.NONE, entries)
    for how, finder in (
        (LookupKind.NAME, catalog.by_name),
        (LookupKind.MESSAGE, catalog.by_message),
        (LookupKind.PARTIAL_NAME, catalog.by_partial_name),
    ):
        found = of_product(finder(query.strip().strip(PASTED_WRAPPING) if how is LookupKind.NAME else query))
        if found:
            return Lookup(query, how, found)
    return Lookup(query, LookupKind.NONE)
