"""Places named in a manuscript, the keys cited in the sentences about them, and drafted claims."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from citekit.audit.model import Cite
from citekit.model import Case
from citekit.normalize import strip_accents

# fmt: off
_ABBREV = frozenset([
    "al", "e.g", "i.e", "cf", "p", "pp", "no", "vol", "dr", "st", "mr", "mrs", "ms", "u.s", "u.k",
    "fig", "ed", "eds", "ch", "chap", "sec", "n.d", "s.f", "ibid", "op", "cit", "etc", "vs", "approx",
])
# fmt: on
_BOUNDARY = re.compile(r"[.!?…]+[\"”’»)]*\s+|\n\s*\n")
_CITE_PAREN = re.compile(r"\s*\([^()]*\)")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


def _lower_same_length(text: str) -> str:
    """Accent-stripped, lower-cased text with every index unchanged."""
    out = []
    for ch in text:
        s = strip_accents(ch).lower()
        out.append(s if len(s) == 1 else ch.lower()[:1] or ch)
    return "".join(out)


def sentences(text: str, end: int) -> list[Sentence]:
    """Sentence spans of the body text (abbreviations such as 'et al.' and 'p.' do not end a sentence)."""
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text, 0, end):
        word = re.search(r"([\w.]+)[.!?…]*$", text[max(0, m.start() - 12) : m.start() + 1])
        nxt = text[m.end() : m.end() + 1]
        if "\n" not in m.group(0) and _not_boundary(text, start, m.start(), word, nxt):
            continue
        out.append(Sentence(start, m.end()))
        start = m.end()
    if start < end:
        out.append(Sentence(start, end))
    return out


def _not_boundary(text: str, start: int, at: int, word: re.Match[str] | None, nxt: str) -> bool:
    """An abbreviation, an initial, a lower-case continuation, or a period inside parentheses."""
    w = word.group(1).rstrip(".") if word else ""
    if w.lower() in _ABBREV or (len(w) == 1 and w.isupper()) or (nxt and nxt.islower()):
        return True
    chunk = text[start:at]
    return chunk.count("(") > chunk.count(")")


def _pattern(name: str) -> re.Pattern[str] | None:
    words = re.findall(r"\w+", _lower_same_length(name))
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"[\s\-–—]+".join(re.escape(w) for w in words) + r"(?!\w)")


def places_named(text: str, end: int, cases: list[Case]) -> list[tuple[int, Case]]:
    """Every mention (position, case) of a case's name or alias; capitalised names must be capitalised."""
    low = _lower_same_length(text[:end])
    found: dict[int, tuple[int, Case]] = {}
    for case in cases:
        for name in sorted({case.name, *case.aliases}, key=len, reverse=True):
            pat = _pattern(name)
            if pat is None:
                continue
            for m in pat.finditer(low):
                if name[:1].isupper() and not text[m.start()].isupper():
                    continue
                found.setdefault(m.start(), (m.start(), case))
    return sorted(found.values(), key=lambda t: t[0])


def _sentence_of(sents: list[Sentence], pos: int) -> int:
    for i, s in enumerate(sents):
        if s.start <= pos < s.end:
            return i
    return len(sents) - 1


def case_sources(text: str, end: int, cases: list[Case], cites: list[Cite]) -> dict[str, list[str]]:
    """Each place named (case name) -> keys cited in the sentences that name it, in order of citation."""
    sents = sentences(text, end)
    by_sentence: dict[int, list[str]] = {}
    for c in cites:
        if c.key and not c.secondary:
            keys = by_sentence.setdefault(_sentence_of(sents, c.start), [])
            if c.key not in keys:
                keys.append(c.key)
    out: dict[str, list[str]] = {}
    for pos, case in places_named(text, end, cases):
        keys = out.setdefault(case.name, [])
        for k in by_sentence.get(_sentence_of(sents, pos), []):
            if k not in keys:
                keys.append(k)
    return out


def _unique_id(base: str, used: set[str]) -> str:
    cid, n = base, 2
    while cid in used:
        cid, n = f"{base}-{n}", n + 1
    used.add(cid)
    return cid


def _evidence(cites: list[Cite]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for c in cites:
        item = {"key": c.key or ""}
        if c.locator:
            item["locator"] = c.locator
        if item not in out:
            out.append(item)
    return out


def _with_partners(found: list[Case], in_paragraph: list[Case]) -> list[str]:
    """The cases of a sentence, plus their partners named in the same paragraph (the claim is about the tie)."""
    ids = [c.id for c in found]
    for case in found:
        for other in in_paragraph:
            linked = other.id in case.partners or case.id in other.partners
            if linked and other.id not in ids:
                ids.append(other.id)
    return ids


def draft_claims(
    text: str, end: int, cases: list[Case], cites: list[Cite], doc: str
) -> list[dict[str, object]]:
    """A claim draft for each sentence that names a case and cites a source, for a researcher to curate."""
    sents = sentences(text, end)
    mentions = places_named(text, end, cases)
    named: dict[int, list[Case]] = {}
    for pos, case in mentions:
        lst = named.setdefault(_sentence_of(sents, pos), [])
        if case not in lst:
            lst.append(case)
    drafts: list[dict[str, object]] = []
    used: set[str] = set()
    for i, found in sorted(named.items()):
        s = sents[i]
        evidence = [c for c in cites if c.key and not c.secondary and s.start <= c.start < s.end]
        if not evidence:
            continue
        para_start = text.rfind("\n\n", 0, s.start) + 1
        para_end = text.find("\n\n", s.end)
        para_end = end if para_end < 0 else para_end
        in_paragraph = [case for pos, case in mentions if para_start <= pos < para_end]
        drafts.append(
            {
                "id": _unique_id(f"draft-{found[0].id}", used),
                "text": _claim_text(text[s.start : s.end]),
                "cases": _with_partners(found, in_paragraph),
                "evidence": _evidence(evidence),
                "source": f"{doc}:{text.count(chr(10), 0, s.start) + 1}",
            }
        )
    return drafts


def _claim_text(sentence: str) -> str:
    out = _CITE_PAREN.sub(
        lambda m: "" if re.search(r"\d{4}|n\.d\.|s\.f\.", m.group(0)) else m.group(0), sentence
    )
    out = re.sub(r"\s+([.,;:])", r"\1", " ".join(out.split()))
    return out.strip()


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def claims_toml(drafts: list[dict[str, object]]) -> str:
    """Drafted claims as `[[claim]]` tables for refs/claims.toml (to be curated, not trusted)."""
    lines = [
        "# Claims drafted by `citekit audit --emit-claims` from a manuscript: review each before use.",
        "",
    ]
    for d in drafts:
        lines.append("[[claim]]")
        lines.append(f"id = {_toml_str(str(d['id']))}")
        lines.append(f"text = {_toml_str(str(d['text']))}")
        cases = d["cases"] if isinstance(d["cases"], list) else []
        lines.append("cases = [" + ", ".join(_toml_str(str(c)) for c in cases) + "]")
        ev = d["evidence"] if isinstance(d["evidence"], list) else []
        items = ["{ " + ", ".join(f"{k} = {_toml_str(str(v))}" for k, v in e.items()) + " }" for e in ev]
        lines.append("evidence = [" + ", ".join(items) + "]")
        lines.append(f"# from {d['source']}")
        lines.append("")
    return "\n".join(lines)
