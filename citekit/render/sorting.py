"""Sort keys like citeproc-js builds them: names in sort order, dates as numbers, text folded."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from citekit.render.rich import Rich

_MARKUP = re.compile(r"<[^>]+>")
# Letters that ICU's root collation treats as a base letter plus a secondary difference (or as two
# letters) but that Unicode does not decompose.
_BASE_LETTERS = str.maketrans({"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ł": "l",
                               "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ħ": "h", "Ħ": "h"})
# Punctuation and spaces (Unicode P* and Z*): ignorable with ignorePunctuation; symbols still count.
_IGNORABLE = re.compile("[" + "".join(
    re.escape(chr(c)) for c in range(0x10000)
    if unicodedata.category(chr(c))[0] in "PZ" or chr(c) in "\t\n\r") + "]+")
_DIGITS = re.compile(r"\d+")
_HAS_DIGIT = re.compile(r"\d")


def _number(m: re.Match[str]) -> str:
    digits = m.group(0).lstrip("0") or "0"
    return f"{len(digits):02d}{digits}"


def fold(text: str) -> str:
    """A sort key comparing like citeproc-js's collator (ICU, sensitivity base, punctuation ignored,
    numeric): accents and case ignored, punctuation skipped, digit runs compared as numbers. citeproc-js
    turns each space of a key into its sort separator "|", which the collator does not skip and which
    sorts before letters and digits, so word boundaries count: "Tegn og" < "Tegnets"."""
    if "<" in text:
        text = _MARKUP.sub("", text)
    if text.isascii():
        base = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_BASE_LETTERS).casefold()
    if _HAS_DIGIT.search(base):
        base = _DIGITS.sub(_number, base)
    return _IGNORABLE.sub("", base.replace(" ", "\x01"))


_IGNORED = re.compile(r"[“”‘’\"'\[\]()«»¿¡]")


def plain_fold(text: str) -> str:
    """Text compared with accents, case, quotes and brackets ignored (for telling citations apart)."""
    text = _IGNORED.sub("", _MARKUP.sub("", text))
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return base.casefold().strip()


def text_key(value: Any) -> tuple[int, str]:
    """Missing values sort last; values equal at the collator's strength tie (the next key decides)."""
    if isinstance(value, Rich):
        value = value.text
    if not value:
        return (1, "")
    return (0, fold(str(value)))


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
    return plain_fold("; ".join(out))
