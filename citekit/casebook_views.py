"""Text and Markdown views of casebook answers (JSON comes from their `to_dict`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from citekit.casebook import CaseRow, SourcesResult, claim_dict, is_supported
from citekit.model import Claim

if TYPE_CHECKING:
    from citekit.store import Store

_NUMERIC = re.compile(r"^\d+$")
_NUMERIC_RANGE = re.compile(r"^\d+\s*(?:-{1,3}|–)\s*\d+$")


def show_locator(locator: str) -> str:
    """'53' -> 'p. 53', '187-208' -> 'pp. 187–208'; anything else as written."""
    s = locator.strip()
    if _NUMERIC.match(s):
        return f"p. {s}"
    if _NUMERIC_RANGE.match(s):
        return "pp. " + re.sub(r"\s*(?:-{1,3}|–)\s*", "–", s)
    return s


def describe(result: SourcesResult) -> str:
    """The query in words: 'case entre-rios (Entre Ríos)', "place 'Jilin' (Jilin, Entre Ríos)"."""
    q = result.query
    names = ", ".join(c.name for c in result.cases)
    if "case" in q:
        return f"case {q['case']} ({names})"
    if "place" in q:
        return f"place '{q['place']}' ({names or 'no case matches'})"
    if "claim" in q:
        return f"claim {q['claim']}"
    if "key" in q:
        return f"key {q['key']}"
    return "every claim"


def _counts(result: SourcesResult) -> str:
    return (f"{len(result.sources)} source(s), {len(result.claims)} claim(s), "
            f"{len(result.unsupported_claims)} unsupported")


def _claim_line(cid: str, text: str, locator: str = "") -> str:
    where = f" ({show_locator(locator)})" if locator else ""
    return f"{cid}{where}: {text}"


def sources_text(result: SourcesResult) -> str:
    """Plain text: each reference with the claims it supports, then the unsupported claims."""
    out = [f"Sources for {describe(result)}: {_counts(result)}", ""]
    for src in result.sources:
        out.append(f"{src.reference}  [{src.key}]")
        out.extend(f"  - {_claim_line(c.id, c.text, c.locator)}" for c in src.claims)
        out.append("")
    if not result.sources:
        out += ["No source in the store supports these claims.", ""]
    if result.unsupported_claims:
        out.append("Unsupported claims (no source in the store):")
        out.extend(f"  - {_claim_line(c.id, c.text)}" for c in result.unsupported_claims)
        out.append("")
    return "\n".join(out)


def _md(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)


def sources_markdown(result: SourcesResult) -> str:
    """Markdown: a reading list to paste, each reference with the claims it supports and their pages."""
    out = [f"## Sources for {_md(describe(result))}", ""]
    for src in result.sources:
        out.append(f"- {src.reference}")
        for c in src.claims:
            where = f"{show_locator(c.locator)}: " if c.locator else ""
            out.append(f"  - {where}{_md(c.text)} (`{c.id}`)")
    if not result.sources:
        out.append("_No source in the store supports these claims._")
    if result.unsupported_claims:
        out += ["", "### Unsupported claims", ""]
        out.extend(f"- {_md(c.text)} (`{c.id}`)" for c in result.unsupported_claims)
    return "\n".join(out) + "\n"


_CASE_COLUMNS = ("id", "name", "kind", "country", "claims", "supported", "sources")


def _case_cells(row: CaseRow) -> list[str]:
    c = row.case
    return [c.id, c.name, c.kind, c.country or "-", str(row.claims), str(row.supported), str(len(row.sources))]


def cases_text(rows: Sequence[CaseRow]) -> str:
    """An aligned table of cases with their counts of claims, supported claims and sources."""
    table = [list(_CASE_COLUMNS)] + [_case_cells(r) for r in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(_CASE_COLUMNS))]
    numeric = {4, 5, 6}
    lines = ["  ".join(cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
                       for i, cell in enumerate(r)).rstrip() for r in table]
    unsupported = sum(1 for r in rows if r.supported == 0)
    lines.append(f"{len(rows)} case(s), {unsupported} with no supported claim")
    return "\n".join(lines) + "\n"


def cases_markdown(rows: Sequence[CaseRow]) -> str:
    out = ["| " + " | ".join(_CASE_COLUMNS) + " |", "|" + "---|" * 4 + "---:|" * 3]
    out.extend("| " + " | ".join(_md(c) for c in _case_cells(r)) + " |" for r in rows)
    return "\n".join(out) + "\n"


def cases_json(rows: Sequence[CaseRow]) -> dict[str, Any]:
    return {"cases": [r.to_dict() for r in rows]}


def _evidence(claim: Claim) -> str:
    return "; ".join(f"{e.key} {show_locator(e.locator)}".strip() for e in claim.evidence) or "no evidence"


def claims_text(store: Store, claims: Sequence[Claim]) -> str:
    """Each claim: id, status, cases and evidence, then its text indented."""
    out = []
    for c in claims:
        status = "supported" if is_supported(store, c) else "UNSUPPORTED"
        cases = f" [{', '.join(c.cases)}]" if c.cases else ""
        out += [f"{c.id}: {status}{cases}: {_evidence(c)}", f"    {c.text}"]
    unsupported = sum(1 for c in claims if not is_supported(store, c))
    out.append(f"{len(claims)} claim(s), {unsupported} unsupported")
    return "\n".join(out) + "\n"


def claims_markdown(store: Store, claims: Sequence[Claim]) -> str:
    out = ["| id | claim | cases | evidence |", "|---|---|---|---|"]
    for c in claims:
        ev = _md(_evidence(c))
        ev = ev if is_supported(store, c) else f"**unsupported** ({ev})"
        out.append(f"| `{c.id}` | {_md(c.text)} | {', '.join(c.cases)} | {ev} |")
    return "\n".join(out) + "\n"


def claims_json(store: Store, claims: Sequence[Claim]) -> dict[str, Any]:
    return {"claims": [claim_dict(c) | {"supported": is_supported(store, c)} for c in claims]}
