"""JSON: the command's contract body, or findings and summary."""

from __future__ import annotations

import json

from citekit.report import Report


def render(report: Report, color: bool = False) -> str:
    body = report.payload if report.payload is not None else {
        "findings": [f.to_dict() for f in report.findings],
        "summary": report.summary,
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
