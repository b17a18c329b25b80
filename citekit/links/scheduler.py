"""A polite scheduler: a thread pool, a per-host cap on requests in flight, per-host pacing and waits.

Jobs make one request per `step()` and say what comes next. The dispatcher (the calling thread)
owns every piece of state, so no request to a host is started before that host's `not_before`
(set by Retry-After) and never more than `host_cap` run on one host at once, while other hosts
carry on.
"""

from __future__ import annotations

import heapq
import queue
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

MAX_INTERVAL = 5.0


@dataclass(frozen=True, slots=True)
class Step:
    """What a job wants after one step: `done`, `next` (run again now), `retry` or `host-wait` after `delay`."""

    kind: str
    delay: float = 0.0
    requests: int = 1


def done(requests: int = 1) -> Step:
    return Step("done", 0.0, requests)


def again(requests: int = 1) -> Step:
    return Step("next", 0.0, requests)


def retry(delay: float, requests: int = 1) -> Step:
    return Step("retry", delay, requests)


def host_wait(delay: float, requests: int = 1) -> Step:
    return Step("host-wait", delay, requests)


class Job(Protocol):
    """Something that makes one request per step, against the host it names."""

    @property
    def host(self) -> str: ...

    def step(self) -> Step: ...

    def crash(self, exc: BaseException) -> None: ...


@dataclass
class HostState:
    """Per-host bookkeeping, touched only by the dispatcher thread."""

    queue: deque[Job] = field(default_factory=deque)
    in_flight: int = 0
    max_in_flight: int = 0
    not_before: float = 0.0
    interval: float = 0.0
    requests: int = 0


@dataclass
class Stats:
    """Counts for reports and benchmarks."""

    requests: int = 0
    max_in_flight: int = 0
    hosts: dict[str, HostState] = field(default_factory=dict)

    @property
    def max_host_in_flight(self) -> int:
        return max((h.max_in_flight for h in self.hosts.values()), default=0)


class Scheduler:
    """Runs jobs to completion under a global worker limit and per-host limits."""

    def __init__(self, workers: int = 64, host_cap: int = 4, interval: float = 0.0,
                 progress: Callable[[int, int], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.workers = max(1, workers)
        self.host_cap = max(1, host_cap)
        self.base_interval = max(0.0, interval)
        self.progress = progress
        self.clock = clock
        self.stats = Stats()
        self._hosts = self.stats.hosts
        self._active: dict[str, HostState] = {}
        self._delayed: list[tuple[float, int, Job]] = []
        self._seq = 0
        self._in_flight = 0
        self._results: queue.SimpleQueue[tuple[Job, str, Step]] = queue.SimpleQueue()

    def _host(self, name: str) -> HostState:
        state = self._hosts.get(name)
        if state is None:
            state = self._hosts[name] = HostState(interval=self.base_interval)
        return state

    def _enqueue(self, job: Job, front: bool = False) -> None:
        name = job.host
        state = self._host(name)
        state.queue.appendleft(job) if front else state.queue.append(job)
        self._active[name] = state

    def _work(self, job: Job, host: str) -> None:
        try:
            step = job.step()
        except Exception as exc:  # noqa: BLE001 - a bug in a job must not hang the run
            job.crash(exc)
            step = done(0)
        self._results.put((job, host, step))

    def _launch(self, pool: ThreadPoolExecutor) -> None:
        """Start every job that its host and the pool allow, one per host per round."""
        now = self.clock()
        progress = True
        while progress and self._in_flight < self.workers and self._active:
            progress = False
            for name in list(self._active):
                state = self._active[name]
                if state.in_flight >= self.host_cap or state.not_before > now:
                    continue
                job = state.queue.popleft()
                if not state.queue:
                    del self._active[name]
                state.in_flight += 1
                state.max_in_flight = max(state.max_in_flight, state.in_flight)
                state.not_before = max(state.not_before, now + state.interval)
                self._in_flight += 1
                self.stats.max_in_flight = max(self.stats.max_in_flight, self._in_flight)
                pool.submit(self._work, job, name)
                progress = True
                if self._in_flight >= self.workers:
                    return

    def _wake_in(self) -> float | None:
        """Seconds until a delayed job or a waiting host becomes ready (None: wait for a result)."""
        now = self.clock()
        times = [t for t, _, _ in self._delayed[:1]]
        times += [s.not_before for s in self._active.values()
                  if s.not_before > now and s.in_flight < self.host_cap]
        if not times:
            return None
        return max(0.0, min(times) - now)

    def _release_delayed(self) -> None:
        now = self.clock()
        while self._delayed and self._delayed[0][0] <= now:
            self._enqueue(heapq.heappop(self._delayed)[2])

    def _handle(self, job: Job, host: str, step: Step) -> bool:
        """Book a finished step; True when the job is complete."""
        state = self._hosts[host]
        state.in_flight -= 1
        state.requests += step.requests
        self._in_flight -= 1
        self.stats.requests += step.requests
        if step.kind == "done":
            state.interval = self.base_interval if state.interval < 0.01 else state.interval / 2
            return True
        if step.kind == "next":
            self._enqueue(job)
        elif step.kind == "retry":
            self._seq += 1
            heapq.heappush(self._delayed, (self.clock() + step.delay, self._seq, job))
        else:  # host-wait: nobody talks to this host before the wait is over
            state.not_before = max(state.not_before, self.clock() + step.delay)
            state.interval = min(MAX_INTERVAL, max(state.interval * 2, 0.1))
            self._enqueue(job, front=True)
        return False

    def run(self, jobs: Iterable[Job]) -> Stats:
        """Run every job to completion; returns the counts."""
        todo = list(jobs)
        for job in todo:
            self._enqueue(job)
        remaining, finished = len(todo), 0
        with ThreadPoolExecutor(self.workers, thread_name_prefix="citekit-links") as pool:
            while remaining:
                self._release_delayed()
                self._launch(pool)
                try:
                    item = self._results.get(timeout=self._wake_in())
                except queue.Empty:
                    continue
                while True:
                    if self._handle(*item):
                        remaining -= 1
                        finished += 1
                        if self.progress:
                            self.progress(finished, len(todo))
                    try:
                        item = self._results.get_nowait()
                    except queue.Empty:
                        break
        return self.stats

