"""The Python API a bot imports: the same data the JSON shows."""

from __future__ import annotations

import subprocess
import sys


def test_public_names_are_the_functions() -> None:
    script = (
        "from errcodes_cli import diagnose, lookup, search\n"
        "import errcodes_cli\n"
        "assert callable(diagnose) and callable(lookup) and callable(search)\n"
        "assert errcodes_cli.diagnose is diagnose and errcodes_cli.search is search\n"
        "(f,) = diagnose('APIError(code=-1013): Filter failure: LOT_SIZE')\n"
        "assert f.code == -1013 and f.facts['filter'] == 'LOT_SIZE'\n"
        "assert lookup('-4164').results()[0]['name'] == 'MIN_NOTIONAL'\n"
        "assert search('tick size')[0].to_dict()['code'] == -4014\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr


def test_importing_the_package_is_cheap() -> None:
    script = "import sys, errcodes_cli; print(sorted(m for m in ('typer', 'rich', 'rapidfuzz', 'json') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert proc.stdout.strip() == "[]"
