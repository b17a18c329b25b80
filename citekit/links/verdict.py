"""Verdicts and the policy that turns one final HTTP response into a verdict."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit


class Verdict(StrEnum):
    """What a link check concluded; values are part of the JSON contract."""

    ALIVE = "alive"
    MOVED = "moved"
    BROKEN = "broken"
    TIMEOUT = "timeout"
    RATE_LIMITED = "rate-limited"
    BLOCKED = "blocked"
    RESTRICTED = "restricted"
    SUSPICIOUS = "suspicious"
    EXCLUDED = "excluded"

    @property
    def failed(self) -> bool:
        """True for the verdicts that count as a failing check in the history."""
        return self in (Verdict.BROKEN, Verdict.TIMEOUT)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of checking one URL: verdict, last HTTP status, final URL and a short reason."""

    verdict: Verdict
    status: int | None = None
    final_url: str | None = None
    detail: str = ""


RESTRICTED_STATUSES = frozenset({401, 402, 403, 407, 451})
RETRY_STATUSES = frozenset({408, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524})
PERMANENT_REDIRECTS = frozenset({301, 308})
_TITLE = re.compile(rb"<(title|h1)[^>]*>(.{0,300}?)</\1", re.IGNORECASE | re.DOTALL)
_NOT_FOUND = re.compile(
    r"\b404\b|not\s+found|page\s+(?:does\s+not|doesn'?t)\s+exist|no\s+longer\s+(?:exists|available)"
    r"|p[aá]gina\s+no\s+(?:encontrada|existe)|no\s+se\s+encontr[oó]|n[aã]o\s+encontrada"
    r"|页面不存在|找不到|未找到", re.IGNORECASE)
_NOT_FOUND_PATH = re.compile(r"/404(?:\.html?)?(?:$|[/?])|notfound|not-found|page-not-found|error404", re.IGNORECASE)
_LOGIN_PATH = re.compile(r"(?:^|/)(?:login|log-in|signin|sign-in|sso|cas|auth|authenticate|account/login"
                         r"|idp|shibboleth|saml)(?:[/.?]|$)", re.IGNORECASE)
_CHALLENGE = re.compile(rb"cf-chl|challenge-platform|just a moment\.\.\.|attention required!"
                        rb"|captcha|are you a robot|bot verification", re.IGNORECASE)


def is_bot_wall(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    """403 with `cf-mitigated`, LinkedIn's 999, or a Cloudflare-style challenge page."""
    if status == 999:
        return True
    if status not in (403, 429, 503):
        return False
    if "cf-mitigated" in headers:
        return True
    server = headers.get("server", "").lower()
    return status == 403 and ("cloudflare" in server or "ddos-guard" in server) and bool(_CHALLENGE.search(body))


def is_soft_404(final_url: str, headers: Mapping[str, str], body: bytes, redirected: bool = False) -> bool:
    """A 200 page that says "not found" in its title or heading, or a redirect that lands on an error page."""
    if redirected and _NOT_FOUND_PATH.search(urlsplit(final_url).path):
        return True
    if "html" not in headers.get("content-type", "html").lower():
        return False
    return any(_NOT_FOUND.search(m.group(2).decode("utf-8", "replace")) for m in _TITLE.finditer(body))


def redirect_problem(url: str, final_url: str) -> str:
    """Why a redirect is suspicious (to a login page, or to the site root), or ''."""
    if final_url == url:
        return ""
    start, end = urlsplit(url), urlsplit(final_url)
    if _LOGIN_PATH.search(end.path) and not _LOGIN_PATH.search(start.path):
        return "redirected to a login page"
    if end.path in ("", "/") and not end.query and start.path not in ("", "/"):
        return "redirected to the site root"
    return ""


def classify(status: int, headers: Mapping[str, str], body: bytes, url: str, final_url: str,
             permanent: bool) -> Outcome:
    """Verdict for a final (non-redirect, no longer retried) response to `url`, reached at `final_url`."""
    if is_bot_wall(status, headers, body):
        return Outcome(Verdict.BLOCKED, status, final_url, "bot protection answered")
    if 200 <= status < 300:
        problem = redirect_problem(url, final_url)
        if problem:
            return Outcome(Verdict.SUSPICIOUS, status, final_url, problem)
        if is_soft_404(final_url, headers, body, final_url != url):
            return Outcome(Verdict.SUSPICIOUS, status, final_url, "page says it was not found")
        if permanent and final_url != url:
            return Outcome(Verdict.MOVED, status, final_url, "permanent redirect")
        return Outcome(Verdict.ALIVE, status, final_url)
    if status in RESTRICTED_STATUSES:
        return Outcome(Verdict.RESTRICTED, status, final_url, "exists behind a login or paywall")
    if status == 429:
        return Outcome(Verdict.RATE_LIMITED, status, final_url, "rate limited")
    if status == 408:
        return Outcome(Verdict.TIMEOUT, status, final_url, "server timed out (HTTP 408)")
    return Outcome(Verdict.BROKEN, status, final_url, f"HTTP {status}")
