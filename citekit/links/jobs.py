"""The jobs the scheduler runs: a URL check (redirects followed hop by hop), a DOI look-up, an archive look-up.

Each `step()` makes at most one request and returns what should happen next; retries and waits are
the scheduler's business, so a worker never sleeps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

import requests

from citekit.links import fetch
from citekit.links.guard import Guard, ResolveError
from citekit.links.options import LinkOptions
from citekit.links.scheduler import Step, again, done, host_wait, retry
from citekit.links.verdict import PERMANENT_REDIRECTS, RETRY_STATUSES, Outcome, Verdict, classify, is_bot_wall


@dataclass
class Context:
    """What every job shares: the one session, the address guard, the options."""

    session: requests.Session
    guard: Guard
    options: LinkOptions
    max_bytes_read: int = 0

    def get(self, url: str) -> fetch.Reply:
        reply = fetch.get(self.session, url, self.options.timeout, self.options.max_bytes)
        self.max_bytes_read = max(self.max_bytes_read, reply.bytes_read)
        return reply


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


class HttpJob:
    """Shared machinery: one GET per step, transient answers (5xx, 408, 429) turned into waits."""

    def __init__(self, url: str, ctx: Context) -> None:
        self.url = url
        self.ctx = ctx
        self.outcome: Outcome | None = None
        self.attempts = 0
        self.rate_limited = 0
        self.connect_failures = 0
        self.then: HttpJob | None = None  # a follow-up request (a DOI's landing page, a snapshot)

    @property
    def host(self) -> str:
        return self.then.host if self.then is not None else host_of(self.url)

    def step(self) -> Step:
        raise NotImplementedError

    def step_then(self) -> Step | None:
        """Run one step of the follow-up job, if there is one; `followed` gets its outcome."""
        if self.then is None:
            return None
        step = self.then.step()
        if step.kind == "done":
            self.followed(self.then.outcome)
        return step

    def followed(self, outcome: Outcome | None) -> None:
        """The follow-up job finished with `outcome`."""
        self.outcome = outcome

    def crash(self, exc: BaseException) -> None:
        self.outcome = Outcome(Verdict.BROKEN, None, self.url, f"internal error: {exc!r}")

    def abandon(self, seconds: float) -> None:
        self.outcome = Outcome(Verdict.TIMEOUT, None, self.url, f"no answer within {seconds:.0f} s")

    def finish(self, outcome: Outcome, requests: int = 1) -> Step:
        self.outcome = outcome
        return done(requests)

    def request(self) -> fetch.Reply | Step:
        """One GET of the current URL, or the step that ends or retries the job on a network error."""
        opts = self.ctx.options
        try:
            return self.ctx.get(self.url)
        except requests.Timeout:
            return self.finish(Outcome(Verdict.TIMEOUT, None, self.url, f"no answer within {opts.timeout:g} s"))
        except requests.ConnectionError as exc:
            if self.connect_failures < opts.connect_retries:
                self.connect_failures += 1
                return retry(opts.backoff)
            return self.finish(Outcome(Verdict.BROKEN, None, self.url, f"connection failed: {_short(exc)}"))
        except requests.RequestException as exc:
            return self.finish(Outcome(Verdict.BROKEN, None, self.url, f"request failed: {_short(exc)}"))

    def transient(self, reply: fetch.Reply) -> Step | None:
        """A wait for a 429 or a retry for a 5xx/408; None when the answer is final."""
        opts = self.ctx.options
        status = reply.status
        if status == 429 and not is_bot_wall(status, reply.headers, reply.body):
            self.rate_limited += 1
            told = fetch.retry_after(reply.headers.get("retry-after"))
            wait = opts.backoff * 2 ** (self.rate_limited - 1) if told is None else told
            if self.rate_limited > opts.rate_limit_retries or wait > opts.max_retry_after:
                self.outcome = Outcome(Verdict.RATE_LIMITED, status, self.url,
                                       f"HTTP 429 after {self.rate_limited} attempt(s)")
                return done(1, min(wait, opts.max_retry_after))  # the host still asked for quiet
            return host_wait(wait, slow_down=told is None)
        if status in RETRY_STATUSES and self.attempts < opts.retries:
            self.attempts += 1
            wait = fetch.retry_after(reply.headers.get("retry-after")) or 0.0
            return retry(min(opts.max_retry_after, max(wait, opts.backoff * 2 ** (self.attempts - 1))))
        return None


class LinkJob(HttpJob):
    """Check one URL: guard every hop, follow redirects by hand, classify the final answer."""

    def __init__(self, url: str, ctx: Context, trusted_hosts: frozenset[str] = frozenset()) -> None:
        super().__init__(url, ctx)
        self.start = url
        self.visited = {url}
        self.hops = 0
        self.permanent = False
        self.trusted = trusted_hosts

    def refused(self) -> Step | None:
        if self.host in self.trusted:
            return None
        try:
            reason = self.ctx.guard.refuse(self.url)
        except ResolveError as exc:
            return self.finish(Outcome(Verdict.BROKEN, None, self.url, str(exc)), 0)
        if not reason:
            return None
        if self.hops:
            reason = f"redirected to {self.url}, which {reason}"
        return self.finish(Outcome(Verdict.EXCLUDED, None, self.url, reason), 0)

    def step(self) -> Step:
        stop = self.refused()
        if stop is not None:
            return stop
        reply = self.request()
        if isinstance(reply, Step):
            return reply
        if 300 <= reply.status < 400 and reply.location:
            return self.redirect(reply)
        wait = self.transient(reply)
        if wait is not None:
            return wait
        return self.finish(classify(reply.status, reply.headers, reply.body, self.start, self.url, self.permanent))

    def redirect(self, reply: fetch.Reply) -> Step:
        target = urljoin(self.url, (reply.location or "").strip())
        if self.hops == 0:
            self.permanent = reply.status in PERMANENT_REDIRECTS
        self.hops += 1
        if target in self.visited:
            return self.finish(Outcome(Verdict.BROKEN, reply.status, target, "redirect loop"))
        if self.hops > self.ctx.options.max_redirects:
            return self.finish(Outcome(Verdict.BROKEN, reply.status, target,
                                       f"more than {self.ctx.options.max_redirects} redirects"))
        self.visited.add(target)
        self.url = target
        self.attempts = 0
        return again()


class DoiJob(HttpJob):
    """Ask the doi.org handle API whether a DOI exists; optionally check its landing page too."""

    def __init__(self, doi: str, url: str, ctx: Context) -> None:
        super().__init__(ctx.options.doi_api.rstrip("/") + "/" + quote(doi, safe="/") + "?type=URL", ctx)
        self.doi_url = url

    def followed(self, outcome: Outcome | None) -> None:
        self.outcome = landing_outcome(outcome)

    def step(self) -> Step:
        if (follow := self.step_then()) is not None:
            return follow
        reply = self.request()
        if isinstance(reply, Step):
            return reply
        wait = self.transient(reply)
        if wait is not None:
            return wait
        return self.answer(reply)

    def answer(self, reply: fetch.Reply) -> Step:
        code, target = handle_response(reply.body)
        if reply.status == 404 or code == 100:
            return self.finish(Outcome(Verdict.BROKEN, 404, self.doi_url, "DOI not found (handle API)"))
        if reply.status == 200 and code in (1, 200):
            if self.ctx.options.doi_landing and target:
                self.then = LinkJob(target, self.ctx)
                return again()
            return self.finish(Outcome(Verdict.ALIVE, 200, target or self.doi_url, "DOI registered"))
        return self.finish(Outcome(Verdict.BROKEN, reply.status, self.doi_url,
                                   f"handle API answered HTTP {reply.status}, responseCode {code}"))


def landing_outcome(landing: Outcome | None) -> Outcome:
    """A registered DOI's verdict from its landing page: a wall there is `blocked`, never dead."""
    if landing is None:
        return Outcome(Verdict.ALIVE, 200, None, "DOI registered")
    if landing.verdict in (Verdict.ALIVE, Verdict.MOVED):
        return Outcome(Verdict.ALIVE, landing.status, landing.final_url, "DOI registered; landing page answers")
    if landing.verdict in (Verdict.RESTRICTED, Verdict.BLOCKED):
        return Outcome(Verdict.BLOCKED, landing.status, landing.final_url, "DOI registered; publisher blocks checks")
    if landing.verdict is Verdict.BROKEN:
        return Outcome(Verdict.SUSPICIOUS, landing.status, landing.final_url,
                       f"DOI registered but its landing page is broken ({landing.detail})")
    return landing


def handle_response(body: bytes) -> tuple[int | None, str | None]:
    """`responseCode` and the first URL value of a handle API answer."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    code = data.get("responseCode")
    target = None
    for value in data.get("values") or []:
        if isinstance(value, dict) and value.get("type") == "URL":
            inner = value.get("data")
            target = inner.get("value") if isinstance(inner, dict) else None
            break
    return (code if isinstance(code, int) else None), (target if isinstance(target, str) else None)


def _short(exc: BaseException) -> str:
    text = str(exc)
    if "Failed to resolve" in text or "Name or service not known" in text:
        return "host name does not resolve"
    if "Connection refused" in text:
        return "connection refused"
    return text[:160]
