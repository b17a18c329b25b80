"""What a style file defines, and how styles are found by name or path."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citekit.errors import CitekitError
from citekit.render.locale import Locale, get_locale


class StyleError(CitekitError):
    """A style that cannot be found or loaded."""


@dataclass
class Style:
    """A citation style: its layout template, sort keys and disambiguation rule.

    `layout` is a template node for one bibliography entry; `sort_key(ctx)` gives the entry's sort
    key; `cite_key(ctx)` what an in-text citation shows (names and year), so entries that would be
    cited the same get year suffixes; `terms` overrides locale terms.
    """

    name: str
    lang: str
    layout: Any
    sort_key: Callable[[Any], tuple[Any, ...]]
    cite_key: Callable[[Any], tuple[Any, ...]] | None = None
    suffix: str = "."
    terms: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    title_case: bool = False  # apply CSL title case to English titles (Chicago)
    pybtex: str | None = None  # a pybtex style name ('plain', 'unsrt', 'alpha') instead of a layout
    add_names: tuple[int, int] = (0, 0)  # citations' (et-al-min, et-al-use-first): show more names where
    # "(Family et al., year)" would be alike for different author lists
    add_givenname: bool = False  # with add_names: citeproc-js's by-cite given-name disambiguation too

    def locale(self) -> Locale:
        loc = get_locale(self.lang)
        for t, forms in self.terms.items():
            loc.override(t, **forms)
        return loc


PYBTEX_STYLES = ("plain", "unsrt", "alpha")


def styles_dirs() -> list[Path]:
    """Where styles are looked up: $CITEKIT_STYLES, ./styles, then the installed package's styles/."""
    dirs: list[Path] = []
    env = os.environ.get("CITEKIT_STYLES")
    if env:
        dirs.extend(Path(p) for p in env.split(os.pathsep) if p)
    dirs.append(Path.cwd() / "styles")
    here = Path(__file__).resolve().parent.parent
    dirs.append(here / "styles")          # installed: citekit/styles
    dirs.append(here.parent / "styles")   # source checkout: <repo>/styles
    seen, out = set(), []
    for d in dirs:
        if d not in seen:
            seen.add(d)
            out.append(d)
    return out


def available_styles() -> list[str]:
    """Names of the styles that can be picked with --style."""
    names = set(PYBTEX_STYLES)
    for d in styles_dirs():
        if d.is_dir():
            names.update(p.stem for p in d.glob("*.py") if not p.stem.startswith("_"))
    return sorted(names)


_CACHE: dict[str, Style] = {}


def load_style(name_or_path: str) -> Style:
    """A Style by name (from styles/) or from a .py file path; pybtex's own styles by name."""
    if name_or_path in _CACHE:
        return _CACHE[name_or_path]
    if name_or_path in PYBTEX_STYLES:
        style = Style(name_or_path, "en-US", None, lambda ctx: (), pybtex=name_or_path)
    else:
        path = _find(name_or_path)
        style = _load_file(path)
    _CACHE[name_or_path] = style
    return style


def _find(name: str) -> Path:
    p = Path(name)
    if p.suffix == ".py" and p.is_file():
        return p
    if p.suffix == ".csl":
        raise StyleError(f"{name}: CSL files need the csl extra (pip install citekit[csl])")
    for d in styles_dirs():
        cand = d / f"{name}.py"
        if cand.is_file():
            return cand
    raise StyleError(f"unknown style {name!r}; available: {', '.join(available_styles())}")


def _load_file(path: Path) -> Style:
    spec = importlib.util.spec_from_file_location(f"citekit_style_{path.stem.replace('-', '_')}", path)
    if spec is None or spec.loader is None:
        raise StyleError(f"{path}: cannot load style")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # a user's style file with a bug: report it, don't crash
        raise StyleError(f"{path}: style file failed to load: {exc}") from exc
    style = getattr(module, "STYLE", None)
    if not isinstance(style, Style):
        raise StyleError(f"{path}: defines no STYLE = Style(...)")
    return style
