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
_WS = re.compile(r"(?:\s|%[^\n]*)*")  # biber allows % comments between tokens


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


_DELIMS = {"{": re.compile(r"\\.|[{}]", re.DOTALL), '"': re.compile(r'\\.|[{}"]', re.DOTALL)}


def _one_literal(s: str) -> bool:
    """Fast check that `s` is exactly one delimited literal (scans only braces, quotes and escapes)."""
    inner = s[1:-1]
    if "\\" not in inner and "{" not in inner and "}" not in inner and (s[0] == "{" or '"' not in inner):
        return True
    depth = 0
    for m in _DELIMS[s[0]].finditer(s, 1):
        ch = m.group()
        if ch == "{":
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
        elif depth == 0 and ch in '}"':
            return m.end() == len(s) and ch == ("}" if s[0] == "{" else '"')
    return False


def value_text(src: str, strings: dict[str, str], cache: dict[str, str | None] | None = None) -> str:
    """A field's text: one literal's content (fast path), else the value with @string macros expanded."""
    s = src.strip()
    opener = s[:1]
    if (opener == "{" or opener == '"') and len(s) >= 2 and s[-1] == ("}" if opener == "{" else '"') \
            and "#" not in s:
        inner = s[1:-1]
        if ("\\" not in inner and "{" not in inner and "}" not in inner and '"' not in inner) or _one_literal(s):
            return inner
    return expand(s, strings, cache=cache)[0]


def content(src: str) -> str:
    """The value without its outer delimiters when it is one literal; otherwise as written."""
    s = src.strip()
    if len(s) >= 2 and ((s[0] == "{" and s[-1] == "}") or (s[0] == '"' and s[-1] == '"')):
        if _one_literal(s):
            return s[1:-1]
        try:
            toks = tokenize(s)
        except ValueSyntaxError:
            return s
        if len(toks) == 1:
            return toks[0].text
    return s


class ExpansionLimit(ValueError):
    """A @string value that would expand beyond the limit (an expansion bomb) or refers to itself."""


def _macro_text(name: str, strings: dict[str, str], cache: dict[str, str | None], limit: int) -> str | None:
    """Fully expanded text of a macro (None when undefined, cyclic or over the limit); iterative."""
    stack = [name]
    active: set[str] = set()
    while stack:
        cur = stack[-1]
        if cur in cache:
            stack.pop()
            continue
        try:
            toks = tokenize(strings[cur])
        except (KeyError, ValueSyntaxError):
            cache[cur] = None
            stack.pop()
            continue
        pending = [t.text.lower() for t in toks if t.kind == "macro" and t.text.lower() in strings
                   and t.text.lower() not in cache]
        if pending and cur not in active:
            active.add(cur)
            stack.extend(p for p in pending if p not in active)
            continue
        parts: list[str] = []
        size = 0
        for t in toks:
            low = t.text.lower()
            if t.kind != "macro":
                piece: str | None = t.text
            elif low in strings:
                piece = cache.get(low)
            else:
                piece = MONTH_MACROS.get(low, t.text)
            if piece is None:
                parts = []
                size = limit + 1
                break
            parts.append(piece)
            size += len(piece)
            if size > limit:
                break
        cache[cur] = "".join(parts) if size <= limit else None
        active.discard(cur)
        stack.pop()
    return cache.get(name)


def expand(src: str, strings: dict[str, str], limit: int = MAX_EXPANSION,
           cache: dict[str, str | None] | None = None) -> tuple[str, list[str]]:
    """Expand a raw value with @string definitions (lower-cased names -> raw values).

    Returns the text and the names of macros left unexpanded (undefined, cyclic, or whose
    expansion would pass `limit` characters: those stay as the macro's name).
    """
    try:
        toks = tokenize(src)
    except ValueSyntaxError:
        return content(src), []
    memo: dict[str, str | None] = {} if cache is None else cache
    out: list[str] = []
    missing: list[str] = []
    for tok in toks:
        low = tok.text.lower()
        if tok.kind != "macro":
            out.append(tok.text)
        elif low in strings:
            text = _macro_text(low, strings, memo, limit)
            if text is None:
                missing.append(tok.text)
                out.append(tok.text)
            else:
                out.append(text)
        elif low in MONTH_MACROS:
            out.append(MONTH_MACROS[low])
        else:
            missing.append(tok.text)
            out.append(tok.text)
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
