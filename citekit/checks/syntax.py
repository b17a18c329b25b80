"""Syntax rules: what the parser accepts silently, duplicate keys and fields, @string problems."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from citekit import bibsyntax
from citekit.checks import rule
from citekit.entry import Entry
from citekit.model import Finding, Location, Severity
from citekit.store import Store

_FIELDS_LOOKING = re.compile(r"^\s*,?\s*[A-Za-z][\w-]*\s*=\s*[{\"\w]")
MAX_FIELD = 1 << 20
MAX_DEPTH = 1000


def _loc(e: Entry, field: str | None = None) -> Location:
    return Location(e.path, e.field_line(field) if field else e.line)


@rule("parse-error", summary="values the parser accepts but BibTeX would not: missing comma, stray brace, empty value")
def value_syntax(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for e in store.entries:
        if e.broken:
            continue
        for f in e.field_list:
            if not f.source.strip():
                yield Finding("parse-error", Severity.ERROR, f"field '{f.name}' has no value ('{f.name} = ,')",
                              Location(e.path, f.line or e.line), e.key)
                continue
            try:
                bibsyntax.tokenize(f.source)
            except bibsyntax.ValueSyntaxError as exc:
                line = (f.line or e.line or 0) + f.source[: exc.offset].rstrip().count("\n")
                yield Finding("parse-error", Severity.ERROR, f"field '{f.name}': {exc}",
                              Location(e.path, line), e.key)
    for bib in store.files:
        for prev, seg in zip(bib.segments, bib.segments[1:]):
            comment = type(seg.block).__name__ == "ImplicitComment"
            if comment and prev.entry is not None and _FIELDS_LOOKING.match(seg.raw):
                line = (prev.entry.line or 1) + prev.raw.count("\n")
                yield Finding("parse-error", Severity.ERROR,
                              "a stray '}' ended the entry early; the fields after it were not read: "
                              + seg.raw.strip()[:60], Location(str(bib.path), line), prev.entry.key)


@rule("missing-key", summary="an entry with no citation key")
def missing_key(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for e in store.entries:
        if e.key is None and not e.broken:
            yield Finding("missing-key", Severity.ERROR, f"@{e.entry_type} entry has no citation key", _loc(e))


@rule("duplicate-key", summary="two entries with the same key (case-insensitive, as BibTeX compares)")
def duplicate_keys(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    seen: dict[str, Entry] = {}
    for e in store.entries:
        if e.key is None:
            continue
        first = seen.setdefault(e.key.lower(), e)
        if first is not e:
            yield Finding("duplicate-key", Severity.ERROR,
                          f"key '{e.key}' is already used at {first.path}:{first.line}", _loc(e), e.key)


@rule("duplicate-field", summary="a field given twice in one entry")
def duplicate_fields(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for e in store.entries:
        seen: set[str] = set()
        for f in e.field_list:
            if f.lname in seen:
                yield Finding("duplicate-field", Severity.ERROR,
                              f"field '{f.name}' appears more than once; every value is kept, the first is used",
                              Location(e.path, f.line or e.line), e.key)
            seen.add(f.lname)


@rule("field-too-large", "brace-depth", summary="resource limits: huge values and deep brace nesting")
def limits(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for e in store.entries:
        for f in e.field_list:
            if len(f.source) > MAX_FIELD:
                yield Finding("field-too-large", Severity.WARNING,
                              f"field '{f.name}' is {len(f.source):,} characters long", _loc(e, f.name), e.key)
            if "{" in f.source and not bibsyntax.brace_depth_ok(f.source, MAX_DEPTH):
                yield Finding("brace-depth", Severity.ERROR,
                              f"field '{f.name}' nests braces deeper than {MAX_DEPTH}", _loc(e, f.name), e.key)


def _string_graph(store: Store) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, src in store.strings.items():
        try:
            toks = bibsyntax.tokenize(src)
        except bibsyntax.ValueSyntaxError:
            toks = []
        graph[name] = {t.text.lower() for t in toks if t.kind == "macro"}
    return graph


def _in_cycle(graph: dict[str, set[str]]) -> set[str]:
    """Names that lie on a cycle of @string references (iterative DFS)."""
    cyclic: set[str] = set()
    state: dict[str, int] = {}
    for start in graph:
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(graph.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                cyclic.update(path[path.index(nxt):])
            elif not state.get(nxt) and nxt in graph:
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(graph[nxt])))
    return cyclic


def _string_blocks(store: Store) -> Iterator[tuple[str, str, Location]]:
    """(name as written, lower-cased name, location) of every @string definition."""
    for bib in store.files:
        for seg in bib.segments:
            if type(seg.block).__name__ == "String":
                name = str(getattr(seg.block, "key", ""))
                line = getattr(seg.block, "start_line", None)
                yield name, name.lower(), Location(str(bib.path), line + 1 if isinstance(line, int) else None)


@rule("undefined-string", "cyclic-string", "string-too-large",
      summary="@string macros used but never defined, defined in a cycle, or expanding beyond 1 MiB")
def strings(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    graph = _string_graph(store)
    cyclic = _in_cycle(graph)
    for name, low, loc in _string_blocks(store):
        if low in cyclic:
            yield Finding("cyclic-string", Severity.ERROR, f"@string '{name}' refers to itself through other strings", loc)
        elif graph.get(low) and all(d in store.strings or d in bibsyntax.MONTH_MACROS for d in graph[low]):
            _text, missing = bibsyntax.expand(name, store.strings, cache=store.macro_cache)
            if missing:
                yield Finding("string-too-large", Severity.ERROR,
                              f"@string '{name}' would expand beyond {bibsyntax.MAX_EXPANSION:,} characters; "
                              "it is left unexpanded", loc)
    for e in store.entries:
        for f in e.field_list:
            if not f.source or f.source.lstrip()[:1] == "{" and "#" not in f.source:
                continue
            try:
                toks = bibsyntax.tokenize(f.source)
            except bibsyntax.ValueSyntaxError:
                continue
            for t in toks:
                low = t.text.lower()
                if t.kind == "macro" and low not in store.strings and low not in bibsyntax.MONTH_MACROS:
                    yield Finding("undefined-string", Severity.ERROR,
                                  f"field '{f.name}' uses @string '{t.text}', which is not defined",
                                  Location(e.path, f.line or e.line), e.key)
