"""Candidate pairs by blocking: shared identifiers, title keys, sorted neighbourhood, rare words + author.

Title keys: the folded title, its main title (no subtitle), and its two ends (first and last words), so
that a typo in a middle word leaves some key shared.

Never all pairs: each entry lands in a handful of small blocks; oversized blocks are skipped (the other
keys still cover their members).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import chain

from citekit.dedupe.keys import MatchKey

MAX_BLOCK = 60
MAX_ID_BLOCK = 200
MAX_AUTHOR_YEAR = 30  # one prolific author's year: beyond this the title keys cover it (60 cost 45k pairs at 100k for 9 more matches)
WINDOW = 2  # the next title in sorted order; a second neighbour added 90k pairs at 100k for one more match
_CAPS = {"#": MAX_ID_BLOCK, "a": MAX_AUTHOR_YEAR}
_STOP = frozenset({"the", "a", "an", "of", "and", "in", "on", "for", "to", "with", "by", "at", "from", "la",
                   "de", "el", "en", "y", "der", "die", "und", "le", "les", "des", "du", "et", "is", "its"})


BlockKey = tuple[str | int, ...]


def _first_family(k: MatchKey) -> str:
    return k.first.split()[-1] if k.first else ""


def block_keys(k: MatchKey, df: Counter[str]) -> list[BlockKey]:
    """The blocking keys of one entry: tuples tagged by kind ('#' for identifiers); cheap to hash."""
    out: list[BlockKey] = []
    fam = _first_family(k)
    if k.doi:
        out.append(("#", "d", k.doi))
    if k.arxiv:
        out.append(("#", "x", k.arxiv))
    out.extend(("#", "i", i) for i in k.isbns)
    if k.title:
        out.append(("t", k.title.replace(" ", "")))
        if k.main:
            out.append(("t", k.main.replace(" ", "")))
        w = k.words
        if len(w) >= 5:  # ends of the title, any year: a typo in a middle word and in the author's name
            out.append(("h", w[0], w[1], w[2], "|", w[-2], w[-1]))
            out.append(("h", w[0], w[1], "|", w[-3], w[-2], w[-1]))
        rare = sorted([x for x in dict.fromkeys(w) if x not in _STOP and len(x) > 2], key=df.__getitem__)[:2]
        if rare:
            out.append(("r", fam, *sorted(rare)))
    if fam and k.year:
        out.append(("a", fam, k.year))
    return out


def candidate_pairs(keys: list[MatchKey]) -> Iterator[tuple[int, int]]:
    """Every candidate pair (i < j by list position) exactly once."""
    df: Counter[str] = Counter(chain.from_iterable(set(k.words) for k in keys))  # one C-level count
    first: dict[BlockKey, int] = {}  # most blocks hold one entry: no list for them
    more: dict[BlockKey, list[int]] = defaultdict(list)
    for pos, k in enumerate(keys):
        for b in dict.fromkeys(block_keys(k, df)):  # a title may equal its main title, etc.
            if first.setdefault(b, pos) != pos:
                more[b].append(pos)
    seen: set[int] = set()
    n = len(keys)
    for name, rest in more.items():
        members = [first[name], *rest]
        size = len(members)
        if size > _CAPS.get(str(name[0]), MAX_BLOCK):
            continue
        if size == 2:  # most blocks: one pair
            i, j = members
            code = i * n + j
            if code not in seen:
                seen.add(code)
                yield i, j
            continue
        for x, i in enumerate(members):
            base = i * n
            for j in members[x + 1:]:
                if base + j not in seen:
                    seen.add(base + j)
                    yield i, j
    order = sorted(range(n), key=lambda p: keys[p].title)
    for x, p in enumerate(order):
        for q in order[x + 1: x + WINDOW]:
            lo, hi = (p, q) if p < q else (q, p)
            code = lo * n + hi
            if code not in seen:
                seen.add(code)
                yield lo, hi
