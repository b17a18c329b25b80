"""Clustering accepted pairs without chaining: two groups join only if no cross pair conflicts."""

from __future__ import annotations

from dataclasses import dataclass, field

from citekit.dedupe.keys import MatchKey
from citekit.dedupe.score import AUTO, REVIEW, Decision, conflicts

MAX_CROSS = 400  # cross pairs checked before joining two groups (groups are small in practice)


@dataclass
class Group:
    """A growing cluster: member positions and the accepted edges that joined them."""

    members: list[int]
    edges: list[tuple[int, int, Decision]] = field(default_factory=list)


def _find(parent: list[int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _blocked(keys: list[MatchKey], ga: Group, gb: Group) -> list[str]:
    """The first conflict between any member of one group and any of the other."""
    if len(ga.members) * len(gb.members) > MAX_CROSS:
        return ["groups too large to check safely"]
    for x in ga.members:
        for y in gb.members:
            hard = conflicts(keys[x], keys[y])
            if hard:
                return [f"{keys[x].key} and {keys[y].key}: {h}" for h in hard]
    return []


def cluster(keys: list[MatchKey], edges: list[tuple[int, int, Decision]]
            ) -> tuple[list[Group], list[tuple[int, int, list[str]]]]:
    """Greedy union of edges, strongest first; returns groups of 2+ and the edges refused for a conflict."""
    parent = list(range(len(keys)))
    groups: dict[int, Group] = {}
    refused: list[tuple[int, int, list[str]]] = []
    order = sorted(edges, key=lambda e: (e[2].confidence != AUTO, -e[2].score, e[0], e[1]))
    for i, j, dec in order:
        ri, rj = _find(parent, i), _find(parent, j)
        if ri == rj:
            continue
        ga = groups.get(ri) or Group([i])
        gb = groups.get(rj) or Group([j])
        why = _blocked(keys, ga, gb)
        if why:
            refused.append((i, j, why))
            continue
        parent[rj] = ri
        ga.members.extend(gb.members)
        ga.edges.extend(gb.edges)
        ga.edges.append((i, j, dec))
        groups[ri] = ga
        groups.pop(rj, None)
    return [g for g in groups.values() if len(g.members) > 1], refused


def confidence(group: Group) -> str:
    """auto only when every joining edge is auto."""
    return AUTO if all(d.confidence == AUTO for _, _, d in group.edges) else REVIEW


def canonical(keys: list[MatchKey], members: list[int]) -> int:
    """The entry to keep: published over preprint, has a DOI, most complete, then first in file order."""
    return max(members, key=lambda m: (not keys[m].preprint, keys[m].doi is not None, keys[m].nfields,
                                       len(keys[m].title), -m))
