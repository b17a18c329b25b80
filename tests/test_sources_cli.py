"""`citekit sources`, `citekit cases`, `citekit claims` through click's CliRunner, against golden files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import DATA, REFS, ROOT, write

from citekit.cli import main

CASEBOOK = DATA / "casebook"
GOLDEN = ROOT / "tests" / "golden"


def run(*args: str, cwd: Path = CASEBOOK) -> Result:
    """Run citekit in `cwd` (so paths in the output are relative and stable)."""
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


@pytest.mark.parametrize(("args", "golden"), [
    (("sources", ".", "--place", "valparaiso"), "casebook_sources_valparaiso.txt"),
    (("sources", ".", "--place", "VALPARAISO", "--format", "markdown"), "casebook_sources_valparaiso.md"),
    (("cases", "."), "casebook_cases.txt"),
    (("cases", ".", "--format", "markdown"), "casebook_cases.md"),
    (("claims", "."), "casebook_claims.txt"),
    (("claims", ".", "--format", "markdown"), "casebook_claims.md"),
])
def test_golden_views(args: tuple[str, ...], golden: str) -> None:
    r = run(*args)
    assert r.exit_code == 0, r.output
    assert r.output == (GOLDEN / golden).read_text(encoding="utf-8")


def test_sources_json_is_the_contract() -> None:
    r = run("sources", ".", "--case", "shanghai", "--format", "json")
    assert r.exit_code == 0, r.output
    body = json.loads(r.output)
    assert body["query"] == {"case": "shanghai"}
    assert [s["key"] for s in body["sources"]] == ["lopez2019", "zhang2020"]
    assert [c["id"] for c in body["unsupported_claims"]] == ["sao-paulo-office"]


def test_cases_and_claims_json() -> None:
    cases = json.loads(run("cases", ".", "--format", "json").output)["cases"]
    assert cases[1] == {"id": "shanghai", "name": "Shanghai", "kind": "city", "country": "China",
                        "aliases": ["上海", "Shanghái"], "partners": [], "claims": 3, "supported": 2,
                        "unsupported": 1, "sources": ["lopez2019", "zhang2020"]}
    claims = json.loads(run("claims", ".", "--case", "sao-paulo", "--format", "json").output)["claims"]
    assert claims == [{"id": "sao-paulo-office", "text": "São Paulo opened a trade office in Shanghai.",
                       "cases": ["sao-paulo", "shanghai"], "evidence": [], "supported": False}]


def test_claims_unsupported_filter() -> None:
    r = run("claims", ".", "--unsupported")
    assert r.exit_code == 0
    assert r.output.splitlines()[0] == "sao-paulo-office: UNSUPPORTED [sao-paulo, shanghai]: no evidence"
    assert r.output.splitlines()[-1] == "1 claim(s), 1 unsupported"


@pytest.mark.parametrize("args", [
    ("sources", ".", "--case", "lima"),
    ("sources", ".", "--claim", "nope"),
    ("sources", ".", "--key", "nobody1999"),
    ("sources", ".", "--place", "Lima"),
    ("sources", ".", "--case", "shanghai", "--key", "zhang2020"),
    ("claims", ".", "--case", "lima"),
    ("sources", "no-such-folder"),
])
def test_bad_queries_exit_2_with_a_message(args: tuple[str, ...]) -> None:
    r = run(*args)
    assert r.exit_code == 2
    assert "Error:" in r.output and "Traceback" not in r.output
    assert args[-1] in r.output or "not" in r.output


def test_style_without_formatter_warns_and_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "citekit.render", None)
    r = run("sources", ".", "--case", "valparaiso", "--style", "harvard", "--format", "markdown")
    assert r.exit_code == 0
    assert "- López, A.M. and Wang, L. (2019) *Port Cities and Twinning across the Pacific*." in r.output
    assert "not available" in r.output  # CliRunner mixes stderr into output


def test_output_file_and_broken_claims_warning(tmp_path: Path) -> None:
    for name in ("library.bib", "cases.toml"):
        (tmp_path / name).write_bytes((CASEBOOK / name).read_bytes())
    write(tmp_path / "claims.toml", '[[claim]]\nid = "a"\ntext = "unterminated\n')
    out = tmp_path / "out.md"
    r = run("sources", str(tmp_path), "--format", "markdown", "-o", str(out))
    assert r.exit_code == 0
    assert "claims.toml:3" in r.output and "answers may be incomplete" in r.output
    assert out.read_text(encoding="utf-8").startswith("## Sources for every claim")


def test_bundled_refs_answer_every_case() -> None:
    cases = json.loads(run("cases", str(REFS), "--format", "json", cwd=ROOT).output)["cases"]
    for case in cases:
        r = run("sources", str(REFS), "--case", case["id"], "--format", "json", cwd=ROOT)
        assert r.exit_code == 0, r.output
        body = json.loads(r.output)
        assert len(body["sources"]) == len(case["sources"]), case["id"]
    biobio = next(c for c in cases if c["id"] == "biobio")
    assert (biobio["claims"], biobio["supported"], biobio["sources"]) == (2, 0, [])


def test_python_m_citekit_sources_biobio() -> None:
    proc = subprocess.run([sys.executable, "-m", "citekit", "sources", "refs", "--place", "Bío Bío"],
                          check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "Sources for place 'Bío Bío' (Biobío): 0 source(s), 2 claim(s), 2 unsupported"
    assert "No source in the store supports these claims." in lines
    assert any(line.startswith("  - biobio-progress: ") for line in lines)


def test_every_command_has_help() -> None:
    for cmd in ("sources", "cases", "claims"):
        r = CliRunner().invoke(main, [cmd, "--help"])
        assert r.exit_code == 0 and "Examples:" in r.output
