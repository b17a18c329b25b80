"""BibTeX name lists to CSL names, split the way pandoc's biblatex reader splits them."""

from __future__ import annotations

import re

from citekit.render.latex import Inline, Node, flatten, parse

Word = list[Inline]
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_INITIALS = re.compile(r"(?<![^\s.])([A-Z])\.([A-Z])(?=[.\s]|$)")


def _split_and(items: list[Inline]) -> list[list[Inline]]:
    """Split a parsed name list on top-level ' and ' (case-sensitive, as pandoc)."""
    groups: list[list[Inline]] = [[]]
    for it in items:
        if isinstance(it, str):
            parts = re.split(r"(?:^|\s)and(?:\s|$)", it)
            for k, p in enumerate(parts):
                if k:
                    groups.append([])
                if p:
                    groups[-1].append(p)
        else:
            groups[-1].append(it)
    return groups


def _comma_parts(items: list[Inline]) -> list[list[Word]]:
    """Comma-separated parts, each a list of words (a word is a list of inlines)."""
    parts: list[list[Word]] = [[]]
    word: Word = []

    def end_word() -> None:
        nonlocal word
        if word:
            parts[-1].append(word)
            word = []

    for it in items:
        if isinstance(it, Node):
            word.append(it)
            continue
        buf = ""
        for ch in it:
            if ch == ",":
                if buf:
                    word.append(buf)
                    buf = ""
                end_word()
                parts.append([])
            elif ch in " \u00a0":
                if buf:
                    word.append(buf)
                    buf = ""
                end_word()
            else:
                buf += ch
        if buf:
            word.append(buf)
    end_word()
    return parts


def _capitalized(word: Word) -> bool:
    """pandoc's test: the first letter (skipping digits and brace groups) is upper case."""
    for it in word:
        if isinstance(it, Node):
            continue
        for ch in it:
            if ch.isupper():
                return True
            if not ch.isdigit():
                return False
    return True


def _text(words: list[Word]) -> str:
    return " ".join(flatten(w) for w in words)


def _space_initials(items: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for it in items:
        if isinstance(it, str):
            prev = None
            while prev != it:
                prev, it = it, _INITIALS.sub(r"\1. \2", it)
        out.append(it)
    return out


def parse_csl_name(items: list[Inline], useprefix: bool = False) -> dict[str, str] | None:
    """One name as a CSL name object (family/given/dropping-particle/suffix, or literal)."""
    items = [it for it in items if not (isinstance(it, str) and not it.strip())]
    if not items:
        return None
    if len(items) == 1 and isinstance(items[0], Node) and items[0].kind == "g":
        return {"literal": flatten(items[0].children).strip()}
    if len(items) == 1 and isinstance(items[0], str) and items[0].strip() == "others":
        return {"literal": "others"}
    first_str = items[0] if isinstance(items[0], str) else ""
    if "=" in first_str.split(",")[0]:
        return _extended(flatten(items))
    parts = [p for p in _comma_parts(_space_initials(items))]
    first: list[Word]
    jr: list[Word] = []
    if len(parts) == 1:
        fvl = parts[0]
        k = 0
        while k < len(fvl) and _capitalized(fvl[k]):
            k += 1
        caps, rest = fvl[:k], fvl[k:]
        if not rest and caps:
            first, vonlast = caps[:-1], caps[-1:]
        else:
            first, vonlast = caps, rest
    elif len(parts) == 2:
        vonlast, first = parts[0], parts[1]
    else:
        vonlast, jr, first = parts[0], parts[1], parts[2]
    k = 0
    while k < len(vonlast) and not _capitalized(vonlast[k]):
        k += 1
    if k and k == len(vonlast):
        von, last = vonlast[:-1], vonlast[-1:]
    else:
        von, last = vonlast[:k], vonlast[k:]
    out: dict[str, str] = {}
    if (fam := _text(last)):
        out["family"] = fam
        words = fam.split(" ")
        k = 0
        while k < len(words) - 1 and words[k][:1].islower():
            k += 1
        if k and not von:  # a family name that starts with particles: "{de Dios Ortuzar}"
            out["non-dropping-particle"] = " ".join(words[:k])
            out["family"] = " ".join(words[k:])
    if (giv := _text(first)):
        out["given"] = giv
        gw = giv.split(" ")
        k = len(gw)
        while k > 1 and gw[k - 1][:1].islower():
            k -= 1
        if k < len(gw) and not von:  # "Aalst, W. van der": trailing lower-case words are a particle
            out["given"] = " ".join(gw[:k])
            out["dropping-particle"] = " ".join(gw[k:])
    if (pre := _text(von)):
        out["non-dropping-particle" if useprefix else "dropping-particle"] = pre
    if (suf := _text(jr)):
        out["suffix"] = suf
    return out or None


def _extended(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in text.split(","):
        key, _, value = part.partition("=")
        key, value = key.strip().lower(), value.strip()
        if key == "given":
            out["given"] = (out.get("given", "") + " " + value).strip()
        elif key == "family":
            out["family"] = value
        elif key == "prefix":
            out["dropping-particle"] = value
        elif key == "suffix":
            out["suffix"] = value
        elif key == "useprefix" and value == "true" and "dropping-particle" in out:
            out["non-dropping-particle"] = out.pop("dropping-particle")
    return out


def parse_csl_names(value: str, useprefix: bool = False) -> list[dict[str, str]]:
    """A BibTeX name list (LaTeX) as CSL names."""
    out = []
    for group in _split_and(parse(value)):
        name = parse_csl_name(group, useprefix)
        if name:
            out.append(name)
    return out
