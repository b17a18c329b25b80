"""A polite scheduler: a thread pool, a per-host cap on requests in flight, per-host pacing and waits.

Jobs make one request per `step()` and say what comes next. All state sits behind one lock, so no
request to a host starts before that host's `not_before` (set by Retry-After) and never more than
`host_cap` run on one host at once, while other hosts carry on.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

MAX_INTERVAL = 2.0


@dataclass(frozen=True, slots=True)
class Step:
    """What a job wants after one step: `done`, `next` (run again now), `retry` or `host-wait` after `delay`."""

    kind: str
    delay: float = 0.0
    requests: int = 1
    slow_down: bool = False  # host-wait without a Retry-After: also widen the host's pacing interval


def done(requests: int = 1, host_delay: float = 0.0) -> Step:
    """The job is complete; `host_delay` still keeps its host quiet that long (a final 429's Retry-After)."""
    return Step("done", host_delay, requests)


def again(requests: int = 1) -> Step:
    return Step("next", 0.0, requests)


def retry(delay: float, requests: int = 1) -> Step:
    return Step("retry", delay, requests)


def host_wait(delay: float, requests: int = 1, slow_down: bool = False) -> Step:
    return Step("host-wait", delay, requests, slow_down)


class Job(Protocol):
    """Something that makes one request per step, against the host it names."""

    @property
    def host(self) -> str: ...

    def step(self) -> Step: ...

    def crash(self, exc: BaseException) -> None: ...

    def abandon(self, seconds: float) -> None: ...


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
    """Runs jobs to completion under a global worker limit and per-host limits.

    Each worker thread picks the next ready job itself (under one lock), runs its step outside the
    lock, books the result and picks again; nothing is handed between threads on the common path.
    """

    def __init__(self, workers: int = 64, host_cap: int = 4, interval: float = 0.0,
                 progress: Callable[[int, int], None] | None = None,
                 clock: Callable[[], float] = time.monotonic, step_limit: float | None = None) -> None:
        self.workers = max(1, workers)
        self.step_limit = step_limit
        self.host_cap = max(1, host_cap)
        self.base_interval = max(0.0, interval)
        self.progress = progress
        self.clock = clock
        self.stats = Stats()
        self._hosts = self.stats.hosts
        self._active: dict[str, HostState] = {}  # hosts with queued jobs, in round-robin order
        self._delayed: list[tuple[float, int, Job]] = []
        self._seq = 0
        self._in_flight = 0
        self._remaining = 0
        self._total = 0
        self._cond = threading.Condition()
        self._running: dict[int, tuple[Job, float]] = {}  # id(job) -> (job, started) for steps in progress
        self._abandoned: set[int] = set()

    def _host(self, name: str) -> HostState:
        state = self._hosts.get(name)
        if state is None:
            state = self._hosts[name] = HostState(interval=self.base_interval)
        return state

    def _enqueue(self, job: Job, front: bool = False) -> None:
        name = job.host
        state = self._host(name)
        if front:
            state.queue.appendleft(job)
        else:
            state.queue.append(job)
        self._active.setdefault(name, state)

    def _release_delayed(self, now: float) -> None:
        while self._delayed and self._delayed[0][0] <= now:
            self._enqueue(heapq.heappop(self._delayed)[2])

    def _pick(self) -> tuple[Job, str] | None:
        """The next job whose host has a free slot and no wait pending; its host goes to the back."""
        now = self.clock()
        self._release_delayed(now)
        for name, state in self._active.items():
            if state.in_flight >= self.host_cap or state.not_before > now:
                continue
            job = state.queue.popleft()
            del self._active[name]
            if state.queue:
                self._active[name] = state
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
            state.not_before = max(state.not_before, now + state.interval)
            self._in_flight += 1
            self.stats.max_in_flight = max(self.stats.max_in_flight, self._in_flight)
            return job, name
        return None

    def _wake_in(self) -> float | None:
        """Seconds until a delayed job or a waiting host becomes ready (None: until notified)."""
        now = self.clock()
        times = [t for t, _, _ in self._delayed[:1]]
        times += [s.not_before for s in self._active.values()
                  if s.not_before > now and s.in_flight < self.host_cap]
        if not times:
            return None
        return max(0.001, min(times) - now)

    def _finish_one(self) -> None:
        self._remaining -= 1
        if self.progress:
            self.progress(self._total - self._remaining, self._total)
        if self._remaining == 0:
            self._cond.notify_all()

    def _handle(self, job: Job, host: str, step: Step) -> None:
        """Book a finished step (called with the lock held)."""
        state = self._hosts[host]
        state.in_flight -= 1
        state.requests += step.requests
        self._in_flight -= 1
        self.stats.requests += step.requests
        self._running.pop(id(job), None)
        if id(job) in self._abandoned:  # already reported as timed out; the slot is free again
            self._cond.notify_all()
            return
        now = self.clock()
        if step.kind == "done":
            if step.delay > 0:
                state.not_before = max(state.not_before, now + step.delay)
            state.interval = self.base_interval if state.interval < 0.01 else state.interval / 2
            self._finish_one()
            return
        if step.kind == "next":
            self._enqueue(job)
        elif step.kind == "retry":
            self._seq += 1
            heapq.heappush(self._delayed, (now + step.delay, self._seq, job))
        else:  # host-wait: nobody talks to this host before the wait is over
            state.not_before = max(state.not_before, now + step.delay)
            if step.slow_down:
                state.interval = min(MAX_INTERVAL, max(state.interval * 2, 0.1))
            self._enqueue(job, front=True)
        self._cond.notify_all()  # sleeping workers recompute their wake-up time

    def _worker(self) -> None:
        cond = self._cond
        with cond:
            while True:
                picked = self._pick()
                if picked is None:
                    if self._remaining == 0:
                        return
                    cond.wait(self._wake_in())
                    continue
                job, host = picked
                self._running[id(job)] = (job, self.clock())
                cond.release()
                try:
                    step = job.step()
                except Exception as exc:  # noqa: BLE001 - a bug in a job must not hang the run
                    job.crash(exc)
                    step = done(0)
                finally:
                    cond.acquire()
                self._handle(job, host, step)

    def run(self, jobs: Iterable[Job]) -> Stats:
        """Run every job to completion; returns the counts."""
        todo = list(jobs)
        with self._cond:
            for job in todo:
                self._enqueue(job)
            self._remaining = self._total = len(todo)
        threads = [threading.Thread(target=self._worker, name=f"citekit-links-{i}", daemon=True)
                   for i in range(min(self.workers, len(todo)))]
        for t in threads:
            t.start()
        with self._cond:
            while self._remaining:
                self._cond.wait(1.0 if self.step_limit else None)
                self._abandon_overdue()
        return self.stats

    def _abandon_overdue(self) -> None:
        """Give up on steps running past `step_limit` and report them as done.

        A backstop only: `links.deadline` already shuts a request's sockets down at its deadline, so a
        blocked read ends; a step still overdue here is left to its (daemon) worker thread.
        """
        if not self.step_limit:
            return
        now = self.clock()
        for key, (job, started) in list(self._running.items()):
            if now - started > self.step_limit and key not in self._abandoned:
                self._abandoned.add(key)
                job.abandon(now - started)
                self._finish_one()
