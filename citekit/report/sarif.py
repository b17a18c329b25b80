"""SARIF 2.1.0 with repository-relative paths (relative to the working directory)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from citekit import __version__
from citekit.model import Severity
from citekit.report import Report

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _relative(path: str) -> str:
    p = Path(path)
    try:
        rel = os.path.relpath(p.resolve(), Path.cwd().resolve()) if p.is_absolute() else str(p)
    except ValueError:
        rel = str(p)
    return Path(rel).as_posix()


def _result(f: Any) -> dict[str, Any]:
    res: dict[str, Any] = {"ruleId": f.rule, "level": _LEVEL[f.severity], "message": {"text": f.message}}
    if f.location:
        region = {"startLine": f.location.line} if f.location.line else {}
        if f.location.column and region:
            region["startColumn"] = f.location.column
        phys: dict[str, Any] = {"artifactLocation": {"uri": _relative(f.location.path), "uriBaseId": "%SRCROOT%"}}
        if region:
            phys["region"] = region
        res["locations"] = [{"physicalLocation": phys}]
    if f.key:
        res["properties"] = {"key": f.key}
    return res


def render(report: Report, color: bool = False) -> str:
    rules = sorted({f.rule for f in report.findings})
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "citekit", "version": __version__,
                                "informationUri": "https://pypi.org/project/citekit/",
                                "rules": [{"id": r, "name": r} for r in rules]}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
            "results": [_result(f) for f in report.findings],
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
