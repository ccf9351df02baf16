"""What a terminal user sees: the pager, colour, and long answers (in a pseudo-terminal of a set size)."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest

from errcodes_cli.catalog import load_catalog
from errcodes_cli.render import NAME_COLUMN_MAX

from .helpers import run_in_terminal

RECORDER = """#!/bin/sh
# stands in for a pager: keeps what it was given and the LESS it saw, and fails, which errcode must ignore
cat > "{record}"
printf '%s' "${{LESS-unset}}" > "{record}.less"
exit 3
"""


@pytest.fixture
def recorder(tmp_path: Path) -> Path:
    """A pager called `less`, first on PATH, that records what it is given."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "less"
    script.write_text(RECORDER.format(record=tmp_path / "paged"), encoding="utf-8")
    script.chmod(0o755)
    return script


def _paged(recorder: Path) -> str | None:
    record = recorder.parent.parent / "paged"
    return record.read_text(encoding="utf-8") if record.exists() else None


def _env(recorder: Path, **extra: str | None) -> dict[str, str | None]:
    return {"PATH": f"{recorder.parent}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1", **extra}


@pytest.mark.parametrize(
    "args",
    [
        ["-2010"],
        ["list"],
        ["list", "--category", "auth"],
        ["search", "margin", "-n", "20"],
        ["help"],
        ["search", "--help"],
    ],
)
def test_a_long_answer_goes_through_the_pager_and_keeps_errcodes_exit_code(
    errcode_bin: Path, recorder: Path, args: list[str]
) -> None:
    code, shown = run_in_terminal(errcode_bin, *args, env=_env(recorder), size=(80, 12))
    paged = _paged(recorder)
    assert code == 0, shown
    assert paged is not None and paged.count("\n") >= 12
    assert shown.strip() == b""  # everything went to the pager
    assert (recorder.parent.parent / "paged.less").read_text() == "FRX"


def test_an_answer_that_fits_is_not_paged(errcode_bin: Path, recorder: Path) -> None:
    code, shown = run_in_terminal(errcode_bin, "-1021", "-p", "spot", env=_env(recorder), size=(200, 200))
    assert code == 0 and b"INVALID_TIMESTAMP" in shown and _paged(recorder) is None


@pytest.mark.parametrize(
    ("extra", "args"),
    [
        ({"ERRCODE_PAGER": ""}, []), ({"ERRCODE_PAGER": "cat"}, []), ({"PAGER": ""}, []), ({"PAGER": "cat"}, []),
        ({"TERM": "dumb"}, []), ({}, ["--no-pager"]), ({}, ["--json"]),
    ],
)  # fmt: skip
def test_paging_turned_off(errcode_bin: Path, recorder: Path, extra: dict[str, str], args: list[str]) -> None:
    code, shown = run_in_terminal(errcode_bin, "-2010", *args, env=_env(recorder, **extra), size=(80, 12))
    assert code == 0 and b"-2010" in shown and _paged(recorder) is None


def test_errcode_pager_wins_over_pager_and_less_is_left_as_set(
    errcode_bin: Path, recorder: Path, tmp_path: Path
) -> None:
    code, _ = run_in_terminal(
        errcode_bin, "-2010", env=_env(recorder, ERRCODE_PAGER=f"{recorder} -S", PAGER="cat", LESS="-R"), size=(80, 12)
    )
    assert code == 0 and "-2010" in (_paged(recorder) or "")
    assert (tmp_path / "paged.less").read_text() == "-R"


def test_a_miss_is_still_exit_1_on_a_terminal(errcode_bin: Path, recorder: Path) -> None:
    code, shown = run_in_terminal(errcode_bin, "-99999", env=_env(recorder), size=(80, 12))
    assert code == 1 and b"no code" in shown


def test_diagnose_is_never_paged(errcode_bin: Path, recorder: Path) -> None:
    body = b'{"code":-2010,"msg":"Account has insufficient balance for requested action."}\n' * 5
    code, shown = run_in_terminal(
        errcode_bin, "diagnose", env=_env(recorder), size=(80, 12), stdin_tty=False, data=body
    )
    assert code == 0 and shown.count(b"-2010") >= 5 and _paged(recorder) is None


@pytest.mark.parametrize(
    ("env", "args", "coloured"),
    [
        ({"FORCE_COLOR": "1"}, [], True), ({"CLICOLOR_FORCE": "1"}, [], True), ({}, ["--color=always"], True), ({}, ["--color", "always"], True),
        ({}, [], False), ({"FORCE_COLOR": "0"}, [], False), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, [], False), ({"FORCE_COLOR": "1"}, ["--no-color"], False),
        ({"FORCE_COLOR": "1"}, ["--color=never"], False),
    ],
)  # fmt: skip
def test_piped_colour_follows_the_flags_and_the_environment(
    run_installed, env: dict[str, str], args: list[str], coloured: bool
) -> None:  # type: ignore[no-untyped-def]
    for command in (["-4164"], ["search", "tick", "size"], ["list", "--category", "auth"]):
        result = run_installed(*command, *args, env=env)
        assert result.returncode == 0 and ("\x1b[" in result.stdout) is coloured, (command, result.stderr)


def test_colour_on_a_terminal_unless_told_otherwise(errcode_bin: Path) -> None:
    for env, args, coloured in (
        ({}, [], True),
        ({"NO_COLOR": "1"}, [], False),
        ({}, ["--color", "never"], False),
        ({"TERM": "dumb"}, [], False),
    ):
        code, shown = run_in_terminal(errcode_bin, "-1021", "-p", "spot", *args, env={"ERRCODE_PAGER": "", **env})
        assert code == 0 and (b"\x1b[" in shown) is coloured, (env, args)


def _screen_lines(shown: bytes) -> list[str]:
    return shown.decode("utf-8").replace("\r\n", "\n").split("\n")


@pytest.mark.parametrize("columns", [80, 120])
def test_wrapped_text_keeps_its_indent_and_tags_stay_with_their_message(errcode_bin: Path, columns: int) -> None:
    code, shown = run_in_terminal(errcode_bin, "-4164", "-1021", "--no-color", "--no-pager", size=(columns, 200))
    lines = _screen_lines(shown)
    assert code == 0 and all(len(line) <= columns for line in lines)
    blocks = {"Why:": "  ", "Fix:": "     "}  # explanation items are indented by 2, numbered fixes by 5 ("  1. ")
    title = None
    wrapped = 0
    for previous, line in itertools.pairwise(lines):
        if line in blocks:
            title = line
        elif line and not line.startswith(" "):
            title = None
        if title == "Why:" and previous not in blocks and line.startswith("  "):
            wrapped += 1  # a continuation line of the explanation keeps its indent
        if title == "Fix:" and line and not line.lstrip()[:2].rstrip(".").isdigit() and line != title:
            assert line.startswith(blocks["Fix:"]), line
    assert wrapped, "the explanations are longer than one line at this width"
    assert not any(line.strip().startswith("[") and line.strip().endswith("]") for line in lines), (
        "a tag alone on a line"
    )


# the catalogue's names, longest first: a few hold spaces ("Not found, authenticated, or authorized")
NAMED = re.compile(
    "|".join(
        rf"(?<!\w){re.escape(n)}(?!\w)"
        for n in sorted({n for e in load_catalog().entries for n in e.names}, key=len, reverse=True)
    )
)


@pytest.mark.parametrize("columns", [80, 120])
def test_list_and_search_rows_are_aligned_and_cut_with_an_ellipsis(errcode_bin: Path, columns: int) -> None:
    for args in (["list", "--category", "auth"], ["search", "tick", "size"]):
        code, shown = run_in_terminal(errcode_bin, *args, "--no-color", "--no-pager", size=(columns, 200))
        rows = [line for line in _screen_lines(shown) if line.strip() and not line.startswith("No close")]
        assert code == 0 and rows
        assert all(len(row) <= columns for row in rows)
        assert any(row.endswith("\u2026") for row in rows), "some summary is longer than the terminal"
        after_names = set()
        for row in rows:
            name = NAMED.search(row)
            assert name is not None, row
            if len(name.group()) > NAME_COLUMN_MAX:
                continue  # a longer name pushes its own row's summary along
            after_names.add(re.compile(r"\S").search(row, name.end()).start())  # type: ignore[union-attr]
        assert len(after_names) == 1, "the column after the names is aligned"


def test_piped_output_is_never_wrapped_or_cut(run_installed) -> None:  # type: ignore[no-untyped-def]
    result = run_installed("list", env={"COLUMNS": "40"})
    assert "\u2026" not in result.stdout and max(len(line) for line in result.stdout.splitlines()) > 40
