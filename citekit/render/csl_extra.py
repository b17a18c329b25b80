"""Any CSL style file through citeproc-py (the optional `citekit[csl]` extra).

citeproc-py implements much less of CSL than citeproc-js (about 60% of the CSL test suite; year
suffixes, punctuation inside quotes and substitute suppression are weak), so the built-in styles
are the ones to use where they exist. Items come from citekit's own CSL-JSON mapping.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from citekit.entry import Entry
from citekit.model import Finding, Location, Severity
from citekit.render.csljson import crossref_parent, to_csl

if TYPE_CHECKING:
    from citekit.render.engine import FormatResult

_FORMATTERS = {"text": "plain", "html": "html", "rst": "rst"}


def format_with_csl(path: str, entries: list[Entry], pool: list[Entry], markup: str, lang: str | None) -> FormatResult:
    """Render entries with a .csl file or a CSL style name; needs citeproc-py."""
    from citekit.render.engine import FormatResult, Rendered
    from citekit.render.style import StyleError

    try:
        import citeproc
        from citeproc import formatter
        from citeproc.source.json import CiteProcJSON
    except ImportError as exc:
        if not path.endswith(".csl"):
            from citekit.render.style import available_styles

            raise StyleError(f"unknown style {path!r}; available: {', '.join(available_styles())} "
                             "(styles from the CSL repository need pip install 'citekit[csl]')") from exc
        raise StyleError(f"{path}: CSL files need the csl extra (pip install 'citekit[csl]')") from exc
    if not path.endswith(".csl"):  # a style name from the CSL repository
        from citekit.render.csl_styles import resolve

        path = str(resolve(path))
    if markup not in _FORMATTERS:
        raise StyleError(f"{path}: citeproc-py writes text or html, not {markup}")
    result = FormatResult(Path(path).stem)
    lookup = {e.key.lower(): e for e in pool if e.key}
    items: list[dict[str, Any]] = []
    for e in entries:
        if e.broken or not e.key:
            continue
        item = to_csl(e, crossref_parent(e, lookup))
        item["type"] = item.get("type") or "document"
        items.append(item)
    try:
        style = citeproc.CitationStylesStyle(path, locale=lang, validate=False)
        bib = citeproc.CitationStylesBibliography(style, CiteProcJSON(items),
                                                  getattr(formatter, _FORMATTERS[markup]))
        for item in items:
            bib.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
        if style.root.bibliography.find("cs:sort", style.root.nsmap) is not None:
            bib.sort()
        texts = [str(t) for t in bib.bibliography()]
    except Exception as exc:
        raise StyleError(f"{path}: citeproc-py could not use this style: {exc}") from exc
    keys = [str(k) for k in bib.keys]
    if len(keys) != len(texts):  # citeproc-py's keys are not always parallel to its output
        keys = [str(i["id"]) for i in items][: len(texts)]
    for key, text in zip(keys, texts, strict=False):
        result.entries.append(Rendered(key, text))
    for e in entries:
        if e.broken or not e.key:
            result.findings.append(Finding("render-error", Severity.WARNING, "entry is broken and was not formatted",
                                           Location(e.path, e.line), e.key))
    return result
