"""Output markup: pybtex's rich text and backends (text, Markdown, HTML, LaTeX) plus RTF."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pybtex.backends import BaseBackend
from pybtex.plugin import find_plugin
from pybtex.richtext import HRef, String, Tag, Text

from citekit.render.rich import Rich

MARKUPS = ("text", "markdown", "html", "latex", "rtf")
_TAGS = {"i": "em", "b": "strong", "c": "sc", "^": "sup", "_": "sub"}


class RTFBackend(BaseBackend):  # type: ignore[misc]
    """Rich Text Format: \\i for italics, \\b for bold, \\uN? for non-ASCII characters."""

    default_suffix = ".rtf"
    symbols: ClassVar[dict[str, str]] = {"ndash": "\\endash ", "newblock": " ", "nbsp": "\\~"}
    tags: ClassVar[dict[str, str]] = {"em": "i", "strong": "b", "sc": "scaps", "sup": "super", "sub": "sub", "i": "i", "b": "b"}

    def format_str(self, text: str) -> str:
        out = []
        for ch in text:
            if ch in "\\{}":
                out.append("\\" + ch)
            elif ord(ch) > 127:
                code = ord(ch)
                out.append(f"\\u{code - 65536 if code > 32767 else code}?")
            else:
                out.append(ch)
        return "".join(out)

    def format_tag(self, tag_name: str, text: str) -> str:
        word = self.tags.get(tag_name)
        return f"{{\\{word} {text}}}" if word else text

    def format_href(self, url: str, text: str, external: bool = False) -> str:
        return text

    def format_protected(self, text: str) -> str:
        return text

    def write_entry(self, key: str, label: str, text: str) -> None:
        self.output(text + "\\par\n")


class MarkdownBackend(find_plugin("pybtex.backends", "markdown")):  # type: ignore[misc]
    """Markdown that escapes only what Markdown would misread, so pasted lists stay readable."""

    _SPECIAL = re.compile(r"([\\`*_\[\]<>|])")

    def format_str(self, text: str) -> str:
        return self._SPECIAL.sub(r"\\\1", text)


def to_pybtex(rich: Rich) -> Text:
    """Convert segments to pybtex rich text (nested tags, links for URLs)."""
    parts: list[Any] = []
    for s, flags in rich.segs:
        piece: Any = String(s)
        for f in flags:
            if f == "u":
                url = s.replace("\u2019", "'")
                piece = HRef(url if url.startswith("http") else "https://doi.org/" + url, piece)
            elif f in _TAGS:
                piece = Tag(_TAGS[f], piece)
        parts.append(piece)
    return Text(*parts)


def backend(markup: str) -> BaseBackend:
    if markup == "rtf":
        return RTFBackend()
    if markup == "markdown":
        return MarkdownBackend()
    name = {"text": "text", "markdown": "markdown", "html": "html", "latex": "latex"}[markup]
    return find_plugin("pybtex.backends", name)()


_BACKENDS: dict[str, BaseBackend] = {}


def to_markup(rich: Rich, markup: str = "text") -> str:
    """Rendered text in one of MARKUPS."""
    if markup == "text":
        return rich.text
    if markup not in _BACKENDS:
        _BACKENDS[markup] = backend(markup)
    return str(to_pybtex(rich).render(_BACKENDS[markup]))


def document(texts: list[str], markup: str) -> str:
    """A whole reference list: one entry per line (HTML as a list, RTF as a document)."""
    if markup == "html":
        return "<ul class=\"references\">\n" + "".join(f"<li>{t}</li>\n" for t in texts) + "</ul>\n"
    if markup == "rtf":
        body = "".join(t + "\\par\n" for t in texts)
        return "{\\rtf1\\ansi\\deff0\n" + body + "}\n"
    if markup == "markdown":
        return "".join(t + "\n\n" for t in texts).rstrip("\n") + ("\n" if texts else "")
    return "".join(t + "\n" for t in texts)
