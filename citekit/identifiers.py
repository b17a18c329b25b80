"""Identifiers in canonical form: DOI, ISBN, ISSN, arXiv id, URL, year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from stdnum import isbn as _isbn
from stdnum import issn as _issn
from stdnum.exceptions import ValidationError

_DOI_IN_TEXT = re.compile(r"10\.\d{4,9}/[^\s\"<>{}]+", re.IGNORECASE)
_DOI_STRICT = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV_NEW = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(v\d+)?(?!\d)")
_ARXIV_OLD = re.compile(r"\b([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?\b")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d|21\d\d)(?!\d)")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
ARXIV_DOI_PREFIX = "10.48550/arxiv."


def find_doi(text: str) -> str | None:
    """The first DOI in any written form (bare, `doi:`, doi.org URL, percent-encoded), lower-cased."""
    if not text:
        return None
    m = _DOI_IN_TEXT.search(unquote(text))
    if not m:
        return None
    return m.group().rstrip(".,;)]").lower()


def is_valid_doi(text: str) -> bool:
    """True when `text`, after removing a resolver prefix, is a syntactically valid DOI."""
    s = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", text.strip(), flags=re.IGNORECASE)
    return bool(_DOI_STRICT.match(unquote(s)))


def normalize_isbn(text: str) -> str | None:
    """ISBN-10 or ISBN-13 as a 13-digit string, or None when invalid."""
    try:
        return str(_isbn.to_isbn13(_isbn.validate(text)))
    except ValidationError:
        return None


def split_isbns(text: str) -> list[str]:
    """All the ISBN-like chunks of a field that may list several."""
    return [c for c in re.split(r"[,;\s]+(?=[\dXx])|\s+and\s+", text) if re.search(r"\d", c)]


def normalize_issn(text: str) -> str | None:
    """ISSN as NNNN-NNNC, or None when invalid."""
    try:
        return str(_issn.format(_issn.validate(text)))
    except ValidationError:
        return None


def find_arxiv(text: str) -> str | None:
    """An arXiv id without version, from an id, an arxiv.org URL or a 10.48550 DOI."""
    if not text:
        return None
    low = text.lower()
    if ARXIV_DOI_PREFIX in low:
        text = text[low.index(ARXIV_DOI_PREFIX) + len(ARXIV_DOI_PREFIX):]
    m = _ARXIV_NEW.search(text) or _ARXIV_OLD.search(text)
    return m.group(1) if m else None


def find_year(text: str) -> int | None:
    """The first plausible year in a `year` or `date` value."""
    m = _YEAR.search(text or "")
    return int(m.group(1)) if m else None


def is_valid_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host and no spaces."""
    return bool(_URL.match(text.strip()))


def canonical_url(text: str) -> str:
    """Lower-case scheme and host, no fragment, no trailing slash; used as a matching key."""
    m = re.match(r"^(https?)://([^/?#]+)([^#]*)", text.strip(), re.IGNORECASE)
    if not m:
        return text.strip()
    path = m.group(3).rstrip("/")
    return f"{m.group(1).lower()}://{m.group(2).lower()}{path}"


@dataclass(frozen=True, slots=True)
class Identifiers:
    """The normalised identifiers of one entry."""

    doi: str | None = None
    isbns: tuple[str, ...] = ()
    issns: tuple[str, ...] = ()
    arxiv: str | None = None
    urls: tuple[str, ...] = ()
    year: int | None = None
