"""Markdown: a job summary with counts and a table of findings."""

from __future__ import annotations

from citekit.report import Report

_ICON = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def render(report: Report, color: bool = False) -> str:
    s = report.summary
    counts = (f"**{s.get('total', len(report.findings))}** finding(s): {s.get('error', 0)} error(s), "
              f"{s.get('warning', 0)} warning(s), {s.get('info', 0)} info")
    out = [f"## {report.tool}", "", counts, ""]
    if report.findings:
        out += ["| | rule | where | key | message |", "|---|---|---|---|---|"]
        for f in report.findings:
            out.append(f"| {_ICON[f.severity.value]} | `{f.rule}` | `{_cell(str(f.location or '-'))}` | "
                       f"{_cell(f.key or '')} | {_cell(f.message)} |")
    return "\n".join(out) + "\n"
