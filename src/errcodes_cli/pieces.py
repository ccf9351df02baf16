"""Byte spans of data/codes.json's parts, so a lookup of a few codes parses only what it shows.

A lookup (`errcode -4164`) and the rows a search shows need the catalogue's small sections (products,
filters, endpoints ...) and the entries of a few codes; parsing the whole file, six products' entries,
costs more than the rest of the lookup. So the byte span of every top-level section and of every
entry is generated beside the catalogue (data/codes_pieces.json, keyed by code) and a lookup reads
just those spans. The file names the catalogue's size; a catalogue of another size, or a span that
does not hold what it should, is read whole instead. After editing data/codes.json, regenerate it:

    python -m errcodes_cli.pieces > data/codes_pieces.json

tests/test_catalog.py fails while the file is out of date.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

PIECES_FILE = "codes_pieces.json"
PIECES_FORMAT = 1
_ENTRIES = "entries"
PER_PRODUCT = ("filters", "message_notes")  # sections keyed by product: a lookup reads its products' only
_DECODER = json.JSONDecoder()


def spans(data: bytes) -> dict[str, Any]:
    """The byte span [start, end) of every top-level section of the catalogue, of each product's filters
    and message notes, and of every entry, by code."""
    # latin-1 gives one character per byte, so offsets into the text are offsets into the file: JSON's
    # structure is ASCII, and only keys and codes, ASCII too, are read here
    text = data.decode("latin-1")
    sections = dict(_members(text, text.index("{")))
    codes: dict[str, list[list[int]]] = {}
    for entry, start, end in _items(text, sections[_ENTRIES][0]):
        codes.setdefault(str(entry["code"]), []).append([start, end])
    return {
        "about": "Generated from codes.json by `python -m errcodes_cli.pieces`; do not edit.",
        "format": PIECES_FORMAT,
        "catalogue_size": len(data),
        "sections": sections,
        "by_product": {key: dict(_members(text, sections[key][0])) for key in PER_PRODUCT},
        "codes": codes,
    }


def _members(text: str, at: int) -> Iterator[tuple[str, list[int]]]:
    """Each member of the JSON object that opens at `at`: its key and the span of its value."""
    at = _skip(text, at + 1)
    while text[at] != "}":
        key, at = _DECODER.raw_decode(text, at)
        at = _skip(text, _skip(text, at) + 1)  # past ':'
        _, end = _DECODER.raw_decode(text, at)
        yield key, [at, end]
        at = _past_comma(text, end)


def _items(text: str, at: int) -> Iterator[tuple[Any, int, int]]:
    """Each item of the JSON array that opens at `at`: its value and span."""
    at = _skip(text, at + 1)
    while text[at] != "]":
        value, end = _DECODER.raw_decode(text, at)
        yield value, at, end
        at = _past_comma(text, end)


def read(path: str, codes: frozenset[int]) -> dict[str, Any] | None:
    """The catalogue document with only the entries of `codes`, read by span; None when the pieces file
    is missing or was not made from this catalogue (the caller then reads the whole file)."""
    try:
        with open(os.path.join(os.path.dirname(path), PIECES_FILE), "rb") as stored:
            pieces = json.loads(stored.read())
        with open(path, "rb") as catalogue:
            if (
                pieces.get("format") != PIECES_FORMAT
                or os.fstat(catalogue.fileno()).st_size != pieces["catalogue_size"]
            ):
                return None
            data = catalogue.read()
        entries = [json.loads(data[start:end]) for code in codes for start, end in pieces["codes"].get(str(code), ())]
        if not all(isinstance(e, dict) and e.get("code") in codes for e in entries):
            return None  # a span that no longer holds its entry: an edited catalogue of the same size
        products = {e.get("product") for e in entries}
        document = {
            key: json.loads(data[start:end])
            for key, (start, end) in pieces["sections"].items()
            if key not in (_ENTRIES, *PER_PRODUCT)
        }
        for key in PER_PRODUCT:  # only the products of these entries
            document[key] = {
                product: json.loads(data[start:end])
                for product, (start, end) in pieces["by_product"][key].items()
                if product in products
            }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    document[_ENTRIES] = entries
    return document


def _skip(text: str, at: int) -> int:
    while text[at] in " \t\r\n":
        at += 1
    return at


def _past_comma(text: str, at: int) -> int:
    at = _skip(text, at)
    return _skip(text, at + 1) if text[at] == "," else at


def main() -> None:
    """Print the pieces of the catalogue in use, one code per line for readable diffs."""
    from .catalog import catalog_path

    with open(catalog_path(), "rb") as catalogue:
        document = spans(catalogue.read())
    codes = document.pop("codes")
    head = json.dumps(document, ensure_ascii=False)[:-1]
    lines = ",\n".join(f"{json.dumps(code)}: {json.dumps(at)}" for code, at in codes.items())
    sys.stdout.write(f'{head},\n"codes": {{\n{lines}\n}}}}\n')


if __name__ == "__main__":
    main()
