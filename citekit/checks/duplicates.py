"""Rule `duplicate-entry`: the same work entered more than once (the detection behind `citekit dedupe`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from citekit.checks import rule
from citekit.dedupe import find_duplicates
from citekit.dedupe.report import findings
from citekit.model import Finding
from citekit.store import Store


@rule("duplicate-entry", summary="the same work entered twice (error when certain, warning when to review)")
def duplicate_entries(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    yield from findings(find_duplicates(store))
