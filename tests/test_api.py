"""The public Python API: every name in __all__ resolves, and capabilities load only when used."""

from __future__ import annotations

import subprocess
import sys

import citekit
from tests.conftest import REFS


def test_every_public_name_resolves() -> None:
    for name in citekit.__all__:
        assert getattr(citekit, name) is not None


def test_import_is_cheap_until_a_capability_is_used() -> None:
    code = ("import sys, citekit; before = 'requests' in sys.modules; citekit.check_links; "
            "print(before, 'requests' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def test_api_round_trip_over_the_bundled_store() -> None:
    store = citekit.load_store([REFS])
    assert store.sources_for(case="entre-rios").sources[0].key == "ippolito2012"
    assert citekit.find_duplicates(store).clusters == []
    assert "harvard" in citekit.available_styles()
