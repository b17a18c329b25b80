"""The tricky suite: every scenario of the link-checking issue at DEFAULT settings, on loopback.

Run: python tests/bench/bench_links_tricky.py
Goals: every scenario classified right, zero false `broken` among the transient, rate-limited and
blocked cases, the whole suite in <= 20 s with <= 150 requests; nothing sent to a host before its
Retry-After; at most 64 KiB read per URL.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench_links_common import ServerProcess, peak_rss_mb, retry_after_violations, write_bib

from citekit import load_store
from citekit.links import LinkOptions, Verdict, check_links

# key: (path, host index, expected verdict, group)
SCENARIOS: dict[str, tuple[str, int, Verdict, str]] = {
    "alive": ("/ok/report", 0, Verdict.ALIVE, "plain"),
    "not-found-404": ("/status/404", 0, Verdict.BROKEN, "dead"),
    "gone-410": ("/status/410", 1, Verdict.BROKEN, "dead"),
    "server-error-500": ("/status/500", 1, Verdict.BROKEN, "dead"),
    "flaky-503-recovers": ("/flaky/a?fail=2", 2, Verdict.ALIVE, "transient"),
    "429-retry-after-seconds": ("/limited/a?n=2&after=2", 3, Verdict.ALIVE, "transient"),
    "429-retry-after-http-date": ("/limited/b?n=1&after=2&date=1", 2, Verdict.ALIVE, "transient"),
    "429-forever": ("/always429?after=1", 1, Verdict.RATE_LIMITED, "rate-limited"),
    "405-on-head": ("/head405", 0, Verdict.ALIVE, "plain"),
    "slow-45s": ("/slow?s=45", 3, Verdict.TIMEOUT, "transient"),
    "body-50MB": ("/big", 2, Verdict.ALIVE, "plain"),
    "soft-404": ("/soft404", 0, Verdict.SUSPICIOUS, "soft"),
    "login-redirect": ("/members/annual-report", 1, Verdict.SUSPICIOUS, "soft"),
    "redirect-to-root": ("/retired/policy-paper", 2, Verdict.SUSPICIOUS, "soft"),
    "bot-wall-cf-mitigated": ("/botwall", 3, Verdict.BLOCKED, "blocked"),
    "bot-wall-999": ("/linkedin", 0, Verdict.BLOCKED, "blocked"),
    "redirect-loop": ("/loop/a", 1, Verdict.BROKEN, "dead"),
    "redirect-over-20": ("/many/0", 2, Verdict.BROKEN, "dead"),
    "redirect-chain-5": ("/chain/5", 3, Verdict.ALIVE, "plain"),
    "permanent-redirect": ("/perm/chapter3", 0, Verdict.MOVED, "plain"),
    "paywall-401": ("/status/401", 1, Verdict.RESTRICTED, "restricted"),
    "paywall-403": ("/status/403", 2, Verdict.RESTRICTED, "restricted"),
    "legal-451": ("/status/451", 3, Verdict.RESTRICTED, "restricted"),
}
DOIS = {"doi-registered-1": ("10.5555/city.2016.1", Verdict.ALIVE), "doi-registered-2": ("10.5555/city.2016.2", Verdict.ALIVE),
        "doi-registered-3": ("10.5555/city.2016.3", Verdict.ALIVE),
        "doi-sici": ("10.1002/(SICI)1097-4636(199706)35:4<435::AID-JBM5>3.0.CO;2-B", Verdict.ALIVE),
        "doi-unknown": ("10.5555/not-registered", Verdict.BROKEN)}
API = 4  # the host serving the handle API and the Wayback API


def main() -> int:
    with ServerProcess(5) as srv, tempfile.TemporaryDirectory() as tmp:
        b = srv.bases
        links = {k: b[h] + p for k, (p, h, _v, _g) in SCENARIOS.items()}
        links.update({k: doi for k, (doi, _v) in DOIS.items()})
        registered = {doi.lower(): b[0] + "/ok/landing" for k, (doi, v) in DOIS.items() if v is Verdict.ALIVE}
        dead = links["not-found-404"]
        srv.ask("scenario", {"dois": registered, "doi_burst": 2, "doi_window": 1.0,
                             "snapshots": {dead: [("20120301000000", True), ("20190101000000", True)]}})
        path = write_bib(Path(tmp) / "tricky.bib", links, {"not-found-404": "2015-06-01"})
        opts = LinkOptions(allow_private=True, use_cache=False, doi_api=b[API] + "/doi-api/",
                           archive_api=b[API] + "/wayback/available")
        srv.ask("reset")
        start = time.monotonic()
        report = check_links(load_store([path]), opts)
        wall = time.monotonic() - start
        stats = srv.ask("stats")
    expected = {k: v for k, (_p, _h, v, _g) in SCENARIOS.items()} | {k: v for k, (_d, v) in DOIS.items()}
    groups = {k: g for k, (_p, _h, _v, g) in SCENARIOS.items()}
    got = {r.key: r for r in report.results}
    right = 0
    for key, want in expected.items():
        r = got[key]
        ok = r.verdict is want
        right += ok
        print(f"  {'ok ' if ok else 'BAD'} {key:28} {r.verdict.value:12} status={r.status} {r.detail}")
    false_broken = [k for k, g in groups.items()
                    if g in ("transient", "rate-limited", "blocked") and got[k].verdict is Verdict.BROKEN]
    archive = got["not-found-404"].archive_url or ""
    violations = retry_after_violations(stats, {"/limited/a": 2.0, "/limited/b": 1.0, "/always429": 1.0,
                                                "/doi-api/": 0.5})
    total = sum(stats["requests"].values())
    print(f"scenarios classified right: {right}/{len(expected)}")
    print(f"false broken among transient/rate-limited/blocked: {len(false_broken)} {false_broken}")
    print(f"archive for the 404 (urldate 2015-06-01): {archive}  closest-before={'20120301' in archive}")
    print(f"wall time: {wall:.2f} s (goal <= 20 s)")
    print(f"requests: {total} (goal <= 150), per host: {dict(sorted(stats['requests'].items()))}")
    print(f"peak in flight per host: {max(stats['peak'].values())} (cap 4)")
    print(f"requests before Retry-After expired: {violations}")
    print(f"max bytes read per URL: {report.stats['max_bytes_read']} (goal <= 65536)")
    print(f"client peak RSS: {peak_rss_mb():.1f} MB")
    good = (right == len(expected) and not false_broken and wall <= 20 and total <= 150 and violations == 0
            and "20120301" in archive)
    print("PASS" if good else "FAIL")
    return 0 if good else 1


if __name__ == "__main__":
    raise SystemExit(main())
