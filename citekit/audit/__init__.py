"""`citekit audit`: find a manuscript's in-text citations, resolve them against the store, report defects.

result = audit_path("post.md", store)
result.to_dict()      # the JSON contract of DESIGN.md section 5
result.cited_keys     # keys of the works cited, in order of first citation
"""

from __future__ import annotations

from pathlib import Path

from citekit.audit.defects import citation_defects, reference_defects
from citekit.audit.extract import extract_pandoc, extract_prose, extract_tex
from citekit.audit.link import link_all
from citekit.audit.model import AuditResult, Cite, Defect, RefItem
from citekit.audit.places import case_sources, draft_claims
from citekit.audit.reflist import reference_items
from citekit.audit.resolve import Resolver
from citekit.errors import CitekitError
from citekit.store import Store
from citekit.textio import decode_bytes

__all__ = ["AuditResult", "Cite", "Defect", "RefItem", "audit_path", "audit_text", "guess_format"]


def guess_format(doc: str) -> str:
    """'tex', 'md' or 'txt' from a file name."""
    suffix = Path(doc).suffix.lower()
    return (
        "tex"
        if suffix in {".tex", ".ltx"}
        else "md"
        if suffix in {".md", ".markdown", ".qmd", ".rmd"}
        else "txt"
    )


def _extract(text: str, fmt: str, limit: int | None) -> list[Cite]:
    if fmt == "tex":
        cites = extract_tex(text[:limit] if limit is not None else text)
    elif fmt == "md":
        keyed = extract_pandoc(text, limit)
        prose = [
            c
            for c in extract_prose(text, limit)
            if not any(k.start <= c.start < k.end or c.start <= k.start < c.end for k in keyed)
        ]
        cites = sorted(keyed + prose, key=lambda c: c.start)
    else:
        cites = extract_prose(text, limit)
    return cites


def audit_text(text: str, store: Store, doc: str = "manuscript.txt", fmt: str | None = None) -> AuditResult:
    """Audit a manuscript's text against the store."""
    fmt = fmt or guess_format(doc)
    resolver = Resolver(store, text)
    limit, items = reference_items(text, resolver, fmt)
    linked = link_all(_extract(text, fmt, limit), resolver, store.cases)
    defects = [d for lk in linked for d in citation_defects(lk, text)]
    if items:
        defects.extend(reference_defects(linked, items, text))
    defects.sort(key=lambda d: d.span[0] if d.span else d.at if d.at is not None else len(text))
    cites = [lk.cite for lk in linked]
    end = len(text) if limit is None else limit
    return AuditResult(
        doc=doc,
        text=text,
        citations=cites,
        defects=defects,
        case_sources=case_sources(text, end, store.cases, cites),
        references=items,
        drafts=draft_claims(text, end, store.cases, cites, doc),
    )


def audit_path(path: str | Path, store: Store) -> AuditResult:
    """Read a manuscript (any common encoding) and audit it; CitekitError when it cannot be read.

    Spans index the text as Python's `open()` reads it: universal newlines, so CRLF counts as one character.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise CitekitError(f"cannot read manuscript: {exc.strerror}", str(p)) from exc
    text = decode_bytes(data).text.replace("\r\n", "\n").replace("\r", "\n")  # as open() reads it
    return audit_text(text, store, doc=p.name)
