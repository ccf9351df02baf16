"""Only what is there: ordinary log lines full of code-like numbers make no finding (a Hypothesis
property), and the same line with the number after `"code":` makes exactly one (its positive control)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from errcodes_cli.catalog import load_catalog
from errcodes_cli.diagnosis import diagnose

CODES = sorted({e.code for e in load_catalog().entries})  # -1013, -4164 ... and pm's positive 51007

digits = st.sampled_from(sorted({abs(code) for code in CODES}))  # as digits: 1013, 4164, 51007 ...
identifier = st.one_of(
    st.builds(
        lambda p, n, s: f"{p}-{n}-{s}",
        st.sampled_from(["grid-code", "bot", "E", "ord", "x-MPXJ"]),
        digits,
        st.integers(0, 99),
    ),
    st.builds(lambda p, n: f"{p}-{n}", st.sampled_from(["code", "E", "req", "cid", "strategy"]), digits),
    st.builds(lambda n, s: f"{n}{s:03d}", digits, st.integers(0, 999)),
)
price = st.builds(lambda n, f: f"-{n}.{f:02d}", digits, st.integers(1, 99))
prose = st.builds(
    lambda n, w: f"{w} {n} ms" if w == "retrying in" else f"{w} #{n}",
    digits,
    st.sampled_from(["retrying in", "batch", "ticket", "step", "ref"]),
)
field = st.one_of(
    st.builds(lambda v: f"clientOrderId={v}", identifier),
    st.builds(lambda v: f'"newClientOrderId":"{v}"', identifier),
    st.builds(lambda v: f"pnl={v}", price),
    st.builds(lambda v: f"price={v}", price),
    st.builds(lambda v: f"file=/var/log/bot/{v}.log", identifier),
    prose,
)
stamp = st.builds(
    lambda h, m, ms: f"2026-11-30 {h:02d}:{m:02d}:01,{ms:03d}",
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 999),
)
level = st.sampled_from(["INFO", "DEBUG", "WARNING"])
log_line = st.builds(
    lambda t, lv, what, fields: f"{t} {lv} {what} " + " ".join(fields),
    stamp,
    level,
    st.sampled_from(["order placed", "order FILLED", "strategy signal", "position update", "binance order ack"]),
    st.lists(field, min_size=1, max_size=5),
)


@settings(max_examples=300, deadline=None)
@given(log_line)
def test_code_like_numbers_in_ordinary_lines_make_no_finding(line: str) -> None:
    assert diagnose(line) == [], line


@settings(max_examples=150, deadline=None)
@given(log_line, st.sampled_from(CODES))
def test_the_same_line_with_the_number_after_code_makes_one(line: str, code: int) -> None:
    found = diagnose(f'{line} {{"code":{code},"msg":"rejected"}}')
    assert [f.code for f in found] == [code], line
