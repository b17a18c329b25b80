"""Rendered text as segments with formatting, and CSL's punctuation rules when joining them."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A segment is (text, flags): flags is a string of formatting codes: i (italic), b (bold),
# c (small caps), ^ (superscript), _ (subscript), u (a URL or DOI link).
Segment = tuple[str, str]
_MARKUP = re.compile(r"(<i>|</i>|<b>|</b>|<sup>|</sup>|<sub>|</sub>|<span style=\"font-variant:small-caps;\">|"
                     r"<span class=\"nocase\">|</span>)")
_TAG_FLAGS = {"<i>": "i", "<b>": "b", "<sup>": "^", "<sub>": "_", '<span style="font-variant:small-caps;">': "c",
              '<span class="nocase">': ""}


@dataclass(frozen=True, slots=True)
class Rich:
    """An immutable run of formatted text."""

    segs: tuple[Segment, ...] = ()

    @staticmethod
    def of(text: str, flags: str = "") -> Rich:
        return Rich(((text, flags),)) if text else EMPTY

    @staticmethod
    def markup(text: str) -> Rich:
        """Parse CSL-JSON's HTML-like markup (<i>, <b>, <sup>, <sub>, small caps)."""
        if "<" not in text:
            return Rich.of(text)
        segs: list[Segment] = []
        stack: list[str] = []
        for piece in _MARKUP.split(text):
            if piece in _TAG_FLAGS:
                stack.append(_TAG_FLAGS[piece])
            elif piece in ("</i>", "</b>", "</sup>", "</sub>", "</span>"):
                if stack:
                    stack.pop()
            elif piece:
                segs.append((piece, "".join(stack)))
        return Rich(tuple(segs))

    @property
    def text(self) -> str:
        return "".join(s for s, _ in self.segs)

    def __bool__(self) -> bool:
        return bool(self.segs)  # segments are never empty strings

    def styled(self, flag: str) -> Rich:
        """Apply a flag to every segment; italic inside italic flips back to roman (CSL flip-flop)."""
        out = []
        for s, f in self.segs:
            if flag in f and flag == "i":
                out.append((s, f.replace("i", "")))
            elif flag not in f:
                out.append((s, f + flag))
            else:
                out.append((s, f))
        return Rich(tuple(out))

    def map_text(self, fn: object) -> Rich:
        """Apply a str -> str function to the plain text, keeping segment boundaries when lengths match."""
        whole = self.text
        new = fn(whole)  # type: ignore[operator]
        if len(new) != len(whole):
            flags = self.segs[0][1] if self.segs else ""
            return Rich.of(new, flags)
        out, pos = [], 0
        for s, f in self.segs:
            if s:
                out.append((new[pos:pos + len(s)], f))
            pos += len(s)
        return Rich(tuple(out))

    def first_char(self) -> str:
        for s, _ in self.segs:
            if s:
                return s[0]
        return ""

    def last_char(self) -> str:
        for s, _ in reversed(self.segs):
            if s:
                return s[-1]
        return ""

    def drop_last(self, n: int = 1) -> Rich:
        segs = list(self.segs)
        while n and segs:
            s, f = segs[-1]
            k = min(n, len(s))
            segs[-1] = (s[:-k] if k else s, f)
            n -= k
            if not segs[-1][0]:
                segs.pop()
        return Rich(tuple(segs))

    def drop_first(self, n: int = 1) -> Rich:
        segs = list(self.segs)
        while n and segs:
            s, f = segs[0]
            k = min(n, len(s))
            segs[0] = (s[k:], f)
            n -= k
            if not segs[0][0]:
                segs.pop(0)
        return Rich(tuple(segs))


EMPTY = Rich()
_CLOSERS = "”’"


def concat(a: Rich, b: Rich, quote_punct: bool = False) -> Rich:
    """a + b with CSL's punctuation rules: no doubled periods; en-US moves . and , inside quotes."""
    if not a:
        return b
    if not b:
        return a
    first = b.first_char()
    if first in ".,;:!?":
        last = a.last_char()
        if first == "." and last in ".?!":
            b = b.drop_first()
        elif quote_punct and last in _CLOSERS and first in ".,":
            inner = a.drop_last()
            if inner.last_char() in ".?!" or (first == "." and inner.last_char() == ","):
                b = b.drop_first()
            else:
                punct_flags = a.segs[-1][1]
                a = Rich(inner.segs + ((first, punct_flags), (last, punct_flags)))
                b = b.drop_first()
        elif first == "," and last == "," or first in ";:" and last in ".;:" and first == last:
            b = b.drop_first()
    return Rich(a.segs + b.segs)


def join(parts: list[Rich], sep: str = "", quote_punct: bool = False) -> Rich:
    out = EMPTY
    for p in parts:
        if not p:
            continue
        if out and sep:
            out = concat(out, Rich.of(sep), quote_punct)
        out = concat(out, p, quote_punct)
    return out
