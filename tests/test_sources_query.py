"""The casebook library API: place matching, sources per case/place/claim/key, the JSON contract."""

from __future__ import annotations

import json
import re
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, REFS
from hypothesis import given, settings
from hypothesis import strategies as st

from citekit import load_store
from citekit.casebook import QueryError, plain_reference
from citekit.claims import UnknownIdError, case_table, claims_for, match_place, sources_for
from citekit.model import Case
from citekit.normalize import strip_accents
from citekit.store import Store

CASEBOOK = DATA / "casebook"


@pytest.fixture(scope="module")
def store() -> Store:
    return load_store([CASEBOOK])


@pytest.fixture(scope="module")
def refs() -> Store:
    return load_store([REFS])


def ids(cases: list[Case]) -> list[str]:
    return [c.id for c in cases]


@pytest.mark.parametrize("name", ["Valparaíso", "valparaiso", "VALPARAISO", "  Valparaíso ", "Valpo"])
def test_match_place_with_and_without_accents(store: Store, name: str) -> None:
    assert ids(match_place(store, name)) == ["valparaiso", "shanghai"]


@pytest.mark.parametrize(("name", "expected"), [
    ("上海", ["shanghai", "valparaiso"]),          # an alias in Chinese; partner read backwards
    ("Shanghái", ["shanghai", "valparaiso"]),
    ("sao paulo", ["sao-paulo"]),
    ("Estado de Sao Paulo", ["sao-paulo"]),
    ("Paulo", ["sao-paulo"]),                       # whole words of a name
    ("Brazil", ["sao-paulo"]),                      # a country gives its cases
    ("Mercocities", ["mercociudades"]),
    ("Paul", []),                                   # not a whole word
    ("", []),
])
def test_match_place_aliases_partners_countries(store: Store, name: str, expected: list[str]) -> None:
    assert ids(match_place(store, name)) == expected


def test_jilin_finds_the_entre_rios_claims(refs: Store) -> None:
    for name in ("Jilin", "jilín", "吉林省", "Provincia de Jilin"):
        result = sources_for(refs, place=name)
        assert "entre-rios" in result.query["cases"]
        assert [s.key for s in result.sources] == ["ippolito2012"]
        assert [c.id for c in result.sources[0].claims] == ["entre-rios-agreements"]


def test_sources_for_case(store: Store) -> None:
    result = sources_for(store, case="shanghai")
    assert result.query == {"case": "shanghai"}
    assert [s.key for s in result.sources] == ["lopez2019", "zhang2020"]
    assert [(c.id, c.locator) for c in result.sources[0].claims] == [
        ("valparaiso-twinning", "52"), ("shanghai-fao", "60-61")]
    assert [c.id for c in result.unsupported_claims] == ["sao-paulo-office"]
    assert result.sources[0].reference == "López, A.M. and Wang, L. (2019) Port Cities and Twinning across the Pacific."


def test_sources_for_claim_and_key(store: Store) -> None:
    r = sources_for(store, claim="shanghai-fao")
    assert [s.key for s in r.sources] == ["lopez2019", "zhang2020"] and r.unsupported_claims == []
    r = sources_for(store, key="LOPEZ2019")
    assert r.query == {"key": "lopez2019"}
    assert [s.key for s in r.sources] == ["lopez2019"]
    assert [c.id for c in r.sources[0].claims] == ["valparaiso-twinning", "shanghai-fao"]
    r = sources_for(store, key="unused2015")
    assert r.sources == [] and r.claims == []


def test_everything_when_no_selector(store: Store) -> None:
    r = sources_for(store)
    assert r.query == {}
    assert [s.key for s in r.sources] == ["lopez2019", "mercociudades2018", "zhang2020"]
    assert [c.id for c in r.unsupported_claims] == ["sao-paulo-office"]


@pytest.mark.parametrize("kwargs", [{"case": "lima"}, {"claim": "nope"}, {"key": "nobody1999"}, {"place": "Lima"}])
def test_unknown_ids_raise(store: Store, kwargs: dict[str, str]) -> None:
    with pytest.raises(UnknownIdError):
        sources_for(store, **kwargs)


def test_one_selector_at_a_time(store: Store) -> None:
    with pytest.raises(QueryError, match="case and place"):
        sources_for(store, case="shanghai", place="Shanghai")


def test_json_contract(store: Store) -> None:
    body = json.loads(json.dumps(sources_for(store, place="Valparaiso").to_dict()))
    assert set(body) == {"query", "sources", "unsupported_claims"}
    assert body["query"] == {"place": "Valparaiso", "cases": ["valparaiso", "shanghai"]}
    for src in body["sources"]:
        assert set(src) == {"key", "reference", "claims"}
        assert isinstance(src["reference"], str) and src["reference"]
        for claim in src["claims"]:
            assert set(claim) == {"id", "text", "locator"}
    assert body["sources"][1] == {
        "key": "zhang2020",
        "reference": "Zhang, W. (2020) Foreign Affairs Offices in Chinese Municipalities.",
        "claims": [{"id": "shanghai-fao",
                    "text": "Shanghai's Foreign Affairs Office coordinates the city's sister-city programmes.",
                    "locator": "7"}],
    }
    assert body["unsupported_claims"] == [{"id": "sao-paulo-office",
                                           "text": "São Paulo opened a trade office in Shanghai.",
                                           "cases": ["sao-paulo", "shanghai"], "evidence": []}]


def test_case_table_and_claims_for(store: Store) -> None:
    rows = {r.case.id: (r.claims, r.supported, r.sources) for r in case_table(store)}
    assert rows == {"valparaiso": (1, 1, ("lopez2019",)), "shanghai": (3, 2, ("lopez2019", "zhang2020")),
                    "sao-paulo": (1, 0, ()), "mercociudades": (1, 1, ("mercociudades2018",))}
    assert [c.id for c in claims_for(store, case="shanghai")] == ["valparaiso-twinning", "shanghai-fao",
                                                                  "sao-paulo-office"]
    assert [c.id for c in claims_for(store, unsupported=True)] == ["sao-paulo-office"]
    with pytest.raises(UnknownIdError):
        claims_for(store, case="lima")


def test_every_bundled_case_is_answered(refs: Store) -> None:
    assert len(refs.cases) >= 17
    for case in refs.cases:
        result = sources_for(refs, case=case.id)
        assert result.claims, f"no claim about {case.id}"
        answered = {c.id for s in result.sources for c in s.claims} | {c.id for c in result.unsupported_claims}
        assert answered == {c.id for c in result.claims}, case.id
    biobio = sources_for(refs, place="Region del Biobio")
    assert biobio.sources == []
    assert {c.id for c in biobio.unsupported_claims} == {"biobio-progress", "biobio-actions"}
    chen = sources_for(refs, key="chen2005")
    assert [(c.id, c.locator) for c in chen.sources[0].claims] == [("provinces-international-actors", "1")]


def test_bundled_seed_cases_have_the_post_sources(refs: Store) -> None:
    expected = {"entre-rios": {"ippolito2012"}, "jalisco": {"flores2011"}, "hidalgo": {"flores2011"},
                "guangzhou": {"tavares2016", "acuto2016"}, "china-celac-forum": {"chinacelac2016", "reyesmatta2017"},
                "c40": set(), "biobio": set()}
    for case_id, keys in expected.items():
        assert {s.key for s in sources_for(refs, case=case_id).sources} == keys, case_id


@dataclass
class _Rendered:
    key: str
    text: str


def test_style_uses_citekit_render_when_present(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []

    def render_entries(st: Store, entries: list[Any], style: str = "harvard", markup: str = "text") -> list[_Rendered]:
        calls.append({"keys": [e.key for e in entries], "style": style, "markup": markup})
        return [_Rendered(e.key, f"<{style}:{markup}> {e.key}") for e in entries]

    fake = types.ModuleType("citekit.render")
    fake.render_entries = render_entries  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "citekit.render", fake)
    r = sources_for(store, case="valparaiso", style="apa", markup="markdown")
    assert calls == [{"keys": ["lopez2019"], "style": "apa", "markup": "markdown"}]
    assert r.style == "apa" and r.query == {"case": "valparaiso", "style": "apa"}
    assert r.sources[0].reference == "<apa:markdown> lopez2019"


def test_style_falls_back_to_plain_references(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "citekit.render", None)  # import fails
    r = sources_for(store, case="valparaiso", style="harvard", markup="markdown")
    assert r.style is None
    assert r.sources[0].reference == "López, A.M. and Wang, L. (2019) *Port Cities and Twinning across the Pacific*."


def test_plain_reference_names(refs: Store) -> None:
    assert plain_reference(refs.get("acuto2016")).startswith("Acuto, M. et al. (2016) ")
    assert plain_reference(refs.get("desa2013")).startswith(
        "United Nations Department of Economic and Social Affairs (2013) World Economic")
    assert plain_reference(refs.get("reyesmatta2017")).startswith("Reyes Matta, F. (2017) China")


_LETTERS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzáéíóúñçãõü"))


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.text(_LETTERS, min_size=2, max_size=8), min_size=1, max_size=3))
def test_place_matching_ignores_accents_and_case(words: list[str]) -> None:
    name = " ".join(w.capitalize() for w in words)
    store = Store([], cases=[Case(id="x", name=name), Case(id="other", name="Zz Other")])
    for asked in (name, strip_accents(name), name.upper(), strip_accents(name).lower()):
        assert "x" in ids(match_place(store, asked))


_PAGE_CITE = re.compile(r"\(([^()]*?),?\s*(\d{4})\s*:\s*(\d+)\)")
SEED_PLACES = ("Entre Ríos", "Jilin", "Henan", "Biobío", "Jalisco", "State of Mexico", "Chihuahua", "Hidalgo",
               "Guangzhou", "Wuhan", "Nanjing", "C40", "UCLG", "Metropolis", "100 Resilient Cities")


def test_seed_post_places_and_pages_are_in_the_store(shared: Path, refs: Store) -> None:
    """Every place the seed post names is a case; every page it cites is a locator of a claim."""
    post = (shared / "seed" / "post.txt").read_text(encoding="utf-8")
    for place in SEED_PLACES:
        assert place in post, place
        assert match_place(refs, place), place
    pages = {(m.group(2), m.group(3)) for m in _PAGE_CITE.finditer(post)}
    assert len(pages) == 4
    cited = {(ev.key, ev.locator) for c in refs.claims for ev in c.evidence}
    for year, page in pages:
        # the post's 'Matta, 2016' is the 2017 book: the page is recorded against that key
        assert any(loc == page for _, loc in cited), (year, page)
    assert ("chen2005", "1") in cited and ("desa2013", "53") in cited and ("chinacelac2016", "4") in cited
    assert ("reyesmatta2017", "77") in cited and refs.get("reyesmatta2017").year == 2017


def test_styled_sources_keep_the_style_order_and_unknown_styles_fail(store: Store,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from citekit.errors import CitekitError

    def render_entries(st: Store, entries: list[Any], style: str = "harvard", markup: str = "text") -> list[_Rendered]:
        if style != "by-year":
            raise CitekitError(f"unknown style {style!r}")
        ordered = sorted(entries, key=lambda e: -(e.year or 0))
        return [_Rendered(e.key, f"{e.year} {e.key}") for e in ordered]

    fake = types.ModuleType("citekit.render")
    fake.render_entries = render_entries  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "citekit.render", fake)
    r = sources_for(store, style="by-year")
    assert [s.key for s in r.sources] == ["zhang2020", "lopez2019", "mercociudades2018"]
    with pytest.raises(CitekitError, match="unknown style"):
        sources_for(store, case="sao-paulo", style="nosuch")  # nothing to format: still checked


def test_real_formatter_when_installed(store: Store) -> None:
    render = pytest.importorskip("citekit.render")
    if not hasattr(render, "render_entries"):
        pytest.skip("citekit.render has no render_entries yet")
    r = sources_for(store, case="valparaiso", style="harvard", markup="markdown")
    assert r.style == "harvard"
    assert "López" in r.sources[0].reference and "2019" in r.sources[0].reference
