"""The author-date grammar: years, locators, author lists, and one parenthetical citation group."""

from __future__ import annotations

import re
from dataclasses import dataclass

from citekit.audit.model import Cite

YEAR = (
    r"(?<![\w\-–/])(?:(?P<year>(?:1[5-9]|20)\d\d)(?P<suffix>[a-z])?(?![\w])"
    r"|(?P<nd>n\.\s?d\.|s\.\s?f\.|forthcoming|in press|en prensa|sin fecha))"
)
YEAR_RE = re.compile(YEAR)
_PERIOD_AFTER = re.compile(r"\s*(?:[-–—/]|to|a)\s*(?:1[5-9]|20)?\d\d\b")
_LOC_LABEL = (
    r"(?:(?:pp?|págs?|pag|chap|ch|cap|sec|para|par|fig|n|vol|no|ll?)\.\s*"
    r"|(?:pages?|chapter|section|table|note|capítulo|§)\s*)"
)
_LOC_BODY = (
    r"(?:\d+|[ivxlc]+)(?:\s*(?:[-–—]|to)\s*(?:\d+|[ivxlc]+))?"
    r"(?:\s*(?:,|and|y|&)\s*(?!(?:1[5-9]|20)\d\d[a-z]?\b)\d+(?:\s*[-–—]\s*\d+)?)*(?:\s*ff?\.?)?(?![\w])"
)
_LOC = _LOC_LABEL + "?" + _LOC_BODY
LOC_RE = re.compile(_LOC, re.IGNORECASE)
_LOC_AFTER = re.compile(r"\s*(?:[,:]\s*|\s(?=(?:pp?|págs?|chap|cap)\.))(?P<loc>" + _LOC + ")", re.IGNORECASE)
_MORE_YEAR = re.compile(r"\s*,\s*(?:" + YEAR + r"|(?P<letter>[a-z])(?![\w.]))")
_SECONDARY = re.compile(
    r",?\s*\b(?:as cited in|as quoted in|cited in|quoted in|cited by|como se cit[aó] en|"
    r"citad[oa] en|citad[oa] por)\s+",
    re.IGNORECASE,
)
_PREFIX_WORD = re.compile(r"(?:[a-zà-ÿ]+\.?(?:[a-z]\.)*,?|e\.g\.,?|i\.e\.,?|cf\.,?)\s+")
_GROUP = r"(?:others|otros|cols\.|colleagues|co-?authors|collaborators|colaboradores|coautores)"
_ET_AL = re.compile(r",?\s*\bet\.?\s+al\b\.?|\s+(?:and|y|&)\s+" + _GROUP + r"(?![\w-])", re.IGNORECASE)
# 'Chen and colleagues (2010)': words that stand for the other authors after 'and'.
GROUP_WORDS = frozenset({"others", "otros", "cols.", "colleagues", "coauthors", "co-authors", "collaborators",
                         "colaboradores", "coautores"})
_ACRONYM = re.compile(r"\s*\[(?P<acr>[A-Z][A-Za-z&-]{1,15})\]")
_INITIAL = re.compile(r"^(?:[A-Z]\.?|(?:[A-Z]\.){2,}|[A-Z]\.-[A-Z]\.)$")
_NAME_SPLIT = re.compile(r"\s*,\s*(?:and\s+|&\s*|y\s+)?|\s+(?:and|y|e)\s+|\s*&\s*")
# fmt: off
PARTICLES = frozenset({
    "de", "del", "della", "la", "las", "los", "le", "da", "das", "do", "dos", "di", "du", "van", "von",
    "der", "den", "ter", "ten", "zu", "al", "el", "bin", "ibn", "st",
})
# Lower-case words allowed inside organisations' names.
CONNECTORS = frozenset({
    "of", "the", "for", "and", "on", "in", "y", "e", "&", "at", "to", "para", "por", "en", "sobre",
    "con", "des", "pour", "em", "für", "und",
})
DASHES = frozenset({"–", "—", "-"})
# Capitalised words that date something rather than name an author: '(March 2015)', '(Primavera 2016)'.
NOT_AUTHORS = frozenset([
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "spring", "summer", "autumn", "fall", "winter", "enero", "febrero", "marzo", "abril",
    "mayo", "junio", "julio", "agosto", "septiembre", "setiembre", "octubre", "noviembre", "diciembre",
    "primavera", "verano", "otoño", "invierno",
])
# fmt: on


@dataclass(frozen=True, slots=True)
class Authors:
    """An author list as written: the whole text, the split names, and what was marked in it."""

    text: str
    names: tuple[str, ...]
    et_al: bool = False
    acronym: str | None = None
    initials: bool = False


def is_name_word(tok: str) -> bool:
    """A capitalised word or an acronym ('Tavares', 'DESA', 'O’Brien', 'Reyes-Matta')."""
    return bool(tok) and tok[0].isupper() and not any(ch.isdigit() for ch in tok)


def _valid_token(tok: str) -> bool:
    low = tok.lower()
    return is_name_word(tok) or low in PARTICLES or low in CONNECTORS or tok in DASHES


def parse_authors(text: str) -> Authors | None:
    """Parse an author list ('Acuto et al.', 'Ippolito, D; Cabrol, C.', 'Office [GZFAO]'); None if not one."""
    s = text.strip().rstrip(",").strip()
    if not s or re.search(r"\d", s):
        return None
    acronym = None
    if m := _ACRONYM.search(s):
        acronym = m.group("acr")
        s = (s[: m.start()] + s[m.end() :]).strip()
    et_al = False
    if m := _ET_AL.search(s):
        et_al = True
        s = (s[: m.start()] + s[m.end() :]).strip().rstrip(",")
    names: list[str] = []
    initials = False
    for part in _NAME_SPLIT.split(s):
        toks = [t for t in part.split() if t]
        kept = [t for t in toks if not _INITIAL.match(t) or t in DASHES]
        initials = initials or len(kept) < len(toks)
        if not kept:
            continue
        if not all(_valid_token(t) for t in kept) or not any(is_name_word(t) for t in kept):
            return None
        names.append(" ".join(kept))
    if not names:
        return None
    if any(t[0].islower() and t.lower() not in PARTICLES for t in names[0].split()[:1]):
        return None
    if all(w.lower().rstrip(".") in NOT_AUTHORS for n in names for w in n.split() if is_name_word(w)):
        return None  # '(March 2015)', '(Spring 2016)'
    whole = s if not initials else " ".join(names)
    return Authors(whole, tuple(names), et_al, acronym, initials)


def split_top(text: str, sep: str = ";") -> list[tuple[int, str]]:
    """Split on `sep` outside brackets; each part with its offset."""
    out: list[tuple[int, str]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            out.append((start, text[start:i]))
            start = i + 1
    out.append((start, text[start:]))
    return out


def strip_prefix(seg: str) -> int:
    """Length of a prefix ('see', 'e.g.,', 'véase', 'for a review see'): lowercase non-particle words."""
    pos = 0
    while True:
        m = _PREFIX_WORD.match(seg, pos)
        if not m:
            return pos
        word = m.group(0).strip().rstrip(",").lower()
        if word in PARTICLES:
            return pos
        pos = m.end()


def year_of(m: re.Match[str]) -> tuple[str, str]:
    """(year, suffix) of a YEAR match; 'n.d.' style markers come back folded."""
    if m.group("nd"):
        return re.sub(r"\s", "", m.group("nd").lower()), ""
    return m.group("year"), m.group("suffix") or ""


@dataclass(slots=True)
class YearItem:
    """One cited year of an author: where it is written, the year and suffix, and its own locator."""

    start: int
    end: int
    year: str
    suffix: str = ""
    locator: str | None = None


def year_items(text: str, pos: int, first: YearItem) -> tuple[list[YearItem], int]:
    """From a first year ending at `pos`: more years ('2005, 2006', '2005a, b'), each with its locator."""
    items = [first]
    while True:
        m = _MORE_YEAR.match(text, pos)
        if not m:
            if items[-1].locator is None and (lm := _LOC_AFTER.match(text, pos)):
                items[-1].locator = lm.group("loc").strip()
                items[-1].end = pos = lm.end("loc")
                continue
            return items, pos
        if m.group("letter"):
            items.append(YearItem(m.start("letter"), m.end(), first.year, m.group("letter")))
        else:
            y, sfx = year_of(m)
            items.append(YearItem(m.start("year") if m.group("year") else m.start("nd"), m.end(), y, sfx))
        pos = m.end()


def parse_segment(seg: str, base: int) -> list[Cite] | None:
    """One ';'-separated part of a parenthetical group; None when it has no author and year."""
    sec = _SECONDARY.search(seg)
    if sec:
        original = parse_segment(seg[: sec.start()], base)
        source = parse_segment(seg[sec.end() :], base + sec.end())
        for c in original or []:
            c.secondary = True
        return ((original or []) + (source or [])) or None
    lead = len(seg) - len(seg.lstrip())
    lead += strip_prefix(seg[lead:])
    m = YEAR_RE.search(seg, lead)
    if not m or _PERIOD_AFTER.match(seg, m.end()):
        return None
    authors = parse_authors(seg[lead : m.start()])
    if authors is None:
        return None
    year, suffix = year_of(m)
    items, _end = year_items(seg, m.end(), YearItem(m.start(), m.end(), year, suffix))
    out = []
    for i, it in enumerate(items):
        start = lead if i == 0 else it.start
        out.append(
            Cite(
                base + start,
                base + it.end,
                seg[start : it.end],
                authors.names,
                authors.text,
                it.year,
                it.suffix,
                it.locator,
                authors.et_al,
                acronym=authors.acronym if i == 0 else None,
            )
        )
    if authors.initials:
        out[0].problems.append("initials of given names in an in-text citation")
    return out


def parse_group(inner: str, base: int) -> list[Cite]:
    """Every citation of one parenthetical group, merging ';'-separated co-authors of one work."""
    cites: list[Cite] = []
    pending: list[tuple[int, Authors]] = []
    for off, seg in split_top(inner):
        parsed = parse_segment(seg, base + off)
        if parsed is None and cites and not pending:
            parsed = _bare_years(seg, base + off, cites[-1])
        if parsed is None:
            lead = len(seg) - len(seg.lstrip())
            only = None if YEAR_RE.search(seg) else parse_authors(seg)
            if only is not None:
                pending.append((base + off + lead, only))
            else:
                pending.clear()
            continue
        if pending:
            _merge_pending(parsed[0], pending, inner, base)
            pending = []
        cites.extend(parsed)
    return cites


def _bare_years(seg: str, base: int, prev: Cite) -> list[Cite] | None:
    """`(Tavares 2016, 45; 2018, 12)`: a segment of years only cites the previous author again."""
    lead = len(seg) - len(seg.lstrip())
    m = YEAR_RE.match(seg, lead)
    if not m or _PERIOD_AFTER.match(seg, m.end()):
        return None
    year, suffix = year_of(m)
    items, end = year_items(seg, m.end(), YearItem(m.start(), m.end(), year, suffix))
    if seg[end:].strip():
        return None
    return [
        Cite(
            base + it.start,
            base + it.end,
            seg[it.start : it.end],
            prev.authors,
            prev.author_text,
            it.year,
            it.suffix,
            it.locator,
            prev.et_al,
        )
        for it in items
    ]


def _merge_pending(cite: Cite, pending: list[tuple[int, Authors]], inner: str, base: int) -> None:
    """`(Acuto; Morissette; Chan; Leffel, 2016)`: one work whose co-authors are split by semicolons."""
    names = tuple(n for _, a in pending for n in a.names) + cite.authors
    cite.authors = names
    cite.start = pending[0][0]
    cite.text = inner[cite.start - base : cite.end - base]
    cite.author_text = " and ".join(names)
    cite.problems.append("semicolons separate the co-authors of one work (use commas and 'and' or '&')")
    if any(a.initials for _, a in pending) and not any("initials" in p for p in cite.problems):
        cite.problems.append("initials of given names in an in-text citation")


_COMMENT = re.compile(r"\s*,\s*[a-záéíóú][^;()]*$")  # ', emphasis added', ', traducción propia'
_NARR_INNER = re.compile(r"\s*" + YEAR + r"\s*")


def parse_narrative_paren(inner: str, base: int) -> tuple[list[YearItem], int | None] | None:
    """`(2016)`, `(1990, 4–5)`, `(2016: 77, emphasis added)`, `(2016; see also X 2013)`: years and locators.

    Also returns where a ';'-separated rest of the group starts (other works), or None.
    """
    m = _NARR_INNER.match(inner)
    if not m or _PERIOD_AFTER.match(inner, m.end()):
        return None
    y, s = year_of(m)
    ystart = m.start("year") if m.group("year") else m.start("nd")
    yend = m.end("suffix") if m.group("suffix") else m.end("year") if m.group("year") else m.end("nd")
    items, end = year_items(inner, yend, YearItem(ystart, yend, y, s))
    rest = inner[end:]
    more = None
    if rest.lstrip().startswith(";"):
        more = base + end + rest.index(";") + 1
    elif rest.strip() and not _COMMENT.match(rest):
        return None
    for it in items:
        it.start, it.end = it.start + base, it.end + base
    return items, more


_LOCATOR_ONLY = re.compile(
    r"^\s*(?P<loc>(?:pp?|págs?|pag|chap|cap)\.\s*" + _LOC_BODY + r")\s*$", re.IGNORECASE
)


def locator_only(inner: str) -> str | None:
    """`(p. 85)` after a narrative citation: the locator text."""
    m = _LOCATOR_ONLY.match(inner)
    return m.group("loc").strip() if m else None
