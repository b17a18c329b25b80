"""`check_links` against real HTTP servers on 127.0.0.2-4 (no mocks, no internet)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import write
from linkserver import LinkServers, servers  # noqa: F401  (fixture)

from citekit import load_store
from citekit.links import LinkOptions, LinkReport, Verdict, apply_archive_fixes, check_links
from citekit.links.guard import ResolveError


def fast(s: LinkServers, tmp_path: Path, **kw: Any) -> LinkOptions:
    """Loopback allowed, short timeout and back-off, endpoints on the fake services, a fresh cache."""
    base = LinkOptions(allow_private=True, timeout=3.0, backoff=0.05, workers=16,  # loopback answers in ms;
                       # 3 s keeps a busy CI machine from turning a slow thread switch into a timeout
                       doi_api=s.url("/doi-api/", -1), archive_api=s.url("/wayback/available", -1),
                       cache_dir=tmp_path / "cache")
    return replace(base, **kw)


def bib(tmp_path: Path, links: dict[str, str], extra: str = "") -> Path:
    """One @misc per key with its url (or doi when the value starts with 10.)."""
    parts = []
    for key, value in links.items():
        field = "doi" if value.startswith("10.") else "url"
        parts.append(f"@misc{{{key},\n  title = {{{key}}},\n  {field} = {{{value}}},\n}}\n")
    return write(tmp_path / "refs.bib", "\n".join(parts) + extra)


def by_key(report: LinkReport) -> dict[str, Any]:
    return {r.key: r for r in report.results}


@pytest.fixture(scope="module")
def tricky(servers: LinkServers, tmp_path_factory: pytest.TempPathFactory) -> tuple[LinkReport, LinkServers]:  # noqa: F811
    """One run over every scenario of the issue, spread over three hosts."""
    s = servers
    tag = uuid.uuid4().hex[:6]
    s.scenario.dois["10.5555/found"] = s.url("/ok/landing")
    gone = s.url(f"/status/404?{tag}", 1)
    s.scenario.snapshots[gone] = [("20120101000000", True), ("20200101000000", True)]
    links = {
        "ok": s.url("/ok/a"), "notfound": gone, "gone": s.url("/status/410"), "error": s.url(f"/status/500?{tag}"),
        "flaky": s.url(f"/flaky/{tag}?fail=2", 1), "limited": s.url(f"/limited/{tag}?n=2&after=1", 2),
        "limdate": s.url(f"/limited/d{tag}?n=1&after=1&date=1", 0), "always": s.url(f"/always429?after=0&{tag}", 1),
        "head": s.url("/head405"), "slow": s.url(f"/slow?s=8&{tag}", 2), "big": s.url("/big", 1),
        "soft": s.url("/soft404"), "login": s.url("/members/report"), "root": s.url("/retired/x"),
        "wall": s.url("/botwall", 2), "linkedin": s.url("/linkedin", 2), "loop": s.url("/loop/a"),
        "many": s.url("/many/0"), "chain": s.url("/chain/5"), "perm": s.url("/perm/p"),
        "auth": s.url("/status/401"), "pay": s.url("/status/402"), "forbid": s.url("/status/403"),
        "legal": s.url("/status/451"), "ftp": "ftp://ftp.example.org/pub/x.pdf",
        "doiok": "10.5555/FOUND", "doimissing": "10.5555/missing",
    }
    path = bib(tmp_path_factory.mktemp("tricky"), links, "@misc{dup, url = {" + s.url("/ok/a") + "}}\n")
    text = path.read_text().replace("  title = {notfound},", "  title = {notfound},\n  urldate = {2015-03-01},")
    path.write_text(text)
    s.recorder.reset()
    report = check_links(load_store([path]), fast(s, path.parent, rate_limit_retries=2))
    return report, s


@pytest.mark.parametrize(("key", "verdict", "status"), [
    ("ok", Verdict.ALIVE, 200), ("dup", Verdict.ALIVE, 200), ("notfound", Verdict.BROKEN, 404),
    ("gone", Verdict.BROKEN, 410), ("error", Verdict.BROKEN, 500), ("flaky", Verdict.ALIVE, 200),
    ("limited", Verdict.ALIVE, 200), ("limdate", Verdict.ALIVE, 200), ("always", Verdict.RATE_LIMITED, 429),
    ("head", Verdict.ALIVE, 200), ("slow", Verdict.TIMEOUT, None), ("big", Verdict.ALIVE, 200),
    ("soft", Verdict.SUSPICIOUS, 200), ("login", Verdict.SUSPICIOUS, 200), ("root", Verdict.SUSPICIOUS, 200),
    ("wall", Verdict.BLOCKED, 403), ("linkedin", Verdict.BLOCKED, 999), ("loop", Verdict.BROKEN, 302),
    ("many", Verdict.BROKEN, 302), ("chain", Verdict.ALIVE, 200), ("perm", Verdict.MOVED, 200),
    ("auth", Verdict.RESTRICTED, 401), ("pay", Verdict.RESTRICTED, 402), ("forbid", Verdict.RESTRICTED, 403),
    ("legal", Verdict.RESTRICTED, 451), ("ftp", Verdict.EXCLUDED, None), ("doiok", Verdict.ALIVE, 200),
    ("doimissing", Verdict.BROKEN, 404),
])
def test_scenario_verdicts(tricky: tuple[LinkReport, LinkServers], key: str, verdict: Verdict,
                           status: int | None) -> None:
    result = by_key(tricky[0])[key]
    assert (result.verdict, result.status) == (verdict, status), result.detail


def test_tricky_requests_and_details(tricky: tuple[LinkReport, LinkServers]) -> None:
    report, s = tricky
    r = by_key(report)
    paths = s.recorder.paths
    assert paths[s.host(0) + next(p for p in paths if "/status/500?" in p).split(s.host(0))[-1]] == 4  # 1 + 3 retries
    assert sum(n for p, n in paths.items() if "/slow?" in p) == 1  # a timeout is not retried
    assert sum(n for p, n in paths.items() if "/always429" in p) == 3  # 1 + rate_limit_retries
    assert sum(n for p, n in paths.items() if p.endswith("/ok/a")) == 1  # one check per normalised URL
    assert r["perm"].final_url == s.url("/ok/p-new")
    assert r["notfound"].line == 9 and r["notfound"].field == "url"
    assert r["doiok"].final_url == s.url("/ok/landing")
    assert report.stats["max_bytes_read"] <= 64 * 1024
    assert s.recorder.sent[s.host(1)] < 60 * 1024 * 1024  # the 50 MB body was not downloaded
    assert report.stats["max_host_in_flight"] <= 4


def test_archive_snapshot_closest_before_urldate(tricky: tuple[LinkReport, LinkServers]) -> None:
    r = by_key(tricky[0])
    assert r["notfound"].archive_url is not None
    assert "/web/20120101000000/" in r["notfound"].archive_url
    assert r["gone"].archive_url is None  # no snapshot known
    assert r["ok"].archive_url is None  # alive links are not looked up


def test_retry_after_is_honoured_per_host_while_others_carry_on(tmp_path: Path) -> None:
    with LinkServers(2) as s:
        tag = uuid.uuid4().hex[:6]
        links = {"limited": s.url(f"/limited/{tag}?n=1&after=2", 0), "same": s.url("/ok/same", 0)}
        links.update({f"other{i}": s.url(f"/ok/{i}", 1) for i in range(6)})
        report = check_links(load_store([bib(tmp_path, links)]), fast(s, tmp_path, workers=1))
        assert all(r.verdict is Verdict.ALIVE for r in report.results)
        log = [(t, path) for t, host, path, _ in s.recorder.log if host == s.host(0)]
        first_429 = next(t for t, p in log if p.startswith("/limited"))
        after = [t for t, _p in log if t > first_429]
        assert after and min(after) - first_429 >= 1.9  # nothing sent to that host before Retry-After
        other = [t for t, host, _p, _ in s.recorder.log if host == s.host(1)]
        assert max(other) - first_429 < 1.0  # the other host was served meanwhile


def test_host_concurrency_cap(tmp_path: Path) -> None:
    with LinkServers(2, latency=0.05) as s:
        links = {f"k{i}": s.url(f"/ok/{i}", i % 2) for i in range(40)}
        opts = fast(s, tmp_path, host_concurrency=3, timeout=5.0)  # a slow CI machine must not turn into a timeout
        report = check_links(load_store([bib(tmp_path, links)]), opts)
        assert {r.verdict for r in report.results} == {Verdict.ALIVE}
        assert max(s.recorder.peak.values()) == 3


def test_private_targets_excluded_after_resolution(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    port = servers.servers[0].server_address[1]
    links = {"loop": servers.url("/ok/x"), "name": f"http://localhost:{port}/ok/x",
             "numeric": f"http://2130706433:{port}/ok/x", "short": f"http://127.1:{port}/ok/x"}
    before = servers.recorder.total
    opts = fast(servers, tmp_path, allow_private=False, use_cache=False)
    report = check_links(load_store([bib(tmp_path, links)]), opts)
    assert {r.key: r.verdict for r in report.results} == dict.fromkeys(links, Verdict.EXCLUDED)
    assert servers.recorder.total == before


def test_private_check_on_every_redirect_hop(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    target = servers.url("/ok/secret", 1)
    links = {"hop": servers.url("/away?to=" + target, 0)}
    opts = fast(servers, tmp_path, allow_private=False, allow_networks=("127.0.0.2/32",), use_cache=False)
    before = servers.recorder.requests[servers.host(1)]
    [result] = check_links(load_store([bib(tmp_path, links)]), opts).results
    assert result.verdict is Verdict.EXCLUDED and "redirected to" in result.detail
    assert servers.recorder.requests[servers.host(1)] == before


def test_dns_failure_and_refused_connection_are_broken(tmp_path: Path) -> None:
    def resolver(host: str, port: int) -> list[str]:
        if host == "gone.citekit-test.org":
            raise ResolveError(f"cannot resolve {host}")
        return ["127.0.0.9"]

    with LinkServers(1) as s:
        closed = s.servers[0].server_address[1]
    links = {"dns": "http://gone.citekit-test.org/x", "refused": f"http://127.0.0.2:{closed}/x"}
    opts = LinkOptions(resolver=resolver, allow_networks=("127.0.0.0/8",), backoff=0.01, timeout=1.0,
                       use_cache=False, archive=False)
    r = by_key(check_links(load_store([bib(tmp_path, links)]), opts))
    assert r["dns"].verdict is Verdict.BROKEN and "resolve" in r["dns"].detail
    assert r["refused"].verdict is Verdict.BROKEN and "refused" in r["refused"].detail


def test_doi_api_rate_limit_is_waited_out(tmp_path: Path) -> None:
    with LinkServers(1) as s:
        dois = {f"d{i}": f"10.5555/rl{i}" for i in range(5)}
        s.scenario.dois.update({d: s.url("/ok/x") for d in dois.values()})
        s.scenario.doi_burst, s.scenario.doi_window = 2, 1.0
        opts = fast(s, tmp_path, doi_api=s.url("/doi-api/"))
        report = check_links(load_store([bib(tmp_path, dois)]), opts)
        assert {r.verdict for r in report.results} == {Verdict.ALIVE}
        statuses = [status for _t, _h, path, status in s.recorder.log if path.startswith("/doi-api/")]
        assert 429 in statuses and statuses.count(200) == 5


def test_doi_landing_page_wall_is_blocked_not_dead(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    servers.scenario.dois["10.5555/walled"] = servers.url("/botwall")
    servers.scenario.dois["10.5555/deadlanding"] = servers.url("/status/404")
    links = {"walled": "10.5555/walled", "dead": "10.5555/deadlanding"}
    r = by_key(check_links(load_store([bib(tmp_path, links)]), fast(servers, tmp_path, doi_landing=True)))
    assert r["walled"].verdict is Verdict.BLOCKED
    assert r["dead"].verdict is Verdict.SUSPICIOUS


def test_warm_rerun_sends_no_request_for_alive_links(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    links = {f"a{i}": servers.url(f"/ok/warm{i}", i % 3) for i in range(10)}
    links["dead"] = servers.url("/status/404?warm")
    path = bib(tmp_path, links)
    opts = fast(servers, tmp_path, archive=False)
    first = check_links(load_store([path]), opts)
    before = servers.recorder.total
    second = check_links(load_store([path]), opts)
    assert servers.recorder.total - before == 1  # only the broken link is asked again
    assert all(r.from_cache for r in second.results if r.key != "dead")
    assert not by_key(second)["dead"].from_cache
    assert [r.verdict for r in first.results] == [r.verdict for r in second.results]


def test_no_cache_leaves_no_database(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    path = bib(tmp_path, {"a": servers.url("/ok/nocache")})
    check_links(load_store([path]), fast(servers, tmp_path, use_cache=False))
    assert not (tmp_path / "cache").exists()


def test_dead_only_after_n_failing_runs_spaced_apart(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    path = bib(tmp_path, {"dead": servers.url("/status/410?nightly")})
    clock = iter([0.0, 1000.0, 4000.0])

    def run() -> LinkReport:
        now = next(clock)
        return check_links(load_store([path]), fast(servers, tmp_path, dead_after=2, dead_interval=3600.0,
                                                    clock=lambda: now, archive=False))

    first, second, third = run(), run(), run()
    assert [r.results[0].verdict for r in (first, second, third)] == [Verdict.BROKEN] * 3
    assert (first.failing(), second.failing()) == ([], [])  # one bad night does not go red
    assert first.summary()["unconfirmed"] == [servers.url("/status/410?nightly")]
    assert len(third.failing()) == 1


def test_exclude_regex(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    path = bib(tmp_path, {"skip": servers.url("/status/404?skipme"), "keep": servers.url("/ok/keep")})
    r = by_key(check_links(load_store([path]), fast(servers, tmp_path, exclude=(r"skipme",))))
    assert r["skip"].verdict is Verdict.EXCLUDED and r["keep"].verdict is Verdict.ALIVE


def test_fix_writes_archive_fields_and_leaves_other_entries(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    dead = servers.url("/status/404?fixme", 1)
    servers.scenario.snapshots[dead] = [("20160503101010", True)]
    path = bib(tmp_path, {"dead": dead, "fine": servers.url("/ok/fine")})
    original = path.read_text()
    store = load_store([path])
    report = check_links(store, fast(servers, tmp_path))
    changes = apply_archive_fixes(store, report)
    assert [(c.key, c.field) for c in changes] == [("dead", "archiveurl"), ("dead", "urldate")]
    store.save()
    text = path.read_text()
    assert "urldate = {2016-05-03}" in text and "/web/20160503101010/" in text
    fine = original[original.index("@misc{fine"):]
    assert text.endswith(fine)


def test_connections_go_to_the_address_the_guard_checked(tmp_path: Path) -> None:
    """DNS rebinding: the name is resolved once, checked, and that address is the one connected to."""
    answers: list[str] = []

    with LinkServers(1) as s:
        addr, port = s.servers[0].server_address[:2]

        def resolver(host: str, _port: int) -> list[str]:
            answers.append(host)
            return [str(addr)] if len(answers) == 1 else ["10.0.0.1"]  # a second answer would be private

        links = {"pinned": f"http://pinned.citekit-test.org:{port}/ok/page"}
        opts = LinkOptions(resolver=resolver, allow_networks=(f"{addr}/32",), backoff=0.01, timeout=2.0,
                           use_cache=False, archive=False)
        [result] = check_links(load_store([bib(tmp_path, links)]), opts).results
        assert result.verdict is Verdict.ALIVE, result.detail  # system DNS cannot resolve this name at all
        assert answers == ["pinned.citekit-test.org"]
        assert s.recorder.requests[f"pinned.citekit-test.org:{port}"] == 1  # Host header keeps the name


def test_a_pinned_host_falls_back_to_its_next_checked_address(tmp_path: Path) -> None:
    with LinkServers(1) as s:
        addr, port = s.servers[0].server_address[:2]
        links = {"second": f"http://two-addresses.citekit-test.org:{port}/ok/page"}
        opts = LinkOptions(resolver=lambda host, _port: ["127.0.0.3", str(addr)], allow_networks=("127.0.0.0/8",),
                           backoff=0.01, timeout=2.0, use_cache=False, archive=False)
        [result] = check_links(load_store([bib(tmp_path, links)]), opts).results
        assert result.verdict is Verdict.ALIVE, result.detail
