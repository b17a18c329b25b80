"""Duplicate detection and safe merging: `find_duplicates` over a store, then `plan_merge`/`apply_merge`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from citekit.dedupe.blocking import candidate_pairs
from citekit.dedupe.cluster import canonical, cluster, confidence
from citekit.dedupe.keys import MatchKey, build_keys
from citekit.dedupe.score import Decision, compare
from citekit.entry import Entry
from citekit.gcpause import gc_paused
from citekit.model import Location
from citekit.store import Store


@dataclass(frozen=True, slots=True)
class Cluster:
    """Entries that are the same work; `canonical` is the key to keep."""

    keys: tuple[str, ...]
    canonical: str
    confidence: str
    reasons: tuple[str, ...]
    locations: tuple[Location, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"keys": list(self.keys), "canonical": self.canonical, "confidence": self.confidence,
                "reasons": list(self.reasons),
                "locations": [{"key": k, "path": loc.path, "line": loc.line}
                              for k, loc in zip(self.keys, self.locations)]}


@dataclass(frozen=True, slots=True)
class Related:
    """Two entries that look alike but are different works (editions, volumes, versions): never merged."""

    keys: tuple[str, str]
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"keys": list(self.keys), "reasons": list(self.reasons)}


@dataclass
class DedupeResult:
    """Clusters of duplicates, related pairs, and how much work it took."""

    clusters: list[Cluster]
    related: list[Related]
    stats: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: {"clusters": [...]} plus the related pairs and counts."""
        return {"clusters": [c.to_dict() for c in self.clusters],
                "related": [r.to_dict() for r in self.related], "summary": dict(self.stats)}


def _edge_reason(keys: list[MatchKey], i: int, j: int, dec: Decision) -> str:
    return f"{keys[i].key} ~ {keys[j].key}: {', '.join(dec.reasons)}"


def find_duplicates(source: Store | Iterable[Entry], strings: dict[str, str] | None = None) -> DedupeResult:
    """Find works entered more than once. `source` is a Store or entries (with `strings` @string macros)."""
    with gc_paused():
        return _find(source, strings)


def _find(source: Store | Iterable[Entry], strings: dict[str, str] | None) -> DedupeResult:
    if isinstance(source, Store):
        entries, strings = source.entries, source.strings
    else:
        entries = list(source)
    usable = [e for e in entries if e.key and not e.broken]
    keys = build_keys(usable, strings or {})
    edges: list[tuple[int, int, Decision]] = []
    related: list[tuple[int, int, list[str]]] = []
    ncand = 0
    for i, j in candidate_pairs(keys):
        ncand += 1
        dec, hard = compare(keys[i], keys[j])
        if dec is not None:
            edges.append((i, j, dec))
        elif hard:
            related.append((i, j, hard))
    groups, refused = cluster(keys, edges)
    clusters = []
    for g in sorted(groups, key=lambda g: min(g.members)):
        members = sorted(g.members)
        clusters.append(Cluster(
            keys=tuple(keys[m].key for m in members), canonical=keys[canonical(keys, members)].key,
            confidence=confidence(g), reasons=tuple(_edge_reason(keys, i, j, d) for i, j, d in g.edges),
            locations=tuple(Location(usable[m].path, usable[m].line) for m in members)))
    rel = [Related((keys[i].key, keys[j].key), tuple(h)) for i, j, h in sorted(related + refused)]
    stats = {"entries": len(keys), "candidates": ncand, "clusters": len(clusters), "related": len(rel)}
    return DedupeResult(clusters, rel, stats)


__all__ = ["Cluster", "DedupeResult", "Related", "find_duplicates"]
