"""citekit: a BibTeX store for city-diplomacy research."""

from __future__ import annotations

__version__ = "0.1.0"

from citekit.entry import Entry
from citekit.errors import CitekitError, ConfigError, StoreError, UnknownKeyError
from citekit.model import Case, Claim, Evidence, Finding, Location, Name, Severity
from citekit.store import Store, load_store

__all__ = [
    "Case", "CitekitError", "Claim", "ConfigError", "Entry", "Evidence", "Finding", "Location", "Name",
    "Severity", "Store", "StoreError", "UnknownKeyError", "__version__", "load_store",
]
