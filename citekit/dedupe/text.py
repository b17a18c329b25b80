"""Matching forms of field text: LaTeX stripped without a full parse, folded, with discriminators."""

from __future__ import annotations

import re
from functools import lru_cache

from citekit.normalize import fold

# Letters spelled as commands; every other command is dropped and its argument kept.
_LETTERS = {"ss": "ss", "o": "o", "O": "o", "ae": "ae", "AE": "ae", "oe": "oe", "OE": "oe", "aa": "a",
            "AA": "a", "l": "l", "L": "l", "i": "i", "j": "j", "&": "&", "%": "%", "$": "$", "#": "#",
            "_": "_"}
_COMMAND = re.compile(r"\\([a-zA-Z]+|[^a-zA-Z\s])\s*")
_NO_ACCENT_WORD = re.compile(r"[^\w\s]|_")


def _command(m: re.Match[str]) -> str:
    return _LETTERS.get(m.group(1), "")


@lru_cache(maxsize=200_000)
def fold_latex(raw: str) -> str:
    """Matching form of raw BibTeX text: commands dropped (accents, fonts), braces gone, then `fold`.

    Both copies of a work go through the same function, so `{\\'e}`, `\\'{e}` and `é` all give `e`.
    """
    if "\\" in raw:
        raw = _COMMAND.sub(_command, raw)
    return fold(raw.replace("{", "").replace("}", "").replace("$", ""))


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
          "xi": 11, "xii": 12}
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10, "one": 1, "two": 2, "three": 3, "four": 4,
                  "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_PART = re.compile(r"\b(part|vol|volume|band|tome|tomo|book|chapter|section|no|number)\s+([0-9]+|[ivx]+|"
                   + "|".join(_ORDINAL_WORDS) + r")\b")
_EDITION = re.compile(r"\b([0-9]+|" + "|".join(_ORDINAL_WORDS) + r")(?:st|nd|rd|th)?\s+(?:rev\w*\s+)?"
                      r"(?:edition|ed|edn|auflage|edicion)\b")
_TRAILING_NUMBER = re.compile(r"\s([0-9]+|[ivx]+)$")
_KIND = re.compile(r"^(?:(erratum|errata|corrigendum|retraction|retracted|addendum)\b|"
                   r"(correction|reply|response|rejoinder|comments?|discussion|retraction)\s+(?:to|on|of)\b)")
_KIND_NAMES = {"errata": "erratum", "corrigendum": "erratum", "correction": "erratum", "retracted": "retraction",
               "response": "reply", "rejoinder": "reply", "comments": "comment", "discussion": "comment"}


_ANY_MARK = re.compile(r"\b(?:part|vol|volume|band|tome|tomo|book|chapter|section|no|number|ed|edn|edition|"
                       r"auflage|edicion)\b|\s(?:\d+|[ivx]+)$|^(?:err|corr|retr|add|repl|resp|rejo|comm|disc)")
_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=50_000)
def number_value(text: str) -> str:
    """'2nd', 'second', 'II', '2' -> '2'; anything else folded as is."""
    t = fold(text)
    t = re.sub(r"\b(ed|edn|edition|rev|revised|and|enlarged|expanded|updated)\b", " ", t).strip()
    t = re.sub(r"^(\d+)(st|nd|rd|th)$", r"\1", t)
    if t in _ORDINAL_WORDS:
        return str(_ORDINAL_WORDS[t])
    if t in _ROMAN:
        return str(_ROMAN[t])
    return t.lstrip("0") or t


def discriminators(title: str, main: str = "") -> frozenset[str]:
    """What tells two works with near-equal titles apart: part/volume numbers, edition, erratum...

    A bare trailing number counts only at the end of the main title (`Survey 2013: ...`), so dropping
    the subtitle does not change it.
    """
    if not _ANY_MARK.search(title) and not (main and _TRAILING_NUMBER.search(main)):
        return _NONE
    out: set[str] = set()
    for m in _PART.finditer(title):
        kind = "part" if m.group(1) in {"part", "book", "section", "chapter"} else "vol"
        kind = "no" if m.group(1) in {"no", "number"} else kind
        out.add(f"{kind}:{number_value(m.group(2))}")
    for m in _EDITION.finditer(title):
        out.add(f"ed:{number_value(m.group(1))}")
    trailing = _TRAILING_NUMBER.search(main or title)
    if trailing and not out:
        out.add(f"seq:{number_value(trailing.group(1))}")
    kind_mark = _KIND.match(title)
    if kind_mark:
        word = kind_mark.group(1) or kind_mark.group(2)
        out.add(_KIND_NAMES.get(word, word))
    return frozenset(out)


# Venue abbreviations that are not prefixes of the word (prefixes such as "Phys." match by themselves).
_VENUE_WORDS = {"intl": "international", "natl": "national", "mtg": "meeting", "ws": "workshop",
                "assn": "association", "dept": "department", "govt": "government", "mgmt": "management",
                "engg": "engineering", "symp": "symposium", "jnl": "journal", "jrnl": "journal"}
_VENUE_STOP = frozenset({"the", "of", "on", "and", "in", "for", "a", "an", "de", "la", "el", "der", "die",
                         "und", "du", "des", "et", "y"})


@lru_cache(maxsize=50_000)
def venue_tokens(raw: str) -> tuple[str, ...]:
    """Venue words, abbreviations expanded, stop words and years dropped."""
    words = [_VENUE_WORDS.get(w, w) for w in fold_latex(raw).split()]
    return tuple(w for w in words if w not in _VENUE_STOP and not w.isdigit())


def venue_similar(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when the shorter venue's words are prefixes of the longer's, in order ('Phys Rev' ~ 'Physical Review')."""
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    j = 0
    for w in short:
        while j < len(long_) and not long_[j].startswith(w) and not w.startswith(long_[j]):
            j += 1
        if j == len(long_):
            return False
        j += 1
    return True


def first_page(pages: str) -> str:
    """'187--208' -> '187'; 'e1234' stays; empty when none."""
    m = re.match(r"\s*([A-Za-z]?\d+[A-Za-z]?|[ivxlc]+)", pages)
    return m.group(1).lower().lstrip("0") if m else ""
