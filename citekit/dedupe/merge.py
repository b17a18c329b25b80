"""Safe merging of duplicate clusters: one canonical entry keeps every value and every old key.

Per cluster the canonical entry keeps its own values. From each merged-away entry, a field the canonical
lacks is filled in; list fields (keywords, ids, file, groups) are unioned; a conflicting value is kept in
an alternate field `citekit-alt-<field>`; the entry's key goes to biblatex `ids`. Nothing else changes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from citekit import bibsyntax
from citekit.dedupe import Cluster, DedupeResult, find_duplicates
from citekit.dedupe.text import fold_latex
from citekit.entry import Entry
from citekit.errors import CitekitError
from citekit.identifiers import canonical_url, find_doi
from citekit.model import Location
from citekit.names import parse_names
from citekit.normalize import fold
from citekit.store import Store

ALT_PREFIX = "citekit-alt-"
NAME_FIELDS = frozenset({"author", "editor", "translator", "bookauthor", "shortauthor"})
LIST_FIELDS = {"keywords": ",", "ids": ",", "file": ";", "groups": ",", "mrnumber": ",", "related": ","}


@dataclass(frozen=True, slots=True)
class Decision:
    """One line of the merge log: what happened to one value of one field."""

    field: str
    action: str  # filled | union | alternate | key
    value: str
    source: str

    def __str__(self) -> str:
        verb = {"filled": "filled from", "union": "added from", "alternate": "conflict, kept as alternate from",
                "key": "old key kept in ids:"}[self.action]
        return f"{self.field}: {verb} {self.source}: {self.value!r}"


@dataclass
class ClusterMerge:
    """The plan for one cluster: the canonical entry, the entries merged into it, the field writes."""

    canonical: Entry
    merged: list[Entry]
    writes: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # writes kept as written (macros, `#`)
    decisions: list[Decision] = field(default_factory=list)

    def log(self) -> list[str]:
        head = [f"{e.key} -> {self.canonical.key}  ({e.path}:{e.line} -> {self.canonical.path}:"
                f"{self.canonical.line})" for e in self.merged]
        return head + [f"  {d}" for d in self.decisions]


@dataclass
class MergePlan:
    """Every cluster's merge, in order."""

    merges: list[ClusterMerge]

    def log(self) -> str:
        return "".join(line + "\n" for m in self.merges for line in m.log())


def _value(entry: Entry, source: str, strings: dict[str, str]) -> str:
    """A field's content; a macro or concatenation is expanded so its meaning survives the move."""
    src = source.strip()
    if src[:1] in "{\"" and bibsyntax.content(src) != src:
        return bibsyntax.content(src)
    try:
        return bibsyntax.expand(src, strings)[0]
    except ValueError:
        return src


def same_value(name: str, a: str, b: str) -> bool:
    """Equal for a reader: case, accents, LaTeX, braces, punctuation and dash style aside."""
    if a == b:
        return True
    if name == "ids":  # citation keys: `é` and `e` are two keys
        return False
    if name == "doi":
        return (find_doi(a) or a.lower()) == (find_doi(b) or b.lower())
    if name == "url":
        return canonical_url(a) == canonical_url(b)
    if name in NAME_FIELDS:
        return _people(a) == _people(b)
    fa, fb = fold_latex(a), fold_latex(b)
    return bool(fa) and fa == fb


def _people(value: str) -> tuple[tuple[str, str, str, str], ...]:
    """Names in a form that ignores `Last, First` vs `First Last` but keeps every given name."""
    names = parse_names(value)
    return tuple((fold(n.family), fold(n.given), fold(n.particle), fold(n.suffix)) for n in names.names) + \
        ((("others", "", "", ""),) if names.others else ())


def _items(value: str, sep: str) -> list[str]:
    return [i.strip() for i in value.split(sep) if i.strip()]


def _free_alt(taken: set[str], name: str) -> str:
    base = ALT_PREFIX + name
    alt, n = base, 1
    while alt in taken:
        n += 1
        alt = f"{base}-{n}"
    return alt


def _merge_one(canon: Entry, others: list[Entry], strings: dict[str, str]) -> ClusterMerge:
    plan = ClusterMerge(canon, others)
    current = {n: _value(canon, f.source, strings) for n, f in
               ((f.lname, f) for f in reversed(canon.field_list))}
    names = {f.lname for f in canon.field_list}
    for other in others:
        if other.key and other.key.lower() != (canon.key or "").lower():
            _add_items(plan, current, names, "ids", other.key, other.key, action="key")
        for f in other.field_list:
            written = _take(plan, current, names, f.lname, _value(other, f.source, strings), other.key or "?")
            if written and _portable_macro(f.source, other, canon):
                plan.sources[written] = f.source.strip()
    return plan


def _portable_macro(source: str, other: Entry, canon: Entry) -> bool:
    """True when a value uses @string macros that mean the same in the canonical entry's file."""
    src = source.strip()
    if src[:1] in "{\"" and bibsyntax.content(src) != src:
        return False
    try:
        macros = [t.text.lower() for t in bibsyntax.tokenize(src) if t.kind == "macro"]
    except ValueError:
        return False
    if not macros:
        return False
    mine = other.file.strings if other.file else {}
    theirs = canon.file.strings if canon.file else {}
    return all(m in bibsyntax.MONTH_MACROS or (m in theirs and theirs[m] == mine.get(m)) for m in macros)


def _take(plan: ClusterMerge, current: dict[str, str], names: set[str], name: str, value: str,
          source: str) -> str | None:
    """Take one value of a merged-away entry; returns the field written whole, if any."""
    if not value.strip() and name in current:
        return None
    if name in LIST_FIELDS and value.strip():
        for item in _items(value, LIST_FIELDS[name]):
            if name != "ids" or item.lower() != (plan.canonical.key or "").lower():
                _add_items(plan, current, names, name, item, source)
        return None
    if name not in current:
        current[name] = plan.writes[name] = value
        names.add(name)
        plan.decisions.append(Decision(name, "filled", value, source))
        return name
    alts = [n for n in current if n == ALT_PREFIX + name or n.startswith(ALT_PREFIX + name + "-")]
    if any(same_value(name, current[n], value) for n in [name, *alts]):
        return None
    alt = _free_alt(names, name)
    current[alt] = plan.writes[alt] = value
    names.add(alt)
    plan.decisions.append(Decision(name, "alternate", value, source + f" (as {alt})"))
    return alt


def _add_items(plan: ClusterMerge, current: dict[str, str], names: set[str], name: str, item: str,
               source: str, action: str = "union") -> None:
    sep = LIST_FIELDS[name]
    have = _items(current.get(name, ""), sep)
    if any(same_value(name, h, item) for h in have):
        return
    joined = (sep + " ").join([*have, item]) if sep == "," else sep.join([*have, item])
    current[name] = plan.writes[name] = joined
    names.add(name)
    plan.decisions.append(Decision(name, action, item, source))


def _members(store: Store, cluster: Cluster) -> list[Entry]:
    """The entries of a cluster, by key and place (two entries may share a key)."""
    locations: list[Location | None] = list(cluster.locations) or [None] * len(cluster.keys)
    out = []
    for key, loc in zip(cluster.keys, locations):
        match = [e for e in store.entries if e.key == key and e not in out
                 and (loc is None or (e.path == loc.path and e.line == loc.line))]
        if not match:
            raise CitekitError(f"entry {key!r} is no longer in the store")
        out.append(match[0])
    return out


def plan_merge(store: Store, clusters: Iterable[Cluster], include_review: bool = False) -> MergePlan:
    """Plan the merge of clusters (from `find_duplicates`; only `auto` ones unless include_review)."""
    merges = []
    for c in clusters:
        if c.confidence != "auto" and not include_review:
            continue
        members = _members(store, c)
        canon = next(e for e in members if e.key == c.canonical)
        others = [e for e in members if e is not canon]
        merges.append(_merge_one(canon, others, store.strings))
    return MergePlan(merges)


def apply_merge(store: Store, plan: MergePlan) -> None:
    """Write the plan into the store (in memory; call `store.save()` to write files)."""
    for m in plan.merges:
        for name, value in m.writes.items():
            if name in m.sources:
                m.canonical.set_source(name, m.sources[name])
            else:
                m.canonical.set(name, value)
        for e in m.merged:
            store.remove_entry(e)


def diff(store: Store) -> str:
    """Unified diff of every changed file against what was read."""
    out: list[str] = []
    for bib in store.changed_files():
        before = bib.decoded.text.splitlines(keepends=True)
        after = bib.render_text().splitlines(keepends=True)
        out.extend(difflib.unified_diff(before, after, f"{bib.path} (as read)", f"{bib.path} (merged)"))
    return "".join(out)


@dataclass
class MergeOutcome:
    """What `merge_duplicates` found and did (in memory)."""

    result: DedupeResult
    plan: MergePlan


def merge_duplicates(store: Store, include_review: bool = False) -> MergeOutcome:
    """Find duplicates and merge them into the store in memory; `store.save()` writes them."""
    result = find_duplicates(store)
    plan = plan_merge(store, result.clusters, include_review)
    apply_merge(store, plan)
    return MergeOutcome(result, plan)
