"""`check_links`: extract, de-duplicate, consult the cache, check politely, look up archives, report."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from citekit.errors import ConfigError
from citekit.links.archive import ArchiveJob, wayback_timestamp
from citekit.links.cache import LinkCache, Record
from citekit.links.extract import LinkRef, extract_links
from citekit.links.fetch import make_session
from citekit.links.guard import Guard, system_resolver
from citekit.links.jobs import Context, DoiJob, HttpJob, LinkJob
from citekit.links.options import LinkOptions
from citekit.links.results import LinkReport, LinkResult
from citekit.links.scheduler import Scheduler
from citekit.links.verdict import Outcome, Verdict
from citekit.store import Store

ARCHIVE_VERDICTS = frozenset({Verdict.BROKEN, Verdict.SUSPICIOUS, Verdict.MOVED})
_ARCHIVE_HOSTS = re.compile(r"^https?://(?:web\.)?archive\.org/|^https?://archive\.(?:today|ph|is)/", re.IGNORECASE)


@dataclass
class Checked:
    """The verdict for one check key, with its history row and where it came from."""

    record: Record
    from_cache: bool


def _excluded(url: str, patterns: list[re.Pattern[str]]) -> Outcome | None:
    for pat in patterns:
        if pat.search(url):
            return Outcome(Verdict.EXCLUDED, None, None, f"matches --exclude {pat.pattern!r}")
    return None


def _compile(patterns: Iterable[str]) -> list[re.Pattern[str]]:
    out = []
    for p in patterns:
        try:
            out.append(re.compile(p))
        except re.error as exc:
            raise ConfigError(f"bad --exclude pattern {p!r}: {exc}") from exc
    return out


def _job(ref: LinkRef, ctx: Context) -> HttpJob:
    if ref.kind == "doi":
        return DoiJob(ref.check_key[len("doi:"):], ref.url, ctx)
    return LinkJob(ref.url, ctx)


def _run(jobs: list[HttpJob], ctx: Context, opts: LinkOptions, stats: dict[str, int]) -> None:
    if not jobs:
        return
    limit = opts.timeout + max(2.0, opts.timeout / 5)  # a step's hard wall-clock limit
    sched = Scheduler(opts.workers, opts.host_concurrency, opts.host_interval, opts.progress, step_limit=limit)
    run = sched.run(jobs)
    stats["requests"] += run.requests
    stats["max_host_in_flight"] = max(stats["max_host_in_flight"], run.max_host_in_flight)


def _check_all(refs: list[LinkRef], ctx: Context, cache: LinkCache, stats: dict[str, int]) -> dict[str, Checked]:
    """One verdict per check key: excluded, from the cache, or checked now (and recorded)."""
    opts = ctx.options
    patterns = _compile(opts.exclude)
    now = opts.clock()
    checked: dict[str, Checked] = {}
    jobs: dict[str, HttpJob] = {}
    for ref in refs:
        key = ref.check_key
        if key in checked or key in jobs:
            continue
        skip = _excluded(ref.url, patterns)
        if skip is not None:
            checked[key] = Checked(Record(skip, now), False)
        elif (rec := cache.fresh(key, now)) is not None:
            checked[key] = Checked(rec, True)
        else:
            jobs[key] = _job(ref, ctx)
    _run(list(jobs.values()), ctx, opts, stats)
    for key, job in jobs.items():
        outcome = job.outcome or Outcome(Verdict.BROKEN, None, None, "not checked")
        checked[key] = Checked(cache.record(key, outcome, now, opts.dead_interval), False)
    stats["checked"] = len(jobs)
    stats["from_cache"] = sum(1 for c in checked.values() if c.from_cache)
    return checked


def _archives(refs: list[LinkRef], checked: dict[str, Checked], ctx: Context, cache: LinkCache,
              stats: dict[str, int]) -> dict[tuple[str, str], str | None]:
    """Archive URL per (url, timestamp) for the links that need one."""
    opts = ctx.options
    now = opts.clock()
    found: dict[tuple[str, str], str | None] = {}
    jobs: dict[tuple[str, str], ArchiveJob] = {}
    for ref in refs:
        verdict = checked[ref.check_key].record.outcome.verdict
        if ref.kind != "url" or verdict not in ARCHIVE_VERDICTS or _ARCHIVE_HOSTS.match(ref.url):
            continue
        slot = (ref.check_key, wayback_timestamp(ref.urldate) or "")
        if slot in found or slot in jobs:
            continue
        known, url = cache.archive(slot[0], slot[1], now)
        if known:
            found[slot] = url
        else:
            jobs[slot] = ArchiveJob(ref.check_key, ref.urldate, ctx)
    _run(list(jobs.values()), ctx, opts, stats)
    for slot, job in jobs.items():
        found[slot] = job.archive_url
        if job.outcome is not None and job.outcome.verdict in (Verdict.ALIVE, Verdict.MOVED, Verdict.BROKEN):
            cache.store_archive(slot[0], slot[1], job.archive_url, now)  # timeouts are asked again next run
    stats["archive_lookups"] = len(jobs)
    return found


def _result(ref: LinkRef, c: Checked, archive: str | None, opts: LinkOptions) -> LinkResult:
    o = c.record.outcome
    confirmed = not o.verdict.failed or c.record.fail_count >= opts.dead_after
    return LinkResult(ref.key, ref.field, ref.path, ref.line, ref.url, o.verdict, o.status, o.final_url,
                      archive, c.from_cache, o.detail, confirmed)


def check_links(store: Store, options: LinkOptions | None = None) -> LinkReport:
    """Check every URL, DOI and arXiv link of the store; one result per link occurrence, in store order."""
    opts = options or LinkOptions()
    if opts.dead_after > 1 and not opts.use_cache:
        raise ConfigError("the dead-after mode needs the cache (drop --no-cache)")
    refs = extract_links(store)
    guard = Guard(opts.allow_private, opts.allow_networks, opts.resolver or system_resolver)
    session = opts.session or make_session(opts.workers, pin=guard.pinned)
    ctx = Context(session, guard, opts)
    cache = LinkCache(opts.cache_dir) if opts.use_cache else LinkCache(memory=True)
    stats = {"requests": 0, "max_host_in_flight": 0}
    try:
        checked = _check_all(refs, ctx, cache, stats)
        archives = _archives(refs, checked, ctx, cache, stats) if opts.archive else {}
    finally:
        cache.close()
        if opts.session is None:
            session.close()
    results = [_result(r, checked[r.check_key], archives.get((r.check_key, wayback_timestamp(r.urldate) or "")),
                       opts) for r in refs]
    stats["unique"] = len(checked)
    stats["max_bytes_read"] = ctx.max_bytes_read
    return LinkReport(results, stats)
