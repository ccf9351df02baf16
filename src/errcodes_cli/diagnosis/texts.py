"""A text's candidates: the codes it writes in the shapes of shapes.py, else the error its message
states (wording.py), worked out once per distinct text: a log repeats its few error lines."""

from __future__ import annotations

import re
from itertools import islice
from typing import Any

from ..catalog import Catalog
from .context import Context
from .finding import Candidate, Notes
from .shapes import read_line
from .wording import infer

MAX_FINDINGS_PER_LINE = 1000
_MEMO_SIZE = 4096  # distinct texts remembered; the memo is emptied when it holds this many
MARKER = re.compile(
    r"[Ee]rror|ERROR|[Ee]xception|[Ff]ail|FAIL|[Rr]eject|[Ii]nvalid|[Dd]enied|binance|Binance|aster|msg"
)
LOG_STAMP = re.compile(r"(?:[\[(]?\d[\d\-:.,/TZ+]*[\])]?\s+)+")  # "2024-05-01 12:00:01,503 ", "[1714550401.5] "


class Texts:
    def __init__(self, catalog: Catalog, context: Context, notes: Notes) -> None:
        self.catalog = catalog
        self.context = context
        self.notes = notes
        self.memo: dict[tuple[Any, ...], tuple[Candidate, ...]] = {}

    def candidates(self, text: str) -> tuple[Candidate, ...]:
        """The candidates of a text, remembered: a log repeats its few error lines with only the time stamp
        changed, so a leading stamp (tokens that start with a digit) is dropped and the rest is the key."""
        stamp = LOG_STAMP.match(text)
        if stamp:
            text = text[stamp.end() :]
        key = (text, self.context.product.key, self.context.product.from_input)
        candidates = self.memo.get(key)
        if candidates is None:
            if len(self.memo) >= _MEMO_SIZE:
                self.memo.clear()
            candidates = self.memo[key] = self._read(text)
        return candidates

    def _read(self, line: str) -> tuple[Candidate, ...]:
        """The codes the line writes, in the shapes of shapes.SHAPES; else the error its message states."""
        written = [candidate for _, candidate in islice(read_line(line, self.catalog), MAX_FINDINGS_PER_LINE + 1)]
        if len(written) > MAX_FINDINGS_PER_LINE:
            self.notes.add(
                f"a line holds more than {MAX_FINDINGS_PER_LINE} codes; its first {MAX_FINDINGS_PER_LINE} are reported"
            )
            del written[MAX_FINDINGS_PER_LINE:]
        if written or not MARKER.search(line):
            return tuple(written)
        return self.inferred(line)

    def inferred(self, line: str) -> tuple[Candidate, ...]:
        inferred = infer(line, self.catalog, self.context.lookup_order(self.catalog.unnamed_products))
        return () if inferred is None else (inferred,)
