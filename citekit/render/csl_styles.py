"""CSL styles by name (`--style ieee`): a local styles folder, citekit's cache, or one download.

A name is looked up as `<name>.csl` in `$CITEKIT_CSL_STYLES` (folders separated by the path separator),
Zotero's `~/Zotero/styles`, then citekit's cache. Otherwise it is fetched once from the CSL repository
(`$CITEKIT_CSL_REPOSITORY`, by default the official styles on GitHub) and kept in the cache. A dependent
style (a journal that borrows another style's rules) is replaced by its independent parent, which is
what citeproc-py can render.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import platformdirs
import requests

from citekit.render.style import StyleError
from citekit.textio import atomic_write

REPOSITORY = "https://raw.githubusercontent.com/citation-style-language/styles/master"
_NAME = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
_CSL_NS = "{http://purl.org/net/xbiblio/csl}"
TIMEOUT = 20.0


def is_csl_name(name: str) -> bool:
    """True for a name that can only mean a CSL style (not a built-in style, not a file path)."""
    from citekit.render.style import available_styles

    return bool(_NAME.fullmatch(name)) and name not in available_styles()


def search_dirs() -> list[Path]:
    env = os.environ.get("CITEKIT_CSL_STYLES", "")
    dirs = [Path(d).expanduser() for d in env.split(os.pathsep) if d]
    return [*dirs, Path.home() / "Zotero" / "styles", cache_dir()]


def cache_dir() -> Path:
    return Path(os.environ.get("CITEKIT_CACHE_DIR") or platformdirs.user_cache_dir("citekit")) / "csl-styles"


def resolve(name: str, session: requests.Session | None = None) -> Path:
    """The path of an independent CSL style for `name`, downloading it (and its parent) if needed."""
    path = _local(name) or _download(name, session)
    parent = independent_parent(path)
    return resolve(parent, session) if parent and parent != name else path


def _local(name: str) -> Path | None:
    for d in search_dirs():
        cand = d / f"{name}.csl"
        if cand.is_file():
            return cand
    return None


def _download(name: str, session: requests.Session | None) -> Path:
    base = os.environ.get("CITEKIT_CSL_REPOSITORY", REPOSITORY).rstrip("/")
    url = f"{base}/{name}.csl"
    try:
        resp = (session or requests).get(url, timeout=TIMEOUT)
    except requests.RequestException as exc:
        from citekit.render.style import available_styles

        raise StyleError(f"unknown style {name!r} (built-in: {', '.join(available_styles())}), and the CSL "
                         f"repository could not be reached ({url}: {type(exc).__name__}); pass a .csl file "
                         f"or put {name}.csl in $CITEKIT_CSL_STYLES") from exc
    if resp.status_code != 200:
        from citekit.render.style import available_styles

        raise StyleError(f"unknown style {name!r} (built-in: {', '.join(available_styles())}); "
                         f"the CSL repository ({url}) answered HTTP {resp.status_code}")
    try:
        root = ET.fromstring(resp.content)
    except ET.ParseError as exc:
        raise StyleError(f"style {name!r}: {url} is not a CSL style ({exc})") from exc
    if root.tag != _CSL_NS + "style":
        raise StyleError(f"style {name!r}: {url} is not a CSL style (root element {root.tag})")
    dest = cache_dir() / f"{name}.csl"
    dest.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(dest, resp.content)
    return dest


def independent_parent(path: Path) -> str | None:
    """The parent style's name when `path` is a dependent CSL style, else None."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise StyleError(f"{path}: not a readable CSL style ({exc})") from exc
    for link in root.iter(_CSL_NS + "link"):
        if link.get("rel") == "independent-parent" and (href := link.get("href")):
            return href.rstrip("/").rsplit("/", 1)[-1]
    return None
