"""The rule registry behind `citekit check`: named rules with stable ids, each a function of the Store.

A rule module registers its rules with `@rule(...)` and is listed in RULE_MODULES.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from citekit.model import Finding, Severity
from citekit.store import Store

RuleFn = Callable[[Store, dict[str, Any]], Iterable[Finding]]

# Modules whose import registers rules. Later capabilities add theirs here.
RULE_MODULES: tuple[str, ...] = (
    "citekit.checks.syntax",
    "citekit.checks.duplicates",
    "citekit.checks.fields",
    "citekit.checks.links",
    "citekit.checks.claims",
)


@dataclass(frozen=True)
class Rule:
    """A named check. `ids` lists every rule id it may emit (the first is its name)."""

    ids: tuple[str, ...]
    summary: str
    fn: RuleFn
    network: bool = False


_REGISTRY: list[Rule] = []


def rule(*ids: str, summary: str, network: bool = False) -> Callable[[RuleFn], RuleFn]:
    """Register a rule function emitting the given rule ids."""
    def deco(fn: RuleFn) -> RuleFn:
        _REGISTRY.append(Rule(tuple(ids), summary, fn, network))
        return fn
    return deco


def all_rules() -> list[Rule]:
    """Every registered rule, loading the rule modules on first use."""
    for name in RULE_MODULES:
        importlib.import_module(name)
    return list(_REGISTRY)


def rule_ids() -> list[str]:
    return sorted({i for r in all_rules() for i in r.ids} | {"parse-error", "encoding"})


def _wanted(rule_id: str, select: set[str] | None, ignore: set[str]) -> bool:
    return (not select or rule_id in select) and rule_id not in ignore


def run_checks(store: Store, select: Iterable[str] | None = None, ignore: Iterable[str] = (),
               network: bool = False, options: dict[str, Any] | None = None) -> list[Finding]:
    """Run the rules over a store; returns findings sorted by file and line (load problems included)."""
    sel = set(select) if select else None
    ign = set(ignore)
    opts = options or {}
    findings = [f for f in store.findings if _wanted(f.rule, sel, ign)]
    for r in all_rules():
        if r.network and not network:
            continue
        if not any(_wanted(i, sel, ign) for i in r.ids):
            continue
        findings.extend(f for f in r.fn(store, opts) if _wanted(f.rule, sel, ign))
    return sort_findings(findings)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """File, line, then severity (worst first), then rule."""
    def key(f: Finding) -> tuple[str, int, int, str]:
        loc = f.location
        return (loc.path if loc else "", (loc.line or 0) if loc else 0, -f.severity.rank, f.rule)
    return sorted(findings, key=key)


def at_or_above(findings: Iterable[Finding], threshold: Severity | None) -> bool:
    """True when any finding is at or above the threshold (None: never)."""
    return threshold is not None and any(f.severity.rank >= threshold.rank for f in findings)
