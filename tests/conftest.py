"""Shared fixtures: the catalogue, a CliRunner wrapper, and the installed `errcode` command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from errcodes_cli.catalog import Catalog, load_catalog
from errcodes_cli.cli import app

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run the app in-process, as `errcode ARGS`, and return the Result."""
    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> object:
        return runner.invoke(app, list(args), input=input, env=env, prog_name="errcode")

    return run


@pytest.fixture(scope="session")
def errcode_bin() -> Path:
    """The console script installed next to the interpreter running the tests."""
    path = Path(sys.executable).parent / ("errcode.exe" if os.name == "nt" else "errcode")
    assert path.exists(), f"errcode is not installed in this environment ({path}); see the README test command"
    return path


@pytest.fixture
def run_installed(errcode_bin: Path, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed command from a scratch directory, output piped, as a user's script would."""

    def run(
        *args: str, input: str | None = None, env: dict[str, str | None] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """`env` adds to the environment; a None value removes that variable."""
        full_env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "ERRCODE_CATALOG"}}
        for key, value in (env or {}).items():
            if value is None:
                full_env.pop(key, None)
            else:
                full_env[key] = value
        return subprocess.run(
            [str(errcode_bin), *args],
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=tmp_path,
            env=full_env,
            timeout=60,
        )

    return run
