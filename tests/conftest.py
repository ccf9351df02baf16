"""Shared fixtures: the catalogue, errcode run in-process, and the installed `errcode` command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from errcodes_cli.catalog import Catalog, load_catalog

from .helpers import Result, run_command, run_in_process

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run `errcode ARGS` in-process through the front door and return its Result."""
    return run_in_process


@pytest.fixture(scope="session")
def errcode_bin() -> Path:
    """The console script installed next to the interpreter running the tests."""
    path = Path(sys.executable).parent / ("errcode.exe" if os.name == "nt" else "errcode")
    assert path.exists(), f"errcode is not installed in this environment ({path}); see the README test command"
    return path


@pytest.fixture
def run_installed(errcode_bin: Path, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed command from a scratch directory, output piped, as a user's script would.

    `env` adds to the environment; a None value removes that variable."""

    def run(
        *args: str, input: str | None = None, env: dict[str, str | None] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return run_command(errcode_bin, *args, cwd=tmp_path, input=input, env=env)

    return run
