"""`citekit dedupe` through click's CliRunner (and once as a real process); `duplicate-entry` in check."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit import load_store
from citekit.cli import main
from tests.conftest import DATA, ROOT, write

HERE = DATA / "dedupe"
GOLDEN = HERE / "golden_pairs.txt"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(HERE / "pairs.bib", tmp_path / "pairs.bib")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.stdout, res.stderr


def test_text_report_matches_golden(work: Path) -> None:
    code, out, _ = run("dedupe", "pairs.bib")
    assert code == 1
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_json_contract(work: Path) -> None:
    code, out, _ = run("dedupe", "pairs.bib", "--format", "json")
    data = json.loads(out)
    assert code == 1
    first = data["clusters"][0]
    assert first["keys"] == ["same_doiurl_a", "same_doiurl_b"]
    assert first["canonical"] == "same_doiurl_a" and first["confidence"] == "auto"
    assert first["reasons"] and isinstance(first["reasons"][0], str)
    assert {"keys": ["diff_edition_1", "diff_edition_2"],
            "reasons": ["different editions (? vs 2)", "different years (1981 vs 2009)"]} in data["related"]


@pytest.mark.parametrize("fmt,needle", [("github", "::error file=pairs.bib,line=15"), ("sarif", "duplicate-entry"),
                                        ("junit", "duplicate-entry"), ("markdown", "same_doiurl_b")])
def test_other_formats_carry_the_findings(work: Path, fmt: str, needle: str) -> None:
    code, out, _ = run("dedupe", "pairs.bib", "--format", fmt)
    assert code == 1 and needle in out


def test_exit_0_when_no_duplicates_and_fail_on_warning(work: Path) -> None:
    write(work / "clean.bib", "@book{a, title = {One Work on Its Own Here}, author = {Doe, J.}, year = 2000}\n")
    assert run("dedupe", "clean.bib")[0] == 0
    review_only = (HERE / "pairs.bib").read_text(encoding="utf-8").split("@incollection{same_typo_a")[0]
    review_only = review_only.split("@article{same_doiurl_a")[0] + "@book" + review_only.split("@book", 1)[1]
    write(work / "review.bib", review_only)
    assert run("dedupe", "review.bib")[0] == 0
    assert run("dedupe", "review.bib", "--fail-on", "warning")[0] == 1


def test_merge_needs_a_destination(work: Path) -> None:
    code, _, err = run("dedupe", "pairs.bib", "--merge")
    assert code == 2 and "--in-place" in err
    assert run("dedupe", "pairs.bib", "--in-place")[0] == 2


def test_merge_dry_run_prints_diff_and_log_and_writes_nothing(work: Path) -> None:
    before = (work / "pairs.bib").read_bytes()
    code, out, err = run("dedupe", "pairs.bib", "--merge", "--dry-run")
    assert code == 0
    assert out.startswith("--- pairs.bib (as read)") and "-@article{same_doiurl_b," in out
    assert "same_doiurl_b -> same_doiurl_a" in err
    assert (work / "pairs.bib").read_bytes() == before


def test_merge_to_output_file(work: Path) -> None:
    before = (work / "pairs.bib").read_bytes()
    code, _, err = run("dedupe", "pairs.bib", "--merge", "-o", "merged.bib")
    assert code == 0 and "ids: old key kept" in err
    assert (work / "pairs.bib").read_bytes() == before
    merged = load_store([work / "merged.bib"])
    assert merged.find("same_typo_b") is merged.get("same_typo_a")
    assert merged.find("same_subtitle_b") is not merged.find("same_subtitle_a")  # review: not merged
    assert run("dedupe", "merged.bib")[0] == 0


def test_merge_in_place_then_nothing_left(work: Path) -> None:
    assert run("dedupe", "pairs.bib", "--merge", "--in-place", "--include-review")[0] == 0
    code, out, _ = run("dedupe", "pairs.bib", "--format", "json")
    assert code == 0 and json.loads(out)["clusters"] == []


def test_missing_file_is_exit_2(work: Path) -> None:
    code, _, err = run("dedupe", "nope.bib")
    assert code == 2 and "nope.bib" in err


def test_check_reports_duplicate_entry(work: Path) -> None:
    code, out, _ = run("check", "pairs.bib", "--select", "duplicate-entry", "--format", "json")
    found = json.loads(out)["findings"]
    assert code == 1
    first = next(f for f in found if f["key"] == "same_doiurl_b")
    assert first == {"rule": "duplicate-entry", "severity": "error", "path": "pairs.bib", "line": 15,
                     "key": "same_doiurl_b", "message": first["message"]}
    assert "'same_doiurl_a'" in first["message"]
    assert {f["severity"] for f in found if f["key"] == "same_subtitle_b"} == {"warning"}


def test_as_a_real_process(work: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "citekit", "dedupe", str(ROOT / "refs"), "--format", "json"],
                          capture_output=True, text=True, check=False, cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["clusters"] == []


def test_help_has_examples() -> None:
    code, out, _ = run("dedupe", "--help")
    assert code == 0 and "--merge" in out and "citekit dedupe refs/ --format json" in out


def test_merge_across_two_files_in_place(work: Path) -> None:
    entry = ("@article{{{key},\n  author = {{Acuto, Michele}},\n  title = {{City Leadership in Global Governance}},\n"
             "  journal = {{Global Governance}},\n  year = {{2013}},{extra}\n}}\n")
    write(work / "zotero.bib", entry.format(key="acuto2013", extra="\n  doi = {10.1163/19426720-01904008},"))
    write(work / "coauthor.bib", "% from a co-author\n\n" + entry.format(key="Acuto13", extra="\n  pages = {481--498},")
          + "\n@book{other, title = {Something Else Entirely Here}, year = 2001}\n")
    assert run("dedupe", "zotero.bib", "coauthor.bib", "--merge", "-o", "x.bib")[0] == 2
    code, _, err = run("dedupe", "zotero.bib", "coauthor.bib", "--merge", "--in-place")
    assert code == 0 and "Acuto13 -> acuto2013" in err
    store = load_store([work / "zotero.bib", work / "coauthor.bib"])
    assert [e.key for e in store.entries] == ["acuto2013", "other"]
    assert store.get("acuto2013").fields["pages"] == "481--498"
    assert store.find("Acuto13") is store.get("acuto2013")
    assert (work / "coauthor.bib").read_text(encoding="utf-8").startswith("% from a co-author\n")
