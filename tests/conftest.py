"""Shared fixtures: paths to the bundled store and to ../shared (skipped when absent)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFS = ROOT / "refs"
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def shared() -> Path:
    """The workplace's ../shared folder; skips the test where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def refs_copy(tmp_path: Path) -> Path:
    """A writable copy of refs/."""
    import shutil

    dest = tmp_path / "refs"
    shutil.copytree(REFS, dest)
    return dest


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a small fixture file and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def norm_text(text: str) -> str:
    """A rendered reference as compared with the oracle: NFC, whitespace collapsed."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text).split())


def read_golden(path: Path) -> list[tuple[str, str]]:
    """(key, reference) pairs of an oracle golden file (`key<TAB>reference` per line), normalised."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(k, norm_text(t)) for k, _, t in (line.partition("\t") for line in lines if line.strip())]


def style_module(name: str) -> ModuleType:
    """A style file of styles/ loaded as a module, for testing its helper functions."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"{name.replace('-', '_')}_style_under_test",
                                                  ROOT / "styles" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _no_csl_downloads(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CSL style name never reaches the internet in tests: the repository is a closed loopback port
    and the style folders are empty (tests of the download set their own server)."""
    empty = tmp_path_factory.mktemp("csl")
    monkeypatch.setenv("CITEKIT_CSL_REPOSITORY", "http://127.0.0.1:9/styles")
    monkeypatch.setenv("CITEKIT_CSL_STYLES", str(empty))
    monkeypatch.setenv("CITEKIT_CACHE_DIR", str(empty / "cache"))
