"""The formatting library: goldens from citeproc-js, the CSL-JSON mapping, casing, names, markup."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from conftest import DATA, REFS, write
from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.render import available_styles, format_entries, load_style, render_entries
from citekit.render.casing import sentence_case, title_case
from citekit.render.csljson import to_csl_items
from citekit.render.latex import flatten, parse, to_markup
from citekit.render.names import initials
from citekit.store import load_store

GOLDEN = Path(__file__).parent / "golden"
STYLES = ("harvard", "apa", "chicago-author-date")
SOURCES = {"refs": REFS / "library.bib", "cases": DATA / "render_cases.bib"}


def _golden(name: str) -> list[tuple[str, str]]:
    lines = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t", 1)) for line in lines if line.strip()]  # type: ignore[misc]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.parametrize("source", sorted(SOURCES))
@pytest.mark.parametrize("style", STYLES)
def test_identical_to_citeproc_js(style: str, source: str) -> None:
    store = load_store([SOURCES[source]])
    got = [(r.key, _norm(r.text)) for r in render_entries(store, store.entries, style)]
    want = [(k, _norm(t)) for k, t in _golden(f"{source}.{style}.txt")]
    assert got == want


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_csl_json_matches_pandoc(source: str) -> None:
    store = load_store([SOURCES[source]])
    mine = {i["id"]: i for i in to_csl_items(store.entries)}
    ref = {i["id"]: i for i in json.loads((GOLDEN / f"{source}.pandoc.json").read_text(encoding="utf-8"))}
    assert set(mine) == set(ref)
    for key, want in ref.items():
        got = {k: v for k, v in mine[key].items() if k not in ("abstract", "keyword", "annote")}
        assert got == want, key


def test_year_suffixes_follow_title_order() -> None:
    store = load_store([SOURCES["cases"]])
    texts = {r.key: r.text for r in render_entries(store, store.entries, "apa")}
    assert "(2016a). City networks" in texts["doe2016a"]
    assert "(2016b). Twinning" in texts["doe2016b"]
    assert "(2016)." in texts["doeroe2016"]  # a different author list needs no suffix


def test_spanish_titles_keep_their_case_and_english_ones_are_sentence_cased() -> None:
    store = load_store([REFS])
    items = {i["id"]: i for i in to_csl_items(store.entries)}
    assert items["reyesmatta2017"]["title"] == "China, innovación y tradición: nuevas relaciones Estado-mercado-sociedad"
    assert items["chen2005"]["title"] == "Coastal provinces and China’s foreign policy making"


def test_sentence_case_rules() -> None:
    def sc(s: str) -> str:
        return to_markup(sentence_case(parse(s)))

    assert sc("The {NASA} Study of {iPhone} Use: A Review") == "The NASA study of iPhone use: A review"
    assert sc("X-Ray {USA}-Based e-Government") == "X-ray USA-based e-government"
    assert sc("``Quoted Words'' Here") == "“Quoted words” here"
    assert sc("{\\'E}cole and {\\em Emphasis} Kept") == "École and <i>Emphasis</i> kept"


def test_title_case_keeps_stop_words_low_except_first_and_last() -> None:
    assert title_case("cities and states as global players") == "Cities and States as Global Players"
    assert title_case("the rise of: a study of") == "The Rise of: A Study Of"
    assert title_case("basic information about China–CELAC forum") == "Basic Information about China–CELAC Forum"


def test_latex_decoding() -> None:
    assert flatten(parse("Garc{\\'\\i}a M{\\'a}rquez --- S{\\~a}o Paulo")) == "García Márquez — São Paulo"
    assert flatten(parse("50\\% of \\emph{all} cities")) == "50% of all cities"


def test_initials() -> None:
    assert initials("Jean-Pierre Marie", ". ") == "J.-P. M."
    assert initials("Alexander S.", ".") == "A.S."


def test_name_particles_and_compound_surnames(tmp_path: Path) -> None:
    bib = write(tmp_path / "n.bib", "@book{k, author = {van der Berg, Anton and {Reyes Matta}, Fernando and "
                                    "Juan {de Dios Ortuzar}}, title = {T}, year = 2000}\n")
    item = to_csl_items(load_store([bib]).entries)[0]
    assert item["author"] == [
        {"family": "Berg", "given": "Anton", "dropping-particle": "van der"},
        {"family": "Reyes Matta", "given": "Fernando"},
        {"family": "Dios Ortuzar", "given": "Juan", "non-dropping-particle": "de"},
    ]


def test_markups() -> None:
    store = load_store([REFS])
    entry = [store.get("tavares2016")]
    assert "<em>Paradiplomacy: Cities and states as global players</em>" in render_entries(
        store, entry, "harvard", "html")[0].text
    assert "\\emph{Paradiplomacy" in render_entries(store, entry, "harvard", "latex")[0].text
    assert "*Paradiplomacy" in render_entries(store, entry, "harvard", "markdown")[0].text
    assert "{\\i Paradiplomacy" in render_entries(store, entry, "harvard", "rtf")[0].text


def test_bad_entry_is_reported_and_the_rest_rendered(tmp_path: Path) -> None:
    bib = write(tmp_path / "b.bib", "@book{good, author = {A, B}, title = {Good}, year = 2001}\n"
                                    "@book{broken, author = {A, B, title = {Never closed}\n\n"
                                    "@book{also, author = {C, D}, title = {Also good}, year = 2002}\n")
    store = load_store([bib])
    result = format_entries(store, store.entries, "apa")
    assert [r.key for r in result.entries] == ["good", "also"]
    assert result.findings and all(f.rule == "render-error" for f in result.findings)


def test_pybtex_styles_and_a_missing_field() -> None:
    store = load_store([REFS])
    result = format_entries(store, store.entries, "plain")
    assert len(result.entries) + len(result.findings) == len(store.entries)
    assert any(r.key == "tavares2016" for r in result.entries)


def test_styles_are_listed_and_a_user_style_file_loads(tmp_path: Path) -> None:
    assert {"harvard", "apa", "chicago-author-date", "plain", "unsrt", "alpha"} <= set(available_styles())
    path = write(tmp_path / "short.py", "from citekit.render.style import Style\n"
                                        "from citekit.render.template import group, var, date\n"
                                        "STYLE = Style(name='short', lang='en-US', layout=group(sep=', ')"
                                        "[var('title'), date('issued')], sort_key=lambda ctx: (ctx.item['id'],))\n")
    store = load_store([REFS])
    out = render_entries(store, [store.get("tavares2016")], str(path))
    assert out[0].text == "Paradiplomacy: Cities and states as global players, 2016."
    assert load_style(str(path)).name == "short"


_TITLE_CHARS = st.text(alphabet=st.sampled_from(list("abcXYZ éÉ{}-:'`\\~.,")), max_size=40)


@settings(max_examples=200, deadline=None)
@given(title=_TITLE_CHARS, author=_TITLE_CHARS)
def test_rendering_never_crashes_on_odd_values(tmp_path_factory: pytest.TempPathFactory, title: str,
                                               author: str) -> None:
    from citekit.entry import Entry, Field

    entry = Entry("k", "book", [Field("title", "{" + title + "}"), Field("author", "{" + author + "}"),
                                Field("year", "{2001}")], "x.bib", 1, "")
    for style in STYLES:
        result = format_entries(None, [entry], style)
        assert len(result.entries) + len(result.findings) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="\\{}$~`'\"-“‘", blacklist_categories=("Cs",)),
               max_size=60))
def test_plain_text_survives_the_latex_reader(text: str) -> None:
    assert flatten(parse(text)) == " ".join(text.split())


def test_csl_file_through_citeproc_py() -> None:
    pytest.importorskip("citeproc")
    store = load_store([REFS])
    out = render_entries(store, [store.get("tavares2016"), store.get("chen2005")], str(DATA / "minimal.csl"))
    assert [r.key for r in out] == ["chen2005", "tavares2016"]  # the style sorts by title
    texts = {r.key: r.text for r in out}
    assert texts["tavares2016"] == "Tavares, Rodrigo (2016) Paradiplomacy: Cities and states as global players."
    assert texts["chen2005"] == "Chen, Zhimin (2005) Coastal provinces and China’s foreign policy making."
