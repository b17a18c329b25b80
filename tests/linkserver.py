"""Real HTTP servers on loopback addresses for the link-checking tests and benchmarks.

`LinkServers(n)` starts one threaded HTTP/1.1 server on each of 127.0.0.2, 127.0.0.3, ... (every
127/8 address routes to `lo` on Linux), so each is a separate host to the checker. All share one
`Recorder` (requests, in-flight and bytes sent per host, request times) and one `Scenario` (DOI
records for the handle-API emulation, snapshots for the fake Wayback API, rate limits).

Routes (every one waits `latency` seconds first):
  /ok/<x>                      200 small HTML page
  /                            200 home page
  /status/<code>               that status (404, 410, 500, 401, 403, 451...)
  /perm/<x>                    301 -> /ok/<x>-new          /temp/<x>  302 -> /ok/<x>
  /chain/<n>                   n redirects (302), then /ok/chain-end
  /away?to=URL&code=C           a redirect (302 unless C) to another URL, another host perhaps
  /loop/a, /loop/b             302 to each other            /many/<i>  302 -> /many/<i+1> forever
  /flaky/<x>?fail=N            503 N times (per path), then 200
  /limited/<x>?n=N&after=S     429 N times with Retry-After S (seconds; `&date=1`: HTTP date), then 200
  /always429                   429 with Retry-After: 1, always
  /head405                     405 to HEAD, 200 to GET
  /slow?s=S                    answers after S seconds
  /big                         200 announcing a 50 MB body, streamed until the client hangs up
  /soft404                     200 whose title says "Page not found"
  /members/<x>                 302 -> /login?next=...       /login  200 login form
  /retired/<x>                 302 -> /  (to the site root)
  /botwall                     403 with cf-mitigated: challenge          /linkedin  999
  /doi-api/<doi>               handle API: responseCode 1 (known DOI) or 100 (404); optional rate limit
  /wayback/available?url=&timestamp=   fake availability API over Scenario.snapshots
  /web/<ts>/<url>              a snapshot: 200 when registered alive, else 404
"""

from __future__ import annotations

import email.utils
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest

PAGE = b"<!doctype html><html><head><title>A report</title></head><body><h1>Report</h1><p>Text.</p></body></html>"
BIG = 50 * 1024 * 1024


@dataclass
class Recorder:
    """Thread-safe counts per host (the Host header): requests, in flight, peak in flight, bytes sent."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: Counter[str] = field(default_factory=Counter)
    in_flight: Counter[str] = field(default_factory=Counter)
    peak: Counter[str] = field(default_factory=Counter)
    sent: Counter[str] = field(default_factory=Counter)
    paths: Counter[str] = field(default_factory=Counter)
    log: list[tuple[float, str, str, int]] = field(default_factory=list)  # (end time, host, path, status)
    starts: list[tuple[float, str, str]] = field(default_factory=list)  # (arrival time, host, path)

    def enter(self, host: str, path: str) -> int:
        with self.lock:
            self.starts.append((time.monotonic(), host, path))
            self.requests[host] += 1
            self.in_flight[host] += 1
            self.peak[host] = max(self.peak[host], self.in_flight[host])
            self.paths[host + path] += 1
            return self.paths[host + path]

    def leave(self, host: str, path: str, status: int) -> None:
        with self.lock:
            self.in_flight[host] -= 1
            self.log.append((time.monotonic(), host, path, status))

    def snapshot(self) -> dict[str, Any]:
        """Plain data (for another process): counters, log and arrival times."""
        with self.lock:
            return {"requests": dict(self.requests), "peak": dict(self.peak), "sent": dict(self.sent),
                    "paths": dict(self.paths), "log": list(self.log), "starts": list(self.starts)}

    def reset(self) -> None:
        with self.lock:
            for c in (self.requests, self.in_flight, self.peak, self.sent, self.paths):
                c.clear()
            self.log.clear()
            self.starts.clear()

    @property
    def total(self) -> int:
        return sum(self.requests.values())


@dataclass
class Scenario:
    """Shared data of the emulated services."""

    dois: dict[str, str] = field(default_factory=dict)        # lower-cased DOI -> landing URL
    doi_burst: int = 0                                         # >0: requests allowed per doi_window
    doi_window: float = 1.0
    snapshots: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)  # url -> [(timestamp, alive)]
    doi_times: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def doi_wait(self) -> float:
        """Seconds the caller must wait (0: allowed now), a sliding-window limit."""
        if self.doi_burst <= 0:
            return 0.0
        now = time.monotonic()
        with self.lock:
            self.doi_times[:] = [t for t in self.doi_times if now - t < self.doi_window]
            if len(self.doi_times) < self.doi_burst:
                self.doi_times.append(now)
                return 0.0
            return self.doi_window - (now - self.doi_times[0])


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256
    allow_reuse_address = True

    def __init__(self, addr: tuple[str, int], owner: LinkServers) -> None:
        super().__init__(addr, Handler)
        self.owner = owner


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes; no 40 ms delayed-ACK stall
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # ---- plumbing ----
    def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
             ctype: str = "text/html; charset=utf-8") -> None:
        self.status = status
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
            with self.server.owner.recorder.lock:
                self.server.owner.recorder.sent[self.host] += len(body)

    def redirect(self, status: int, location: str) -> None:
        self.send(status, b"", {"Location": location})

    def do_HEAD(self) -> None:
        self.handle_any()

    def do_GET(self) -> None:
        self.handle_any()

    def handle_any(self) -> None:
        owner = self.server.owner
        self.host = self.headers.get("Host", "")
        parts = urlsplit(self.path)
        self.query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        self.status = 0
        nth = owner.recorder.enter(self.host, self.path)
        try:
            if owner.latency:
                time.sleep(owner.latency)
            self.route(parts.path, nth)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            owner.recorder.leave(self.host, self.path, self.status)

    # ---- routes ----
    def route(self, path: str, nth: int) -> None:
        seg = path.strip("/").split("/")
        head = seg[0]
        table = {"ok": self.r_ok, "": self.r_home, "status": self.r_status, "perm": self.r_perm,
                 "temp": self.r_temp, "chain": self.r_chain, "loop": self.r_loop, "many": self.r_many,
                 "flaky": self.r_flaky, "limited": self.r_limited, "always429": self.r_always429,
                 "head405": self.r_head405, "slow": self.r_slow, "big": self.r_big, "soft404": self.r_soft404,
                 "members": self.r_members, "login": self.r_login, "retired": self.r_retired,
                 "botwall": self.r_botwall, "linkedin": self.r_linkedin, "doi-api": self.r_doi,
                 "wayback": self.r_wayback, "web": self.r_web, "away": self.r_away}
        handler = table.get(head)
        if handler is None:
            self.send(404, b"<html><title>404 Not Found</title></html>")
        else:
            handler(seg, nth)

    def r_ok(self, seg: list[str], nth: int) -> None:
        self.send(200, PAGE)

    def r_home(self, seg: list[str], nth: int) -> None:
        self.send(200, b"<html><head><title>Home</title></head><body>Welcome</body></html>")

    def r_status(self, seg: list[str], nth: int) -> None:
        self.send(int(seg[1]), b"<html><head><title>Error</title></head></html>")

    def r_perm(self, seg: list[str], nth: int) -> None:
        self.redirect(301, f"/ok/{seg[1]}-new")

    def r_temp(self, seg: list[str], nth: int) -> None:
        self.redirect(302, f"/ok/{seg[1]}")

    def r_away(self, seg: list[str], nth: int) -> None:
        self.redirect(int(self.query.get("code", "302")), self.query["to"])

    def r_chain(self, seg: list[str], nth: int) -> None:
        n = int(seg[1])
        self.redirect(302, f"/chain/{n - 1}" if n > 1 else "/ok/chain-end")

    def r_loop(self, seg: list[str], nth: int) -> None:
        self.redirect(302, "/loop/b" if seg[1] == "a" else "/loop/a")

    def r_many(self, seg: list[str], nth: int) -> None:
        self.redirect(302, f"/many/{int(seg[1]) + 1}")

    def r_flaky(self, seg: list[str], nth: int) -> None:
        if nth <= int(self.query.get("fail", "2")):
            self.send(503, b"busy")
        else:
            self.send(200, PAGE)

    def r_limited(self, seg: list[str], nth: int) -> None:
        after = float(self.query.get("after", "1"))
        if nth <= int(self.query.get("n", "1")):
            value = (email.utils.formatdate(time.time() + after, usegmt=True) if self.query.get("date")
                     else str(int(after)))
            self.send(429, b"slow down", {"Retry-After": value})
        else:
            self.send(200, PAGE)

    def r_always429(self, seg: list[str], nth: int) -> None:
        self.send(429, b"slow down", {"Retry-After": self.query.get("after", "1")})

    def r_head405(self, seg: list[str], nth: int) -> None:
        self.send(405 if self.command == "HEAD" else 200, PAGE)

    def r_slow(self, seg: list[str], nth: int) -> None:
        time.sleep(float(self.query.get("s", "45")))
        self.send(200, PAGE)

    def r_big(self, seg: list[str], nth: int) -> None:
        self.status = 200
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(BIG))
        self.end_headers()
        chunk = b"\0" * 65536
        sent = 0
        try:
            while sent < BIG:
                self.wfile.write(chunk)
                sent += len(chunk)
        finally:
            with self.server.owner.recorder.lock:
                self.server.owner.recorder.sent[self.host] += sent
            self.close_connection = True

    def r_soft404(self, seg: list[str], nth: int) -> None:
        self.send(200, b"<html><head><title>Page not found | Ministry</title></head><body>Sorry</body></html>")

    def r_members(self, seg: list[str], nth: int) -> None:
        self.redirect(302, "/login?next=" + quote(self.path))

    def r_login(self, seg: list[str], nth: int) -> None:
        self.send(200, b"<html><head><title>Sign in</title></head><body><form></form></body></html>")

    def r_retired(self, seg: list[str], nth: int) -> None:
        self.redirect(302, "/")

    def r_botwall(self, seg: list[str], nth: int) -> None:
        self.send(403, b"<html><title>Just a moment...</title></html>",
                  {"cf-mitigated": "challenge", "Server": "cloudflare"})

    def r_linkedin(self, seg: list[str], nth: int) -> None:
        self.send(999, b"")

    def r_doi(self, seg: list[str], nth: int) -> None:
        scen = self.server.owner.scenario
        wait = scen.doi_wait()
        if wait > 0:
            self.send(429, b"{}", {"Retry-After": str(max(1, round(wait)))}, "application/json")
            return
        doi = unquote("/".join(seg[1:])).lower()
        if doi in scen.dois:
            body = {"responseCode": 1, "handle": doi,
                    "values": [{"index": 1, "type": "URL", "data": {"format": "string", "value": scen.dois[doi]}}]}
            self.send(200, json.dumps(body).encode(), ctype="application/json")
        else:
            self.send(404, json.dumps({"responseCode": 100, "handle": doi}).encode(), ctype="application/json")

    def r_wayback(self, seg: list[str], nth: int) -> None:
        url = self.query.get("url", "")
        stamp = self.query.get("timestamp", "")
        snaps = sorted(self.server.owner.scenario.snapshots.get(url, []))
        before = [s for s in snaps if not stamp or s[0] <= stamp.ljust(14, "9")]
        pick = (before or snaps)[-1:] if snaps else []
        closest: dict[str, Any] = {}
        if pick:
            ts = pick[0][0]
            closest = {"closest": {"available": True, "status": "200", "timestamp": ts,
                                   "url": f"http://{self.host}/web/{ts}/{url}"}}
        self.send(200, json.dumps({"url": url, "archived_snapshots": closest}).encode(), ctype="application/json")

    def r_web(self, seg: list[str], nth: int) -> None:
        ts, url = seg[1], self.path.split("/", 3)[3]
        alive = dict(self.server.owner.scenario.snapshots.get(url, [])).get(ts)
        self.send(200 if alive else 404, PAGE if alive else b"<title>Not archived</title>")


class LinkServers:
    """`n` servers on 127.0.0.2 ... 127.0.0.(n+1), each a host of its own; use as a context manager."""

    def __init__(self, n: int = 3, latency: float = 0.0, first: int = 2) -> None:
        self.latency = latency
        self.recorder = Recorder()
        self.scenario = Scenario()
        self.servers: list[_Server] = []
        self.threads: list[threading.Thread] = []
        for i in range(n):
            srv = _Server((f"127.0.0.{first + i}", 0), self)
            self.servers.append(srv)
            t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            t.start()
            self.threads.append(t)

    def base(self, i: int = 0) -> str:
        host, port = self.servers[i].server_address[:2]
        return f"http://{host}:{port}"

    def host(self, i: int = 0) -> str:
        host, port = self.servers[i].server_address[:2]
        return f"{host}:{port}"

    def url(self, path: str, i: int = 0) -> str:
        return self.base(i) + path

    def close(self) -> None:
        for srv in self.servers:
            srv.shutdown()
            srv.server_close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@pytest.fixture(scope="module")
def servers() -> Iterator[LinkServers]:
    """Three loopback hosts for a test module."""
    with LinkServers(3) as s:
        yield s


def serve_forever_in_child(conn: Any, n: int, latency: float) -> None:
    """Body of a server process: starts `LinkServers`, then answers `bases`/`stats`/`reset`/`stop` on a pipe."""
    with LinkServers(n, latency) as s:
        while True:
            msg, arg = conn.recv()
            if msg == "bases":
                conn.send([s.base(i) for i in range(n)])
            elif msg == "stats":
                conn.send(s.recorder.snapshot())
            elif msg == "reset":
                s.recorder.reset()
                conn.send(True)
            elif msg == "scenario":
                for key, value in arg.items():
                    setattr(s.scenario, key, value)
                conn.send(True)
            elif msg == "cpu":
                conn.send(time.process_time())
            elif msg == "stop":
                conn.send(True)
                return
