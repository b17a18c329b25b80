"""Field rules: required fields per entry type, identifier and value formats, names, references."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pybtex.bibtex.utils import split_name_list

from citekit.checks import rule
from citekit.entry import Entry
from citekit.identifiers import is_valid_doi, is_valid_url, normalize_isbn, normalize_issn, split_isbns
from citekit.model import Finding, Location, Severity
from citekit.store import Store

# Each requirement is a tuple of alternatives: ("author", "editor") means one of them.
Req = tuple[str, ...]
_DATE: Req = ("year", "date")
REQUIRED: dict[str, tuple[Req, ...]] = {
    "article": (("author",), ("title",), ("journal", "journaltitle"), _DATE),
    "book": (("author", "editor"), ("title",), _DATE),
    "mvbook": (("author", "editor"), ("title",), _DATE),
    "inbook": (("author", "editor"), ("title",), ("chapter", "pages", "booktitle"), _DATE),
    "incollection": (("author",), ("title",), ("booktitle",), _DATE),
    "inproceedings": (("author",), ("title",), ("booktitle",), _DATE),
    "conference": (("author",), ("title",), ("booktitle",), _DATE),
    "proceedings": (("title",), _DATE),
    "collection": (("editor",), ("title",), _DATE),
    "report": (("author",), ("title",), ("institution",), _DATE),
    "techreport": (("author",), ("title",), ("institution",), _DATE),
    "thesis": (("author",), ("title",), ("school", "institution"), _DATE),
    "phdthesis": (("author",), ("title",), ("school", "institution"), _DATE),
    "mastersthesis": (("author",), ("title",), ("school", "institution"), _DATE),
    "online": (("title",), ("url", "doi", "eprint")),
    "manual": (("title",),),
    "booklet": (("title",),),
    "unpublished": (("author",), ("title",)),
    "patent": (("author",), ("title",), ("number",), _DATE),
    "periodical": (("title",), _DATE),
    "misc": (("title",),),
}
MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
_MONTH_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"}
_PAGES = re.compile(r"^\s*[A-Za-z]*\d+[A-Za-z]*\+?(\s*(-{1,2}|–|—)\s*[A-Za-z]*\d+[A-Za-z]*)?\s*$|^\s*[ivxlcdm]+(\s*-{1,2}\s*[ivxlcdm]+)?\s*$", re.IGNORECASE)
_YEAR = re.compile(r"^\s*\d{4}\s*$")
_DATE_RE = re.compile(r"^\s*\d{4}(-\d{2}(-\d{2})?)?(/(\d{4}(-\d{2}(-\d{2})?)?)?)?\s*$|^\s*/\d{4}")
ORG_WORDS = {
    "university", "department", "ministry", "organization", "organisation", "forum", "association",
    "institute", "nations", "cities", "governments", "government", "council", "bank", "agency", "office",
    "committee", "commission", "society", "centre", "center", "foundation", "programme", "program",
    "network", "union", "secretariat", "fund", "corporation", "company", "inc", "ltd", "board", "bureau",
    "parliament", "assembly", "league", "federation", "consortium", "group", "project",
}
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf]|Â[\u0080-\u00bf ]|â€|\ufffd|Å[\u0080-\u00bf]")


def _f(e: Entry, rule_id: str, sev: Severity, msg: str, field: str | None = None) -> Finding:
    return Finding(rule_id, sev, msg, Location(e.path, e.field_line(field) if field else e.line), e.key)


@rule("missing-field", summary="a field the entry type requires (BibTeX or biblatex) is missing")
def missing_fields(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for e in store.entries:
        if e.broken:
            continue
        have = {k for k, v in e.fields.items() if v.strip()}
        if "crossref" in have or "xdata" in have:
            continue
        for alternatives in REQUIRED.get(e.type, ()):
            if not have.intersection(alternatives):
                need = " or ".join(f"'{a}'" for a in alternatives)
                yield _f(e, "missing-field", Severity.WARNING, f"@{e.type} needs {need}")


@rule("invalid-doi", "invalid-isbn", "invalid-issn", summary="identifiers that are not valid")
def identifiers(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for e in store.entries:
        doi = e.text("doi")
        if doi and not is_valid_doi(doi):
            yield _f(e, "invalid-doi", Severity.ERROR, f"'{doi}' is not a valid DOI (10.NNNN/suffix)", "doi")
        isbn = e.text("isbn")
        if isbn:
            for chunk in split_isbns(isbn) or [isbn]:
                if normalize_isbn(chunk) is None:
                    yield _f(e, "invalid-isbn", Severity.ERROR, f"'{chunk}' is not a valid ISBN-10 or ISBN-13", "isbn")
        issn = e.text("issn")
        if issn:
            for chunk in split_isbns(issn) or [issn]:
                if normalize_issn(chunk) is None:
                    yield _f(e, "invalid-issn", Severity.ERROR, f"'{chunk}' is not a valid ISSN", "issn")


@rule("invalid-year", "invalid-month", "invalid-pages", summary="year, date, month and pages in a form tools read")
def value_formats(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for e in store.entries:
        year = e.text("year")
        if year and not _YEAR.match(year) and year.lower() not in {"n.d.", "forthcoming", "in press", "s.f."}:
            yield _f(e, "invalid-year", Severity.ERROR, f"year '{year}' is not a four-digit year", "year")
        date = e.text("date")
        if date and not _DATE_RE.match(date):
            yield _f(e, "invalid-year", Severity.ERROR, f"date '{date}' is not an ISO 8601 date (YYYY-MM-DD)", "date")
        f = e.field("month")
        if f is not None:
            src = f.source.strip().strip("{}\"").strip().lower()
            ok = src in MONTHS or src in _MONTH_NAMES or (src.isdigit() and 1 <= int(src) <= 12)
            if not ok:
                yield _f(e, "invalid-month", Severity.WARNING,
                         f"month '{f.source.strip()}' is not a month (use jan..dec or 1..12)", "month")
        pages = e.text("pages")
        if pages and not all(_PAGES.match(p) for p in re.split(r"\s*[,;]\s*", pages)):
            yield _f(e, "invalid-pages", Severity.WARNING,
                     f"pages '{pages}' is not a page or range like 187--208", "pages")


def _looks_corporate(part: str) -> bool:
    s = part.strip()
    if s.startswith("{") and s.endswith("}"):
        return False
    words = re.findall(r"[A-Za-z]+", s.replace("{", "").replace("}", ""))
    return "," not in s and any(w.lower() in ORG_WORDS for w in words) and len(words) >= 2


@rule("unbraced-corporate", summary="an organisation written as an author without braces, so it reads as people")
def corporate_names(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for e in store.entries:
        for role in ("author", "editor"):
            value = e.fields.get(role)
            if not value:
                continue
            parts = split_name_list(value)
            if any(_looks_corporate(p) for p in parts):
                yield _f(e, "unbraced-corporate", Severity.WARNING,
                         f"{role} '{value}' looks like an organisation: brace it ({{{{{value}}}}}) "
                         f"so it is not split into {len(parts)} person name(s)", role)


@rule("invalid-url", summary="url fields that are not absolute http(s) URLs")
def urls(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for e in store.entries:
        url = e.text("url")
        if url is not None and not is_valid_url(url):
            yield _f(e, "invalid-url", Severity.ERROR, f"url '{url[:120]}' is not an absolute http(s) URL", "url")


@rule("missing-crossref", summary="crossref or xdata pointing at a key that is not in the store")
def crossrefs(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for e in store.entries:
        for name in ("crossref", "xdata"):
            value = e.fields.get(name)
            if not value:
                continue
            for target in (t.strip() for t in value.split(",")):
                if target and store.find(target) is None:
                    yield _f(e, "missing-crossref", Severity.ERROR, f"{name} '{target}' is not in the store", name)


@rule("mojibake", summary="text decoded with the wrong encoding (Ã©, â€™, U+FFFD)")
def mojibake(store: Store, opts: dict[str, Any]) -> Iterator[Finding]:
    for e in store.entries:
        for f in e.field_list:
            if len(f.source) < 200_000 and _MOJIBAKE.search(f.source):
                sample = _MOJIBAKE.search(f.source).group()  # type: ignore[union-attr]
                yield Finding("mojibake", Severity.WARNING,
                              f"field '{f.name}' contains '{sample}', text probably decoded with the wrong encoding",
                              Location(e.path, f.line or e.line), e.key)
