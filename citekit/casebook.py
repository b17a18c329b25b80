"""Queries over cases and claims: which sources support a case, a place, a claim; what is unsupported.

A claim is *supported* when at least one of its evidence keys resolves to an entry of the store
(`Store.find`, so old keys kept in `ids` count). Evidence naming a key that is not in the store is left
out of the sources here and reported by `citekit check` (`unknown-key`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from citekit.errors import CitekitError
from citekit.model import Case, Claim, Name
from citekit.normalize import fold

if TYPE_CHECKING:
    from citekit.entry import Entry
    from citekit.store import Store


class QueryError(CitekitError):
    """A query that cannot be answered as asked (several selectors at once)."""


class UnknownIdError(QueryError, LookupError):
    """A case, claim or key that the store does not have."""

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class CitedClaim:
    """A claim as one source supports it: with the locator given for that source."""

    id: str
    text: str
    locator: str = ""
    quote: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "locator": self.locator}


@dataclass(slots=True)
class Source:
    """An entry of the store and the selected claims it supports."""

    key: str
    reference: str
    entry: Entry | None = None
    claims: list[CitedClaim] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "reference": self.reference, "claims": [c.to_dict() for c in self.claims]}


def claim_dict(claim: Claim) -> dict[str, Any]:
    """A claim as JSON: id, text, cases and its evidence."""
    return {"id": claim.id, "text": claim.text, "cases": list(claim.cases),
            "evidence": [{"key": e.key, "locator": e.locator, "quote": e.quote} for e in claim.evidence]}


@dataclass(slots=True)
class SourcesResult:
    """The answer to a sources query: the query, the sources with their claims, the unsupported claims."""

    query: dict[str, Any]
    sources: list[Source]
    unsupported_claims: list[Claim]
    cases: list[Case] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    style: str | None = None  # the style the references were formatted in; None: plain fallback

    def to_dict(self) -> dict[str, Any]:
        return {"query": dict(self.query), "sources": [s.to_dict() for s in self.sources],
                "unsupported_claims": [claim_dict(c) for c in self.unsupported_claims]}


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One line of the case table: a case with its counts of claims, supported claims and sources."""

    case: Case
    claims: int
    supported: int
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        c = self.case
        return {"id": c.id, "name": c.name, "kind": c.kind, "country": c.country, "aliases": list(c.aliases),
                "partners": list(c.partners), "claims": self.claims, "supported": self.supported,
                "unsupported": self.claims - self.supported, "sources": list(self.sources)}


def get_case(store: Store, case_id: str) -> Case:
    """The case with this id (exact, then folded); UnknownIdError otherwise."""
    for c in store.cases:
        if c.id == case_id:
            return c
    for c in store.cases:
        if fold(c.id) == fold(case_id):
            return c
    known = ", ".join(c.id for c in store.cases) or "none"
    raise UnknownIdError(f"no case with id {case_id!r} (known: {known})")


def get_claim(store: Store, claim_id: str) -> Claim:
    """The claim with this id; UnknownIdError otherwise."""
    for c in store.claims:
        if c.id == claim_id:
            return c
    raise UnknownIdError(f"no claim with id {claim_id!r} (see `citekit claims`)")


def resolved(store: Store, claim: Claim) -> list[tuple[Entry, int]]:
    """The entries a claim's evidence resolves to, each with the index of its evidence item."""
    out = []
    for i, ev in enumerate(claim.evidence):
        entry = store.find(ev.key)
        if entry is not None:
            out.append((entry, i))
    return out


def is_supported(store: Store, claim: Claim) -> bool:
    """True when some evidence of the claim is an entry of the store."""
    return bool(resolved(store, claim))


def _names(case: Case) -> list[str]:
    return [fold(n) for n in (case.id.replace("-", " "), case.name, *case.aliases) if fold(n)]


def _direct_matches(store: Store, name: str) -> list[Case]:
    """Cases named so (id, name, alias; folded), else the cases of that country, else names containing it."""
    q = fold(name)
    if not q:
        return []
    exact = [c for c in store.cases if q in _names(c)]
    if exact:
        return exact
    in_country = [c for c in store.cases if c.country and fold(c.country) == q]
    if in_country:
        return in_country
    return [c for c in store.cases if any(f" {q} " in f" {n} " for n in _names(c))]


def match_place(store: Store, name: str) -> list[Case]:
    """Cases a place name means: by id, name or alias (accents and case folded), then their partners.

    Partnership is read both ways: asking for Jilin also gives Entre Ríos, which lists Jilin as a partner.
    """
    direct = _direct_matches(store, name)
    ids = {c.id for c in direct}
    out = list(direct)
    for c in store.cases:
        if c.id in ids:
            continue
        if any(p in ids for p in c.partners) or any(c.id in d.partners for d in direct):
            out.append(c)
    return out


def _about(store: Store, case_ids: Iterable[str]) -> list[Claim]:
    wanted = set(case_ids)
    return [c for c in store.claims if wanted.intersection(c.cases)]


def claims_for(store: Store, case: str | None = None, unsupported: bool = False) -> list[Claim]:
    """Claims in file order; only those about `case` (an id) and/or only the unsupported ones."""
    claims = _about(store, [get_case(store, case).id]) if case is not None else list(store.claims)
    return [c for c in claims if not is_supported(store, c)] if unsupported else claims


def case_table(store: Store) -> list[CaseRow]:
    """Every case with the number of claims about it, how many are supported, and their source keys."""
    rows = []
    for case in store.cases:
        claims = _about(store, [case.id])
        keys: dict[str, None] = {}
        supported = 0
        for claim in claims:
            found = resolved(store, claim)
            supported += bool(found)
            keys.update((e.key or "", None) for e, _ in found)
        rows.append(CaseRow(case, len(claims), supported, tuple(keys)))
    return rows


def _select(store: Store, case: str | None, place: str | None, claim: str | None,
            key: str | None) -> tuple[dict[str, Any], list[Case], list[Claim]]:
    """The query dict, the cases it concerns and the claims it selects."""
    given = {k: v for k, v in (("case", case), ("place", place), ("claim", claim), ("key", key)) if v is not None}
    if len(given) > 1:
        raise QueryError(f"ask for one of case, place, claim or key, not {' and '.join(given)}")
    if case is not None:
        c = get_case(store, case)
        return {"case": c.id}, [c], _about(store, [c.id])
    if place is not None:
        cases = match_place(store, place)
        if not cases:
            raise UnknownIdError(f"no case matches the place {place!r} (by id, name, alias or country; "
                                 "see `citekit cases`)")
        return {"place": place, "cases": [c.id for c in cases]}, cases, _about(store, [c.id for c in cases])
    if claim is not None:
        cl = get_claim(store, claim)
        return {"claim": cl.id}, [c for c in store.cases if c.id in cl.cases], [cl]
    if key is not None:
        return _select_key(store, key)
    return {}, list(store.cases), list(store.claims)


def _select_key(store: Store, key: str) -> tuple[dict[str, Any], list[Case], list[Claim]]:
    entry = store.find(key)
    want = entry.key if entry is not None else key
    claims = [c for c in store.claims if any(_same(store, ev.key, want) for ev in c.evidence)]
    if entry is None and not claims:
        raise UnknownIdError(f"no entry with key {key!r} in the store and no claim cites it")
    case_ids = {i for c in claims for i in c.cases}
    return {"key": want}, [c for c in store.cases if c.id in case_ids], claims


def _same(store: Store, cited: str, key: str | None) -> bool:
    if key is None:
        return False
    entry = store.find(cited)
    found = entry.key if entry is not None and entry.key else cited
    return found.lower() == key.lower()


def sources_for(store: Store, *, case: str | None = None, place: str | None = None, claim: str | None = None,
                key: str | None = None, style: str | None = None, markup: str = "text") -> SourcesResult:
    """The sources supporting a case, a place (with partners), a claim or one key, and what is unsupported.

    With no selector, every claim of the store. `style` formats the references with `citekit.render`
    when it is installed; otherwise (and without a style) a plain "Author (Year) Title." is used.
    """
    query, cases, claims = _select(store, case, place, claim, key)
    only = query.get("key")
    by_key: dict[str, Source] = {}
    for cl in claims:
        for entry, i in resolved(store, cl):
            ek = entry.key or ""
            if only is not None and ek.lower() != str(only).lower():
                continue
            ev = cl.evidence[i]
            src = by_key.setdefault(ek, Source(ek, "", entry))
            src.claims.append(CitedClaim(cl.id, cl.text, ev.locator, ev.quote))
    texts, used = references(store, [s.entry for s in by_key.values() if s.entry is not None], style, markup)
    for src in by_key.values():
        src.reference = texts.get(src.key, src.key)
    if used is not None:  # the style's own bibliography order
        order = {k: i for i, k in enumerate(texts)}
        sources = sorted(by_key.values(), key=lambda s: (order.get(s.key, len(order)), s.key))
    else:
        sources = sorted(by_key.values(), key=lambda s: (fold(s.reference), s.key))
    if style is not None:
        query["style"] = style
    unsupported = [c for c in claims if not is_supported(store, c)]
    return SourcesResult(query, sources, unsupported, cases, claims, used)


def references(store: Store, entries: Sequence[Entry], style: str | None,
               markup: str = "text") -> tuple[dict[str, str], str | None]:
    """Reference texts by key (in the style's order), and the style used (None: the plain fallback).

    The style is looked up even when there is nothing to format, so an unknown style is always an error.
    """
    if style is not None:
        try:
            render = importlib.import_module("citekit.render")
        except ImportError:
            render = None
        fn = getattr(render, "render_entries", None)
        if fn is not None:
            return {r.key: r.text for r in fn(store, list(entries), style=style, markup=markup)}, style
    return {e.key or "": plain_reference(e, markup) for e in entries}, None


def _label(name: Name) -> str:
    """'Family, I.' for a person, the whole name for an organisation."""
    if name.corporate or not name.initials:
        return name.full_family
    return f"{name.full_family}, {'.'.join(name.initials)}."


def _person(entry: Entry) -> str:
    names = entry.names("author").names or entry.names("editor").names
    labels = [_label(n) for n in names]
    if len(labels) > 3:
        return f"{labels[0]} et al."
    if not labels:
        return ""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)


def plain_reference(entry: Entry, markup: str = "text") -> str:
    """'Author, A. (Year) Title.': the fallback when no formatter is available (markdown: title in italics)."""
    who = _person(entry)
    year = str(entry.year) if entry.year else "n.d."
    title = (entry.text("title") or entry.key or "").rstrip(".")
    if markup == "markdown":
        who, title = _md_escape(who), f"*{_md_escape(title)}*"
    head = f"{who} ({year})" if who else f"({year})"
    return f"{head} {title}."
