"""BibTeX entries to CSL-JSON items, with the field mapping of pandoc's biblatex reader."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from citekit import bibsyntax
from citekit.entry import Entry
from citekit.render.casing import sentence_case
from citekit.render.cslnames import parse_csl_names
from citekit.render.latex import Inline, flatten, parse, strip, to_markup

CslItem = dict[str, Any]

TYPES = {
    "article": "article-journal", "book": "book", "booklet": "pamphlet", "bookinbook": "chapter",
    "collection": "book", "dataset": "dataset", "electronic": "webpage", "inbook": "chapter",
    "incollection": "chapter", "inreference": "entry-encyclopedia", "inproceedings": "paper-conference",
    "conference": "", "manual": "book", "mastersthesis": "thesis", "misc": "", "mvbook": "book",
    "mvcollection": "book", "mvproceedings": "book", "mvreference": "book", "online": "webpage",
    "patent": "patent", "periodical": "article-journal", "phdthesis": "thesis", "proceedings": "book",
    "reference": "book", "report": "report", "software": "software", "suppbook": "chapter",
    "suppcollection": "chapter", "suppperiodical": "article-journal", "techreport": "report",
    "thesis": "thesis", "unpublished": "manuscript", "www": "webpage", "artwork": "graphic",
    "audio": "song", "commentary": "book", "image": "graphic", "jurisdiction": "legal_case",
    "legislation": "legislation", "legal": "treaty", "letter": "personal_communication",
    "movie": "motion_picture", "music": "song", "performance": "speech", "review": "review",
    "standard": "legislation", "video": "motion_picture", "data": "dataset",
    "letters": "personal_communication", "newsarticle": "article-newspaper",
}
BIBSTRINGS = {
    "mathesis": "Master’s thesis", "phdthesis": "PhD thesis", "techreport": "technical report",
    "resreport": "research report", "software": "computer software", "datacd": "CD-ROM",
    "audiocd": "audio CD", "patent": "patent", "patentus": "U.S. patent", "candthesis": "Candidate thesis",
    "jourser": "series", "newseries": "new series", "oldseries": "old series",
    "patentde": "German patent", "patenteu": "European patent", "patentfr": "French patent",
    "patentuk": "British patent", "patreq": "patent request", "patreqde": "German patent request",
    "patreqeu": "European patent request", "patreqfr": "French patent request",
    "patrequk": "British patent request", "patrequs": "U.S. patent request",
}
COUNTRIES = {"countryde": "Germany", "countryeu": "European Union", "countryfr": "France",
             "countryuk": "United Kingdom", "countryus": "United States of America"}
PUBSTATES = {"inpress": "in press", "inpreparation": "in preparation", "prepublished": "pre-published"}
_SERIES = {"newseries": "new series", "oldseries": "old series"}
LANGS = {
    "english": "en-US", "usenglish": "en-US", "american": "en-US", "british": "en-GB", "ukenglish": "en-GB",
    "canadian": "en-US", "australian": "en-GB", "newzealand": "en-GB", "spanish": "es-ES", "french": "fr-FR",
    "german": "de-DE", "ngerman": "de-DE", "italian": "it-IT", "portuguese": "pt-PT", "portuges": "pt-PT",
    "brazil": "pt-BR", "brazilian": "pt-BR", "dutch": "nl-NL", "russian": "ru-RU", "polish": "pl-PL",
    "czech": "cs-CZ", "danish": "da-DK", "finnish": "fi-FI", "swedish": "sv-SE", "norsk": "nb-NO",
    "greek": "el-GR", "turkish": "tr-TR", "japanese": "ja-JP", "catalan": "ca-AD", "latin": "la",
    "hungarian": "hu-HU", "magyar": "hu-HU", "romanian": "ro-RO", "ukrainian": "uk-UA",
    "austrian": "de-AT", "naustrian": "de-AT", "francais": "fr-FR", "portugues": "pt-PT",
    "slovak": "sk-SK", "afrikaans": "af-ZA", "estonian": "et-EE", "nynorsk": "nn-NO", "icelandic": "is-IS",
    "croatian": "hr-HR", "serbian": "sr-RS", "slovene": "sl-SL", "hebrew": "he-IL", "arabic": "ar",
    "bulgarian": "bg-BG", "lithuanian": "lt-LT", "latvian": "lv-LV", "basque": "eu", "vietnamese": "vi-VN",
    "thai": "th-TH", "farsi": "fa-IR",
}
_LANG_VARIANTS = {"british": "british", "uk": "british", "american": "american", "us": "american",
                  "usmax": "american", "australian": "australian", "newzealand": "newzealand"}
BOOKLIKE = {"book", "collection", "proceedings", "reference", "mvbook", "mvcollection", "mvproceedings",
            "mvreference", "bookinbook", "inbook", "incollection", "inproceedings", "inreference",
            "suppbook", "suppcollection"}
ARTICLES = {"article", "periodical", "suppperiodical", "review"}
CHAPTERLIKE = {"inbook", "incollection", "inproceedings", "inreference", "bookinbook"}
MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                                      "oct", "nov", "dec"], 1)}
_EPRINT = {"arxiv": "https://arxiv.org/abs/", "jstor": "https://www.jstor.org/stable/",
           "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/", "googlebooks": "https://books.google.com?id="}


class _Fields:
    """Raw (macro-expanded) field values of an entry, crossref parents merged in."""

    def __init__(self, entry: Entry, parent: Entry | None) -> None:
        self.entry = entry
        self.sources: dict[str, str] = {}  # first value of each field as written; read on demand
        self.raw: dict[str, str] = {}
        self.strings = entry.file.store_strings() if entry.file is not None else {}
        self.cache = entry.file.macro_cache() if entry.file is not None else {}
        for f in entry.field_list:
            self.sources.setdefault(f.lname, f.source)
        if parent is not None:
            self._inherit(parent, self.strings)

    def _inherit(self, parent: Entry, strings: dict[str, str]) -> None:
        child, ptype = self.entry.type, parent.type
        for f in parent.field_list:
            name = f.lname
            if name in ("ids", "crossref", "xref", "entryset", "entrysubtype", "execute", "label", "options",
                        "presort", "related", "shorthand", "sortkey"):
                continue
            targets = [name]
            if ptype in ("book", "collection", "proceedings", "reference") and child in CHAPTERLIKE | {
                    "suppbook", "suppcollection"}:
                targets = {"title": ["booktitle"], "subtitle": ["booksubtitle"],
                           "titleaddon": ["booktitleaddon"], "shorttitle": [], "sorttitle": []}.get(name, [name])
                if name == "author" and ptype == "book":
                    targets = ["bookauthor", "author"]
            for t in targets:
                self.sources.setdefault(t, f.source)

    def get(self, name: str) -> str | None:
        v = self.raw.get(name)
        if v is None:
            src = self.sources.get(name)
            if src is None:
                return None
            v = self.raw[name] = bibsyntax.value_text(src, self.strings, self.cache)
        return v


def _language(fields: _Fields) -> str | None:
    langid = (fields.get("langid") or "").strip().lower()
    if langid:
        opts = (fields.get("langidopts") or "").strip().lower().replace(" ", "")
        if langid == "english" and opts.startswith("variant="):
            langid = _LANG_VARIANTS.get(opts[8:], langid)
    else:
        langid = (fields.get("hyphenation") or "").strip().lower()
    return LANGS.get(langid, langid) if langid else None


def _concat(parts: list[list[Inline]], sep: str) -> list[Inline]:
    """pandoc's concatWith: join with `sep ` unless the previous part ends in punctuation."""
    out: list[Inline] = []
    for p in parts:
        if not p:
            continue
        if out:
            tail = flatten(out)
            out.append(" " if tail and tail[-1] in "!?.,:;" else sep + " ")
        out.extend(p)
    return out


def _literal_list(value: str) -> list[Inline]:
    """A biblatex literal list: items split on ' and ', joined with '; '."""
    items = parse(value)
    out: list[Inline] = []
    for it in items:
        if isinstance(it, str):
            out.append(re.sub(r" and ", "; ", it))
        else:
            out.append(it)
    return out


_DATE_PART = re.compile(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T[\d:.+Z-]*)?([~?%]*)$")
_YEAR = re.compile(r"(-?\d+)(?:/(-?\d+))?")


def _date(raw: str | None) -> dict[str, Any] | None:
    """An ISO 8601-2 date or range as pandoc reads it: YYYY[-MM[-DD]], '/' ranges, '~' circa; years
    before 1 shifted (-0350 is 351 BC); anything else (open ranges, 'forthcoming', 19xx) is no date."""
    if raw is None:
        return None
    text = raw.strip()
    pieces = text.split("/")
    if not text or len(pieces) > 2:
        return None
    parts: list[list[int]] = []
    circa = False
    for i, piece in enumerate(pieces):
        piece = piece.strip()
        if i == 1 and piece == "":
            parts.append([0])
            continue
        m = _DATE_PART.match(piece)
        if not m:
            return None
        year = int(m.group(1))
        part = [year - 1 if year < 0 else year] + [int(g) for g in m.groups()[1:3] if g is not None]
        parts.append(part)
        circa = circa or "~" in m.group(4)
    out: dict[str, Any] = {"date-parts": parts}
    if circa:
        out["circa"] = True
    return out


def _old_date(fields: _Fields, prefix: str) -> dict[str, Any] | None:
    """year/month/day fields; a year that is not a number (or a range of two) gives no date, as in pandoc."""
    year = fields.get(prefix + "year")
    if year is None:
        return None
    m = _YEAR.fullmatch(flatten(parse(year)).strip())
    if not m:
        return None
    if m.group(2) is not None:
        return {"date-parts": [[int(m.group(1))], [int(m.group(2))]]}
    part = [int(m.group(1))]
    month = (fields.get(prefix + "month") or "").strip().lower()
    mnum = MONTHS.get(month) or (int(month) if month.isdigit() else None)
    if mnum:
        part.append(mnum)
        day = (fields.get(prefix + "day") or "").strip()
        if day.isdigit():
            part.append(int(day))
    return {"date-parts": [part]}


class _Builder:
    def __init__(self, entry: Entry, parent: Entry | None, extra: bool) -> None:
        self.f = _Fields(entry, parent)
        self.et = entry.type
        self.item: CslItem = {"id": entry.key or ""}
        self.lang = _language(self.f)
        self.recase = self.lang is None or self.lang.startswith("en-")
        self.extra = extra
        opts = {o.split("=")[0].strip().lower(): o.partition("=")[2].strip().lower()
                for o in (self.f.get("options") or "").split(",")}
        self.useprefix = "useprefix" in opts and opts["useprefix"] in ("", "true")
        self._titles_done: dict[str, list[Inline] | None] = {}

    def text(self, name: str) -> list[Inline] | None:
        v = self.f.get(name)
        return parse(v) if v is not None else None

    def title(self, name: str) -> list[Inline] | None:
        """A field recased as a title; memoised (the short title reads `title` again). Never mutated."""
        if name in self._titles_done:
            return self._titles_done[name]
        ils = self.text(name)
        out = None if ils is None else sentence_case(ils) if self.recase else ils
        self._titles_done[name] = out
        return out

    def put(self, key: str, ils: list[Inline] | None) -> None:
        if ils:
            v = to_markup(ils)  # like pandoc, spaces left where a command vanished stay
            if strip(v):
                self.item[key] = v

    def put_raw(self, key: str, name: str) -> None:
        v = self.f.get(name)
        if v is not None and v.strip():
            self.item[key] = v.strip()

    def names(self, key: str, name: str) -> None:
        v = self.f.get(name)
        if v is not None:
            names = parse_csl_names(v, self.useprefix)
            if names:
                self.item[key] = names

    def build(self) -> CslItem:
        self._type_and_genre()
        if self.lang:
            self.item["language"] = self.lang
        self.names("author", "author")
        self.names("container-author", "bookauthor")
        self.names("translator", "translator")
        if (self.f.get("editortype") or "").strip() == "director":
            self.names("director", "editor")
        else:
            self.names("editor", "editor")
            self.names("director", "director")
        self._dates()
        self._numbers()
        self._titles()
        self._publisher()
        self._links()
        self._notes()
        return self.item

    def _type_and_genre(self) -> None:
        st = (self.f.get("entrysubtype") or "").strip()
        et = self.et
        if et in ("article", "periodical", "suppperiodical") and st in ("magazine", "newspaper"):
            ctype = "article-" + st
        elif et == "unpublished":
            ev = any(self.f.get(x) is not None for x in ("eventdate", "eventtitle", "venue"))
            ctype = "speech" if ev else "manuscript"
        else:
            ctype = TYPES.get(et, "")
        self.item["type"] = ctype
        raw_type = self.f.get("type")
        genre = None
        if raw_type is not None and raw_type.strip():
            genre = BIBSTRINGS.get(raw_type.strip().lower()) or raw_type.strip()
        elif et == "mastersthesis":
            genre = BIBSTRINGS["mathesis"]
        elif et == "phdthesis":
            genre = BIBSTRINGS["phdthesis"]
        if genre:
            self.item["genre"] = genre

    def _dates(self) -> None:
        for key, name, prefix in (("accessed", "urldate", "url"), ("event-date", "eventdate", "event"),
                                  ("issued", "date", ""), ("original-date", "origdate", "orig")):
            d = _date(self.f.get(name)) if self.f.get(name) is not None else _old_date(self.f, prefix)
            if d:
                self.item[key] = d

    def _numbers(self) -> None:
        pages = self.text("pages")
        if pages:
            self.item["page"] = strip(to_markup(pages)).replace("–", "-")
        self.put("number-of-pages", self.text("pagetotal"))
        vol, part = self.text("volume"), self.text("part")
        if vol and part:
            self.put("volume", vol + ["."] + part)
        else:
            self.put("volume", vol or part)
        self.put("number-of-volumes", self.text("volumes"))
        self.put("chapter-number", self.text("chapter"))
        self.put("edition", self.text("edition"))
        self.put("version", self.text("version"))
        num = self.text("number")
        if num:
            if self.et in BOOKLIKE:
                self.put("collection-number", num)
            elif self.et in ARTICLES:
                issue = self.text("issue")
                self.put("issue", _concat([num, issue], ",") if issue else num)
            else:
                self.put("number", num)

    def _titles(self) -> None:
        et, f = self.et, self.f
        periodical = et == "periodical"
        chapterlike = et in CHAPTERLIKE
        has_main = f.get("maintitle") is not None
        main = has_main and not chapterlike
        title = (self.title("issuetitle") if periodical else None) or (
            self.title("maintitle") if main else None) or self.title("title")
        sub = (self.title("issuesubtitle") if periodical else None) or (
            self.title("mainsubtitle") if main else None) or self.title("subtitle") or []
        addon = (self.title("maintitleaddon") if main else None) or self.title("titleaddon") or []
        if title is not None:
            self.put("title", _concat([_concat([title, sub], ":"), addon], "."))
        if has_main:
            vt = self.title("title") if not chapterlike else self.title("booktitle")
            vs = (self.title("subtitle") if not chapterlike else self.title("booksubtitle")) or []
            va = (self.title("titleaddon") if not chapterlike else self.title("booktitleaddon")) or []
            if vt is not None:
                self.put("volume-title", _concat([_concat([vt, vs], ":"), va], "."))
        ct = (self.text("title") if periodical else None) or (
            self.title("maintitle") if chapterlike else None) or (
            self.title("booktitle") if chapterlike else None) or self.text("journaltitle") or self.text("journal")
        if ct is not None:
            cs = (self.text("subtitle") if periodical else None) or (
                self.title("mainsubtitle") if chapterlike else None) or (
                self.title("booksubtitle") if chapterlike else None) or self.text("journalsubtitle") or []
            ca = (self.text("titleaddon") if periodical else None) or (
                self.title("maintitleaddon") if chapterlike else None) or (
                self.title("booktitleaddon") if chapterlike else None) or []
            self.put("container-title", _concat([_concat([ct, cs], ":"), ca], "."))
        cts = (self.text("shorttitle") if periodical and not has_main else None) or self.text("shortjournal")
        self.put("container-title-short", cts)
        self._series()
        self._short_title(title, bool(sub or addon), has_main, chapterlike)
        self.put("event", self.title("eventtitle"))
        self.put("original-title", self.title("origtitle"))

    def _series(self) -> None:
        """series: a number is 'Nth series' (pandoc's naive ordinal), newseries/oldseries bibstrings."""
        raw = (self.f.get("series") or "").strip()
        if raw.isdigit():
            n = int(raw)
            self.item["collection-title"] = f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n, 'th') } series"
        elif raw.lower() in _SERIES:
            text = _SERIES[raw.lower()]
            self.item["collection-title"] = text[:1].upper() + text[1:] if self.recase else text
        else:
            self.put("collection-title", self.title("series"))

    def _short_title(self, title: list[Inline] | None, has_sub: bool, has_main: bool, chapterlike: bool) -> None:
        short = self.title("shorttitle") if (not has_main or chapterlike) else None
        if short is not None:
            self.put("title-short", short)
            return
        own = self.title("title")
        if own is None:
            return
        head: list[Inline] = []
        colon = False
        for it in own:
            if isinstance(it, str) and ":" in it:
                head.append(it.split(":", 1)[0])
                colon = True
                break
            head.append(it)
        if has_sub and not has_main or colon:
            self.put("title-short", head)

    def _publisher(self) -> None:
        parts: list[list[Inline]] = []
        for name in ("school", "institution", "organization", "howpublished", "publisher"):
            v = self.f.get(name)
            if v is not None:
                parts.append(parse(v) if name == "howpublished" else _literal_list(v))
        if parts:
            self.put("publisher", _concat(parts, ";"))
        self.put("original-publisher", self.text("origpublisher"))
        self.put("event-place", self.text("venue"))
        addr = self.f.get("address")
        if addr is None and self.et != "patent":
            addr = self.f.get("location")
        if addr is not None:
            self.put("publisher-place", _literal_list(addr))
        if self.et == "patent" and self.f.get("location") is not None:
            places = _literal_list(self.f.get("location") or "")
            self.put("jurisdiction", [re.sub(r"\bcountry[a-z]{2}\b", lambda m: COUNTRIES.get(m.group(0), m.group(0)), p)
                                      if isinstance(p, str) else p for p in places])

    def _links(self) -> None:
        url = self.f.get("url")
        if url is not None:
            self.item["URL"] = url.strip()
        else:
            etype = (self.f.get("eprinttype") or self.f.get("archiveprefix") or "").strip().lower()
            eprint = self.f.get("eprint")
            if etype in _EPRINT and eprint is not None:
                self.item["URL"] = _EPRINT[etype] + eprint.strip()
        for key, name in (("DOI", "doi"), ("ISBN", "isbn"), ("ISSN", "issn"), ("PMID", "pmid"),
                          ("PMCID", "pmcid"), ("call-number", "library")):
            self.put_raw(key, name)

    def _notes(self) -> None:
        if self.et != "periodical":
            note, add = self.text("note"), self.text("addendum")
            if note or add:
                self.put("note", _concat([note or [], add or []], "."))
        if self.extra:
            self.put("annote", self.text("annotation") or self.text("annote"))
            self.put("abstract", self.text("abstract"))
            self.put("keyword", self.text("keywords"))
        state = (self.f.get("pubstate") or "").strip()
        if state.lower() in PUBSTATES:
            self.item["status"] = PUBSTATES[state.lower()]
        else:
            self.put("status", self.text("pubstate"))


def to_csl(entry: Entry, parent: Entry | None = None, extra: bool = False) -> CslItem:
    """One entry as a CSL-JSON item (pandoc's mapping); `extra` adds abstract, keywords, annote."""
    return _Builder(entry, parent, extra).build()


def crossref_parent(entry: Entry, lookup: dict[str, Entry]) -> Entry | None:
    """The entry named in `crossref`, when the store has it."""
    ref = entry.fields.get("crossref")
    if not ref:
        return None
    parent = lookup.get(ref.strip().lower())
    return parent if parent is not None and parent.key == ref.strip() else None  # pandoc: keys are case-sensitive


def to_csl_items(entries: Iterable[Entry], everything: Iterable[Entry] = (), extra: bool = True) -> list[CslItem]:
    """CSL-JSON items for entries, resolving crossrefs against `everything` (defaults to `entries`)."""
    entries = [e for e in entries if e.key and not e.broken]
    pool = list(everything) or entries
    lookup = {e.key.lower(): e for e in pool if e.key}
    return [to_csl(e, crossref_parent(e, lookup), extra) for e in entries]


def dumps(items: list[CslItem]) -> str:
    """CSL-JSON text (an array of items), UTF-8, keys sorted like pandoc."""
    return json.dumps([dict(sorted(it.items())) for it in items], ensure_ascii=False, indent=2) + "\n"
