"""A hard wall-clock limit on one HTTP exchange: when it expires, the exchange's socket is shut down.

requests' timeout bounds each socket operation, not the exchange: a server that sends a byte now and
then keeps a read of the status line, or of a 16 KiB body chunk, going for ever. Sessions built with
`DeadlineAdapter` hand every socket they use to the calling thread's current `Deadline`; when that
expires the socket is shut down, which ends a blocked read at once (with an error or an early EOF).
"""

from __future__ import annotations

import heapq
import socket
import threading
import time
from collections.abc import Callable
from typing import Any, ClassVar, Self

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

_local = threading.local()


class Deadline:
    """Use as `with Deadline(seconds) as d:`; sockets used inside are shut down if `seconds` pass first."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self.over = False  # the block has ended: its sockets must not be touched any more
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()

    def __enter__(self) -> Self:
        _local.deadline = self
        _WATCHDOG.add(time.monotonic() + self.seconds, self)
        return self

    def __exit__(self, *exc: object) -> None:
        _local.deadline = None
        with self._lock:  # after this no shutdown can hit a connection handed back to the pool
            self.over = True
            self._socks.clear()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.over:
                return
            if self.expired:
                _shut(sock)
            else:
                self._socks.append(sock)

    def expire(self) -> None:
        with self._lock:
            if self.over:
                return
            self.expired = True
            for sock in self._socks:
                _shut(sock)


class _Watchdog:
    """One daemon thread that expires every `Deadline` of the process when its time comes."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._seq = 0
        self._thread: threading.Thread | None = None

    def add(self, when: float, deadline: Deadline) -> None:
        with self._cond:
            self._seq += 1
            heapq.heappush(self._heap, (when, self._seq, deadline))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="citekit-links-deadline", daemon=True)
                self._thread.start()
            elif self._heap[0][2] is deadline:
                self._cond.notify()  # sooner than what the thread sleeps for

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                while self._heap and (self._heap[0][0] <= now or self._heap[0][2].over):
                    heapq.heappop(self._heap)[2].expire()  # a no-op for a block already ended
                self._cond.wait(self._heap[0][0] - now if self._heap else None)


_WATCHDOG = _Watchdog()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


def _watch(conn: Any) -> None:
    deadline: Deadline | None = getattr(_local, "deadline", None)
    sock = getattr(conn, "sock", None)
    if deadline is not None and sock is not None:
        deadline.watch(sock)


Pin = Callable[[str, int], "tuple[str, ...]"]


class _Pinned:
    """Connects to the addresses the guard checked for this host (no second DNS answer: no rebinding)."""

    pin: ClassVar[Pin | None] = None
    host: str
    port: int
    _dns_host: str

    def _new_conn(self) -> socket.socket:
        pin = type(self).pin
        addrs = pin(self.host.lower(), self.port) if pin is not None else ()
        if not addrs:
            return super()._new_conn()  # type: ignore[misc, no-any-return]
        for addr in addrs[:-1]:
            try:
                return self._connect_to(addr)
            except (NewConnectionError, ConnectTimeoutError):
                continue  # the next checked address
        return self._connect_to(addrs[-1])

    def _connect_to(self, addr: str) -> socket.socket:
        """Open the TCP connection to `addr`; SNI, the certificate check and Host keep the name."""
        name, self._dns_host = self._dns_host, addr
        try:
            return super()._new_conn()  # type: ignore[misc, no-any-return]
        finally:
            self._dns_host = name


class _Conn(_Pinned, HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _watch(self)


class _TLSConn(_Pinned, HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _watch(self)


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Conn

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)
        _watch(conn)  # a kept-alive connection already has its socket; a new one registers on connect
        return conn


class _TLSPool(HTTPSConnectionPool):
    ConnectionCls = _TLSConn

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)
        _watch(conn)
        return conn


class DeadlineAdapter(HTTPAdapter):
    """An HTTPAdapter whose connections obey the calling thread's `Deadline`.

    With `pin` (host, port -> addresses), each new connection goes to the addresses `pin` gives, the
    ones the address guard approved, in order, instead of asking DNS again (none given: DNS as usual).
    """

    def __init__(self, *args: Any, pin: Pin | None = None, **kwargs: Any) -> None:
        self._pin = pin  # before super().__init__, which builds the pool manager
        super().__init__(*args, **kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        pools: dict[str, type[Any]] = {"http": _Pool, "https": _TLSPool}
        if self._pin is not None:
            pin = staticmethod(self._pin)
            pools = {scheme: type(pool.__name__, (pool,), {
                "ConnectionCls": type(pool.ConnectionCls.__name__, (pool.ConnectionCls,), {"pin": pin})})
                for scheme, pool in pools.items()}
        self.poolmanager.pool_classes_by_scheme = pools
