"""What diagnose hands back: findings, the candidates they are made from, and notes about the input."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..catalog import Entry, HttpStatus, Note

MAX_MESSAGE_CHARS = 1000  # a longer message is shown cut, with a visible marker


@dataclass(frozen=True)
class Finding:
    """One error found in the input, with where it was and what it means."""

    code: int | None
    message: str | None
    line: int
    batch_index: int | None
    http_status: int | None
    product: str
    product_reason: str
    venue: str | None = None  # "aster" or "binance" when a host in the input says so
    params: tuple[str, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)
    inferred: bool = False
    confidence: float = 1.0
    code_reason: str | None = None  # why this code: written in the input, or which wording it was inferred from
    entry: Entry | None = None
    http: HttpStatus | None = None
    note: Note | None = None  # what this particular message means (spot engine messages, filter failures)
    source: str | None = None  # the file it was read from ("-" for standard input), when named

    @property
    def known(self) -> bool:
        return self.entry is not None or self.http is not None

    @property
    def kind(self) -> str:
        return "code" if self.code is not None else "http"

    def to_dict(self) -> dict[str, Any]:
        meaning: dict[str, Any] = dict.fromkeys(
            ("name", "category", "summary", "explanation", "fixes", "retry", "related", "keywords", "messages", "refs")
        )
        if self.entry is not None:
            meaning.update({k: v for k, v in self.entry.to_dict().items() if k in meaning})
        elif self.http is not None:
            meaning.update({k: v for k, v in self.http.to_dict().items() if k in meaning})
        return {
            "kind": self.kind,
            "code": self.code,
            "message": self.message,
            "source": self.source,
            "line": self.line,
            "batch_index": self.batch_index,
            "http_status": self.http_status,
            "product": self.product,
            "product_reason": self.product_reason,
            "venue": self.venue,
            "params": list(self.params),
            "facts": self.facts,
            "inferred": self.inferred,
            "confidence": self.confidence,
            "code_reason": self.code_reason,
            "known": self.known,
            **meaning,
            "note": self.note.to_dict() if self.note else None,
        }


@dataclass(frozen=True)
class Candidate:
    """An error read from the input before it is looked up (its line is passed along beside it)."""

    code: int | None
    message: str | None
    batch_index: int | None = None
    http_status: int | None = None
    inferred: bool = False
    reason: str | None = None  # why the code, when inferred
    confidence: float = 1.0
    entry: Entry | None = None  # the entry it was inferred from
    params: tuple[str, ...] = ()
    param_names: tuple[str, ...] = ()


class Notes:
    """Remarks about the input (its encoding, lines cut), each made once, in order, for the caller to show."""

    def __init__(self) -> None:
        self._made: dict[str, None] = {}

    def add(self, remark: str) -> None:
        self._made.setdefault(remark)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._made))

    def __len__(self) -> int:
        return len(self._made)


def shown(text: str) -> str:
    """A message as it is shown: cut at MAX_MESSAGE_CHARS, with a marker that says how much was cut."""
    if len(text) <= MAX_MESSAGE_CHARS:
        return text
    return f"{text[:MAX_MESSAGE_CHARS]}... [cut {len(text) - MAX_MESSAGE_CHARS} more characters]"
