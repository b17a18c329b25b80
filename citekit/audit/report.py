"""An audit as Findings (for github, sarif, markdown, junit) and as plain text with line:column."""

from __future__ import annotations

from collections import Counter

from citekit.audit.model import AuditResult, Defect
from citekit.model import Finding, Location


def rule_id(defect_type: str) -> str:
    """Kebab-case rule id of a defect type: year_mismatch -> year-mismatch."""
    return defect_type.replace("_", "-")


def _where(result: AuditResult, d: Defect, path: str) -> Location:
    at = d.span[0] if d.span else d.at
    if at is None:
        return Location(path)
    line, col = result.line_col(at)
    return Location(path, line, col)


def findings(result: AuditResult, path: str | None = None) -> list[Finding]:
    """One Finding per defect, located at line and column of the manuscript."""
    where = path or result.doc
    out = []
    for d in result.defects:
        msg = d.message + (f" ({d.suggestion})" if d.suggestion else "")
        key = d.key or (", ".join(d.keys) if d.keys else None)
        out.append(Finding(rule_id(d.type), d.severity, msg, _where(result, d, where), key))
    return out


def summary(result: AuditResult) -> dict[str, object]:
    """Counts for the report footer and `--format json` consumers of findings."""
    linked = sum(1 for c in result.citations if c.key)
    return {
        "citations": len(result.citations),
        "linked": linked,
        "references": len(result.references),
        "defects": len(result.defects),
        "by_type": dict(sorted(Counter(d.type for d in result.defects).items())),
    }


def render_text(result: AuditResult, path: str | None = None) -> str:
    """`doc:line:col: severity [rule] 'cited text': message -> suggestion`, then a summary line."""
    where = path or result.doc
    lines = []
    for d in result.defects:
        loc = _where(result, d, where)
        cited = ""
        quoted = f"'{result.text[d.span[0] : d.span[1]]}'" if d.span else ""
        if quoted and quoted not in d.message:
            cited = quoted + " "
        hint = f" -> {d.suggestion}" if d.suggestion else ""
        lines.append(f"{loc}: {d.severity.value} [{rule_id(d.type)}] {cited}{d.message}{hint}")
    s = summary(result)
    lines.append(
        f"{s['citations']} citation(s), {s['linked']} linked to the store, {s['references']} reference "
        f"list item(s); {s['defects']} defect(s)"
    )
    return "\n".join(lines) + "\n"
