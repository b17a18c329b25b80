"""The seed post (../shared/seed/post.txt, never copied here) audited against the bundled refs/."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit.audit import AuditResult, audit_path
from citekit.store import load_store
from tests.conftest import REFS


@pytest.fixture(scope="module")
def seed() -> AuditResult:
    path = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "post.txt"
    if not path.is_file():
        pytest.skip("../shared/seed/post.txt is not present")
    return audit_path(path, load_store([REFS]))


def test_every_citation_is_linked_to_the_right_entry(seed: AuditResult) -> None:
    got = [(c.text, c.key, c.locator) for c in seed.citations]
    assert got == [
        ("World Economic and Social Survey (2013)", "desa2013", None),
        ("DESA, 2013: 53", "desa2013", "53"),
        ("The Economist, 2014", "economist2014", None),
        ("Chen, 2005: 1", "chen2005", "1"),
        ("Tavares, 2016", "tavares2016", None),
        ("Acuto; Morissette; Chan; Leffel, 2016", "acuto2016", None),
        ("China – Celac Forum 2016: 4", "chinacelac2016", "4"),
        ("Matta, 2016:77", "reyesmatta2017", "77"),
        ("China – Celac Forum (2016)", "chinacelac2016", None),
        ("Ippolito, D; Cabrol, C. 2012", "ippolito2012", None),
        ("Flores, 2011", "flores2011", None),
    ]
    for c in seed.citations:
        assert seed.text[c.start : c.end] == c.text


def test_the_planted_problems_are_found(seed: AuditResult) -> None:
    found = {(d.type, d.key) for d in seed.defects}
    assert ("year_mismatch", "reyesmatta2017") in found
    assert ("locator_out_of_range", "chen2005") in found
    assert ("citation_format", "acuto2016") in found
    assert ("duplicate_reference", "chinacelac2016") in found
    [year] = [d for d in seed.defects if d.type == "year_mismatch"]
    assert year.suggestion == "did you mean Reyes Matta 2017?"


def test_no_false_unresolved_or_uncited(seed: AuditResult) -> None:
    types = [d.type for d in seed.defects]
    assert "unresolved_citation" not in types
    assert "uncited_reference" not in types
    assert "missing_reference" not in types
    assert len(seed.references) == 10


def test_case_sources_of_the_seed(seed: AuditResult) -> None:
    assert seed.case_sources["Entre Ríos"] == ["ippolito2012"]
    assert seed.case_sources["Jalisco"] == ["flores2011"]
    assert seed.case_sources["Biobío"] == []
