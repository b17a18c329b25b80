"""A small LaTeX inline reader for field values: text plus the structure that matters for casing.

It mirrors what pandoc's BibTeX reader keeps: brace groups (protected from recasing), emphasis,
bold, small caps, super/subscript and quotations; accents, escapes and dashes become Unicode.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "d": "\u0323",
    "b": "\u0331", "r": "\u030a", "k": "\u0328",
}
# What pandoc's LaTeX reader makes of argument-less commands; others it does not know vanish
# (\BibTeX, \dag, \textbar, \ng, ...).
_SYMBOLS = {
    "i": "ı", "j": "ȷ", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "textendash": "–", "textemdash": "—",
    "ldots": "…", "dots": "…", "LaTeX": "LaTeX", "TeX": "TeX", "textmu": "μ",
    "textquoteright": "’", "textquoteleft": "‘", "textquotedblleft": "“", "textquotedblright": "”",
    "S": "§", "P": "¶", "copyright": "©", "textregistered": "®",
    "pounds": "£", "euro": "€", "textdegree": "°", "guillemotleft": "«",
    "guillemotright": "»", "textasciitilde": "~", "textbackslash": "\\",
    "textless": "<", "textgreater": ">", "slash": "/", "quad": " ",
    "qquad": " ", "hyphen": "-", "noindent": "", "relax": "", "textsection": "§",
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": "\u00a0", ",": "\u2006",
    ";": " ", "!": "", "/": "", "-": "\u00ad", "@": "", "\\": " ", "textsuperscript": "",
}
_WRAPPERS = {
    "emph": "i", "textit": "i", "textsl": "i", "mkbibemph": "i", "textbf": "b", "mkbibbold": "b",
    "textsc": "sc", "textsuperscript": "sup", "textsubscript": "sub", "mkbibquote": "Q", "enquote": "Q",
}
# pandoc ignores \sc (a brace group stays, protected from recasing)
_DECLARATIONS = {"em": "i", "it": "i", "itshape": "i", "sl": "i", "bf": "b", "bfseries": "b", "sc": "",
                 "scshape": "sc", "rm": "", "normalfont": "", "upshape": "", "tt": "", "sf": ""}
# Commands whose argument pandoc keeps as text; any other command with arguments vanishes with them
# (\mbox{...}, \text{...}, \cite{...}, \bibcyr{...}), as pandoc's LaTeX reader drops unknown commands.
_PLAIN = {"textup", "textrm", "textnormal", "textsf", "texttt", "url", "nolinkurl", "textmd", "uppercase"}
_SPACE = re.compile(r"\s+")
_RUN = re.compile(r"[^{}\\$~\-`'“‘]+")
_NOT_ONE_SPACE = re.compile(r"[^\S ]|  ")  # whitespace other than single spaces
_PLAIN_FAST = re.compile(r"[\\{}$~`'\"\-“‘]")


@dataclass(slots=True)
class Node:
    """A structured piece: kind is 'g' (brace group), 'i', 'b', 'sc', 'sup', 'sub', 'q' (quoted) or 'm'
    (inline math: one string "$...$" kept as TeX and never recased)."""

    kind: str
    children: list[Inline] = field(default_factory=list)


Inline = str | Node


class _Reader:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0

    def parse(self, stop: str = "") -> list[Inline]:
        out: list[Inline] = []
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if stop and c == stop:
                return out
            if c == "{":
                self.i += 1
                kids = self.parse("}")
                self.i += 1
                out.append(Node("g", kids))
            elif c == "}":
                self.i += 1  # stray closing brace
            elif c == "\\":
                self._command(out)
            elif c == "$":
                end = s.find("$", self.i + 1)
                end = len(s) if end < 0 else end
                out.append(Node("m", [s[self.i:end + 1]]))  # pandoc keeps inline math as TeX
                self.i = end + 1
            elif c == "~":
                out.append("\u00a0")
                self.i += 1
            elif c == "-":
                n = len(s) - len(s[self.i:].lstrip("-"))
                n = n - self.i if n > self.i else 1
                out.append({1: "-", 2: "–", 3: "—"}.get(n, "-" * n))
                self.i += n
            elif c == "`":
                if s.startswith("``", self.i):
                    self._open_quote(out, "``", "''")
                else:
                    self._open_quote(out, "`", "'")
            elif c == "“":
                self._open_quote(out, "“", "”")
            elif c == "‘":
                self._open_quote(out, "‘", "’")
            elif c == "'":
                if s.startswith("''", self.i):
                    out.append("”")
                    self.i += 2
                else:
                    out.append("’")
                    self.i += 1
            else:  # a run of plain text, spaces included (each space run becomes one space)
                m = _RUN.match(s, self.i)
                j = m.end() if m else self.i + 1
                piece = s[self.i:j]
                out.append(_SPACE.sub(" ", piece) if _NOT_ONE_SPACE.search(piece) else piece)
                self.i = j
        return out

    def _open_quote(self, out: list[Inline], opener: str, close: str) -> None:
        """Quotes (``...'', `...', “...”, ‘...’) become a quotation when closed; nested ones pair up
        inside out. A single closing quote followed by a letter is an apostrophe."""
        start = self.i + len(opener)
        braces, nested, j, s = 0, 0, start, self.s
        single = len(close) == 1
        while j < len(s):
            if s[j] == "{":
                braces += 1
            elif s[j] == "}":
                braces -= 1
            elif braces == 0 and s.startswith(opener, j) and not (opener == "`" and s.startswith("``", j)):
                nested += 1
                j += len(opener)
                continue
            elif braces == 0 and s.startswith(close, j) and not (close == "'" and s.startswith("''", j)):
                if single and j + 1 < len(s) and s[j + 1].isalpha():
                    j += 1
                    continue
                if nested:
                    nested -= 1
                    j += len(close)
                    continue
                inner = _Reader(s[start:j]).parse()
                out.append(Node("q", inner))
                self.i = j + len(close)
                return
            j += 1
        out.append({"``": "“", "`": "‘"}.get(opener, opener))
        self.i = start

    def _arg(self) -> list[Inline]:
        """One macro argument: a brace group's contents or the next character."""
        s = self.s
        while self.i < len(s) and s[self.i] == " ":
            self.i += 1
        if self.i >= len(s):
            return []
        if s[self.i] == "{":
            self.i += 1
            kids = self.parse("}")
            self.i += 1
            return kids
        if s[self.i] == "\\":
            tmp: list[Inline] = []
            self._command(tmp)
            return tmp
        self.i += 1
        return [s[self.i - 1]]

    def _command(self, out: list[Inline]) -> None:
        s = self.s
        self.i += 1
        if self.i >= len(s):
            return
        if s[self.i].isalpha():
            j = self.i
            while j < len(s) and s[j].isalpha():
                j += 1
            name = s[self.i:j]
            self.i = j
            if name not in _ACCENTS and j < len(s) and s[j] == " ":
                while self.i < len(s) and s[self.i] == " ":
                    self.i += 1
        else:
            name = s[self.i]
            self.i += 1
            if name == "(":  # \( ... \): inline math, kept as $...$
                end = s.find("\\)", self.i)
                end = len(s) if end < 0 else end
                out.append(Node("m", ["$" + s[self.i:end] + "$"]))
                self.i = end + 2
                return
        self._apply(name, out)

    def _apply(self, name: str, out: list[Inline]) -> None:
        if name in _ACCENTS and (not name.isalpha() or name in "uvHcdbrk"):
            arg = flatten(self._arg())
            base = {"ı": "i", "ȷ": "j"}.get(arg[:1], arg[:1])
            out.append(unicodedata.normalize("NFC", base + _ACCENTS[name]) + arg[1:])
        elif name in _WRAPPERS:
            kind = _WRAPPERS[name]
            if kind == "Q":  # biblatex quotation macros: a quotation protected from recasing
                out.append(Node("g", [Node("q", self._arg())]))
            else:
                out.append(Node(kind, self._arg()))
        elif name in _DECLARATIONS:
            kind = _DECLARATIONS[name]
            rest = self.parse("}")
            out.append(Node(kind, rest) if kind else Node("g", rest))
        elif name in _SYMBOLS:
            out.append(_SYMBOLS[name])
        elif name == "href":
            self._arg()
            out.extend(self._arg())
        elif name in _PLAIN:
            out.extend(self._arg())
        elif name == "MakeUppercase":
            out.append(flatten(self._arg()).upper())
        elif name == "ensuremath":
            self._skip_spaces()
            if self.s.startswith("{", self.i):
                start = self.i + 1
                self._arg()
                out.append(Node("m", ["$" + self.s[start:self.i - 1] + "$"]))
        elif name == "textcolor":
            self._arg()
            out.extend(self._arg())
        elif name.isalpha():
            self._skip_args()
        # unknown non-letter commands vanish

    def _skip_spaces(self) -> None:
        while self.i < len(self.s) and self.s[self.i] == " ":
            self.i += 1

    def _skip_args(self) -> None:
        """Drop an unknown command's arguments: optional [..] and braced {..} groups right after it."""
        s = self.s
        while True:
            j = self.i
            while j < len(s) and s[j] == " ":
                j += 1
            if j < len(s) and s[j] == "[":
                end = s.find("]", j)
                if end < 0:
                    return
                self.i = end + 1
            elif j < len(s) and s[j] == "{":
                self.i = j + 1
                self.parse("}")
                self.i += 1
            else:
                return


def parse(text: str) -> list[Inline]:
    """Read a field value (LaTeX) into inlines."""
    if not _PLAIN_FAST.search(text):
        return [_SPACE.sub(" ", text).strip()] if text.strip() else []
    out = _Reader(text.strip()).parse()
    return _merge(out)


def _merge(items: list[Inline]) -> list[Inline]:
    """Join adjacent strings and collapse spaces."""
    out: list[Inline] = []
    for it in items:
        if isinstance(it, str):
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + it
            else:
                out.append(it)
        else:
            if it.kind != "m":
                it.children = _merge(it.children)
            out.append(it)
    cleaned: list[Inline] = []
    for it in out:
        if isinstance(it, str):
            it = _SPACE.sub(" ", it)
            if not it:
                continue
        cleaned.append(it)
    return cleaned


def flatten(items: list[Inline]) -> str:
    """Plain text of inlines (quotations get curly double quotes)."""
    parts: list[str] = []
    for it in items:
        if isinstance(it, str):
            parts.append(it)
        elif it.kind == "q":
            parts.append("“" + flatten(it.children) + "”")
        else:
            parts.append(flatten(it.children))
    return "".join(parts)


_TAGS = {"i": ("<i>", "</i>"), "b": ("<b>", "</b>"), "sup": ("<sup>", "</sup>"), "sub": ("<sub>", "</sub>"),
         "sc": ('<span style="font-variant:small-caps;">', "</span>"), "q": ("“", "”"), "g": ("", ""),
         "m": ("", "")}


def to_markup(items: list[Inline], depth: int = 0) -> str:
    """CSL-JSON rich text: <i>, <b>, <sup>, <sub>, small caps span; quotations as “…”, nested ones as ‘…’."""
    parts: list[str] = []
    for it in items:
        if isinstance(it, str):
            parts.append(it)
        else:
            a, b = _TAGS[it.kind] if it.kind != "q" or depth % 2 == 0 else ("‘", "’")
            inner = to_markup(it.children, depth + (it.kind == "q"))
            parts.append(a + inner + b if inner or it.kind == "q" else "")
    return "".join(parts)


def strip(text: str) -> str:
    """Trim outer whitespace of a finished string, non-breaking spaces included."""
    return text.strip(" \u00a0")
