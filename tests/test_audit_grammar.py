"""The author-date grammar: what is a citation, what is not, and how each part is read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citekit.audit.extract import extract_pandoc, extract_prose, extract_tex
from citekit.audit.grammar import locator_only, parse_authors, parse_group, parse_narrative_paren


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("Tavares, 2016", [("Tavares, 2016", ("Tavares",), "2016", "", None)]),
        ("DESA, 2013: 53", [("DESA, 2013: 53", ("DESA",), "2013", "", "53")]),
        ("Matta, 2016:77", [("Matta, 2016:77", ("Matta",), "2016", "", "77")]),
        ("Innes 2001, 16", [("Innes 2001, 16", ("Innes",), "2001", "", "16")]),
        (
            "China – Celac Forum 2016: 4",
            [("China – Celac Forum 2016: 4", ("China – Celac Forum",), "2016", "", "4")],
        ),
        (
            "see Tavares 2016, pp. 4–5; Acuto et al., 2016",
            [
                ("Tavares 2016, pp. 4–5", ("Tavares",), "2016", "", "pp. 4–5"),
                ("Acuto et al., 2016", ("Acuto",), "2016", "", None),
            ],
        ),
        ("Doe 2005, 2006", [("Doe 2005", ("Doe",), "2005", "", None), ("2006", ("Doe",), "2006", "", None)]),
        (
            "Cornago 2010: 13, 2013",
            [("Cornago 2010: 13", ("Cornago",), "2010", "", "13"), ("2013", ("Cornago",), "2013", "", None)],
        ),
        ("Doe 2005a, b", [("Doe 2005a", ("Doe",), "2005", "a", None), ("b", ("Doe",), "2005", "b", None)]),
        ("véase Flores, s.f.", [("Flores, s.f.", ("Flores",), "s.f.", "", None)]),
        ("Schiavon, en prensa", [("Schiavon, en prensa", ("Schiavon",), "enprensa", "", None)]),
        ("de la Fuente, 2010, p. 3", [("de la Fuente, 2010, p. 3", ("de la Fuente",), "2010", "", "p. 3")]),
        ("Tavares 2016, chap. 3", [("Tavares 2016, chap. 3", ("Tavares",), "2016", "", "chap. 3")]),
        (
            "Ippolito y Cabrol, 2012, p. 4",
            [("Ippolito y Cabrol, 2012, p. 4", ("Ippolito", "Cabrol"), "2012", "", "p. 4")],
        ),
        (
            "Tavares 2016, 45; 2018, 12",
            [
                ("Tavares 2016, 45", ("Tavares",), "2016", "", "45"),
                ("2018, 12", ("Tavares",), "2018", "", "12"),
            ],
        ),
        (
            "Chen, Jian, and Chen 2010, 335",
            [("Chen, Jian, and Chen 2010, 335", ("Chen", "Jian", "Chen"), "2010", "", "335")],
        ),
    ],
)
def test_parenthetical_groups(inner: str, expected: list[tuple[object, ...]]) -> None:
    got = [(c.text, c.authors, c.year, c.suffix, c.locator) for c in parse_group(inner, 0)]
    assert got == expected


@pytest.mark.parametrize(
    "inner",
    [
        "Table 2, 2010",
        "1994–2012",
        "founded in 2005",
        "Article 124",
        "2013",
        "UCLG",
        "COVID-19",
        "art. 124 de la Constitución Nacional",
        "Figure 1, 2019",
        "Law 19.175 regulates its competences",
        "2016–2020",
        "March 2015",
        "Primavera, 2016",
    ],
)
def test_not_citations(inner: str) -> None:
    assert parse_group(inner, 0) == []


def test_semicolons_between_coauthors_make_one_work_with_a_format_problem() -> None:
    [c] = parse_group("Acuto; Morissette; Chan; Leffel, 2016", 0)
    assert c.authors == ("Acuto", "Morissette", "Chan", "Leffel")
    assert c.text == "Acuto; Morissette; Chan; Leffel, 2016"
    assert any("semicolons" in p for p in c.problems)
    [d] = parse_group("Ippolito, D; Cabrol, C. 2012", 0)
    assert d.authors == ("Ippolito", "Cabrol") and len(d.problems) == 2


def test_secondary_citation_marks_the_original() -> None:
    orig, source = parse_group("Duchacek, 1990, como se citó en Zeraoui, 2016", 0)
    assert (orig.authors, orig.secondary) == (("Duchacek",), True)
    assert (source.authors, source.secondary) == (("Zeraoui",), False)


def test_bracketed_acronym_and_et_al_variants() -> None:
    a = parse_authors("Guangzhou Foreign Affairs Office [GZFAO]")
    assert a is not None and a.acronym == "GZFAO" and a.names == ("Guangzhou Foreign Affairs Office",)
    for text in ("Acuto et al.", "Acuto et al", "Acuto y otros", "Acuto and others"):
        parsed = parse_authors(text)
        assert parsed is not None and parsed.et_al and parsed.names == ("Acuto",)


def test_narrative_parentheses_and_lone_locators() -> None:
    found = parse_narrative_paren("1990, 4–5", 10)
    assert found is not None and [(i.year, i.locator, i.start) for i in found[0]] == [("1990", "4–5", 10)]
    found = parse_narrative_paren("2016: 45, emphasis added", 0)
    assert found is not None and found[0][0].locator == "45" and found[1] is None
    found = parse_narrative_paren("2016; see also Acuto 2013", 0)
    assert found is not None and found[1] == 5
    assert parse_narrative_paren("1994–2012", 0) is None
    assert parse_narrative_paren("founded in 2005", 0) is None
    assert locator_only("p. 85") == "p. 85" and locator_only("Table 2") is None


def test_prose_extraction_of_narrative_forms() -> None:
    text = (
        "Tavares (2016) and Acuto et al. (2016) disagree. Summers's (2018) study differs, and "
        "Duchacek (1990, 4–5) is older. Flores (2011) is cited later (p. 85)."
    )
    cites = extract_prose(text)
    assert [c.alternatives for c in cites] == [
        [(0, "Tavares")],
        [(19, "Acuto et al.")],
        [(49, "Summers")],
        [(85, "Duchacek")],
        [(116, "Flores")],
    ]
    assert [c.year for c in cites] == ["2016", "2016", "2018", "1990", "2011"]
    assert cites[-1].locator == "p. 85"
    assert cites[3].locator == "4–5"


def test_pandoc_and_latex_extraction() -> None:
    md = "As shown [see @tavares2016, p. 5; @acuto2016] and by @chen2005 [p. 190]; mail me at a@b.org."
    keys = [(c.key_written, c.locator) for c in extract_pandoc(md)]
    assert keys == [("tavares2016", "p. 5"), ("acuto2016", None), ("chen2005", "p. 190")]
    tex = "See \\citep[p.~12]{a, b} and \\citet{c}.\n% \\cite{hidden}\n\\nocite{d}"
    got = [(c.key_written, c.locator, c.text) for c in extract_tex(tex)]
    assert got == [("a", "p. 12", "a"), ("b", "p. 12", "b"), ("c", None, "c")]


_SURNAME = st.sampled_from(
    ["Tavares", "Reyes Matta", "Chen", "García Segura", "Ó Tuathail", "DESA", "Zeraoui"]
)


@given(
    _SURNAME,
    st.integers(1900, 2030),
    st.sampled_from(["", "a", "b"]),
    st.one_of(st.none(), st.integers(1, 999).map(str)),
    st.sampled_from([", ", " "]),
    st.sampled_from([": ", ", "]),
)
def test_written_citations_read_back(
    name: str, year: int, suffix: str, page: str | None, sep: str, loc_sep: str
) -> None:
    """Whatever separators an author uses, the names, year, suffix and page come back."""
    written = f"{name}{sep}{year}{suffix}" + (f"{loc_sep}{page}" if page else "")
    [c] = parse_group(written, 0)
    assert (c.authors, c.year, c.suffix, c.locator, c.text) == ((name,), str(year), suffix, page, written)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_extraction_never_breaks_on_any_text(text: str) -> None:
    """Spans always point at the text they claim to cover."""
    for c in extract_prose(text) + extract_pandoc(text) + extract_tex(text):
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.text


def test_narrative_citations_with_colleagues_stand_for_et_al() -> None:
    text = ("As Chen and colleagues (2005) argue, and Tavares y colaboradores (2016: 4) show, "
            "Acuto and co-authors' (2016) view differs. The colleagues (2016) are not authors.")
    cites = extract_prose(text)
    assert [c.alternatives[-1][1] for c in cites] == ["Chen and colleagues", "Tavares y colaboradores",
                                                      "Acuto and co-authors"]
    assert [(c.year, c.locator) for c in cites] == [("2005", None), ("2016", "4"), ("2016", None)]
    for text in ("Chen and colleagues", "Chen & coauthors", "Tavares y colaboradores"):
        parsed = parse_authors(text)
        assert parsed is not None and parsed.et_al and len(parsed.names) == 1
    assert parse_authors("Chen and Colleagueship") is not None  # a real second name stays a name
    assert not parse_authors("Chen and Colleagueship").et_al  # type: ignore[union-attr]
