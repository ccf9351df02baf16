"""Rendering: one layout for Rich and plain text, inert text, and the pinned JSON envelope."""

from __future__ import annotations

import json

import pytest

from errcodes_cli.catalog import Catalog, lookup
from errcodes_cli.render import GLUE, Output, entry_lines, inert, lookup_lines, wants_color

from .helpers import ENTRY_KEYS, MESSAGE_KEYS


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("\x9b6n", "\\x9b6n"),
        ("abc\u202eevil", "abc\\u202eevil"),
        ("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "\\x1b]8;;http://evil\\x1b\\link\\x1b]8;;\\x1b\\"),
        ("\x1b[6n", "\\x1b[6n"),
        ("\x1b]52;c;cGF5bG9hZA==\x07", "\\x1b]52;c;cGF5bG9hZA==\\x07"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("[bold red]markup[/]", "[bold red]markup[/]"),
    ],
)
def test_inert_escapes_controls_and_keeps_text(raw: str, shown: str) -> None:
    assert inert(raw) == shown


def test_entry_layout_has_every_part(catalog: Catalog) -> None:
    entry = catalog.by_code(-4164)[0]
    text = "\n".join("".join(t for t, _ in line) for line in entry_lines(entry, catalog)).replace(GLUE, " ")
    for part in (
        "-4164 MIN_NOTIONAL",
        "Messages:",
        "Why:",
        "Fix:",
        "Retry: after-fix",
        "[aster]",
        "[binance, aster]",
        "Binance and Aster",
    ):
        assert part in text


def test_partial_names_are_listed_one_per_line(catalog: Catalog) -> None:
    lines = lookup_lines([lookup("notional", catalog)], catalog)
    assert "names contain" in "".join(t for t, _ in lines[0])
    assert len(lines) == 1 + len(lookup("notional", catalog).entries)


def test_json_envelope_is_ascii_and_pinned(catalog: Catalog, capsys: pytest.CaptureFixture[str]) -> None:
    Output(color=False).json("show", lookup("-4164", catalog).results())
    text = capsys.readouterr().out
    assert text.isascii()
    document = json.loads(text)
    assert set(document) == {"schema_version", "command", "results"}
    assert document["schema_version"] == 1
    assert list(document["results"][0]) == ENTRY_KEYS
    assert list(document["results"][0]["messages"][0]) == MESSAGE_KEYS


@pytest.mark.parametrize(
    ("env", "choice", "tty", "expected"),
    [
        ({}, "auto", True, True), ({}, "auto", False, False), ({"NO_COLOR": "1"}, "auto", True, False),
        ({"TERM": "dumb"}, "auto", True, False), ({}, "never", True, False), ({}, "always", False, True),
        ({"FORCE_COLOR": "1"}, "auto", False, True), ({"CLICOLOR_FORCE": "1"}, "auto", False, True),
        ({"FORCE_COLOR": "0"}, "auto", False, False), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, "auto", False, False),
        ({"NO_COLOR": "1"}, "always", False, True), ({"FORCE_COLOR": "1"}, "never", True, False),
    ],
)  # fmt: skip
def test_color_follows_the_flag_then_the_environment_then_the_terminal(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], choice: str, tty: bool, expected: bool
) -> None:
    class Stream:
        def isatty(self) -> bool:
            return tty

    for key in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert wants_color(choice, Stream()) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize("results", [[], [{"a": 1}], [{"a": [1, {"b": "\u00e9"}]}, {"c": None}]])
def test_json_envelope_is_laid_out_as_json_dumps_would(
    results: list[dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    extra = {"catalog": {"version": "2", "updated": "x"}, "http_statuses": [{"status": 418}], "summary": True}
    Output(color=False).json("list", results, **extra)
    document = {"schema_version": 1, "command": "list", "results": results, **extra}
    assert capsys.readouterr().out == json.dumps(document, ensure_ascii=True, indent=2) + "\n"


def test_layout_wraps_with_a_hanging_indent_and_cuts_rows() -> None:
    from errcodes_cli.render import Row, layout

    wrapped = layout(
        [("  1. ", "dim"), ("Size from availableBalance in GET /fapi/v3/account before each order", "")], 30
    )
    texts = ["".join(t for t, _ in line) for line in wrapped]
    assert texts[0].startswith("  1. Size") and all(t.startswith("     ") for t in texts[1:])
    assert all(len(t) <= 30 for t in texts) and " ".join(t.strip() for t in texts).endswith("before each order")
    long_word = layout([("  ", ""), ("x" * 70, "")], 30)
    assert all(len("".join(t for t, _ in line)) <= 30 for line in long_word)
    (row,) = layout(Row([("-4164", "bold"), ("  usdm  ", ""), ("a summary far too long to fit the terminal", "")]), 30)
    assert "".join(t for t, _ in row).endswith("\u2026") and len("".join(t for t, _ in row)) == 30
    glued = layout(
        [("  ", ""), ('"Order notional must be at least 5.0"', ""), (GLUE * 2 + "[binance," + GLUE + "aster]", "dim")],
        40,
    )
    assert "".join(t for t, _ in glued[-1]).strip().startswith("5.0") or not "".join(
        t for t, _ in glued[-1]
    ).strip().startswith("[")
