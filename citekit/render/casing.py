"""Case changes: pandoc's sentence-casing of English BibTeX titles, and CSL text-case rules."""

from __future__ import annotations

import re

from citekit.render.latex import Inline, Node, flatten

_START, _SENT, _WORD_END, _WORD_CHAR, _AFTER_STOP, _OTHER, _BEFORE_LAST = range(7)
_BREAKS = frozenset("-/\u2013\u2014")


_CHUNK = re.compile(r"[^\W_]+|\s+|.", re.DOTALL)


def _chunks(text: str) -> list[str]:
    """Split like pandoc: alphanumeric runs, whitespace runs, and every other character on its own."""
    return _CHUNK.findall(text)


class _SentenceCaser:
    """pandoc/citeproc's state machine for sentence case over an inline tree."""

    def __init__(self) -> None:
        self.state = _START

    def _advance(self, text: str) -> None:
        if not text:
            return
        c = text[-1]
        if c in ".?!:":
            self.state = _AFTER_STOP
        elif c.isalnum():
            self.state = _WORD_CHAR
        elif c.isspace() and self.state == _AFTER_STOP:
            self.state = _SENT
        elif c.isspace() or c in _BREAKS:
            self.state = _WORD_END
        elif self.state not in (_START, _SENT):  # "[on" after ": " still starts a sentence
            self.state = _OTHER

    def _word(self, chunk: str) -> str:
        st = self.state
        capitalized = chunk[0].isupper() and all(ch.islower() for ch in chunk[1:])
        start = st in (_START, _SENT)
        if capitalized and not start:
            return chunk.lower()
        if start and (capitalized or all(ch.islower() for ch in chunk)):
            low = chunk.lower()
            return low[:1].upper() + low[1:]
        return chunk

    def string(self, text: str) -> str:
        parts = []
        for chunk in _chunks(text):
            new = self._word(chunk) if chunk.isalnum() else chunk
            self._advance(chunk)
            parts.append(new)
        return "".join(parts)

    def walk(self, items: list[Inline]) -> list[Inline]:
        out: list[Inline] = []
        for it in items:
            if isinstance(it, str):
                out.append(self.string(it))
            elif it.kind in ("i", "b", "q"):
                out.append(Node(it.kind, self.walk(it.children)))
            else:  # protected: brace groups, small caps, super/subscripts
                self._advance(flatten(it.children).replace(" ", ""))
                out.append(it)
        return out


def sentence_case(items: list[Inline]) -> list[Inline]:
    """Sentence case as pandoc's BibTeX reader applies it to English titles (braces protect).

    As in pandoc, the last word (when it is plain text without a hyphen or slash) never counts as
    the start of a sentence, so "Fourth: Fifth" becomes "Fourth: fifth".
    """
    caser = _SentenceCaser()
    if not items or not isinstance(items[-1], str):
        return caser.walk(items)
    last = items[-1]
    cut = last.rstrip().rfind(" ")
    word = last[cut + 1:]
    head = items[:-1] + ([last[:cut + 1]] if cut >= 0 else [])
    if not head or any(c in _BREAKS for c in word):
        return caser.walk(items)
    out = caser.walk(head)
    if caser.state in (_WORD_END, _SENT, _START):
        caser.state = _BEFORE_LAST
    out.append(caser.string(word))
    return out


# ---- CSL text-case on rendered strings (citeproc-js behaviour) ----

STOP_WORDS = frozenset(
    ["about", "above", "across", "afore", "after", "against", "al", "along", "alongside", "amid", "amidst", "among", "amongst", "anenst", "apropos", "apud", "around", "as", "aside", "astride", "at", "athwart", "atop", "barring", "before", "behind", "below", "beneath", "beside", "besides", "between", "beyond", "but", "by", "circa", "despite", "down", "during", "et", "except", "for", "forenenst", "from", "given", "in", "inside", "into", "lest", "like", "modulo", "near", "next", "notwithstanding", "of", "off", "on", "onto", "out", "over", "per", "plus", "pro", "qua", "sans", "since", "than", "through", "throughout", "thruout", "till", "to", "toward", "towards", "under", "underneath", "until", "unto", "up", "upon", "versus", "vs.", "v.", "vs", "v", "via", "vis-à-vis", "with", "within", "without", "or", "yet", "so", "and", "nor", "a", "an", "the", "de", "d'", "von", "van", "c", "ca"])
_TAG_SPLIT = re.compile(r"(\u2018|\u2019|\u201c|\u201d|\"|'|[-\u2013\u2014/.,;?!:]|\[|\]|\(|\))")
_SPACES = re.compile(r"([\u00a0 \u2000-\u200b\u205f\u3000]+)")


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


_QUOTE_PAIRS = {"“": ("“", "”"), "‘": ("‘", "’"), ' "': (" '", '"'), " '": (' "', "'")}


def _quote_fixes(pieces: list[str]) -> list[int]:
    """Indices of pieces whose first letter citeproc-js's title case puts back as it was: the piece
    after a closing quote that closes nothing (d’absorption), after an opening quote left unclosed, or
    after one that replaced another."""
    stack: list[tuple[str, str, int | None]] = []
    restore: list[int] = []
    for k in range(1, len(pieces), 2):
        tag = pieces[k]
        if tag not in ("“", "‘", "’", "”", '"', "'"):
            continue
        if tag in ('"', "'") and pieces[k - 1].endswith(" "):
            tag = " " + tag
        if tag in _QUOTE_PAIRS:
            opener, closer = _QUOTE_PAIRS[tag]
            if not stack or tag == stack[-1][0]:
                stack.append((opener, closer, k + 1))
            else:
                prev = stack.pop()[2]
                stack.append((opener, closer, None))
                if prev is not None:
                    restore.append(prev)
        elif stack and tag == stack[-1][1]:
            stack.pop()
        else:
            restore.append(k + 1)
    restore.extend(pos for _, _, pos in stack if pos is not None)
    return restore


def title_case(text: str) -> str:
    """CSL title case as citeproc-js does it: lowercase words capitalised except stop words."""
    pieces = _TAG_SPLIT.split(text)
    orig = list(pieces)
    first, after_punct = True, False
    last: tuple[int, int] | None = None
    split_pieces: dict[int, list[str]] = {}
    for i in range(0, len(pieces), 2):
        s = pieces[i]
        following = pieces[i + 1] if i + 1 < len(pieces) else ""
        if i > 0 and re.search(r"[!?:]$", pieces[i - 1]):
            after_punct = True
        if s.strip():
            words = _SPACES.split(s)
            wi = [j for j in range(0, len(words), 2) if words[j]]
            for j in wi:
                w = words[j]
                low = w.lower()
                # citeproc-js means to capitalise a stop word before a hyphen, but only manages it in
                # the first piece of the string
                cap = (len(w) > 1 and low not in STOP_WORDS) or (i == 0 and j == wi[-1] and following == "-") \
                    or first or after_punct
                if cap and w == low:
                    words[j] = _cap(w)
                after_punct = first = False
                last = (i, j)
            split_pieces[i] = words
            pieces[i] = "".join(words)
    restore = _quote_fixes(orig) if any(q in text for q in "“‘’”\"'") else []
    for k in restore:
        if k < len(pieces) and pieces[k]:
            pieces[k] = orig[k][:1] + pieces[k][1:]
            if last is not None and last[0] == k:
                last = None
    if last is not None:
        i, j = last
        words = split_pieces[i]
        w = words[j]
        if len(w) > 1 and w.lower() in STOP_WORDS:
            words[j] = _cap(w)
            pieces[i] = "".join(words)
    return "".join(pieces)


def capitalize_first(text: str) -> str:
    """Upper-case the first letter when the first word is all lower case."""
    m = re.search(r"[^\s]+", text)
    if not m:
        return text
    w = m.group(0)
    if w == w.lower():
        return text[:m.start()] + _cap(w) + text[m.end():]
    return text
