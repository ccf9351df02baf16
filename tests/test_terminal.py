"""What a terminal user sees: the pager, colour, and long answers (in a pseudo-terminal of a set size)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("args", [["-2010"], ["list"], ["list", "--category", "auth"], ["search", "margin", "-n", "20"], ["help"], ["search", "--help"]])
def test_a_long_answer_goes_through_the_pager_and_keeps_errcodes_exit_code(errcode_bin: Path, recorder: Path, args: list[str]) -> None:
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


def test_errcode_pager_wins_over_pager_and_less_is_left_as_set(errcode_bin: Path, recorder: Path, tmp_path: Path) -> None:
    code, _ = run_in_terminal(errcode_bin, "-2010", env=_env(recorder, ERRCODE_PAGER=f"{recorder} -S", PAGER="cat", LESS="-R"), size=(80, 12))
    assert code == 0 and "-2010" in (_paged(recorder) or "")
    assert (tmp_path / "paged.less").read_text() == "-R"


def test_a_miss_is_still_exit_1_on_a_terminal(errcode_bin: Path, recorder: Path) -> None:
    code, shown = run_in_terminal(errcode_bin, "-99999", env=_env(recorder), size=(80, 12))
    assert code == 1 and b"no code" in shown


def test_diagnose_is_never_paged(errcode_bin: Path, recorder: Path) -> None:
    body = b'{"code":-2010,"msg":"Account has insufficient balance for requested action."}\n' * 5
    code, shown = run_in_terminal(errcode_bin, "diagnose", env=_env(recorder), size=(80, 12), stdin_tty=False, data=body)
    assert code == 0 and shown.count(b"-2010") >= 5 and _paged(recorder) is None


@pytest.mark.parametrize(
    ("env", "args", "coloured"),
    [
        ({"FORCE_COLOR": "1"}, [], True), ({"CLICOLOR_FORCE": "1"}, [], True), ({}, ["--color=always"], True), ({}, ["--color", "always"], True),
        ({}, [], False), ({"FORCE_COLOR": "0"}, [], False), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, [], False), ({"FORCE_COLOR": "1"}, ["--no-color"], False),
        ({"FORCE_COLOR": "1"}, ["--color=never"], False),
    ],
)  # fmt: skip
def test_piped_colour_follows_the_flags_and_the_environment(run_installed, env: dict[str, str], args: list[str], coloured: bool) -> None:  # type: ignore[no-untyped-def]
    for command in (["-4164"], ["search", "tick", "size"], ["list", "--category", "auth"]):
        result = run_installed(*command, *args, env=env)
        assert result.returncode == 0 and ("\x1b[" in result.stdout) is coloured, (command, result.stderr)


def test_colour_on_a_terminal_unless_told_otherwise(errcode_bin: Path) -> None:
    for env, args, coloured in (({}, [], True), ({"NO_COLOR": "1"}, [], False), ({}, ["--color", "never"], False), ({"TERM": "dumb"}, [], False)):
        code, shown = run_in_terminal(errcode_bin, "-1021", "-p", "spot", *args, env={"ERRCODE_PAGER": "", **env})
        assert code == 0 and (b"\x1b[" in shown) is coloured, (env, args)
