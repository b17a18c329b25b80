"""`--fix`: write archived copies into the entries (`archiveurl`, and `urldate` when missing)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from citekit.links.results import LinkReport
from citekit.store import Store

_STAMP = re.compile(r"/web/(\d{4})(\d{2})(\d{2})\d*")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field written into one entry."""

    key: str
    field: str
    value: str


def snapshot_date(archive_url: str) -> str | None:
    """`https://web.archive.org/web/20130504.../x` -> `2013-05-04`."""
    m = _STAMP.search(archive_url)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def _escape(url: str) -> str:
    """A URL as a BibTeX value: `%` and `#` are safe in biblatex's url fields, braces are not."""
    return url.replace("{", "%7B").replace("}", "%7D")


def apply_archive_fixes(store: Store, report: LinkReport) -> list[FieldChange]:
    """Set `archiveurl` (and a missing `urldate`) on entries whose link has an archived copy.

    Only entries without an `archiveurl` are touched, one archived link per entry (the `url` field first).
    Nothing is written to disk: the caller saves the store.
    """
    chosen: dict[str, str] = {}
    for r in sorted(report.results, key=lambda r: r.field != "url"):
        if r.key and r.archive_url and r.key not in chosen:
            chosen[r.key] = r.archive_url
    changes: list[FieldChange] = []
    for key, archive in chosen.items():
        entry = store.find(key)
        if entry is None or entry.broken or "archiveurl" in entry.fields:
            continue
        store.set_field(entry.key or key, "archiveurl", _escape(archive))
        changes.append(FieldChange(key, "archiveurl", archive))
        date = snapshot_date(archive)
        if date and "urldate" not in entry.fields:
            store.set_field(entry.key or key, "urldate", date)
            changes.append(FieldChange(key, "urldate", date))
    return changes
