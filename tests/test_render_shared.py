"""Cross-style rendering rules (sorting, BibTeX reading, casing, names), each checked against
citeproc-js output for a small BibTeX snippet (expected strings come from ../shared/tools/csl-oracle)."""

from __future__ import annotations

from pathlib import Path

from conftest import write

from citekit.render import format_entries
from citekit.store import load_store


def _render(tmp_path: Path, bib: str, style: str) -> list[tuple[str, str]]:
    store = load_store([write(tmp_path / "t.bib", bib)])
    return [(r.key, r.text) for r in format_entries(store, store.entries, style).entries]


SORT_BIB = """
@misc{m1, author = {{Miljø- og Teknikudvalget}}, title = {Referat d. 10/11 2011}, year = {2011}}
@misc{m2, author = {{Miljø- og Teknikudvalget}}, title = {Referat d. 7/4 2011}, year = {2011}}
@misc{s1, author = {Simonsen, Dorthe}, title = {Tegnets udfordring}, year = {2001}}
@misc{s2, author = {Simonsen, Dorthe}, title = {Tegn og iagttagelse}, year = {2001}}
"""


def test_sorting_compares_numbers_as_numbers_and_words_before_longer_words(tmp_path: Path) -> None:
    assert _render(tmp_path, SORT_BIB, "harvard") == [
        ("m2", "Miljø- og Teknikudvalget (2011a) ‘Referat d. 7/4 2011’."),
        ("m1", "Miljø- og Teknikudvalget (2011b) ‘Referat d. 10/11 2011’."),
        ("s2", "Simonsen, D. (2001a) ‘Tegn og iagttagelse’."),
        ("s1", "Simonsen, D. (2001b) ‘Tegnets udfordring’."),
    ]
    assert [k for k, _ in _render(tmp_path, SORT_BIB, "apa")] == ["m2", "m1", "s2", "s1"]
