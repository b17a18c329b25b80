"""`citekit.audit` as a library: resolution, defects, the reference list, case sources, the JSON contract."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from citekit.audit import audit_path, audit_text
from citekit.audit.places import claims_toml
from citekit.claims import load_claims
from citekit.model import Finding
from citekit.store import Store, load_store
from tests.conftest import write

BIB = r"""
@book{reyesmatta2017, author = {{Reyes Matta}, Fernando}, title = {China, innovación y tradición},
  year = {2017}}
@book{desa2013, author = {{United Nations Department of Economic and Social Affairs}}, shortauthor = {DESA},
  title = {World Economic and Social Survey 2013: Sustainable Development Challenges}, year = {2013}}
@incollection{chen2005, author = {Chen, Zhimin},
  title = {Coastal Provinces and China's Foreign Policy Making},
  booktitle = {China's Foreign Policy Making}, year = {2005}, pages = {187--208}}
@report{acuto2016, author = {Acuto, Michele and Morissette, Mika and Chan, Dan and Leffel, Benjamin},
  title = {City Diplomacy and Twinning}, year = {2016}}
@inproceedings{ippolito2012, author = {Ippolito, Daniel and Cabrol, Cynthia},
  title = {Relaciones internacionales
  de gobiernos sub-estatales}, year = {2012}}
@book{tavares2016, author = {Tavares, Rodrigo}, title = {Paradiplomacy: Cities and States as Global Players},
  year = {2016}}
@book{vanderpluijm2007, author = {van der Pluijm, Rogier and Melissen, Jan}, title = {City Diplomacy},
  year = {2007}}
@report{gzfao2018, author = {{Guangzhou Foreign Affairs Office}}, title = {Annual Report}, year = {2018}}
@article{lecours2002, author = {Lecours, Andr{\'e}}, title = {Paradiplomacy: Reflections}, year = {2002}}
@misc{gobentrerios, author = {{Gobierno de Entre Ríos}}, title = {Relaciones internacionales}}
"""

CASES = """
[[case]]
id = "entre-rios"
name = "Entre Ríos"
aliases = ["Entre Rios"]
partners = ["jilin"]

[[case]]
id = "jilin"
name = "Jilin"

[[case]]
id = "biobio"
name = "Biobío"
"""


@pytest.fixture
def store(tmp_path: Path) -> Store:
    write(tmp_path / "refs" / "library.bib", BIB)
    write(tmp_path / "refs" / "cases.toml", CASES)
    return load_store([tmp_path / "refs"])


def cite(
    text: str, store: Store
) -> tuple[list[tuple[str, str | None, str | None]], list[tuple[str, str | None]]]:
    result = audit_text(text, store)
    return ([(c.text, c.key, c.locator) for c in result.citations], [(d.type, d.key) for d in result.defects])


def test_names_match_but_year_differs_links_and_reports_one_year_mismatch(store: Store) -> None:
    cites, defects = cite("A space of coordination (Reyes Matta, 2016: 77).", store)
    assert cites == [("Reyes Matta, 2016: 77", "reyesmatta2017", "77")]
    assert defects == [("year_mismatch", "reyesmatta2017")]


def test_compound_surname_by_its_second_part_is_linked_with_a_name_mismatch(store: Store) -> None:
    result = audit_text("Coordination and nothing else (Matta, 2017).", store)
    assert [c.key for c in result.citations] == ["reyesmatta2017"]
    [d] = result.defects
    assert d.type == "name_mismatch" and d.suggestion == "did you mean Reyes Matta 2017?"


def test_shortauthor_acronym_accents_particles_and_bracketed_first_use(store: Store) -> None:
    text = (
        "Cities grow (DESA, 2013: 53). Lecours (2002) agrees (Lecours, 2002). "
        "Van der Pluijm and Melissen (2007) wrote first. The office reports it "
        "(Guangzhou Foreign Affairs Office [GZFAO], 2018) and again (GZFAO, 2018, p. 4)."
    )
    cites, defects = cite(text, store)
    assert [k for _, k, _ in cites] == [
        "desa2013",
        "lecours2002",
        "lecours2002",
        "vanderpluijm2007",
        "gzfao2018",
        "gzfao2018",
    ]
    assert defects == []


def test_et_al_defects_and_missing_co_author(store: Store) -> None:
    _, defects = cite(
        "One (Tavares et al., 2016). Two (Acuto, 2016). Three (Ippolito, 2012). "
        "Fine (Acuto et al., 2016; Ippolito & Cabrol, 2012).",
        store,
    )
    assert defects == [
        ("et_al_misuse", "tavares2016"),
        ("et_al_misuse", "acuto2016"),
        ("name_mismatch", "ippolito2012"),
    ]


def test_locator_outside_the_chapter_and_quote_without_page(store: Store) -> None:
    text = (
        'He wrote that "the twin forces of decentralization and internationalization upgrade provinces" '
        '(Chen, 2005: 1). Another "long quotation with many words in it for sure" (Tavares, 2016).'
    )
    cites, defects = cite(text, store)
    assert cites == [("Chen, 2005: 1", "chen2005", "1"), ("Tavares, 2016", "tavares2016", None)]
    assert defects == [("locator_out_of_range", "chen2005"), ("missing_locator_for_quote", "tavares2016")]


def test_unresolved_and_ambiguous_and_no_date(store: Store) -> None:
    text = "Old theory (Keohane & Nye, 1977). Province site (Gobierno de Entre Ríos, s.f.)."
    cites, defects = cite(text, store)
    assert cites == [
        ("Keohane & Nye, 1977", None, None),
        ("Gobierno de Entre Ríos, s.f.", "gobentrerios", None),
    ]
    assert defects == [("unresolved_citation", None)]


def test_secondary_original_not_in_store_is_not_unresolved(store: Store) -> None:
    result = audit_text("A typology (Soldatos, 1990, as cited in Tavares, 2016).", store)
    assert [(c.key, c.secondary) for c in result.citations] == [(None, True), ("tavares2016", False)]
    assert result.defects == []
    assert result.cited_keys == ["tavares2016"]


def test_traps_are_not_citations(store: Store) -> None:
    text = (
        "C40 (founded in 2005) grew after COVID-19 (Table 2, 2010) under Article 12 (Article 124) during "
        "(1994–2012) and the report (2013); the Shanghai Expo (2010) and United Cities and Local "
        "Governments (UCLG) too, as did Biobío (2010)."
    )
    assert audit_text(text, store).citations == []


REFLIST_DOC = """Entre Ríos signed agreements with Jilin (Ippolito & Cabrol, 2012). Biobío did too.
Tavares (2016) describes it.

References

Ippolito, D. and Cabrol, C. (2012) Relaciones internacionales de gobiernos sub-estatales.
Tavares, R. (2016) Paradiplomacy: cities and states as global players.
Ippolito, D. and Cabrol, C. (2012) Relaciones internacionales de gobiernos sub-estatales. Montevideo.
Chen, Z. (2005) Coastal provinces and China's foreign policy making.
Keohane, R. and Nye, J. (1977) Power and interdependence.
"""


def test_reference_list_duplicates_uncited_and_case_sources(store: Store) -> None:
    result = audit_text(REFLIST_DOC, store, doc="paper.txt")
    assert [r.key for r in result.references] == [
        "ippolito2012",
        "tavares2016",
        "ippolito2012",
        "chen2005",
        None,
    ]
    assert [(d.type, d.key) for d in result.defects] == [
        ("duplicate_reference", "ippolito2012"),
        ("uncited_reference", "chen2005"),
        ("uncited_reference", None),
    ]
    assert result.case_sources == {"Entre Ríos": ["ippolito2012"], "Jilin": ["ippolito2012"], "Biobío": []}


def test_json_contract_shape(store: Store) -> None:
    text = "More (Matta, 2016).\n" + REFLIST_DOC
    body = audit_text(text, store, doc="paper.txt").to_dict()
    assert set(body) == {"doc", "citations", "defects", "case_sources"}
    assert body["doc"] == "paper.txt"
    assert body["citations"][0] == {
        "span": [6, 17],
        "text": "Matta, 2016",
        "key": "reyesmatta2017",
        "locator": None,
    }
    for c in body["citations"]:
        assert set(c) == {"span", "text", "key", "locator"}
        assert text[c["span"][0] : c["span"][1]] == c["text"]
    by_type = {d["type"]: d for d in body["defects"]}
    assert set(by_type["year_mismatch"]) == {"type", "span", "key", "message", "suggestion"}
    assert set(by_type["duplicate_reference"]) == {"type", "key", "message"}
    assert by_type["year_mismatch"]["span"] == [6, 17]


def test_cited_in_missing_reference(store: Store) -> None:
    result = audit_text(
        REFLIST_DOC.replace("Tavares, R. (2016) Paradiplomacy: cities and states as global players.\n", ""),
        store,
    )
    assert ("missing_reference", "tavares2016") in [(d.type, d.key) for d in result.defects]


def test_pandoc_and_latex_keys_through_ids(tmp_path: Path) -> None:
    write(
        tmp_path / "r" / "a.bib",
        "@book{new2016, ids = {old2016}, author = {Doe, Jane}, title = {T}, "
        "year = {2016}, pages = {1--10}}\n",
    )
    store = load_store([tmp_path / "r"])
    md = audit_text("See [@old2016, p. 20] and [@missing2016].", store, doc="x.md")
    assert [(c.key, c.locator) for c in md.citations] == [("new2016", "p. 20"), (None, None)]
    assert [d.type for d in md.defects] == ["locator_out_of_range", "unresolved_citation"]
    tex = audit_text("\\citep[p.~5]{old2016}", store, doc="x.tex")
    assert [(c.key, c.locator) for c in tex.citations] == [("new2016", "p. 5")]


def test_emit_claims_drafts_round_trip_through_the_claims_loader(store: Store, tmp_path: Path) -> None:
    result = audit_text(REFLIST_DOC, store, doc="paper.txt")
    text = claims_toml(result.drafts)
    data = tomllib.loads(text)
    [claim] = data["claim"]
    assert claim["cases"] == ["entre-rios", "jilin"]
    assert claim["evidence"] == [{"key": "ippolito2012"}]
    assert claim["text"] == "Entre Ríos signed agreements with Jilin."
    path = write(tmp_path / "claims.toml", text)
    findings: list[Finding] = []
    loaded = load_claims(path, findings)
    assert [c.id for c in loaded] == ["draft-entre-rios"]
    assert findings == []


def test_audit_path_reads_latin1_and_reports_missing_files(store: Store, tmp_path: Path) -> None:
    p = write(tmp_path / "paper.txt", "Según Tavares (2016), las regiones actúan.", encoding="latin-1")
    result = audit_path(p, store)
    assert [c.key for c in result.citations] == ["tavares2016"]
    from citekit.errors import CitekitError

    with pytest.raises(CitekitError, match="nope.txt"):
        audit_path(tmp_path / "nope.txt", store)


def test_trailing_prose_paragraphs_are_not_taken_for_a_reference_list(store: Store) -> None:
    text = (
        "Cities act abroad.\n\nTavares (2016) argues that cities are actors and that their offices have "
        "grown.\n\nChen (2005) shows that the coastal provinces are the most active; their offices are "
        "larger and they have more staff.\n"
    )
    result = audit_text(text, store)
    assert result.references == []
    assert [c.key for c in result.citations] == ["tavares2016", "chen2005"]


def test_crlf_manuscripts_give_the_same_result(store: Store, tmp_path: Path) -> None:
    lf = write(tmp_path / "lf.txt", REFLIST_DOC)
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(REFLIST_DOC.replace("\n", "\r\n").encode("utf-8"))
    a, b = audit_path(lf, store), audit_path(crlf, store)
    assert [c.to_dict() for c in a.citations] == [c.to_dict() for c in b.citations]
    assert [d.to_dict() for d in a.defects] == [d.to_dict() for d in b.defects]
    assert len(b.references) == 5


def test_drafted_claims_include_partners_named_in_the_paragraph(store: Store) -> None:
    text = "Entre Ríos looked to China. Jilin answered first (Ippolito & Cabrol, 2012).\n\nBiobío too."
    [draft] = audit_text(text, store).drafts
    assert draft["cases"] == ["jilin", "entre-rios"]
    assert draft["text"] == "Jilin answered first."
