"""CSL styles by name: fetched once from a (loopback) CSL repository, dependent styles via their parent."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from citekit.cli import main
from citekit.render import render_entries
from citekit.render.style import StyleError
from citekit.store import load_store
from tests.conftest import DATA, REFS

pytest.importorskip("citeproc")

DEPENDENT = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info>
    <title>Journal of Test Diplomacy</title>
    <id>http://www.zotero.org/styles/journal-of-test-diplomacy</id>
    <link href="http://www.zotero.org/styles/citekit-minimal" rel="independent-parent"/>
    <updated>2026-11-28T00:00:00+00:00</updated>
  </info>
</style>
"""


@pytest.fixture
def repo(httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    httpserver.expect_request("/journal-of-test-diplomacy.csl").respond_with_data(DEPENDENT)
    httpserver.expect_request("/citekit-minimal.csl").respond_with_data((DATA / "minimal.csl").read_bytes())
    monkeypatch.setenv("CITEKIT_CSL_REPOSITORY", httpserver.url_for("/"))
    monkeypatch.setenv("CITEKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CITEKIT_CSL_STYLES", str(tmp_path / "none"))
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/Zotero/styles of the machine's user
    return httpserver


def test_a_dependent_style_is_fetched_once_and_rendered_with_its_parent(repo: HTTPServer, tmp_path: Path) -> None:
    store = load_store([REFS])
    picked = [store.get("tavares2016"), store.get("chen2005")]
    out = render_entries(store, picked, "journal-of-test-diplomacy")
    assert [r.key for r in out] == ["chen2005", "tavares2016"]
    assert out[1].text == "Tavares, Rodrigo (2016) Paradiplomacy: Cities and states as global players."
    assert sorted(p.name for p in (tmp_path / "cache" / "csl-styles").iterdir()) == [
        "citekit-minimal.csl", "journal-of-test-diplomacy.csl"]
    served = len(repo.log)
    render_entries(store, picked, "journal-of-test-diplomacy")
    assert len(repo.log) == served  # the second run reads the cache


def test_a_style_in_a_local_folder_is_used_without_the_network(repo: HTTPServer, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    local = tmp_path / "styles"
    local.mkdir()
    (local / "my-minimal.csl").write_bytes((DATA / "minimal.csl").read_bytes())
    monkeypatch.setenv("CITEKIT_CSL_STYLES", str(local))
    store = load_store([REFS])
    out = render_entries(store, [store.get("chen2005")], "my-minimal")
    assert out[0].text.startswith("Chen, Zhimin (2005)")
    assert repo.log == []


def test_an_unknown_name_is_a_clear_error(repo: HTTPServer) -> None:
    repo.expect_request("/harvrd.csl").respond_with_data("Not Found", status=404)
    store = load_store([REFS])
    with pytest.raises(StyleError, match=r"unknown style 'harvrd' \(built-in: .*harvard.*HTTP 404"):
        render_entries(store, store.entries, "harvrd")


def test_format_command_takes_a_csl_repository_name(repo: HTTPServer) -> None:
    repo.expect_request("/no-such-style.csl").respond_with_data("Not Found", status=404)
    res = CliRunner().invoke(main, ["format", str(REFS), "--style", "journal-of-test-diplomacy",
                                    "--keys", "chen2005"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("Chen, Zhimin (2005) Coastal provinces")
    bad = CliRunner().invoke(main, ["format", str(REFS), "--style", "no-such-style"])
    assert bad.exit_code == 2 and "unknown style 'no-such-style'" in bad.output
