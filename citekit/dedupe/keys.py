"""Normalised match keys: each entry is read and folded exactly once, into a MatchKey."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from pybtex.bibtex.utils import split_name_list

from citekit import bibsyntax
from citekit.dedupe.text import discriminators, first_page, fold_latex, number_value, venue_tokens
from citekit.entry import Entry
from citekit.identifiers import ARXIV_DOI_PREFIX, find_arxiv, find_doi, find_year, normalize_isbn, split_isbns
from citekit.normalize import unescape_verbatim

# Entry types grouped into families that may describe the same work.
TYPE_FAMILY = {
    "article": "article", "periodical": "article", "suppperiodical": "article",
    "inproceedings": "paper", "conference": "paper",
    "incollection": "chapter", "inbook": "chapter", "bookinbook": "chapter", "suppbook": "chapter",
    "book": "book", "mvbook": "book", "collection": "book", "mvcollection": "book", "proceedings": "book",
    "mvproceedings": "book", "reference": "book", "mvreference": "book", "booklet": "book",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report", "manual": "report", "standard": "report", "patent": "report",
}
_MAIN_SPLIT = re.compile(r"[:?!;]\s|(?<=\w\w\w)\.\s|(?<=\s[IVX])\.\s|(?<=\s[IVX]{2})\.\s|"
                         r"\s[-\u2013\u2014]+\s|\s--+\s|[:?!]$")  # 'Computations II. Lower bounds' too
_SPLIT_HINT = re.compile(r"[:?!;.\-\u2013\u2014]")  # a title without any of these has no subtitle
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_CORP_STOP = frozenset({"of", "the", "and", "for", "on", "in", "de", "la", "del", "des", "et", "y", "für", "fur"})
_PREPRINT_HINT = re.compile(r"preprint|arxiv|ssrn|biorxiv|medrxiv|working paper|submitted", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Person:
    """One author in matching form: folded family name, first initial, every folded name word."""

    family: str
    initial: str
    words: frozenset[str]
    acronyms: tuple[str, ...] = ()


@dataclass(slots=True)
class MatchKey:
    """What the matcher needs of one entry, computed once.

    Blocking and the first title test need only the first block of fields; the rest is filled in by
    `complete` for the few entries whose title or identifier comes close to another's.
    """

    index: int
    key: str
    etype: str
    family: str
    title: str
    main: str
    words: tuple[str, ...]
    first: str
    year: int | None
    doi: str | None
    arxiv: str | None
    isbns: frozenset[str]
    nfields: int
    values: dict[str, str]
    later: dict[str, str]
    strings: dict[str, str]
    full: bool = False
    disc: frozenset[str] = frozenset()
    nums: frozenset[str] = frozenset()
    authors: tuple[Person, ...] = ()
    others: bool = False
    volume: str = ""
    number: str = ""
    edition: str = ""
    page: str = ""
    chapter: str = ""
    venue: tuple[str, ...] = ()
    preprint: bool = False


def _person(raw: str) -> Person | None:
    """A fast name split good enough for matching (`Last, First`, `First von Last`, `{Corporate}`)."""
    raw = raw.strip()
    if not raw:
        return None
    if _braced_whole(raw):
        name = fold_latex(raw)
        words = name.split()
        acro = "".join(w[0] for w in words if w not in _CORP_STOP) if len(words) > 2 else ""
        return Person(name, "", frozenset(words), (acro,) if acro else ())
    parts = [p.strip() for p in _split_top(raw, ",")]
    if len(parts) >= 2:
        fam_words = fold_latex(parts[0]).split()
        given = fold_latex(parts[-1])
    else:
        words = _split_top(raw, " ")
        folded = [fold_latex(w) for w in words if w]
        low = [i for i, w in enumerate(words[:-1]) if w[:1].islower() and i > 0]
        cut = low[0] if low else len(folded) - 1
        fam_words = folded[cut:]
        given = " ".join(folded[:cut])
    while len(fam_words) > 1 and fam_words[0] in _PARTICLES:
        fam_words = fam_words[1:]
    family = " ".join(w for w in fam_words if w)
    if not family:
        family, given = given, ""
    return Person(family, given[:1], frozenset(family.split()) | frozenset(given.split()))


_PARTICLES = frozenset({"van", "von", "der", "den", "de", "la", "le", "du", "da", "di", "del", "della", "dos",
                        "das", "do", "ter", "ten", "zu", "af", "al", "el", "bin", "ibn", "st"})


def _braced_whole(raw: str) -> bool:
    """True for `{United Nations}`: one brace group spanning the whole name."""
    if not (raw.startswith("{") and raw.endswith("}")):
        return False
    depth = 0
    for i, ch in enumerate(raw):
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and i < len(raw) - 1:
            return False
    return True


def _split_top(text: str, sep: str) -> list[str]:
    """Split on `sep` outside braces."""
    if "{" not in text:
        return text.split(sep)
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == sep and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


@lru_cache(maxsize=100_000)
def parse_people(value: str) -> tuple[tuple[Person, ...], bool]:
    """The people of a name list and whether it ended in 'and others'."""
    if not value.strip():
        return (), False
    parts = split_name_list(value) if "{" in value else _AND.split(value.strip())
    others = bool(parts) and parts[-1].strip().lower() == "others"
    if others:
        parts = parts[:-1]
    people = tuple(p for raw in parts if (p := _person(raw)) is not None)
    return people, others


def _value(sources: dict[str, str], name: str, strings: dict[str, str]) -> str:
    """A field's content, @string macros expanded when the value is not a single literal."""
    src = sources.get(name)
    return "" if src is None else bibsyntax.value_text(src, strings)


# Fields read for every entry (blocking, first title test), and those read only when a pair comes close.
_FIRST = frozenset({"title", "journal", "journaltitle", "booktitle", "author", "editor", "doi", "url", "note",
                    "howpublished", "eprint", "archiveprefix", "eprinttype", "isbn", "year", "date"})
# Read for identifiers only: skipped unless they may hold a DOI or an arXiv id.
_ID_ONLY = frozenset({"url", "note", "howpublished"})
_LATER = frozenset({"shortauthor", "edition", "volume", "number", "pages", "chapter"})
_KEPT_RAW = _LATER | _ID_ONLY


def _ids(f: Mapping[str, str], venue: str) -> tuple[str | None, str | None, frozenset[str]]:
    doi = None
    for name in ("doi", "url", "note", "howpublished", "eprint"):
        v = f.get(name)
        if v and "10." in v:
            doi = find_doi(unescape_verbatim(v))
            if doi:
                break
    arxiv = None
    if doi and doi.startswith(ARXIV_DOI_PREFIX):
        arxiv, doi = find_arxiv(doi), None
    prefix = (f.get("archiveprefix") or f.get("eprinttype") or "").lower()
    if arxiv is None and prefix == "arxiv":
        arxiv = find_arxiv(f.get("eprint", ""))
    texts = (f.get("url", ""), venue, f.get("note", ""), f.get("howpublished", ""))
    if arxiv is None and "arxiv" in " ".join(texts).lower():
        for text in texts:
            if "arxiv" in text.lower():
                arxiv = find_arxiv(text)
                if arxiv:
                    break
    isbns: frozenset[str] = frozenset()
    if "isbn" in f:
        isbns = frozenset(i for c in split_isbns(f["isbn"]) if (i := normalize_isbn(c)))
    return doi, arxiv, isbns


def _main_title(raw: str) -> str:
    """The title before a subtitle separator (folded), or '' when there is none."""
    if not _SPLIT_HINT.search(raw):
        return ""
    raw = raw.replace("{", "").replace("}", "")
    m = _MAIN_SPLIT.search(raw)
    return fold_latex(raw[: m.start()]) if m and m.start() > 8 else ""


@lru_cache(maxsize=100_000)
def _first_family(names: str) -> str:
    """Folded family name of the first person of a name list (for blocking)."""
    if not names:
        return ""
    if "{" in names:
        people = parse_people(names)[0]
        return people[0].family if people else ""
    person = _person(_AND.split(names, 1)[0])
    return person.family if person else ""


def match_key(index: int, entry: Entry, strings: dict[str, str]) -> MatchKey:
    """Build the first part of the MatchKey of one entry (what blocking needs)."""
    sources = {fl.name.lower(): fl.source for fl in reversed(entry.field_list)}
    f = {name: _value(sources, name, strings) for name in _FIRST.intersection(sources)
         if name not in _ID_ONLY or "10." in sources[name] or "arxiv" in sources[name].lower()}
    raw_title = f.get("title", "")
    title = fold_latex(raw_title)
    doi, arxiv, isbns = _ids(f, _venue(f))
    etype = entry.type
    return MatchKey(
        index=index, key=entry.key or "", etype=etype, family=TYPE_FAMILY.get(etype, "misc"),
        title=title, main=_main_title(raw_title), words=tuple(title.split()),
        first=_first_family(f.get("author") or f.get("editor") or ""),
        year=find_year(f.get("year", "")) or find_year(f.get("date", "")),
        doi=doi, arxiv=arxiv, isbns=isbns, nfields=len(sources), values=f,
        later={name: sources[name] for name in _KEPT_RAW.intersection(sources) if name not in f},
        strings=strings)


def _venue(f: dict[str, str]) -> str:
    return f.get("journal") or f.get("journaltitle") or f.get("booktitle") or ""


def complete(k: MatchKey) -> None:
    """Fill in the rest of a MatchKey: people, venue, numbers, discriminators, preprint."""
    if k.full:
        return
    f = k.values
    f.update((name, _value(k.later, name, k.strings)) for name in k.later)
    venue_raw = _venue(f)
    people, others = parse_people(f.get("author") or f.get("editor") or "")
    short = f.get("shortauthor")
    if short and len(people) == 1:
        p = people[0]
        people = (Person(p.family, p.initial, p.words, (*p.acronyms, fold_latex(short).replace(" ", ""))),)
    note = f.get("note", "") + " " + f.get("howpublished", "") + " " + venue_raw
    edition = f.get("edition", "")
    k.authors, k.others = people, others
    k.disc = discriminators(k.title, k.main)
    k.nums = frozenset(w for w in k.words if w.isdigit())
    k.volume = number_value(f["volume"]) if "volume" in f else ""
    k.number = number_value(f["number"]) if "number" in f else ""
    k.edition = number_value(edition) if edition else ""
    k.page = first_page(f.get("pages", ""))
    k.chapter = number_value(f.get("chapter", ""))
    k.venue = venue_tokens(venue_raw) if venue_raw else ()
    k.preprint = k.arxiv is not None or k.etype == "unpublished" or bool(_PREPRINT_HINT.search(note))
    k.full = True


def build_keys(entries: Iterable[Entry], strings: dict[str, str] | None = None) -> list[MatchKey]:
    """MatchKeys of every entry that has a citation key and is not broken, in order."""
    strings = strings or {}
    usable = (e for e in entries if e.key and not e.broken)
    return [match_key(i, e, strings) for i, e in enumerate(usable)]


def build_full_keys(entries: Iterable[Entry], strings: dict[str, str] | None = None) -> list[MatchKey]:
    """Like build_keys, with every key completed."""
    keys = build_keys(entries, strings)
    for k in keys:
        complete(k)
    return keys

