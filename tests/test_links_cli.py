"""`citekit links` through click's CliRunner (and once as a real subprocess), against loopback servers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, write
from linkserver import LinkServers, servers  # noqa: F401  (fixture)

from citekit.cli import main

RESULT_KEYS = ["key", "field", "path", "line", "url", "verdict", "status", "final_url", "archive_url", "from_cache"]


def env(s: LinkServers, tmp_path: Path) -> dict[str, str]:
    return {"CITEKIT_ALLOW_PRIVATE": "1", "CITEKIT_CACHE_DIR": str(tmp_path / "cache"),
            "CITEKIT_DOI_API": s.url("/doi-api/", 2), "CITEKIT_ARCHIVE_API": s.url("/wayback/available", 2)}


def store(s: LinkServers, tmp_path: Path, dead: str = "/status/404?cli") -> Path:
    return write(tmp_path / "refs" / "library.bib", f"""% links
@report{{alive2016,
  title = {{Alive}},
  url = {{{s.url('/ok/cli')}}},
}}

@report{{dead2015,
  title = {{Dead}},
  url = {{{s.url(dead, 1)}}},
}}
""")


def run(args: list[str], environ: dict[str, str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, env=environ)
    return result.exit_code, result.stdout, result.stderr


FAST = ["--timeout", "2", "--retries", "0"]


def test_json_contract_and_exit_code(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    path = store(servers, tmp_path)
    code, out, err = run(["links", str(path), "--format", "json", *FAST], env(servers, tmp_path))
    assert code == 1, err
    body = json.loads(out)
    assert list(body) == ["results", "summary"]
    assert [list(r) for r in body["results"]] == [RESULT_KEYS, RESULT_KEYS]
    alive, dead = body["results"]
    assert (alive["key"], alive["verdict"], alive["status"], alive["line"]) == ("alive2016", "alive", 200, 4)
    assert (dead["verdict"], dead["status"], dead["from_cache"]) == ("broken", 404, False)
    assert body["summary"]["broken"] == 1 and body["summary"]["alive"] == 1
    assert "checking links" not in err  # no progress bar when stderr is not a terminal


def test_fail_on_choices(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    path = store(servers, tmp_path)
    e = env(servers, tmp_path)
    assert run(["links", str(path), "--fail-on", "never", *FAST], e)[0] == 0
    assert run(["links", str(path), "--fail-on", "timeout,blocked", *FAST], e)[0] == 0
    code, _out, err = run(["links", str(path), "--fail-on", "dead", *FAST], e)
    assert code == 2 and "rate-limited" in err


def test_text_and_github_reports(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    path = store(servers, tmp_path)
    code, out, _ = run(["links", str(path), *FAST], env(servers, tmp_path))
    assert code == 1
    assert f"{path}:9: dead2015 [url] broken: {servers.url('/status/404?cli', 1)}" in out
    assert "2 link(s): 1 alive, 1 broken" in out
    code, out, _ = run(["links", str(path), "--format", "github", *FAST], env(servers, tmp_path))
    assert out.startswith(f"::error file={path},line=9,title=dead-link::broken:")


def test_sarif_report_to_file(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    path = store(servers, tmp_path)
    target = tmp_path / "links.sarif"
    code, out, _ = run(["links", str(path), "--format", "sarif", "-o", str(target), *FAST], env(servers, tmp_path))
    assert code == 1 and out == ""
    sarif = json.loads(target.read_text())
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "dead-link"


def test_fix_needs_a_target(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    code, _out, err = run(["links", str(store(servers, tmp_path)), "--fix"], env(servers, tmp_path))
    assert code == 2 and "--in-place" in err


def test_fix_in_place_writes_archive_only_into_dead_entry(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    path = store(servers, tmp_path, dead="/status/410?fixcli")
    servers.scenario.snapshots[servers.url("/status/410?fixcli", 1)] = [("20150101000000", True)]
    before = path.read_text()
    code, _out, err = run(["links", str(path), "--fix", "--in-place", *FAST], env(servers, tmp_path))
    assert code == 1, err
    after = path.read_text()
    assert after.startswith(before[: before.index("@report{dead2015")])  # the alive entry is byte-identical
    assert "archiveurl = {" + servers.url("/web/20150101000000/", 2) in after
    assert "urldate = {2015-01-01}" in after


def test_fix_to_output_file_leaves_source(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    path = store(servers, tmp_path, dead="/status/410?fixout")
    servers.scenario.snapshots[servers.url("/status/410?fixout", 1)] = [("20150101000000", True)]
    before = path.read_text()
    target = tmp_path / "fixed.bib"
    code, out, _ = run(["links", str(path), "--fix", "-o", str(target), "--format", "json", *FAST],
                       env(servers, tmp_path))
    assert code == 1 and path.read_text() == before
    assert "archiveurl" in target.read_text()
    assert json.loads(out)["results"][1]["archive_url"].startswith(servers.url("/web/", 2))


def test_env_and_flags_for_private_addresses(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    path = store(servers, tmp_path)
    e = env(servers, tmp_path)
    del e["CITEKIT_ALLOW_PRIVATE"]
    code, out, _ = run(["links", str(path), "--format", "json", "--no-cache"], e)
    assert code == 0
    assert {r["verdict"] for r in json.loads(out)["results"]} == {"excluded"}
    code, out, _ = run(["links", str(path), "--format", "json", "--no-cache", "--allow-private", *FAST], e)
    assert code == 1


def test_check_links_joins_check(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    path = store(servers, tmp_path)
    code, out, _ = run(["check", str(path), "--links", "--select", "dead-link", "--format", "json"],
                       env(servers, tmp_path))
    assert code == 1
    [finding] = json.loads(out)["findings"]
    assert (finding["rule"], finding["severity"], finding["line"]) == ("dead-link", "error", 9)
    code, out, _ = run(["check", str(path), "--select", "dead-link", "--format", "json"], env(servers, tmp_path))
    assert json.loads(out)["findings"] == []  # no network without --links


def test_bad_store_path_exits_2(tmp_path: Path) -> None:
    code, _out, err = run(["links", str(tmp_path / "missing.bib")], {})
    assert code == 2 and "missing.bib" in err


@pytest.mark.parametrize("cached", [False, True])
def test_real_subprocess(servers: LinkServers, tmp_path: Path, cached: bool) -> None:  # noqa: F811
    path = store(servers, tmp_path, dead="/status/404?proc")
    environ = {**os.environ, **env(servers, tmp_path)}
    if cached:
        subprocess.run([sys.executable, "-m", "citekit", "links", str(path), *FAST], env=environ,
                       capture_output=True, check=False, cwd=ROOT)
    proc = subprocess.run([sys.executable, "-m", "citekit", "links", str(path), "--format", "json", *FAST],
                          env=environ, capture_output=True, text=True, check=False, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    alive = json.loads(proc.stdout)["results"][0]
    assert (alive["verdict"], alive["from_cache"]) == ("alive", cached)


def test_check_links_rule_ids_and_severities(servers: LinkServers, tmp_path: Path) -> None:  # noqa: F811
    path = write(tmp_path / "rules.bib", f"""@misc{{moved, url = {{{servers.url('/perm/rules')}}}}}
@misc{{soft, url = {{{servers.url('/soft404')}}}}}
@misc{{wall, url = {{{servers.url('/botwall')}}}}}
@misc{{fine, url = {{{servers.url('/ok/rules')}}}}}
""")
    code, out, _ = run(["check", str(path), "--links", "--format", "json", "--select",
                        "dead-link,moved-link,suspicious-link,unverified-link"], env(servers, tmp_path))
    assert code == 0  # nothing broken
    got = [(f["key"], f["rule"], f["severity"]) for f in json.loads(out)["findings"]]
    assert got == [("moved", "moved-link", "warning"), ("soft", "suspicious-link", "warning"),
                   ("wall", "unverified-link", "info")]
