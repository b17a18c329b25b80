"""`fetch.get` against servers that trickle bytes forever: the wall-clock limit holds and no thread is left reading."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from citekit.links import fetch

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 52428800\r\n\r\n"


class Trickler:
    """A raw TCP server on 127.0.0.5: sends `prefix` at once, then one byte every 50 ms until the client leaves."""

    def __init__(self, prefix: bytes, tail: bytes) -> None:
        self.prefix, self.tail = prefix, tail
        self.listener = socket.create_server(("127.0.0.5", 0))
        self.port = self.listener.getsockname()[1]
        self.gone = threading.Event()  # set when the client hung up on us
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        conn, _ = self.listener.accept()
        with conn:
            conn.recv(65536)
            try:
                conn.sendall(self.prefix)
                while True:
                    conn.sendall(self.tail)
                    time.sleep(0.05)
            except OSError:
                self.gone.set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.5:{self.port}/doc"


def timed_get(url: str, timeout: float) -> tuple[float, fetch.Reply | BaseException | None]:
    """Run `fetch.get` in a thread; give up waiting after 10 s so a regression fails instead of hanging."""
    out: list[fetch.Reply | BaseException] = []

    def call() -> None:
        try:
            out.append(fetch.get(fetch.make_session(2), url, timeout))
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            out.append(exc)

    start = time.monotonic()
    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(10)
    return time.monotonic() - start, (out[0] if out else None)


@pytest.fixture
def trickle_headers() -> Iterator[Trickler]:
    srv = Trickler(b"HTTP/1.1 200 OK\r\n", b"X")  # a header line that never ends
    yield srv
    srv.listener.close()


@pytest.fixture
def trickle_body() -> Iterator[Trickler]:
    srv = Trickler(HEAD + b"%PDF", b"\0")  # a 50 MB body sent one byte at a time
    yield srv
    srv.listener.close()


def test_headers_trickled_forever_time_out(trickle_headers: Trickler) -> None:
    took, result = timed_get(trickle_headers.url, 0.5)
    assert isinstance(result, requests.Timeout), result
    assert took < 2.0
    assert trickle_headers.gone.wait(2.0)  # the connection was really closed


def test_body_trickled_forever_ends_at_the_deadline(trickle_body: Trickler) -> None:
    took, result = timed_get(trickle_body.url, 0.5)
    assert isinstance(result, fetch.Reply), result
    assert result.status == 200  # the answer stands; only the body was cut short
    assert took < 2.0
    assert trickle_body.gone.wait(2.0)
