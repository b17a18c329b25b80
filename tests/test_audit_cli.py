"""`citekit audit` run as a user would: every format, exit codes, --emit-claims, errors, a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from click.testing import CliRunner

from citekit.cli import main
from tests.conftest import ROOT, write

MS = Path("tests/data/manuscripts/harvard_biobio")
DOC = str(MS / "harvard_biobio.txt")
BIB = str(MS / "refs")
GOLDEN = ROOT / "tests" / "golden" / "audit_harvard_biobio.txt"


def run(*args: str) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def test_text_output_matches_golden_file() -> None:
    code, out, _ = run("audit", DOC, "--bib", BIB)
    assert code == 1
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_json_is_the_contract_body() -> None:
    code, out, _ = run("audit", DOC, "--bib", BIB, "--format", "json")
    body = json.loads(out)
    assert code == 1
    assert set(body) == {"doc", "citations", "defects", "case_sources"}
    assert body["doc"] == "harvard_biobio.txt"
    year = [d for d in body["defects"] if d["type"] == "year_mismatch"]
    assert [d["key"] for d in year] == ["keating1999"]
    assert body["case_sources"]["Biobío"][:1] == ["gorebiobio"]


def test_github_sarif_markdown_use_kebab_case_rule_ids() -> None:
    _, gh, _ = run("audit", DOC, "--bib", BIB, "--format", "github")
    assert (
        "::error file=tests/data/manuscripts/harvard_biobio/harvard_biobio.txt,line=21,col=143,"
        "title=year-mismatch::" in gh
    )
    _, sarif, _ = run("audit", DOC, "--bib", BIB, "--format", "sarif")
    rules = {r["ruleId"] for r in json.loads(sarif)["runs"][0]["results"]}
    assert {"year-mismatch", "unresolved-citation", "duplicate-reference", "locator-out-of-range"} <= rules
    _, md, _ = run("audit", DOC, "--bib", BIB, "--format", "markdown")
    assert "`year-mismatch`" in md and md.startswith("## citekit audit")


def test_fail_on_controls_the_exit_code(tmp_path: Path) -> None:
    assert run("audit", DOC, "--bib", BIB, "--fail-on", "never")[0] == 0
    clean = write(tmp_path / "clean.txt", "Regions act abroad (Keating 1999: 3).")
    assert run("audit", str(clean), "--bib", BIB)[0] == 0
    warn = write(tmp_path / "warn.txt", "Regions act abroad (Aldecoa; Keating 1999).")
    assert run("audit", str(warn), "--bib", BIB)[0] == 0
    assert run("audit", str(warn), "--bib", BIB, "--fail-on", "warning")[0] == 1


def test_emit_claims_writes_curatable_toml(tmp_path: Path) -> None:
    target = tmp_path / "drafts.toml"
    code, _, err = run("audit", DOC, "--bib", BIB, "--emit-claims", str(target), "--fail-on", "never")
    assert code == 0 and "claim draft(s) written" in err
    claims = tomllib.loads(target.read_text(encoding="utf-8"))["claim"]
    assert claims and all(c["id"].startswith("draft-") and c["evidence"] for c in claims)
    assert any("biobio" in c["cases"] and "sichuan" in c["cases"] for c in claims)


def test_usage_and_environment_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = run("audit", str(tmp_path / "missing.md"), "--bib", BIB)
    assert code == 2 and "missing.md" in err
    code, _, err = run("audit", DOC, "--bib", str(tmp_path / "nostore"))
    assert code == 2 and "nostore" in err
    assert run("audit", DOC, "--format", "yaml")[0] == 2


def test_manuscript_is_never_modified(tmp_path: Path) -> None:
    doc = write(tmp_path / "m.txt", "Regions (Keating 1998).")
    before = doc.read_bytes()
    run("audit", str(doc), "--bib", BIB)
    assert doc.read_bytes() == before


def test_real_subprocess() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "citekit", "audit", DOC, "--bib", BIB, "--format", "json"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert len(json.loads(proc.stdout)["citations"]) == 22
