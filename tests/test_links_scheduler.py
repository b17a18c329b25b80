"""The scheduler on its own: per-host caps, host waits, delayed retries, and steps that never end."""

from __future__ import annotations

import threading
import time

from citekit.links.scheduler import Scheduler, Step, again, done, host_wait, retry


class FakeJob:
    """A job whose steps follow a script; records when each step ran."""

    def __init__(self, host: str, script: list[Step], block: threading.Event | None = None) -> None:
        self.host = host
        self.script = list(script)
        self.block = block
        self.times: list[float] = []
        self.outcome = ""

    def step(self) -> Step:
        self.times.append(time.monotonic())
        if self.block is not None:
            self.block.wait(10)
        return self.script.pop(0)

    def crash(self, exc: BaseException) -> None:
        self.outcome = f"crash {exc}"

    def abandon(self, seconds: float) -> None:
        self.outcome = "abandoned"


def test_host_wait_holds_back_the_whole_host_only() -> None:
    waiting = FakeJob("a", [host_wait(0.4), done()])
    same = FakeJob("a", [done()])
    other = FakeJob("b", [done()])
    stats = Scheduler(workers=1, host_cap=1).run([waiting, same, other])
    assert stats.requests == 4
    assert same.times[0] - waiting.times[0] >= 0.39  # nothing to host a during its wait
    assert other.times[0] - waiting.times[0] < 0.3   # host b carried on


def test_retry_delay_and_redirect_steps() -> None:
    job = FakeJob("a", [retry(0.2), again(), done()])
    Scheduler(workers=2).run([job])
    assert len(job.times) == 3 and job.times[1] - job.times[0] >= 0.19


def test_cap_per_host_is_respected() -> None:
    jobs = [FakeJob("h", [done()]) for _ in range(6)]
    peak = 0
    lock = threading.Lock()
    running = 0

    def slow_step(job: FakeJob) -> Step:
        nonlocal peak, running
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return done()

    for j in jobs:
        j.step = (lambda j=j: slow_step(j))  # type: ignore[method-assign]
    stats = Scheduler(workers=6, host_cap=2).run(jobs)
    assert peak == 2 and stats.max_host_in_flight == 2


def test_a_step_that_never_ends_is_abandoned() -> None:
    release = threading.Event()
    stuck = FakeJob("a", [done()], block=release)
    quick = FakeJob("b", [done()])
    start = time.monotonic()
    Scheduler(workers=2, step_limit=0.3).run([stuck, quick])
    assert time.monotonic() - start < 2.5
    assert stuck.outcome == "abandoned"
    release.set()


def test_a_crashing_job_does_not_hang_the_run() -> None:
    job = FakeJob("a", [])  # popping an empty script raises IndexError
    Scheduler(workers=1).run([job])
    assert job.outcome.startswith("crash")
