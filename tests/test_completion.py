"""Completion scripts: in sync with the app and catalogue, and right in the real shells."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from errcodes_cli.cli import completion_spec
from errcodes_cli.completion import FILE_NAMES, SHELLS, build_script, install_path

ROOT = Path(__file__).resolve().parents[1]
COMPLETIONS = ROOT / "completions"

# A real interactive zsh in a pseudo-terminal (zpty) with its completion system loaded (compinit), the
# script found on $fpath as an installed one is. TAB is typed after the line; compadd is wrapped only to
# record the matches zsh itself kept (builtin compadd -O applies zsh's own matching), then adds them.
ZSH_CAPTURE = r"""
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z "PS1=''; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
zpty -w z 'compadd() { local -a __hits; builtin compadd -O __hits "$@"; local h; for h in $__hits; do print -r -- "<""hit>$h</""hit>" >&2; done; builtin compadd "$@" }'
zpty -w z 'comppostfuncs=(_capture_done); _capture_done() { print -r -- "<""done>" >&2 }'
zpty -w z "$2"$'\t'
local line out quiet=0
while (( SECONDS < 30 )); do  # until the completion is done and the match list is drawn
    if zpty -r -t z line 2>/dev/null; then
        out+=$line; quiet=0
    elif [[ $out == *'<done>'* ]] && (( ++quiet > 10 )); then
        break
    else
        sleep 0.05
    fi
done
zpty -d z
print -r -- "$out"
"""

BASH_HARNESS = r"""
source "$2"
read -ra COMP_WORDS <<< "$1"
[[ $1 == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_errcode
printf '%s\n' "${COMPREPLY[@]}"
"""


def shell_or_skip(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run installs it")
        pytest.skip(f"{name} is not installed")
    return path


def complete(shell: str, line: str) -> list[str]:
    """Candidates the shell offers for `line`, with errcode not on PATH."""
    if shell == "zsh":
        return re.findall(r"<hit>(.*?)</hit>", zsh_screen(line))
    script = str(COMPLETIONS / FILE_NAMES[shell])
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp")}
    if shell == "fish":
        args = [shell_or_skip("fish"), "--no-config", "-c", f"source {script}; complete -C {line!r}"]
    else:
        args = [shell_or_skip("bash"), "--norc", "-c", BASH_HARNESS, "bash", line, script]
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout.splitlines()


def zsh_screen(line: str) -> str:
    """What a real zsh shows after TAB at the end of `line` (the match list included), with the
    matches it kept marked <hit>...</hit>."""
    zsh = shell_or_skip("zsh")
    with tempfile.TemporaryDirectory() as site_functions:
        shutil.copy(COMPLETIONS / FILE_NAMES["zsh"], site_functions)
        env = {"PATH": "/usr/bin:/bin", "HOME": site_functions, "TERM": "xterm"}
        proc = subprocess.run(
            [zsh, "-f", "-c", ZSH_CAPTURE, "zsh", site_functions, line],
            capture_output=True,
            text=True,
            env=env,
            timeout=90,
            check=False,
        )
    assert proc.returncode == 0 and "<done>" in proc.stdout, proc.stdout + proc.stderr
    return proc.stdout


@pytest.mark.parametrize("shell", SHELLS)
def test_committed_scripts_match_the_app_and_catalogue(shell: str) -> None:
    expected = build_script(shell, completion_spec())
    assert (COMPLETIONS / FILE_NAMES[shell]).read_text(encoding="utf-8") == expected, (
        f"completions/{FILE_NAMES[shell]} is stale: run `errcode completion {shell} > completions/{FILE_NAMES[shell]}`"
    )


@pytest.mark.parametrize("shell", SHELLS)
def test_codes_names_and_commands(shell: str) -> None:
    def values(line: str) -> list[str]:
        return [c.split("\t")[0] for c in complete(shell, line)]

    assert "-4164" in values("errcode -416")
    assert "4164" in values("errcode 416")
    assert "MIN_NOTIONAL" in values("errcode min_not")
    assert "MIN_NOTIONAL" in values("errcode MIN")
    found = values("errcode s")
    assert "show" in found and "search" in found
    assert "REQUEST_THROTTLED" in values("errcode request_thr")
    assert "MIN_NOTIONAL" in values("errcode min-not")  # - and _ alike
    assert "MAX_OPEN_ORDER_EXCEEDED" in values("errcode Max_Open_Ord")  # any case


@pytest.mark.parametrize("shell", SHELLS)
def test_subcommand_words(shell: str) -> None:
    def values(line: str) -> set[str]:
        return {c.split("\t")[0] for c in complete(shell, line)}

    assert values("errcode completion ") >= {"bash", "zsh", "fish", "install"}
    assert values("errcode completion f") == {"fish"}
    assert values("errcode help ") >= {"search", "list", "diagnose"}


@pytest.mark.parametrize("shell", SHELLS)
def test_options_and_their_values(shell: str) -> None:
    options = [c.split("\t")[0] for c in complete(shell, "errcode search --")]
    assert "--limit" in options and "--json" in options and "--category" in options
    assert "auth" in [c.split("\t")[0] for c in complete(shell, "errcode list --category ")]
    products = {c.split("\t")[0] for c in complete(shell, "errcode list --product ")}
    assert products == {"usdm", "spot", "coinm", "options", "pm", "pmpro"}
    assert "51007" in [c.split("\t")[0] for c in complete(shell, "errcode 510")]  # pm's positive codes


def test_fish_shows_the_summary() -> None:
    lines = complete("fish", "errcode -416")
    assert any(line.startswith("-4164\t") and "notional" in line for line in lines)


def test_zsh_shows_the_summary() -> None:
    screen = zsh_screen("errcode -416")
    assert re.search(r"-4164 +-- [^\n]*notional", screen)


def test_bash_with_bash_completion_loader(tmp_path: Path) -> None:
    """Installed where bash-completion looks, the script is found by its on-demand loader."""
    bash = shell_or_skip("bash")
    loader = Path("/usr/share/bash-completion/bash_completion")
    if not loader.exists():
        if os.environ.get("CI"):
            pytest.fail("bash-completion is not installed; .ci/run installs it")
        pytest.skip("bash-completion is not installed")
    target = tmp_path / "bash-completion" / "completions" / "errcode"
    target.parent.mkdir(parents=True)
    shutil.copy(COMPLETIONS / FILE_NAMES["bash"], target)
    script = f"source {loader}; __load_completion errcode; complete -p errcode"
    proc = subprocess.run(
        [bash, "--norc", "-c", script],
        env={"XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "_errcode" in proc.stdout, proc.stderr


def test_install_writes_the_script_where_the_shell_reads_it(run_installed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    proc = run_installed("completion", "install", "fish", env={"HOME": str(home), "XDG_CONFIG_HOME": ""})
    assert proc.returncode == 0, proc.stderr
    written = home / ".config" / "fish" / "completions" / "errcode.fish"
    assert written.read_text(encoding="utf-8") == (COMPLETIONS / "errcode.fish").read_text(encoding="utf-8")
    zsh = run_installed("completion", "install", env={"HOME": str(home), "SHELL": "/usr/bin/zsh"})
    assert zsh.returncode == 0 and (home / ".zfunc" / "_errcode").is_file() and "fpath" in zsh.stdout
    unknown = run_installed("completion", "install", env={"HOME": str(home), "SHELL": "/bin/tcsh"})
    assert unknown.returncode == 2 and "name it" in unknown.stderr


def test_printing_a_script_and_rejecting_other_words(run_installed) -> None:  # type: ignore[no-untyped-def]
    assert run_installed("completion", "bash").stdout == (COMPLETIONS / "errcode.bash").read_text(encoding="utf-8")
    assert run_installed("completion", "powershell").returncode == 2


def test_typer_completion_options_are_off(run_installed) -> None:  # type: ignore[no-untyped-def]
    assert run_installed("--install-completion").returncode == 2
    assert "--show-completion" not in run_installed("--help").stdout


def test_install_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert install_path("bash") == tmp_path / "bash-completion/completions/errcode"
