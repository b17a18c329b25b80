"""Shared fixtures: paths to the bundled store and to ../shared (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

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
