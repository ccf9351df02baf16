"""Candidates made findings: the entry, the product and why, the message as shown, and its facts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..catalog import Catalog, Entry, Note
from .choosing import MEMO_SIZE, Chooser
from .context import Context
from .facts import message_facts, placeholder_facts
from .finding import Candidate, Finding, shown
from .redact import redact
from .wording import templates

OPENING_WORDS = 6  # a documented status message is known by this many of its first words

_About = tuple[str | None, tuple[str, ...], dict[str, Any], Note | None]


class Explainer:
    def __init__(self, catalog: Catalog, now: datetime, source: str | None) -> None:
        self.catalog = catalog
        self.now = now
        self.source = source
        self.chooser = Chooser(catalog)
        self.templates = templates(catalog)
        self.about: dict[tuple[Any, ...], _About] = {}  # what each distinct message says, worked out once
        # the opening words of each status's documented body message, to know it in any shape
        self.status_messages = [
            (" ".join(m.lower().split()[:OPENING_WORDS]), h.status) for h in catalog.http_statuses for m in h.messages
        ]

    def documented_status(self, text: str) -> int | None:
        """The HTTP status whose documented body message this text holds (451: a restricted location)."""
        if not self.status_messages:
            return None
        low = text.lower()
        return next((status for opening, status in self.status_messages if opening in low), None)

    def finding(self, candidate: Candidate, lineno: int, context: Context) -> Finding:
        entry, product, reason = self.chooser.choose(candidate, context.product, context.forced is not None)
        key = (candidate.code, candidate.message, id(entry), product, candidate.params, candidate.param_names)
        about = self.about.get(key)
        if about is None:
            if len(self.about) >= MEMO_SIZE:
                self.about.clear()
            about = self.about[key] = self._about(candidate, entry, product)
        message, params, facts, note = about
        status = candidate.http_status
        return Finding(
            code=candidate.code,
            message=message,
            line=lineno,
            batch_index=candidate.batch_index,
            http_status=status if status is not None else context.response.status,
            product=product,
            product_reason=reason
            + ("" if product in self.catalog.products else f"; the catalogue has no {product} codes"),
            venue=context.venue,
            params=params,
            facts={**context.header_facts(), **facts},
            inferred=candidate.inferred,
            confidence=candidate.confidence,
            code_reason=None if candidate.code is None else candidate.reason or "written in the input",
            entry=entry,
            http=self.catalog.http_status(status) if candidate.code is None and status else None,
            note=note,
            source=self.source,
        )

    def bare_status(self, context: Context) -> Finding | None:
        """The finding for a 4xx or 5xx response that came with no error code."""
        response = context.response
        if response.status is None or response.status < 400 or response.had_code:
            return None
        return Finding(
            code=None,
            message=redact(f"HTTP {response.status} {response.reason}".strip()),
            line=response.line,
            batch_index=None,
            http_status=response.status,
            product=context.product.key,
            product_reason=context.product.reason,
            venue=context.venue,
            facts=context.header_facts(),
            http=self.catalog.http_status(response.status),
            source=self.source,
        )

    def _about(self, candidate: Candidate, entry: Entry | None, product: str) -> _About:
        """What a message says, whichever line it is on: shown text, values, facts and note."""
        message = candidate.message
        params, names = candidate.params, candidate.param_names
        if entry is not None and message and not params:
            params, names = self.templates.params_of(entry, message)
        facts = placeholder_facts(names, params)
        if message:
            facts.update(message_facts(self.catalog, candidate.code, message, product, self.now))
        text = None if message is None else shown(redact(message))
        wording = self.templates.wording(entry, message) if entry is not None and message else None
        return text, tuple(redact(p) for p in params), facts, wording.note if wording else None
