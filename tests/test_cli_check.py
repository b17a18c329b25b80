"""`citekit check` run as a user would: CliRunner for each format and option, and a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from citekit.cli import main
from tests.conftest import REFS, ROOT, write

BAD = "@article{a,\n  title={Cities},\n  year={2020}\n}\n@book{A, title={Dup}, year={2001}, author={X, Y}}\n"


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    return write(tmp_path / "bad.bib", BAD)


def run(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    runner = CliRunner()
    if cwd is None:
        result = runner.invoke(main, list(args))
    else:
        old = Path.cwd()
        os.chdir(cwd)
        try:
            result = runner.invoke(main, list(args))
        finally:
            os.chdir(old)
    return result.exit_code, result.output


def test_text_format_and_exit_code(bad: Path) -> None:
    code, out = run("check", str(bad))
    assert code == 1
    assert f"{bad}:5: error [duplicate-key] key 'A' is already used at {bad}:1" in out
    assert f"{bad}:1: warning [missing-field] @article needs 'author'" in out


def test_json_contract(bad: Path) -> None:
    code, out = run("check", str(bad), "--format", "json")
    doc = json.loads(out)
    assert set(doc) == {"findings", "summary"}
    assert all(set(f) == {"rule", "severity", "message", "path", "line", "key"} for f in doc["findings"])
    assert doc["summary"]["error"] == 1 and code == 1


def test_fail_on_levels(bad: Path) -> None:
    assert run("check", str(bad), "--ignore", "duplicate-key")[0] == 0
    assert run("check", str(bad), "--ignore", "duplicate-key", "--fail-on", "warning")[0] == 1
    assert run("check", str(bad), "--fail-on", "never")[0] == 0


def test_select_and_unknown_rule(bad: Path) -> None:
    code, out = run("check", str(bad), "--select", "duplicate-key", "--format", "json")
    assert {f["rule"] for f in json.loads(out)["findings"]} == {"duplicate-key"}
    code, out = run("check", str(bad), "--select", "no-such-rule")
    assert code == 2 and "unknown rule id" in out


def test_github_sarif_junit_markdown(bad: Path, tmp_path: Path) -> None:
    _, out = run("check", str(bad), "--format", "github")
    assert f"::error file={bad},line=5,title=duplicate-key::key 'A' is already used at {bad}" in out
    code, _ = run("check", "bad.bib", "--format", "sarif", "-o", "out.sarif", cwd=tmp_path)
    assert code == 1
    sarif = json.loads((tmp_path / "out.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    loc = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "bad.bib" and loc["region"]["startLine"] >= 1
    _, out = run("check", str(bad), "--format", "junit")
    suite = ET.fromstring(out.split("\n", 1)[1]).find("testsuite")
    assert suite is not None and suite.get("failures") == "2"
    _, out = run("check", str(bad), "--format", "markdown")
    assert out.startswith("## citekit check") and "| ❌ | `duplicate-key` |" in out


def test_missing_path_exits_2(tmp_path: Path) -> None:
    code, out = run("check", str(tmp_path / "nope.bib"))
    assert code == 2 and "nope.bib: no such file or folder" in out


def test_config_from_pyproject_and_environment(bad: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.citekit]\nstore = "bad.bib"\n[tool.citekit.check]\nignore = ["duplicate-key"]\n')
    assert run("check", cwd=tmp_path)[0] == 0  # store and ignore come from pyproject.toml
    monkeypatch.setenv("CITEKIT_FAIL_ON", "warning")
    assert run("check", cwd=tmp_path)[0] == 1  # the environment beats pyproject.toml
    assert run("check", "--fail-on", "error", cwd=tmp_path)[0] == 0  # flags beat the environment


def test_bad_config_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.citekit\n")
    assert run("check", cwd=tmp_path)[0] == 2


def test_every_command_has_help_and_is_documented() -> None:
    readme = (ROOT / "README.md").read_text()
    for name, cmd in main.commands.items():
        code, out = run(name, "--help")
        assert code == 0 and "Usage:" in out and (cmd.help or "").strip()
        assert f"citekit {name}" in readme, f"README does not document `citekit {name}`"


def test_real_subprocess_on_bundled_store() -> None:
    proc = subprocess.run([sys.executable, "-m", "citekit", "check", str(REFS), "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["error"] == 0
    version = subprocess.run([sys.executable, "-m", "citekit", "--version"], capture_output=True, text=True,
                             check=True)
    assert version.stdout.startswith("citekit, version ")
