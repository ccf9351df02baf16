"""How diagnose's findings reach the user as they stream: as JSON, as counts, or explained for a person.

For a person, each distinct error (one product, code and message template) is explained in full where
it first appears; a later repeat is one line that keeps its own facts, so a log that repeats one error
a thousand times stays readable and output still streams. On a terminal the run ends with a count of
findings and distinct errors, and a pointer to --summary when there are many.
"""

from __future__ import annotations

import sys
from collections import Counter

from . import render
from .catalog import Catalog

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .diagnosis import Finding

SUGGEST_SUMMARY_AT = 10  # findings from which the closing count suggests --summary


def distinct_key(finding: Finding) -> tuple[Any, ...]:
    """What makes two findings the same error: product, code (or HTTP status), the message without its values."""
    template = finding.message or ""
    for value in finding.params:
        template = template.replace(value, "%s", 1)
    return (finding.product, finding.code, finding.http_status if finding.code is None else None, template)


class Report:
    def __init__(self, catalog: Catalog, summary: bool, as_json: bool, out: render.Output, with_source: bool) -> None:
        self.catalog = catalog
        self.summary = summary
        self.out = out
        self.with_source = with_source
        self.stream = render.JsonStream("diagnose") if as_json and not summary else None
        self.as_json = as_json
        self.counts: Counter[tuple[str, int | None, str | None]] = Counter()
        self.seen: Counter[tuple[Any, ...]] = Counter()
        self.found = 0
        self.unknown = 0
        self.after_block = (
            False  # the last thing written was a full explanation (a repeat line after it gets a blank line)
        )

    def add(self, finding: Finding) -> None:
        self.found += 1
        self.unknown += not finding.known
        key = distinct_key(finding)
        self.seen[key] += 1
        if self.summary:
            name = finding.entry.name if finding.entry else (finding.http.name if finding.http else None)
            self.counts[(finding.product, finding.code, name)] += 1
        elif self.stream is not None:
            self.stream.add(finding.to_dict())
        elif self.seen[key] == 1:
            lines = render.finding_lines(finding, self.catalog, with_source=self.with_source)
            self.out.lines([*([[]] if self.found > 1 else []), *lines])
            self.after_block = True
        else:
            self.out.lines(
                [*([[]] if self.after_block else []), render.repeat_line(finding, self.seen[key], self.with_source)]
            )
            self.after_block = False

    def finish(self, interrupted: bool = False) -> None:
        """Write what comes at the end: the counts, the JSON document's close, the closing count."""
        more = {"interrupted": True} if interrupted else {}
        ranked = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1] or 0))
        if self.summary and self.as_json:
            results = [{"product": p, "code": c, "name": n, "count": k} for (p, c, n), k in ranked]
            render.Output(color=False).json("diagnose", results, summary=True, **more)
        elif self.summary and ranked:
            self.out.lines(render.summary_lines([(p, c, n, k) for (p, c, n), k in ranked]))
        elif self.stream is not None:
            self.stream.close(**more)
        elif self.found and sys.stdout.isatty():
            count = f"{self.found} finding{'s' * (self.found != 1)}, {len(self.seen)} distinct"
            hint = "; `errcode diagnose --summary` counts them per code" if self.found >= SUGGEST_SUMMARY_AT else ""
            self.out.lines([[], [(count + hint, "dim")]])
        if interrupted:
            render.error(
                "interrupted; " + ("the counts so far are above" if self.summary else "the findings so far are above")
            )
