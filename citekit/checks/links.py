"""Link rules for `citekit check --links`: the same checks as `citekit links`, reported as findings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from citekit.checks import rule
from citekit.links import LinkOptions, check_links
from citekit.links.results import RULE_IDS
from citekit.model import Finding
from citekit.store import Store


@rule(*RULE_IDS, summary="URLs, DOIs and arXiv ids that are broken (error), moved, suspicious or unverifiable",
      network=True)
def dead_links(store: Store, options: dict[str, Any]) -> Iterable[Finding]:
    """`options["link_options"]` (a LinkOptions) when given, else defaults and CITEKIT_* variables."""
    opts = options.get("link_options")
    if not isinstance(opts, LinkOptions):
        opts = LinkOptions.from_env()
    return check_links(store, opts).findings()
