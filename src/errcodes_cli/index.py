"""What search scores: every searchable text of every entry as a set of words.

Building it means splitting some 4,000 texts, which costs a search more than the scoring does, and it
needs the whole catalogue built and checked first. So it is also pre-built from the catalogue and
shipped beside it (data/search_index.json); a search without a catalogue of its own reads that file,
scores, and then builds only the entries it shows. The file names the size and CRC-32 of the
catalogue it was made from; when they differ (an edited catalogue, $ERRCODE_CATALOG), the index is
built in memory instead. After editing data/codes.json, regenerate it:

    python -m errcodes_cli.index > data/search_index.json

tests/test_search.py fails while the file is out of date.
"""

from __future__ import annotations

import json
import os
import re
import sys
import zlib
from dataclasses import dataclass
from functools import cache

from .catalog import Catalog, catalog_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

INDEX_FILE = "search_index.json"
_CAMEL_HUMP = re.compile(r"([a-z0-9])([A-Z])")  # not a zero-width pattern: those are tried at every position
_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits

Field = tuple[int, str, int, frozenset[str]]  # entry position, kind, message position (-1: none), words


@dataclass(frozen=True)
class Index:
    products: tuple[str, ...]  # the catalogue's product order
    entries: tuple[tuple[str, int, str, bool], ...]  # per entry: product, code, category, common
    fields: tuple[Field, ...]
    vocabulary: tuple[str, ...]


def words(text: str) -> list[str]:
    """Split text the way queries and fields are compared: lower-case runs of letters and digits, with
    CamelCase and snake_case split apart."""
    return _WORD.findall(_CAMEL_HUMP.sub(r"\1 \2", text).lower())


@cache
def built_index(catalog: Catalog) -> Index:
    """The index of a catalogue, built in memory."""
    fields: list[Field] = []
    for order, entry in enumerate(catalog.entries):
        texts = [("name", entry.name or "", -1), ("summary", entry.summary, -1)]
        for position, m in enumerate(entry.messages):
            texts.append(("message", m.text, position))
            if m.note is not None:
                texts.append(("summary", m.note.summary, position))
        texts += [("keyword", k, -1) for k in entry.keywords]
        fields += [(order, kind, position, frozenset(words(text))) for kind, text, position in texts]
    entries = tuple((e.product, e.code, e.category, e.common) for e in catalog.entries)
    return _index(tuple(catalog.products), entries, tuple(fields))


@cache
def prebuilt_index() -> Index | None:
    """The shipped index, if it was made from the catalogue in use; else None."""
    path = catalog_path()
    try:
        with open(path, "rb") as catalogue, open(os.path.join(os.path.dirname(path), INDEX_FILE), "rb") as stored:
            made_from = _fingerprint(catalogue.read())
            document = json.loads(stored.read())
        if [document.get("catalogue_size"), document.get("catalogue_crc32")] != made_from:
            return None
        fields = tuple((e, kind, m, frozenset(text.split())) for e, kind, m, text in document["fields"])
        entries = tuple((p, c, cat, common) for p, c, cat, common in document["entries"])
        return _index(tuple(document["products"]), entries, fields)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no usable file: the caller builds the index


def index_document(catalog: Catalog, catalogue: bytes) -> dict[str, Any]:
    """The index of `catalog` (parsed from the bytes `catalogue`) as the JSON document that is shipped."""
    index = built_index(catalog)
    size, crc = _fingerprint(catalogue)
    return {
        "about": "Generated from codes.json by `python -m errcodes_cli.index`; do not edit.",
        "catalogue_size": size,
        "catalogue_crc32": crc,
        "products": list(index.products),
        "entries": [list(e) for e in index.entries],
        "fields": [[e, kind, m, " ".join(sorted(ws))] for e, kind, m, ws in index.fields],
    }


def _index(products: tuple[str, ...], entries: tuple[tuple[str, int, str, bool], ...], fields: tuple[Field, ...]) -> Index:
    return Index(products, entries, fields, tuple(sorted(frozenset().union(*(f[3] for f in fields)))))


def _fingerprint(data: bytes) -> list[int]:
    return [len(data), zlib.crc32(data)]


def main() -> None:
    """Print the index of the catalogue in use (see the module docstring)."""
    from .catalog import load_catalog

    with open(catalog_path(), "rb") as catalogue:
        data = catalogue.read()
    document = index_document(load_catalog(), data)
    lines = ["{"]
    for key, value in document.items():
        if isinstance(value, list) and value and isinstance(value[0], list):  # one item per line: readable diffs
            items = ",\n".join(json.dumps(item, ensure_ascii=False) for item in value)
            lines.append(f"{json.dumps(key)}: [\n{items}\n],")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines[-1] = lines[-1].rstrip(",")
    sys.stdout.write("\n".join([*lines, "}"]) + "\n")


if __name__ == "__main__":
    main()
