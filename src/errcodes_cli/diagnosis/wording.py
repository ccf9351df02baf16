"""Knowing an error by its message: the catalogue's messages as patterns, for text that has no code.

A bare message ("Margin is insufficient.") is the code whose documented wording it is, its
placeholders filled in ("Leverage 150 is not valid"); a message a log cut short ("...") is the one it
begins; and a message close to one word for word (RapidFuzz partial_ratio 90+) is that one, at a
lower confidence. Each inference says why (`code_reason`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from ..catalog import PLACEHOLDER, Catalog, Entry, Message
from .finding import Candidate

FILTER_FAILURE_MESSAGE = re.compile(r"Filter failure:\s*([A-Z_]+)")
INFERRED_TEXT_CHARS = 4000  # a message is looked for in this much of a line

_GRAM = 8  # infer() looks a template up by the first characters of its anchor


@dataclass(frozen=True)
class _Template:
    entry: Entry
    message: Message
    params: tuple[str, ...]
    anchor: str  # the longest literal part, lower-cased, for a cheap pre-test

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Made and compiled when first needed: a run meets a handful of the catalogue's 1,500 messages."""
        parts = _literal_parts(self.message.text)
        regex = _joined(parts) + (r"'?\s*[.!]?" if parts[-1] == "" else "") + r"(?![\w/])"  # the message ends there
        return re.compile(regex, re.IGNORECASE)


def _literal_parts(message: str) -> list[str]:
    """A message's literal text between its placeholders, its closing punctuation left out."""
    return PLACEHOLDER.split(message.rstrip(" .!'"))


def _value_pattern(before: str, last: bool = False) -> str:
    """What fills a placeholder: anything up to the closing quote or bracket when the message quotes
    or brackets it, else a value of up to three words (`5.0`, `'quantity'`, `10 SECOND`), never a
    clause: "parameter %s was empty" does not swallow "'quantity' was not sent, was empty"."""
    if before.endswith("'"):
        return r"([^'\n]{0,200}?)"
    if before.endswith("["):
        return r"([^\]\n]{0,200}?)"
    if last:  # at the message's end: the whole value, its closing full stop aside ("10 SECOND.")
        return r"'?((?:[^\s,;']*[^\s,;'.!])(?: [^\s,;']*[^\s,;'.!]){0,2})'?"
    return r"'?([^\s,;']+(?: [^\s,;']+){0,2}?)'?"


def _joined(parts: list[str]) -> str:
    last = len(parts) - 1
    return "".join(
        re.escape(p) + (_value_pattern(p, i == last - 1 and parts[last] == "") if i < last else "")
        for i, p in enumerate(parts)
    )


def _template(entry: Entry, message: Message) -> _Template:
    parts = _literal_parts(message.text)
    return _Template(entry, message, message.params, max(parts, key=len).strip().lower())


_CUT = re.compile(r"(?:\.{3}|\u2026)")  # where a log or a library cut a long message short
CUT_CONFIDENCE = 0.9


def _prefix_pattern(message: str) -> re.Pattern[str]:
    """Any beginning of a message (at least its first words), its placeholders filled in, then a cut."""
    parts = _literal_parts(message)

    def any_prefix(literal: str) -> str:
        out = ""
        for ch in reversed(literal):
            out = f"(?:{re.escape(ch)}{out})?"
        return out

    def rest(i: int) -> str:  # after part i-1 in full: a value, then part i in full and more, or a beginning of it
        if i >= len(parts):
            return ""
        return f"(?:{_value_pattern(parts[i - 1])}(?:{re.escape(parts[i])}{rest(i + 1)}|{any_prefix(parts[i])}))?"

    first = parts[0]
    head = re.escape(first) + rest(1) if len(first) >= 12 or len(parts) == 1 else re.escape(first)
    if len(parts) == 1:
        words = first.split(" ")
        head = re.escape(" ".join(words[: max(3, len(words) // 2)])) + any_prefix(
            first[len(" ".join(words[: max(3, len(words) // 2)])) :]
        )
    return re.compile(head + r"\s*" + _CUT.pattern, re.IGNORECASE)


class Templates:
    """Every message of every entry as a case-insensitive pattern; placeholder templates first."""

    def __init__(self, catalog: Catalog) -> None:
        self.by_entry: dict[int, list[_Template]] = {}
        self.by_gram: dict[str, list[_Template]] = {}  # keyed by the anchor's first _GRAM characters
        self.short: list[_Template] = []  # anchors shorter than that, tried on every text
        for entry in catalog.entries:
            items = sorted(entry.messages, key=lambda m: -len(m.params))
            templates = [_template(entry, m) for m in items]
            self.by_entry[id(entry)] = templates
            for t in templates:
                if len(t.anchor) < _GRAM:
                    self.short.append(t)
                else:
                    self.by_gram.setdefault(t.anchor[:_GRAM], []).append(t)

    def infer_cut(self, text: str, products: Sequence[str]) -> tuple[Entry, str] | None:
        """The entry whose message this text begins and then cuts short ("...", "\u2026"), and the text as
        received. Among several, a message the cut stops inside beats one it could have ended, then a
        `common` code, then the earlier product: a cut "must be no smaller than 5..." is -4164's longer
        message, not the amend-only -5029 that ends there."""
        if not _CUT.search(text):
            return None
        lowered = text.lower()
        rank = {p: i for i, p in enumerate(products)}
        best: tuple[tuple[bool, bool, int], Entry, str] | None = None
        for templates in self.by_entry.values():
            for t in templates:
                opening = " ".join(PLACEHOLDER.split(t.message.text)[0].lower().split()[:3])
                if t.entry.product not in rank or len(opening) < 6 or opening not in lowered:
                    continue
                m = _prefix_pattern(t.message.text).search(text)
                if m is None:
                    continue
                inside = not t.pattern.search(text[: m.end()])  # the full message does not fit before the cut
                key = (inside, t.entry.common, -rank[t.entry.product])
                if best is None or key > best[0]:
                    best = (key, t.entry, text[m.start() : m.end()])
        return None if best is None else (best[1], best[2])

    def params_of(self, entry: Entry, message: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Values that filled the entry's placeholders in this message, and their names."""
        for t in self.by_entry.get(id(entry), ()):
            if t.params:
                m = t.pattern.search(message)
                if m:
                    return tuple(g.strip("'\"") for g in m.groups()), t.params
        return (), ()

    def wording(self, entry: Entry, message: str) -> Message | None:
        """The entry's documented wording that this message is (placeholders filled in), if any."""
        lowered = message.lower()
        for t in self.by_entry.get(id(entry), ()):
            if len(t.anchor) >= 4 and t.anchor in lowered and t.pattern.search(message):
                return t.message
        return None

    def infer(self, text: str, products: Sequence[str]) -> tuple[Entry, tuple[str, ...], tuple[str, ...], str] | None:
        """The entry whose message appears in text: (entry, values, names, matched text).

        The longest matching wording wins; among equals, the earlier product in `products`, then a
        `common` code (a spot engine message is more often -2010 than -1010), then the more specific
        code, with fewer documented messages (-2010's engine messages, not -1013's, which holds them
        and every filter failure).
        """
        lowered = text.lower()
        grams = {lowered[i : i + _GRAM] for i in range(len(lowered) - _GRAM + 1)} & self.by_gram.keys()
        rank = {p: i for i, p in enumerate(products)}
        best: tuple[tuple[int, int, bool, int], _Template, re.Match[str]] | None = None
        for t in (*self.short, *(t for gram in grams for t in self.by_gram[gram])):
            if t.entry.product not in rank or t.anchor not in lowered:
                continue
            m = t.pattern.search(text)
            key = (len(t.anchor), -rank[t.entry.product], t.entry.common, -len(t.entry.messages))
            if m and (best is None or key > best[0]):
                best = (key, t, m)
        if best is None:
            return None
        _, t, m = best
        return t.entry, tuple(g.strip("'\"") for g in m.groups()), t.params, m.group(0)

    def sharing(self, entry: Entry, wording: str) -> list[int]:
        """The codes of `entry`'s product whose documented messages include this wording: -1010 before -2010."""
        return sorted(
            {
                t.entry.code
                for ts in self.by_entry.values()
                for t in ts
                if t.entry.product == entry.product and t.message.text == wording
            },
            reverse=True,
        )

    def reason(self, entry: Entry, text: str) -> str:
        """Why an inferred code: its documented wording, and when several codes share it, why this one."""
        wording = self.wording(entry, text)
        shared = self.sharing(entry, wording.text) if wording is not None else [entry.code]
        if len(shared) < 2:
            return f"inferred: the message is {entry.product}'s {entry.code} wording"
        others = ", ".join(str(c) for c in shared)
        return f"inferred: {entry.product} documents this message for {others}; {entry.code} is the one met for it"


@cache
def templates(catalog: Catalog) -> Templates:
    """Compiled once per catalogue: a bot calling diagnose() per exception pays for it once."""
    return Templates(catalog)


@cache
def _fuzzy_candidates(catalog: Catalog, product: str) -> tuple[tuple[Entry, str], ...]:
    """Literal messages (no placeholders) of 15+ characters, gathered once per catalogue and product."""
    return tuple(
        (e, m.text)
        for e in catalog.entries
        if e.product == product
        for m in e.messages
        if len(m.text) >= 15 and not m.params
    )


def _fuzzy_message(text: str, catalog: Catalog, product: str) -> tuple[Entry, float] | None:
    """The closest catalogue message to a code-less error line, if close enough to name."""
    from rapidfuzz import fuzz, process

    # partial_ratio aligns the shorter string inside the longer one, so a message is only a candidate
    # when the text is long enough to hold most of it ("error" alone must not match every message).
    candidates = _fuzzy_candidates(catalog, product)
    choices = {i: message for i, (_, message) in enumerate(candidates) if len(message) <= len(text) * 1.25}
    hit = process.extractOne(text, choices, scorer=fuzz.partial_ratio, score_cutoff=90)
    if hit is None:
        return None
    return candidates[hit[2]][0], float(hit[1])


def infer(line: str, catalog: Catalog, products: Sequence[str]) -> Candidate | None:
    """The error a line without a code states by its message, looked up in `products` in that order."""
    text = line[:INFERRED_TEXT_CHARS]
    patterns = templates(catalog)
    cut = patterns.infer_cut(text, products) if ("..." in text or "\u2026" in text) else None
    if cut is not None:
        entry, received = cut
        reason = f"inferred: the message, cut short, begins {entry.product}'s {entry.code} wording"
        return Candidate(
            entry.code, received.strip(), inferred=True, reason=reason, confidence=CUT_CONFIDENCE, entry=entry
        )
    inferred = patterns.infer(text, products)
    if inferred is not None:
        entry, values, names, matched = inferred
        return Candidate(
            entry.code,
            matched.strip(),
            inferred=True,
            reason=patterns.reason(entry, text),
            entry=entry,
            params=values,
            param_names=names,
        )
    failure = FILTER_FAILURE_MESSAGE.search(text)
    if failure:
        return Candidate(-1013, failure.group(0), inferred=True, reason="inferred: a Filter failure message is -1013's")
    for product in products:
        fuzzy = _fuzzy_message(text, catalog, product)
        if fuzzy is not None:
            entry, score = fuzzy
            reason = f"inferred: the message is near {entry.product}'s {entry.code} wording"
            return Candidate(
                entry.code, text.strip(), inferred=True, reason=reason, confidence=round(score / 100, 2), entry=entry
            )
    return None
