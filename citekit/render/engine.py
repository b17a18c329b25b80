"""Rendering a store's entries in a style: CSL items, sorting, year suffixes, markup."""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from citekit.entry import Entry
from citekit.model import Finding, Location, Severity
from citekit.render.backends import to_markup
from citekit.render.csljson import CslItem, crossref_parent, to_csl
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


def format_entries(store: Store | None, entries: Iterable[Entry], style: str | Style = "harvard",
                   markup: str = "text") -> FormatResult:
    """Render entries in a style; a bad entry becomes a `render-error` finding and is skipped."""
    entries = list(entries)
    if isinstance(style, str) and style.endswith(".csl"):
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
    for e in entries:
        if e.broken or not e.key:
            result.findings.append(_problem(e, "entry is broken and was not formatted"))
            continue
        try:
            item = to_csl(e, crossref_parent(e, lookup))
            ctx = Ctx(item, locale, english=_english(item))
            ctx.sort = st.sort_key(ctx)  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - one entry must not stop the list
            result.findings.append(_problem(e, f"cannot be formatted: {exc}"))
            continue
        ctxs.append(ctx)
    ctxs.sort(key=lambda c: c.sort)  # type: ignore[attr-defined]
    if st.add_names[0]:
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
    rich, _ = run(st.layout, ctx)
    if st.suffix:
        rich = concat(rich, Rich.of(st.suffix), ctx.locale.punctuation_in_quote)
    return rich


def render_entries(store: Store | None, entries: Sequence[Entry] | Iterable[Entry], style: str = "harvard",
                   markup: str = "text") -> list[Rendered]:
    """The reference list for `entries` in the style's bibliography order."""
    return format_entries(store, entries, style, markup).entries
