"""Finding citations in a manuscript: author-date prose, pandoc `[@key]` and LaTeX `\\cite{key}`."""

from __future__ import annotations

import re

from citekit.audit.grammar import (
    DASHES,
    GROUP_WORDS,
    LOC_RE,
    PARTICLES,
    is_name_word,
    locator_only,
    parse_group,
    parse_narrative_paren,
)
from citekit.audit.model import Cite

_QUOTE_CLOSERS = '”"»’'
_TOKEN = re.compile(r"[^\W\d_][\w’'.\-]*|[–—&,]")
_POSSESSIVE = re.compile(r"(?:[’']s|[’'])$")
_CONJ = frozenset({"and", "y", "e", "&"})
_RUN_OK = frozenset({"of", "the", "for", "on", "de", "del", "la", "et", "al.", "al"}) | PARTICLES
_PANDOC_GROUP = re.compile(r"\[(?P<inner>[^\[\]]*?@[^\[\]]*)\]")
_PANDOC_KEY = re.compile(r"(?<![\w@.])(?P<sup>-)?@(?P<key>\w[\w:.#$%&+?<>~/-]*\w|\w)")
_PANDOC_BARE = re.compile(r"(?<![\w@\[\]-])@(?P<key>\w[\w:.#$%&+?<>~/-]*\w|\w)(?:\s?\[(?P<loc>[^\[\]@]*)\])?")
_TEX_CITE = re.compile(
    r"\\(?P<cmd>[a-zA-Z]*cite[a-zA-Z]*)\*?\s*(?:\[(?P<o1>[^\]]*)\])?\s*(?:\[(?P<o2>[^\]]*)\])?"
    r"\s*\{(?P<keys>[^}]*)\}"
)
_TEX_COMMENT = re.compile(r"(?<!\\)%.*")


def _matching_paren(text: str, open_at: int, limit: int) -> int | None:
    """Index of the ')' closing the '(' at `open_at`, within the paragraph; None when unbalanced."""
    depth = 0
    for i in range(open_at, min(limit, open_at + 600)):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        elif ch == "\n" and text.startswith("\n", i + 1):
            return None
    return None


def narrative_run(text: str, pos: int) -> list[tuple[int, int]]:
    """Spans of the name-like words right before `pos` ('Acuto et al.', 'China – Celac Forum')."""
    floor = max(0, pos - 200, text.rfind("\n\n", 0, pos) + 1)
    toks = list(_TOKEN.finditer(text, floor, pos))
    run: list[tuple[int, int]] = []
    edge = pos
    conj = False
    for m in reversed(toks):
        if text[m.end() : edge].strip():
            break
        tok = m.group(0)
        low = tok.lower()
        if not run:
            bare = _POSSESSIVE.sub("", low)
            if not (is_name_word(_POSSESSIVE.sub("", tok)) or bare == "al." or bare in GROUP_WORDS):
                break
        elif tok == ",":
            if not conj:
                break
        elif low in _CONJ:
            conj = True
        elif not (is_name_word(tok) or low in _RUN_OK or tok in DASHES):
            break
        run.append((m.start(), m.end()))
        edge = m.start()
    run.reverse()
    if run and _POSSESSIVE.sub("", text[run[-1][0] : run[-1][1]].lower()) in GROUP_WORDS and (
        len(run) < 3 or text[run[-2][0] : run[-2][1]].lower() not in _CONJ
    ):
        return []  # 'the colleagues (2016)': a group word only after 'Name and'
    while (
        run
        and not is_name_word(text[run[0][0] : run[0][1]])
        and text[run[0][0] : run[0][1]].lower() not in PARTICLES - {"al", "el", "la"}
    ):
        run.pop(0)
    return run


def _alternatives(text: str, run: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Author texts of a run from the longest to the shortest, possessive dropped."""
    if not run:
        return []
    end = run[-1][1]
    last = text[run[-1][0] : end]
    if (m := _POSSESSIVE.search(last)) and last.lower() != "al.":
        end -= len(m.group(0))
    out = []
    for s, e in run:
        word = text[s:e]
        if is_name_word(word) or word.lower() in PARTICLES - {"al", "el"}:
            out.append((s, text[s:end]))
    return out


def _after_quote(text: str, open_at: int) -> bool:
    before = text[max(0, open_at - 3) : open_at].rstrip(" ,.\u00a0")
    return bool(before) and before[-1] in _QUOTE_CLOSERS


def _narrative(text: str, open_at: int, close: int, inner: str) -> list[Cite]:
    found = parse_narrative_paren(inner, open_at + 1)
    if found is None:
        return []
    parsed, more = found
    run = narrative_run(text, open_at)
    alts = _alternatives(text, run)
    if not alts:
        return []
    out = []
    for i, it in enumerate(parsed):
        only = len(parsed) == 1 and more is None
        start = alts[0][0] if i == 0 else it.start
        end = close + 1 if only else it.end
        c = Cite(start, end, text[start:end], (), "", it.year, it.suffix, it.locator, narrative=True)
        c.alternatives = list(alts)
        out.append(c)
    if more is not None:
        out.extend(parse_group(text[more:close], more))
    return out


def extract_prose(text: str, limit: int | None = None) -> list[Cite]:
    """Author-date citations in running text before `limit` (the manuscript's reference list)."""
    end = len(text) if limit is None else limit
    cites: list[Cite] = []
    skip_until = -1
    for m in re.finditer(r"\(", text[:end]):
        at = m.start()
        if at < skip_until:
            continue
        close = _matching_paren(text, at, end)
        if close is None:
            continue
        inner = text[at + 1 : close]
        found = _narrative(text, at, close, inner)
        if not found and (loc := locator_only(inner)):
            _attach_locator(cites, text, at, loc)
            continue
        if not found:
            found = parse_group(inner, at + 1)
            quoted = _after_quote(text, at)
            for c in found:
                c.after_quote = quoted
        if found:
            cites.extend(found)
            skip_until = close
    return cites


def _attach_locator(cites: list[Cite], text: str, at: int, loc: str) -> None:
    """`Flores (2011) … (p. 85)`: give the locator to the last narrative citation of the paragraph."""
    if not cites:
        return
    last = cites[-1]
    if last.narrative and last.locator is None and "\n\n" not in text[last.end : at] and at - last.end < 600:
        last.locator = loc


def extract_pandoc(text: str, limit: int | None = None) -> list[Cite]:
    """Pandoc citations: `[see @key, p. 5; @other]` and in-text `@key [p. 5]`."""
    end = len(text) if limit is None else limit
    out: list[Cite] = []
    taken: list[tuple[int, int]] = []
    for g in _PANDOC_GROUP.finditer(text, 0, end):
        base = g.start("inner")
        inner = g.group("inner")
        pos = 0
        for part in inner.split(";"):
            km = _PANDOC_KEY.search(part)
            if km:
                rest = part[km.end() :]
                loc = rest.strip().lstrip(",").strip() or None
                s = base + pos + km.start()
                e = base + pos + len(part.rstrip())
                out.append(Cite(s, e, text[s:e], year="", locator=loc, key_written=km.group("key")))
            pos += len(part) + 1
        taken.append((g.start(), g.end()))
    for b in _PANDOC_BARE.finditer(text, 0, end):
        if any(s <= b.start() < e for s, e in taken):
            continue
        loc = b.group("loc").strip() if b.group("loc") else None
        out.append(
            Cite(
                b.start(),
                b.end(),
                b.group(0),
                locator=loc or None,
                narrative=True,
                key_written=b.group("key"),
            )
        )
    out.sort(key=lambda c: c.start)
    return out


def mask_tex_comments(text: str) -> str:
    """Replace LaTeX comments with spaces, keeping every index in place."""
    return _TEX_COMMENT.sub(lambda m: " " * len(m.group(0)), text)


def _tex_locator(o1: str | None, o2: str | None) -> str | None:
    post = o2 if o2 is not None else o1
    if not post:
        return None
    post = post.replace("~", " ").replace("--", "–").strip()
    return post if LOC_RE.fullmatch(post) else None


def extract_tex(text: str) -> list[Cite]:
    """`\\cite`-family commands (natbib and biblatex): one citation per key, with the postnote as locator."""
    masked = mask_tex_comments(text)
    out: list[Cite] = []
    for m in _TEX_CITE.finditer(masked):
        if m.group("cmd").lower() in {"nocite"}:
            continue
        loc = _tex_locator(m.group("o1"), m.group("o2"))
        base = m.start("keys")
        narrative = m.group("cmd").lower() in {"citet", "textcite", "citeauthor", "citealt"}
        pos = 0
        for part in m.group("keys").split(","):
            key = part.strip()
            if key:
                s = base + pos + part.index(key)
                out.append(Cite(s, s + len(key), key, locator=loc, narrative=narrative, key_written=key))
            pos += len(part) + 1
    return out
