"""The text shapes of diagnose, one by one: each finds its own example, and none reads an identifier."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from errcodes_cli.catalog import load_catalog
from errcodes_cli.diagnosis import diagnose
from errcodes_cli.diagnosis.shapes import SHAPES, Shape, read_line

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "errcodes_cli" / "diagnosis"


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.name)
def test_each_shape_reads_its_example_first(shape: Shape) -> None:
    read = list(read_line(shape.example, load_catalog()))
    assert read, f"no shape read {shape.example!r}"
    first, candidate = read[0]
    assert (first.name, candidate.code) == (shape.name, shape.code)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.name)
def test_each_example_is_found_by_diagnose(shape: Shape) -> None:
    assert [f.code for f in diagnose(shape.example)] == [shape.code]


@pytest.mark.parametrize(
    ("line", "codes"),
    [
        ('batch: [{"code":-4131,"msg":"a"},{"code":-2022,"msg":"b"}]', [-4131, -2022]),
        ("-1116: Invalid orderType. then error -2019", [-1116]),  # one error in the one-per-line shapes
        ("-2022 REDUCE_ONLY_REJECT", [-2022]),
        ("-2022 NOT_ITS_NAME", []),  # a code beside another name is no documented name
        ("Timestamp for this request is not valid. (-99999)", []),  # a code the catalogue lacks, in brackets
        ("error -99999 happened", []),  # a labelled code must be one the catalogue knows
        ("order grid-code-1013-7 saved to error-2010.log", []),
        ("price -1021.5 after code review", []),
    ],
)
def test_shapes_read_codes_only_where_written_as_codes(line: str, codes: list[int]) -> None:
    assert [candidate.code for _, candidate in read_line(line, load_catalog())] == codes


def test_a_library_format_and_its_code_key_are_one_code() -> None:
    line = "BinanceAPIException APIError(code=-1013): Filter failure: LOT_SIZE"
    assert [shape.name for shape, _ in read_line(line, load_catalog())] == ["python-binance"]


def test_no_class_over_160_lines_and_no_function_over_60_in_the_diagnose_package() -> None:
    too_long = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
                limit = 160 if isinstance(node, ast.ClassDef) else 60
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > limit:
                    too_long.append(f"{path.name}:{node.name} {size} lines")
    assert not too_long
