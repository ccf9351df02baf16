"""A wheel carries the catalogue, and a fresh install finds it from any directory."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        timeout=600,
    )
    (built,) = out.glob("errcodes_cli-*.whl")
    return built


def test_wheel_ships_the_catalogue(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for data in ("codes.json", "search_index.json", "codes_pieces.json"):
        assert (ROOT / "data" / data).read_bytes() == zipfile.ZipFile(wheel).read(f"errcodes_cli/data/{data}")
    for shared in (
        "share/bash-completion/completions/errcode",
        "share/zsh/site-functions/_errcode",
        "share/fish/vendor_completions.d/errcode.fish",
    ):
        assert any(n.endswith(".data/data/" + shared) for n in names), shared
    assert "errcodes_cli/py.typed" in names, "type checkers read the package's annotations only with py.typed"
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "errcode = errcodes_cli.launch:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_wheel_installs_into_a_fresh_venv_and_runs_anywhere(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True, timeout=900)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    proc = subprocess.run(
        [str(bin_dir / "errcode"), "-4164"], cwd=scratch, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("-4164 MIN_NOTIONAL")
    located = subprocess.run(
        [str(bin_dir / "python"), "-c", "from errcodes_cli.catalog import catalog_path; print(catalog_path())"],
        cwd=scratch,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert str(env_dir) in located.stdout, "a wheel install must read its own copy, not the checkout's"
    shipped = subprocess.run(
        [
            str(bin_dir / "python"),
            "-c",
            "from errcodes_cli.index import prebuilt_index; print(prebuilt_index() is not None)",
        ],
        cwd=scratch,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert shipped.stdout.strip() == "True", "the wheel's search index must match its catalogue"


def test_editable_install_reads_the_checkout(errcode_bin: Path, tmp_path: Path) -> None:
    """The test environment is the README's editable install: it must find data/codes.json from elsewhere."""
    proc = subprocess.run(
        [str(errcode_bin), "MIN_NOTIONAL"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0 and "-4164" in proc.stdout
