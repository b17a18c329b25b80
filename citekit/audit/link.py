"""Linking extracted citations to entries: keys, author-date resolution, which narrative candidates count."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import process

from citekit.audit.grammar import parse_authors
from citekit.audit.model import Cite
from citekit.audit.resolve import Resolution, Resolver
from citekit.model import Case
from citekit.normalize import fold

# fmt: off
_STARTERS = frozenset(fold(w) for w in [
    "The", "A", "An", "In", "As", "According", "For", "See", "Following", "While", "Whereas", "But",
    "However", "Both", "Like", "Unlike", "Even", "Also", "Then", "Yet", "So", "Thus", "Hence",
    "Moreover", "Furthermore", "Indeed", "Here", "There", "This", "That", "These", "Those", "Its",
    "Their", "Our", "When", "Where", "Since", "After", "Before", "Although", "Though", "If", "And",
    "Or", "Nor", "Within", "Without", "Among", "Between", "Under", "Over", "Recently", "Later",
    "Earlier", "Drawing", "Building", "Echoing", "Citing", "Against", "Per", "Via", "Most", "Many",
    "Some", "Several", "Two", "Three", "Only", "Meanwhile", "Según", "Como", "En", "Para", "Por", "Sin",
    "Con", "La", "El", "Los", "Las", "Un", "Una", "Del", "Al", "Tal", "Así", "Sobre", "Desde", "Hasta",
    "Tras", "Mientras", "Aunque", "Pero", "Siguiendo", "Retomando", "Ya", "Incluso", "Tanto", "Ambos",
    "Otros", "Esta", "Este", "Estos", "Estas", "Dicho", "Dicha", "Entre",
])

_EVENT_WORDS = frozenset([
    "expo", "exposition", "exposición", "exposicion", "summit", "cumbre", "games", "olympics",
    "olympic", "juegos", "cup", "copa", "fair", "feria", "declaration", "declaración", "declaracion",
    "agreement", "acuerdo", "treaty", "tratado", "plan", "protocol", "protocolo", "festival",
    "biennale", "bienal", "week", "semana", "law", "ley",
])

# Words that, in an unresolved narrative candidate only, mark an event or document rather than an author.
_NARRATIVE_EVENT_WORDS = _EVENT_WORDS | frozenset([
    "initiative", "iniciativa", "reform", "reforma", "policy", "política", "politica", "act",
    "congress", "congreso", "forum", "foro", "conference", "conferencia", "meeting", "reunión",
    "reunion", "earthquake", "terremoto",
])
# fmt: on


@dataclass(slots=True)
class Linked:
    """A citation with its resolution (None for key-based citations that resolved directly)."""

    cite: Cite
    resolution: Resolution


def _place_names(cases: list[Case]) -> set[str]:
    return {fold(n) for c in cases for n in (c.name, *c.aliases) if fold(n)}


def _looks_like_event(whole: str, places: set[str], narrative: bool = False) -> bool:
    """A place or an event ('Shanghai Expo', 'APEC Summit') written where an author would be."""
    f = fold(whole)
    words = set(f.split())
    return f in places or bool(words & (_NARRATIVE_EVENT_WORDS if narrative else _EVENT_WORDS))


def link_key(cite: Cite, resolver: Resolver) -> Linked:
    """A pandoc or LaTeX citation: the key as written, through `ids` aliases too."""
    entry = resolver.store.find(cite.key_written or "")
    res = Resolution(entry)
    if entry is None:
        keys = [e.key for e in resolver.entries if e.key]
        best = process.extractOne(cite.key_written or "", keys, score_cutoff=70) if keys else None
        res.suggestion = resolver.store.find(best[0]) if best else None
    cite.key = entry.key if entry else None
    return Linked(cite, res)


def link_parenthetical(cite: Cite, resolver: Resolver, places: set[str]) -> Linked | None:
    """An author-date citation in parentheses; None when it is not a citation after all (an event name)."""
    if cite.acronym and cite.authors:
        resolver.define(cite.acronym, cite.author_text)
    res = resolver.resolve(cite.authors, cite.author_text, cite.year, cite.suffix, cite.et_al)
    if res.entry is None and not res.candidates and _looks_like_event(cite.author_text, places):
        return None
    cite.key = res.entry.key if res.entry else None
    cite.candidates = tuple(e.key for e in res.candidates if e.key)
    return Linked(cite, res)


def _fallback(cite: Cite) -> tuple[int, str] | None:
    """For an unresolved narrative candidate: the author text to report, or None when it is not a name."""
    for start, txt in cite.alternatives:
        first = fold(txt.split()[0]) if txt.split() else ""
        if first in _STARTERS:
            continue
        authors = parse_authors(txt)
        if authors is None:
            continue
        words = [w for w in txt.split() if w[:1].isupper()]
        if len(authors.names) == 1 and not authors.et_al and len(words) > 3:
            return None
        return start, txt
    return None


def link_narrative(cite: Cite, resolver: Resolver, places: set[str]) -> Linked | None:
    """`Tavares (2016)`: the longest name run before the year that resolves; else an unresolved name."""
    for start, txt in cite.alternatives:
        authors = parse_authors(txt)
        if authors is None:
            continue
        res = resolver.resolve(authors.names, authors.text, cite.year, cite.suffix, authors.et_al)
        if res.entry is not None or res.candidates:
            _set_authors(cite, start, txt)
            cite.key = res.entry.key if res.entry else None
            cite.candidates = tuple(e.key for e in res.candidates if e.key)
            return Linked(cite, res)
    pick = _fallback(cite)
    if pick is None or _looks_like_event(pick[1], places, narrative=True):
        return None
    authors = parse_authors(pick[1])
    res = resolver.resolve(authors.names if authors else (), pick[1], cite.year, cite.suffix)
    _set_authors(cite, pick[0], pick[1])
    return Linked(cite, res)


def _set_authors(cite: Cite, start: int, txt: str) -> None:
    authors = parse_authors(txt)
    if authors is not None:
        cite.authors, cite.author_text, cite.et_al = authors.names, authors.text, authors.et_al
    if cite.start < start:
        cite.text = cite.text[start - cite.start :]
        cite.start = start


def link_all(cites: list[Cite], resolver: Resolver, cases: list[Case]) -> list[Linked]:
    """Resolve every citation in text order; drop narrative candidates that are not citations."""
    places = _place_names(cases)
    out: list[Linked] = []
    for c in cites:
        if c.key_written is not None:
            out.append(link_key(c, resolver))
            continue
        linked = (
            link_narrative(c, resolver, places) if c.narrative else link_parenthetical(c, resolver, places)
        )
        if linked is not None:
            out.append(linked)
    _other_works(out)
    return out


def _adjacent(a: Cite, b: Cite) -> bool:
    """Two citations of one group written next to each other ('Schiavon 2006, 2019')."""
    return -4 <= b.start - a.end <= 4 or -4 <= a.start - b.end <= 4


def _other_works(linked: list[Linked]) -> None:
    """'(Schiavon 2006, 2019)', only the 2019 book in the store: 2006 is another work, not a wrong year."""
    for i, lk in enumerate(linked):
        c = lk.cite
        if not lk.resolution.year_mismatch:
            continue
        near = [o.cite for o in linked[max(0, i - 1) : i + 2] if o is not lk]
        if any(o.key == c.key and _adjacent(c, o) for o in near):
            lk.resolution = Resolution(suggestion=lk.resolution.entry)
            c.key = None
