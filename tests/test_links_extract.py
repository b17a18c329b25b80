"""Link extraction from the parsed store: escapes, wrapping, IDN, DOIs, arXiv, LaTeX commands, lines."""

from __future__ import annotations

from pathlib import Path

from conftest import write
from hypothesis import given
from hypothesis import strategies as st

from citekit import load_store
from citekit.links.extract import doi_url, doi_value, extract_links, normalize_url, unescape_latex

BIB = r"""@string{site = "https://www.mfa.gov.cn"}

@misc{escapes,
  title = {Escapes},
  url   = {https://example.org/a\_b\%20c/path\#sec-2?x=1\&y=2/\~{}user/{\textasciitilde}z},
}

@report{wrapped,
  title = {Wrapped},
  url   = {https://www.un.org/en/development/desa/policy/wess/wess_current/
           wess2013/Chapter3.pdf},
}

@misc{idn,
  url = {https://bücher.example/straße?q=ü},
  note = {See \href{https://www.gob.mx/sre/prensa/comunicado-123}{the press release} and
          \url{http://mofcom.gov.cn/article/ae/ai/201608/20160801380541.shtml}.},
}

@article{doi-plain,
  doi = {10.1000/xyz123},
}

@article{doi-sici,
  doi = {10.1002/(SICI)1097-4636(199706)35:4<435::AID-JBM5>3.0.CO;2-B},
}

@article{doi-prefixed,
  doi = {https://doi.org/10.1000/XYZ123},
}

@online{arxiv,
  eprint = {2101.00001v2},
  archivePrefix = {arXiv},
  howpublished = {\url{https://arxiv.org/abs/2101.00001}},
  annote = {Mirror: https://mirror.example.net/paper.pdf, checked.},
}

@misc{macro,
  url = site # "/eng/zxxx/",
  urldate = {2016-05-03},
}

@misc{again,
  url = {https://www.un.org/en/development/desa/policy/wess/wess_current/wess2013/Chapter3.pdf},
}
"""


def _links(tmp_path: Path) -> dict[str, list[tuple[str, str, int | None, str, str]]]:
    store = load_store([write(tmp_path / "l.bib", BIB)])
    out: dict[str, list[tuple[str, str, int | None, str, str]]] = {}
    for ref in extract_links(store):
        out.setdefault(ref.key or "", []).append((ref.field, ref.url, ref.line, ref.kind, ref.check_key))
    return out


def test_latex_escapes_undone_exactly_once(tmp_path: Path) -> None:
    [(field, url, line, kind, _)] = _links(tmp_path)["escapes"]
    assert (field, kind, line) == ("url", "url", 5)
    assert url == "https://example.org/a_b%20c/path#sec-2?x=1&y=2/~user/~z"


def test_wrapped_url_is_joined(tmp_path: Path) -> None:
    [(_, url, line, _, _)] = _links(tmp_path)["wrapped"]
    assert url == "https://www.un.org/en/development/desa/policy/wess/wess_current/wess2013/Chapter3.pdf"
    assert line == 10


def test_idn_host_and_unicode_path(tmp_path: Path) -> None:
    links = _links(tmp_path)["idn"]
    assert links[0][1] == "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC"
    assert [(f, u) for f, u, *_ in links[1:]] == [
        ("note", "https://www.gob.mx/sre/prensa/comunicado-123"),
        ("note", "http://mofcom.gov.cn/article/ae/ai/201608/20160801380541.shtml"),
    ]


def test_dois_become_doi_org_links(tmp_path: Path) -> None:
    links = _links(tmp_path)
    assert links["doi-plain"] == [("doi", "https://doi.org/10.1000/xyz123", 21, "doi", "doi:10.1000/xyz123")]
    sici = links["doi-sici"][0]
    assert sici[1] == "https://doi.org/10.1002/(SICI)1097-4636(199706)35:4%3C435::AID-JBM5%3E3.0.CO;2-B"
    assert links["doi-prefixed"][0][4] == "doi:10.1000/xyz123"  # same check key, case-insensitive


def test_arxiv_eprint_and_text_fields(tmp_path: Path) -> None:
    links = _links(tmp_path)["arxiv"]
    assert [(f, u, k) for f, u, _, k, _ in links] == [
        ("eprint", "https://arxiv.org/abs/2101.00001v2", "arxiv"),
        ("howpublished", "https://arxiv.org/abs/2101.00001", "url"),
        ("annote", "https://mirror.example.net/paper.pdf", "url"),
    ]


def test_string_macros_expanded(tmp_path: Path) -> None:
    store = load_store([write(tmp_path / "l.bib", BIB)])
    [ref] = [r for r in extract_links(store) if r.key == "macro"]
    assert ref.url == "https://www.mfa.gov.cn/eng/zxxx/"
    assert ref.urldate == "2016-05-03"


def test_every_entry_reported_with_shared_check_key(tmp_path: Path) -> None:
    links = _links(tmp_path)
    assert links["wrapped"][0][4] == links["again"][0][4]
    assert links["wrapped"][0][2] != links["again"][0][2]


def test_normalize_url_keeps_valid_escapes_and_fixes_stray_percent() -> None:
    assert normalize_url("HTTP://Example.ORG:80/a%20b c%zz") == "http://example.org/a%20b%20c%25zz"
    assert normalize_url("https://example.org:8443") == "https://example.org:8443/"
    assert normalize_url("not a url") is None
    assert normalize_url("http://[::1]:99/x") == "http://[::1]:99/x"


def test_doi_value_forms() -> None:
    assert doi_value(r"doi:10.1000/a\_b") == "10.1000/a_b"
    assert doi_value("http://dx.doi.org/10.1000/a%2Fb") == "10.1000/a/b"
    assert doi_value("not a doi") is None
    assert doi_url("10.1000/a b#c?") == "https://doi.org/10.1000/a%20b%23c%3F"


def test_unescape_is_single_pass() -> None:
    assert unescape_latex(r"a\%20b") == "a%20b"
    assert normalize_url(unescape_latex(r"https://x.org/100\%25")) == "https://x.org/100%25"
    assert unescape_latex(r"\textunderscore{}x\_y") == "_x_y"


_url_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs")), max_size=30)


@given(path=_url_text, query=_url_text)
def test_normalize_url_is_idempotent(path: str, query: str) -> None:
    once = normalize_url(f"https://example.org/{path}?{query}")
    if once is not None:
        assert normalize_url(once) == once


IDS = r"""@thesis{handle,
  title = {Paradiplomacia subnacional},
  eprint = {hdl:10419/12345},
  eprinttype = {hdl},
}

@article{pubmed,
  eprint = {31452104},
  eprinttype = {pubmed},
  pmcid = {PMC6712345},
}

@article{fields,
  hdl = {https://hdl.handle.net/2027/mdp.39015},
  pmid = {PMID: 123},
  jstor = {not-looked-at},
}

@article{bad-ids,
  eprint = {not a number},
  eprinttype = {pubmed},
  pmcid = {6712345},
}
"""


def test_handle_pubmed_pmc_ids_become_landing_pages(tmp_path: Path) -> None:
    store = load_store([write(tmp_path / "ids.bib", IDS)])
    got: dict[str, list[tuple[str, str, str]]] = {}
    for ref in extract_links(store):
        got.setdefault(ref.key or "", []).append((ref.field, ref.url, ref.kind))
    assert got["handle"] == [("eprint", "https://hdl.handle.net/10419/12345", "hdl")]
    assert got["pubmed"] == [("eprint", "https://pubmed.ncbi.nlm.nih.gov/31452104/", "pubmed"),
                             ("pmcid", "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6712345/", "pmcid")]
    assert got["fields"] == [("hdl", "https://hdl.handle.net/2027/mdp.39015", "hdl"),
                             ("pmid", "https://pubmed.ncbi.nlm.nih.gov/123/", "pmid")]
    assert "bad-ids" not in got  # a malformed id is no link
