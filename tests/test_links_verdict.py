"""The verdict policy on single answers, and Retry-After parsing."""

from __future__ import annotations

import email.utils
import time

import pytest

from citekit.links.fetch import retry_after
from citekit.links.verdict import Verdict, classify, redirect_problem

U = "https://www.mfa.gov.cn/eng/doc/2016.html"
HTML = {"content-type": "text/html"}


@pytest.mark.parametrize(("status", "headers", "body", "final", "permanent", "verdict"), [
    (200, HTML, b"<title>Policy paper</title>", U, False, Verdict.ALIVE),
    (200, HTML, b"<title>Policy paper</title>", U + "?new", True, Verdict.MOVED),
    (200, HTML, b"<title>Policy paper</title>", U + "?new", False, Verdict.ALIVE),
    (200, HTML, b"<html><title>404 - Page Not Found</title>", U, False, Verdict.SUSPICIOUS),
    (200, HTML, "<h1>Página no encontrada</h1>".encode(), U, False, Verdict.SUSPICIOUS),
    (200, {"content-type": "application/pdf"}, b"%PDF <title>not found</title>", U, False, Verdict.ALIVE),
    (200, HTML, b"ok", "https://www.mfa.gov.cn/", True, Verdict.SUSPICIOUS),
    (200, HTML, b"ok", "https://sso.mfa.gov.cn/login?next=/eng", False, Verdict.SUSPICIOUS),
    (200, HTML, b"ok", "https://www.mfa.gov.cn/errors/404.html", False, Verdict.SUSPICIOUS),
    (404, HTML, b"", U, False, Verdict.BROKEN),
    (410, HTML, b"", U, False, Verdict.BROKEN),
    (400, HTML, b"", U, False, Verdict.BROKEN),
    (500, HTML, b"", U, False, Verdict.BROKEN),
    (401, HTML, b"", U, False, Verdict.RESTRICTED),
    (402, HTML, b"", U, False, Verdict.RESTRICTED),
    (403, HTML, b"<title>Forbidden</title>", U, False, Verdict.RESTRICTED),
    (451, HTML, b"", U, False, Verdict.RESTRICTED),
    (403, {"cf-mitigated": "challenge"}, b"", U, False, Verdict.BLOCKED),
    (403, {"server": "cloudflare"}, b"<title>Just a moment...</title>", U, False, Verdict.BLOCKED),
    (999, {}, b"", U, False, Verdict.BLOCKED),
    (429, {}, b"", U, False, Verdict.RATE_LIMITED),
    (408, {}, b"", U, False, Verdict.TIMEOUT),
])
def test_classify(status: int, headers: dict[str, str], body: bytes, final: str, permanent: bool,
                  verdict: Verdict) -> None:
    assert classify(status, headers, body, U, final, permanent).verdict is verdict


def test_a_url_that_itself_names_404_is_not_soft_404() -> None:
    url = "https://www.un.org/reports/404/annex"
    assert classify(200, HTML, b"<title>Annex</title>", url, url, False).verdict is Verdict.ALIVE


def test_redirect_to_root_only_flags_deep_links() -> None:
    assert redirect_problem("http://a.org/", "https://a.org/") == ""
    assert redirect_problem("http://a.org/x/y", "https://a.org/") == "redirected to the site root"
    assert redirect_problem("http://a.org/login", "https://a.org/login?x") == ""


def test_verdict_values_are_the_contract() -> None:
    assert [v.value for v in Verdict] == ["alive", "moved", "broken", "timeout", "rate-limited", "blocked",
                                          "restricted", "suspicious", "excluded"]
    assert {v for v in Verdict if v.failed} == {Verdict.BROKEN, Verdict.TIMEOUT}


def test_retry_after_seconds_and_http_date() -> None:
    assert retry_after("7") == 7.0
    assert retry_after(None) is None
    assert retry_after("soon") is None
    now = time.time()
    when = email.utils.formatdate(now + 30, usegmt=True)
    assert 28 <= (retry_after(when, now) or 0) <= 31
    assert retry_after(email.utils.formatdate(now - 30, usegmt=True), now) == 0.0
