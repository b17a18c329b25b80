"""One HTTP request the careful way: GET, streamed, at most `max_bytes` read, a wall-clock deadline."""

from __future__ import annotations

import email.utils
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import requests

from citekit.links.deadline import Deadline, DeadlineAdapter, Pin

USER_AGENT = "citekit-links/0.1 (+https://github.com/citekit; BibTeX link checker)"
MAX_BYTES = 64 * 1024
CHUNK = 16 * 1024


@dataclass(slots=True)
class Reply:
    """What was learnt from one response: status, lower-cased headers, the first bytes of the body."""

    status: int
    headers: dict[str, str]
    body: bytes = b""
    bytes_read: int = 0
    location: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


def make_session(pool_size: int, pin: Pin | None = None) -> requests.Session:
    """One shared session: connection pools sized to the worker pool, no automatic retries or redirects.

    `pin` (see `DeadlineAdapter`) makes connections go to the addresses the guard checked.
    """
    session = requests.Session()
    adapter = DeadlineAdapter(pool_connections=max(pool_size, 10), pool_maxsize=pool_size, max_retries=0,
                              pin=pin)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                            "Accept-Encoding": "gzip, deflate"})
    session.trust_env = False  # no proxies or .netrc credentials from the environment
    return session


def get(session: requests.Session, url: str, timeout: float, max_bytes: int = MAX_BYTES,
        headers: Mapping[str, str] | None = None) -> Reply:
    """GET `url` without following redirects; read at most `max_bytes` within `timeout` seconds in all.

    The limit is hard: a server trickling its headers or body is cut off (see `deadline`).
    Raises requests' exceptions (Timeout, ConnectionError...) for the caller to classify.
    """
    deadline = time.monotonic() + timeout
    with Deadline(timeout + min(1.0, timeout / 5)) as hard:
        try:
            resp = session.get(url, stream=True, allow_redirects=False, timeout=(timeout, timeout),
                               headers=dict(headers or {}))
        except requests.RequestException as exc:
            if hard.expired:
                raise requests.Timeout(f"no complete answer within {timeout:g} s") from exc
            raise
        if hard.expired:  # the headers were cut short: whatever was parsed is not an answer
            _drop(resp)
            raise requests.Timeout(f"no complete answer within {timeout:g} s")
        body, total, complete = _read_body(resp, max_bytes, deadline)
    raw_read = resp.raw.tell() if hasattr(resp.raw, "tell") else total
    reply = Reply(resp.status_code, {k.lower(): v for k, v in resp.headers.items()}, body,
                  max(raw_read, len(body)), resp.headers.get("location"))
    if complete and not hard.expired:
        resp.raw.release_conn()  # body read to the end: the connection goes back to the pool
    else:
        _drop(resp)  # unread data left: drop the connection rather than drain it
    return reply


def _read_body(resp: requests.Response, max_bytes: int, deadline: float) -> tuple[bytes, int, bool]:
    """The first `max_bytes` of the body, the bytes received, and whether the body was read to its end."""
    chunks: list[bytes] = []
    total = 0
    try:
        for chunk in resp.iter_content(CHUNK):
            chunks.append(chunk)
            total += len(chunk)
            if total >= max_bytes or time.monotonic() > deadline:
                return b"".join(chunks)[:max_bytes], total, False
    except requests.RequestException:  # includes a read cut short by the hard deadline
        return b"".join(chunks)[:max_bytes], total, False
    return b"".join(chunks)[:max_bytes], total, True


def _drop(resp: requests.Response) -> None:
    """Close a response with unread data: shut the socket down first so nothing can keep reading it."""
    conn = getattr(resp.raw, "_connection", None)
    sock = getattr(conn, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    resp.close()


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
