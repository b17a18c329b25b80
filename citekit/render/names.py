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


def _char_class(*ranges: tuple[int, int]) -> str:
    """A regex character-class body for inclusive code-point ranges."""
    return "".join(re.escape(chr(a)) if a == b else re.escape(chr(a)) + "-" + re.escape(chr(b)) for a, b in ranges)


# The scripts whose given names are cut to initials, as citeproc-js decides it (code-point ranges).
_ASCII_LETTERS = ((0x41, 0x5A), (0x61, 0x7A))
_SCRIPTS = (
    (0x00C0, 0x017F),                  # accented Latin letters (Latin-1 Supplement, Latin Extended-A)
    (0x0218, 0x021B),                  # Romanian S and T with comma below
    (0x0370, 0x03FF),                  # Greek and Coptic
    (0x0400, 0x052F),                  # Cyrillic and its supplement
    (0x0590, 0x05D4), (0x05D6, 0x05FF),  # Hebrew (vav excepted)
    (0x0600, 0x06FF),                  # Arabic
    (0x0E01, 0x0E5B),                  # Thai
    (0x1F00, 0x1FFF),                  # Greek Extended
    (0x200C, 0x200E),                  # zero-width non-joiner and joiner, left-to-right mark
    (0x202A, 0x202E),                  # bidirectional embeddings and overrides
)
# Letters that may open an initial: capitals, and the letters of scripts without case.
_GREEK_CAPITALS = ((0x0370, 0x0370), (0x0372, 0x0372), (0x0376, 0x0376), (0x0386, 0x0386), (0x0388, 0x03AB),
                   *((c, c) for c in range(0x03E2, 0x03EF, 2)), (0x03F4, 0x03F4), (0x03F7, 0x03F7),
                   (0x03FD, 0x03FF))
_OPENERS = ((0x41, 0x5A), (0x00C0, 0x017F), (0x0400, 0x042F), (0x0590, 0x05D4), (0x05D6, 0x05FF),
            (0x0600, 0x06FF), (0x0E01, 0x0E5B), *_GREEK_CAPITALS)
# Letters that may follow it inside the same word.
_FOLLOWERS = (*_ASCII_LETTERS, (0x00C0, 0x017F), (0x0370, 0x03FF), (0x0400, 0x052F), (0x0600, 0x06FF),
              (0x0E01, 0x0E5B), (0x1F00, 0x1FFF))
_NAMEISH = _char_class(*_ASCII_LETTERS, *_SCRIPTS)
_STARTS_NAMEISH = re.compile("[&" + _NAMEISH + "]")
_HAS_NAMEISH = re.compile("[-0-9" + _NAMEISH + "]")
# A word as an initial sees it: its opening letter, the letters after it, and any dots closing it.
_WORD_SHAPE = re.compile("([" + _char_class(*_OPENERS) + "])([" + _char_class(*_FOLLOWERS) + "]*)(\\.*)")
_WORD_GAP = re.compile(r"([-\s]+)")
_JOINED_INITIALS = re.compile(r"(?<=\b[A-Z])\.-?(?=[A-Z](?:\.|$))")
_SPACES = re.compile(r"\s+")
_HYPHEN = re.compile(r"\s*-\s*")
_HYPHEN_LOWER = re.compile(r"-(?=[a-z])")
_DOT_THEN_TEXT = re.compile(r"\.(?=[^ ])")
_EN_DASH_LOWER = re.compile("\u2013(?=[a-z])")


def _words_and_gaps(given: str) -> list[str]:
    """Words and the gaps between them, alternating. A hyphen before a lower-case letter is not a gap
    (it becomes an en dash until the end), and 'J.P.' is read as 'J. P.'."""
    text = _SPACES.sub(" ", _HYPHEN.sub("-", given))
    text = _DOT_THEN_TEXT.sub(". ", _HYPHEN_LOWER.sub("\u2013", text))
    return _WORD_GAP.split(text)


def _shortened(word: str) -> str | None:
    """What a word becomes as an initial, or None when it stays a word.

    A word opening with a capital gives that capital ('Jean' -> 'J'); one already shortened with a dot
    keeps its letters ('Yu.' -> 'Yu'); capitals after the first, up to a lower-case letter, are kept
    in lower case ('THomas' -> 'Th')."""
    m = _WORD_SHAPE.match(word)
    if m is None:
        return None
    first, rest, dots = m.groups()
    if rest and dots:
        first, rest = first + rest, ""
    if first[:1] != first[:1].upper():
        return None
    caps = next((k for k, ch in enumerate(rest) if ch != ch.upper()), len(rest))
    return first + (rest[:caps].lower() if caps < len(rest) else "")


def _is_abbreviation(word: str) -> bool:
    m = _WORD_SHAPE.match(word)
    return m is not None and bool(m.group(3))


@lru_cache(maxsize=8192)
def initials(given: str, sep: str) -> str:
    """Given names as initials, the way citeproc-js writes them.

    'Jean-Pierre Marie' -> 'J.-P. M.' with sep '. ' ('J.-P.M.' with '.'); a name already shortened
    keeps its letters ('Yu. A.' -> 'Yu.A.'); a lower-case part after a hyphen goes ('Jun-ichi' -> 'J.');
    a lower-case word stays ('Luciana de Lima' -> 'L. de L.'). 'Lord', 'Lady' and names in other
    scripts are left as they are."""
    if not given:
        return ""
    if given in ("Lord", "Lady") or not _STARTS_NAMEISH.match(given):
        return given
    parts = _words_and_gaps(given)
    if len(parts) == 1 and len(tail := parts[0].rsplit(".", 1)[-1]) == 1 and tail != tail.lower():
        parts[0] += "."  # a lone capital is an initial already
    last = len(parts) - 1
    for i in range(0, last + 1, 2):
        word = parts[i]
        if not word:
            continue
        short = _shortened(word)
        if short is not None:
            parts[i] = short
            if i < last:
                parts[i + 1] = sep + "-" if "-" in parts[i + 1] else sep
            else:
                parts.append(sep)
        elif _HAS_NAMEISH.search(word) and not _is_abbreviation(word):
            parts[i] = " " + word
    out = "".join(parts).rstrip(" \t\n\r\ufeff\u00a0")
    return _EN_DASH_LOWER.sub("-", _SPACES.sub(" ", _HYPHEN.sub("-", out)))


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
