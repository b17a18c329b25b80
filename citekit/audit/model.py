"""Data of an audit: citations found in a manuscript, defects, reference-list items, the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citekit.model import Severity

# Defect types (DESIGN.md section 5) and the severity each becomes as a Finding.
SEVERITY: dict[str, Severity] = {
    "unresolved_citation": Severity.ERROR,
    "year_mismatch": Severity.ERROR,
    "locator_out_of_range": Severity.ERROR,
    "uncited_reference": Severity.WARNING,
    "duplicate_reference": Severity.WARNING,
    "missing_reference": Severity.WARNING,
    "ambiguous_citation": Severity.WARNING,
    "et_al_misuse": Severity.WARNING,
    "missing_locator_for_quote": Severity.WARNING,
    "name_mismatch": Severity.WARNING,
    "citation_format": Severity.WARNING,
    "secondary_citation": Severity.INFO,
}


@dataclass(slots=True)
class Cite:
    """One cited work as written: names, year, locator; filled in by extraction, then resolution."""

    start: int
    end: int
    text: str
    authors: tuple[str, ...] = ()
    author_text: str = ""
    year: str = ""  # '2016', 'n.d.', 'forthcoming'
    suffix: str = ""  # 'a' of '2016a'
    locator: str | None = None
    et_al: bool = False
    narrative: bool = False
    key_written: str | None = None  # LaTeX / pandoc key
    secondary: bool = False  # the original of an 'as cited in' pair
    acronym: str | None = None  # '[GZFAO]' defined in the citation
    problems: list[str] = field(default_factory=list)  # citation_format messages
    after_quote: bool = False
    # narrative candidates: (start, author text), the longest first
    alternatives: list[tuple[int, str]] = field(default_factory=list)
    # resolution
    key: str | None = None
    candidates: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"span": [self.start, self.end], "text": self.text, "key": self.key, "locator": self.locator}


@dataclass(frozen=True, slots=True)
class Defect:
    """One problem found by the audit; reference defects carry `key`/`keys` instead of a span."""

    type: str
    message: str
    span: tuple[int, int] | None = None
    key: str | None = None
    keys: tuple[str, ...] | None = None
    suggestion: str | None = None
    at: int | None = None  # where it is in the text, for line:column even when `span` is not reported

    @property
    def severity(self) -> Severity:
        return SEVERITY.get(self.type, Severity.WARNING)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        if self.span is not None:
            out["span"] = list(self.span)
            out["key"] = self.key
        elif self.keys is not None:
            out["keys"] = list(self.keys)
        else:
            out["key"] = self.key
        out["message"] = self.message
        if self.suggestion:
            out["suggestion"] = self.suggestion
        return out


@dataclass(frozen=True, slots=True)
class RefItem:
    """One item of the manuscript's own reference list and the store entry it matches."""

    start: int
    end: int
    text: str
    key: str | None = None


@dataclass
class AuditResult:
    """Everything an audit found; `to_dict()` is the JSON contract of `citekit audit`."""

    doc: str
    text: str
    citations: list[Cite]
    defects: list[Defect]
    case_sources: dict[str, list[str]]
    references: list[RefItem] = field(default_factory=list)
    drafts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def cited_keys(self) -> list[str]:
        """Keys of the works cited (and read: originals of secondary citations excluded), first use order."""
        seen: dict[str, None] = {}
        for c in self.citations:
            if c.key and not c.secondary:
                seen.setdefault(c.key, None)
        return list(seen)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a string index."""
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "citations": [c.to_dict() for c in self.citations],
            "defects": [d.to_dict() for d in self.defects],
            "case_sources": self.case_sources,
        }
