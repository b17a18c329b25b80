"""Resolving a citation as written ('Matta, 2016', 'DESA 2013', 'Acuto et al.') to an entry of the store."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from citekit.entry import Entry
from citekit.model import Name
from citekit.names import matches_family
from citekit.normalize import fold
from citekit.store import Store

_MINOR = frozenset(
    {"of", "and", "the", "for", "on", "in", "de", "del", "la", "y", "el", "los", "las", "at", "to"}
)
_ACR_DEF = re.compile(r"\((?P<acr>[A-Z][A-Za-z-]*[A-Z][A-Za-z]*)\)")
_CAP_WORD = re.compile(r"([A-Z][\w’'&-]*|of|and|the|for|on|de|del|la|y)\s*$")

# match strengths
EXACT, PART, LOOSE = 3, 2, 1


@dataclass(frozen=True, slots=True)
class NameMatch:
    """How well a cited name list matches an entry's names."""

    score: int
    partial: tuple[str, ...] = ()  # cited parts of compound surnames ('Matta' of 'Reyes Matta')
    misspelt: tuple[str, ...] = ()
    by_title: bool = False


@dataclass(slots=True)
class Resolution:
    """The outcome for one citation: the entry (or None) and what is wrong about the match."""

    entry: Entry | None = None
    candidates: list[Entry] = field(default_factory=list)
    year_mismatch: bool = False
    match: NameMatch | None = None
    suggestion: Entry | None = None


def _the(s: str) -> str:
    return s.removeprefix("the ")


def _initials(name: str) -> str:
    return "".join(w[0] for w in fold(name).split() if w not in _MINOR)


def acronym_definitions(text: str) -> dict[str, str]:
    """Acronyms defined in prose: 'Foreign Affairs Office of Guangzhou (GZFAO)' -> {'gzfao': ...}."""
    out: dict[str, str] = {}
    for m in _ACR_DEF.finditer(text):
        words: list[str] = []
        end = m.start()
        while len(words) < 12 and (w := _CAP_WORD.search(text, 0, end)):
            words.insert(0, w.group(1))
            end = w.start()
        while words and not words[0][:1].isupper():
            words.pop(0)
        if len(words) >= 2:
            out.setdefault(fold(m.group("acr")), " ".join(words))
    return out


def year_matches(entry: Entry, year: str) -> bool:
    """The cited year ('2016', 'n.d.', 'forthcoming') agrees with the entry's."""
    if year.isdigit():
        return entry.year == int(year)
    if year in {"n.d.", "s.f.", "sinfecha"}:
        return entry.year is None
    state = fold((entry.text("pubstate") or "") + " " + (entry.text("year") or ""))
    return entry.year is None or "forthcoming" in state or "press" in state


class Resolver:
    """Matches cited names and years against the store's entries."""

    def __init__(self, store: Store, text: str = "") -> None:
        self.store = store
        self.entries = [e for e in store.entries if e.key and not e.broken]
        self.defined: dict[str, str] = acronym_definitions(text)
        self._by_word: dict[str, list[Entry]] = {}
        self._families: list[tuple[str, Entry]] = []
        self._titles: list[tuple[str, Entry]] = []
        self._pos = {id(e): i for i, e in enumerate(self.entries)}
        for e in self.entries:
            self._index(e)

    def _index(self, entry: Entry) -> None:
        """Block entries by the words of their first author (and short author, and acronym runs)."""
        names = self.names_of(entry)
        self._titles.append((fold(entry.text("title") or ""), entry))
        if not names:
            return
        first = names[0]
        keys = {_the(fold(first.family)), _the(fold(first.full_family))}
        keys |= set(fold(first.full_family).split())
        if short := entry.text("shortauthor"):
            keys.add(_the(fold(short)))
        if first.corporate:
            ini = _initials(first.family)
            keys |= {ini[i:j] for i in range(len(ini)) for j in range(i + 3, len(ini) + 1)}
        for k in keys:
            self._by_word.setdefault(k, []).append(entry)
        self._families.append((_the(fold(first.family)), entry))

    def _candidates(self, cited: str, depth: int = 0) -> dict[int, Entry]:
        """Entries whose first author could be `cited` (a superset of what `name_match` accepts)."""
        c = _the(fold(cited))
        out: dict[int, Entry] = {}
        for k in {c, *c.split()}:
            for e in self._by_word.get(k, []):
                out[id(e)] = e
        if len(c) >= 4:
            for _fam, _score, i in process.extract(
                c, [f for f, _ in self._families], scorer=fuzz.ratio, score_cutoff=85, limit=None
            ):
                e = self._families[i][1]
                out[id(e)] = e
        if c in self.defined and depth == 0:
            out.update(self._candidates(self.defined[c], 1))
        return out

    def define(self, acronym: str, long_name: str) -> None:
        """Record an acronym given a bracketed first use: '(Office [GZFAO], 2018)'."""
        self.defined.setdefault(fold(acronym), long_name)

    @staticmethod
    def names_of(entry: Entry) -> tuple[Name, ...]:
        names = entry.names("author").names
        return names or entry.names("editor").names

    def _one(self, cited: str, name: Name, entry: Entry | None, first: bool) -> tuple[int, str]:
        """Strength of one cited name against one entry name, and how ('', 'partial', 'misspelt')."""
        c = _the(fold(cited))
        if not c:
            return 0, ""
        if c in {_the(fold(name.family)), _the(fold(name.full_family))}:
            return EXACT, ""
        if first and entry is not None and (short := entry.text("shortauthor")) and _the(fold(short)) == c:
            return EXACT, ""
        if not name.corporate and matches_family(name, cited):
            parts = fold(name.family).split()
            return PART, "" if parts and parts[0] == c else "partial"
        if name.corporate and " " not in c and len(c) >= 3 and c in _initials(name.family):
            return PART, ""
        if name.corporate and len(c.split()) >= 2 and f" {c} " in f" {fold(name.family)} ":
            return PART, ""  # 'Department of Economic and Social Affairs' of the United Nations
        if c in self.defined and self.defined[c] != cited:
            return self._one(self.defined[c], name, entry, first)
        fam = _the(fold(name.family))
        if len(c) >= 4 and fuzz.ratio(c, fam) >= 85:
            return LOOSE, "misspelt"
        return 0, ""

    def name_match(self, authors: tuple[str, ...], whole: str, entry: Entry) -> NameMatch | None:
        """How the cited authors match the entry's names (first author first, then in order)."""
        names = self.names_of(entry)
        if not names:
            return None
        if len(authors) > 1 and names[0].corporate:
            authors = (whole,)
        if len(authors) > len(names):
            return None
        partial: list[str] = []
        misspelt: list[str] = []
        low = EXACT
        for i, cited in enumerate(authors):
            score, how = self._one(cited, names[i], entry, i == 0)
            if score == 0:
                return None
            low = min(low, score)
            (partial if how == "partial" else misspelt if how == "misspelt" else []).append(cited)
        return NameMatch(low, tuple(partial), tuple(misspelt))

    def resolve(
        self, authors: tuple[str, ...], whole: str, year: str, suffix: str = "", et_al: bool = False
    ) -> Resolution:
        """Find the entry a cited author list and year mean."""
        matched: list[tuple[Entry, NameMatch]] = []
        candidates = self._candidates(authors[0]) if authors else {}
        if len(authors) > 1:
            candidates.update(self._candidates(whole))
        for e in candidates.values():
            if (m := self.name_match(authors, whole, e)) is not None:
                matched.append((e, m))
        if len(_the(fold(whole)).split()) >= 3:
            done = {id(e) for e, _ in matched}
            matched += [
                (e, NameMatch(LOOSE, by_title=True))
                for t, e in self._titles
                if id(e) not in done and _the(fold(whole)) in t
            ]
        matched.sort(key=lambda t: self._pos[id(t[0])])
        if not matched:
            return Resolution(suggestion=self.suggest(authors, year))
        best = max(m.score for _, m in matched)
        strong = [(e, m) for e, m in matched if m.score == best]
        if best > LOOSE:
            return _choose(_narrow(strong, len(authors), et_al, year), year, suffix)
        return _choose_loose(strong, year)

    def suggest(self, authors: tuple[str, ...], year: str) -> Entry | None:
        """The closest entry by surname (the same year breaks ties), for a 'did you mean' hint."""
        if not authors or not self._families:
            return None
        c = _the(fold(authors[0]))
        found = process.extract(
            c, [f for f, _ in self._families], scorer=fuzz.ratio, score_cutoff=70, limit=10
        )
        if not found:
            return None
        best = max(
            found,
            key=lambda t: t[1] + (5 if year.isdigit() and self._families[t[2]][1].year == int(year) else 0),
        )
        return self._families[best[2]][1]


def _narrow(
    matched: list[tuple[Entry, NameMatch]], cited: int, et_al: bool, year: str
) -> list[tuple[Entry, NameMatch]]:
    """Among works of one year, keep those whose author count fits the citation ('Acuto' / 'Acuto et al.')."""
    same = [(e, m) for e, m in matched if year_matches(e, year)]
    if len(same) < 2:
        return matched
    fits = [
        (e, m)
        for e, m in same
        if (len(Resolver.names_of(e)) > cited if et_al else len(Resolver.names_of(e)) == cited)
    ]
    return fits or matched


def _by_suffix(entries: list[Entry], suffix: str) -> Entry | None:
    ordered = sorted(entries, key=lambda e: (fold(e.text("title") or ""), e.key or ""))
    i = ord(suffix) - ord("a") if suffix else -1
    return ordered[i] if 0 <= i < len(ordered) else None


def _choose(matched: list[tuple[Entry, NameMatch]], year: str, suffix: str) -> Resolution:
    same = [(e, m) for e, m in matched if year_matches(e, year)]
    if len(same) == 1:
        return Resolution(same[0][0], match=same[0][1])
    if len(same) > 1:
        entries = [e for e, _ in same]
        pick = _by_suffix(entries, suffix) if suffix else None
        if pick is not None:
            return Resolution(pick, match=dict(same)[pick])
        return Resolution(None, candidates=entries)
    if not year.isdigit():
        return (
            Resolution(matched[0][0], year_mismatch=True, match=matched[0][1])
            if len(matched) == 1
            else Resolution(None, candidates=[e for e, _ in matched])
        )
    want = int(year)
    dist = sorted(matched, key=lambda t: abs((t[0].year or 0) - want))
    if len(dist) > 1 and abs((dist[0][0].year or 0) - want) == abs((dist[1][0].year or 0) - want):
        return Resolution(None, candidates=[e for e, _ in dist])
    return Resolution(dist[0][0], year_mismatch=True, match=dist[0][1])


def _choose_loose(matched: list[tuple[Entry, NameMatch]], year: str) -> Resolution:
    """Misspelt names or titles: only a match on the year too counts."""
    same = [(e, m) for e, m in matched if year_matches(e, year)]
    if len(same) == 1:
        return Resolution(same[0][0], match=same[0][1])
    if len(same) > 1:
        return Resolution(None, candidates=[e for e, _ in same])
    return Resolution(suggestion=matched[0][0])
