"""Loading cases.toml and claims.toml: shapes, locations, and bad input reported as findings."""

from __future__ import annotations

from pathlib import Path

from conftest import write

from citekit import load_store
from citekit.claims import load_cases, load_claims, load_folder
from citekit.model import Evidence, Finding, Severity


def _rules(findings: list[Finding]) -> list[tuple[str, Severity, int | None]]:
    return [(f.rule, f.severity, f.location.line if f.location else None) for f in findings]


def test_claims_load_with_cases_evidence_and_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "claims.toml", """# comment

[[claim]]
id = "a"
text = "First   claim,
 spread over lines."
cases = ["x", "y"]
evidence = [
  { key = "k1", locator = 53 },
  { key = "k2", locator = "187-208", quote = "a quote" },
]

[[claim]]
id = "b"
text = "Second claim."
cases = "x"
evidence = "k3"
note = "kept as extra"
""".replace('"First   claim,\n spread over lines."', '"""First   claim,\n spread over lines."""'))
    findings: list[Finding] = []
    claims = load_claims(path, findings)
    assert findings == []
    a, b = claims
    assert a.text == "First claim, spread over lines."
    assert a.cases == ("x", "y")
    assert a.evidence == (Evidence("k1", "53"), Evidence("k2", "187-208", "a quote"))
    assert a.location is not None and a.location.line == 3
    assert [e.location.line for e in a.evidence if e.location] == [9, 10]
    assert b.cases == ("x",) and b.evidence == (Evidence("k3"),)
    assert b.location is not None and b.location.line == 13
    assert b.extra == {"note": "kept as extra"}


def test_malformed_toml_is_a_parse_error_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "claims.toml", '[[claim]]\nid = "a"\ntext = "fine"\n\n[[claim]]\nid = "b\ntext = "x"\n')
    findings: list[Finding] = []
    assert load_claims(path, findings) == []
    assert len(findings) == 1
    f = findings[0]
    assert f.rule == "parse-error" and f.severity is Severity.ERROR
    assert f.location is not None and f.location.path == str(path) and f.location.line == 6
    assert "malformed TOML" in f.message


def test_bad_toml_does_not_stop_the_store_loading(tmp_path: Path) -> None:
    write(tmp_path / "lib.bib", "@book{k1, title = {T}, year = {2001}, author = {A, B}, publisher = {P}}\n")
    write(tmp_path / "cases.toml", 'case = [ broken\n')
    write(tmp_path / "claims.toml", '[[claim]]\nid = "a"\ntext = "ok"\nevidence = ["k1"]\n')
    store = load_store([tmp_path])
    assert [c.id for c in store.claims] == ["a"]
    assert store.cases == []
    assert [(f.rule, f.location.path.endswith("cases.toml")) for f in store.findings if f.location] == [
        ("parse-error", True)]


def test_unusable_tables_are_findings_and_the_rest_loads(tmp_path: Path) -> None:
    path = write(tmp_path / "claims.toml", """[[claim]]
text = "no id"

[[claim]]
id = "no-text"

[[claim]]
id = "typo"
text = "Evidence misspelt."
evidance = [{ key = "k" }]

[[claim]]
id = "bad-evidence"
text = "Evidence without a key."
evidence = [{ locator = "4" }, 7]

[[claim]]
id = "bad-cases"
text = "Cases as a number."
cases = 3
""")
    findings: list[Finding] = []
    claims = load_claims(path, findings)
    assert [c.id for c in claims] == ["no-text", "typo", "bad-evidence", "bad-cases"]
    assert _rules(findings) == [
        ("invalid-claim", Severity.ERROR, 1),
        ("invalid-claim", Severity.ERROR, 4),
        ("invalid-claim", Severity.WARNING, 7),
        ("invalid-claim", Severity.ERROR, 12),
        ("invalid-claim", Severity.ERROR, 12),
        ("invalid-claim", Severity.ERROR, 17),
    ]
    assert "did you mean 'evidence'" in findings[2].message
    assert claims[2].evidence == ()


def test_cases_load_aliases_partners_and_check_kind(tmp_path: Path) -> None:
    path = write(tmp_path / "cases.toml", """[[case]]
id = "entre-rios"
name = "Entre Ríos"
kind = "province"
country = "Argentina"
aliases = ["Entre Rios"]
partners = ["jilin"]

[[case]]
id = "odd"
kind = "galaxy"
aliases = "Only One"
""")
    findings: list[Finding] = []
    er, odd = load_cases(path, findings)
    assert (er.name, er.kind, er.country, er.aliases, er.partners) == (
        "Entre Ríos", "province", "Argentina", ("Entre Rios",), ("jilin",))
    assert odd.name == "odd" and odd.aliases == ("Only One",)
    assert _rules(findings) == [("invalid-case", Severity.WARNING, 9)]
    assert "galaxy" in findings[0].message


def test_load_folder_without_toml_files(tmp_path: Path) -> None:
    findings: list[Finding] = []
    assert load_folder(tmp_path, findings) == ([], [])
    assert findings == []


def test_bom_and_utf8_names(tmp_path: Path) -> None:
    path = tmp_path / "cases.toml"
    path.write_bytes('\ufeff[[case]]\nid = "biobio"\nname = "Biobío"\n'.encode())
    findings: list[Finding] = []
    (case,) = load_cases(path, findings)
    assert case.name == "Biobío" and findings == []
