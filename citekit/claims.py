"""Cases and claims: loading refs/cases.toml and refs/claims.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from citekit.model import Case, Claim, Evidence, Finding, Location, Severity

_TOML_LINE = re.compile(r"at line (\d+)(?:, column (\d+))?")


def _read_toml(path: Path, findings: list[Finding]) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        findings.append(Finding("parse-error", Severity.ERROR, f"cannot read: {exc}", Location(str(path))))
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        line = int(m.group(1)) if m else None
        col = int(m.group(2)) if m and m.group(2) else None
        findings.append(Finding("parse-error", Severity.ERROR, f"malformed TOML: {exc}",
                                Location(str(path), line, col)))
        return None


def _table_lines(text: str, header: str) -> list[int]:
    """1-based line of each `[[header]]` table, in order."""
    pat = re.compile(r"^\s*\[\[\s*" + re.escape(header) + r"\s*\]\]", re.MULTILINE)
    return [text.count("\n", 0, m.start()) + 1 for m in pat.finditer(text)]


def _strs(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()


def _evidence(items: object) -> tuple[Evidence, ...]:
    out = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            out.append(Evidence(item))
        elif isinstance(item, dict) and "key" in item:
            out.append(Evidence(str(item["key"]), str(item.get("locator", "")), str(item.get("quote", ""))))
    return tuple(out)


def load_cases(path: Path, findings: list[Finding]) -> list[Case]:
    data = _read_toml(path, findings)
    if data is None:
        return []
    lines = _table_lines(path.read_text(encoding="utf-8-sig"), "case")
    out = []
    for i, row in enumerate(data.get("case", [])):
        loc = Location(str(path), lines[i] if i < len(lines) else None)
        if not isinstance(row, dict) or "id" not in row:
            findings.append(Finding("invalid-case", Severity.ERROR, "case without an id", loc))
            continue
        out.append(Case(id=str(row["id"]), name=str(row.get("name", row["id"])), kind=str(row.get("kind", "")),
                        country=str(row.get("country", "")), aliases=_strs(row.get("aliases")),
                        partners=_strs(row.get("partners")), location=loc))
    return out


def load_claims(path: Path, findings: list[Finding]) -> list[Claim]:
    data = _read_toml(path, findings)
    if data is None:
        return []
    lines = _table_lines(path.read_text(encoding="utf-8-sig"), "claim")
    out = []
    for i, row in enumerate(data.get("claim", [])):
        loc = Location(str(path), lines[i] if i < len(lines) else None)
        if not isinstance(row, dict) or "id" not in row:
            findings.append(Finding("invalid-claim", Severity.ERROR, "claim without an id", loc))
            continue
        extra = {k: v for k, v in row.items() if k not in {"id", "text", "cases", "evidence"}}
        out.append(Claim(id=str(row["id"]), text=str(row.get("text", "")), cases=_strs(row.get("cases")),
                         evidence=_evidence(row.get("evidence")), location=loc, extra=extra))
    return out


def load_folder(folder: Path, findings: list[Finding]) -> tuple[list[Case], list[Claim]]:
    """Cases and claims of a store folder; missing files give empty lists."""
    cases_path, claims_path = folder / "cases.toml", folder / "claims.toml"
    cases = load_cases(cases_path, findings) if cases_path.exists() else []
    claims = load_claims(claims_path, findings) if claims_path.exists() else []
    return cases, claims
