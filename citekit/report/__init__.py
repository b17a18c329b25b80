"""Reporters: one module per output format, one function each, chosen by name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from citekit.model import Finding

FORMATS = ("text", "json", "github", "sarif", "junit", "markdown")


@dataclass
class Report:
    """What a command found: findings for every format, plus the command's own JSON body.

    `payload`, when set, is what `--format json` prints (each command's JSON contract);
    otherwise JSON is `{"findings": [...], "summary": {...}}`.
    """

    tool: str
    findings: list[Finding]
    summary: dict[str, Any] = field(default_factory=dict)
    payload: dict[str, Any] | None = None
    text: str | None = None  # a command's own text rendering, used instead of the findings list


def summarize(findings: list[Finding]) -> dict[str, Any]:
    """Counts by severity and by rule."""
    by_sev = Counter(f.severity.value for f in findings)
    return {
        "total": len(findings),
        "error": by_sev.get("error", 0),
        "warning": by_sev.get("warning", 0),
        "info": by_sev.get("info", 0),
        "by_rule": dict(sorted(Counter(f.rule for f in findings).items())),
    }


def _renderer(fmt: str) -> Callable[[Report, bool], str]:
    from citekit.report import github, json_format, junit, markdown, sarif, text

    table: dict[str, Callable[[Report, bool], str]] = {
        "text": text.render,
        "json": json_format.render,
        "github": github.render,
        "sarif": sarif.render,
        "junit": junit.render,
        "markdown": markdown.render,
    }
    if fmt not in table:
        raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")
    return table[fmt]


def render(report: Report, fmt: str, color: bool = False) -> str:
    """Render a report in one of FORMATS."""
    if not report.summary:
        report.summary = summarize(report.findings)
    return _renderer(fmt)(report, color)
