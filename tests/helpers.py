"""Helpers the test modules share: running errcode in-process or installed, and reading its output."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The --json contract (README, "JSON output"), pinned in order. A field is added here and in the README
# together; renaming or removing one raises schema_version.
ENVELOPE_KEYS = {
    "show": ["schema_version", "command", "results", "not_found"],
    "search": ["schema_version", "command", "results"],
    "list": ["schema_version", "command", "results", "catalog", "http_statuses"],
    "diagnose": ["schema_version", "command", "results"],
    "diagnose --summary": ["schema_version", "command", "results", "summary"],
}
ENTRY_KEYS = [
    "kind", "product", "venues", "same_as", "code", "name", "category", "summary", "explanation", "fixes", "retry",
    "http_status", "related", "keywords", "phrases", "common", "messages", "refs", "other_names",
]  # fmt: skip
MESSAGE_KEYS = ["text", "sources", "params", "note", "until"]
NOTE_KEYS = ["summary", "explanation", "fixes"]
HTTP_STATUS_KEYS = [
    "kind",
    "status",
    "name",
    "summary",
    "explanation",
    "fixes",
    "retry",
    "related",
    "keywords",
    "messages",
    "refs",
]
SEARCH_KEYS = [*ENTRY_KEYS, "score", "matched", "matched_message", "weak"]
FINDING_KEYS = [
    "kind", "code", "message", "source", "line", "batch_index", "http_status", "product", "product_reason", "venue",
    "params", "facts", "inferred", "confidence", "code_reason", "known", "name", "category", "summary", "explanation", "fixes", "retry",
    "related", "keywords", "messages", "refs", "note",
]  # fmt: skip
SUMMARY_KEYS = ["product", "code", "name", "count"]

CLEAN_ENV_DROP = frozenset(
    {"NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "ERRCODE_CATALOG", "ERRCODE_PAGER", "PAGER", "LESS"}
)


@dataclass(frozen=True)
class Result:
    """What a run left: its exit code and what it wrote."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@contextmanager
def _environment(env: Mapping[str, str | None]) -> Iterator[None]:
    saved = dict(os.environ)
    try:
        for key in CLEAN_ENV_DROP:
            os.environ.pop(key, None)
        for key, value in env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_in_process(*args: str, input: str | bytes | None = None, env: Mapping[str, str | None] | None = None) -> Result:
    """`errcode ARGS` through the front door (launch.run), in this process, with piped (not terminal) streams."""
    from errcodes_cli.launch import run

    data = input.encode("utf-8") if isinstance(input, str) else (input or b"")
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    saved = sys.stdin, sys.stdout, sys.stderr
    with _environment(env or {}):
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
        try:
            code = run(list(args))
        finally:
            sys.stdin, sys.stdout, sys.stderr = saved
    texts = []
    for stream in (stdout, stderr):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8"))  # type: ignore[attr-defined]
    return Result(int(code), texts[0], texts[1])


def installed_env(env: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The test process's environment, without errcode's own variables, plus `env` (None removes one)."""
    full = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV_DROP}
    for key, value in (env or {}).items():
        if value is None:
            full.pop(key, None)
        else:
            full[key] = value
    return full


def run_command(
    command: Path, *args: str, cwd: Path, input: str | None = None, env: Mapping[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed `errcode` from `cwd`, output piped, as a user's script would."""
    return subprocess.run(
        [str(command), *args],
        check=False,
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=installed_env(env),
        timeout=60,
    )


def results_of(output: str, command: str | None = None) -> list[dict[str, Any]]:
    """The results of a --json document (checking its schema version, and its command when given)."""
    document = json.loads(output)
    assert document["schema_version"] == 1 and command in (None, document["command"]), document
    return document["results"]  # type: ignore[no-any-return]


def codes_in(output: str) -> list[int]:
    """The codes of a --json document's results, in order."""
    return [r["code"] for r in results_of(output)]


def run_in_terminal(
    command: Path,
    *args: str,
    env: Mapping[str, str | None] | None = None,
    size: tuple[int, int] = (100, 40),
    stdin_tty: bool = True,
    data: bytes = b"",
    cwd: Path | None = None,
) -> tuple[int, bytes]:
    """Run the installed `errcode` with a pseudo-terminal of `size` (columns, lines) as stdout and stderr
    (and stdin, unless `data` is piped in), as in an interactive shell; returns exit code and what it showed."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    columns, lines = size
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    full_env = installed_env({"TERM": "xterm-256color", "COLUMNS": None, "LINES": None, **(env or {})})
    stdin = follower if stdin_tty else subprocess.PIPE
    proc = subprocess.Popen([str(command), *args], stdin=stdin, stdout=follower, stderr=follower, env=full_env, cwd=cwd)
    if not stdin_tty:
        assert proc.stdin is not None
        proc.stdin.write(data)
        proc.stdin.close()
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return proc.wait(timeout=60), output
