"""Cross-style rendering rules (sorting, BibTeX reading, casing, names), each checked against
citeproc-js output for a small BibTeX snippet (expected strings come from ../shared/tools/csl-oracle)."""

from __future__ import annotations

from pathlib import Path

from conftest import write

from citekit.render import format_entries
from citekit.store import load_store


def _render(tmp_path: Path, bib: str, style: str) -> list[tuple[str, str]]:
    store = load_store([write(tmp_path / "t.bib", bib)])
    # compared like tests/bench/oracle_agreement.py: whitespace runs (nbsp, thin spaces) as one space
    return [(r.key, " ".join(r.text.split())) for r in format_entries(store, store.entries, style).entries]


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


LATEX_BIB = r"""
@article{m1, author = {Afzal, Nadeem}, title = {Reducing Power of Error-Feedback $\Delta$$\Sigma$ Modulators},
  journal = {\mbox{G-Animal's} Journal}, year = {2014}}
@article{m2, author = {Kopp, Oliver}, title = {Proceedings of the 5\({}^{\mbox{th}}\) Workshop on {\BibTeX} and
  \bibcyr{Влияние}}, journal = {J}, year = {2013}}
@article{m3, author = {Pastrnak, J.}, title = {Refractive Index up to $10$\,\textmu}, journal = {J},
  year = {1982--1983}}
@article{m4, author = {Knuth, Donald}, title = {The Art}, journal = {J},
  year = {{\noopsort{1973a}}{\switchargs{--90}{1968}}}}
"""


def test_math_is_kept_as_tex_and_unknown_commands_vanish_with_their_arguments(tmp_path: Path) -> None:
    # pandoc keeps $...$ and \(...\) as TeX (never recased), drops \mbox{..}, \bibcyr{..}, \BibTeX;
    # a year that is not a number is no date
    assert dict(_render(tmp_path, LATEX_BIB, "harvard")) == {
        "m1": "Afzal, N. (2014) ‘Reducing power of error-feedback $\\Delta$$\\Sigma$ modulators’, Journal [Preprint].",
        "m4": "Knuth, D. (no date) ‘The art’, J [Preprint].",
        "m2": "Kopp, O. (2013) ‘Proceedings of the 5${}^{\\mbox{th}}$ workshop on and ’, J [Preprint].",
        "m3": "Pastrnak, J. (no date) ‘Refractive index up to $10$ μ’, J [Preprint].",
    }
    assert dict(_render(tmp_path, LATEX_BIB, "apa"))["m2"] == (
        "Kopp, O. (2013). Proceedings of the 5${}^{\\mbox{th}}$ workshop on and . J.")


QUOTES_BIB = r"""
@article{q1, author = {Klingshirn, C.}, title = {Response to ``Comment on ``Some Considerations in a Schottky
  Barrier'' ''}, journal = {J}, year = {2003}}
@book{q2, author = {Eliasson, Olafur}, title = {Olafur Eliasson: Surroundings Surrounded : [On the Occasion of
  the Exhibition]}, year = {2001}, publisher = {P}}
"""


def test_nested_quotes_alternate_and_a_bracket_after_a_colon_starts_a_sentence(tmp_path: Path) -> None:
    assert dict(_render(tmp_path, QUOTES_BIB, "harvard")) == {
        "q1": "Klingshirn, C. (2003) ‘Response to “comment on ‘some considerations in a schottky barrier’ ”’, "
              "J [Preprint].",
        "q2": "Eliasson, O. (2001) Olafur eliasson: Surroundings surrounded : [On the occasion of the exhibition]. P.",
    }


NODATE_BIB = """
@misc{n1, title = {A Title}}
@misc{n2, note = {Only a note}}
@misc{n3, author = {Doe, Jane}, title = {Other}}
"""


def test_a_term_opening_an_entry_is_capitalised_and_a_term_alone_keeps_its_group(tmp_path: Path) -> None:
    assert dict(_render(tmp_path, NODATE_BIB, "harvard")) == {
        "n1": "‘A title’ (no date).", "n3": "Doe, J. (no date) ‘Other’.", "n2": "(No date)."}
    assert dict(_render(tmp_path, NODATE_BIB, "apa")) == {
        "n1": "A title. (n.d.).", "n3": "Doe, J. (n.d.). Other.", "n2": "(N.d.)."}
    assert dict(_render(tmp_path, NODATE_BIB, "chicago-author-date")) == {
        "n1": "A Title. n.d.", "n3": "Doe, Jane. n.d. Other.", "n2": "N.d."}


NUMBERS_BIB = r"""
@article{p1, author = {Balke, J.}, title = {Frenulum}, journal = {Vet}, volume = {76}, number = {7},
  pages = {968--\&}, year = {1981}}
@article{p2, author = {Bexfield, N.}, title = {Chronic}, journal = {Vet}, volume = {91-A}, pages = {415-U53},
  year = {2011}}
@article{p3, author = {Alam, S.}, title = {Design}, journal = {VLSI}, volume = {2014},
  pages = {217495:1-217495:14}, year = {2014}}
@article{p4, author = {Li, K.}, title = {Films}, journal = {J}, volume = {151}, pages = {G40-G46}, year = {2004}}
@techreport{p5, author = {Chiu, W.}, title = {Model}, institution = {IBM}, number = {RC-6947},
  type = {research report}, year = {1978}}
@book{p6, author = {Xie, Y.}, title = {Dynamic Documents}, edition = {2nd}, publisher = {CRC}, year = {2015}}
"""


def test_number_variables_are_read_like_citeproc_js(tmp_path: Path) -> None:
    # hyphens kept where a side is not a number, a dangling '&' dropped, "2nd" numeric, plural labels
    assert dict(_render(tmp_path, NUMBERS_BIB, "harvard")) == {
        "p3": "Alam, S. (2014) ‘Design’, VLSI, 2014, p. 217495:1-217495:14.",
        "p1": "Balke, J. (1981) ‘Frenulum’, Vet, 76(7), pp. 968-.",
        "p2": "Bexfield, N. (2011) ‘Chronic’, Vet, 91-A, pp. 415-U53.",
        "p5": "Chiu, W. (1978) Model. research report RC-6947. IBM.",
        "p4": "Li, K. (2004) ‘Films’, J, 151, pp. G40–G46.",
        "p6": "Xie, Y. (2015) Dynamic documents. 2nd edn. CRC.",
    }
    chicago = dict(_render(tmp_path, NUMBERS_BIB, "chicago-author-date"))
    assert chicago["p4"] == "Li, K. 2004. “Films.” J 151: G40–46."  # chicago-16 page ranges
    assert chicago["p2"] == "Bexfield, N. 2011. “Chronic.” Vet 91-A: 415-U53."


NAMES_BIB = """
@book{a1, author = {Watson, PJ}, title = {One}, year = {2001}, publisher = {P}}
@book{a2, author = {Doe, JOhn and Gu, Yong-e and Izaki, Ko-taro and Rossum, Gerhard Dohrn-van}, title = {Two},
  year = {2002}, publisher = {P}}
@book{a3, author = {Martins, Luciana de Lima and Agekyan, V. T. and Stepanov, Yu. A.}, title = {Three},
  year = {2003}, publisher = {P}}
@book{a4, author = {Vincent, Bernadette Bensaude- and Bedenel, Alan-Louis. and Alstrup, Inge09-27},
  title = {Four}, year = {2004}, publisher = {P}}
@book{a5, author = {Rabil, Albert Jr. and Diaz Saez, Bastian Jaime.}, title = {Five}, year = {2005},
  publisher = {P}}
"""


def test_given_names_are_initialised_like_citeproc_js(tmp_path: Path) -> None:
    assert dict(_render(tmp_path, NAMES_BIB, "harvard")) == {
        "a2": "Doe, Jo. et al. (2002) Two. P.",
        "a3": "Martins, L. de L., Agekyan, V.T. and Stepanov, Yu.A. (2003) Three. P.",
        "a5": "Rabil, A.Jr. and Diaz Saez, B.Jaime. (2005) Five. P.",
        "a4": "Vincent, B.B.-, Bedenel, A.-Louis. and Alstrup, I.-27 (2004) Four. P.",
        "a1": "Watson, P. (2001) One. P.",
    }
    assert dict(_render(tmp_path, NAMES_BIB, "apa"))["a2"] == "Doe, Jo., Gu, Y., Izaki, K., & Rossum, G. D. (2002). Two. P."


LITERAL_BIB = """
@book{b1, author = {Doe, John and {ACME}}, title = {One}, year = {2001}, publisher = {P}}
@book{b3, author = {{ACME} and Doe, John}, title = {Three}, year = {2003}, publisher = {P}}
@book{b6, author = {Doe, John and Roe, Jane and {ACME}}, title = {Six}, year = {2006}, publisher = {P}}
@book{b7, author = {{A} and {B} and {C}}, title = {Seven}, year = {2007}, publisher = {P}}
"""


def test_the_comma_before_and_an_institution_is_contextual(tmp_path: Path) -> None:
    assert dict(_render(tmp_path, LITERAL_BIB, "harvard")) == {
        "b7": "A, B, and C (2007) Seven. P.", "b3": "ACME and Doe, J. (2003) Three. P.",
        "b1": "Doe, J. and ACME (2001) One. P.", "b6": "Doe, J., Roe, J., and ACME (2006) Six. P."}
    chicago = dict(_render(tmp_path, LITERAL_BIB, "chicago-author-date"))
    assert chicago["b1"] == "Doe, John and ACME. 2001. One. P."
    assert chicago["b3"] == "ACME, and John Doe. 2003. Three. P."


EDTR_BIB = """
@book{e1, author = {Cicero, Marcus Tullius}, editor = {Blank-Sangmeister, Ursula},
  translator = {Blank-Sangmeister, Ursula}, title = {De natura deorum}, publisher = {Reclam},
  address = {Stuttgart}, year = {1995}}
@book{e2, author = {Cicero, Marcus Tullius}, editor = {Doe, Jane}, translator = {Roe, Rick},
  title = {De officiis}, publisher = {Reclam}, year = {1996}}
@incollection{e3, author = {Doe, John}, title = {Chapter}, booktitle = {Book}, editor = {Roe, Rick},
  translator = {Roe, Rick}, publisher = {P}, year = {1997}, pages = {1--5}}
"""


def test_an_editor_who_is_also_the_translator_is_named_once(tmp_path: Path) -> None:
    assert dict(_render(tmp_path, EDTR_BIB, "harvard")) == {
        "e1": "Cicero, M.T. (1995) De natura deorum. Edited and translated by U. Blank-Sangmeister. Stuttgart: Reclam.",
        "e2": "Cicero, M.T. (1996) De officiis. Edited by J. Doe. Translated by R. Roe. Reclam.",
        "e3": "Doe, J. (1997) ‘Chapter’, in R. Roe (ed. & trans.) Book. P, pp. 1–5.",
    }


MAP_BIB = """
@patent{pa, author = {Kowalik, F.}, title = {Procédé}, type = {patreqfr}, number = {9500261},
  location = {countryfr and countryuk}, date = {1995-01-11}}
@article{ar, author = {Shore, Bradd}, title = {Twice-Born}, journal = {American Anthropologist},
  series = {newseries}, volume = {93}, year = {1991}, pubstate = {inpress}}
@book{bk, author = {Aalst, W.M.P. van der}, title = {Process Mining}, publisher = {Springer}, year = {2011}}
@article{cr, author = {Aamport, L. A.}, title = {The Gnats}, crossref = {WHOLE}, pages = {73}}
@article{whole, journal = {Journal}, year = {1986}, volume = {41}}
"""


def test_bibtex_to_csl_json_like_pandoc(tmp_path: Path) -> None:
    from citekit.render.csljson import to_csl_items

    store = load_store([write(tmp_path / "m.bib", MAP_BIB)])
    items = {it["id"]: it for it in to_csl_items(store.entries)}
    assert items["pa"]["genre"] == "French patent request"
    assert items["pa"]["jurisdiction"] == "France; United Kingdom"
    assert items["ar"]["collection-title"] == "New series" and items["ar"]["status"] == "in press"
    assert items["bk"]["author"] == [{"family": "Aalst", "given": "W. M. P.", "dropping-particle": "van der"}]
    assert "issued" not in items["cr"]  # crossref keys are case-sensitive in pandoc
    assert dict(_render(tmp_path, MAP_BIB, "harvard")) == {
        "bk": "Aalst, W.M.P. van der (2011) Process mining. Springer.",
        "cr": "Aamport, L.A. (no date) ‘The gnats’, p. 73.",
        "whole": "Journal (1986), 41.",
        "pa": "Kowalik, F. (1995) ‘Procédé’.",
        "ar": "Shore, B. (1991) ‘Twice-born’, American Anthropologist, 93.",
    }


MISC_BIB = r"""
@book{v1, author = {Knuth, Donald E.}, title = {Computers \& Typesetting}, volumes = {5},
  publisher = {Addison-Wesley}, year = {1984}}
@article{q1, author = {Doe, Jane}, title = {Are We There Yet?}, journal = {J}, volume = {3}, year = {2001}}
@book{y1, author = {Plato}, title = {Republic}, date = {-0350}, publisher = {P}}
@book{y3, author = {Serial}, title = {Ongoing}, date = {2015/}, publisher = {P}}
@misc{q2, author = {Roe, Rick}, title = {Why Not?}, year = {2002}}
"""


def test_labels_without_value_bc_years_open_ranges_and_a_period_after_a_quoted_question(tmp_path: Path) -> None:
    assert _render(tmp_path, MISC_BIB, "harvard") == [
        ("q1", "Doe, J. (2001) ‘Are we there yet?’, J, 3."),
        ("v1", "Knuth, D.E. (1984) Computers & typesetting (5 vol). Addison-Wesley."),
        ("y1", "Plato (351 BC) Republic. P."),
        ("q2", "Roe, R. (2002) ‘Why not?’"),
        ("y3", "Serial (2015–) Ongoing. P."),
    ]


QUOTES_TEXT_BIB = """
@book{k1, author = {A, A}, title = {Limits of “sex” here}, year = {2001}, publisher = {P}}
@book{k3, author = {C, C}, title = {Limits of "sex" here}, year = {2001}, publisher = {P}}
@article{k4, author = {D, D}, title = {Limits of “sex” here}, journal = {J}, year = {2001}}
@article{k6, author = {F, F}, title = {Looks at" New" Inventions and Tortelli’s" De O"}, journal = {J}, year = {2001}}
@article{k7, author = {G, G}, title = {Outer “Mid ‘Inner’ Mid” end}, journal = {J}, year = {2001}}
@book{k8, author = {H, H}, title = {Outer “Mid ‘Inner’ Mid” end}, year = {2001}, publisher = {P}}
"""


def test_quotation_marks_in_values_follow_nesting_and_the_locale(tmp_path: Path) -> None:
    assert dict(_render(tmp_path, QUOTES_TEXT_BIB, "harvard")) == {
        "k1": "A, A. (2001) Limits of “sex” here. P.",
        "k3": "C, C. (2001) Limits of ‘sex’ here. P.",
        "k4": "D, D. (2001) ‘Limits of “sex” here’, J [Preprint].",
        "k6": 'F, F. (2001) ‘Looks at" new" inventions and tortelli’s" de o"’, J [Preprint].',
        "k7": "G, G. (2001) ‘Outer “mid ‘inner’ mid” end’, J [Preprint].",
        "k8": "H, H. (2001) Outer “mid ‘inner’ mid” end. P.",
    }
    apa = dict(_render(tmp_path, QUOTES_TEXT_BIB, "apa"))
    assert apa["k3"] == "C, C. (2001). Limits of “sex” here. P."


DISAMBIGUATION_BIB = """
@article{y1, author = {Yang, J. C. and Yeadon, M. and Kolasa, B. and Gibson, J. M.}, title = {Oxygen},
  journal = {APL}, year = {1997}}
@article{y2, author = {Yang, Judith C. and Yeadon, M. and Olynick, D. and Gibson, J. M.}, title = {Anomalous},
  journal = {MM}, year = {1997}}
@article{c1, author = {Chen, D. and Ni, S. and Chen, Z. and Lu, X.}, title = {Preparation}, journal = {JAC},
  year = {2010}}
@article{c2, author = {Chen, Y. and Yan, H. and Yang, B. and Lv, Y.}, title = {Fabrication}, journal = {APA},
  year = {2010}}
@article{b1, author = {Binz, T. and Breitenbücher, U. and Kopp, O. and Leymann, F.}, title = {Automated},
  journal = {J}, year = {2013}}
@article{b2, author = {Binz, T. and Breitenbücher, U. and Kopp, O. and Leymann, F. and Weiß, A.},
  title = {Improve}, journal = {J}, year = {2013}}
@article{b3, author = {Binz, T. and Breitenbücher, U. and Haupt, F. and Kopp, O. and Leymann, F.},
  title = {OpenTOSCA}, journal = {J}, year = {2013}}
@book{p1, author = {Pickering, Andy}, title = {Cyborg}, year = {1995}, publisher = {P}}
@book{p2, author = {Pickering, Andrew}, title = {Mangle}, year = {1995}, publisher = {P}}
"""


def test_harvard_disambiguates_cites_by_names_then_given_names(tmp_path: Path) -> None:
    assert _render(tmp_path, DISAMBIGUATION_BIB, "harvard") == [
        ("b1", "Binz, T., Breitenbücher, U., Kopp, O. and Leymann, F. (2013) ‘Automated’, J [Preprint]."),
        ("b2", "Binz, T., Breitenbücher, U., Kopp, O., Leymann, F., et al. (2013) ‘Improve’, J [Preprint]."),
        ("b3", "Binz, T., Breitenbücher, U., Haupt, F., et al. (2013) ‘OpenTOSCA’, J [Preprint]."),
        ("c1", "Chen, D. et al. (2010) ‘Preparation’, JAC [Preprint]."),
        ("c2", "Chen, Y. et al. (2010) ‘Fabrication’, APA [Preprint]."),
        ("p1", "Pickering, Andy (1995) Cyborg. P."),
        ("p2", "Pickering, Andrew (1995) Mangle. P."),
        ("y2", "Yang, Judith C. et al. (1997) ‘Anomalous’, MM [Preprint]."),
        ("y1", "Yang, J. C. et al. (1997) ‘Oxygen’, APL [Preprint]."),
    ]


TITLE_CASE_BIB = """
@article{t1, author = {Merle, C.}, title = {Étude du profil d'absorption de la raie}, journal = {J}, year = {1974},
  langid = {english}}
@article{t2, author = {Noguet, C.}, title = {Sur l'étude de l'effet}, journal = {J}, year = {1965}}
@book{t3, author = {H, H}, title = {Outer “Mid ‘Inner’ Mid” end}, year = {2001}, publisher = {P}}
"""


def test_title_case_leaves_the_word_after_an_unmatched_quote_as_it_was(tmp_path: Path) -> None:
    assert _render(tmp_path, TITLE_CASE_BIB, "chicago-author-date") == [
        ("t3", "H, H. 2001. Outer “mid ‘Inner’ Mid” End. P."),
        ("t1", "Merle, C. 1974. “Étude Du Profil d’absorption de La Raie.” J."),
        ("t2", "Noguet, C. 1965. “Sur l’étude de l’effet.” J."),
    ]


CITE_BIB = r"""
@article{b1, date = {2011}, title = {Byplan 1/11}}
@article{b2, date = {2011}, title = {Byplan 2/11}}
@book{k1, author = {Knuth, Donald E.}, title = {Computers \& Typesetting}, date = {1984/1986}, publisher = {AW}}
@book{k2, author = {Knuth, Donald E.}, title = {Computers \& Typesetting}, date = {1984}, publisher = {AW}}
"""


def test_harvard_year_suffixes_follow_what_the_citation_shows(tmp_path: Path) -> None:
    # an article without author cites its (empty) journal, so both are "(2011)"; "1984" and "1984–1986" differ
    assert _render(tmp_path, CITE_BIB, "harvard") == [
        ("k2", "Knuth, D.E. (1984) Computers & typesetting. AW."),
        ("k1", "Knuth, D.E. (1984–1986) Computers & typesetting. AW."),
        ("b1", "(2011a) ‘Byplan 1/11’."),
        ("b2", "(2011b) ‘Byplan 2/11’."),
    ]


def test_an_entry_commented_out_with_percent_is_not_formatted(tmp_path: Path) -> None:
    bib = """%@ARTICLE{c1,
%  TITLE = {Old version},
%}

@ARTICLE{c1, AUTHOR = {{KS in NJ}}, TITLE = {New version}, JOURNALTITLE = {The Post}, DATE = {2019}}
"""
    assert _render(tmp_path, bib, "harvard") == [("c1", "KS in NJ (2019) ‘New version’, The Post [Preprint].")]


PUNCT_BIB = r"""
@article{s1, author = {Stengers, Isabelle}, title = {Sciences Were Never `Good'}, journal = {Common Knowledge},
  year = {2011}}
@article{s2, author = {Putnam, H.}, title = {The Meaning of 'Meaning'}, journal = {J}, year = {1975}}
"""


def test_en_us_moves_a_period_inside_every_closing_quote_of_a_pair(tmp_path: Path) -> None:
    assert _render(tmp_path, PUNCT_BIB, "chicago-author-date") == [
        ("s2", "Putnam, H. 1975. “The Meaning of ’meaning’.” J."),
        ("s1", "Stengers, Isabelle. 2011. “Sciences Were Never ‘Good.’” Common Knowledge."),
    ]


def test_demoted_particle_follows_the_given_name_in_an_inverted_name() -> None:
    from citekit.render.locale import get_locale
    from citekit.render.names import NameOptions, render_names

    person = [{"family": "Gennep", "given": "Arnold", "non-dropping-particle": "van"}]
    demoted = NameOptions(sort_order="first", demote_particle=True)
    assert render_names(person, "author", demoted, get_locale("en-US")).text == "Gennep, Arnold van"
    kept = NameOptions(sort_order="first")
    assert render_names(person, "author", kept, get_locale("en-US")).text == "van Gennep, Arnold"


OTHERS_BIB = """
@book{o1, author = {Doe, John and others}, title = {One}, year = {2001}, publisher = {P}}
@book{o2, author = {Doe, John and Roe, Rick and others}, title = {Two}, year = {2002}, publisher = {P}}
"""


def test_and_others_takes_the_contextual_comma(tmp_path: Path) -> None:
    assert dict(_render(tmp_path, OTHERS_BIB, "harvard")) == {
        "o1": "Doe, J. and others (2001) One. P.", "o2": "Doe, J., Roe, R., and others (2002) Two. P."}
    assert dict(_render(tmp_path, OTHERS_BIB, "apa"))["o2"] == "Doe, J., Roe, R., & others. (2002). Two. P."
    assert dict(_render(tmp_path, OTHERS_BIB, "chicago-author-date"))["o2"] == (
        "Doe, John, Rick Roe, and others. 2002. Two. P.")


def test_no_period_moves_inside_a_lone_closing_quote(tmp_path: Path) -> None:
    bib = "@article{g1, author = {Gustafsson, Oscar}, title = {Comments on 'A 70 MHz Filter in {CMOS} Library'}, " \
          "journal = {IEICE}, year = {2008}}\n"
    assert _render(tmp_path, bib, "apa") == [
        ("g1", "Gustafsson, O. (2008). Comments on ’a 70 MHz filter in CMOS library’. IEICE.")]
    assert _render(tmp_path, bib, "chicago-author-date") == [
        ("g1", "Gustafsson, Oscar. 2008. “Comments on ’a 70 MHz Filter in CMOS Library’.” IEICE.")]


def test_quotes_inside_markup_tags_are_left_alone() -> None:
    from citekit.render.locale import get_locale
    from citekit.render.template import requote

    text = 'He said "hi <span style="font-variant:small-caps;">X</span>" ok'
    assert requote(text, get_locale("en-GB")) == 'He said ‘hi <span style="font-variant:small-caps;">X</span>’ ok'


def test_display_order_names_space_their_initials_without_initialising(tmp_path: Path) -> None:
    bib = "@book{m6, author = {Zed, Z. and Roe, A B and Poe, A.B.C. and Moe, J.-H.}, title = {Six}, year = {2006}, " \
          "publisher = {P}}\n"
    assert _render(tmp_path, bib, "chicago-author-date") == [
        ("m6", "Zed, Z., A. B. Roe, A. B. C. Poe, and J. H. Moe. 2006. Six. P.")]


def test_uncertain_date_test(tmp_path: Path) -> None:
    from citekit.render.csljson import to_csl_items
    from citekit.render.locale import get_locale
    from citekit.render.template import Ctx, uncertain

    store = load_store([write(tmp_path / "u.bib", "@book{u, title = {T}, date = {-0349~}}\n")])
    item = to_csl_items(store.entries)[0]
    assert item["issued"] == {"date-parts": [[-350]], "circa": True}
    assert uncertain("issued")(Ctx(item, get_locale("en-US")))
