"""citekit.render.numbers: number variables and page ranges as citeproc-js prints them.

Expected strings come from the reference renderer (../shared/tools/csl-oracle/render STYLE
tests/data/numbers_cases.bib; outputs kept in tests/golden/numbers_cases.STYLE.txt): APA prints pages
"expanded", Chicago "chicago-16", Harvard (Cite Them Right) as written.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import DATA

from citekit.render import render_entries
from citekit.render.numbers import is_numeric, is_plural, number_info
from citekit.store import load_store

GOLDEN = Path(__file__).parent / "golden"
STYLES = ("apa", "chicago-author-date", "harvard")

# pages value -> (APA "expanded", Chicago "chicago-16"), as the oracle prints them
PAGE_RANGES = [
    ("321-28", "321–328", "321–28"),
    ("1496-1504", "1496–1504", "1496–504"),
    ("100-104", "100–104", "100–104"),
    ("1100-1123", "1100–1123", "1100–1123"),
    ("1393-1399", "1393–1399", "1393–99"),
    ("101-8", "101–108", "101–8"),
    ("2-3", "2–3", "2–3"),
    ("H620-H624", "H620–H624", "H620–24"),
    ("e454-e457", "e454–e457", "e454–57"),
    ("S75-S76", "S75–S76", "S75–76"),
    ("12-15, 20-25", "12–15, 20–25", "12–15, 20–25"),
    ("iv-vi", "iv–vi", "iv–vi"),
    # not ranges of one kind of number: kept as written
    ("106S-106S", "106S-106S", "106S-106S"),
    ("415-U53", "415-U53", "415-U53"),
    ("380B-381", "380B – 381", "380B – 381"),
    ("i-vii,1-116", "i-vii,1-116", "i-vii,1-116"),
    ("42-&", "42-", "42-"),
]


@pytest.mark.parametrize(("value", "expanded", "chicago"), PAGE_RANGES, ids=[v for v, _, _ in PAGE_RANGES])
def test_page_ranges_expanded_and_chicago16(value: str, expanded: str, chicago: str) -> None:
    assert number_info(value, "page", "expanded").text == expanded
    assert number_info(value, "page", "chicago-16").text == chicago


def test_page_ranges_without_a_format_keep_the_last_page_as_written() -> None:
    # Harvard (no page-range-format): "pp. 321–28", "pp. 101–8", "pp. S75–S76"
    assert number_info("321-28", "page").text == "321–28"
    assert number_info("101-8", "page").text == "101–8"
    assert number_info("S75-S76", "page").text == "S75–S76"


def test_a_page_label_in_the_value_is_dropped() -> None:
    # "Section 7, p. 50" prints as "Section 7, 50" in all three styles
    for fmt in (None, "expanded", "chicago-16"):
        assert number_info("Section 7, p. 50", "page", fmt).text == "Section 7, 50"


@pytest.mark.parametrize(("value", "variable", "plural"), [
    ("2", "volume", False),           # Vol. 2
    ("2-3", "volume", True),          # Vols. 2–3
    ("1, 3", "volume", True),         # Vols. 1, 3
    ("12", "number", False),          # No. 12
    ("12-14", "number", True),        # Nos. 12–14
    ("91-A", "number", True),         # Nos. 91-A
    ("3", "number-of-volumes", True),  # 3 vols.
    ("1", "number-of-volumes", False),  # 1 vol.
    ("321-28", "page", True),
    ("i-vii,1-116", "page", True),
])
def test_plural_labels(value: str, variable: str, plural: bool) -> None:
    assert is_plural(value, variable) is plural
    assert number_info(value, variable).plural is plural


def test_number_texts() -> None:
    assert number_info("2-3", "volume").text == "2–3"
    assert number_info("12-14", "number").text == "12–14"
    assert number_info("91-A", "number").text == "91-A"
    assert number_info("1, 3", "volume").text == "1, 3"
    assert number_info("no. 80", "number").text == "80"  # "No. 80": the label comes from the locale


@pytest.mark.parametrize(("value", "variable", "numeric"), [
    ("2", "edition", True), ("2nd", "edition", True), ("3rd", "number", True),  # "2nd ed.", "No. 3rd"
    ("Revised", "edition", False), ("RC-6947", "number", False),                # printed as written
    ("II", "volume", False),                                                    # "II" without "Vol."
    ("no. 80", "number", True), ("", "number", False),
])
def test_numeric_and_non_numeric_values(value: str, variable: str, numeric: bool) -> None:
    assert is_numeric(value, variable) is numeric


def test_non_numeric_values_are_printed_as_written() -> None:
    for value in ("RC-6947", "Revised", "II"):
        info = number_info(value, "number")
        assert not info.numeric and not info.plural
        assert info.text == value


def test_numbers_joined_by_slashes_count_as_one_number_when_asked() -> None:
    # "No. 2/90" in APA and Chicago: numeric for the label, one number (singular)
    assert not is_numeric("2/90", "number")
    assert is_numeric("2/90", "number", slashed=True)
    assert not is_plural("2/90", "number", slashed=True)
    assert is_numeric("3/4/5/6/7", "issue", slashed=True)
    assert not is_numeric("2/x", "number", slashed=True)


@pytest.mark.parametrize(("pages", "want"), [
    ("968-&", "968-"), ("745-+", "745-+"), ("91-A", "91-A"),
])
def test_chicago16_keeps_what_is_not_a_range(pages: str, want: str) -> None:
    assert number_info(pages, "page", "chicago-16").text == want


@pytest.mark.parametrize(("value", "numeric", "plural"), [
    ("7", True, False), ("7-9", True, True), ("10, Issue 260", True, True), ("RC-6947", False, False),
    ("10a", True, False), ("E91-A", True, True), ("II", False, False),
])
def test_numbers_read_by_their_first_value(value: str, numeric: bool, plural: bool) -> None:
    assert (is_numeric(value, "number", slashed=True), is_plural(value, "number", slashed=True)) == (numeric, plural)


@pytest.mark.parametrize(("value", "want"), [("c 3-c 3", "c 3-c 3"), ("3-c 4", "3-c 4"), ("x 3, x 4", "x 3, x 4")])
def test_a_mid_field_word_that_is_no_label_term_stays(value: str, want: str) -> None:
    for fmt in (None, "expanded", "chicago-16"):
        assert number_info(value, "page", fmt).text == want


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.parametrize("style", STYLES)
def test_the_cases_render_as_the_oracle_does(style: str) -> None:
    store = load_store([DATA / "numbers_cases.bib"])
    got = {r.key: _norm(r.text) for r in render_entries(store, store.entries, style)}
    lines = (GOLDEN / f"numbers_cases.{style}.txt").read_text(encoding="utf-8").splitlines()
    want = {k: _norm(t) for k, _, t in (line.partition("\t") for line in lines if line.strip())}
    assert got == want
