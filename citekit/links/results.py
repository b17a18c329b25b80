"""What a link check returns: one result per link occurrence, a summary, findings for the reporters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from citekit.links.verdict import Verdict
from citekit.model import Finding, Location, Severity
from citekit.report import Report, summarize

RULES = {Verdict.BROKEN: "dead-link", Verdict.MOVED: "moved-link", Verdict.SUSPICIOUS: "suspicious-link",
         Verdict.TIMEOUT: "unverified-link", Verdict.RATE_LIMITED: "unverified-link",
         Verdict.BLOCKED: "unverified-link", Verdict.RESTRICTED: "unverified-link"}
RULE_IDS = ("dead-link", "moved-link", "suspicious-link", "unverified-link")
DEFAULT_FAIL_ON = frozenset({Verdict.BROKEN})


@dataclass(frozen=True, slots=True)
class LinkResult:
    """One link of one entry and what its check found (the JSON contract's `results` item)."""

    key: str | None
    field: str
    path: str
    line: int | None
    url: str
    verdict: Verdict
    status: int | None
    final_url: str | None
    archive_url: str | None
    from_cache: bool
    detail: str = ""
    confirmed: bool = True  # False while a failure has not yet met the "dead after N runs" rule

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "field": self.field, "path": self.path, "line": self.line, "url": self.url,
                "verdict": self.verdict.value, "status": self.status, "final_url": self.final_url,
                "archive_url": self.archive_url, "from_cache": self.from_cache}

    def message(self) -> str:
        parts = [f"{self.verdict.value}: {self.url}"]
        why = [self.detail] if self.detail else []
        if self.status and f"HTTP {self.status}" not in self.detail:
            why.append(f"HTTP {self.status}")
        if why:
            parts.append(f"({'; '.join(why)})")
        if self.final_url and self.final_url != self.url and self.verdict is not Verdict.ALIVE:
            parts.append(f"-> {self.final_url}")
        if self.archive_url:
            parts.append(f"archived copy: {self.archive_url}")
        if not self.confirmed:
            parts.append("(not yet confirmed dead)")
        return " ".join(parts)


@dataclass
class LinkReport:
    """Every result in store order, plus counts (`requests`, `from_cache`, per verdict...)."""

    results: list[LinkResult]
    stats: dict[str, Any] = field(default_factory=dict)

    def failing(self, fail_on: Iterable[Verdict] = DEFAULT_FAIL_ON) -> list[LinkResult]:
        """Results whose verdict is in `fail_on` (an unconfirmed failure does not count)."""
        wanted = set(fail_on)
        return [r for r in self.results if r.verdict in wanted and r.confirmed]

    def summary(self) -> dict[str, Any]:
        counts = Counter(r.verdict.value for r in self.results)
        out: dict[str, Any] = {"total": len(self.results)}
        out.update({v.value: counts.get(v.value, 0) for v in Verdict})
        out.update(self.stats)
        unconfirmed = [r.url for r in self.results if not r.confirmed]
        if unconfirmed:
            out["unconfirmed"] = sorted(set(unconfirmed))
        return out

    def payload(self) -> dict[str, Any]:
        """The `citekit links --format json` body."""
        return {"results": [r.to_dict() for r in self.results], "summary": self.summary()}

    def findings(self, fail_on: Iterable[Verdict] = DEFAULT_FAIL_ON) -> list[Finding]:
        """Findings for every link that is not plainly alive or excluded."""
        wanted = set(fail_on)
        out = []
        for r in self.results:
            rule = RULES.get(r.verdict)
            if rule is None:
                continue
            if r.verdict in wanted and r.confirmed:
                sev = Severity.ERROR
            elif r.verdict in (Verdict.BROKEN, Verdict.MOVED, Verdict.SUSPICIOUS):
                sev = Severity.WARNING
            else:
                sev = Severity.INFO
            out.append(Finding(rule, sev, r.message(), Location(r.path, r.line), r.key))
        return out

    def to_report(self, fail_on: Iterable[Verdict] = DEFAULT_FAIL_ON) -> Report:
        """For the reporters: findings (with their severity counts) plus the JSON body and the text."""
        findings = self.findings(fail_on)
        return Report("citekit links", findings, summarize(findings), payload=self.payload(), text=self.text())

    def text(self) -> str:
        """Plain-text report: one line per link that needs a look, then the counts."""
        lines = [f"{r.path}:{r.line or '?'}: {r.key or '(no key)'} [{r.field}] {r.message()}"
                 + (" (cached)" if r.from_cache else "")
                 for r in self.results if r.verdict not in (Verdict.ALIVE,)]
        s = self.summary()
        counts = ", ".join(f"{s[v.value]} {v.value}" for v in Verdict if s[v.value])
        lines.append(f"{s['total']} link(s): {counts or 'none'}; {s.get('requests', 0)} request(s), "
                     f"{s.get('from_cache', 0)} from cache")
        return "\n".join(lines) + "\n"
