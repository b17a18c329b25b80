"""Rendering CSL names: order, initials, particles, 'and', et al. and role labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from citekit.render.locale import Locale
from citekit.render.rich import Rich, concat

_GIVEN_SPLIT = re.compile(r"[\s.]+")


@dataclass(frozen=True)
class NameOptions:
    """CSL name options for one `names` element."""

    and_: str | None = "text"           # "text", "symbol" or None
    delimiter: str = ", "
    precedes_last: str = "contextual"   # "contextual", "always", "never"
    precedes_et_al: str = "contextual"
    initialize_with: str | None = None  # ". " or "." to print initials
    sort_order: str | None = None       # None, "first" or "all"
    et_al_min: int = 0
    et_al_use_first: int = 1
    et_al_use_last: bool = False
    et_al_italic: bool = False
    short: bool = False                 # family names only
    label: str | None = None            # None, "short", "verb", "long"
    label_prefix: str = ""
    label_suffix: str = ""
    label_before: bool = False
    label_capitalize: bool = False
    with_translator: bool = False
    demote_particle: bool = False       # CSL demote-non-dropping-particle="display-and-sort" (the CSL
    # default): an inverted name prints "Gennep, Arnold van", not "van Gennep, Arnold"


_INITIAL = re.compile(
    "^([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff\u0370\u0372"
    "\u0376\u0386\u0388-\u03ab\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec\u03ee\u03f4\u03f7\u03fd-\u03ff])"
    "([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff\u0370-\u03ff\u1f00-\u1fff]*|)(\\.)*")
_ROMANESQUE_CHARS = ("a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
                     "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e")
_STARTS_ROMANESQUE = re.compile("^[&" + _ROMANESQUE_CHARS + "]")
_ROMANESQUE = re.compile("[-0-9" + _ROMANESQUE_CHARS + "]")
_NAME_SEP = re.compile(r"([-\s]+)")
_JOINED_INITIALS = re.compile(r"(?<=\b[A-Z])\.-?(?=[A-Z](?:\.|$))")


_SPACES = re.compile(r"\s+")
_HYPHEN = re.compile(r"\s*-\s*")
_LOWER_PART = re.compile(r"-([a-z])")
_DOT_GLUED = re.compile(r"\.(?=[^ ])")
_LAST_RUN = re.compile(r"[^.]+$")
_DASHED_LOWER = re.compile("\u2013([a-z])")


@lru_cache(maxsize=8192)
def initials(given: str, sep: str) -> str:
    """Given names as citeproc-js initialises them: 'Jean-Pierre Marie' -> 'J.-P. M.' with sep '. ',
    'J.-P.M.' with '.'; a part that is already abbreviated stays ('Yu. A.' -> 'Yu.A.'), a hyphenated
    lower-case part vanishes ('Jun-ichi' -> 'J.'), a lower-case word stays ('Luciana de Lima' -> 'L. de L.')."""
    if not given:
        return ""
    if given in ("Lord", "Lady") or not _STARTS_ROMANESQUE.match(given):
        return given
    name = _SPACES.sub(" ", _HYPHEN.sub("-", given))
    name = _LOWER_PART.sub("\u2013\\1", name)
    name = _DOT_GLUED.sub(". ", name)
    parts = _NAME_SEP.split(name)
    if len(parts) == 1:
        tail = _LAST_RUN.search(parts[0])
        if tail and len(tail.group(0)) == 1 and tail.group(0) != tail.group(0).lower():
            parts[0] += "."
    n = len(parts)
    for i in range(0, n, 2):
        word = parts[i]
        if not word:
            continue
        m = _INITIAL.match(word)
        if m:
            head, rest, dot = m.group(1), m.group(2), m.group(3)
            if rest and dot:  # an abbreviation such as "Yu." is kept whole
                head, rest = head + rest, ""
        if m and head[:1] == head[:1].upper():
            upper = ""
            for ch in rest:
                if ch != ch.upper():
                    break
                upper += ch
            parts[i] = head + (upper.lower() if len(upper) < len(rest) else "")
            if i < n - 1:
                parts[i + 1] = sep + "-" if "-" in parts[i + 1] else sep
            else:
                parts.append(sep)
        elif _ROMANESQUE.search(word) and (not m or not m.group(3)):
            parts[i] = " " + word
    out = "".join(parts).rstrip(" \t\n\r\ufeff\u00a0")
    out = _SPACES.sub(" ", _HYPHEN.sub("-", out))
    return _DASHED_LOWER.sub("-\\1", out)


def _one(name: dict[str, Any], inverted: bool, o: NameOptions) -> str:
    if "literal" in name:
        return str(name["literal"])
    family = name.get("family", "")
    given = name.get("given", "")
    dp = name.get("dropping-particle", "")
    ndp = name.get("non-dropping-particle", "")
    suffix = name.get("suffix", "")
    if name.get("_full_given"):  # given-name disambiguation asked for the full given name
        pass
    elif o.initialize_with is not None and given:
        given = initials(given, o.initialize_with)
    elif given:  # citeproc-js puts a period after a lone initial: "Jo A" -> "Jo A.", "I-Cherng" -> "I.-Cherng"
        given = re.sub(r"(?<![\w.])([A-Z])(?=[\s-]|$)", r"\1.", given)
        if not inverted and "." in given:  # and spaces initials in display order: "A.B." -> "A. B.",
            given = _JOINED_INITIALS.sub(". ", given)  # "J.-H." -> "J. H."
    fam = " ".join(x for x in (ndp, family) if x)
    if o.short:
        return fam
    if not given and not dp:
        return " ".join(x for x in (fam, suffix) if x) if not inverted else (
            f"{fam}, {suffix}" if suffix else fam)
    if inverted:
        out = fam
        tail = " ".join(x for x in (given, dp) if x)
        if o.demote_particle and ndp:
            out = family
            tail = " ".join(x for x in (given, dp, ndp) if x)
        if tail:
            out += ", " + tail
        if suffix:
            out += ", " + suffix
        return out
    return " ".join(x for x in (given, dp, fam, suffix) if x)


def render_names(people: list[dict[str, Any]], role: str, o: NameOptions, locale: Locale) -> Rich:
    """A list of names with the style's options; et al. in italics when asked."""
    n = len(people)
    shown = list(people)
    et_al = False
    use_last = False
    if o.et_al_min and n >= o.et_al_min:
        shown = people[:o.et_al_use_first]
        et_al = True
        use_last = o.et_al_use_last and n > o.et_al_use_first + 1
    texts = []
    for i, p in enumerate(shown):
        inverted = o.sort_order == "all" or (o.sort_order == "first" and i == 0)
        texts.append(_one(p, inverted, o))
    inverted_any = o.sort_order is not None
    if use_last:
        last = _one(people[-1], o.sort_order == "all", o)
        body = o.delimiter.join(texts) + o.delimiter + "… " + last
        r = Rich.of(body)
    elif et_al:
        body = o.delimiter.join(texts)
        comma = _precedes(o.precedes_et_al, len(texts), inverted_any)
        r = Rich.of(body + (o.delimiter if comma else " "))
        r = Rich(r.segs + ((locale.term("et-al"), "i" if o.et_al_italic else ""),))
    else:
        r = Rich.of(_and_join(texts, o, locale, inverted_any, "literal" in shown[-1]))
    if o.label and role in locale.terms:
        plural = len(people) > 1
        term = locale.term(role, o.label, plural)
        if o.label_capitalize:
            term = term[:1].upper() + term[1:]
        lab = Rich.of(o.label_prefix + term + o.label_suffix)
        r = concat(lab, r) if o.label_before else concat(r, lab)
    return r


def _precedes(rule: str, count: int, inverted: bool) -> bool:
    if rule == "always":
        return True
    if rule == "never":
        return False
    if rule == "after-inverted-name":
        return inverted
    return count >= 2


def _and_join(texts: list[str], o: NameOptions, locale: Locale, inverted: bool, last_literal: bool = False) -> str:
    if len(texts) == 1:
        return texts[0]
    if o.and_ is None:
        return o.delimiter.join(texts)
    word = locale.term("and", "symbol" if o.and_ == "symbol" else "long")
    head = o.delimiter.join(texts[:-1])
    rule = o.precedes_last
    comma = rule == "always" or (rule == "contextual" and len(texts) >= 3) or (
        rule == "after-inverted-name" and inverted)
    if texts[-1] == "others" or len(texts) == 2 and o.sort_order == "all" and ", " not in texts[-1]:
        comma = False  # citeproc-js sets no comma before "others" or before a one-part second name
    if last_literal:  # before an institution or "others" citeproc-js is always contextual
        comma = len(texts) >= 3
    return head + (o.delimiter.rstrip() + " " if comma else " ") + word + " " + texts[-1]
