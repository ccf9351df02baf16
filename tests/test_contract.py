"""The --json contract, pinned field by field and in order, and output that does not depend on the run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .helpers import (
    ENTRY_KEYS,
    ENVELOPE_KEYS,
    FINDING_KEYS,
    HTTP_STATUS_KEYS,
    MESSAGE_KEYS,
    NOTE_KEYS,
    SEARCH_KEYS,
    SUMMARY_KEYS,
)

ROOT = Path(__file__).resolve().parents[1]
FILTER_FAILURE = '{"code":-1013,"msg":"Filter failure: PRICE_FILTER"}\n'


def _document(run_installed, *args: str, input: str | None = None) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = run_installed(*args, "--json", input=input)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_every_envelope_and_result_has_exactly_the_pinned_fields(run_installed) -> None:  # type: ignore[no-untyped-def]
    show = _document(run_installed, "-4164")
    assert list(show) == ENVELOPE_KEYS["show"] and list(show["results"][0]) == ENTRY_KEYS
    assert list(show["results"][0]["messages"][0]) == MESSAGE_KEYS
    assert list(_document(run_installed, "418")["results"][0]) == HTTP_STATUS_KEYS
    search = _document(run_installed, "search", "tick", "size")
    assert list(search) == ENVELOPE_KEYS["search"] and list(search["results"][0]) == SEARCH_KEYS
    listed = _document(run_installed, "list", "-p", "coinm")
    assert list(listed) == ENVELOPE_KEYS["list"] and list(listed["results"][0]) == ENTRY_KEYS
    assert list(listed["http_statuses"][0]) == HTTP_STATUS_KEYS
    found = _document(run_installed, "diagnose", input=FILTER_FAILURE)
    assert list(found) == ENVELOPE_KEYS["diagnose"] and list(found["results"][0]) == FINDING_KEYS
    assert list(found["results"][0]["note"]) == NOTE_KEYS
    counted = _document(run_installed, "diagnose", "--summary", input=FILTER_FAILURE)
    assert list(counted) == ENVELOPE_KEYS["diagnose --summary"] and list(counted["results"][0]) == SUMMARY_KEYS


def test_the_readme_documents_every_field() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## JSON output") : readme.index("## Python API")]
    documented = set(re.findall(r"`(\w+)`|\"(\w+)\":", section))
    names = {a or b for a, b in documented}
    fields = {*ENTRY_KEYS, *MESSAGE_KEYS, *NOTE_KEYS, *HTTP_STATUS_KEYS, *SEARCH_KEYS, *FINDING_KEYS, *SUMMARY_KEYS}
    fields |= {k for keys in ENVELOPE_KEYS.values() for k in keys} | {"interrupted"}
    assert fields - names == set(), "document these fields in the README's JSON output section"


DETERMINISM = [
    ["-2021"], ["-2021", "--json"], ["search", "order", "rejected", "--json"], ["search", "tick", "size"], ["list", "--json"],
    ["diagnose", "--json"], ["diagnose", "--summary"],
]  # fmt: skip


@pytest.mark.parametrize("args", DETERMINISM)
def test_output_is_the_same_whatever_the_hash_seed(run_installed, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    log = FILTER_FAILURE + '{"code":-2019,"msg":"Margin is insufficient."}\n' + FILTER_FAILURE
    runs = [run_installed(*args, input=log, env={"PYTHONHASHSEED": seed}) for seed in ("1", "2")]
    assert runs[0].returncode == runs[1].returncode
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout
