"""diagnose: raw text in, findings out.

Reads whatever a bot, a library or curl printed and finds every Binance-style error in it: JSON bodies
(compact, pretty-printed, JSON Lines, batchOrders arrays, WebSocket API envelopes), curl -i/-v
responses (status line, headers, HTML error pages), library exception texts (python-binance,
binance-connector, ccxt, go-binance, Java/C#), HTTP statuses as clients print them, and bare messages
with no code.

The modules, in the order a line meets them: reading (bytes to decoded pieces), lines (the lines worth
reading, stitched across pieces), scanner (the loop that routes each line), statuses, json_errors,
blocks, shapes and wording (the forms an error takes), context (each response's product, venue, status
and headers), choosing and explain (candidates made findings), facts, finding (what comes back).

Nothing here prints or exits: the commands layer renders the findings and the Notes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from typing import IO

from ..catalog import Catalog, load_catalog
from .finding import Finding, Notes
from .reading import as_lines, pieces_with_starts
from .scanner import Scanner

__all__ = ["Diagnosis", "Finding", "Notes", "diagnose", "iter_findings"]


class Diagnosis:
    """One run of diagnose over one or more inputs: the findings of each as it is read, and the notes
    about the inputs (their encoding, lines cut) for the caller to show at the end."""

    def __init__(self, catalog: Catalog, product: str | None = None, now: datetime | None = None) -> None:
        catalog.check_product(product)
        self.catalog = catalog
        self.product = product
        self.now = now
        self.notes = Notes()

    def read(
        self, stream: IO[bytes], source: str | None = None, on_piece: Callable[[], None] | None = None
    ) -> Iterator[Finding]:
        """The findings of a byte stream (a file, standard input), in input order, in bounded memory.
        `on_piece` is called as each piece of the input is read (a progress display)."""
        pieces = pieces_with_starts(stream, self.notes)
        scanner = Scanner(self.catalog, self.product, self.now or datetime.now(timezone.utc), self.notes, source)
        for piece, starts in pieces:
            if on_piece is not None:
                on_piece()
            yield from scanner.feed_text(piece, starts)
        yield from scanner.finish()


def iter_findings(
    pieces: Iterable[str],
    product: str | None = None,
    catalog: Catalog | None = None,
    now: datetime | None = None,
    source: str | None = None,
) -> Iterator[Finding]:
    """The findings of text, in input order, in one pass: `pieces` are whole lines, one or many per item,
    each ending in a newline but the last (a list of lines, an open text file)."""
    scanner = Scanner(catalog or load_catalog(), product, now or datetime.now(timezone.utc), Notes(), source)
    for piece in pieces:
        yield from scanner.feed_text(as_lines(piece))
    yield from scanner.finish()


def diagnose(
    text: str | Iterable[str] | BaseException,
    product: str | None = None,
    catalog: Catalog | None = None,
    now: datetime | None = None,
) -> list[Finding]:
    """Every error in `text` explained: the Python API behind `errcode diagnose`.

    `text` is a string, lines, or an exception a client library raised (see caught.py). An unknown
    product raises UnknownProductError, a ValueError.
    """
    if isinstance(text, BaseException):
        from .caught import exception_text

        text = exception_text(text)
    catalog = catalog or load_catalog()
    catalog.check_product(product)
    return list(iter_findings([text] if isinstance(text, str) else text, product, catalog, now))
