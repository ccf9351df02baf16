"""The diagnose command's work, apart from its wiring: read the sources, print findings or their counts.

Both routes run this: the Typer command, and the launcher's direct route for a plain
`errcode diagnose [FILE...]` (launch.py), which leaves out Typer's import.
"""

from __future__ import annotations

import contextlib
import sys
from collections import Counter
from collections.abc import Iterator

from . import render
from .catalog import load_catalog
from .errors import ExitCode, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO

USAGE = """\
errcode diagnose reads raw API output from a pipe or from files, for example:
  curl -s -i 'https://fapi.binance.com/fapi/v1/order?...' | errcode diagnose
  errcode diagnose bot.log
  python bot.py 2>&1 | errcode diagnose --summary"""


def run(sources: list[str], summary: bool, product: str | None, as_json: bool, no_color: bool) -> ExitCode:
    """Diagnose each source ('-' is standard input) and print the result; the exit code says how it went.

    Raises UsageError for an unknown product or an unreadable file, CatalogError for a broken catalogue.
    """
    from .diagnose import iter_findings
    from .textscan import pieces_with_starts

    if sources == ["-"] and sys.stdin.isatty():
        render.error("nothing to read: pipe something in or name a file")
        sys.stderr.write(USAGE + "\n")
        return ExitCode.USAGE
    catalog = load_catalog()
    catalog.check_product(product)
    notes: list[str] = []
    out = render.Output(render.wants_color(no_color))
    stream = render.JsonStream("diagnose") if as_json and not summary else None
    counts: Counter[tuple[str, int | None, str | None]] = Counter()
    found = unknown = 0
    try:
        for source in sources:
            with _open_input(source) as handle:
                findings = iter_findings(pieces_with_starts(handle, notes), product, catalog=catalog, notes=notes, source=source)
                for finding in findings:
                    found += 1
                    unknown += not finding.known
                    if summary:
                        name = finding.entry.name if finding.entry else (finding.http.name if finding.http else None)
                        counts[(finding.product, finding.code, name)] += 1
                    elif stream is not None:
                        stream.add(finding.to_dict())
                    else:
                        lines = render.finding_lines(finding, catalog, with_source=len(sources) > 1)
                        out.lines([*([[]] if found > 1 else []), *lines])
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1] or 0))
    if summary and as_json:
        results = [{"product": p, "code": c, "name": n, "count": k} for (p, c, n), k in ranked]
        render.Output(color=False).json("diagnose", results, summary=True)
    elif summary and ranked:
        out.lines(render.summary_lines([(p, c, n, k) for (p, c, n), k in ranked]))
    elif stream is not None:
        stream.close()
    for note in notes:
        render.error(f"note: {note}")
    if not found:
        render.error("no Binance-style error found in the input")
        return ExitCode.NOT_FOUND
    if unknown:
        render.error(f"{unknown} finding(s) with a code errcode does not know")
        return ExitCode.UNKNOWN_CODE
    return ExitCode.OK


@contextlib.contextmanager
def _open_input(source: str) -> Iterator[IO[bytes]]:
    """A binary stream for '-' (stdin) or a file; a missing or unreadable file is a usage error."""
    if source == "-":
        yield sys.stdin.buffer
        return
    try:
        handle = open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror}") from None
    with handle:
        yield handle
