"""Sort keys like citeproc-js builds them: names in sort order, dates as numbers, text folded."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from citekit.render.rich import Rich

_MARKUP = re.compile(r"<[^>]+>")
_IGNORED = re.compile(r"[“”‘’\"'\[\]()«»¿¡]")


def fold(text: str) -> str:
    """Compare like a locale collation at primary strength: accents and case ignored."""
    text = _IGNORED.sub("", _MARKUP.sub("", text))
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return base.casefold().strip()


def text_key(value: Any) -> tuple[int, str, str]:
    """Missing values sort last."""
    if isinstance(value, Rich):
        value = value.text
    if not value:
        return (1, "", "")
    s = str(value)
    return (0, fold(s), s)


def name_key(people: list[dict[str, str]] | None, demote: bool = True, limit: int = 0,
             use_first: int = 0) -> str:
    """Names as sort keys: family (particle demoted when `demote`), then given, each name in turn."""
    if not people:
        return ""
    chosen = people
    if limit and len(people) >= limit:
        chosen = people[:use_first]
    parts = []
    for p in chosen:
        if "literal" in p:
            parts.append(p["literal"])
            continue
        ndp = p.get("non-dropping-particle", "")
        fam = p.get("family", "")
        if demote:
            head = fam
            tail = " ".join(x for x in (ndp, p.get("dropping-particle", "")) if x)
        else:
            head = " ".join(x for x in (ndp, fam) if x)
            tail = p.get("dropping-particle", "")
        parts.append(" ".join(x for x in (head, p.get("given", ""), tail, p.get("suffix", "")) if x))
    return ", ".join(parts)


def date_key(item: dict[str, Any], name: str = "issued") -> tuple[int, int, int, int]:
    """(missing, year, month, day): undated items last."""
    d = item.get(name)
    if not isinstance(d, dict) or not d.get("date-parts") or not d["date-parts"][0]:
        return (1, 0, 0, 0)
    p = [int(x) for x in d["date-parts"][0]] + [0, 0]
    return (0, p[0], p[1], p[2])


def cite_names(people: list[dict[str, str]] | None) -> str:
    """Names as an in-text citation tells them apart: family names and initials."""
    if not people:
        return ""
    out = []
    for p in people:
        if "literal" in p:
            out.append(p["literal"])
            continue
        initials = "".join(w[:1] for w in re.split(r"[\s.\-]+", p.get("given", "")) if w)
        out.append(" ".join(x for x in (p.get("non-dropping-particle", ""), p.get("family", ""), initials) if x))
    return fold("; ".join(out))
