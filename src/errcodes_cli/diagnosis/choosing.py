"""Which catalogue entry a candidate is, and under which product, with the reason.

The input's product comes first (a URL, a host, the caller), unless the message's own wording says
otherwise: when the quoted message is the documented wording of some products only, the product is one
of them (the context's, or the default's, if it is among them, else the first in catalogue order); a
product whose wording of the code differs never wins.
"""

from __future__ import annotations

from ..catalog import FILTER_FAILURE, Catalog, Entry
from .context import DEFAULT_PRODUCT, Product
from .finding import Candidate
from .wording import FILTER_FAILURE_MESSAGE, templates

MEMO_SIZE = 4096  # distinct codes and messages remembered; the memo is emptied when it holds this many


class Chooser:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.templates = templates(catalog)
        self.fitting: dict[tuple[int, str], list[Entry]] = {}  # a day of logs repeats a few messages

    def choose(self, candidate: Candidate, product: Product, forced: bool) -> tuple[Entry | None, str, str]:
        """The entry for a candidate, and its product and why: from the input, else from the code and message."""
        inferred = candidate.entry
        if inferred is not None and (product.from_input or inferred.product == product.key):
            return inferred, product.key, product.reason
        if inferred is not None:
            return (
                inferred,
                inferred.product,
                f"no API URL or host in the input; the message is {inferred.product}'s wording",
            )
        having = self.catalog.by_code(candidate.code) if candidate.code is not None else []
        own = next((e for e in having if e.product == product.key), None)
        if forced or not having:
            return own, product.key, product.reason
        fitting = self._fitting(having, candidate.message)
        if own is not None and (not fitting or own in fitting):
            return own, product.key, product.reason
        if fitting:
            chosen = next((e for e in fitting if e.product == DEFAULT_PRODUCT), fitting[0])
            why = f"the message is {chosen.product}'s wording of {candidate.code}"
            if product.from_input:
                return chosen, chosen.product, f"{why}, not {product.key}'s ({product.reason})"
        elif product.from_input:
            return own, product.key, product.reason
        else:
            chosen = having[0]
            why = f"{product.key} has no {candidate.code}; {', '.join(e.product for e in having)} has it"
        return chosen, chosen.product, f"no API URL or host in the input; {why}"

    def _fitting(self, having: list[Entry], message: str | None) -> list[Entry]:
        """The entries (one per product) whose documented wording this message is."""
        if not message:
            return []
        key = (having[0].code, message)
        if key not in self.fitting:
            if len(self.fitting) >= MEMO_SIZE:
                self.fitting.clear()
            self.fitting[key] = [e for e in having if self.templates.wording(e, message)] or self._filter_failure(
                having, message
            )
        return self.fitting[key]

    def _filter_failure(self, having: list[Entry], message: str) -> list[Entry]:
        """The entries whose product words filter failures so (spot's `Filter failure: X`) and has filter X,
        for a filter the error list does not quote (PERCENT_PRICE_BY_SIDE)."""
        failure = FILTER_FAILURE_MESSAGE.search(message)
        if failure is None:
            return []
        return [
            e for e in having if failure.group(1) in self.catalog.filters.get(e.product, {}) and self._words_failures(e)
        ]

    def _words_failures(self, entry: Entry) -> bool:
        return any(m.text.startswith(FILTER_FAILURE) for m in entry.messages)
