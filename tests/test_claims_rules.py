"""The claim and case rules of `citekit check`, each on a small store of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REFS, write

from citekit import load_store
from citekit.checks import rule_ids, run_checks
from citekit.cli import main
from citekit.model import Finding, Severity

BIB = """@incollection{chen2005,
  author = {Chen, Zhimin}, title = {Coastal Provinces}, booktitle = {Foreign Policy Making},
  editor = {Hao, Yufan}, publisher = {Ashgate}, year = {2005}, pages = {187--208},
}

@book{reyesmatta2017,
  author = {{Reyes Matta}, Fernando}, title = {China, innovación y tradición},
  publisher = {RIL Editores}, year = {2017},
}

@book{desa2013,
  author = {{United Nations Department of Economic and Social Affairs}}, shortauthor = {DESA},
  title = {World Economic and Social Survey 2013}, publisher = {United Nations}, year = {2013},
}
"""
CASES = """[[case]]
id = "entre-rios"
name = "Entre Ríos"
kind = "province"
partners = ["jilin"]

[[case]]
id = "jilin"
name = "Jilin"
kind = "province"
"""


def findings(tmp_path: Path, claims: str, rules: str, cases: str = CASES, bib: str = BIB) -> list[Finding]:
    """Findings of the given rule ids over a store written to tmp_path."""
    write(tmp_path / "library.bib", bib)
    write(tmp_path / "cases.toml", cases)
    write(tmp_path / "claims.toml", claims)
    return run_checks(load_store([tmp_path]), select=rules.split(","))


def _claim(cid: str, text: str, evidence: str = "", cases: str = '["entre-rios"]') -> str:
    ev = f"\nevidence = [{evidence}]" if evidence else ""
    return f'[[claim]]\nid = "{cid}"\ntext = "{text}"\ncases = {cases}{ev}\n\n'


def test_unknown_key_is_an_error_at_the_evidence_line(tmp_path: Path) -> None:
    claims = _claim("ok", "Fine.", '{ key = "chen2005", locator = "190" }') + (
        '[[claim]]\nid = "bad"\ntext = "Cites a typo."\nevidence = [\n  { key = "chen2005" },\n'
        '  { key = "chen2050" },\n]\n')
    (f,) = findings(tmp_path, claims, "unknown-key")
    assert (f.rule, f.severity, f.key) == ("unknown-key", Severity.ERROR, "chen2050")
    assert f.location is not None and f.location.line == 12
    assert "did you mean 'chen2005'" in f.message


def test_locator_outside_the_chapter_pages_is_flagged(tmp_path: Path) -> None:
    claims = (_claim("p1", "Cited at page one.", '{ key = "chen2005", locator = "1" }')
              + _claim("inside", "Inside.", '{ key = "chen2005", locator = "pp. 190-191" }')
              + _claim("ends-after", "Runs past the end.", '{ key = "chen2005", locator = "205-212" }')
              + _claim("chapter", "A chapter locator.", '{ key = "chen2005", locator = "chap. 3" }')
              + _claim("no-pages", "A book without pages.", '{ key = "reyesmatta2017", locator = "1" }'))
    got = findings(tmp_path, claims, "locator-out-of-range")
    assert [(f.rule, f.severity, f.key) for f in got] == [("locator-out-of-range", Severity.WARNING, "chen2005")] * 2
    assert "'1'" in got[0].message and "187–208" in got[0].message
    assert "'205-212'" in got[1].message


@pytest.mark.parametrize(("text", "flagged"), [
    ("As Matta (2016) argues, the forum coordinates politics.", True),
    ("The forum only coordinates politics (Matta, 2016: 77).", True),
    ("As Reyes Matta (2017) argues, the forum coordinates politics.", False),
    ("Since 2007 the forum has met every 2016 summer.", False),
    ("Matta (2017) disagrees with Chen (2016).", False),  # Chen is not cited by this claim
])
def test_claim_year_mismatch(tmp_path: Path, text: str, flagged: bool) -> None:
    got = findings(tmp_path, _claim("c", text, '{ key = "reyesmatta2017" }'), "claim-year-mismatch")
    assert [f.key for f in got] == (["reyesmatta2017"] if flagged else [])
    if flagged:
        assert got[0].severity is Severity.WARNING and "2016" in got[0].message and "2017" in got[0].message


def test_claim_year_mismatch_reads_corporate_short_authors(tmp_path: Path) -> None:
    got = findings(tmp_path, _claim("u", "Half the world is urban (DESA, 2012: 53).", '{ key = "desa2013" }'),
                   "claim-year-mismatch")
    assert [f.key for f in got] == ["desa2013"]


def test_unsupported_claim_and_case(tmp_path: Path) -> None:
    claims = _claim("sourced", "Entre Ríos signed agreements.", '{ key = "chen2005", locator = "190" }')
    claims += _claim("bare", "Jilin did something.", cases='["jilin"]')
    got = findings(tmp_path, claims, "unsupported-claim,unsupported-case")
    assert [(f.rule, f.severity, f.location.line if f.location else None) for f in got] == [
        ("unsupported-case", Severity.WARNING, 7),
        ("unsupported-claim", Severity.WARNING, 7),
    ]
    assert [f.location.path.rsplit("/", 1)[-1] for f in got if f.location] == ["cases.toml", "claims.toml"]
    assert "jilin" in got[0].message and "bare" in got[1].message


def test_a_case_with_no_claim_at_all_is_unsupported(tmp_path: Path) -> None:
    claims = _claim("sourced", "Entre Ríos signed agreements.", '{ key = "chen2005" }')
    (f,) = findings(tmp_path, claims, "unsupported-case")
    assert "no claim concerns it" in f.message and "jilin" in f.message


def test_unused_source_is_info_and_only_with_claims(tmp_path: Path) -> None:
    claims = _claim("c", "Cited.", '{ key = "CHEN2005" }, { key = "reyesmatta2017" }')
    got = findings(tmp_path, claims, "unused-source")
    assert [(f.key, f.severity) for f in got] == [("desa2013", Severity.INFO)]
    assert got[0].location is not None and got[0].location.line == 11
    assert findings(tmp_path / "none", "", "unused-source") == []


def test_unknown_case_in_claims_and_partners(tmp_path: Path) -> None:
    cases = CASES + '\n[[case]]\nid = "henan"\nname = "Henan"\npartners = ["entre-rioss"]\n'
    claims = _claim("c", "Text.", '{ key = "chen2005" }', cases='["entre-rios", "heinan"]')
    got = findings(tmp_path, claims, "unknown-case", cases=cases)
    assert [(f.severity, f.location.path.rsplit("/", 1)[-1] if f.location else "") for f in got] == [
        (Severity.ERROR, "cases.toml"), (Severity.ERROR, "claims.toml")]
    assert "entre-rioss" in got[0].message and "heinan" in got[1].message


def test_duplicate_ids(tmp_path: Path) -> None:
    claims = _claim("same", "One.", '{ key = "chen2005" }') + _claim("same", "Two.", '{ key = "chen2005" }')
    (f,) = findings(tmp_path, claims, "duplicate-id")
    assert f.location is not None and f.location.path.endswith("claims.toml") and f.location.line == 7
    got = findings(tmp_path, "", "duplicate-id", cases=CASES + CASES)
    assert [f.message for f in got] == ["case id 'entre-rios' is used 2 times", "case id 'jilin' is used 2 times"]


def test_rule_ids_are_registered() -> None:
    ids = set(rule_ids())
    assert {"unknown-key", "locator-out-of-range", "claim-year-mismatch", "unsupported-claim", "unsupported-case",
            "unused-source", "unknown-case", "duplicate-id", "invalid-case", "invalid-claim"} <= ids


def test_check_cli_selects_loader_rules_and_reports_toml_parse_errors(tmp_path: Path) -> None:
    write(tmp_path / "library.bib", BIB)
    write(tmp_path / "claims.toml", '[[claim]]\nid = "a"\ntext = "x"\n\n[[claim]]\nid = 3\n')
    write(tmp_path / "cases.toml", '[[case]]\nid = "x"\nname = "unterminated\n')
    r = CliRunner().invoke(main, ["check", str(tmp_path), "--select", "invalid-claim,parse-error"])
    assert r.exit_code == 1, r.output
    assert f"{tmp_path / 'cases.toml'}:3" in r.output and "[parse-error] malformed TOML" in r.output
    assert f"{tmp_path / 'claims.toml'}:5: error [invalid-claim]" in r.output


def test_bundled_store_flags_chen_locator_and_stays_error_free() -> None:
    r = CliRunner().invoke(main, ["check", str(REFS), "--format", "json"])
    assert r.exit_code == 0, r.output
    import json

    found = json.loads(r.output)["findings"]
    assert not [f for f in found if f["severity"] == "error"]
    chen = [f for f in found if f["rule"] == "locator-out-of-range"]
    assert [f["key"] for f in chen] == ["chen2005"]
    assert {f["rule"] for f in found} >= {"unsupported-claim", "unsupported-case", "claim-year-mismatch"}
    biobio = [f for f in found if f["rule"] == "unsupported-case" and "biobio" in f["message"]]
    assert len(biobio) == 1
