"""Plain text: `path:line: severity [rule] message`, coloured only on a terminal."""

from __future__ import annotations

from citekit.model import Severity
from citekit.report import Report

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_RESET = "\x1b[0m"


def render(report: Report, color: bool = False) -> str:
    if report.text is not None:
        return report.text
    lines = []
    for f in report.findings:
        where = str(f.location) if f.location else "-"
        sev = f.severity.value
        if color:
            sev = f"{_COLORS[f.severity]}{sev}{_RESET}"
        lines.append(f"{where}: {sev} [{f.rule}] {f.message}")
    s = report.summary
    lines.append(f"{s.get('total', len(report.findings))} finding(s): {s.get('error', 0)} error(s), "
                 f"{s.get('warning', 0)} warning(s), {s.get('info', 0)} info")
    return "\n".join(lines) + "\n"
