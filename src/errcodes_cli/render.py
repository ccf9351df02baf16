"""Output: one layout, written as Rich on a terminal, as plain text when piped, or as JSON.

Layouts are built as lines of (text, style) segments, so plain and Rich output cannot drift apart.
Every piece of text passes through `inert` first: nothing from the input or the catalogue can move
the cursor, set a title, write the clipboard or be read as Rich markup.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .catalog import Catalog, Entry, HttpStatus, Lookup, LookupKind

TYPE_CHECKING = False  # not typing's: a lookup's start-up should not pay for importing typing
if TYPE_CHECKING:
    from typing import IO, Any

JSON_SCHEMA_VERSION = 1

Segment = tuple[str, str]  # (text, Rich style name, "" for none)
Line = list[Segment]


class Row(list[Segment]):
    """A line of columns (list, search): cut with an ellipsis at the terminal's edge, never wrapped."""


GLUE = "\u00a0"  # a space no line is broken at (tags stay with the text they tag); written as a space
NAME_COLUMN_MAX = 32  # the name column of list and search is as wide as its longest name, up to this
_HANGING = re.compile(r" *(?:\S+ +)?")  # a first segment that is an indent, or an indent and a marker ("  1. ")
_PIECES = re.compile(r"[^ ]+| +")

# C0 controls but tab and newline, DEL, C1 controls, and the bidi/zero-width format characters that can
# reorder or hide text on a terminal (Trojan Source).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def inert(text: str) -> str:
    """Make text safe to print: each control or bidi character becomes a visible \\x.. / \\u.... escape."""
    return _UNSAFE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


COLOR_CHOICES = ("auto", "always", "never")


def wants_color(choice: str = "auto", stream: IO[str] | None = None) -> bool:
    """Whether to write Rich colour: `choice` is --color's value (--no-color is "never").

    "auto" means colour on a terminal, unless NO_COLOR is set or TERM=dumb; FORCE_COLOR or
    CLICOLOR_FORCE (set, and not 0) gives colour when piped too, NO_COLOR still winning.
    """
    if choice != "auto":
        return choice == "always"
    env = os.environ
    if env.get("NO_COLOR"):
        return False
    if any(env.get(name, "0") not in ("", "0") for name in ("FORCE_COLOR", "CLICOLOR_FORCE")):
        return True
    if env.get("TERM") == "dumb":
        return False
    return (stream or sys.stdout).isatty()


@dataclass
class Output:
    """Where and how to write: Rich or plain text on stdout, laid out for a terminal of `width` columns
    (see layout; None when piped: whole lines), through a pager when `page` allows it and the answer is
    taller than the terminal."""

    color: bool
    page: bool = False
    width: int | None = None
    before_write: Any = None  # called before each write (diagnose clears its progress line on stderr)
    _console: Any = None  # made on first coloured write, then reused (diagnose writes once per finding)

    def lines(self, lines: Iterable[Line]) -> None:
        if self.before_write is not None:
            self.before_write()
        if self.width is not None:
            width = self.width
            lines = [laid for line in lines for laid in layout(line, width)]
        pager = None
        if self.page:
            from . import pager as pagers

            pager = pagers.command()
        if pager is not None:
            pagers.show(self._text(lines), pager)
            return
        if not self.color:
            sys.stdout.write(_plain(lines))
            return
        console = self._rich()
        for line in lines:
            console.print(_rich_text(line), soft_wrap=True)  # laid out already: Rich must not wrap again

    def _rich(self, file: Any = None) -> Any:
        from rich.console import Console

        if file is None and self._console is not None:
            return self._console
        # the colour decision is made (wants_color): Rich must neither repeat it nor read NO_COLOR again
        console = Console(file=file, highlight=False, emoji=False, markup=False, force_terminal=True, no_color=False)
        if file is None:
            self._console = console
        return console

    def _text(self, lines: Iterable[Line]) -> str:
        """The lines as text, in colour or not (what goes to the pager)."""
        if not self.color:
            return _plain(lines)
        import io

        buffer = io.StringIO()
        console = self._rich(buffer)
        for line in lines:
            console.print(_rich_text(line), soft_wrap=True)
        return buffer.getvalue()

    def json(self, command: str, results: Iterable[dict[str, Any]], **extra: Any) -> None:
        """The versioned JSON envelope every command prints with --json (see JsonStream)."""
        stream = JsonStream(command)
        for result in results:
            stream.add(result)
        stream.close(**extra)


def layout(line: Line, width: int) -> list[Line]:
    """One line as a terminal of `width` columns shows it: a Row cut with an ellipsis, any other line
    wrapped at spaces with its continuation lines indented like its first (a hanging indent). A word
    runs across segments until a space (GLUE is not one), so a tag stays with the text before it."""
    if sum(len(t) for t, _ in line) <= width:
        return [line]
    if isinstance(line, Row):
        return [_cut(line, width)]
    first = line[0][0] if line else ""
    indent = len(first) if _HANGING.fullmatch(first) and len(first) < width // 2 else 0
    words: list[Line] = []  # each word's pieces, its trailing spaces last
    for text, style in line:
        for piece in _PIECES.findall(text):
            joins = bool(words) and (
                piece[0] == " " or not words[-1][-1][0].endswith(" ")
            )  # spaces, or a word going on
            if joins:
                words[-1].append((piece, style))
            else:
                words.append([(piece, style)])
    lines: list[Line] = []
    current: Line = []
    used = 0
    for word in words:
        rest = word
        size = sum(len(t) for t, _ in rest)
        bare = size - (len(rest[-1][0]) - len(rest[-1][0].rstrip(" ")))
        if used + bare > width and used > indent:
            lines.append(_trimmed(current))
            current, used = [(" " * indent, "")], indent
        while used + bare > width:  # longer than a whole line: split it
            head, rest = _split_word(rest, width - used)
            lines.append([*current, *head])
            current, used = [(" " * indent, "")], indent
            size = sum(len(t) for t, _ in rest)
            bare = size - (len(rest[-1][0]) - len(rest[-1][0].rstrip(" "))) if rest else 0
        current += rest
        used += size
    if current:
        lines.append(_trimmed(current))
    return lines


def _split_word(word: Line, room: int) -> tuple[Line, Line]:
    """The first `room` characters of a word's pieces, and the rest."""
    head: Line = []
    for at, (text, style) in enumerate(word):
        if len(text) >= room:
            head.append((text[:room], style))
            rest = [(text[room:], style)] if text[room:] else []
            return head, rest + word[at + 1 :]
        head.append((text, style))
        room -= len(text)
    return head, []


def _trimmed(line: Line) -> Line:
    if line and line[-1][0].endswith(" "):
        line = [*line[:-1], (line[-1][0].rstrip(" "), line[-1][1])]
    return line


def _cut(row: Line, width: int) -> Line:
    cut: Line = []
    room = width - 1
    for text, style in row:
        if len(text) >= room:
            cut.append((text[:room].rstrip(" ") + "\u2026", style))
            break
        cut.append((text, style))
        room -= len(text)
    return cut


def _plain(lines: Iterable[Line]) -> str:
    return "".join("".join(inert(t) for t, _ in line).replace(GLUE, " ") + "\n" for line in lines)


def _rich_text(line: Line) -> Any:
    from rich.text import Text

    return Text.assemble(*((inert(t).replace(GLUE, " "), s) for t, s in line))


def error(message: str, hint: str | None = None) -> None:
    """A diagnostic on stderr: one line, and an optional hint line."""
    sys.stderr.write(f"errcode: {inert(message)}\n")
    if hint:
        sys.stderr.write(f"  {inert(hint)}\n")


def _retry_line(retry: str, catalog: Catalog) -> Line:
    return [("Retry: ", "bold"), (retry, "bold yellow"), (f" - {catalog.retry_verdicts[retry]}", "")]


def _block(title: str, items: Iterable[str], numbered: bool = False) -> list[Line]:
    lines: list[Line] = [[(title, "bold cyan")]]
    for i, item in enumerate(items, 1):
        lines.append([(f"  {i}. " if numbered else "  ", "dim"), (item, "")])
    return lines


_VENUE_LABELS = {("binance", "aster"): "Binance and Aster", ("binance",): "Binance only", ("aster",): "Aster only"}


def venue_label(entry: Entry) -> str:
    return _VENUE_LABELS.get(entry.venues, ", ".join(entry.venues))


def _entry_head(entry: Entry, catalog: Catalog) -> Line:
    facts = [catalog.title(entry.product), venue_label(entry), entry.category]
    if entry.http_status is not None:
        facts.append(f"HTTP {entry.http_status}")
    return [
        (str(entry.code), "bold red"),
        (" ", ""),
        (" / ".join(entry.names) or "(no name)", "bold"),
        (f"  ({' | '.join(facts)})", "dim"),
    ]


def _message_lines(entry: Entry) -> list[Line]:
    lines: list[Line] = [[("Messages:", "bold cyan")]]
    for m in entry.messages:
        listed = f",{GLUE}".join(m.sources) + (f";{GLUE}until{GLUE}{m.until}" if m.until else "")
        lines.append([("  ", ""), (f'"{m.text}"', ""), (GLUE * 2 + "[" + listed + "]", "dim")])
        if m.note is not None:
            lines.append([("      means: ", "dim"), (m.note.summary, "")])
    return lines


def entry_lines(entry: Entry, catalog: Catalog) -> list[Line]:
    """The full explanation of one code on one product."""
    lines: list[Line] = [_entry_head(entry, catalog), [(entry.summary, "italic")]]
    lines += _message_lines(entry)
    lines += _block("Why:", [entry.explanation])
    lines += _block("Fix:", entry.fixes, numbered=True)
    lines.append(_retry_line(entry.retry, catalog))
    if entry.related:
        lines.append([("Related: ", "bold"), (", ".join(str(c) for c in entry.related), "")])
    lines.append(_docs_line(entry))
    return lines


def _docs_line(entry: Entry) -> Line:
    """The official error-code page the entry's code is published on (every ref is in --json)."""
    return [("Docs: ", "bold"), (entry.refs[0], "")]


def shared_lines(entry: Entry, catalog: Catalog) -> list[Line]:
    """A product whose meaning was just shown for another product: its head, messages and a pointer."""
    same = catalog.title(entry.same_as or "")
    api = catalog.products[entry.product].api
    return [
        _entry_head(entry, catalog),
        [(f"Same meaning as on {same} above; endpoints are under {api}.", "italic")],
        *_message_lines(entry),
        _docs_line(entry),
    ]


def http_lines(status: HttpStatus, catalog: Catalog) -> list[Line]:
    """The explanation of an HTTP status."""
    lines: list[Line] = [
        [(f"HTTP {status.status}", "bold red"), (" ", ""), (status.name, "bold")],
        [(status.summary, "italic")],
    ]
    if status.messages:
        lines += _block("Body (code 0):", (f'"{m}"' for m in status.messages))
    lines += _block("Why:", [status.explanation])
    lines += _block("Fix:", status.fixes, numbered=True)
    lines.append(_retry_line(status.retry, catalog))
    if status.related:
        lines.append([("Related codes: ", "bold"), (", ".join(str(c) for c in status.related), "")])
    return lines


def _column(values: Iterable[str]) -> int:
    return min(NAME_COLUMN_MAX, max((len(v) for v in values), default=0))


def summary_rows(entries: Sequence[Entry], prefix: str = "") -> list[Line]:
    """One row per entry: code, product, name, summary, the columns aligned."""
    names = [e.name or "(no name)" for e in entries]
    width = _column(names)
    products = max((len(e.product) for e in entries), default=0)
    return [
        Row(
            [
                (prefix, "dim"),
                (f"{e.code:>6}", "bold red"),
                (f"  {e.product:<{products}}  ", "dim"),
                (f"{name:<{width}}", "bold"),
                ("  ", ""),
                (e.summary, ""),
            ]
        )
        for e, name in zip(entries, names, strict=True)
    ]


def lookup_lines(lookups: Sequence[Lookup], catalog: Catalog) -> list[Line]:
    """Found lookups, separated by blank lines; a partial name lists every match on one line each.

    A code shown for several products gives each product's meaning, usdm first; a product that shares
    the meaning of one shown above gets a pointer instead of the same text again.
    """
    blocks: list[list[Line]] = []
    for found in (lk for lk in lookups if lk.found):
        if found.http is not None:
            blocks.append(http_lines(found.http, catalog))
        elif found.how is LookupKind.PARTIAL_NAME and len(found.entries) > 1:
            head: Line = [(f'{len(found.entries)} names contain "{found.query}":', "bold")]
            blocks.append([head, *summary_rows(found.entries, "  ")])
        else:
            shown = {(e.product, e.code) for e in found.entries}
            for entry in found.entries:
                shares = entry.same_as is not None and (entry.same_as, entry.code) in shown
                blocks.append(shared_lines(entry, catalog) if shares else entry_lines(entry, catalog))
    return _join(blocks)


SHOWN_PRODUCTS = 3  # a search row names this many of a meaning's products, then how many more


def _products_label(products: Sequence[str]) -> str:
    """usdm, coinm, pm; usdm, spot, coinm +3 (--json names every one)."""
    more = len(products) - SHOWN_PRODUCTS
    return ", ".join(products[:SHOWN_PRODUCTS]) + (f" +{more}" if more > 0 else "")


def search_lines(matches: Sequence[Any]) -> list[Line]:
    """Search hits, best first, each with its score and the field that matched; one code that means the
    same on several products is one row naming them; a hit on a message with a note shows the note."""
    groups: dict[tuple[int, str], list[Any]] = {}  # Entry.meaning -> its matches, in rank order
    for match in matches:
        groups.setdefault(match.entry.meaning, []).append(match)
    rows = []
    for group in groups.values():
        m = group[0]
        rows.append((m, _products_label([g.entry.product for g in group]), m.entry.name or "(no name)", f"[{m.field}]"))
    products_width = max((len(r[1]) for r in rows), default=0)
    name_width = _column(r[2] for r in rows)
    field_width = max((len(r[3]) for r in rows), default=0)
    lines: list[Line] = []
    if matches and matches[0].weak:
        lines.append([("No close match; the nearest:", "yellow")])
    for m, products, name, field in rows:
        lines.append(
            Row(
                [
                    (f"{m.score:5.1f}", "green"),
                    (f"{m.entry.code:>8}", "bold red"),
                    (f"  {products:<{products_width}}  ", "dim"),
                    (f"{name:<{name_width}}", "bold"),
                    (f"  {field:<{field_width}}  ", "dim"),
                    (m.entry.summary, ""),
                ]
            )
        )
        if m.message is not None and m.message.note is not None:
            lines.append([("         ", ""), (f'"{m.message.text}": ', "dim"), (m.message.note.summary, "")])
    return lines


def _join(blocks: Sequence[list[Line]]) -> list[Line]:
    lines: list[Line] = []
    for i, block in enumerate(blocks):
        if i:
            lines.append([])
        lines.extend(block)
    return lines


def _fact_text(name: str, value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def finding_lines(finding: Any, catalog: Catalog, with_source: bool = False) -> list[Line]:
    """One finding: where it was (with its file when several were read), what was received, the facts
    read from it, and what it means."""
    where = [f"{finding.source} line {finding.line}" if with_source else f"line {finding.line}"]
    if finding.batch_index is not None:
        where.append(f"batch item {finding.batch_index}")
    if finding.http_status is not None:
        where.append(f"HTTP {finding.http_status}")
    where.append(f"{finding.product} ({finding.product_reason})")
    lines: list[Line] = [[(", ".join(where), "dim")]]
    if finding.code is not None:
        name = finding.entry.name or "(no name)" if finding.entry else "unknown to errcode"
        head: Line = [(str(finding.code), "bold red"), (" ", ""), (name, "bold")]
    else:
        name = finding.http.name if finding.http else "status not in the catalogue"
        head = [(f"HTTP {finding.http_status}", "bold red"), (" ", ""), (name, "bold")]
    if finding.message is not None:
        head.append((f'  "{finding.message}"', ""))
    lines.append(head)
    if finding.inferred:
        why = (finding.code_reason or "inferred from the message text").removeprefix("inferred: ")
        lines.append([(f"  code inferred: {why} (confidence {finding.confidence:.2f})", "yellow")])
    if finding.facts:
        lines += _block("Facts:", (f"{k}: {_fact_text(k, v)}" for k, v in finding.facts.items()))
    meaning = finding.entry or finding.http
    if meaning is not None:
        note = finding.note
        lines.append([(meaning.summary, "italic")])
        lines += _block("Why:", [meaning.explanation])
        if note is not None:
            lines += _block("This message:", [note.summary, note.explanation])
        fixes = list(dict.fromkeys([*(note.fixes if note else ()), *meaning.fixes]))
        lines += _block("Fix:", fixes, numbered=True)
        lines.append(_retry_line(meaning.retry, catalog))
    elif finding.code is not None:
        lines.append(
            [
                (
                    f"errcode has no entry for {finding.code} on {finding.product}; the message above is all there is.",
                    "yellow",
                )
            ]
        )
    return lines


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def repeat_line(finding: Any, nth: int, with_source: bool = False) -> Line:
    """A finding already explained above: where, what, which time, and its own facts (a new ban time)."""
    where = f"{finding.source} line {finding.line}" if with_source else f"line {finding.line}"
    if finding.batch_index is not None:
        where += f", batch item {finding.batch_index}"
    what = str(finding.code) if finding.code is not None else f"HTTP {finding.http_status}"
    line: Line = [(f"{where}: ", "dim"), (what, "bold red"), (f" again, {ordinal(nth)} time", "")]
    if finding.facts:
        line.append(("; " + "; ".join(f"{k}: {_fact_text(k, v)}" for k, v in finding.facts.items()), "dim"))
    return line


def summary_lines(counts: Sequence[tuple[str, int | None, str | None, int]]) -> list[Line]:
    """`diagnose --summary`: count, product, code and name, most frequent first."""
    lines: list[Line] = [[("  count  product  code    name", "bold")]]
    for product, code, name, count in counts:
        label = str(code) if code is not None else "HTTP"
        lines.append(
            [
                (f"{count:>7}", "green"),
                (f"  {product:<7}  ", "dim"),
                (f"{label:<6}", "bold red"),
                (f"  {name or ''}", ""),
            ]
        )
    return lines


class JsonStream:
    """Writes the --json envelope, {schema_version, command, results, ...}, one result at a time (so
    diagnose never holds all its findings), laid out as json.dumps(indent=2) would, ASCII only so it is
    terminal-safe."""

    def __init__(self, command: str) -> None:
        self.count = 0
        sys.stdout.write(
            f'{{\n  "schema_version": {JSON_SCHEMA_VERSION},\n  "command": {json.dumps(command)},\n  "results": ['
        )

    def add(self, result: dict[str, Any]) -> None:
        body = _indented(result, 4)
        sys.stdout.write(("," if self.count else "") + "\n    " + body)
        self.count += 1

    def close(self, **extra: Any) -> None:
        tail = "".join(f",\n  {json.dumps(k)}: {_indented(v, 2)}" for k, v in extra.items())
        sys.stdout.write(("\n  ]" if self.count else "]") + tail + "\n}\n")


def _indented(value: Any, by: int) -> str:
    return json.dumps(value, ensure_ascii=True, indent=2).replace("\n", "\n" + " " * by)
