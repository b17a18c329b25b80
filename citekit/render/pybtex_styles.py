"""pybtex's own styles (plain, unsrt, alpha), one bad entry reported instead of stopping the list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pybtex.database import BibliographyData, parse_string
from pybtex.plugin import find_plugin

from citekit.entry import Entry
from citekit.model import Finding, Location, Severity
from citekit.render.backends import RTFBackend

if TYPE_CHECKING:
    from citekit.render.engine import FormatResult


def _problem(entry: Entry, message: str) -> Finding:
    return Finding("render-error", Severity.WARNING, message, Location(entry.path, entry.line), entry.key)


def _backend(markup: str) -> Any:
    if markup == "rtf":
        return RTFBackend()
    return find_plugin("pybtex.backends", {"text": "text"}.get(markup, markup))()


def _preamble(entries: list[Entry]) -> str:
    """@string definitions of the store, so macros in entries resolve."""
    for e in entries:
        if e.file is not None:
            strings = e.file.store_strings()
            return "".join(f"@string{{{k} = {{{v}}}}}\n" for k, v in strings.items()
                           if "{" not in v and "}" not in v)
    return ""


def format_with_pybtex(name: str, entries: list[Entry], markup: str) -> FormatResult:
    """Format with a pybtex style; entries pybtex cannot read or format become findings."""
    from citekit.render.engine import FormatResult, Rendered

    result = FormatResult(name)
    style = find_plugin("pybtex.style.formatting", name)()
    data = BibliographyData()
    pre = _preamble(entries)
    for e in entries:
        if e.broken or not e.key:
            result.findings.append(_problem(e, "entry is broken and was not formatted"))
            continue
        try:
            parsed = parse_string(pre + e.raw, "bibtex")
            key, pentry = next(iter(parsed.entries.items()))
            list(style.format_entries([pentry]))  # a lone trial: FieldIsMissing and the like
        except Exception as exc:  # noqa: BLE001 - pybtex raises many kinds; each is one entry's problem
            result.findings.append(_problem(e, f"pybtex style {name!r} cannot format it: {exc}"))
            continue
        if key not in data.entries:
            data.entries[key] = pentry
    backend = _backend(markup)
    for fe in style.format_bibliography(data).entries:
        text = fe.text.render(backend)
        if name == "alpha" or name == "unsrtalpha":
            text = f"[{fe.label}] {text}"
        result.entries.append(Rendered(fe.key, text))
    return result
