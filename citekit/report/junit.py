"""JUnit XML: one test case per rule, failing with one failure line per finding."""

from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from citekit.model import Finding, Severity
from citekit.report import Report


def render(report: Report, color: bool = False) -> str:
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_rule[f.rule].append(f)
    failing = sum(1 for fs in by_rule.values() if any(f.severity is not Severity.INFO for f in fs))
    suites = ET.Element("testsuites", name=report.tool)
    suite = ET.SubElement(suites, "testsuite", name=report.tool, tests=str(max(len(by_rule), 1)),
                          failures=str(failing), errors="0")
    if not by_rule:
        ET.SubElement(suite, "testcase", classname=report.tool, name="no findings")
    for rule, fs in sorted(by_rule.items()):
        case = ET.SubElement(suite, "testcase", classname=report.tool, name=rule)
        body = "\n".join(f"{f.location or '-'}: {f.severity.value}: {f.message}" for f in fs)
        if any(f.severity is not Severity.INFO for f in fs):
            fail = ET.SubElement(case, "failure", message=f"{len(fs)} finding(s)", type=rule)
            fail.text = body
        else:
            out = ET.SubElement(case, "system-out")
            out.text = body
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
