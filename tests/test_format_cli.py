"""`citekit format` and `citekit export` through click's runner and one real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REFS, ROOT, write

from citekit.cli import main

GOLDEN = Path(__file__).parent / "golden"


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.stdout, res.stderr


def _golden_texts(style: str) -> list[str]:
    return [line.split("\t", 1)[1] for line in (GOLDEN / f"refs.{style}.txt").read_text("utf-8").splitlines()]


@pytest.mark.parametrize("style", ["harvard", "apa", "chicago-author-date"])
def test_text_output_is_the_reference_list(style: str) -> None:
    code, out, _ = run("format", str(REFS), "--style", style)
    assert code == 0
    assert out.splitlines() == _golden_texts(style)


def test_json_contract() -> None:
    code, out, _ = run("format", str(REFS), "--style", "apa", "--keys", "chen2005,tavares2016", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["style"] == "apa"
    assert [e["key"] for e in data["entries"]] == ["chen2005", "tavares2016"]
    assert data["entries"][1]["text"].startswith("Tavares, R. (2016).")


def test_unknown_key_exits_1_and_names_it() -> None:
    code, out, err = run("format", str(REFS), "--keys", "chen2005,nosuchkey")
    assert code == 1
    assert "nosuchkey" in err
    assert out.startswith("Chen, Z. (2005)")


def test_unknown_style_exits_2() -> None:
    code, _, _ = run("format", str(REFS), "--style", "nosuchstyle")
    assert code == 2


def test_html_markup_and_output_file(tmp_path: Path) -> None:
    target = tmp_path / "refs.html"
    code, _, _ = run("format", str(REFS), "--style", "harvard", "--to", "html", "-o", str(target))
    assert code == 0
    html = target.read_text("utf-8")
    assert html.startswith('<ul class="references">')
    assert "<em>Paradiplomacy: Cities and states as global players</em>" in html


def test_rtf_document() -> None:
    code, out, _ = run("format", str(REFS), "--to", "rtf", "--keys", "tavares2016")
    assert code == 0
    assert out.startswith("{\\rtf1") and "{\\i Paradiplomacy" in out


def test_cited_in_manuscript(tmp_path: Path) -> None:
    pytest.importorskip("citekit.audit")
    doc = write(tmp_path / "paper.md", "Coastal provinces shaped policy (Chen, 2005: 190), and cities act "
                                       "abroad (Tavares, 2016).\n")
    code, out, _ = run("format", str(REFS), "--cited-in", str(doc), "--style", "harvard")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("Chen, Z. (2005)") and lines[1].startswith("Tavares, R.")


def test_case_sources(refs_copy: Path) -> None:
    pytest.importorskip("citekit.casebook")
    from citekit import claims
    from citekit.store import load_store

    store = load_store([refs_copy])
    if not store.cases:
        pytest.skip("refs/ has no cases")
    case = store.cases[0].id if isinstance(store.cases, list) else next(iter(store.cases))
    want = {s.key for s in claims.sources_for(store, case=case).sources}
    code, out, _ = run("format", str(refs_copy), "--case", case, "--format", "json")
    assert code == 0
    assert {e["key"] for e in json.loads(out)["entries"]} == want


def test_export_csl_json_matches_pandoc() -> None:
    code, out, _ = run("export", str(REFS), "--to", "csl-json")
    assert code == 0
    mine = {i["id"]: {k: v for k, v in i.items() if k not in ("abstract", "keyword", "annote")}
            for i in json.loads(out)}
    ref = {i["id"]: i for i in json.loads((GOLDEN / "refs.pandoc.json").read_text("utf-8"))}
    assert mine == ref


def test_export_bibtex_round_trips(tmp_path: Path) -> None:
    target = tmp_path / "out.bib"
    code, _, _ = run("export", str(REFS), "--to", "bibtex", "--keys", "chen2005,desa2013", "-o", str(target))
    assert code == 0
    from citekit.store import load_store

    store = load_store([target])
    assert [e.key for e in store.entries] == ["chen2005", "desa2013"]
    assert store.get("chen2005").fields == load_store([REFS]).get("chen2005").fields


def test_help_lists_examples() -> None:
    code, out, _ = run("format", "--help")
    assert code == 0 and "--style" in out and "Examples" in out


def test_subprocess_python_m_citekit() -> None:
    proc = subprocess.run(check=False, args=[sys.executable, "-m", "citekit", "format", str(REFS), "--style", "chicago-author-date",
                           "--keys", "tavares2016"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ("Tavares, Rodrigo. 2016. Paradiplomacy: Cities and States as Global Players. "
                                   "Oxford University Press.")


def test_broken_entry_is_reported_with_file_and_line(tmp_path: Path) -> None:
    bib = write(tmp_path / "b.bib", "@book{good, author = {A, B}, title = {Good}, year = 2001}\n\n"
                                    "@book{broken, author = {A, B, title = {Never closed}\n\n"
                                    "@book{also, author = {C, D}, title = {Also good}, year = 2002}\n")
    code, out, err = run("format", str(bib), "--style", "apa")
    assert code == 0  # a warning; --fail-on warning makes it 1
    assert len(out.splitlines()) == 2
    assert "b.bib:3" in err and "not formatted" in err
    code, _, _ = run("format", str(bib), "--style", "apa", "--fail-on", "warning")
    assert code == 1


def test_markdown_escapes_only_what_markdown_would_misread() -> None:
    from citekit.render.backends import MarkdownBackend

    md = MarkdownBackend()
    assert md.format_str("Ippolito, D. (2012) sub-estatales: 1994-2012.") == "Ippolito, D. (2012) sub-estatales: 1994-2012."
    assert md.format_str("a_b *c* [d] <e>") == "a\\_b \\*c\\* \\[d\\] \\<e\\>"
