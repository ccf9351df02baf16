"""The catalogue is the product: its facts are checked against copies of the published lists."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from errcodes_cli.catalog import (
    CATEGORIES,
    OWN_WORDS,
    RETRY_VERDICTS,
    Catalog,
    build_catalog,
    catalog_path,
    load_catalog,
    lookup,
    normalize_name,
    parse_number,
)
from errcodes_cli.commands import ExitCode, exit_code_for
from errcodes_cli.errors import CatalogError

from .conftest import DATA


def _unescape_markdown(text: str) -> str:
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text).replace("`", "")


def seed_list() -> dict[int, tuple[str, list[str]]]:
    """Parse the Aster list (tests/data/aster_seed_errors.md): code -> (name, messages)."""
    codes: dict[int, tuple[str, list[str]]] = {}
    current: int | None = None
    for line in (DATA / "aster_seed_errors.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^###\s+\\?(-\d+)\s+(.*)$", line)
        if heading:
            current = int(heading.group(1))
            codes[current] = (_unescape_markdown(heading.group(2)).strip(), [])
        elif current is not None and (bullet := re.match(r"^\*\s+(.*?)\s*$", line)):
            codes[current][1].append(_unescape_markdown(bullet.group(1)))
    return codes


PRODUCT_LISTS = ("usdm", "spot", "coinm", "options", "pm", "pmpro")


def official(product: str) -> list[dict[str, Any]]:
    """Binance's list for one product (tests/data/binance_official.json): code, name, messages."""
    return json.loads((DATA / "binance_official.json").read_text(encoding="utf-8"))[product]  # type: ignore[no-any-return]


def official_list() -> list[dict[str, Any]]:
    return official("usdm")


def aster_lists() -> dict[int, tuple[str | None, set[str]]]:
    """Every Aster list (the seed, V3 spot, V1 and V3 futures, Aster-only codes): code -> (name, messages)."""
    lists = json.loads((DATA / "aster_lists.json").read_text(encoding="utf-8"))
    codes: dict[int, tuple[str | None, set[str]]] = {c: (n, set(m)) for c, (n, m) in seed_list().items()}
    for key in ("futures_v3", "spot_v3", "futures_v1", "aster_only"):
        for item in lists[key]:
            name, messages = codes.get(item["code"], (item["name"], set()))
            codes[item["code"]] = (name, messages | set(item["messages"]))
    return codes


def messages_of(catalog: Catalog, code: int, product: str = "usdm") -> dict[str, tuple[str, ...]]:
    (entry,) = [e for e in catalog.entries if e.product == product and e.code == code]
    return {m.text: m.sources for m in entry.messages}


def test_seed_list_parses_to_its_known_size() -> None:
    seed = seed_list()
    assert len(seed) == 110
    assert sum(len(msgs) for _, msgs in seed.values()) == 138


def test_every_seed_code_name_and_message_is_in_the_catalogue_verbatim(catalog: Catalog) -> None:
    for code, (name, messages) in seed_list().items():
        (entry,) = [e for e in catalog.entries if e.product == "usdm" and e.code == code]
        assert entry.name == name, code
        stored = messages_of(catalog, code)
        for text in messages:
            assert text in stored, (code, text)
            assert "aster" in stored[text], (code, text)


def test_seed_keeps_its_typography(catalog: Catalog) -> None:
    assert "The client\u2019s custom order ID is empty." in messages_of(catalog, -1119)
    assert "Mandatory parameter %s was not sent, was empty/null, or malformed." in messages_of(catalog, -1102)


# portfolio margin pro: 222 rows of the compiled list (-5012 twice, under two names) and the page's 15
# nameless 20xxx/18xxx codes the compiled list lacks
@pytest.mark.parametrize(
    ("product", "size"),
    [("usdm", 206), ("spot", 106), ("coinm", 155), ("options", 122), ("pm", 180), ("pmpro", 237)],
)
def test_every_official_code_name_and_message_is_in_the_catalogue_verbatim(
    catalog: Catalog, product: str, size: int
) -> None:
    items = official(product)
    assert len(items) == size
    for item in items:
        (entry,) = [e for e in catalog.entries if e.product == product and e.code == item["code"]]
        assert item["name"] in (entry.names or ("",)), (product, item["code"])  # -4531 is listed without a name
        stored = {m.text: m.sources for m in entry.messages}
        for text in item["messages"]:
            assert text in stored and "binance" in stored[text], (product, item["code"], text)


def test_every_aster_code_and_message_is_a_usdm_entry(catalog: Catalog) -> None:
    for code, (_, messages) in aster_lists().items():
        stored = messages_of(catalog, code)
        for text in messages:
            assert "aster" in stored.get(text, ()), (code, text)


def test_message_sources_are_exact(catalog: Catalog) -> None:
    """A message is tagged with a venue only if that venue's list for the product has it, word for word."""
    aster = aster_lists()
    former = {("spot", int(i["code"]), i["text"]) for i in spot_former()}
    binance: dict[str, dict[int, list[str]]] = {p: {} for p in PRODUCT_LISTS}
    for product in PRODUCT_LISTS:
        for item in official(product):  # a code listed twice (pmpro -5012) has the messages of both rows
            binance[product].setdefault(int(item["code"]), []).extend(item["messages"])
    for entry in catalog.entries:
        for message in entry.messages:
            in_aster = entry.product == "usdm" and message.text in aster.get(entry.code, (None, set()))[1]
            assert ("aster" in message.sources) == in_aster, (entry.product, entry.code, message.text)
            if message.until:
                listed = (entry.product, entry.code, message.text) in former
            else:
                listed = message.text in binance[entry.product].get(entry.code, [])
            assert ("binance" in message.sources) == listed, (entry.product, entry.code)


def spot_former() -> list[dict[str, Any]]:
    """Wordings the spot list printed once and no longer does (tests/data/binance_spot_former.json)."""
    return json.loads((DATA / "binance_spot_former.json").read_text(encoding="utf-8"))["messages"]  # type: ignore[no-any-return]


def test_a_former_wording_is_one_its_list_printed_until_that_day(catalog: Catalog) -> None:
    """Each message with `until` is a wording spot's list printed before, dated by the version that changed it."""
    items = spot_former()
    expected = {(i["code"], i["text"], i["until"]) for i in items}
    stored = {(e.code, m.text, m.until) for e in catalog.entries for m in e.messages if m.until}
    assert stored == expected and all(e.product == "spot" for e in catalog.entries for m in e.messages if m.until)
    for item in items:
        (entry,) = [e for e in catalog.entries if e.product == "spot" and e.code == item["code"]]
        assert entry.name == item["name"] and item["text"] not in {m for i in official("spot") for m in i["messages"]}
        assert any(item["last_listed"] in ref for ref in entry.refs), item["code"]


def test_catalogue_has_nothing_beyond_the_published_lists(catalog: Catalog) -> None:
    published = {(p, int(i["code"])) for p in PRODUCT_LISTS for i in official(p)} | {("usdm", c) for c in aster_lists()}
    assert {(e.product, e.code) for e in catalog.entries} == published


def test_venues_follow_the_lists(catalog: Catalog) -> None:
    assert lookup("-5050").entries[0].venues == ("aster",)
    assert lookup("-4164").entries[0].venues == ("binance", "aster")
    assert all(e.venues == ("binance",) for e in catalog.entries if e.product != "usdm")


def test_a_shared_meaning_is_written_once(catalog: Catalog) -> None:
    """An entry that shares another product's text holds none of its own in the file (never a copy)."""
    raw = json.loads(Path(catalog_path()).read_text(encoding="utf-8"))
    shared = [i for i in raw["entries"] if "same_as" in i]
    assert len(shared) >= 40
    for item in shared:
        assert not set(item) & set(OWN_WORDS), item["code"]
    texts = [(i["summary"], i["explanation"]) for i in raw["entries"] if "summary" in i]
    assert len(texts) == len(set(texts)), "two entries carry the same words; share them with same_as"
    for entry in catalog.entries:
        text = entry.summary + entry.explanation + " ".join(entry.fixes)
        assert "{api}" not in text
        if entry.same_as is not None:  # the shared text names its own product's paths only through {api}
            source = catalog.products[entry.same_as].api.rsplit("/", 1)[0] + "/"
            assert not re.search(rf"(?<![\w/]){re.escape(source)}", text), (entry.product, entry.code)


def test_every_entry_is_complete(catalog: Catalog) -> None:
    keys = [(e.product, e.code) for e in catalog.entries]
    assert len(keys) == len(set(keys))
    for e in catalog.entries:
        assert e.summary.strip() and e.explanation.strip() and e.fixes and all(f.strip() for f in e.fixes), e.code
        assert e.retry in RETRY_VERDICTS and e.category in CATEGORIES, e.code
        assert set(e.related) <= {c for p, c in keys if p == e.product} and e.code not in e.related, e.code
        texts = [m.text for m in e.messages]
        assert texts and len(texts) == len(set(texts)), e.code
        assert e.keywords, e.code


def test_explanations_are_not_the_message_reworded(catalog: Catalog) -> None:
    for e in catalog.entries:
        assert e.explanation not in {m.text for m in e.messages}, e.code
        assert len(e.explanation) > 80, e.code


@pytest.mark.parametrize("code", [-1119, -4012, -4045, -4055, -4057, -1112, -4141])
def test_where_aster_wording_changed_the_meaning_the_explanation_says_so(catalog: Catalog, code: int) -> None:
    entry = catalog.by_code(code)[0]
    assert "Aster" in entry.explanation, code


def test_timestamp_entry_teaches_clock_sync(catalog: Catalog) -> None:
    entry = catalog.by_code(-1021)[0]
    text = entry.explanation + " ".join(entry.fixes)
    for needle in ("recvWindow", "5000", "GET /fapi/v1/time", "1000 ms", "NTP"):
        assert needle in text, needle


def test_min_notional_entry_teaches_the_computation(catalog: Catalog) -> None:
    entry = catalog.by_code(-4164)[0]
    text = entry.explanation + " ".join(entry.fixes)
    for needle in ("price x quantity", "notional", "exchangeInfo", "stepSize", "reduceOnly"):
        assert needle in text, needle


def test_order_status_unknown_codes_say_check_first(catalog: Catalog) -> None:
    for code in (-1006, -1007):
        assert catalog.by_code(code)[0].retry == "check-status-first"
    for status in (500, 503, 504):
        found = catalog.http_status(status)
        assert found is not None and found.retry == "check-status-first"


def test_http_section_covers_the_statuses_bots_meet(catalog: Catalog) -> None:
    for status in (403, 418, 429, 503):
        assert catalog.http_status(status) is not None


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("-4164", (4164, True)),
        ("4164", (4164, False)),
        ("\u22124164", (4164, True)),
        ("418", (418, False)),
        ("MIN", None),
        ("-41a", None),
    ],
)
def test_parse_number(token: str, expected: tuple[int, bool] | None) -> None:
    assert parse_number(token) == expected


@pytest.mark.parametrize("name", ["MIN_NOTIONAL", "min_notional", "min-notional", "Min Notional"])
def test_names_match_case_and_separator_insensitively(name: str) -> None:
    assert normalize_name(name) == "MIN_NOTIONAL"
    assert [(e.product, e.code) for e in lookup(name).entries] == [("usdm", -4164), ("coinm", -4178), ("pm", -4164)]


def test_lookup_reads_codes_statuses_and_partial_names() -> None:
    assert lookup("4164").how == "code"
    assert lookup("418").how == "http" and lookup("418").http is not None
    partial = lookup("notional")
    assert partial.how == "partial-name" and {-4164, -5029} <= {e.code for e in partial.entries}
    assert not lookup("-99999").found and lookup("-99999").results() == []


def test_catalogue_is_found_from_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ERRCODE_CATALOG", raising=False)
    assert Path(catalog_path()).is_file()


def _valid_document() -> dict[str, object]:
    return json.loads(Path(catalog_path()).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("break_it", "complaint"),
    [
        (lambda d: d["entries"][0].update(summary=""), "entries[0].summary"),
        (lambda d: d["entries"][0].update(retry="maybe"), "entries[0].retry"),
        (lambda d: d["entries"][0].update(related=[-123456]), "entries[0].related"),
        (lambda d: d["entries"].append(dict(d["entries"][0])), "repeated"),
        (lambda d: d["entries"][0]["messages"].append(dict(d["entries"][0]["messages"][0])), "appears twice"),
        (lambda d: d.update(schema_version=99), "schema_version"),
        (lambda d: d["entries"][1].pop("fixes"), "entries[1].fixes"),
    ],
)
def test_broken_catalogue_is_named_precisely(break_it, complaint: str) -> None:  # type: ignore[no-untyped-def]
    document = _valid_document()
    break_it(document)
    with pytest.raises(CatalogError, match=re.escape(complaint)) as info:
        build_catalog(document)
    assert exit_code_for(info.value) == ExitCode.BROKEN_CATALOG


def test_unreadable_catalogue_raises_catalog_error(tmp_path: Path) -> None:
    bad = tmp_path / "codes.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CatalogError, match="unreadable"):
        load_catalog(bad)
    with pytest.raises(CatalogError, match="not found"):
        load_catalog(tmp_path / "missing.json")


def test_a_slice_refuses_what_it_was_not_built_for() -> None:
    from errcodes_cli.catalog import CatalogSlice, load_slice

    piece = load_slice(frozenset({-4164, -1021}))
    assert isinstance(piece, CatalogSlice) and {e.code for e in piece.entries} == {-4164, -1021}
    assert [(e.product, e.code) for e in piece.by_code(-4164)] == [("usdm", -4164), ("pm", -4164)]
    for ask in (
        lambda: piece.by_code(-2019),
        lambda: piece.by_name("MIN_NOTIONAL"),
        lambda: piece.by_message("Margin is insufficient."),
    ):
        with pytest.raises(LookupError):
            ask()


def test_shipped_pieces_are_the_ones_made_from_the_catalogue() -> None:
    """data/codes_pieces.json is regenerated with `python -m errcodes_cli.pieces > data/codes_pieces.json`."""
    import subprocess
    import sys

    generated = subprocess.run(
        [sys.executable, "-m", "errcodes_cli.pieces"], capture_output=True, text=True, check=True
    ).stdout
    assert generated == (Path(catalog_path()).parent / "codes_pieces.json").read_text(encoding="utf-8")


def test_a_slice_read_by_spans_equals_the_slice_of_the_whole_file(catalog: Catalog) -> None:
    from errcodes_cli import pieces
    from errcodes_cli.catalog import build_catalog

    codes = frozenset({-4164, -2019, 51007, -5012})  # no spot entry: spot's filters and notes are not read
    document = pieces.read(catalog_path(), codes)
    assert document is not None
    whole = json.loads(Path(catalog_path()).read_bytes())
    per_product = {"filters", "message_notes", "entries"}
    assert {k: v for k, v in document.items() if k not in per_product} == {
        k: v for k, v in whole.items() if k not in per_product
    }
    products = {"usdm", "coinm", "pm", "pmpro"}
    for key in ("filters", "message_notes"):
        assert document[key] == {p: v for p, v in whole[key].items() if p in products}
    assert sorted(build_catalog(document, codes=codes).entries, key=lambda e: (e.product, e.code)) == sorted(
        (e for e in catalog.entries if e.code in codes), key=lambda e: (e.product, e.code)
    )


@pytest.mark.parametrize("edit", ["longer", "same size"])
def test_pieces_made_from_another_catalogue_are_not_used(run_installed, tmp_path: Path, edit: str) -> None:  # type: ignore[no-untyped-def]
    """An edited catalogue beside the shipped pieces: a lookup reads it whole and shows the edit."""
    source = Path(catalog_path())
    text = source.read_text(encoding="utf-8")
    summary = next(e.summary for e in load_catalog().by_code(-4164))
    edited = text.replace(f'"summary": "{summary}"', f'"summary": "{summary}!ZANZIBAR"', 1)
    if edit == "same size":  # keep the file's size, every span after the first entry shifted: take as
        # many characters out of the first entry's summary
        first = next(e.summary for e in load_catalog().by_code(-1000))
        edited = edited.replace(f'"summary": "{first}"', f'"summary": "{first[: -len("!ZANZIBAR")]}"', 1)
        assert len(edited.encode()) == len(text.encode())
    (tmp_path / "codes.json").write_text(edited, encoding="utf-8")
    (tmp_path / "codes_pieces.json").write_bytes((source.parent / "codes_pieces.json").read_bytes())
    proc = run_installed("-4164", env={"ERRCODE_CATALOG": str(tmp_path / "codes.json")})
    assert proc.returncode == 0, proc.stderr
    assert "ZANZIBAR" in proc.stdout


def test_a_common_request_code_is_common_on_every_product(catalog: Catalog) -> None:
    """The general and request codes (-1000 to -1199) come from the request layer every product shares,
    so one met often on one product is marked common on each that lists it with the same name; -1013
    aside: spot sends its filter failures under it, the futures products under their own -4xxx codes."""
    common = {e.meaning for e in catalog.entries if e.common and -1199 <= e.code <= -1000 and e.code != -1013}
    assert not [
        (e.product, e.code) for e in catalog.entries if e.meaning in common and not e.common and e.code != -1013
    ]
