"""Locators as written in citations ('53', '187-208', 'pp. 4–5', 'chap. 3') and entries' page ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass

from citekit.entry import Entry

_ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)
_LABELS = {
    "p": "page", "pp": "page", "pág": "page", "págs": "page", "pag": "page", "page": "page", "pages": "page",
    "chap": "chapter", "ch": "chapter", "chapter": "chapter", "cap": "chapter", "capítulo": "chapter",
    "sec": "section", "section": "section", "§": "section", "para": "paragraph", "par": "paragraph",
    "fig": "figure", "table": "table", "vol": "volume", "n": "note", "note": "note",
}
_LABEL = re.compile(r"^\s*(§|[^\W\d_]+)\.?\s*", re.UNICODE)
_RANGE = re.compile(r"^\s*([A-Za-z]?\d+|[ivxlcdm]+)\s*(?:(?:-{1,3}|–|—|to|a)\s*([A-Za-z]?\d+|[ivxlcdm]+))?\s*(?:f{1,2}\.?)?\s*$",
                    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Locator:
    """A parsed locator: a label ('page', 'chapter'...) and its numeric ranges where they are numbers."""

    label: str
    text: str
    ranges: tuple[tuple[int, int], ...] = ()


def _roman(s: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    prev = 0
    for ch in reversed(s.lower()):
        v = values[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if _ROMAN.match(s):
        return None  # roman front matter: not comparable with arabic page ranges
    digits = re.sub(r"\D", "", s)
    return int(digits) if digits else None


def _expand_short(start: int, end: int) -> int:
    """'187-8' means 187-188: complete an abbreviated range end."""
    if end < start:
        s, e = str(start), str(end)
        if len(e) < len(s):
            return int(s[: len(s) - len(e)] + e)
    return end


def parse_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Numeric ranges of '187-208', '4–5, 9', '12f'; ranges that are not numbers are skipped."""
    out = []
    for part in re.split(r"\s*[,;&]\s*|\s+and\s+|\s+y\s+", text.strip()):
        m = _RANGE.match(part)
        if not m:
            continue
        start = _number(m.group(1))
        if start is None:
            continue
        end = _number(m.group(2)) if m.group(2) else start
        end = start if end is None else _expand_short(start, end)
        out.append((start, max(start, end)))
    return tuple(out)


def parse_locator(text: str) -> Locator:
    """Parse a locator; a bare number or range is a page locator."""
    s = text.strip()
    label = "page"
    m = _LABEL.match(s)
    if m and not _RANGE.match(s):
        word = m.group(1).lower()
        label = _LABELS.get(word, word)
        s = s[m.end():]
    return Locator(label=label, text=text.strip(), ranges=parse_ranges(s) if label == "page" else ())


def entry_page_range(entry: Entry) -> tuple[int, int] | None:
    """The (first, last) page of an entry's `pages` field, when it is a numeric range."""
    pages = entry.text("pages")
    if not pages:
        return None
    ranges = parse_ranges(pages.replace("–", "-"))
    if not ranges:
        return None
    return (min(r[0] for r in ranges), max(r[1] for r in ranges))


def outside_range(locator: Locator, entry: Entry) -> bool:
    """True when a page locator falls outside the entry's page range (False when either is unknown)."""
    span = entry_page_range(entry)
    if span is None or locator.label != "page" or not locator.ranges:
        return False
    return any(lo < span[0] or hi > span[1] for lo, hi in locator.ranges)
