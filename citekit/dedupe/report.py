"""Dedupe results as findings (rule `duplicate-entry`) and as readable text."""

from __future__ import annotations

from citekit.dedupe import Cluster, DedupeResult
from citekit.model import Finding, Severity

RULE = "duplicate-entry"


def cluster_findings(cluster: Cluster) -> list[Finding]:
    """One finding per non-canonical member, at its file and line, naming the canonical key."""
    severity = Severity.ERROR if cluster.confidence == "auto" else Severity.WARNING
    why = cluster.reasons[0].split(": ", 1)[-1] if cluster.reasons else ""
    out = []
    for key, loc in zip(cluster.keys, cluster.locations):
        if key == cluster.canonical and loc == cluster.locations[cluster.keys.index(cluster.canonical)]:
            continue
        out.append(Finding(RULE, severity, f"same work as '{cluster.canonical}' ({cluster.confidence}: {why})",
                           loc, key))
    return out


def findings(result: DedupeResult) -> list[Finding]:
    return [f for c in result.clusters for f in cluster_findings(c)]


def render_text(result: DedupeResult) -> str:
    """Each cluster with its members, canonical and reasons; then the related pairs."""
    lines: list[str] = []
    for n, c in enumerate(result.clusters, 1):
        lines.append(f"cluster {n} ({c.confidence}), keep '{c.canonical}':")
        for key, loc in zip(c.keys, c.locations):
            mark = "  <- canonical" if key == c.canonical else ""
            lines.append(f"  {loc}: {key}{mark}")
        lines.extend(f"    because {r}" for r in c.reasons)
    if result.related:
        lines.append("related, never merged (different editions, volumes, versions...):")
        lines.extend(f"  {a} / {b}: {'; '.join(r.reasons)}" for r in result.related for a, b in [r.keys])
    auto = sum(1 for c in result.clusters if c.confidence == "auto")
    lines.append(f"{len(result.clusters)} cluster(s) ({auto} auto, {len(result.clusters) - auto} review), "
                 f"{len(result.related)} related pair(s), {result.stats.get('entries', 0)} entries")
    return "\n".join(lines) + "\n"
