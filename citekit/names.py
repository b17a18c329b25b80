"""BibTeX name lists to structured names: family, given, particle, suffix, corporate."""

from __future__ import annotations

from dataclasses import dataclass

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person
from pybtex.exceptions import PybtexError

from citekit.model import Name
from citekit.normalize import fold, latex_to_unicode


@dataclass(frozen=True, slots=True)
class NameList:
    """The names of one field; `others` is True when the list ends in 'and others'."""

    names: tuple[Name, ...]
    others: bool = False


def _is_braced_whole(raw: str) -> bool:
    """True when the whole name is one brace group: `{United Nations}`."""
    s = raw.strip()
    if len(s) < 2 or s[0] != "{" or s[-1] != "}":
        return False
    depth = 0
    for i, ch in enumerate(s):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and i != len(s) - 1:
                return False
    return True


def parse_name(raw: str) -> Name:
    """Parse one BibTeX name (`von Last, Jr, First` or `First von Last`)."""
    raw = raw.strip()
    if _is_braced_whole(raw):
        return Name(family=latex_to_unicode(raw[1:-1]), corporate=True, raw=raw)
    try:
        p = Person(raw)
    except PybtexError:  # pybtex rejects e.g. too many commas; keep the text as a family name
        return Name(family=latex_to_unicode(raw), raw=raw)
    def dec(parts: list[str]) -> str:
        return latex_to_unicode(" ".join(parts))
    given = " ".join(x for x in (dec(p.first_names), dec(p.middle_names)) if x)
    return Name(
        family=dec(p.last_names),
        given=given,
        particle=dec(p.prelast_names),
        suffix=dec(p.lineage_names),
        raw=raw,
    )


def parse_names(value: str) -> NameList:
    """Split a name list on top-level `and` and parse each name."""
    if not value.strip():
        return NameList(())
    parts = [p for p in split_name_list(value) if p.strip()]
    others = bool(parts) and parts[-1].strip().lower() == "others"
    if others:
        parts = parts[:-1]
    return NameList(tuple(parse_name(p) for p in parts), others)


def family_key(name: Name) -> str:
    """Folded family name without particle, for matching ('Reyes Matta' -> 'reyes matta')."""
    return fold(name.family)


def matches_family(name: Name, cited: str) -> bool:
    """True when a cited surname matches: whole family, particle+family, or a part of a compound."""
    c = fold(cited)
    if not c:
        return False
    fam = fold(name.family)
    if c == fam or c == fold(name.full_family):
        return True
    return c in fam.split() if " " in fam or "-" in name.family else False
