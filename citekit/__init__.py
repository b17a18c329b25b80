"""citekit: a BibTeX store for city-diplomacy research.

The public API. The capabilities (dedupe, links, audit, render, casebook) are imported on first use,
so `import citekit` stays cheap for scripts that only read the store.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

from citekit.entry import Entry
from citekit.errors import CitekitError, ConfigError, StoreError, UnknownKeyError
from citekit.model import Case, Claim, Evidence, Finding, Location, Name, Severity
from citekit.store import Store, load_store

_LAZY = {
    "find_duplicates": "citekit.dedupe",
    "check_links": "citekit.links",
    "audit_text": "citekit.audit",
    "audit_path": "citekit.audit",
    "render_entries": "citekit.render",
    "available_styles": "citekit.render",
    "sources_for": "citekit.casebook",
    "run_checks": "citekit.checks",
}

__all__ = [
    "Case", "CitekitError", "Claim", "ConfigError", "Entry", "Evidence", "Finding", "Location", "Name",
    "Severity", "Store", "StoreError", "UnknownKeyError", "__version__", "audit_path", "audit_text",
    "available_styles", "check_links", "find_duplicates", "load_store", "render_entries", "run_checks",
    "sources_for",
]


def __getattr__(name: str) -> Any:
    """Import a capability's entry point on first access (PEP 562)."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'citekit' has no attribute {name!r}")
