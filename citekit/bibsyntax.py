"""BibTeX value syntax: tokenising field values, stripping delimiters, expanding @string macros.

Everything here is iterative (no recursion), so 10,000 nested braces or a long value cost linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTH_MACROS = {
    m: str(i)
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
MAX_EXPANSION = 1 << 20  # characters one expanded value may reach
_IDENT = re.compile(r"[^\s\"#%'(),={}]+")
_WS = re.compile(r"\s*")


@dataclass(frozen=True, slots=True)
class Token:
    """One piece of a value: kind is 'brace', 'quote', 'number' or 'macro'."""

    kind: str
    text: str


class ValueSyntaxError(ValueError):
    """A field value that BibTeX would not accept; `offset` is where it goes wrong."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def _scan_balanced(src: str, start: int, closer: str) -> int:
    """Index just past the delimiter closing the group opened at `start`."""
    depth = 0
    i = start + 1
    n = len(src)
    while i < n:
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                if closer == "}":
                    return i + 1
                raise ValueSyntaxError("unbalanced '}' in value", i)
            depth -= 1
        elif ch == closer and depth == 0:
            return i + 1
        i += 1
    raise ValueSyntaxError("value is not closed", start)


def tokenize(src: str) -> list[Token]:
    """Split a raw value (`{A} # mac # "b"`) into tokens; raise ValueSyntaxError if malformed."""
    tokens: list[Token] = []
    i = _WS.match(src, 0).end()  # type: ignore[union-attr]
    n = len(src)
    if i >= n:
        raise ValueSyntaxError("empty value", 0)
    while True:
        ch = src[i]
        if ch in "{\"":
            end = _scan_balanced(src, i, "}" if ch == "{" else '"')
            tokens.append(Token("brace" if ch == "{" else "quote", src[i + 1 : end - 1]))
        else:
            m = _IDENT.match(src, i)
            if not m:
                raise ValueSyntaxError(f"unexpected {ch!r} in value", i)
            end = m.end()
            word = m.group()
            tokens.append(Token("number" if word.isdigit() else "macro", word))
        i = _WS.match(src, end).end()  # type: ignore[union-attr]
        if i >= n:
            return tokens
        if src[i] != "#":
            raise ValueSyntaxError("text after the value: a missing comma between fields?", i)
        i = _WS.match(src, i + 1).end()  # type: ignore[union-attr]
        if i >= n:
            raise ValueSyntaxError("'#' at the end of the value", i)


def content(src: str) -> str:
    """The value without its outer delimiters when it is one literal; otherwise as written."""
    s = src.strip()
    if len(s) >= 2 and ((s[0] == "{" and s[-1] == "}") or (s[0] == '"' and s[-1] == '"')):
        try:
            toks = tokenize(s)
        except ValueSyntaxError:
            return s
        if len(toks) == 1:
            return toks[0].text
    return s


def expand(src: str, strings: dict[str, str], limit: int = MAX_EXPANSION) -> tuple[str, list[str]]:
    """Expand a raw value with @string definitions (lower-cased names -> raw values).

    Returns the text and the names of undefined macros. Cycles and values over `limit`
    characters stop the expansion (the offending macro is reported as undefined).
    """
    try:
        toks = tokenize(src)
    except ValueSyntaxError:
        return content(src), []
    out: list[str] = []
    missing: list[str] = []
    size = 0
    stack: list[tuple[list[Token], int, frozenset[str]]] = [(toks, 0, frozenset())]
    while stack:
        toks, idx, active = stack.pop()
        if idx >= len(toks):
            continue
        stack.append((toks, idx + 1, active))
        tok = toks[idx]
        if tok.kind != "macro":
            out.append(tok.text)
            size += len(tok.text)
        else:
            name = tok.text.lower()
            if name in active or name not in strings:
                if name in MONTH_MACROS and name not in strings:
                    out.append(MONTH_MACROS[name])
                    continue
                missing.append(tok.text)
                out.append(tok.text)
                continue
            try:
                sub = tokenize(strings[name])
            except ValueSyntaxError:
                missing.append(tok.text)
                continue
            stack.append((sub, 0, active | {name}))
        if size > limit:
            missing.append("<expansion limit>")
            break
    return "".join(out), missing


def brace_depth_ok(src: str, max_depth: int = 1000) -> bool:
    """True when braces never nest deeper than `max_depth`."""
    depth = 0
    for ch in src:
        if ch == "{":
            depth += 1
            if depth > max_depth:
                return False
        elif ch == "}":
            depth -= 1
    return True
