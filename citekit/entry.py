"""One BibTeX entry: its raw fields as written, plus decoded, parsed and normalised views."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from citekit import bibsyntax
from citekit.identifiers import (
    Identifiers,
    canonical_url,
    find_arxiv,
    find_doi,
    find_year,
    normalize_isbn,
    normalize_issn,
    split_isbns,
)
from citekit.names import NameList, parse_names
from citekit.normalize import VERBATIM_FIELDS, latex_to_unicode, unescape_verbatim

if TYPE_CHECKING:
    from citekit.store import BibFile

_FIELD_LINE = re.compile(r"\n([ \t]+)\S")
_URL_IN_TEXT = re.compile(r"\\url\{([^}]*)\}|\\href\{([^}]*)\}|(https?://[^\s{}\"<>]+)")


@dataclass(slots=True)
class Field:
    """A field as written: name in its own case, value source (delimiters included), 1-based line."""

    name: str
    source: str
    line: int | None = None

    @property
    def lname(self) -> str:
        return self.name.lower()


class Entry:
    """A BibTeX entry. `fields` maps lower-cased names to values without outer delimiters."""

    __slots__ = (
        "_cache",
        "broken",
        "dirty",
        "entry_type",
        "error",
        "field_list",
        "file",
        "key",
        "line",
        "path",
        "raw",
    )

    def __init__(self, key: str | None, entry_type: str, field_list: list[Field], path: str,
                 line: int | None, raw: str, file: BibFile | None = None,
                 broken: bool = False, error: str = "") -> None:
        self.key = key
        self.entry_type = entry_type
        self.field_list = field_list
        self.path = path
        self.line = line
        self.raw = raw
        self.file = file
        self.broken = broken
        self.error = error
        self.dirty = False
        self._cache: dict[str, object] = {}

    def __repr__(self) -> str:
        return f"Entry({self.key!r}, {self.entry_type!r}, {self.path}:{self.line})"

    @property
    def type(self) -> str:
        """Entry type in lower case ('article')."""
        return self.entry_type.lower()

    @property
    def fields(self) -> dict[str, str]:
        """Lower-cased field name -> value content; the first wins when a field is repeated."""
        cached = self._cache.get("fields")
        if cached is None:
            out: dict[str, str] = {}
            for f in self.field_list:
                out.setdefault(f.lname, bibsyntax.content(f.source))
            self._cache["fields"] = cached = out
        return cached  # type: ignore[return-value]

    def field(self, name: str) -> Field | None:
        """The first field of that name (any case)."""
        low = name.lower()
        return next((f for f in self.field_list if f.lname == low), None)

    def field_line(self, name: str) -> int | None:
        """The line of a field, or the entry's line."""
        f = self.field(name)
        return f.line if f and f.line else self.line

    def _strings(self) -> dict[str, str]:
        return self.file.store_strings() if self.file is not None else {}

    def _expand(self, source: str) -> str:
        cache = self.file.macro_cache() if self.file is not None else None
        return bibsyntax.expand(source, self._strings(), cache=cache)[0]

    def text(self, name: str) -> str | None:
        """Decoded Unicode view of a field (macros expanded, LaTeX undone); None when absent."""
        key = "t:" + name.lower()
        if key in self._cache:
            return self._cache[key]  # type: ignore[return-value]
        f = self.field(name)
        value: str | None = None
        if f is not None:
            expanded = self._expand(f.source)
            if f.lname in VERBATIM_FIELDS:
                value = unescape_verbatim("".join(expanded.split("\n")))
            else:
                value = latex_to_unicode(expanded)
        self._cache[key] = value
        return value

    def names(self, role: str = "author") -> NameList:
        """Parsed names of `author`, `editor`, `translator`..."""
        key = "n:" + role
        cached = self._cache.get(key)
        if cached is None:
            f = self.field(role)
            raw = self._expand(f.source) if f else ""
            self._cache[key] = cached = parse_names(raw)
        return cached  # type: ignore[return-value]

    @property
    def year(self) -> int | None:
        """Year from `year`, else from `date`."""
        return find_year(self.text("year") or "") or find_year(self.text("date") or "")

    @property
    def identifiers(self) -> Identifiers:
        cached = self._cache.get("ids")
        if cached is None:
            self._cache["ids"] = cached = self._identifiers()
        return cached  # type: ignore[return-value]

    def _identifiers(self) -> Identifiers:
        doi = None
        for name in ("doi", "url", "note", "howpublished", "eprint"):
            doi = find_doi(self.text(name) or "")
            if doi:
                break
        isbns = tuple(i for c in split_isbns(self.text("isbn") or "") if (i := normalize_isbn(c)))
        issns = tuple(i for c in split_isbns(self.text("issn") or "") if (i := normalize_issn(c)))
        arxiv = None
        if (self.text("archiveprefix") or self.text("eprinttype") or "").lower() == "arxiv":
            arxiv = find_arxiv(self.text("eprint") or "")
        if arxiv is None and doi and doi.startswith("10.48550/arxiv."):
            arxiv = find_arxiv(doi)
        if arxiv is None:
            for name in ("url", "journal", "note"):
                t = self.text(name) or ""
                if "arxiv" in t.lower():
                    arxiv = find_arxiv(t)
                    if arxiv:
                        break
        return Identifiers(doi=doi, isbns=isbns, issns=issns, arxiv=arxiv,
                           urls=tuple(canonical_url(u) for u in self.urls()), year=self.year)

    def urls(self) -> list[str]:
        """URLs from `url` and from \\url/\\href or bare links in howpublished and note."""
        out = []
        if (u := self.text("url")):
            out.append(u)
        for name in ("howpublished", "note"):
            f = self.field(name)
            if f is None:
                continue
            for m in _URL_IN_TEXT.finditer(bibsyntax.content(f.source)):
                out.append(unescape_verbatim(next(g for g in m.groups() if g)))
        return out

    # ---- editing (used through Store.set_field / remove_field) ----

    def set(self, name: str, value: str) -> None:
        """Set a field to `value` (content, written between braces)."""
        self.set_source(name, "{" + value + "}")

    def set_source(self, name: str, source: str) -> None:
        """Set a field to a raw BibTeX value as written (`jan`, `{A} # mac`); the caller checks it."""
        f = self.field(name)
        if f is None:
            self.field_list.append(Field(name, source))
        else:
            f.source = source
        self._touch()

    def remove(self, name: str) -> bool:
        """Remove every field of that name; True when one existed."""
        low = name.lower()
        before = len(self.field_list)
        self.field_list = [f for f in self.field_list if f.lname != low]
        if len(self.field_list) != before:
            self._touch()
            return True
        return False

    def _touch(self) -> None:
        self.dirty = True
        self._cache.clear()

    def serialize(self, newline: str = "\n") -> str:
        """BibTeX text of this entry in the style of its original block (indent, spacing)."""
        indent = "  "
        m = _FIELD_LINE.search(self.raw)
        if m:
            indent = m.group(1)
        eq = " = " if re.search(r"\s=\s", self.raw) or "=" not in self.raw else "="
        lines = [f"@{self.entry_type}{{{self.key or ''},"]
        for i, f in enumerate(self.field_list):
            comma = "," if i < len(self.field_list) - 1 else ""
            lines.append(f"{indent}{f.name}{eq}{f.source.strip()}{comma}")
        lines.append("}")
        return newline.join(lines)
