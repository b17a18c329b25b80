"""Rendering a store's entries in a style: CSL items, sorting, year suffixes, markup."""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from citekit.entry import Entry
from citekit.gcpause import gc_paused
from citekit.model import Finding, Location, Severity
from citekit.render.backends import to_markup
from citekit.render.csl_styles import is_csl_name
from citekit.render.csljson import CslItem, crossref_parent, to_csl
from citekit.render.names import initials
from citekit.render.rich import Rich, concat
from citekit.render.style import Style, load_style
from citekit.render.template import Ctx, run

if TYPE_CHECKING:
    from citekit.store import Store


@dataclass(frozen=True, slots=True)
class Rendered:
    """One formatted reference: its key and its text in the chosen markup."""

    key: str
    text: str


@dataclass
class FormatResult:
    """A formatted reference list plus the entries that could not be rendered."""

    style: str
    entries: list[Rendered] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"style": self.style, "entries": [{"key": r.key, "text": r.text} for r in self.entries]}


def _english(item: CslItem) -> bool:
    lang = str(item.get("language") or "en")
    return lang.lower().startswith("en")


def _problem(entry: Entry, message: str) -> Finding:
    return Finding("render-error", Severity.WARNING, message, Location(entry.path, entry.line), entry.key)


def _families(ctx: Ctx) -> list[str]:
    people = ctx.item.get("author") or []
    return [str(p.get("family") or p.get("literal") or "").casefold() for p in people]


def _year(ctx: Ctx) -> object:
    issued = ctx.item.get("issued")
    if isinstance(issued, dict) and issued.get("date-parts"):
        return tuple(issued["date-parts"][0][:1])
    return None


def _add_names(ctxs: list[Ctx], minimum: int, first: int) -> None:
    """Where '(Family et al., year)' would be alike for different author lists, show more names."""
    groups: dict[tuple[object, ...], list[Ctx]] = {}
    for c in ctxs:
        fams = _families(c)
        if len(fams) >= minimum:
            groups.setdefault((tuple(fams[:first]), _year(c)), []).append(c)
    for members in groups.values():
        if len(members) < 2:
            continue
        lists = [_families(c) for c in members]
        for c, mine in zip(members, lists, strict=True):
            others = [fl for fl in lists if fl is not mine and fl != mine]
            if not others:
                continue
            k = first
            while k < len(mine) and any(fl[:k] == mine[:k] and (len(fl) > k) == (len(mine) > k) for fl in others):
                k += 1
            c.show_names = k


def _family(p: dict[str, str]) -> str:
    return str(p.get("literal") or " ".join(x for x in (p.get("non-dropping-particle"), p.get("family")) if x))


def _person(p: dict[str, str]) -> tuple[str, str, str]:
    return (_family(p), str(p.get("given") or ""), str(p.get("dropping-particle") or ""))


def _cite_names(people: list[tuple[str, str, str]], minimum: int, shown: int, pos: int | None,
                level: int) -> tuple[str, ...]:
    """The names an author-date citation shows: `shown` names (et al. from `minimum` names on), the
    name at `pos` in its long form with initials (level 1) or with its full given name (level 2)."""
    n = shown if len(people) >= minimum and shown < len(people) else len(people)
    out = []
    for i, (fam, given, particle) in enumerate(people[:n]):
        if i == pos and (given or particle):
            first = initials(given, ". ") if level == 1 else given
            fam = " ".join(x for x in (first, particle, fam) if x)
        out.append(fam.casefold())
    if n < len(people):
        out.append("\x00et al.")
    return tuple(out)


def _disambiguate_names(ctxs: list[Ctx], minimum: int, first: int) -> None:
    """citeproc-js's by-cite disambiguation of cites alike ('Yang et al., 1997' for two author lists):
    configurations are tried in order (more names shown; per shown name its initials, then its full
    given name) on the cites still ambiguous, and a cite keeps the first one that sets it apart. The
    bibliography shows those names, and a name at the full-given-name level uninitialised."""
    by_cite: dict[tuple[object, ...], list[Ctx]] = {}
    for c in ctxs:
        authors = c.item.get("author")
        if authors:
            fams = [_family(p).casefold() for p in authors]
            cited = fams[:first] + ["\x00et al."] if len(fams) >= minimum and first < len(fams) else fams
            by_cite.setdefault((tuple(cited), _year(c)), []).append(c)
    for group in by_cite.values():
        if len(group) < 2:
            continue
        members = [(c, [_person(p) for p in c.item["author"]]) for c in group]
        ident = {id(c): tuple(x.casefold() for person in p for x in person) for c, p in members}
        if len(set(ident.values())) < 2:  # the same people: year suffixes tell them apart
            continue
        longest = max(len(p) for _, p in members)
        remaining = list(members)
        configs = [(shown, pos, level) for shown in range(first, longest + 1)
                   for pos, level in [(None, 0)] + [(i, lv) for i in range(shown) for lv in (1, 2)]]
        for shown, pos, level in configs:
            if len({ident[id(c)] for c, _ in remaining}) < 2:
                break
            keys = [_cite_names(p, minimum, shown, pos, level) for _, p in remaining]
            settled = []
            for i, (c, _) in enumerate(remaining):
                mine = ident[id(c)]
                if all(keys[i] != keys[j] for j, (o, _) in enumerate(remaining) if j != i and ident[id(o)] != mine):
                    settled.append(i)
                    if shown > first:
                        c.show_names = shown
                    if pos is not None and level == 2:
                        c.given_full = frozenset({pos})
            remaining = [m for i, m in enumerate(remaining) if i not in settled]


def _suffixes(ctxs: list[Ctx], style: Style) -> None:
    """Give 'a', 'b', ... to entries that would be cited alike, in bibliography order."""
    if style.cite_key is None:
        return
    groups: dict[tuple[object, ...], list[Ctx]] = {}
    for c in ctxs:
        groups.setdefault(style.cite_key(c), []).append(c)
    for members in groups.values():
        if len(members) > 1:
            for i, c in enumerate(members):
                c.year_suffix = _letters(i)


def _letters(i: int) -> str:
    letters = string.ascii_lowercase
    return letters[i] if i < 26 else letters[i // 26 - 1] + letters[i % 26]


def _commented_out(e: Entry, cache: dict[int, list[str]]) -> bool:
    """An entry whose '@' follows a '%' on its line: pandoc's reader takes '%' to the end of the line
    as a comment, so for it (and the reference renderer) the entry does not exist."""
    if e.file is None or not e.line:
        return False
    lines = cache.get(id(e.file))
    if lines is None:
        lines = cache[id(e.file)] = e.file.decoded.text.split("\n")
    if e.line > len(lines):
        return False
    line = lines[e.line - 1]
    at = line.find("@")
    return at > 0 and "%" in line[:at]


def format_entries(store: Store | None, entries: Iterable[Entry], style: str | Style = "harvard",
                   markup: str = "text") -> FormatResult:
    """Render entries in a style; a bad entry becomes a `render-error` finding and is skipped."""
    with gc_paused():  # every entry's CSL item and context lives until the end: no GC passes over them
        return _format(store, list(entries), style, markup)


def _format(store: Store | None, entries: list[Entry], style: str | Style, markup: str) -> FormatResult:
    if isinstance(style, str) and (style.endswith(".csl") or is_csl_name(style)):
        from citekit.render.csl_extra import format_with_csl

        pool = list(store.entries) if store is not None else entries
        return format_with_csl(style, entries, pool, markup, None)
    st = style if isinstance(style, Style) else load_style(style)
    if st.pybtex:
        from citekit.render.pybtex_styles import format_with_pybtex

        return format_with_pybtex(st.pybtex, entries, markup)
    result = FormatResult(st.name)
    lookup = {e.key.lower(): e for e in (store.entries if store is not None else entries) if e.key}
    locale = st.locale()
    ctxs: list[Ctx] = []
    lines: dict[int, list[str]] = {}
    shared: dict[str, Any] = {}  # the reference list's state, seen by every entry's context
    for e in entries:
        if e.broken or not e.key:
            result.findings.append(_problem(e, "entry is broken and was not formatted"))
            continue
        if _commented_out(e, lines):
            continue
        try:
            item = to_csl(e, crossref_parent(e, lookup))
            ctx = Ctx(item, locale, english=_english(item), shared=shared)
            ctx.sort = st.sort_key(ctx)
        except Exception as exc:  # noqa: BLE001 - one entry must not stop the list
            result.findings.append(_problem(e, f"cannot be formatted: {exc}"))
            continue
        ctxs.append(ctx)
    ctxs.sort(key=lambda c: c.sort)
    if st.add_names[0] and st.add_givenname:
        _disambiguate_names(ctxs, *st.add_names)
    elif st.add_names[0]:
        _add_names(ctxs, *st.add_names)
    _suffixes(ctxs, st)
    for ctx in ctxs:
        try:
            rich = render_item(ctx, st)
        except Exception as exc:  # noqa: BLE001
            e = lookup[str(ctx.item["id"]).lower()]
            result.findings.append(_problem(e, f"cannot be formatted: {exc}"))
            continue
        result.entries.append(Rendered(str(ctx.item["id"]), to_markup(rich, markup)))
    return result


def render_item(ctx: Ctx, st: Style) -> Rich:
    """One entry's formatted text (before markup)."""
    ctx.suppressed = set()
    ctx.predecessor = False
    rich, _ = run(st.layout, ctx)
    if st.suffix:
        rich = concat(rich, Rich.of(st.suffix), ctx.locale.punctuation_in_quote)
    return rich


def render_entries(store: Store | None, entries: Sequence[Entry] | Iterable[Entry], style: str = "harvard",
                   markup: str = "text") -> list[Rendered]:
    """The reference list for `entries` in the style's bibliography order."""
    return format_entries(store, entries, style, markup).entries
