"""One function per command: arguments in, the core called, the answer rendered, an ExitCode out.

The front door (launch.py) calls these with what route.py read from the command line; the Typer app
(cli.py), which only sees command lines that need its help text or its usage errors, calls the same
ones. Which exit code an error becomes is decided here, in exit_code_for, and nowhere else.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum

from . import render
from .catalog import Catalog, codes_of, load_catalog, load_slice, lookup, pasted_number
from .errors import CatalogError, ErrcodeError, UnknownProductError, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any

    from .progress import ProgressLine
    from .report import Report


class ExitCode(IntEnum):
    """Process exit codes, as documented in the README."""

    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    BROKEN_CATALOG = 3
    UNKNOWN_CODE = 4
    INTERRUPTED = 130


def exit_code_for(error: ErrcodeError) -> ExitCode:
    """The exit code of an error errcode reports to its user."""
    if isinstance(error, CatalogError):
        return ExitCode.BROKEN_CATALOG
    if isinstance(error, (UsageError, UnknownProductError)):
        return ExitCode.USAGE
    return ExitCode.NOT_FOUND


@dataclass(frozen=True)
class Display:
    """How an answer is shown: in colour or not, and whether a long one may go through the pager."""

    color: bool = False
    pager: bool = False

    @classmethod
    def chosen(cls, color: str = "auto", no_color: bool = False, no_pager: bool = False) -> Display:
        """From --color, --no-color (the same as --color never), --no-pager and the environment (render.wants_color)."""
        return cls(render.wants_color("never" if no_color else color), not no_pager)

    def output(self, pages: bool = True) -> render.Output:
        width = None
        if sys.stdout.isatty():
            import shutil

            width = shutil.get_terminal_size().columns
        return render.Output(self.color, page=pages and self.pager, width=width)


PLAIN = Display()

LOOK_FURTHER = "browse with `errcode list --category CATEGORY`, or paste the raw response into `errcode diagnose`"


def show(
    queries: Sequence[str], product: str | None = None, as_json: bool = False, display: Display = PLAIN
) -> ExitCode:
    """Explain codes, names, messages or HTTP statuses; report each miss with its nearest names.

    Words that hold `{`, or a code among other words, are a pasted body or log line: diagnosed as if
    piped, with diagnose's output and exit codes.
    """
    pasted = pasted_text(queries)
    if pasted is not None:
        return diagnose(product=product, as_json=as_json, display=display, text=pasted)
    queries = [part for q in queries for part in (q.split() if _codes_only(q) else [q])]  # "-1021 -2015", quoted
    numbers = [pasted_number(q) for q in queries]
    catalog: Catalog | None = None
    if all(n is not None for n in numbers):  # codes alone: build only their entries (start-up time)
        partial = load_slice(frozenset(c for n in numbers if n is not None for c in codes_of(n[0])))
        partial.check_product(product)
        lookups = [lookup(q, partial, product) for q in queries]
        if all(lk.found for lk in lookups):
            catalog = partial
    if catalog is None:
        catalog = load_catalog()
        lookups = [lookup(q, catalog, product) for q in queries]
    misses = [lk.query for lk in lookups if not lk.found]
    if as_json:
        results = [r for lk in lookups for r in lk.results()]
        render.Output(color=False).json("show", results, not_found=misses)
    else:
        display.output().lines(render.lookup_lines(lookups, catalog))
    if not misses:
        return ExitCode.OK
    from .ranking import suggest

    for query in misses:
        elsewhere = list(dict.fromkeys(e.product for e in lookup(query, catalog).entries)) if product else []
        if elsewhere:
            render.error(
                f"{query!r} is not a code of {product}; {_and_list(elsewhere)} {'has' if len(elsewhere) == 1 else 'have'} it",
                f"errcode {query} --product {elsewhere[0]}",
            )
            continue
        near = suggest(query, catalog=catalog)
        nearest = f"; did you mean {', '.join(near)}?" if near else ""
        words = None if pasted_number(query) else f"to search by words: errcode search {query}"
        render.error(f"no code, HTTP status, name or message matches {query!r}{nearest}", words)
    return ExitCode.NOT_FOUND


def _and_list(words: Sequence[str]) -> str:
    """usdm; usdm and pm; usdm, coinm and pm."""
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else words[0]


_CODE_IN_TEXT = re.compile(r"(?<![\w.])[-\u2212]\d{3,6}(?!\d)")


def _codes_only(word: str) -> bool:
    tokens = word.split()
    return len(tokens) > 1 and all(pasted_number(t) for t in tokens)


def pasted_text(words: Sequence[str]) -> str | None:
    """The words as text to diagnose, when one holds `{` or a code among other words; else None."""
    for word in words:
        tokens = word.split()
        if "{" in word or (
            len(tokens) > 1 and _CODE_IN_TEXT.search(word) and not all(pasted_number(t) for t in tokens)
        ):
            return "\n".join(words)
    return None


SEARCH_LIMIT = 10  # rows a search shows unless --limit says otherwise


def search(
    words: Sequence[str],
    limit: int = SEARCH_LIMIT,
    category: str | None = None,
    product: str | None = None,
    as_json: bool = False,
    display: Display = PLAIN,
) -> ExitCode:
    """Rank the catalogue for free text; a weak or empty answer exits 1 with a hint where to look."""
    from .ranking import SCORE_FLOOR, parse
    from .ranking import search as run_search

    query = " ".join(words)
    matches = run_search(query, limit=limit, category=category, product=product)
    if as_json:
        render.Output(color=False).json("search", [m.to_dict() for m in matches])
    else:
        display.output().lines(render.search_lines(matches))
    if matches and not matches[0].weak:
        return ExitCode.OK
    understood = parse(query)
    if matches:
        render.error(
            f"nothing scores {SCORE_FLOOR:.0f} or more for {query!r}; the nearest are shown as weak", LOOK_FURTHER
        )
    elif not understood.says_what:
        named = f" (it names {', '.join(understood.products)})" if understood.products else ""
        render.error(
            f"{query!r} has no word that tells one error from another{named}",
            "add words from the message, a code, a name or a parameter, or " + LOOK_FURTHER,
        )
    else:
        render.error(f"no entry holds a word of {query!r}", LOOK_FURTHER)
    return ExitCode.NOT_FOUND


def list_codes(
    category: str | None = None, product: str | None = None, as_json: bool = False, display: Display = PLAIN
) -> ExitCode:
    """Every code, one line each; with --json, the whole catalogue (or one product or category of it)."""
    catalog = load_catalog()
    catalog.check_product(product)
    entries = [
        e
        for e in catalog.entries
        if (category is None or e.category == category) and (product is None or e.product == product)
    ]
    if as_json:
        statuses = [h.to_dict() for h in catalog.http_statuses] if category is None else []
        render.Output(color=False).json(
            "list",
            [e.to_dict() for e in entries],
            catalog={"version": catalog.version, "updated": catalog.updated},
            http_statuses=statuses,
        )
    else:
        display.output().lines(render.summary_rows(entries))
    return ExitCode.OK


def version() -> ExitCode:
    from . import __version__

    catalog = load_catalog()
    sys.stdout.write(f"errcode {__version__} (catalogue {catalog.version}, updated {catalog.updated})\n")
    return ExitCode.OK


DIAGNOSE_USAGE = """\
errcode diagnose reads raw API output from a pipe or from files, for example:
  curl -s -i 'https://fapi.binance.com/fapi/v1/order?...' | errcode diagnose
  errcode diagnose bot.log
  python bot.py 2>&1 | errcode diagnose --summary"""

ARGUMENT_SOURCE = "argument"  # the source name of text given on the command line (a pasted body or log line)


def diagnose(
    sources: Sequence[str] = ("-",),
    summary: bool = False,
    product: str | None = None,
    as_json: bool = False,
    display: Display = PLAIN,
    text: str | None = None,
) -> ExitCode:
    """Diagnose each source ('-' is standard input), or `text` given as an argument, and print the result.

    Exit 0 when errors were found and all are known, 1 when none were, 4 when a code is unknown.
    """
    from .diagnosis import Diagnosis
    from .progress import ProgressLine
    from .report import Report

    if text is None and list(sources) == ["-"] and sys.stdin.isatty():
        render.error("nothing to read: pipe something in or name a file")
        sys.stderr.write(DIAGNOSE_USAGE + "\n")
        return ExitCode.USAGE
    catalog = load_catalog()
    catalog.check_product(product)
    if text is not None:
        sources = [ARGUMENT_SOURCE]
    run = Diagnosis(catalog, product)
    report = Report(
        catalog, summary, as_json, display.output(pages=False), with_source=len(sources) > 1
    )  # streams: never paged
    try:
        for source in sources:
            with _open_input(source, text) as handle:
                progress = ProgressLine.wanted(source, handle)
                on_piece = None
                if progress is not None:
                    on_piece = functools.partial(_show_progress, progress, report)
                    report.out.before_write = progress.clear
                try:
                    for finding in run.read(handle, source, on_piece):
                        report.add(finding)
                finally:
                    if progress is not None:
                        progress.clear()
                        report.out.before_write = None
    except KeyboardInterrupt:
        report.finish(interrupted=True)
        return ExitCode.INTERRUPTED
    report.finish()
    for note in run.notes:
        render.error(f"note: {note}")
    if not report.found:
        render.error("no Binance-style error found in the input")
        return ExitCode.NOT_FOUND
    if report.unknown:
        render.error(f"{report.unknown} finding(s) with a code errcode does not know")
        return ExitCode.UNKNOWN_CODE
    return ExitCode.OK


def _show_progress(progress: ProgressLine, report: Report) -> None:
    """Redraw the progress line with the findings so far (called as each piece of input is read)."""
    progress.update(report.found)


@contextlib.contextmanager
def _open_input(source: str, text: str | None) -> Iterator[IO[bytes]]:
    """A binary stream for the argument text, '-' (stdin) or a file; an unreadable file is a usage error."""
    if text is not None:
        import io

        yield io.BytesIO(text.encode("utf-8", "surrogateescape"))
        return
    if source == "-":
        yield sys.stdin.buffer
        return
    try:
        handle = open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror}") from None
    with handle:
        yield handle


def completion(what: str, shell: str | None, spec: Any) -> ExitCode:
    """Print the completion script of a shell, or install one (`what` is "install")."""
    import os
    from pathlib import Path

    from .completion import SHELLS, build_script, install_path

    if what != "install":
        if what not in SHELLS or shell is not None:
            raise UsageError(f"expected one of {', '.join(SHELLS)} or 'install', got {what!r}")
        sys.stdout.write(build_script(what, spec))
        return ExitCode.OK
    chosen = shell or Path(os.environ.get("SHELL", "")).name
    if chosen not in SHELLS:
        raise UsageError(
            f"cannot tell the shell from $SHELL={os.environ.get('SHELL', '')!r}; name it: errcode completion install bash"
        )
    target = install_path(chosen)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(build_script(chosen, spec), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")
    if chosen == "zsh":
        sys.stdout.write("add to ~/.zshrc, before compinit:  fpath=(~/.zfunc $fpath)\n")
    sys.stdout.write(f"open a new {chosen} to use it\n")
    return ExitCode.OK
