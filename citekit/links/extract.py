"""Links of the store, each with its entry, field, file and line: URLs, DOIs, arXiv, handle and PubMed ids.

Values are read as BibTeX wrote them: LaTeX escapes are undone exactly once, URLs wrapped across
lines are joined, IDN hosts become punycode and paths are percent-encoded exactly once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import idna

from citekit import bibsyntax
from citekit.entry import Entry
from citekit.identifiers import find_arxiv
from citekit.store import Store

DOI_RESOLVER = "https://doi.org/"
ARXIV_ABS = "https://arxiv.org/abs/"
TEXT_FIELDS = ("howpublished", "note", "annote")
_ESCAPES = re.compile(r"\\([_%#&$])|\\~\{\}|\\~(?=[^{])|\\text(?:asciitilde|underscore)(?:\{\})?")
_WRAP = re.compile(r"\s*\n\s*")
_IN_TEXT = re.compile(r"\\url\s*\{((?:[^{}]|\{[^{}]*\})*)\}|\\href\s*\{((?:[^{}]|\{[^{}]*\})*)\}"
                      r"|(?<![\w{])(https?://[^\s{}\"<>\\]+)", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/|\\url\{)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
# Other identifiers with a landing page: `eprinttype = {hdl}` etc. (biblatex), or fields of their own.
_HANDLE = (re.compile(r"(?:hdl:\s*|https?://hdl\.handle\.net/)?(\d+(?:\.\d+)*/\S+)", re.IGNORECASE),
           "https://hdl.handle.net/{}")
_PUBMED = (re.compile(r"(?:pmid:?\s*)?(\d{1,9})", re.IGNORECASE), "https://pubmed.ncbi.nlm.nih.gov/{}/")
_EPRINT_URLS = {
    "hdl": _HANDLE, "handle": _HANDLE, "pubmed": _PUBMED, "pmid": _PUBMED,
    "pmcid": (re.compile(r"(PMC\d{1,9})", re.IGNORECASE), "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/"),
    "jstor": (re.compile(r"(\d{1,12})"), "https://www.jstor.org/stable/{}"),
}
ID_FIELDS = ("hdl", "pmid", "pmcid")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Characters kept as they are in a path/query: RFC 3986 reserved and unreserved, and "%" (escapes).
_SAFE = "!#$%&'()*+,/:;=?@[]~-._"
# The DOI Handbook's encoding for DOIs in URLs: "%", '"', "#", "?", space, and the unsafe "<>{}^[]`|\\".
_DOI_SAFE = "!$&'()*+,/:;=@~-._"


@dataclass(frozen=True, slots=True)
class LinkRef:
    """One link as found in one entry: `kind` is url, doi, arxiv or an id type (hdl, pubmed, pmcid, jstor)."""

    key: str | None
    field: str
    path: str
    line: int | None
    url: str
    kind: str
    check_key: str
    urldate: str | None = None


def unescape_latex(value: str) -> str:
    """Undo `\\_ \\% \\# \\& \\$ \\~{} \\textasciitilde` once, drop grouping braces, join wrapped lines."""
    def repl(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1)
        return "_" if "underscore" in m.group(0) else "~"

    out = _ESCAPES.sub(repl, value)
    out = out.replace("{", "").replace("}", "")
    return _WRAP.sub("", out).strip()


def _idna_host(host: str) -> str:
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        try:
            return host.encode("idna").decode("ascii")
        except UnicodeError:
            return host


def normalize_url(url: str) -> str | None:
    """Canonical URL: lower-case scheme and host, punycode, percent-encoding applied exactly once."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.netloc or not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    host = parts.hostname
    host = f"[{host}]" if ":" in host else _idna_host(host.rstrip(".")).lower()
    default = {"http": 80, "https": 443}.get(scheme)
    netloc = host if port in (None, default) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"

    def enc(s: str) -> str:
        return quote(_BAD_PERCENT.sub("%25", s), safe=_SAFE)

    return urlunsplit((scheme, netloc, enc(parts.path) or "/", enc(parts.query), enc(parts.fragment)))


def check_key(url: str) -> str:
    """The form links are de-duplicated and cached by: the URL without its fragment."""
    return url.split("#", 1)[0]


def doi_value(raw: str) -> str | None:
    """A DOI from a `doi` field as written (`doi:`, doi.org URL, percent-encoded, LaTeX-escaped)."""
    s = _DOI_PREFIX.sub("", unescape_latex(raw)).strip().rstrip("}")
    if "%" in s:
        s = unquote(s)
    return s if _DOI.match(s) else None


def doi_url(doi: str) -> str:
    """`https://doi.org/<doi>`, percent-encoded per the DOI Handbook (SICI DOIs included)."""
    return DOI_RESOLVER + quote(doi, safe=_DOI_SAFE)


def _ref(entry: Entry, field: str, url: str, kind: str, key: str) -> LinkRef:
    date = entry.text("urldate")
    return LinkRef(entry.key, field, entry.path, entry.field_line(field), url, kind, key, date or None)


def _value(entry: Entry, field: str, strings: dict[str, str]) -> str | None:
    f = entry.field(field)
    if f is None:
        return None
    return bibsyntax.expand(f.source, strings)[0]


def _url_ref(entry: Entry, field: str, raw: str) -> LinkRef | None:
    """A url link; a value that is no absolute URL is kept as written (and reported as excluded)."""
    text = unescape_latex(raw)
    if not text:
        return None
    url = normalize_url(text) or text
    return _ref(entry, field, url, "url", check_key(url))


def _id_ref(entry: Entry, field: str, kind: str, raw: str) -> LinkRef | None:
    """A handle, PubMed, PMC or JSTOR id (biblatex `eprinttype` or its own field) as its landing page."""
    kind = kind.strip().lower()
    pattern, template = _EPRINT_URLS[kind]
    m = pattern.fullmatch(unescape_latex(raw).strip())
    if not m:
        return None
    url = template.format(quote(m.group(1), safe="/.-_"))
    return _ref(entry, field, url, kind, check_key(url))


def entry_links(entry: Entry, strings: dict[str, str]) -> list[LinkRef]:
    """Every link of one entry, in field order: url, doi, eprint (arXiv), then links inside text fields."""
    out: list[LinkRef] = []
    raw = _value(entry, "url", strings)
    if raw:
        m = _IN_TEXT.search(raw)
        ref = _url_ref(entry, "url", (m.group(1) or m.group(2)) if m and (m.group(1) or m.group(2)) else raw)
        if ref:
            out.append(ref)
    raw = _value(entry, "doi", strings)
    doi = doi_value(raw) if raw else None
    if doi:
        out.append(_ref(entry, "doi", doi_url(doi), "doi", "doi:" + doi.lower()))
    prefix = (_value(entry, "archiveprefix", strings) or _value(entry, "eprinttype", strings) or "")
    raw = _value(entry, "eprint", strings)
    if raw and prefix.strip().lower() == "arxiv" and (ax := find_arxiv(unescape_latex(raw))):
        version = re.search(re.escape(ax) + r"(v\d+)", raw)
        url = ARXIV_ABS + ax + (version.group(1) if version else "")
        out.append(_ref(entry, "eprint", url, "arxiv", url))
    if raw and prefix.strip().lower() in _EPRINT_URLS and (ref := _id_ref(entry, "eprint", prefix, raw)):
        out.append(ref)
    for field in ID_FIELDS:
        if (raw := _value(entry, field, strings)) and (ref := _id_ref(entry, field, field, raw)):
            out.append(ref)
    for field in TEXT_FIELDS:
        raw = _value(entry, field, strings)
        for m in _IN_TEXT.finditer(raw or ""):
            ref = _url_ref(entry, field, m.group(1) or m.group(2) or m.group(3).rstrip(".,;:)]"))
            if ref:
                out.append(ref)
    return out


def extract_links(store: Store) -> list[LinkRef]:
    """Every link of every entry in file order; duplicates kept (each entry is reported)."""
    out: list[LinkRef] = []
    for entry in store.entries:
        out.extend(entry_links(entry, store.strings))
    return out
