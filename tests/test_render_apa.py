"""APA 7th rules, each checked against citeproc-js's output (tests/golden/apa_rules.apa.txt comes from
../shared/tools/csl-oracle/render apa tests/data/apa_rules.bib)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, norm_text, read_golden, style_module

from citekit.render import render_entries
from citekit.render.numbers import number_info
from citekit.store import load_store

GOLDEN = Path(__file__).parent / "golden" / "apa_rules.apa.txt"
BIB = DATA / "apa_rules.bib"





def test_reference_list_identical_to_citeproc_js() -> None:
    store = load_store([BIB])
    got = [(r.key, norm_text(r.text)) for r in render_entries(store, store.entries, "apa")]
    assert got == read_golden(GOLDEN)


@pytest.mark.parametrize(("key", "part"), [
    ("edvol", "(2nd ed., Vols. 1–3)"),                  # edition and number of volumes in one parenthetical
    ("edtrans", "(U. Blank, Ed. & Trans.)"),            # the same editor and translator merge
    ("repnum", "(Technical Report Nos. 99–02)"),        # genre title-cased before a numeric report number
    ("repalpha", "(Research Report RC-6947)"),          # a non-numeric number takes no "No." and keeps its hyphen
    ("pat", "(Patent No. 1700367)"),                    # a patent number always takes "No."
    ("retr", "(n.d.). Ethics principles. Retrieved February 16, 2020, from http"),
    ("pages1", ", 968-."),                              # citeproc-js drops an empty piece after "&"
    ("pages2", ", 415-U53."),                           # no en dash between unlike page parts
    ("pages3", ", 380B – 381."),
    ("orig", "(Original work published 1959, John Wiley & Sons)"),
    ("pick1", "(1995a)"),                               # names sorted and compared by initials
    ("pick2", "(1995b)"),
    ("quotecase", "(No. 92; Bamberger Beitr\"age Zur Wirtschaftsinformatik)"),  # unpaired quote: no new word
    ("substituted", "Nielsen, C., & Simonsen, D. (Eds.). (2001)."),  # editors stand in for the author
    ("edited", "In D. Simonsen (Ed.), Proceedings. Aarhus"),  # an edited conference paper: no event
    ("constitution", "[Constitution]. (n.d.)."),        # no author, no title: the description leads
    ("chapvol", "(Vol. 8274, pp. 692–695)"),
    ("quote", "limits of “sex.” Routledge."),           # paired straight quotes turn curly; period moves in
    ("others", "Forbord, S., & others."),               # "others" after three names takes the comma
    ("nodate1", "(n.d.-a)"),
    ("many", "S, S., … V, V. (2010)"),                  # 21 or more authors: 19, an ellipsis, the last
    ("case", "Brown v. Board of Education (1954). http"),  # legal: title case, date after the title
    ("data", "(2015). [Dataset]. University"),          # no title: the description takes its place
    ("minutes2", "(2011a). Referat af møde d. 7/4"),    # titles sort with numbers compared as numbers
    ("minutes1", "(2011b). Referat af møde d. 10/11"),
    ("web", "(2017, November 24)."),                    # web pages give the full date
    ("thesis", "[PhD thesis, University of Pittsburgh]. http"),  # a published thesis names its university
])
def test_apa_rule(key: str, part: str) -> None:
    store = load_store([BIB])
    texts = {r.key: norm_text(r.text) for r in render_entries(store, store.entries, "apa")}
    assert part in texts[key]


def test_undated_works_come_before_dated_ones_of_the_same_author() -> None:
    store = load_store([BIB])
    keys = [r.key for r in render_entries(store, store.entries, "apa")]
    assert keys.index("undated") < keys.index("dated")


def test_number_parsing_like_citeproc_js() -> None:
    def num(v: str) -> tuple[bool, bool, str]:
        info = number_info(v, "number")
        return info.numeric, info.plural, info.text

    def pages(v: str) -> tuple[str, bool]:
        info = number_info(v, "page", "expanded")
        return info.text, info.plural

    assert num("2-3") == (True, True, "2–3")
    assert num("91-A") == (True, True, "91-A")
    assert num("RC-6947")[:2] == (False, False)
    assert num("10, Issue 260")[:2] == (True, True)  # the first piece decides
    assert num("13,676")[0] is False
    assert pages("123-45") == ("123–145", True)
    assert pages("C612-C615") == ("C612–C615", True)
    assert pages("106S-106S")[0] == "106S-106S"
    assert pages("-") == ("", False)
    assert pages("64:1-64:7") == ("64:1-64:7", False)


def test_quotes_pair_like_citeproc_js() -> None:
    apa = style_module("apa")
    from citekit.render.rich import Rich

    assert apa.quotes_in(Rich.of('Looks at" New" Inventions')).text == 'Looks at" New" Inventions'
    assert apa.quotes_in(Rich.of('Comment on "A "nested" one"')).text == "Comment on “A ‘nested’ one”"
    assert apa.quotes_in(Rich.of('Reply to "comment ]”')).text == 'Reply to "comment ]”'
