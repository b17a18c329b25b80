"""Throughput and politeness: 2,000 links on 20 loopback hosts at 50 ms and 500 ms latency.

Run: python tests/bench/bench_links_throughput.py [--latency 0.05,0.5] [--links 2000] [--hosts 20]
Goals: <= 2.5 s at 50 ms; within 1.10x the floor (total latency / concurrency) at 500 ms; per-host
in-flight never above the cap; client peak RSS <= 64 MB; <= 64 KiB read per URL; a warm re-run sends
zero requests for alive links. Default settings (64 workers, 4 per host); the servers run in
another process, so the memory figure is the checker's.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench_links_common import ServerProcess, peak_rss_mb, write_bib

from citekit import load_store
from citekit.links import LinkOptions, Verdict, check_links


def one(latency: float, n_links: int, n_hosts: int) -> bool:
    with ServerProcess(n_hosts, latency) as srv, tempfile.TemporaryDirectory() as tmp:
        links = {f"k{i}": f"{srv.bases[i % n_hosts]}/ok/{i}" for i in range(n_links)}
        path = write_bib(Path(tmp) / "many.bib", links)
        opts = LinkOptions(allow_private=True, cache_dir=Path(tmp) / "cache")
        store = load_store([path])
        srv.ask("reset")
        start = time.monotonic()
        report = check_links(store, opts)
        wall = time.monotonic() - start
        stats = srv.ask("stats")
        srv.ask("reset")
        start = time.monotonic()
        warm = check_links(load_store([path]), opts)
        warm_wall = time.monotonic() - start
        warm_requests = sum(srv.ask("stats")["requests"].values())
    alive = sum(r.verdict is Verdict.ALIVE for r in report.results)
    concurrency = min(opts.workers, n_hosts * opts.host_concurrency)
    floor = n_links * latency / concurrency
    peak_host = max(stats["peak"].values())
    print(f"latency {latency * 1000:.0f} ms: {n_links} links on {n_hosts} hosts, workers={opts.workers}, "
          f"host cap={opts.host_concurrency}")
    print(f"  wall {wall:.2f} s; floor {floor:.2f} s (= {n_links} x {latency} s / {concurrency}); "
          f"ratio {wall / floor:.3f}")
    print(f"  alive {alive}/{n_links}; requests {sum(stats['requests'].values())}; "
          f"peak in flight per host {peak_host} (cap {opts.host_concurrency}); "
          f"max bytes read per URL {report.stats['max_bytes_read']}")
    print(f"  warm re-run: {warm_requests} requests, {sum(r.from_cache for r in warm.results)} from cache, "
          f"{warm_wall:.2f} s")
    ok = alive == n_links and peak_host <= opts.host_concurrency and warm_requests == 0
    ok = ok and report.stats["max_bytes_read"] <= 65536
    if abs(latency - 0.05) < 1e-9:
        ok = ok and wall <= 2.5
    elif abs(latency - 0.5) < 1e-9:
        ok = ok and wall <= 1.10 * floor
    return ok


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--latency", default="0.05,0.5")
    ap.add_argument("--links", type=int, default=2000)
    ap.add_argument("--hosts", type=int, default=20)
    args = ap.parse_args()
    runs = [one(float(lat), args.links, args.hosts) for lat in args.latency.split(",")]  # run them all
    ok = all(runs)
    rss = peak_rss_mb()
    print(f"client peak RSS {rss:.1f} MB (goal <= 64 MB)")
    ok = ok and rss <= 64
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
