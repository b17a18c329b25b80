"""Pair decisions: the same work (auto or review), related but never merged, or unrelated."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Indel

from citekit.dedupe.keys import MatchKey, Person, complete
from citekit.dedupe.text import venue_similar

AUTO, REVIEW = "auto", "review"
TITLE_MIN = 0.9  # below this (and without a shared identifier) two entries are unrelated
_PAIR_FAMILIES = {("article", "paper"), ("paper", "article")}
_BOOKISH = frozenset({"book", "report", "thesis", "misc"})


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on one candidate pair, with the reasons a user can check."""

    same: bool
    confidence: str
    score: float
    reasons: tuple[str, ...]


def title_similarity(a: MatchKey, b: MatchKey, cutoff: float = 0.0) -> tuple[float, str | None]:
    """Similarity of folded titles in [0, 1], tolerant of a dropped subtitle and of typos.

    A plain similarity below `cutoff` reads as 0. The reason is None for a plain similarity (the
    caller words it only for the few pairs it keeps).
    """
    if a.title == b.title:
        return (1.0, "same title") if a.title else (0.0, "")
    sim = Indel.normalized_similarity(a.title, b.title, score_cutoff=cutoff)
    short, long_ = (a, b) if len(a.title) <= len(b.title) else (b, a)
    if short.title and short.title == long_.main:
        return max(sim, 0.95 if len(short.words) >= 3 else 0.9), "same title but for a subtitle"
    if len(short.title) >= 30 and long_.title.startswith(short.title + " "):
        return max(sim, 0.91), "one title is the start of the other"
    return sim, None


def _person_match(p: Person, q: Person) -> bool:
    """Same person: family equal (or part of a compound) with compatible initials, or an acronym."""
    if p.acronyms or q.acronyms:
        squeezed_p, squeezed_q = p.family.replace(" ", ""), q.family.replace(" ", "")
        if squeezed_q in p.acronyms or squeezed_p in q.acronyms or set(p.acronyms) & set(q.acronyms):
            return True
    if p.family == q.family or _compound(p.family, q.family):
        return not p.initial or not q.initial or p.initial == q.initial
    if p.initial == q.initial and min(len(p.family), len(q.family)) >= 5 \
            and Indel.normalized_similarity(p.family, q.family) >= 0.8:
        return True  # a typo in the surname: 'Bodlaender' / 'Bodleander'
    return _swapped(p, q)


def _compound(x: str, y: str) -> bool:
    """'reyes matta' ~ 'matta': one family's words contain the other's."""
    xs, ys = x.split(), y.split()
    return (len(xs) > 1 or len(ys) > 1) and (set(xs) <= set(ys) or set(ys) <= set(xs))


def _swapped(p: Person, q: Person) -> bool:
    """`Zhimin Chen` written as `Chen Zhimin`: each family is among the other's given names."""
    return p.family in q.words and q.family in p.words and p.family != q.family


def author_overlap(a: MatchKey, b: MatchKey) -> float | None:
    """Share of the shorter author list found in the other (None when either has none)."""
    if not a.authors or not b.authors:
        return None
    short, long_ = (a.authors, b.authors) if len(a.authors) <= len(b.authors) else (b.authors, a.authors)
    found = sum(1 for p in short if _same_family(p, long_) or any(_person_match(p, q) for q in long_))
    return found / len(short)


def _same_family(p: Person, people: tuple[Person, ...]) -> bool:
    """Shortcut for the common case: someone with the same family and compatible initials."""
    for q in people:
        if q.family == p.family and (not p.initial or not q.initial or p.initial == q.initial):
            return True
    return False


def conflicts(a: MatchKey, b: MatchKey) -> list[str]:
    """Hard reasons two entries are different works (never merged, even through a third entry)."""
    complete(a)
    complete(b)
    out: list[str] = []
    if a.disc != b.disc:
        out.append(f"title marks differ ({_fmt(a.disc)} vs {_fmt(b.disc)})")
    if a.nums and b.nums and a.nums != b.nums:
        out.append(f"numbers in the titles differ ({' '.join(sorted(a.nums))} vs {' '.join(sorted(b.nums))})")
    if a.edition != b.edition and (a.edition and b.edition or _late_edition(a, b)):
        out.append(f"different editions ({a.edition or '?'} vs {b.edition or '?'})")
    for name in ("volume", "number", "chapter"):
        x, y = getattr(a, name), getattr(b, name)
        if x and y and x != y:
            out.append(f"different {name}s ({x} vs {y})")
    if a.page and b.page and a.page != b.page:
        out.append(f"different pages ({a.page} vs {b.page})")
    if a.doi and b.doi and a.doi != b.doi:
        out.append(f"different DOIs ({a.doi} vs {b.doi})")
    if a.main and a.main == b.main and Indel.normalized_similarity(a.title, b.title) < TITLE_MIN \
            and not _shared_id(a, b):
        out.append("same main title, different subtitles")
    if a.arxiv and b.arxiv and a.arxiv != b.arxiv:
        out.append(f"different arXiv ids ({a.arxiv} vs {b.arxiv})")
    if (a.family, b.family) in _PAIR_FAMILIES and not (a.preprint or b.preprint):
        out.append("conference paper and journal article")
    if a.year and b.year and abs(a.year - b.year) > (3 if (a.preprint or b.preprint) else 1) \
            and not _shared_id(a, b):
        out.append(f"different years ({a.year} vs {b.year})")
    return out


def _late_edition(a: MatchKey, b: MatchKey) -> bool:
    """One side names an edition after the first, the other none, and their years differ."""
    ed = a.edition or b.edition
    return ed not in ("", "1") and a.year != b.year


def _fmt(disc: frozenset[str]) -> str:
    return ", ".join(sorted(disc)) or "none"


def _shared_id(a: MatchKey, b: MatchKey) -> str:
    if a.doi and a.doi == b.doi:
        return "same DOI"
    if a.arxiv and a.arxiv == b.arxiv:
        return "same arXiv id"
    if a.isbns & b.isbns and a.family in _BOOKISH and b.family in _BOOKISH:
        return "same ISBN"
    return ""


def _types_compatible(a: MatchKey, b: MatchKey) -> bool:
    if a.family == b.family or "misc" in (a.family, b.family):
        return True
    if (a.preprint or b.preprint) and {a.family, b.family} <= {"article", "paper", "report"}:
        return True
    return {a.family, b.family} <= {"book", "report"} or {a.family, b.family} <= {"report", "thesis"}


def compare(a: MatchKey, b: MatchKey) -> tuple[Decision | None, list[str]]:
    """Decide a candidate pair: (Decision when the same work, else None; conflicts when related)."""
    ident = _shared_id(a, b)
    ts, treason = title_similarity(a, b, 0.0 if ident else TITLE_MIN)
    if not ident and ts < TITLE_MIN:
        return None, []
    complete(a)
    complete(b)
    au = author_overlap(a, b)
    if au is not None and au < 0.5 and not (ident and ts >= 0.8):
        return None, []
    hard = conflicts(a, b)
    if not _types_compatible(a, b) and not ident:
        hard.append(f"different kinds of work ({a.etype} vs {b.etype})")
    if hard:
        return None, (hard if ts >= 0.9 or ident else [])
    return _decide(a, b, ident, ts, treason, au), []


def _decide(a: MatchKey, b: MatchKey, ident: str, ts: float, treason: str | None,
            au: float | None) -> Decision | None:
    reasons = [r for r in (ident, f"title {ts:.0%} similar" if treason is None else treason) if r]
    if au is not None:
        reasons.append("same authors" if au == 1 else f"{au:.0%} of authors shared")
    if a.year and b.year:
        reasons.append("same year" if a.year == b.year else f"years {a.year} and {b.year}")
    if (a.preprint != b.preprint) and (a.arxiv or b.arxiv):
        reasons.append("preprint and published version")
    if a.venue and b.venue and venue_similar(a.venue, b.venue):
        reasons.append("same venue")
    strong = (au is None or au >= 0.75) and (not a.year or not b.year or abs(a.year - b.year) <= 1)
    if ident and ts < 0.6 and not (strong and a.year == b.year):
        return None
    if ident:
        conf = AUTO if ts >= 0.8 and strong else REVIEW
        return Decision(True, conf, 1.0 + ts, tuple(reasons))
    if au is None and not (a.authors or b.authors) and ts < 0.97:
        return None
    return Decision(True, AUTO if _certain(a, b, ts, au, strong) else REVIEW, ts + (au or 0) / 2,
                    tuple(reasons))


def _certain(a: MatchKey, b: MatchKey, ts: float, au: float | None, strong: bool) -> bool:
    """Sure enough to merge without a look: near-equal titles that are not too short, known authors,
    and the same year (or a preprint and its published version)."""
    if ts < 0.93 or au is None:
        return False
    specific = len(a.title) >= 25 or bool(a.page and a.page == b.page) or bool(a.venue and a.venue == b.venue)
    if not specific:
        return False
    same_year = strong and a.year is not None and a.year == b.year
    return same_year or (au >= 0.75 and a.preprint != b.preprint)
