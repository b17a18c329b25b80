"""Chicago author-date: one entry per rule of the CSL style, compared with citeproc-js's output."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, norm_text, read_golden, style_module

from citekit.render import render_entries
from citekit.store import load_store

GOLDEN = Path(__file__).parent / "golden" / "chicago_cases.chicago-author-date.txt"
STYLE_FILE = Path(__file__).parents[1] / "styles" / "chicago-author-date.py"





@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    store = load_store([DATA / "chicago_cases.bib"])
    return {r.key: norm_text(r.text) for r in render_entries(store, store.entries, "chicago-author-date")}


@pytest.mark.parametrize(("key", "want"), read_golden(GOLDEN), ids=[k for k, _ in read_golden(GOLDEN)])
def test_entry_matches_citeproc_js(rendered: dict[str, str], key: str, want: str) -> None:
    assert rendered[key] == want


def test_bibliography_order_matches_citeproc_js() -> None:
    store = load_store([DATA / "chicago_cases.bib"])
    got = [r.key for r in render_entries(store, store.entries, "chicago-author-date")]
    assert got == [k for k, _ in read_golden(GOLDEN)]


@pytest.mark.parametrize(("given", "want"), [
    ("C.-L.", "C. L."), ("W.M.P.", "W. M. P."), ("C.W.", "C. W."), ("A", "A."), ("Jo A", "Jo A."),
    ("I-Cherng", "I.-Cherng"), ("Jean-Pierre", "Jean-Pierre"), ("AK", "AK"), ("Ma. Luisa", "Ma. Luisa"),
])
def test_given_names_keep_their_form_with_normalised_initials(given: str, want: str) -> None:
    assert style_module("chicago-author-date").normalize_given(given) == want


def test_collation_compares_numbers_as_numbers() -> None:
    collate = style_module("chicago-author-date").collate
    assert collate("Referat d. 9/6 2011") < collate("Referat d. 10/11 2011")
    assert collate("Ärger") < collate("Bär")


@pytest.mark.parametrize(("parts", "circa", "want"), [
    ([[1984], [1986]], False, "1984–1986"), ([[2015], [0]], False, "2015–"), ([[-3001]], True, "[3001 BC?]"),
    ([[2012, 22], [2012, 23]], False, "2012"),
])
def test_years_as_citeproc_js_writes_them(parts: list[list[int]], circa: bool, want: str) -> None:
    from citekit.render.locale import get_locale
    from citekit.render.template import Ctx

    issued: dict[str, object] = {"date-parts": parts}
    if circa:
        issued["circa"] = True
    ctx = Ctx({"id": "x", "type": "book", "issued": issued}, get_locale("en-US"))
    rich, _ = style_module("chicago-author-date").year_of("issued")(ctx)
    assert rich.text == want


def _render_item(item: dict[str, object]) -> str:
    from citekit.render.engine import render_item
    from citekit.render.style import load_style
    from citekit.render.template import Ctx

    style = load_style("chicago-author-date")
    ctx = Ctx(item, style.locale())
    style.sort_key(ctx)
    return render_item(ctx, style).text


def test_software_release_and_version_label() -> None:
    # citeproc-js (chicago-author-date.csl) on this CSL item:
    # "Borenstein, M. 2014. Comprehensive Meta-Analysis. V. 3.3.070. Biostat, released."
    item = {"id": "s", "type": "software", "author": [{"family": "Borenstein", "given": "M."}],
            "title": "Comprehensive meta-analysis", "version": "3.3.070", "publisher": "Biostat",
            "issued": {"date-parts": [[2014]]}}
    assert _render_item(item) == "Borenstein, M. 2014. Comprehensive Meta-Analysis. V. 3.3.070. Biostat, released."


def test_status_stands_for_the_date() -> None:
    item = {"id": "p", "type": "book", "author": [{"family": "Writer", "given": "Wanda"}], "title": "Future book",
            "status": "in press", "publisher": "P"}
    assert _render_item(item) == "Writer, Wanda. In press. Future Book. P."


def test_first_author_given_name_as_written_when_another_entry_shares_its_initial() -> None:
    # citeproc-js prints "Eriksson, A, K. Hansson, ..." (no period) when "Eriksson, AS" also leads an entry:
    # the entry's first name is handed over as written, flagged for the full-given-name form.
    from citekit.render.style import load_style
    from citekit.render.template import Ctx

    style = style_module("chicago-author-date")
    locale = load_style("chicago-author-date").locale()
    a = {"id": "a", "type": "book", "author": [{"family": "Eriksson", "given": "A"}, {"family": "Hansson", "given": "K"}]}
    b = {"id": "b", "type": "book", "author": [{"family": "Eriksson", "given": "AS"}, {"family": "Lord", "given": "P"}]}
    c = {"id": "c", "type": "book", "author": [{"family": "Polton", "given": "G"}]}
    d = {"id": "d", "type": "book", "author": [{"family": "Polton", "given": "GA"}]}
    shared: dict[str, object] = {}  # one reference list
    ctxs = [Ctx(item, locale, shared=shared) for item in (a, b, c, d)]
    for ctx in ctxs:
        style.sort_key(ctx)
    for ctx in ctxs:
        style._bare_initial(ctx)
    assert ctxs[0].item["author"][0]["given"] == "A" and ctxs[0].item["author"][0]["_full_given"]
    assert ctxs[0].item["author"][1]["given"] == "K."
    assert "_full_given" not in ctxs[2].item["author"][0]  # a single author keeps the normal form
