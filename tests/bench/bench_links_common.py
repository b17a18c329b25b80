"""Shared by the link benchmarks: loopback servers in a separate process, peak memory, printing."""

from __future__ import annotations

import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path
from typing import Any, Self

TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS))

from linkserver import serve_forever_in_child


class ServerProcess:
    """`n` loopback hosts (127.0.0.2...) served by another process, so the client's memory is its own."""

    def __init__(self, n: int, latency: float = 0.0) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=serve_forever_in_child, args=(child, n, latency), daemon=True)
        self.proc.start()
        self.bases: list[str] = self.ask("bases")

    def ask(self, msg: str, arg: Any = None) -> Any:
        self.conn.send((msg, arg))
        deadline = time.monotonic() + 60
        while not self.conn.poll(0.5):
            if not self.proc.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"server process gave no answer to {msg!r} (exit code {self.proc.exitcode})")
        return self.conn.recv()

    def host(self, i: int) -> str:
        return self.bases[i].split("://", 1)[1]

    def close(self) -> None:
        try:
            self.ask("stop")
        finally:
            self.proc.join(5)
            if self.proc.is_alive():
                self.proc.kill()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_bib(path: Path, links: dict[str, str], urldates: dict[str, str] | None = None) -> Path:
    parts = []
    for key, value in links.items():
        field = "doi" if value.startswith("10.") else "url"
        extra = f"  urldate = {{{(urldates or {})[key]}}},\n" if key in (urldates or {}) else ""
        parts.append(f"@misc{{{key},\n  title = {{{key}}},\n  {field} = {{{value}}},\n{extra}}}\n")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def retry_after_violations(stats: dict[str, Any], waits: dict[str, float]) -> int:
    """Requests that reached a host after a 429 answer (sent with Retry-After) but before the wait ended.

    `waits` maps a path prefix to its Retry-After in seconds. A request starting within 0.1 s of the
    429 may have been launched before the client read the 429, so it is not counted.
    """
    bad = 0
    for end, host, path, status in stats["log"]:
        if status != 429:
            continue
        wait = next((w for prefix, w in waits.items() if path.startswith(prefix)), None)
        if wait is None:
            continue
        early = [(round(t - end, 3), p) for t, h, p in stats["starts"] if h == host and end + 0.1 < t < end + wait - 0.05]
        if early:
            print(f"  early after 429 on {host}{path}: {early}")
        bad += len(early)
    return bad
