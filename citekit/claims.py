"""Cases and claims: loading refs/cases.toml and refs/claims.toml, and the queries over them.

Loading never raises on bad content: malformed TOML is a `parse-error` with its line, a table that
cannot be used is an `invalid-case` / `invalid-claim` finding, and the rest of the file still loads.
The queries (`sources_for`, `match_place`, `case_table`, `claims_for`) live in `citekit.casebook` and are
re-exported here.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citekit.model import Case, Claim, Evidence, Finding, Location, Severity

_TOML_LINE = re.compile(r"at line (\d+)(?:, column (\d+))?")
CASE_FIELDS = ("id", "name", "kind", "country", "aliases", "partners")
CLAIM_FIELDS = ("id", "text", "cases", "evidence")
EVIDENCE_FIELDS = ("key", "locator", "quote")
KINDS = frozenset({"city", "municipality", "province", "state", "region", "country", "network", "forum",
                   "organisation", "organization"})


@dataclass(frozen=True, slots=True)
class _Doc:
    """A TOML file as read: its data, its lines, and the first line of each `[[table]]`."""

    path: Path
    data: dict[str, Any]
    lines: list[str]

    def table_lines(self, header: str) -> list[int]:
        """1-based line of each `[[header]]` table, in order."""
        pat = re.compile(r"^\s*\[\[\s*" + re.escape(header) + r"\s*\]\]")
        return [i + 1 for i, line in enumerate(self.lines) if pat.match(line)]

    def line_of(self, value: str, start: int | None, end: int | None) -> int | None:
        """First line in [start, end) holding `value` as a quoted TOML string; else `start`."""
        if start is None:
            return None
        quoted = (f'"{value}"', f"'{value}'")
        stop = end if end is not None else len(self.lines) + 1
        for n in range(start, min(stop, len(self.lines) + 1)):
            if any(q in self.lines[n - 1] for q in quoted):
                return n
        return start


def _read_toml(path: Path, findings: list[Finding]) -> _Doc | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        findings.append(Finding("parse-error", Severity.ERROR, f"cannot read: {exc}", Location(str(path))))
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        line = int(m.group(1)) if m else None
        col = int(m.group(2)) if m and m.group(2) else None
        findings.append(Finding("parse-error", Severity.ERROR, f"malformed TOML: {exc}",
                                Location(str(path), line, col)))
        return None
    return _Doc(path, data, text.splitlines())


def _strs(value: object) -> tuple[str, ...] | None:
    """A string or a list of strings as a tuple; None when it is something else."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _typos(row: dict[str, Any], known: tuple[str, ...]) -> list[str]:
    """Messages for fields that look like misspellings of known ones ('evidance')."""
    out = []
    for name in row:
        if name in known:
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
        if close:
            out.append(f"unknown field '{name}' (did you mean '{close[0]}'?)")
    return out


def _rows(doc: _Doc, table: str, findings: list[Finding], rule: str) -> list[tuple[dict[str, Any], Location,
                                                                                   int | None]]:
    """Each `[[table]]` with its location and the line where the next table starts."""
    raw = doc.data.get(table, [])
    lines = doc.table_lines(table)
    if not isinstance(raw, list):
        findings.append(Finding(rule, Severity.ERROR, f"'{table}' must be an array of tables ([[{table}]])",
                                Location(str(doc.path), 1)))
        return []
    out = []
    for i, row in enumerate(raw):
        loc = Location(str(doc.path), lines[i] if i < len(lines) else None)
        end = lines[i + 1] if i + 1 < len(lines) else None
        if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not row["id"].strip():
            findings.append(Finding(rule, Severity.ERROR, f"{table} without an id (a non-empty string)", loc))
            continue
        out.append((row, loc, end))
    return out


def _list_field(row: dict[str, Any], name: str, loc: Location, rule: str,
                findings: list[Finding]) -> tuple[str, ...]:
    value = _strs(row.get(name, []))
    if value is None:
        findings.append(Finding(rule, Severity.ERROR, f"'{name}' must be a string or a list of strings",
                                loc, row["id"]))
        return ()
    return value


def _case(row: dict[str, Any], loc: Location, findings: list[Finding]) -> Case:
    for msg in _typos(row, CASE_FIELDS):
        findings.append(Finding("invalid-case", Severity.WARNING, msg, loc, row["id"]))
    kind = str(row.get("kind", ""))
    if kind and kind not in KINDS:
        findings.append(Finding("invalid-case", Severity.WARNING,
                                f"kind '{kind}' is not one of {', '.join(sorted(KINDS))}", loc, row["id"]))
    return Case(id=row["id"], name=str(row.get("name", row["id"])), kind=kind, country=str(row.get("country", "")),
                aliases=_list_field(row, "aliases", loc, "invalid-case", findings),
                partners=_list_field(row, "partners", loc, "invalid-case", findings), location=loc)


def load_cases(path: Path, findings: list[Finding]) -> list[Case]:
    """The `[[case]]` tables of a cases.toml; problems become findings."""
    doc = _read_toml(path, findings)
    if doc is None:
        return []
    return [_case(row, loc, findings) for row, loc, _ in _rows(doc, "case", findings, "invalid-case")]


def _evidence(doc: _Doc, row: dict[str, Any], loc: Location, end: int | None,
              findings: list[Finding]) -> tuple[Evidence, ...]:
    items = row.get("evidence", [])
    if isinstance(items, (str, dict)):
        items = [items]
    if not isinstance(items, list):
        findings.append(Finding("invalid-claim", Severity.ERROR, "'evidence' must be a list", loc, row["id"]))
        return ()
    out = []
    for item in items:
        if isinstance(item, str):
            item = {"key": item}
        if not isinstance(item, dict) or not isinstance(item.get("key"), str) or not item["key"].strip():
            findings.append(Finding("invalid-claim", Severity.ERROR,
                                    "evidence without a key (write { key = \"...\", locator = \"...\" })",
                                    loc, row["id"]))
            continue
        for msg in _typos(item, EVIDENCE_FIELDS):
            findings.append(Finding("invalid-claim", Severity.WARNING, f"evidence: {msg}", loc, row["id"]))
        key = item["key"].strip()
        where = Location(loc.path, doc.line_of(key, loc.line, end))
        out.append(Evidence(key, str(item.get("locator", "")).strip(), str(item.get("quote", "")), where))
    return tuple(out)


def _claim(doc: _Doc, row: dict[str, Any], loc: Location, end: int | None, findings: list[Finding]) -> Claim:
    text = row.get("text", "")
    if not isinstance(text, str) or not text.strip():
        findings.append(Finding("invalid-claim", Severity.ERROR, "claim without a text", loc, row["id"]))
        text = ""
    for msg in _typos(row, CLAIM_FIELDS):
        findings.append(Finding("invalid-claim", Severity.WARNING, msg, loc, row["id"]))
    extra = {k: v for k, v in row.items() if k not in CLAIM_FIELDS}
    return Claim(id=row["id"], text=" ".join(text.split()),
                 cases=_list_field(row, "cases", loc, "invalid-claim", findings),
                 evidence=_evidence(doc, row, loc, end, findings), location=loc, extra=extra)


def load_claims(path: Path, findings: list[Finding]) -> list[Claim]:
    """The `[[claim]]` tables of a claims.toml; problems become findings."""
    doc = _read_toml(path, findings)
    if doc is None:
        return []
    return [_claim(doc, row, loc, end, findings) for row, loc, end in _rows(doc, "claim", findings, "invalid-claim")]


def load_folder(folder: Path, findings: list[Finding]) -> tuple[list[Case], list[Claim]]:
    """Cases and claims of a store folder; missing files give empty lists."""
    cases_path, claims_path = folder / "cases.toml", folder / "claims.toml"
    cases = load_cases(cases_path, findings) if cases_path.exists() else []
    claims = load_claims(claims_path, findings) if claims_path.exists() else []
    return cases, claims


# The query API, re-exported here (casebook never imports this module, so there is no cycle).
from citekit.casebook import (
    CaseRow,
    CitedClaim,
    Source,
    SourcesResult,
    UnknownIdError,
    case_table,
    claims_for,
    match_place,
    sources_for,
)

__all__ = [
    "CaseRow", "CitedClaim", "Source", "SourcesResult", "UnknownIdError", "case_table", "claims_for",
    "load_cases", "load_claims", "load_folder", "match_place", "sources_for",
]
