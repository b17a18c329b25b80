"""Archived copies: the Wayback availability API's snapshot closest before `urldate`, verified to answer."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from citekit.links.jobs import Context, HttpJob, LinkJob, host_of
from citekit.links.scheduler import Step, again
from citekit.links.verdict import Outcome, Verdict

_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def wayback_timestamp(urldate: str | None) -> str | None:
    """`2016-05-03` -> `20160503` (missing month/day filled with the end of the period)."""
    m = _DATE.match((urldate or "").strip())
    if not m:
        return None
    return m.group(1) + (m.group(2) or "12") + (m.group(3) or "31")


def snapshot_from(body: bytes) -> tuple[str, str] | None:
    """(url, timestamp) of the closest available snapshot in an availability API answer."""
    try:
        data = json.loads(body.decode("utf-8"))
        closest = data["archived_snapshots"]["closest"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(closest, dict) or not closest.get("available", True):
        return None
    url, stamp = closest.get("url"), str(closest.get("timestamp", ""))
    if not isinstance(url, str) or str(closest.get("status", "200")) not in ("200", "203", "206"):
        return None
    return url, stamp


class ArchiveJob(HttpJob):
    """Ask for a snapshot (closest before `urldate`, else the latest), then check that it answers."""

    def __init__(self, url: str, urldate: str | None, ctx: Context) -> None:
        self.original = url
        self.stamp = wayback_timestamp(urldate)
        query = {"url": url}
        if self.stamp:
            query.update(timestamp=self.stamp, closest="before")
        api = ctx.options.archive_api
        super().__init__(api + ("&" if "?" in api else "?") + urlencode(query), ctx)
        self.trusted = frozenset({host_of(api)})
        self.archive_url: str | None = None
        self.snapshot_time: str | None = None

    def followed(self, outcome: Outcome | None) -> None:
        self.settle(outcome)

    def step(self) -> Step:
        if (follow := self.step_then()) is not None:
            return follow
        reply = self.request()
        if isinstance(reply, Step):
            return reply
        wait = self.transient(reply)
        if wait is not None:
            return wait
        found = snapshot_from(reply.body) if reply.status == 200 else None
        if found is None:
            return self.finish(Outcome(Verdict.BROKEN, reply.status, None, "no snapshot"))
        self.snapshot_time = found[1]
        self.then = LinkJob(found[0], self.ctx, self.trusted)
        return again()

    def settle(self, outcome: Outcome | None) -> None:
        self.outcome = outcome
        if outcome is not None and outcome.verdict in (Verdict.ALIVE, Verdict.MOVED):
            self.archive_url = self.then.start if isinstance(self.then, LinkJob) else None
