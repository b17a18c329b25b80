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
    """'Reyes Matta 2017', 'Acuto et al. 2016', 'Ippolito and Cabrol 2012' for messages and suggestions."""
    names = Resolver.names_of(entry)
    fams = [n.full_family if not n.corporate else n.family for n in names]
    who = (
        fams[0]
        if len(fams) == 1
        else " and ".join(fams)
        if len(fams) == 2
        else f"{fams[0]} et al."
        if fams
        else entry.key or "?"
    )
    short = entry.text("shortauthor")
    if short and names and names[0].corporate:
        who = short
    return f"{who} {entry.year or 'n.d.'}"


def _written(c: Cite) -> str:
    return c.text if len(c.text) < 80 else c.text[:77] + "..."


def _quote_words(text: str, open_at: int) -> int:
    """Words in the quotation that closes right before `open_at` (nested quotes allowed)."""
    i = len(text[:open_at].rstrip(" ,.\u00a0")) - 1
    if i < 0 or text[i] not in _OPENERS:
        return 0
    closer, opener = text[i], _OPENERS[text[i]]
    depth, j = 1, i - 1
    floor = max(0, i - 3000)
    while j >= floor:
        ch = text[j]
        if opener != closer and ch == closer:
            depth += 1
        elif ch == opener:
            depth -= 1
            if depth == 0:
                return len(text[j + 1 : i].split())
        j -= 1
    return 0


def _quote_follows(text: str, c: Cite) -> bool:
    """A narrative citation followed, in its sentence, by a long quotation."""
    tail = text[c.end : c.end + 400].split("\n\n")[0]
    m = _QUOTE_AHEAD.search(tail)
    return bool(
        m
        and m.start() < 120
        and len(m.group(1).split()) >= MIN_QUOTE_WORDS
        and "." not in tail[: m.start()].replace("et al.", "").replace("p.", "")
    )


def _name_defects(c: Cite, entry: Entry, lk: Linked) -> list[Defect]:
    out: list[Defect] = []
    span = (c.start, c.end)
    names = Resolver.names_of(entry)
    m = lk.resolution.match
    if m and m.partial:
        out.append(
            Defect(
                "name_mismatch",
                f"'{', '.join(m.partial)}' is part of a compound surname: the entry is {label(entry)}",
                span,
                entry.key,
                suggestion=f"did you mean {label(entry)}?",
            )
        )
    if m and m.misspelt:
        out.append(
            Defect(
                "name_mismatch",
                f"'{', '.join(m.misspelt)}' is not spelt as in the store ({label(entry)})",
                span,
                entry.key,
                suggestion=f"did you mean {label(entry)}?",
            )
        )
    persons = [n for n in names if not n.corporate]
    if c.et_al and persons and len(names) <= 2:
        out.append(
            Defect(
                "et_al_misuse",
                f"'et al.' for a work with {len(names)} author(s) ({label(entry)})",
                span,
                entry.key,
                suggestion=f"name every author: {label(entry)}",
            )
        )
    elif not c.et_al and c.authors and len(c.authors) == 1 and len(persons) >= 3:
        out.append(
            Defect(
                "et_al_misuse",
                f"{len(names)} authors but no 'et al.' after {c.authors[0]}",
                span,
                entry.key,
                suggestion=f"{label(entry)}",
            )
        )
    elif not c.et_al and c.authors and len(c.authors) == 1 and len(persons) == 2:
        out.append(
            Defect(
                "name_mismatch",
                f"co-author {persons[1].full_family} is missing",
                span,
                entry.key,
                suggestion=f"{label(entry)}",
            )
        )
    return out


def citation_defects(lk: Linked, text: str) -> list[Defect]:
    """Every defect of one linked citation."""
    c, res = lk.cite, lk.resolution
    span = (c.start, c.end)
    out: list[Defect] = []
    hint = f"did you mean {label(res.suggestion)}?" if res.suggestion is not None else None
    if c.key is None and c.candidates:
        out.append(
            Defect(
                "ambiguous_citation",
                f"'{_written(c)}' matches {len(c.candidates)} entries: {', '.join(c.candidates)}",
                span,
                None,
                suggestion="add a year suffix (2016a, 2016b)",
            )
        )
    elif c.key is None and not (c.secondary and c.key_written is None):
        what = (
            f"no entry with key '{c.key_written}'"
            if c.key_written
            else f"no entry in the store matches '{_written(c)}'"
        )
        out.append(Defect("unresolved_citation", what, span, None, suggestion=hint))
    entry = res.entry
    if entry is not None and c.key_written is None:
        if res.year_mismatch:
            out.append(
                Defect(
                    "year_mismatch",
                    f"cited as {c.year}{c.suffix}; the store has {label(entry)} ({entry.key})",
                    span,
                    entry.key,
                    suggestion=f"did you mean {label(entry)}?",
                )
            )
        if not res.match or not res.match.by_title:
            out.extend(_name_defects(c, entry, lk))
    if c.problems:
        out.append(Defect("citation_format", "; ".join(c.problems), span, c.key))
    if entry is not None and c.locator:
        loc = parse_locator(c.locator)
        if outside_range(loc, entry):
            out.append(
                Defect(
                    "locator_out_of_range",
                    f"page {c.locator} is outside {entry.key}'s pages {entry.text('pages')}",
                    span,
                    entry.key,
                    suggestion=f"check the page: {label(entry)} spans pp. {entry.text('pages')}",
                )
            )
    if not c.locator and (
        (c.after_quote and _quote_words(text, _open_paren(text, c)) >= MIN_QUOTE_WORDS)
        or (c.narrative and c.key_written is None and _quote_follows(text, c))
    ):
        out.append(
            Defect(
                "missing_locator_for_quote",
                f"a direct quotation cited without a page: '{_written(c)}'",
                span,
                c.key,
                suggestion="add the page of the quotation",
            )
        )
    return out


def _open_paren(text: str, c: Cite) -> int:
    return text.rfind("(", 0, c.start + 1)


def reference_defects(linked: list[Linked], items: list[RefItem], text: str) -> list[Defect]:
    """Duplicated, uncited and missing references; secondary sources listed as if read."""
    out: list[Defect] = []
    cited = {lk.cite.key for lk in linked if lk.cite.key and not lk.cite.secondary}
    secondary = {lk.cite.key for lk in linked if lk.cite.key and lk.cite.secondary} - cited
    seen: dict[str, RefItem] = {}
    for item in items:
        line = text.count("\n", 0, item.start) + 1
        if item.key is None:
            if not _matches_unresolved(item, linked):
                out.append(
                    Defect(
                        "uncited_reference",
                        f"reference list item at line {line} matches no citation "
                        f"and no entry of the store: '{item.text[:60]}'",
                        None,
                        None,
                        at=item.start,
                    )
                )
        elif item.key in seen:
            first = text.count("\n", 0, seen[item.key].start) + 1
            out.append(
                Defect(
                    "duplicate_reference",
                    f"{item.key} is listed twice (lines {first} and {line})",
                    None,
                    item.key,
                    at=item.start,
                )
            )
        elif item.key in secondary:
            out.append(
                Defect(
                    "secondary_citation",
                    f"{item.key} is only cited through another work; list the "
                    f"source you read, not the original",
                    None,
                    item.key,
                    at=item.start,
                )
            )
        elif item.key not in cited:
            out.append(
                Defect(
                    "uncited_reference",
                    f"{item.key} is in the reference list (line {line}) but never cited",
                    None,
                    item.key,
                    at=item.start,
                )
            )
        seen.setdefault(item.key or f"#{item.start}", item)
    listed = {i.key for i in items if i.key}
    reported: set[str] = set()
    for lk in linked:
        c = lk.cite
        if c.key and not c.secondary and c.key not in listed and c.key not in reported:
            reported.add(c.key)
            out.append(
                Defect(
                    "missing_reference",
                    f"{c.key} is cited but not in the manuscript's reference list",
                    (c.start, c.end),
                    c.key,
                )
            )
    return out


def _matches_unresolved(item: RefItem, linked: list[Linked]) -> bool:
    """An item that is not in the store but is what an unresolved citation cites (by surname and year)."""
    head = f" {fold(item.text[:120])} "
    for lk in linked:
        c = lk.cite
        if c.key is None and c.authors and f" {fold(c.authors[0])} " in head and (c.year in item.text):
            return True
    return False
