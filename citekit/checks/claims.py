"""Claim and case rules: evidence that does not resolve or does not fit, unsupported claims and cases."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from citekit.casebook import is_supported
from citekit.checks import rule
from citekit.entry import Entry
from citekit.locators import entry_page_range, outside_range, parse_locator
from citekit.model import Finding, Location, Severity
from citekit.names import matches_family
from citekit.normalize import fold
from citekit.store import Store

_YEAR = re.compile(r"(?<![\d-])(1[5-9]\d\d|20\d\d)[a-z]?(?![\d-])")
_GLUE = re.compile(r"(?:[\s(\[,:;]|\bet\s+al\b\.?|\bin\b)+$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*$")


@rule("invalid-case", "invalid-claim",
      summary="case and claim tables that cannot be used (no id, wrong types, misspelt fields)")
def _loaded(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    """Reported while loading (citekit.claims); registered so --select, --ignore and --list-rules know them."""
    return iter(())


@rule("unknown-key", summary="claim evidence citing a key that is not in the store")
def unknown_keys(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    keys = [e.key for e in store.entries if e.key]
    for claim in store.claims:
        for ev in claim.evidence:
            if store.find(ev.key) is not None:
                continue
            close = difflib.get_close_matches(ev.key, keys, n=1, cutoff=0.7)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield Finding("unknown-key", Severity.ERROR,
                          f"claim '{claim.id}' cites '{ev.key}', which is not in the store{hint}",
                          ev.location or claim.location, ev.key)


@rule("locator-out-of-range", summary="a page locator outside the cited entry's page range")
def locators(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for claim in store.claims:
        for ev in claim.evidence:
            entry = store.find(ev.key)
            if entry is None or not ev.locator:
                continue
            span = entry_page_range(entry)
            if span is not None and outside_range(parse_locator(ev.locator), entry):
                yield Finding("locator-out-of-range", Severity.WARNING,
                              f"claim '{claim.id}' cites {entry.key} at '{ev.locator}', outside its pages "
                              f"{span[0]}–{span[1]}", ev.location or claim.location, entry.key)


def _names_before(before: str) -> list[str]:
    """The one and two words ending just before a year ('Reyes Matta (' -> ['Matta', 'Reyes Matta'])."""
    head = _GLUE.sub("", before)
    out: list[str] = []
    for _ in range(2):
        m = _WORD.search(head)
        if not m:
            break
        out.append(head[m.start():] if not out else f"{m.group(0)} {out[-1]}")
        head = head[: m.start()].rstrip()
    return out


def _is_author(entry: Entry, cited: str) -> bool:
    """True when `cited` names an author or editor of the entry (or its short author)."""
    short = entry.text("shortauthor")
    if short and fold(short) == fold(cited):
        return True
    for role in ("author", "editor"):
        for name in entry.names(role).names:
            if name.corporate and fold(name.family) == fold(cited):
                return True
            if not name.corporate and matches_family(name, cited):
                return True
    return False


def _year_mentions(text: str) -> Iterator[tuple[str, int]]:
    """(words just before, year) for every year written in a text."""
    for m in _YEAR.finditer(text):
        start = max(text.rfind(".", 0, m.start() - 1) + 1, m.start() - 80, 0)
        for cited in _names_before(text[start:m.start()]):
            yield cited, int(m.group(1))


@rule("claim-year-mismatch", summary="a claim writes 'Author (year)' with a year other than the cited entry's")
def claim_years(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for claim in store.claims:
        entries = [e for e in (store.find(ev.key) for ev in claim.evidence) if e is not None]
        seen: set[tuple[str, int]] = set()
        for cited, year in _year_mentions(claim.text):
            mine = [e for e in entries if _is_author(e, cited)]
            if not mine or any(e.year == year for e in mine) or (cited, year) in seen:
                continue
            seen.add((cited, year))
            dated = ", ".join(f"{e.key} is dated {e.year or 'n.d.'}" for e in mine)
            yield Finding("claim-year-mismatch", Severity.WARNING,
                          f"claim '{claim.id}' cites {cited} with the year {year}, but {dated}", claim.location,
                          mine[0].key)


@rule("unsupported-claim", summary="a claim with no evidence")
def unsupported_claims(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for claim in store.claims:
        if not claim.evidence:
            yield Finding("unsupported-claim", Severity.WARNING, f"claim '{claim.id}' has no evidence",
                          claim.location)


@rule("unsupported-case", summary="a case that no supported claim concerns")
def unsupported_cases(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for case in store.cases:
        about = [c for c in store.claims if case.id in c.cases]
        if any(is_supported(store, c) for c in about):
            continue
        why = f"its {len(about)} claim(s) have no source in the store" if about else "no claim concerns it"
        yield Finding("unsupported-case", Severity.WARNING, f"case '{case.id}' ({case.name}): {why}",
                      case.location)


@rule("unused-source", summary="an entry that supports no claim (only when the store has claims)")
def unused_sources(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    if not store.claims:
        return
    cited = {e.key for c in store.claims for e in (store.find(ev.key) for ev in c.evidence) if e is not None}
    for entry in store.entries:
        if entry.key and not entry.broken and entry.key not in cited:
            yield Finding("unused-source", Severity.INFO, f"{entry.key} supports no claim in claims.toml",
                          Location(entry.path, entry.line), entry.key)


@rule("unknown-case", summary="a claim or a partner naming a case id that does not exist")
def unknown_cases(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    ids = {c.id for c in store.cases}
    for claim in store.claims:
        for cid in claim.cases:
            if cid not in ids:
                yield Finding("unknown-case", Severity.ERROR,
                              f"claim '{claim.id}' concerns '{cid}', which is not a case in cases.toml",
                              claim.location)
    for case in store.cases:
        for cid in case.partners:
            if cid not in ids:
                yield Finding("unknown-case", Severity.ERROR,
                              f"case '{case.id}' names partner '{cid}', which is not a case", case.location)


@rule("duplicate-id", summary="two cases or two claims with the same id")
def duplicate_ids(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for kind, items in (("case", store.cases), ("claim", store.claims)):
        counts = Counter(i.id for i in items)
        first: set[str] = set()
        for item in items:
            if counts[item.id] > 1:
                if item.id in first:
                    yield Finding("duplicate-id", Severity.ERROR,
                                  f"{kind} id '{item.id}' is used {counts[item.id]} times", item.location)
                first.add(item.id)
