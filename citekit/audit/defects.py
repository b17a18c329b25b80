"""Defects: what is wrong with each linked citation, and between the citations and the reference list."""

from __future__ import annotations

import re

from citekit.audit.link import Linked
from citekit.audit.model import Cite, Defect, RefItem
from citekit.audit.resolve import Resolver
from citekit.entry import Entry
from citekit.locators import outside_range, parse_locator
from citekit.normalize import fold

_OPENERS = {"”": "“", "»": "«", '"': '"', "’": "‘"}
_QUOTE_AHEAD = re.compile(r"[“\"«]([^”\"»]{20,}?)[”\"»]")
MIN_QUOTE_WORDS = 6


def label(entry: Entry) -> str:
    """'Reyes Matta 2017', 'Acuto et al. 2016', 'Ippolito and Cabrol 2012', 'DESA 2013' for messages."""
    names = Resolver.names_of(entry)
    fams = [n.family if n.corporate else n.full_family for n in names]
    short = entry.text("shortauthor")
    if short and names and names[0].corporate:
        who = short
    elif len(fams) == 1:
        who = fams[0]
    elif len(fams) == 2:
        who = " and ".join(fams)
    elif fams:
        who = f"{fams[0]} et al."
    else:
        who = entry.key or "?"
    return f"{who} {entry.year or 'n.d.'}"


def _written(c: Cite) -> str:
    return c.text if len(c.text) < 80 else c.text[:77] + "..."


def _at(c: Cite, kind: str, message: str, key: str | None, suggestion: str | None = None) -> Defect:
    """A defect located at a citation's span."""
    return Defect(kind, message, (c.start, c.end), key, suggestion=suggestion)


def _quote_words(text: str, open_at: int) -> int:
    """Words in the quotation that closes right before `open_at` (nested quotes allowed)."""
    i = len(text[:open_at].rstrip(" ,.\u00a0")) - 1
    if i < 0 or text[i] not in _OPENERS:
        return 0
    closer, opener = text[i], _OPENERS[text[i]]
    depth = 1
    for j in range(i - 1, max(-1, i - 3000), -1):
        if opener != closer and text[j] == closer:
            depth += 1
        elif text[j] == opener:
            depth -= 1
            if depth == 0:
                return len(text[j + 1 : i].split())
    return 0


def _quote_follows(text: str, c: Cite) -> bool:
    """A narrative citation followed, in its sentence, by a long quotation."""
    tail = text[c.end : c.end + 400].split("\n\n")[0]
    m = _QUOTE_AHEAD.search(tail)
    if not m or m.start() >= 120 or len(m.group(1).split()) < MIN_QUOTE_WORDS:
        return False
    return "." not in tail[: m.start()].replace("et al.", "").replace("p.", "")


def _quoted_without_page(text: str, c: Cite) -> bool:
    if c.locator:
        return False
    if c.after_quote and _quote_words(text, text.rfind("(", 0, c.start + 1)) >= MIN_QUOTE_WORDS:
        return True
    return c.narrative and c.key_written is None and _quote_follows(text, c)


def _author_defects(c: Cite, entry: Entry, lk: Linked) -> list[Defect]:
    """Misspelt or partial surnames, 'et al.' used wrongly, a co-author left out."""
    out: list[Defect] = []
    hint = f"did you mean {label(entry)}?"
    m = lk.resolution.match
    if m and m.partial:
        msg = f"'{', '.join(m.partial)}' is part of a compound surname: the entry is {label(entry)}"
        out.append(_at(c, "name_mismatch", msg, entry.key, hint))
    if m and m.misspelt:
        msg = f"'{', '.join(m.misspelt)}' is not spelt as in the store ({label(entry)})"
        out.append(_at(c, "name_mismatch", msg, entry.key, hint))
    names = Resolver.names_of(entry)
    persons = [n for n in names if not n.corporate]
    alone = not c.et_al and len(c.authors) == 1
    if c.et_al and persons and len(names) <= 2:
        msg = f"'et al.' for a work with {len(names)} author(s) ({label(entry)})"
        out.append(_at(c, "et_al_misuse", msg, entry.key, f"name every author: {label(entry)}"))
    elif alone and len(persons) >= 3:
        msg = f"{len(names)} authors but no 'et al.' after {c.authors[0]}"
        out.append(_at(c, "et_al_misuse", msg, entry.key, label(entry)))
    elif alone and len(persons) == 2:
        msg = f"co-author {persons[1].full_family} is missing"
        out.append(_at(c, "name_mismatch", msg, entry.key, label(entry)))
    return out


def _link_defects(c: Cite, lk: Linked) -> list[Defect]:
    """Nothing matches, several entries match, or the match is only by name."""
    res = lk.resolution
    if c.key is None and c.candidates:
        msg = f"'{_written(c)}' matches {len(c.candidates)} entries: {', '.join(c.candidates)}"
        return [_at(c, "ambiguous_citation", msg, None, "add a year suffix (2016a, 2016b)")]
    if c.key is None:
        if c.secondary and c.key_written is None:
            return []  # the original of 'as cited in' need not be in the store
        msg = (
            f"no entry with key '{c.key_written}'"
            if c.key_written
            else f"no entry in the store matches '{_written(c)}'"
        )
        hint = f"did you mean {label(res.suggestion)}?" if res.suggestion is not None else None
        return [_at(c, "unresolved_citation", msg, None, hint)]
    entry = res.entry
    if entry is None or c.key_written is not None:
        return []
    out: list[Defect] = []
    if res.year_mismatch:
        msg = f"cited as {c.year}{c.suffix}; the store has {label(entry)} ({entry.key})"
        out.append(_at(c, "year_mismatch", msg, entry.key, f"did you mean {label(entry)}?"))
    if not res.match or not res.match.by_title:
        out.extend(_author_defects(c, entry, lk))
    return out


def citation_defects(lk: Linked, text: str) -> list[Defect]:
    """Every defect of one linked citation."""
    c, entry = lk.cite, lk.resolution.entry
    out = _link_defects(c, lk)
    if c.problems:
        out.append(_at(c, "citation_format", "; ".join(c.problems), c.key))
    if entry is not None and c.locator and outside_range(parse_locator(c.locator), entry):
        pages = entry.text("pages")
        msg = f"page {c.locator} is outside {entry.key}'s pages {pages}"
        out.append(
            _at(
                c, "locator_out_of_range", msg, entry.key, f"check the page: {label(entry)} spans pp. {pages}"
            )
        )
    if _quoted_without_page(text, c):
        msg = f"a direct quotation cited without a page: '{_written(c)}'"
        out.append(_at(c, "missing_locator_for_quote", msg, c.key, "add the page of the quotation"))
    return out


def _item_defect(
    item: RefItem,
    line: int,
    cited: set[str],
    secondary: set[str],
    linked: list[Linked],
    seen: dict[str, RefItem],
    text: str,
) -> Defect | None:
    """What is wrong with one reference-list item, if anything."""
    if item.key is None:
        if _matches_unresolved(item, linked):
            return None
        msg = (
            f"reference list item at line {line} matches no citation and no entry of the store: "
            f"'{item.text[:60]}'"
        )
        return Defect("uncited_reference", msg, None, None, at=item.start)
    if item.key in seen:
        first = text.count("\n", 0, seen[item.key].start) + 1
        msg = f"{item.key} is listed twice (lines {first} and {line})"
        return Defect("duplicate_reference", msg, None, item.key, at=item.start)
    if item.key in secondary:
        msg = f"{item.key} is only cited through another work; list the source you read, not the original"
        return Defect("secondary_citation", msg, None, item.key, at=item.start)
    if item.key not in cited:
        msg = f"{item.key} is in the reference list (line {line}) but never cited"
        return Defect("uncited_reference", msg, None, item.key, at=item.start)
    return None


def reference_defects(linked: list[Linked], items: list[RefItem], text: str) -> list[Defect]:
    """Duplicated, uncited and missing references; secondary sources listed as if read."""
    cited = {lk.cite.key for lk in linked if lk.cite.key and not lk.cite.secondary}
    secondary = {lk.cite.key for lk in linked if lk.cite.key and lk.cite.secondary} - cited
    out: list[Defect] = []
    seen: dict[str, RefItem] = {}
    for item in items:
        line = text.count("\n", 0, item.start) + 1
        if (d := _item_defect(item, line, cited, secondary, linked, seen, text)) is not None:
            out.append(d)
        seen.setdefault(item.key or f"#{item.start}", item)
    listed = {i.key for i in items if i.key}
    for key in dict.fromkeys(lk.cite.key for lk in linked if lk.cite.key and not lk.cite.secondary):
        if key not in listed:
            first = next(lk.cite for lk in linked if lk.cite.key == key and not lk.cite.secondary)
            msg = f"{key} is cited but not in the manuscript's reference list"
            out.append(_at(first, "missing_reference", msg, key))
    return out


def _matches_unresolved(item: RefItem, linked: list[Linked]) -> bool:
    """An item that is not in the store but is what an unresolved citation cites (by surname and year)."""
    head = f" {fold(item.text[:120])} "
    return any(
        lk.cite.key is None
        and lk.cite.authors
        and f" {fold(lk.cite.authors[0])} " in head
        and lk.cite.year in item.text
        for lk in linked
    )
