"""Each rule of `citekit check` on a small store of its own: it fires where it should, and only there."""

from __future__ import annotations

from pathlib import Path

import pytest

import citekit
from citekit.checks import rule_ids, run_checks
from tests.conftest import REFS, write


def findings(tmp_path: Path, text: str, rule: str | None = None, encoding: str = "utf-8") -> list[tuple[str, int | None]]:
    p = write(tmp_path / "t.bib", text, encoding)
    found = run_checks(citekit.load_store([p]), [rule] if rule else None)
    return [(f.rule, f.location.line if f.location else None) for f in found]


CASES = [
    pytest.param("parse-error", "@article{a,\n title={x}\n year={2000}}\n", [("parse-error", 2)], id="missing-comma"),
    pytest.param("parse-error", "@misc{a, title = ,}\n", [("parse-error", 1)], id="empty-value"),
    pytest.param("parse-error", "@misc{a, title={T}}\n year={2000}, note={n}}\n", [("parse-error", 1)], id="stray-brace"),
    pytest.param("parse-error", "@article{a, title={Open {brace}, year=2000}\n@book{b, title={B}}\n",
                 [("parse-error", 1)], id="unbalanced"),
    pytest.param("duplicate-key", "@book{Ab, title={1}}\n@book{aB, title={2}}\n", [("duplicate-key", 2)], id="dup-key-case"),
    pytest.param("duplicate-field", "@book{a, title={1},\n Title={2}}\n", [("duplicate-field", 2)], id="dup-field"),
    pytest.param("missing-field", "@article{a,\n author={A, B},\n title={T},\n year={2000}}\n",
                 [("missing-field", 1)], id="article-no-journal"),
    pytest.param("missing-key", "@book{, title={T}}\n", [("missing-key", 1)], id="no-key"),
    pytest.param("invalid-doi", "@misc{a, title={T},\n doi={10.12/abc}}\n", [("invalid-doi", 2)], id="doi"),
    pytest.param("invalid-isbn", "@book{a, title={T},\n isbn={978-0-19-046211-0}}\n", [("invalid-isbn", 2)], id="isbn"),
    pytest.param("invalid-issn", "@misc{a, title={T},\n issn={1234-5678}}\n", [("invalid-issn", 2)], id="issn"),
    pytest.param("invalid-year", "@misc{a, title={T},\n year={20013}}\n", [("invalid-year", 2)], id="year"),
    pytest.param("invalid-month", "@misc{a, title={T},\n month={13}}\n", [("invalid-month", 2)], id="month"),
    pytest.param("invalid-pages", "@misc{a, title={T},\n pages={pp 1 to x}}\n", [("invalid-pages", 2)], id="pages"),
    pytest.param("unbraced-corporate", "@misc{a, title={T},\n author={United Cities and Local Governments}}\n",
                 [("unbraced-corporate", 2)], id="corporate"),
    pytest.param("invalid-url", "@misc{a, title={T},\n url={www.example.org/a b}}\n", [("invalid-url", 2)], id="url"),
    pytest.param("missing-crossref", "@inbook{a, title={T},\n crossref={nothere}}\n", [("missing-crossref", 2)], id="crossref"),
    pytest.param("undefined-string", "@misc{a, title={T},\n publisher=nopub}\n", [("undefined-string", 2)], id="undefined-string"),
    pytest.param("cyclic-string", '@string{a = b}\n@string{b = a # "x"}\n@misc{k, title=a}\n',
                 [("cyclic-string", 1), ("cyclic-string", 2)], id="cyclic-string"),
    pytest.param("mojibake", "@misc{a,\n title={RelaÃ§Ãµes}}\n", [("mojibake", 2)], id="mojibake"),
    pytest.param("brace-depth", "@misc{a, title={" + "{" * 1500 + "x" + "}" * 1500 + "}}\n",
                 [("brace-depth", 1)], id="brace-depth"),
]


@pytest.mark.parametrize(("rule", "text", "expected"), CASES)
def test_rule_fires_with_its_line(tmp_path: Path, rule: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert findings(tmp_path, text, rule) == expected


CLEAN = """@article{a,
  author = {Doe, Jane and {United Nations}},
  title = {Cities},
  journal = {Urban Studies},
  year = {2020},
  month = oct,
  pages = {187--208},
  doi = {10.1177/0042098020912345},
  url = {https://example.org/a\\_b},
  issn = {0042-0980},
}
@book{b, author={Tavares, Rodrigo}, title={Paradiplomacy}, year={2016}, isbn={978-0-19-046211-6}}
@incollection{c, author={Chen, Zhimin}, title={C}, booktitle={B}, year={2005}, crossref={b}}
"""


def test_a_clean_file_has_no_findings(tmp_path: Path) -> None:
    assert findings(tmp_path, CLEAN) == []


def test_every_rule_id_is_exercised_by_some_test() -> None:
    tests = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    untested = [r for r in rule_ids() if f'"{r}"' not in tests]
    assert untested == []


def test_expansion_bomb_is_bounded_and_reported(tmp_path: Path) -> None:
    bomb = '@string{s0 = "ab"}\n' + "".join(f"@string{{s{i} = s{i-1} # s{i-1}}}\n" for i in range(1, 31))
    p = write(tmp_path / "bomb.bib", bomb + "@misc{k, title = s30}\n@misc{after, title={A}}\n")
    store = citekit.load_store([p])
    assert store.get("k").text("title") == "s30"  # left unexpanded, not 2 GB
    rules = {f.rule for f in run_checks(store)}
    assert "string-too-large" in rules
    assert store.get("after").text("title") == "A"


def test_bundled_store_has_no_errors() -> None:
    found = run_checks(citekit.load_store([REFS]))
    assert [f for f in found if f.severity.value == "error"] == []
