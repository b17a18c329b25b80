"""Rendering of a link report (no network): text, JSON, markdown and GitHub output against golden files.

Set CITEKIT_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from citekit.links import LinkReport, LinkResult, Verdict
from citekit.report import Report, render

GOLDEN = Path(__file__).parent / "golden"
P = "refs/library.bib"


def sample() -> LinkReport:
    """One result per interesting verdict, as check_links would build them."""
    r = [
        LinkResult("desa2013", "url", P, 11, "http://www.un.org/en/development/desa/wess2013/Chapter3.pdf",
                   Verdict.BROKEN, 404, "http://www.un.org/en/development/desa/wess2013/Chapter3.pdf",
                   "https://web.archive.org/web/20130601000000/http://www.un.org/en/development/desa/"
                   "wess2013/Chapter3.pdf", False, "HTTP 404"),
        LinkResult("economist2014", "url", P, 22, "https://www.economist.com/sites/default/files/20140419_china.pdf",
                   Verdict.ALIVE, 200, "https://www.economist.com/sites/default/files/20140419_china.pdf", None,
                   True),
        LinkResult("chinacelac2016", "url", P, 63, "http://www.chinacelacforum.org/eng/ltjj_1/P020161207421177845816.pdf",
                   Verdict.MOVED, 200, "https://www.chinacelacforum.org/eng/ltjj_1/P020161207421177845816.pdf",
                   None, False, "permanent redirect"),
        LinkResult("acuto2016", "doi", P, 80, "https://doi.org/10.1111/1758-5899.12341", Verdict.BLOCKED, 403,
                   "https://onlinelibrary.wiley.com/doi/10.1111/1758-5899.12341", None, False,
                   "DOI registered; publisher blocks checks"),
        LinkResult("mfa2016policy", "url", P, 120, "http://www.fmprc.gov.cn/mfa_eng/wjdt_665385/wjzcs/t1418254.shtml",
                   Verdict.TIMEOUT, None, "http://www.fmprc.gov.cn/mfa_eng/wjdt_665385/wjzcs/t1418254.shtml",
                   None, False, "no answer within 15 s", confirmed=False),
    ]
    return LinkReport(r, {"requests": 7, "from_cache": 1, "checked": 4, "unique": 5})


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CITEKIT_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "name"), [("text", "links_report.txt"), ("markdown", "links_report.md"),
                                           ("github", "links_report.github.txt")])
def test_rendering_matches_golden(fmt: str, name: str) -> None:
    check_golden(name, render(sample().to_report(), fmt))


def test_json_payload_is_the_contract() -> None:
    body = json.loads(render(Report("citekit links", [], payload=sample().payload()), "json"))
    assert body["results"][0] == {
        "key": "desa2013", "field": "url", "path": P, "line": 11,
        "url": "http://www.un.org/en/development/desa/wess2013/Chapter3.pdf", "verdict": "broken", "status": 404,
        "final_url": "http://www.un.org/en/development/desa/wess2013/Chapter3.pdf",
        "archive_url": "https://web.archive.org/web/20130601000000/http://www.un.org/en/development/desa/"
                       "wess2013/Chapter3.pdf",
        "from_cache": False}
    summary = body["summary"]
    assert {v.value: summary[v.value] for v in Verdict} == {
        "alive": 1, "moved": 1, "broken": 1, "timeout": 1, "rate-limited": 0, "blocked": 1, "restricted": 0,
        "suspicious": 0, "excluded": 0}
    assert summary["unconfirmed"] == ["http://www.fmprc.gov.cn/mfa_eng/wjdt_665385/wjzcs/t1418254.shtml"]


def test_failing_counts_only_confirmed_verdicts_asked_for() -> None:
    rep = sample()
    assert [r.key for r in rep.failing()] == ["desa2013"]
    assert [r.key for r in rep.failing({Verdict.TIMEOUT, Verdict.BLOCKED})] == ["acuto2016"]
