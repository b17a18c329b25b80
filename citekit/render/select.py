"""Choosing what to format: the whole store, some keys, a case's sources or a manuscript's citations."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from citekit.entry import Entry
from citekit.errors import CitekitError, UnknownKeyError
from citekit.model import Finding, Severity

if TYPE_CHECKING:
    from citekit.render.engine import FormatResult
    from citekit.store import Store


def _unknown(key: str, where: str) -> Finding:
    return Finding("unknown-key", Severity.ERROR, f"{key!r} {where} is not in the store", None, key)


def select_entries(store: Store, keys: Sequence[str] = (), case: str | None = None,
                   cited_in: str | Path | None = None) -> tuple[list[Entry], list[Finding]]:
    """The entries asked for (all when nothing is asked), plus findings for keys not in the store."""
    wanted: list[tuple[str, str]] = [(k, "given with --keys") for k in keys]
    if case is not None:
        from citekit import claims

        result = claims.sources_for(store, case=case)
        wanted += [(s.key, f"(a source of case {case!r})") for s in result.sources]
    if cited_in is not None:
        from citekit import audit

        cites = audit.audit_path(cited_in, store).citations
        wanted += [(c.key, f"(cited in {Path(cited_in).name})") for c in cites if c.key]
    if not keys and case is None and cited_in is None:
        return list(store.entries), []  # broken entries too: formatting reports them
    out: list[Entry] = []
    seen: set[int] = set()
    findings: list[Finding] = []
    for key, where in wanted:
        entry: Entry | None
        try:
            entry = store.get(key)
        except UnknownKeyError:
            entry = store.find(key)
        if entry is None:
            findings.append(_unknown(key, where))
        elif id(entry) not in seen:
            seen.add(id(entry))
            out.append(entry)
    return out, findings


def format_store(store: Store, style: str = "harvard", markup: str = "text", keys: Sequence[str] = (),
                 case: str | None = None, cited_in: str | Path | None = None) -> FormatResult:
    """The reference list of a selection of the store, with findings for what could not be done."""
    from citekit.render.engine import format_entries

    entries, findings = select_entries(store, keys, case, cited_in)
    result = format_entries(store, entries, style, markup)
    result.findings = findings + result.findings
    return result


def export_store(store: Store, to: str, keys: Sequence[str] = ()) -> tuple[str, list[Finding]]:
    """The store (or some keys) as CSL-JSON or BibTeX text."""
    from citekit.render.csljson import dumps, to_csl_items

    entries, findings = select_entries(store, keys)
    entries = [e for e in entries if e.key and not e.broken]
    if to == "csl-json":
        return dumps(to_csl_items(entries, store.entries)), findings
    if to == "bibtex":
        return "".join(e.raw.strip() + "\n\n" for e in entries).rstrip("\n") + "\n", findings
    raise CitekitError(f"unknown export format {to!r}; choose csl-json or bibtex")
