"""Units under the store: value syntax, names, identifiers, text folding; property tests for round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import citekit
from citekit import bibsyntax
from citekit.identifiers import canonical_url, find_arxiv, find_doi, is_valid_doi, normalize_isbn
from citekit.names import matches_family, parse_name, parse_names
from citekit.normalize import fold, latex_to_unicode, unescape_verbatim


@pytest.mark.parametrize(("src", "kinds"), [
    ("{A {b} c}", ["brace"]), ('"x" # mac # {y}', ["quote", "macro", "brace"]), ("2009", ["number"]),
])
def test_tokenize(src: str, kinds: list[str]) -> None:
    assert [t.kind for t in bibsyntax.tokenize(src)] == kinds


@pytest.mark.parametrize("src", ["{a} b", "{a", "a #", '"a', "{a}}"])
def test_tokenize_rejects_malformed(src: str) -> None:
    with pytest.raises(bibsyntax.ValueSyntaxError):
        bibsyntax.tokenize(src)


def test_expand_months_and_undefined() -> None:
    assert bibsyntax.expand('jan # " 5"', {}) == ("1 5", [])
    assert bibsyntax.expand("nopub", {}) == ("nopub", ["nopub"])


@pytest.mark.parametrize(("raw", "family", "given", "particle", "suffix", "corporate"), [
    ("{Reyes Matta}, Fernando", "Reyes Matta", "Fernando", "", "", False),
    ("van der Berg, Jan", "Berg", "Jan", "van der", "", False),
    ("Jean-Paul de la Fontaine", "Fontaine", "Jean-Paul", "de la", "", False),
    ("Smith, Jr., John", "Smith", "John", "", "Jr.", False),
    ("{United Nations Department of Economic and Social Affairs}",
     "United Nations Department of Economic and Social Affairs", "", "", "", True),
    ("Mart{\\'\\i}nez, Jos{\\'e}", "Martínez", "José", "", "", False),
])
def test_parse_name(raw: str, family: str, given: str, particle: str, suffix: str, corporate: bool) -> None:
    n = parse_name(raw)
    assert (n.family, n.given, n.particle, n.suffix, n.corporate) == (family, given, particle, suffix, corporate)


def test_name_lists_and_matching() -> None:
    nl = parse_names("Acuto, Michele and Morissette, Mika and others")
    assert [n.family for n in nl.names] == ["Acuto", "Morissette"] and nl.others
    reyes = parse_name("{Reyes Matta}, Fernando")
    assert matches_family(reyes, "Matta") and matches_family(reyes, "Reyes Matta")
    assert not matches_family(parse_name("Chen, Zhimin"), "Chan")
    assert parse_name("Jean-Paul Sartre").initials == "JP"


@pytest.mark.parametrize(("text", "doi"), [
    ("https://doi.org/10.1000/XYZ.1", "10.1000/xyz.1"), ("doi:10.1000/abc", "10.1000/abc"),
    ("http://dx.doi.org/10.1000%2Fabc", "10.1000/abc"), ("see 10.1016/j.cities.2020.102.", "10.1016/j.cities.2020.102"),
])
def test_find_doi(text: str, doi: str) -> None:
    assert find_doi(text) == doi


def test_identifier_normalisation() -> None:
    assert is_valid_doi("https://doi.org/10.1000/abc") and not is_valid_doi("10.12/abc")
    assert normalize_isbn("0-19-046211-5") is None or len(normalize_isbn("0-19-046211-5") or "") == 13
    assert normalize_isbn("978-0-306-40615-7") == "9780306406157"
    assert normalize_isbn("0-306-40615-2") == "9780306406157"
    assert find_arxiv("https://doi.org/10.48550/arXiv.2101.00001") == "2101.00001"
    assert find_arxiv("hep-th/9901001v2") == "hep-th/9901001"
    assert canonical_url("HTTPS://Example.ORG/a/#frag") == "https://example.org/a"


def test_text_views() -> None:
    assert latex_to_unicode(r"Entre R{\'\i}os --- {China}") == "Entre Ríos — China"
    assert fold("Entre Ríos, ARGENTINA!") == "entre rios argentina"
    assert unescape_verbatim(r"http://x.org/a\_b\%20\~{}c") == "http://x.org/a_b%20~c"


_value = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="{}\\\x00\r"), max_size=40)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(values=st.lists(_value, min_size=1, max_size=4))
def test_set_field_round_trips_and_leaves_other_entries_byte_identical(tmp_path: Path, values: list[str]) -> None:
    original = "@book{a,\n  title = {A},\n}\n\n% note\n@article{b, title={B}, year=2001}\n\n@misc{c, note = {C}}\n"
    p = tmp_path / "prop.bib"
    p.write_text(original, encoding="utf-8")
    store = citekit.load_store([p])
    for i, v in enumerate(values):
        store.set_field("b", f"f{i}", v)
    store.save()
    text = p.read_text(encoding="utf-8")
    assert text.startswith("@book{a,\n  title = {A},\n}\n\n% note\n@article")
    assert text.endswith("\n\n@misc{c, note = {C}}\n")
    again = citekit.load_store([p]).get("b")
    assert [again.fields[f"f{i}"] for i in range(len(values))] == values
    assert again.fields["year"] == "2001"
