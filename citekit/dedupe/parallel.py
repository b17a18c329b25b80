"""Judging candidate pairs, split over two processes with `os.fork` when there are many.

The child inherits the MatchKeys copy-on-write, judges every other pair and sends back
only the verdicts that matter (accepted pairs and related pairs: a few percent of the candidates) as
plain tuples. Any failure in the child falls back to judging its share here, so results never depend
on whether the fork worked.
"""

from __future__ import annotations

import os
import pickle
from typing import Any

from citekit.dedupe.keys import MatchKey
from citekit.dedupe.score import Decision, compare

MIN_PARALLEL = 50_000  # below this many pairs a fork costs more than it saves

Edge = tuple[int, int, Decision]
Hard = tuple[int, int, list[str]]
_Row = tuple[int, int, Any, list[str]]


def _rows(keys: list[MatchKey], pairs: list[tuple[int, int]]) -> list[_Row]:
    """Verdicts worth keeping: (i, j, decision fields or None, conflicts)."""
    out: list[_Row] = []
    for i, j in pairs:
        dec, hard = compare(keys[i], keys[j])
        if dec is not None:
            out.append((i, j, (dec.same, dec.confidence, dec.score, dec.reasons), []))
        elif hard:
            out.append((i, j, None, hard))
    return out


def _split(rows: list[_Row], edges: list[Edge], related: list[Hard]) -> None:
    for i, j, dec, hard in rows:
        if dec is not None:
            edges.append((i, j, Decision(*dec)))
        else:
            related.append((i, j, hard))


def _child(keys: list[MatchKey], pairs: list[tuple[int, int]], fd: int) -> None:
    """Runs in the forked process: judge, write the pickled rows, exit without cleanup."""
    code = 1
    try:
        data = pickle.dumps(_rows(keys, pairs), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        code = 0
    finally:
        os._exit(code)


def judge(keys: list[MatchKey], pairs: list[tuple[int, int]], workers: int = 2
          ) -> tuple[list[Edge], list[Hard]]:
    """Accepted pairs (same work) and related pairs (hard conflicts), judged on up to two processes."""
    edges: list[Edge] = []
    related: list[Hard] = []
    if workers < 2 or len(pairs) < MIN_PARALLEL or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        _split(_rows(keys, pairs), edges, related)
        return edges, related
    mine, theirs = pairs[0::2], pairs[1::2]  # interleaved: costly pairs cluster at the start
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process
        os.close(rfd)
        _child(keys, theirs, wfd)
    os.close(wfd)
    try:
        _split(_rows(keys, mine), edges, related)
    finally:
        with os.fdopen(rfd, "rb") as inp:
            data = inp.read()
        _, status = os.waitpid(pid, 0)
    rows = pickle.loads(data) if status == 0 and data else _rows(keys, theirs)
    _split(rows, edges, related)
    return edges, related
