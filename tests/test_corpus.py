"""The diagnose corpus: real outputs gathered from public issue threads, docs and library tests.

Each file in tests/data/diagnose/ is listed in manifest.json with the errors it holds, in order (codes,
or "HTTP nnn" for an HTTP error response without a code), and for the newer cases the HTTP status and the
product of each as the input shows them; the older cases also say which are inferred from text alone.
Each says where the input comes from and what was trimmed. Every file is run through the installed command.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "data" / "diagnose"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))


def _label(result: dict[str, object]) -> object:
    return result["code"] if result["kind"] == "code" else f"HTTP {result['http_status']}"


def test_corpus_is_large_and_sourced() -> None:
    assert len(MANIFEST) >= 150
    assert sum(1 for case in MANIFEST if case["expected"]) >= 100
    assert sum(1 for case in MANIFEST if any(case.get("statuses", []))) >= 50, "inputs with a visible HTTP status"
    assert sum(1 for case in MANIFEST if not case["expected"]) >= 25, "hard negatives"
    assert len({c for case in MANIFEST for c in case["expected"] if isinstance(c, int)}) >= 20
    for case in MANIFEST:
        assert case["source"].strip(), case["file"]
        assert (CORPUS / case["file"]).is_file(), case["file"]
    assert {p.name for p in CORPUS.glob("*.txt")} == {case["file"] for case in MANIFEST}


def _param(case: dict[str, object]) -> object:
    """A case marked `pending` names what errcode still lacks to read it; it must fail until then."""
    marks = [pytest.mark.xfail(reason=str(case["pending"]), strict=True)] if case.get("pending") else []
    return pytest.param(case, id=str(case["file"]), marks=marks)


@pytest.mark.parametrize("case", [_param(case) for case in MANIFEST])
def test_corpus_case(run_installed, case: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    proc = run_installed("diagnose", "--json", str(CORPUS / str(case["file"])))
    results = json.loads(proc.stdout)["results"]
    assert [_label(r) for r in results] == case["expected"], proc.stderr
    if "statuses" in case:  # the HTTP status of each finding, as the input shows it (null: none shown)
        assert [r["http_status"] for r in results] == case["statuses"]
    if "products" in case:  # the product of each finding, where the input says it (null: it does not)
        assert [r["product"] if want else None for r, want in zip(results, case["products"], strict=True)] == case[
            "products"
        ]
    if "inferred" in case:
        assert [r["code"] for r in results if r["inferred"]] == case["inferred"]
    expected_exit = 0 if case["expected"] and all(r["known"] for r in results) else (4 if case["expected"] else 1)
    assert proc.returncode == expected_exit
