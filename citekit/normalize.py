"""Pure text functions: LaTeX to Unicode, folding for matching, verbatim-field unescaping."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text

_LATEX_HINT = re.compile(r"[\\{}$~`]|--|''")
_SPACES = re.compile(r"\s+")
_SINGLE_QUOTED = re.compile(r"`([^`']*)'")  # TeX `quoted' -> ‘quoted’
_NON_WORD = re.compile(r"[^\w\s]|_", re.UNICODE)
_VERBATIM_ESCAPES = re.compile(r"\\([_%#&$])|\\~\{\}|\\textasciitilde(?:\{\})?\s?")
_converter = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=False, keep_braced_groups=False)

# Fields whose content is verbatim in biblatex: only the escapes are undone.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "urlraw", "pdf", "verba", "verbb", "verbc"})


@lru_cache(maxsize=65536)
def latex_to_unicode(text: str) -> str:
    """Decode LaTeX markup (accents, escapes, braces, dashes) to plain Unicode text."""
    if not _LATEX_HINT.search(text):
        return _SPACES.sub(" ", text).strip()
    try:
        out = _converter.latex_to_text(text)
    except Exception:  # noqa: BLE001 - pylatexenc gives up on some broken markup; fall back to stripping
        out = text.replace("{", "").replace("}", "")
    out = _SINGLE_QUOTED.sub("\u2018\\1\u2019", out).replace("`", "\u2018").replace("\xa0", " ")
    return unicodedata.normalize("NFC", _SPACES.sub(" ", out).strip())


def unescape_verbatim(text: str) -> str:
    """Undo LaTeX escapes in a URL-like value exactly once (`\\_` -> `_`, `\\~{}` -> `~`)."""
    def repl(m: re.Match[str]) -> str:
        return m.group(1) if m.group(1) else "~"

    return _VERBATIM_ESCAPES.sub(repl, text.strip())


def strip_accents(text: str) -> str:
    """Remove combining marks: 'Entre Ríos' -> 'Entre Rios'."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return out.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Matching form: accents stripped, case folded, punctuation to spaces, spaces collapsed."""
    return " ".join(_NON_WORD.sub(" ", strip_accents(text).casefold()).split())


def collapse_spaces(text: str) -> str:
    """Collapse runs of whitespace to one space and trim."""
    return _SPACES.sub(" ", text).strip()
