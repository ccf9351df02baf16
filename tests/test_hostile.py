"""Input from the internet: huge, malformed, binary or adversarial. Never a crash, never a hang."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from errcodes_cli.catalog import lookup
from errcodes_cli.diagnosis import Notes, diagnose
from errcodes_cli.diagnosis.reading import read_pieces
from errcodes_cli.ranking import search

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")

HANG_GUARD_SECONDS = 30  # a generous bound: these inputs finish in well under a second here

SHAPES = st.sampled_from(
    [
        '{"code":%d,"msg":"x"}',
        "APIError(code=%d): Filter failure: LOT_SIZE",
        "<APIError> code=%d, msg=boom",
        "ClientError: (400, %d, 'msg', {})",
        "{'code': %d, 'msg': 'y'}",
        "{ code: %d, msg: 'js' }",
        '{"id":7,"status":400,"error":{"code":%d,"msg":"ws"}}',
        '[{"orderId":1,"status":"NEW"},{"code":%d,"msg":"batch"}]',
    ]
)
KNOWN_CODE_SHAPES = st.sampled_from(
    [
        "BinanceApiException: %d: Filter failure: LOT_SIZE",
        "error | Binance: order create error: %d |",
        "binance: %d Unknown order sent.",
    ]
)


@given(st.text(max_size=400))
def test_diagnose_never_raises_on_text(text: str) -> None:
    for finding in diagnose(text):
        if not finding.inferred and finding.code is not None:
            assert str(finding.code) in text


@given(st.binary(max_size=400))
def test_reader_never_raises_on_bytes(data: bytes) -> None:
    import io

    diagnose(list(read_pieces(io.BytesIO(data), Notes())))


@given(st.text(max_size=60), SHAPES, st.integers(min_value=-99999, max_value=-1), st.text(max_size=60))
def test_codes_in_context_are_found_anywhere_in_a_line(before: str, shape: str, code: int, after: str) -> None:
    text = before.replace("\n", " ") + " " + shape % code + " " + after.replace("\n", " ")
    found = [f.code for f in diagnose(text) if not f.inferred]
    assert code in found
    for value in found:
        assert str(value) in text


@given(st.text(max_size=60), KNOWN_CODE_SHAPES, st.data())
def test_known_codes_in_looser_shapes_are_found(before: str, shape: str, data: st.DataObject) -> None:
    from errcodes_cli.catalog import load_catalog

    code = data.draw(st.sampled_from(sorted({e.code for e in load_catalog().entries if e.code <= -1000})))
    text = before.replace("\n", " ") + " " + shape % code
    found = [f.code for f in diagnose(text) if not f.inferred]
    assert code in found
    for value in found:
        assert str(value) in text


def test_a_pasted_page_as_a_search_query_is_read_only_so_far(errcode_bin: Path) -> None:
    page = (
        "tick size " + "order margin invalid symbol price quantity leverage " * 2_000
    )  # ~100 kB, near the 128 kB cap of one argument
    found = subprocess.run(
        [str(errcode_bin), "search", "--json", page],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    assert found.returncode == 0 and json.loads(found.stdout)["results"]


@given(st.text(max_size=80))
def test_lookup_and_search_never_raise(query: str) -> None:
    lookup(query)
    search(query)


def _run(errcode_bin: Path, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(errcode_bin), "diagnose", str(path)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("long_line", b"x" * (20 << 20), 1),
        ("code_keys", b'{"code":' * (1 << 17), 1),
        ("deep_json", b"[" * 100_000 + b"]" * 100_000, 1),
        ("deep_object", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, 1),
        ("dashes_digits", b"-1" * 500_000 + b"-" * 100_000 + b"9" * 100_000, 1),
        ("many_codes", b'{"code":-1121,"msg":"x"}' * 40_000, 0),
    ],
)
def test_adversarial_inputs_finish(errcode_bin: Path, tmp_path: Path, name: str, content: bytes, code: int) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    proc = _run(errcode_bin, path)
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "data",
    [
        '{"code":-1121,"msg":"Invalid symbol."}\r\n'.encode("utf-16"),
        b'\xff\x00garbage\xc3\x28 {"code":-1121,"msg":"Invalid symbol."}\n',
        b'\x00\x00{"code":-1121,"msg":"Invalid symbol."}\x00\r\n',
    ],
)
def test_encodings_still_find_the_error(run_installed, data: bytes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    proc = run_installed("diagnose", str(path), env={"LANG": "C", "LC_ALL": "C"})
    assert proc.returncode == 0, proc.stderr
    assert "-1121" in proc.stdout and "\x00" not in proc.stdout
    if b"\xc3\x28" in data:
        assert "undecodable bytes" in proc.stderr
    if data.startswith(b"\xff\xfe"):
        assert "UTF-16" in proc.stderr


def test_broken_pipe_is_quiet(errcode_bin: Path) -> None:
    proc = subprocess.run(
        f"'{errcode_bin}' list | head -1", shell=True, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.stdout.count("\n") == 1 and "Error" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("content", [None, "{broken", '{"schema_version": 1, "products": {}}'])
def test_missing_or_corrupt_catalogue_exits_3(run_installed, tmp_path: Path, content: str | None) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "codes.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    for args in (["-4164"], ["list"], ["search", "x"]):
        proc = run_installed(*args, env={"ERRCODE_CATALOG": str(path)})
        assert proc.returncode == 3, (args, proc.stderr)
        assert "codes.json" in proc.stderr and "Traceback" not in proc.stderr
