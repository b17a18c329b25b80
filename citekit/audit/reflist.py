"""A manuscript's own reference list: where it is, its items, and the store entry each item is."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from citekit.audit.grammar import CONNECTORS, DASHES, PARTICLES, YEAR_RE
from citekit.audit.model import RefItem
from citekit.audit.resolve import Resolver, year_matches
from citekit.entry import Entry
from citekit.normalize import fold

_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*|\*\*|__|\\section\*?\{)?(?:references|reference list|bibliography|works cited|"
    r"literature cited|sources|referencias(?: bibliográficas)?|bibliografía|obras citadas|fuentes)"
    r"[ \t]*(?:\*\*|__|\})?:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_NEXT_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+\S|(?:appendix|notes|anexo|notas)\b.*$)", re.IGNORECASE | re.MULTILINE
)
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_HEAD_WORD = re.compile(r"^[\w’'.-]+$")
# Lower-case words allowed in the author part of a reference ('van der Pluijm', 'Comisión ... para ...').
_HEAD_OK = CONNECTORS | PARTICLES | DASHES | {"et", "al."}
# fmt: off
_PROSE_WORDS = frozenset([
    "is", "are", "was", "were", "has", "have", "had", "that", "which", "this", "these", "those", "we",
    "our", "it", "its", "they", "their", "shows", "argues", "es", "son", "fue", "fueron", "ha", "han",
    "que", "este", "esta", "estos", "estas", "nos", "nuestro",
])
# fmt: on
_BIBITEM = re.compile(r"\\bibitem\s*(?:\[[^\]]*\])?\s*\{(?P<key>[^}]+)\}")
_PARA = re.compile(r"\n[ \t]*\n")


def looks_like_reference(item: str) -> bool:
    """An author or organisation, then a year within the first 250 characters: 'Chen, Zhimin. 2005. ...'."""
    s = _BULLET.sub("", item).strip()
    if not s or len(s) > 900 or not YEAR_RE.search(s[:250]):
        return False
    head = re.split(r"\.\s|\(|,|\d", s, maxsplit=1)[0].strip()
    words = head.split()
    if not words or len(words) > 10 or not (words[0][:1].isupper() or words[0].lower() in _HEAD_OK):
        return False
    return all(w[:1].isupper() or w.lower() in _HEAD_OK or not _HEAD_WORD.match(w) for w in words)


def _is_prose(paragraph: str) -> bool:
    """Running text rather than a reference: several words that references' titles seldom hold."""
    words = re.findall(r"[^\W\d_]+", paragraph.lower())
    return sum(1 for w in words if w in _PROSE_WORDS) >= 3


def find_section(text: str) -> tuple[int, int] | None:
    """[start, end) of the reference list: after a 'References' heading, else the trailing references."""
    heads = list(_HEADING.finditer(text))
    if heads:
        start = heads[-1].end()
        nxt = _NEXT_HEADING.search(text, start)
        return start, nxt.start() if nxt else len(text)
    paras = _paragraphs(text)
    first = None
    for s, e in reversed(paras):
        if not looks_like_reference(text[s:e]) or _is_prose(text[s:e]):
            break
        first = s
    if first is None:
        return None
    count = sum(1 for s, _ in paras if s >= first)
    return (first, len(text)) if count >= 2 else None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA.finditer(text):
        if text[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def split_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Items of the section: blank-line paragraphs, or lines when each line starts a reference."""
    out: list[tuple[int, int]] = []
    for ps, pe in _paragraphs(text[:end]):
        if ps < start:
            continue
        lines = [(m.start() + ps, m.end() + ps) for m in re.finditer(r"[^\n]+", text[ps:pe])]
        starts = [looks_like_reference(text[s:e]) for s, e in lines]
        if len(lines) > 1 and sum(starts) >= 0.6 * len(lines):
            for (s, e), is_start in zip(lines, starts):
                if is_start or not out or out[-1][0] < ps:
                    out.append((s, e))
                else:
                    out[-1] = (out[-1][0], e)  # a wrapped line continues the item before it
        else:
            out.append((ps, pe))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in out]


def _name_in_head(entry: Entry, head: str, resolver: Resolver) -> bool:
    names = resolver.names_of(entry)
    if not names:
        return False
    n = names[0]
    fam = fold(n.family)
    fam_the = fam.removeprefix("the ")
    padded = f" {head} "
    if f" {fam_the} " in padded or (n.corporate and len(head.split()) >= 3 and head.split(" 20")[0] in fam):
        return True
    if (short := entry.text("shortauthor")) and f" {fold(short)} " in padded[:80]:
        return True
    return any(len(p) >= 4 and f" {p} " in padded[:40] for p in fam.split())


def _author_gap(item: str, entry: Entry, resolver: Resolver) -> int:
    """How many surnames differ between the item's author part and the entry's persons."""
    names = resolver.names_of(entry)
    if not names or names[0].corporate:
        return 0
    ym = YEAR_RE.search(item)
    head = item[: ym.start()] if ym else item[:120]
    written = {fold(w) for w in re.findall(r"[^\W\d_][\w’'-]+", head) if w[:1].isupper()}
    known = {w for n in names for w in fold(n.family).split()}
    return len(written ^ known)


def match_item(item: str, resolver: Resolver) -> Entry | None:
    """The store entry a free-text reference describes (author and year, or a near-identical title)."""
    folded = fold(item)
    lead = fold(re.split(r"\.\s", item, maxsplit=1)[0])
    ym = YEAR_RE.search(item)
    year = (ym.group("year") or "") if ym else ""
    best: tuple[float, Entry] | None = None
    for e in resolver.entries:
        names = resolver.names_of(e)
        name_ok = _name_in_head(e, lead if names and names[0].corporate else folded[:160], resolver)
        title = fold(e.text("title") or "")
        tscore = fuzz.partial_ratio(title, folded) if title else 0.0
        year_ok = bool(year) and year_matches(e, year)
        if not ((name_ok and (year_ok or tscore >= 80)) or (tscore >= 92 and (year_ok or not year))):
            continue
        score = 2 * name_ok + year_ok + tscore / 100 - 0.3 * _author_gap(item, e, resolver)
        if best is None or score > best[0]:
            best = (score, e)
    return best[1] if best else None


def reference_items(text: str, resolver: Resolver, fmt: str) -> tuple[int | None, list[RefItem]]:
    """Where the reference list starts (None when there is none) and its items matched to the store."""
    if fmt == "tex":
        items = [
            RefItem(m.start(), m.end(), m.group("key"), _key(resolver, m.group("key")))
            for m in _BIBITEM.finditer(text)
        ]
        start = text.find("\\begin{thebibliography}")
        return (start if start >= 0 else None), items
    section = find_section(text)
    if section is None:
        return None, []
    out = []
    for s, e in split_items(text, *section):
        body = _BULLET.sub("", text[s:e]).strip()
        entry = match_item(body, resolver)
        out.append(RefItem(s, e, text[s:e], entry.key if entry else None))
    return section[0], out


def _key(resolver: Resolver, key: str) -> str | None:
    entry = resolver.store.find(key.strip())
    return entry.key if entry else None
