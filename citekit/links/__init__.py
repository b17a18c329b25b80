"""Link checking: every URL, DOI and arXiv id of the store, checked politely; archived copies offered."""

from __future__ import annotations

from citekit.links.extract import LinkRef, extract_links
from citekit.links.fix import apply_archive_fixes
from citekit.links.options import LinkOptions
from citekit.links.results import LinkReport, LinkResult
from citekit.links.run import check_links
from citekit.links.verdict import Outcome, Verdict

__all__ = ["LinkOptions", "LinkRef", "LinkReport", "LinkResult", "Outcome", "Verdict", "apply_archive_fixes",
           "check_links", "extract_links"]
