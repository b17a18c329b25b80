"""Chicago author-date (18th edition, American English): full given names, titles in title case.

The layout follows the structure of the official CSL style: author, date, title and descriptions
(title, description, identifiers: edition, contributors, volume), source (serial or monographic,
series, event, publication facts), medium, archive, link; legal items have their own short form.
Names of the node groups follow the CSL macros (title_primary, source_serial, publication_history...).
Where citeproc-js, the reference renderer, has a rule of its own the helpers say so: number parsing
(is-numeric, plural labels, en dashes), chicago-16 page ranges, date ranges, initials, the collation
of sort keys, year-suffix keys. Groups and choices are closures rather than pybtex nodes (speed).
"""

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from pybtex.style.template import Node

from citekit.render.locale import ordinal
from citekit.render.names import NameOptions, render_names
from citekit.render.numbers import is_numeric, is_plural, number_info
from citekit.render.rich import EMPTY, Rich, join
from citekit.render.sorting import date_key, name_key
from citekit.render.style import Style
from citekit.render.template import (
    Ctx,
    all_of,
    any_of,
    decorate,
    fn,
    month_name,
    names,
    of_type,
    run,
    term,
    text,
    var,
    year_suffix,
)

Result = tuple[Rich, bool | None]


def _compile(child: object) -> "object":
    """A template child as a plain function of the context (no pybtex dispatch on every call)."""
    if isinstance(child, Node):
        return child.format_data
    if isinstance(child, str):
        lit = Rich.of(child)
        return lambda ctx: (lit, None)
    return child


class _Group:
    """CSL group (`group(sep=", ")[...]`) and macro (`seq`) as closures: the style's hot path."""

    def __init__(self, suppress: bool, sep: str = "", **fmt: object) -> None:
        self.suppress, self.sep, self.fmt = suppress, sep, fmt

    def __call__(self, sep: str = "", **fmt: object) -> "_Group":
        return _Group(self.suppress, sep, **fmt)

    def __getitem__(self, children: object) -> "object":
        kids = [_compile(c) for c in (children if isinstance(children, tuple) else (children,))]
        sep, fmt, suppress = self.sep, self.fmt, self.suppress
        if len(kids) == 1 and suppress and not fmt:
            return kids[0]  # a group of one child without affixes prints what the child prints

        def render(ctx: Ctx) -> Result:
            parts: list[Rich] = []
            any_true = any_false = False
            before = ctx.predecessor
            for kid in kids:
                r, used = kid(ctx)  # type: ignore[operator]
                if used is True:
                    any_true = True
                elif used is False:
                    any_false = True
                if r:
                    parts.append(r)
                    if not parts[1:]:
                        ctx.predecessor = True  # a later term is not capitalised
            if suppress and any_false and not any_true:
                ctx.predecessor = before
                return EMPTY, False
            out = parts[0] if len(parts) == 1 else join(parts, sep, ctx.locale.punctuation_in_quote)
            if fmt:
                out = decorate(out, ctx, **fmt)  # type: ignore[arg-type]
            if suppress:
                return out, (True if any_true else None)
            return out, (True if any_true else (None if out else False))
        return render


group = _Group(True)
seq = _Group(False)


def only_if(variables: tuple[str, ...], body: object) -> "object":
    """A block that can print only when one of `variables` is set: skipped cheaply otherwise."""
    names_ = frozenset(variables)
    run_body = _compile(body)

    def render(ctx: Ctx) -> Result:
        if names_.isdisjoint(ctx.item):
            return EMPTY, False
        return run_body(ctx)  # type: ignore[operator, no-any-return]
    return render


def _nothing(ctx: Ctx) -> Result:
    return EMPTY, None


def choose(*branches: tuple[object, object]) -> "object":
    """CSL choose: the first branch whose test passes (None = else)."""
    compiled = [(test, _compile(body)) for test, body in branches]

    def pick(ctx: Ctx) -> Result:
        for test, body in compiled:
            if test is None or test(ctx):  # type: ignore[operator]
                return body(ctx)  # type: ignore[operator, no-any-return]
        return EMPTY, None
    return pick


SERIAL = ("article-journal", "article-magazine", "article-newspaper", "periodical", "post-weblog", "review",
          "review-book")
EDITORS = ("editor", "collection-editor", "compiler", "editorial-director")
ENTRIES = ("entry", "entry-dictionary", "entry-encyclopedia")
AUTHORISH = ("author", "chair", "collection-editor", "compiler", "composer", "curator", "director", "editor",
             "editorial-director", "executive-producer", "guest", "host", "illustrator", "organizer",
             "producer", "series-creator", "translator")

AUTHOR = NameOptions(and_="text", precedes_last="always", sort_order="first", et_al_min=7,
                     et_al_use_first=3, label="short", label_prefix=", ")
VERB = NameOptions(and_="text", precedes_last="contextual", label="verb", label_before=True, label_suffix=" ",
                   et_al_min=7, et_al_use_first=3)
VERB_CAP = replace(VERB, label_capitalize=True)


def has(*variables: str) -> "object":
    """CSL condition: any of the variables is set (substitution does not hide a variable from tests)."""
    if len(variables) == 1:
        one = variables[0]
        return lambda ctx: bool(ctx.item.get(one))

    def test(ctx: Ctx) -> bool:
        item = ctx.item
        for v in variables:
            if item.get(v):
                return True
        return False
    return test


def has_all(*variables: str) -> "object":
    return lambda ctx: all(ctx.item.get(v) for v in variables)


def lacks(*variables: str) -> "object":
    test = has(*variables)
    return lambda ctx: not test(ctx)  # type: ignore[operator]


def _serial(ctx: Ctx) -> bool:
    """The CSL style's recurring test: serial types, or interviews/conference papers without editors."""
    t = ctx.item.get("type", "")
    if t in SERIAL:
        return True
    if any(ctx.item.get(v) for v in EDITORS):
        return False
    return t in ("interview", "paper-conference")


serial = _serial


# --- numbers and pages: the shared reading of number variables (citekit.render.numbers) ------------

def is_num(name: str) -> "object":
    """CSL is-numeric; a run of numbers joined by slashes ("157/2012") counts as one number here."""
    return lambda ctx: is_numeric(str(ctx.item.get(name) or ""), name, slashed=True)


def nvar(name: str, **fmt: object) -> "object":
    """A number variable: ranges get an en dash only when citeproc-js finds the value numeric."""
    def render(ctx: Ctx) -> tuple[Rich, bool | None]:
        v = str(ctx.get(name) or "").strip()
        if not v:
            return EMPTY, False
        info = number_info(v, name)
        if info.numeric:
            v = info.text
        v = v.replace("'", "\u2019")
        return decorate(Rich.markup(v), ctx, **fmt), True  # type: ignore[arg-type]
    return render


def nlabel(name: str, form: str = "short", cap: bool = False, term_name: str = "") -> "object":
    """The label of a number variable (vol./vols.), plural as citeproc-js decides."""
    def render(ctx: Ctx) -> tuple[Rich, bool | None]:
        v = str(ctx.item.get(name) or "").strip()
        if not v:
            return EMPTY, None
        t = ctx.locale.term(term_name or name, form, is_plural(v, name, slashed=True))
        if cap:
            t = t[:1].upper() + t[1:]
        return Rich.of(t), None
    return render


def ordinal_edition(ctx: Ctx) -> tuple[Rich, bool | None]:
    v = str(ctx.get("edition") or "").strip()
    if not v:
        return EMPTY, False
    return Rich.of(ordinal(int(v)) if v.isdigit() else v), True


def page(ctx: Ctx) -> tuple[Rich, bool | None]:
    """The page variable, ranges abbreviated as page-range-format="chicago-16" asks."""
    v = str(ctx.get("page") or "").strip()
    if not v.strip("-\u2013 "):  # a page of only dashes prints nothing
        return EMPTY, False
    return Rich.markup(number_info(v, "page", "chicago-16").text), True


# --- dates: ranges collapse their common parts as citeproc-js prints them ------------------------

def _month(m: int) -> str:
    return month_name(m, "long") if m else ""


def _md(p: list[int]) -> str:
    m = _month(p[1]) if len(p) > 1 else ""
    d = str(p[2]) if len(p) > 2 and m else ""
    return " ".join(x for x in (m, d) if x)


def _full(p: list[int]) -> str:
    md = _md(p)
    y = str(p[0]) if p[0] > 0 else f"{-p[0]}BC"
    if len(p) > 2 and md:
        return f"{md}, {y}"
    return " ".join(x for x in (md, y) if x)


def date_range(name: str, parts: str) -> "object":
    """A date (full, month-day or month) where a range writes shared parts once: April 26–29, 2018."""
    def render(ctx: Ctx) -> Result:
        d = ctx.get(name)
        if not isinstance(d, dict):
            return EMPTY, False
        if "literal" in d:
            return (Rich.of(str(d["literal"])), True) if parts == "full" else (EMPTY, False)
        ranges = [[int(x) for x in p] for p in d.get("date-parts", []) if p]
        if not ranges:
            return EMPTY, False
        a = ranges[0]
        b = ranges[1] if len(ranges) > 1 else None
        if b == a:
            b = None
        if parts == "month":
            texts = [_month(x[1]) if len(x) > 1 else "" for x in ([a, b] if b else [a])]
            texts = list(dict.fromkeys(t for t in texts if t))
            out = "\u2013".join(texts)
        elif b is None:
            out = _md(a) if parts == "month-day" else _full(a)
        elif parts == "month-day":
            if a[:2] == b[:2] and len(a) > 2 and len(b) > 2:
                out = f"{_md(a)}\u2013{b[2]}"
            else:
                out = "\u2013".join(t for t in (_md(a), _md(b)) if t)
        elif a[0] != b[0]:
            out = f"{_full(a)}\u2013{_full(b)}"
        elif a[:2] == b[:2] and len(a) > 2 and len(b) > 2:
            out = f"{_md(a)}\u2013{b[2]}, {a[0]}"
        elif _md(a) and _md(b):
            out = f"{_md(a)}\u2013{_md(b)}, {a[0]}"
        else:
            out = _full(a)
        return Rich.of(out), True  # a date that is set counts as printed even when these parts are absent
    return render


def _year_part(y: int) -> str:
    return str(y) if y > 0 else (f"{-y} BC" if y < 0 else "")


def year_of(name: str, **fmt: object) -> "object":
    """A date's year (a range as 1984–1986, an open range as 2015–); a guessed date as [1998?]."""
    def render(ctx: Ctx) -> Result:
        d = ctx.get(name)
        if not isinstance(d, dict):
            return EMPTY, False
        if "literal" in d:
            return decorate(Rich.of(str(d["literal"])), ctx, **fmt), True  # type: ignore[arg-type]
        years = [int(p[0]) for p in d.get("date-parts", []) if p]
        if not years:
            return EMPTY, False
        if len(years) > 1 and years[1] == years[0]:
            years = years[:1]
        out = "\u2013".join(_year_part(y) for y in years[:2])
        if d.get("circa"):
            out = f"[{out}?]"
        return decorate(Rich.of(out), ctx, **fmt), True  # type: ignore[arg-type]
    return render


# --- names: given names and particles as this style prints them ---------------------------------

_ROMANESQUE = re.compile(r"^[\u0020-\u024f\u1e00-\u1eff]")
NAME_VARIABLES = ("author", "editor", "translator", "container-author", "collection-editor", "compiler",
                  "director", "illustrator", "original-author")


_PLAIN_GIVEN = re.compile(r"[^\W\d_][^\W\d_'’]+(?: [^\W\d_][^\W\d_'’]+)*")


@lru_cache(maxsize=16384)
def normalize_given(name: str, terminator: str = ". ") -> str:
    """A given name kept whole but with its initials as citeproc-js writes them when names are not
    initialised: "C.-L." -> "C. L.", "W.M.P." -> "W. M. P.", "Jo A" -> "Jo A.", "I-Cherng" -> "I.-Cherng"."""
    if not _ROMANESQUE.match(name) or name in ("Lord", "Lady") or _PLAIN_GIVEN.fullmatch(name):
        return name  # no initials to normalise: "Donald", "Mary Ann"
    name = re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", name))
    name = re.sub(r"-([a-z])", "\u2013\\1", name)
    name = re.sub(r"\.(?=[^ ])", ". ", name[:-1]) + name[-1:]
    parts = re.split(r"([-\s]+)", name)
    if len(parts) == 1:
        tail = parts[0].rsplit(".", 1)[-1]
        if len(tail) == 1 and tail != tail.lower():
            parts[0] += "."
    abbrev = []
    for i in range(0, len(parts), 2):
        w = parts[i]
        if len(w) > 1 and w.endswith("."):
            parts[i] = w[:-1]
            abbrev.append(True)
        else:
            abbrev.append(len(w) == 1 and w.upper() == w)
    n = len(parts)
    for i in range(0, n, 2):
        if not abbrev[i // 2]:
            continue
        if i < n - 2:
            if not abbrev[i // 2 + 1]:
                parts[i + 1] = parts[i + 1] + " "
            parts[i + 1] = terminator + parts[i + 1] if len(parts[i + 2]) > 1 else terminator
        if i == n - 1:
            parts[i] += terminator
    out = re.sub(r"[\s\ufeff\u00a0]+$", "", "".join(parts))
    out = re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", out))
    return re.sub(r"\u2013([a-z])", r"-\1", out)


def _style_name(p: dict[str, str]) -> dict[str, str]:
    """One name as this style prints it: initials normalised, a non-dropping particle demoted (the CSL
    default demote-non-dropping-particle="display-and-sort": "Gennep, Arnold van")."""
    if "literal" in p:
        return p
    given = p.get("given")
    if (not given or normalize_given(given) == given) and "non-dropping-particle" not in p:
        return p
    q = dict(p)
    if given:
        q["given"] = normalize_given(given)
        q["_given_raw"] = given
    ndp = q.pop("non-dropping-particle", "")
    if ndp:
        q["dropping-particle"] = " ".join(x for x in (q.get("dropping-particle", ""), ndp) if x)
    return q


def _first_givens(ctx: Ctx) -> dict[str, set[str]]:
    """First authors' given names by family in this reference list (the list's shared state)."""
    table: dict[str, set[str]] = ctx.shared.setdefault("chicago_first_givens", {})
    return table


def prepare(ctx: Ctx) -> None:
    """Names in the item as this style prints them (done once, before sorting)."""
    item = ctx.item
    first = (item.get("author") or [None])[0]
    if isinstance(first, dict) and first.get("family") and first.get("given"):
        _first_givens(ctx).setdefault(first["family"], set()).add(first["given"])
    for v in NAME_VARIABLES:
        people_ = item.get(v)
        if isinstance(people_, list):
            item[v] = [_style_name(p) if isinstance(p, dict) else p for p in people_]


# --- names ----------------------------------------------------------------------------------------

def people(*variables: str, sep: str = ". ", opts: NameOptions = VERB_CAP) -> "object":
    """A CSL names element with several variables; the same editor and translator merge into one."""
    def render(ctx: Ctx) -> tuple[Rich, bool | None]:
        out: list[Rich] = []
        asked = False
        vs = list(variables)
        if "editor" in vs and "translator" in vs:
            ed, tr = ctx.get("editor"), ctx.get("translator")
            if ed and tr and ed == tr:
                out.append(render_names(ed, "editortranslator", opts, ctx.locale))
                vs = [v for v in vs if v not in ("editor", "translator")]
        for v in vs:
            ps = ctx.get(v)
            if ps:
                out.append(render_names(ps, v, opts, ctx.locale))
            else:
                asked = True
        if not out:
            return EMPTY, False if asked or variables else None
        return join(out, sep, ctx.locale.punctuation_in_quote), True
    return render


def any_language(body: object) -> "object":
    """citeproc-js keeps English-only title case to its multilingual fields (title, container-title,
    collection-title, ...); other variables (volume-title, edition, original-title) are title-cased in
    any language."""
    run_body = _compile(body)

    def render(ctx: Ctx) -> Result:
        english, ctx.english = ctx.english, True
        try:
            return run_body(ctx)  # type: ignore[operator, no-any-return]
        finally:
            ctx.english = english
    return render


# --- 3.1 titles -----------------------------------------------------------------------------------

title_primary = choose(
    (of_type("patent"), var("title", short=True, case="capitalize-first")),
    (of_type("bill", "collection", "legislation", "regulation", "treaty"), var("title", case="title")),
    (of_type("legal_case"), var("title", italic=True)),
    (of_type("book", "classic", "graphic", "hearing", "map"), var("title", case="title", italic=True)),
    (all_of(of_type("entry-encyclopedia"), has_all("author", "container-title")),
     var("title", case="title", quotes=True)),
    (all_of(of_type("entry-dictionary", "entry-encyclopedia"), has("container-title")), var("title", quotes=True)),
    (of_type("post"), var("title", quotes=True)),
    (has("container-title"), var("title", case="title", quotes=True)),
    (of_type("article", "dataset", "document", "interview", "manuscript", "paper-conference",
             "personal_communication", "speech", "thesis", "webpage"), var("title", case="title", quotes=True)),
    (None, var("title", case="title", italic=True)),
)
title_volume = any_language(choose(
    (of_type("manuscript"), var("volume-title", case="title", quotes=True)),
    (serial, var("volume-title", case="title", quotes=True)),
    (None, var("volume-title", case="title", italic=True)),
))
title_bib = choose(
    (of_type("post", "webpage"), title_primary),
    (serial, title_primary),
    (has("container-title"), title_primary),
    (has("volume-title"), title_volume),
    (None, title_primary),
)

# --- 3.2 descriptions -----------------------------------------------------------------------------

description_format = choose(
    (has_all("genre", "number"), _nothing),
    (has("genre"), var("genre", case="capitalize-first")),
    (has("archive", "archive-place", "container-title", "DOI", "number", "publisher", "references", "URL"),
     _nothing),
    (of_type("manuscript"), term("manuscript", case="capitalize-first")),
    (of_type("personal_communication"), term("personal-communication", case="capitalize-first")),
)


def _event_title(cap: bool) -> "object":
    c = "capitalize-first" if cap else None
    return choose((has("event-title"), var("event-title", case=c)), (None, var("event", case=c)))


event_status = group(sep=" ")[choose(
    (of_type("paper-conference"), group(sep=" ")[
        choose((has("genre"), text("Presented")),
               (None, seq(sep=" ")[term("paper-conference", form="short", case="capitalize-first"),
                                   text("presented")])),
        choose((has("event-title"), term("at")))]),
    (has("issued"), _nothing),
    (None, var("status", case="capitalize-first")),
)]
event_description = group(sep=", ")[
    choose((all_of(of_type("paper-conference"), has("genre")), _event_title(True)),
           (of_type("paper-conference"), _event_title(False)),
           (None, _event_title(True))),
    date_range("event-date", "full"),
    var("event-place"),
]
source_event = only_if(("event", "event-date", "event-title"), group(sep=" ")[choose(
    (has("event", "event-date", "event-title"), choose(
        (of_type("paper-conference"), choose(
            (has(*EDITORS, "issue", "page", "supplement-number", "volume"), _nothing),
            (None, group(sep=" ")[event_status, event_description]))),
        (None, group(sep=" ")[event_status, event_description]))),
)])

description_bib = choose(
    (of_type("thesis"), _nothing),
    (of_type(*SERIAL), description_format),
    (of_type("paper-conference"), choose(
        (has(*EDITORS), description_format),
        (None, group(sep=". ")[description_format, source_event]))),
    (lacks("container-title"), description_format),
    (of_type("document", "report", "software", "standard"), _nothing),
    (of_type("event", "performance", "speech"), choose(
        (has(*EDITORS, "issue", "page", "supplement-number", "volume"), description_format))),
    (None, description_format),
)

# --- 3.3 identifiers ------------------------------------------------------------------------------

label_volume = group(sep=" ")[choose((is_num("volume"), nlabel("volume"))), nvar("volume")]
label_volume_cap = group(sep=" ")[choose((is_num("volume"), nlabel("volume", cap=True))),
                                  nvar("volume", case="capitalize-first")]
label_version = group(sep=" ")[choose((of_type("software"), nlabel("version", "short")),
                                      (None, nlabel("version", "long"))), var("version")]
label_version_cap = group(sep=" ")[choose((of_type("software"), nlabel("version", "short", cap=True)),
                                          (None, nlabel("version", "long", cap=True))), var("version")]
label_edition = group(sep=" ")[choose(
    (is_num("edition"), group(sep=" ")[fn(func=ordinal_edition), nlabel("edition")]),
    (serial, group(sep=" ")[var("edition"), nlabel("edition", "long")]),
    (None, var("edition")),
)]
label_edition_cap = group(sep=" ")[choose(
    (is_num("edition"), group(sep=" ")[fn(func=ordinal_edition), nlabel("edition")]),
    (of_type(*SERIAL), group(sep=" ")[any_language(var("edition", case="title")),
                                      nlabel("edition", "long", cap=True)]),
    (has(*EDITORS), var("edition", case="capitalize-first")),
    (of_type("interview", "paper-conference"),
     group(sep=" ")[any_language(var("edition", case="title")), nlabel("edition", "long", cap=True)]),
    (None, var("edition", case="capitalize-first")),
)]
label_number_of_volumes = group(sep=" ")[nvar("number-of-volumes"),
                                         choose((is_num("number-of-volumes"), nlabel("number-of-volumes")))]
label_issue = group(sep=" ")[nlabel("issue"), nvar("issue")]
label_collection_number = group(sep=" ")[choose((is_num("collection-number"), nlabel("collection-number"))),
                                         nvar("collection-number")]

label_number_cap = group(sep=" ")[
    choose((of_type("standard"), _nothing),
           (any_of(is_num("number"), of_type("legislation", "regulation")), nlabel("number", cap=True))),
    nvar("number", case="capitalize-first")]
identifier_edition = choose(
    (has("original-title"), label_edition_cap),
    (has_all("issued", "original-date"), _nothing),
    (None, label_edition_cap),
)
identifier_edition_note = choose(
    (has("original-title"), label_edition),
    (has_all("issued", "original-date"), _nothing),
    (None, label_edition),
)
identifier_number = group(sep=" ")[choose(
    (of_type("thesis"), _nothing),
    (has("number"), group(sep=" ")[var("genre", case="title"), label_number_cap]),
)]
identifier_patent = group(sep=", ")[
    group(sep=" ")[var("authority"),
                   choose((has("genre"), var("genre", case="capitalize-first")),
                          (None, term("patent", case="capitalize-first"))),
                   nvar("number")],
    group(sep=" ")[text("filed"), date_range("submitted", "full")],
    group(sep=" ")[choose((has_all("issued", "submitted"), term("and"))), text("issued"),
                   date_range("issued", "full")],
]
contributors_mono = group(sep=". ")[choose(
    (of_type("post", "webpage"), group(sep=". ")[
        people("container-author"), people("editor", "translator"), people("illustrator"),
        people("compiler"), people("director")]),
    (lacks("container-title"), group(sep=". ")[
        people("container-author"), people("editor", "translator"), people("illustrator"),
        people("compiler"), people("director")]),
    (None, people("illustrator")),
)]
contributors_serial = group(sep=". ")[people("translator"), people("compiler"), people("director")]
contributors = choose((serial, contributors_serial), (None, contributors_mono))

volume_specific = group(sep=", ")[choose(
    (has("volume-title"), group(sep=" ")[choose((has("volume"), group(sep=" ")[label_volume_cap, text("of")])),
                                         title_primary]),
    (has("volume"), label_volume_cap),
)]
contributors_and_volume_mono = group(sep=". ")[
    contributors_mono,
    group(sep=", ")[volume_specific],
    choose((lacks("volume", "volume-title"), label_number_of_volumes)),
]
contributors_and_volume = choose((serial, contributors_serial), (None, contributors_and_volume_mono))

identifier_report = group(sep=". ")[choose(
    (has("container-title"), contributors),
    (has("title"), group(sep=". ")[identifier_number, label_version_cap, identifier_edition, contributors_and_volume]),
    (None, group(sep=". ")[label_version_cap, identifier_edition, contributors_and_volume]),
)]
identifier_bib = group(sep=". ")[choose(
    (of_type("patent"), identifier_patent),
    (of_type("report"), identifier_report),
    (of_type("post", "webpage"), group(sep=". ")[identifier_number, label_version_cap, identifier_edition,
                                                 contributors]),
    (has("container-title"), group(sep=". ")[
        choose((of_type("broadcast", "graphic", "map", "motion_picture"), identifier_number)), contributors]),
    (None, group(sep=". ")[choose((of_type("song"), _nothing), (None, identifier_number)),
                           label_version_cap, identifier_edition, contributors_and_volume]),
)]

title_and_descriptions = group(sep=". ")[choose(
    (has("title"), group(sep=". ")[title_bib, description_bib, identifier_bib]),
    (of_type("bill", "report"), group(sep=". ")[identifier_number, identifier_bib, description_bib]),
    (None, group(sep=". ")[description_bib, identifier_bib]),
)]

# --- 4.6 dates inside the source ------------------------------------------------------------------

month_day = date_range("issued", "month-day")
month = date_range("issued", "month")
date_serial = choose((of_type("article-magazine", "article-newspaper"), month_day),
                     (has("issue", "supplement-number", "volume"), month),
                     (None, month_day))
date_month_day = choose(
    (of_type(*ENTRIES), choose((has("DOI", "URL"), month_day))),
    (of_type("article", "broadcast", "collection", "dataset", "document", "event", "graphic", "manuscript", "map",
             "patent", "performance", "personal_communication", "post", "software", "song", "speech", "standard",
             "webpage"), month_day),
    (of_type(*SERIAL), date_serial),
    (has(*EDITORS), _nothing),
    (of_type("interview", "paper-conference"), date_serial),
)
date_specific = date_month_day
original_month_day = date_range("original-date", "month-day")
date_original = choose(
    (of_type(*ENTRIES), choose((has("DOI", "URL"), original_month_day))),
    (of_type("article", "broadcast", "collection", "dataset", "document", "event", "graphic", "manuscript", "map",
             "patent", "performance", "personal_communication", "post", "software", "song", "speech", "standard",
             "webpage"), original_month_day),
    (of_type(*SERIAL), choose((has("issue", "supplement-number", "volume"), date_range("original-date", "month")),
                              (None, original_month_day))),
    (of_type("interview", "paper-conference"), choose(
        (has(*EDITORS), _nothing),
        (has("issue", "supplement-number", "volume"), date_range("original-date", "month")),
        (None, original_month_day))),
)
date_status = choose(
    (has_all("issued", "status"), choose(
        (all_of(of_type("webpage"), has("container-title")), var("status")),
        (all_of(of_type("webpage"), has_all("author", "publisher")), var("status")),
        (all_of(of_type("webpage"), has_all("translator", "publisher")), var("status")),
        (of_type("webpage"), var("status", case="capitalize-first")),
        (has("original-date", "original-publisher", "original-publisher-place", "original-title", "publisher"),
         var("status")),
        (None, var("status", case="capitalize-first")))),
    (all_of(of_type("software"), has_all("issued", "publisher")),
     choose((has(*AUTHORISH), text("released")), (None, text("Released")))),
    (all_of(of_type("software"), has("original-date")), text("released")),
    (all_of(of_type("software"), has("issued")), text("Released")),
)

# --- 4.1 serial sources ---------------------------------------------------------------------------

serial_name = group(sep=" ")[var("container-title", case="title", italic=True),
                             choose((lacks("event-date", "event-title"),
                                     var("publisher-place", prefix="(", suffix=")")))]
serial_title = group(sep=", ")[
    serial_name,
    choose((has("collection-title", "issue", "number", "page", "supplement-number", "volume", "volume-title"),
            _nothing),
           (has("available-date", "status"), _nothing),
           (all_of(of_type("article-journal"), has_all("DOI", "issued")), term("advance-online-publication"))),
]
serial_volume_status = group(sep=", ")[group(sep=" ")[date_status, date_specific]]
serial_identifier_volume = group(sep=", ")[choose(
    (of_type("article-magazine", "article-newspaper"), group(sep=", ")[var("collection-title"),
                                                                       serial_volume_status]),
    (has("issue", "supplement-number", "volume"), group(sep=", ")[
        var("collection-title"),
        group(sep=" ")[choose(
            (has("volume"), group(sep=" ")[
                choose((has("collection-title"), label_volume), (None, nvar("volume"))),
                group(sep=", ", prefix="(", suffix=")")[choose((has("issue"), nvar("issue")),
                                                               (None, date_specific))]]),
            (has("issue"), group(sep=" ")[
                label_issue,
                choose((has(*AUTHORISH), group(prefix="(", suffix=")")[date_specific]))]))]]),
    (None, group(sep=", ")[var("collection-title"),
                           choose((of_type("interview", "post-weblog"), var("publisher"))),
                           serial_volume_status]),
)]
serial_locator = choose(
    (has("number"), choose((has("archive"), _nothing), (None, nvar("number")))),
    (of_type("article-magazine", "article-newspaper"), _nothing),
    (None, page),
)
serial_identifier = group(sep=", ")[choose(
    (of_type("article-magazine", "article-newspaper"), group(sep=", ")[
        group(sep=". ")[serial_identifier_volume, label_edition_cap], serial_locator]),
    (has("issue", "supplement-number", "volume"), group(sep=": ")[serial_identifier_volume, serial_locator]),
    (None, group(sep=", ")[serial_identifier_volume, serial_locator]),
)]

# --- 4.2 monographic sources ----------------------------------------------------------------------

preposition = choose(
    (of_type("broadcast", "motion_picture"), _nothing),
    (all_of(of_type("chapter"), has_all("container-title", "genre")), text("to")),
    (all_of(of_type("article-journal"), has_all("container-title", "genre", "volume-title")), text("to")),
    (of_type(*ENTRIES), choose((has("author", "composer"), term("in", case="capitalize-first")))),
    (has("chapter-number"), group(sep=" ")[
        group(sep=" ")[choose((is_num("chapter-number"), nlabel("chapter-number", cap=True, term_name="chapter"))),
                       nvar("chapter-number", case="capitalize-first")],
        term("in")]),
    (None, term("in", case="capitalize-first")),
)
mono_title = choose((has("volume-title"), title_volume),
                    (None, var("container-title", case="title", italic=True)))
container_italic = var("container-title", case="title", italic=True)
mono_volume = group(sep=", ")[choose(
    (has("volume-title"), group(sep=" ")[choose((has("volume"), group(sep=" ")[label_volume, text("of")])),
                                         container_italic]),
    (None, label_volume),
)]
mono_contributors = choose(
    (has_all("container-author", "container-title"), people("container-author", opts=VERB)),
    (None, group(sep=", ")[people("editor", "translator", sep=", ", opts=VERB), people("illustrator", "compiler",
                                                                                       sep=", ", opts=VERB),
                           people("director", opts=VERB)]),
)
mono_contributors_and_volume = group(sep=", ")[
    mono_contributors, mono_volume,
    choose((has("volume", "volume-title"), _nothing), (has("page"), _nothing), (None, label_number_of_volumes)),
]
mono_identifier = choose((has("container-title"), group(sep=", ")[
    choose((of_type("broadcast", "graphic", "map", "motion_picture", "song"), _nothing), (None, identifier_number)),
    label_version, identifier_edition_note, mono_contributors_and_volume]))
description_format_note = choose(
    (has_all("genre", "number"), _nothing),
    (has("genre"), var("genre")),
    (has("archive", "archive-place", "container-title", "DOI", "number", "publisher", "references", "URL"),
     _nothing),
    (of_type("manuscript"), term("manuscript")),
    (of_type("personal_communication"), term("personal-communication")),
)
mono_description = choose(
    (of_type("document", "report", "software", "standard"), description_format_note),
    (has(*EDITORS, "issue", "page", "supplement-number", "volume"), _nothing),
    (of_type("event", "paper-conference", "performance", "speech"), description_format_note),
)
mono_container_author_others = choose((has_all("container-author", "container-title"), group(sep=". ")[
    people("editor", "translator"), people("illustrator", "compiler"), people("director")]))
series_title = group(sep=", ")[choose(
    (has("issue"), group(sep=", ")[var("collection-title", case="title"), label_collection_number, label_issue]),
    (all_of(is_num("collection-number"), has("collection-title")),
     group(sep=" ")[var("collection-title", case="title"), nvar("collection-number")]),
    (has("collection-title"), group(sep=", ")[var("collection-title", case="title"), nvar("collection-number")]),
)]
source_series = group(sep=", ")[series_title]
source_monographic = group(sep=". ")[
    choose((has("container-title"), group(sep=", ")[
        group(sep=" ")[preposition, mono_title], mono_description, mono_identifier])),
    mono_container_author_others,
    source_series,
    choose((has("event-date", "original-date", "original-publisher", "original-publisher-place", "publisher",
                "status"), source_event)),
]
source_serial = group(sep=". ")[
    choose((has("volume-title"), group(sep=", ")[group(sep=" ")[preposition, title_volume], mono_contributors])),
    choose((of_type("article-magazine", "article-newspaper"), group(sep=", ")[serial_title, serial_identifier]),
           (has_all("collection-title", "volume"), group(sep=", ")[serial_title, serial_identifier]),
           (has("volume"), group(sep=" ")[serial_title, serial_identifier]),
           (None, group(sep=", ")[serial_title, serial_identifier])),
]
source_bib = choose(
    (of_type("patent", "post", "webpage"), _nothing),
    (serial, source_serial),
    (None, source_monographic),
)

# --- 4.5 publication facts ------------------------------------------------------------------------

publisher_bib = group(sep=" ")[
    choose((has("publisher"), var("publisher", case="capitalize-first")),
           (has("event-date", "event-title"), _nothing),
           (None, var("publisher-place", case="capitalize-first"))),
    choose((of_type("song"), nvar("number"))),
]
publisher_original = choose((has("original-publisher"), var("original-publisher", case="capitalize-first")),
                            (None, var("original-publisher-place", case="capitalize-first")))
publication_description = choose(
    (all_of(of_type("article"), has("genre")), _nothing),
    (of_type("article"), term("preprint", case="capitalize-first")),
    (of_type("thesis"), var("genre", case="capitalize-first")),
    (has("original-publisher", "original-publisher-place"), choose(
        (has("edition", "original-title"), _nothing),
        (lambda ctx: ctx.item.get("type") not in (
            "book", "chapter", "classic", "entry", "entry-dictionary", "entry-encyclopedia", "interview",
            "musical_score", "pamphlet", "paper-conference", "report", "thesis"), _nothing),
        (has_all("issued", "original-date"), text("Reprint")))),
)
publication_history = choose(
    (has("original-title"), group(sep=", ")[publication_description, publisher_bib]),
    (has("edition", "original-publisher", "original-publisher-place"), group(sep=". ")[
        group(sep=", ")[publisher_original, date_original],
        group(sep=". ")[choose((has_all("issued", "original-date"), label_edition_cap)),
                        group(sep=", ")[publication_description, publisher_bib]]]),
    (None, group(sep="; ")[date_original, group(sep=", ")[publication_description, publisher_bib]]),
)
publication_and_date = group(sep=", ")[
    choose((of_type("post", "webpage"), choose(
        (has("publisher"), var("container-title", case="title")),
        (all_of(of_type("webpage"), has_all("container-title", "container-title-short")), _nothing),
        (None, var("container-title", case="title"))))),
    choose((of_type("broadcast"), _nothing), (None, publication_history)),
    group(sep=" ")[date_status, date_specific],
]
original_title_bib = choose((has("original-title"), group(sep=" ")[
    term("original-work-published", case="capitalize-first"),
    group(sep=", ")[names("original-author", opts=NameOptions(and_="text")), any_language(var("original-title", case="title", italic=True))],
    group(sep=", ", prefix="(", suffix=")")[publisher_original, date_original]]))
mono_publication = group(sep=". ")[
    choose((of_type("patent"), _nothing),
           (of_type(*SERIAL), _nothing),
           (has(*EDITORS), publication_and_date),
           (of_type("interview", "paper-conference"), _nothing),
           (None, publication_and_date)),
    original_title_bib,
]

# --- 4.8-4.10 -------------------------------------------------------------------------------------

medium = only_if(("medium", "scale", "dimensions"),
                 group(sep=", ")[var("medium", case="capitalize-first"), var("scale"), var("dimensions")])
archive = only_if(("archive", "archive_location", "archive_collection", "archive-place", "number"), group(sep=" ")[
    group(sep=". ")[var("archive_location", case="capitalize-first"), var("archive_collection"),
                    group(sep=", ")[var("archive"), var("archive-place")]],
    group(prefix="(", suffix=")")[choose(
        (has("archive_collection", "archive_location", "archive-place"), _nothing),
        (of_type("thesis"), nvar("number")),
        (any_of(of_type("dataset", "entry", "song"), has("genre")), _nothing),
        (has("archive"), nvar("number")))]])
access = group(sep=". ")[
    choose((has("DOI"), _nothing),
           (has("available-date", "event-date", "issued", "status"), _nothing),
           (has_all("accessed", "URL"), group(sep=" ")[term("accessed", case="capitalize-first"),
                                                      date_range("accessed", "full")])),
    choose((has("DOI"), var("DOI", prefix="https://doi.org/")), (has("URL"), var("URL"))),
]

title_and_source = group(sep=". ")[
    choose(
        (any_of(all_of(of_type("chapter"), has_all("container-title", "genre")),
                all_of(of_type("article-journal"), has_all("container-title", "genre", "volume-title"))),
         group(sep=" ")[title_and_descriptions, source_bib]),
        (None, group(sep=". ")[title_and_descriptions, source_bib])),
    group(sep=", ")[
        choose((has("event-date", "original-date", "original-publisher", "original-publisher-place", "publisher",
                    "status"), _nothing),
               (of_type(*SERIAL), _nothing),
               (has(*EDITORS), source_event),
               (of_type("interview", "paper-conference"), _nothing),
               (None, source_event)),
        mono_publication],
    medium,
    archive,
    access,
]

# --- 1-2 author and date --------------------------------------------------------------------------

substitute_container = choose(
    (has("volume-title"), _nothing),
    (of_type("article-magazine", "article-newspaper"), serial_name),
    (of_type(*ENTRIES), var("container-title", case="title", italic=True)),
    (of_type("webpage"), choose((has("container-title-short"), var("container-title-short", case="title")),
                                (None, var("container-title", case="title")))),
)
substitute_title = choose((has("title"), title_bib), (None, title_and_descriptions))
def _author_names(opts: NameOptions) -> "object":
    return names("author", opts=opts, substitute=(
        choose((all_of(of_type("entry-dictionary", "entry-encyclopedia"), has("container-title")),
                substitute_container)),
        names("illustrator", opts=opts),
        names("editor", opts=opts),
        names("translator", opts=opts),
        names("collection-editor", opts=opts),
        names("director", opts=opts),
        names("compiler", opts=opts),
        choose((of_type("software", "webpage"), var("publisher"))),
        substitute_container,
        substitute_title,
    ))


AUTHOR_ROLES = ("author", "illustrator", "editor", "translator", "collection-editor", "director", "compiler")


def _two_ending_with_institution(ctx: Ctx) -> bool:
    """citeproc-js sets no comma before "and" when the second of two names is an institution."""
    for v in AUTHOR_ROLES:
        people_ = ctx.item.get(v)
        if people_:
            return len(people_) == 2 and "literal" in people_[-1]
    return False


_author_choice = choose((_two_ending_with_institution, _author_names(replace(AUTHOR, precedes_last="contextual"))),
                        (None, _author_names(AUTHOR)))


def author(ctx: Ctx) -> Result:
    """The author (or its substitute); "and others" closing three or more names takes the serial comma."""
    r, used = _author_choice(ctx)  # type: ignore[operator]
    for v in AUTHOR_ROLES:
        people_ = ctx.item.get(v)
        if people_:
            if len(people_) >= 3 and people_[-1].get("literal") == "others":
                text_ = r.text
                if ", and others" not in text_ and " and others" in text_:
                    r = r.map_text(lambda t: t.replace(" and others", ", and others"))
            break
    return r, used
the_date = group(sep="-")[choose(
    (has("issued"), group(sep=" ")[year_of("original-date", prefix="(", suffix=")"),
                                   group[year_of("issued"), year_suffix()]]),
    (has("event-date"), year_of("event-date")),
    (has("status"), seq(sep="-")[var("status", case="capitalize-first"), year_suffix()]),
    (of_type("collection"), year_suffix()),
    (of_type("manuscript"), choose((has("container-title", "event-date", "event-place", "event-title", "genre",
                                        "title", "publisher", "publisher-place"),
                                    seq[term("no date", form="short"), year_suffix(prefix="-")]))),
    (None, seq[term("no date", form="short"), year_suffix(prefix="-")]),
)]
author_block = group(sep=" ")[
    author,
    choose((all_of(of_type("webpage"), has("publisher")), _nothing),
           (all_of(of_type("webpage"), has_all("container-title", "container-title-short")),
            var("container-title", case="title", prefix="(", suffix=")"))),
]
_body = seq(sep=". ")[author_block, the_date, title_and_source]


LEGAL = ("bill", "hearing", "legal_case", "legislation", "regulation", "treaty")
legal_title = choose((of_type("bill", "legal_case", "legislation", "regulation", "treaty"), var("title", case="title")))
legal_date = choose(
    (of_type("treaty"), date_range("issued", "full")),
    (of_type("legal_case"), group(sep=" ", prefix="(", suffix=")")[
        var("authority"), choose((has("container-title"), year_of("issued")),
                                 (None, date_range("issued", "full")))]),
    (of_type("bill", "hearing", "legislation", "regulation"), group(sep=" ", prefix="(", suffix=")")[
        group(sep=" ")[year_of("original-date"), term("and", form="symbol")],
        choose((has("issued"), year_of("issued")), (None, date_range("submitted", "full")))]),
)
_page_first = fn(func=lambda ctx: (Rich.of(re.split(r"[-\u2013,]", str(ctx.get("page")))[0].strip()), True)
                 if ctx.get("page") else (EMPTY, False))
legal_source = choose(
    (of_type("bill"), group(sep=", ")[group(sep=" ")[var("genre"), nvar("number")],
                                     group(sep=" ")[var("authority"), var("chapter-number")],
                                     group(sep=" ")[var("volume"), var("container-title"), _page_first]]),
    (of_type("hearing"), group(sep=" ")[var("authority"), var("chapter-number")]),
    (of_type("legal_case"), group(sep=" ")[choose(
        (has("container-title"), group(sep=" ")[var("volume"), var("container-title"),
                                                 choose((has("page"), _page_first), (None, text("___")))]),
        (None, label_number_cap))]),
    (of_type("legislation"), choose(
        (has("number"), group(sep=", ")[
            group(sep=" ")[choose((has("genre"), var("genre", case="capitalize-first")),
                                  (None, text("Pub. L."))), label_number_cap],
            group(sep=" ")[var("volume"), var("container-title"), _page_first]]),
        (None, group(sep=" ")[var("volume"), var("container-title"), _page_first]))),
    (of_type("regulation"), group(sep=", ")[group(sep=" ")[var("genre"), label_number_cap],
                                           group(sep=" ")[var("volume"), var("container-title"), _page_first]]),
    (of_type("treaty"), group(sep=" ")[var("volume"), var("container-title"),
                                      choose((has("page"), _page_first), (None, label_number_cap))]),
)
legal_identifier = group(sep=" ", prefix="(", suffix=")")[
    choose((of_type("bill", "legislation", "regulation"), var("status")))]
legal_reference = group(sep=", ")[choose(
    (of_type("treaty"), group(sep=", ")[legal_title, names("author", opts=NameOptions(and_=None, delimiter="-",
                                                                                      short=True)),
                                       legal_date, legal_source]),
    (None, group(sep=" ")[group(sep=", ")[legal_title, legal_source], legal_date, legal_identifier]),
)]
_legal_body = group(sep=". ")[legal_reference, access, var("references")]


def _bare_initial(ctx: Ctx) -> None:
    """citeproc-js prints a first author's given name as written ("Eriksson, A, K. Hansson", "Alver,
    Morten O") when the entry has several authors and another entry's first author of that family has
    another given name with the same initial ("Eriksson, AS", "Alver, Morten Omholt", "Brewer, G. J."):
    its given-name disambiguation asks for the full given name, which is not normalised."""
    people_ = ctx.item.get("author") or []
    if len(people_) < 2 or "_given_raw" not in people_[0]:
        return
    first = people_[0]
    raw = first["_given_raw"]
    givens = _first_givens(ctx).get(first.get("family", ""), set())
    if any(g != raw and g[:1] == raw[:1] for g in givens):
        # _full_given: the names module prints such a given name as written (where it supports that)
        ctx.item["author"] = [dict(first, given=raw, _full_given=True)] + list(people_[1:])


def layout(ctx: Ctx) -> tuple[Rich, bool | None]:
    _bare_initial(ctx)
    if len(ctx.item.get("author") or ()) < AUTHOR.et_al_min:
        ctx.show_names = 0  # citation disambiguation adds names; it never cuts a list the bibliography keeps whole
    r, used = run(_legal_body if ctx.item.get("type") in LEGAL else _body, ctx)
    t = r.text
    if t[:1].islower() and t.startswith("n.d."):  # citeproc-js capitalises a leading "n.d."
        r = r.map_text(lambda s: s[:1].upper() + s[1:] if s.startswith("n.d.") else s)
    return r, used


def _author_sort(ctx: Ctx) -> str:
    item = ctx.item
    if item.get("type") in LEGAL:
        return _rendered(legal_title, ctx)
    for v in ("author", "illustrator", "editor", "translator", "collection-editor", "director", "compiler"):
        if item.get(v):
            return name_key(item[v], demote=True, limit=7, use_first=3)
    ctx.suppressed = set()
    r, _ = run(author, ctx)
    return r.text


_DIGITS = re.compile(r"\d+")
_BASE = str.maketrans({"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
                       "đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
_PUNCT = re.compile(r"[^\w\s\x01]+")
_MARKUP = re.compile(r"<[^>]+>")
_SPACE_RUN = re.compile(r"\s+")


def _number(m: re.Match[str]) -> str:
    digits = m.group(0).lstrip("0") or "0"
    return f"{len(digits):02d}{digits}"


def collate(value: object) -> tuple[object, ...]:
    """A sort key like citeproc-js's collator: accents, case and punctuation ignored, digit runs
    compared as numbers, a space sorting before letters and digits."""
    if isinstance(value, Rich):
        value = value.text
    if not value:
        return (1,)
    return _collate(str(value))


@lru_cache(maxsize=65536)
def _collate(value: str) -> tuple[object, ...]:
    text = _MARKUP.sub("", value)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_BASE)
    text = _DIGITS.sub(_number, text.casefold())
    text = _SPACE_RUN.sub("\x01", text.strip())
    return (0, _PUNCT.sub("", text).replace("_", ""))


def _rendered(node: object, ctx: Ctx) -> str:
    ctx.suppressed = set()
    r, _ = run(node, ctx)
    return r.text


class _LaterKeys:
    """The CSL style's later sort keys (date, title and descriptions, source), rendered one by one and
    only when the first keys tie."""

    __slots__ = ("_keys", "ctx")
    LATER = (lambda ctx: _rendered(the_date, ctx), lambda ctx: _rendered(title_and_descriptions, ctx),
             lambda ctx: _rendered(source_bib, ctx))

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self._keys: list[tuple[object, ...]] = []

    def key(self, i: int) -> tuple[object, ...]:
        while len(self._keys) <= i:
            self._keys.append(collate(self.LATER[len(self._keys)](self.ctx)))
            self.ctx.suppressed = set()
        return self._keys[i]

    def __lt__(self, other: "_LaterKeys") -> bool:
        for i in range(len(self.LATER)):
            a, b = self.key(i), other.key(i)
            if a != b:
                return a < b
        return False


def sort_key(ctx: Ctx) -> tuple[object, ...]:
    """Author, dated before undated, year; then date, title and descriptions, source (CSL sort keys).
    The engine asks for it first, so the item's names are prepared here."""
    prepare(ctx)
    item = ctx.item
    group_ = 0 if item.get("issued") else (2 if item.get("status") else 1)
    return (collate(_author_sort(ctx)), group_, date_key(item)[:2], _LaterKeys(ctx))


def _year_text(ctx: Ctx) -> str:
    """The year part of a citation: issued (or event) year, a range only when the years differ."""
    for name in ("issued", "event-date"):
        d = ctx.item.get(name)
        if isinstance(d, dict):
            if "literal" in d:
                return str(d["literal"])
            years = list(dict.fromkeys(str(p[0]) for p in d.get("date-parts", []) if p))
            if years:
                return "-".join(years)
    return str(ctx.item.get("status") or "")


def _cite_names(people_: list[dict[str, str]]) -> str:
    """Names as a disambiguated citation can show them: family and given names (no suffixes)."""
    out = []
    for p in people_:
        if "literal" in p:
            out.append(p["literal"])
            continue
        # the long form a disambiguated citation shows: given name and dropping particle before the family
        given = " ".join(w for w in re.split(r"[\s.]+", p.get("given", "")) if w)
        out.append(" ".join(x for x in (p.get("family", ""), given, p.get("dropping-particle", "")) if x))
    return "; ".join(out)


def cite_key(ctx: Ctx) -> tuple[object, ...]:
    """What a citation shows: names (or the short title) and the date with any original year."""
    item = ctx.item
    people_ = item.get("author") or item.get("editor") or item.get("translator")
    if people_:
        who = _cite_names(people_)
    elif item.get("title-short") and item.get("type") not in LEGAL:
        who = str(item["title-short"])
    else:
        who = _author_sort(ctx)
        ctx.suppressed = set()
    orig = item.get("original-date")
    first = orig.get("date-parts", [[None]])[0][:1] if isinstance(orig, dict) and item.get("issued") else []
    return (who, _year_text(ctx), tuple(first))


STYLE = Style(name="chicago-author-date", lang="en-US", layout=layout, sort_key=sort_key, cite_key=cite_key,
              add_names=(3, 1),
              terms={
                  "editortranslator": {"verb": ("edited and translated by", "edited and translated by"),
                                       "short": ("ed. and trans.", "eds. and trans.")},
                  "container-author": {"verb": ("by", "by")},
                  "illustrator": {"verb": ("illustrated by", "illustrated by"), "short": ("ill.", "ill.")},
                  "compiler": {"verb": ("compiled by", "compiled by"), "short": ("comp.", "comps.")},
                  "collection-editor": {"verb": ("edited by", "edited by"), "short": ("ed.", "eds.")},
                  "manuscript": {"long": ("unpublished manuscript", "unpublished manuscripts")},
                  "personal-communication": {"long": ("personal communication", "personal communications")},
                  "patent": {"long": ("patent", "patents")},
                  "paper-conference": {"short": ("paper", "papers"), "long": ("paper", "papers")},
                  "at": {"long": ("at", "at")},
                  "preprint": {"long": ("preprint", "preprints")},
                  "advance-online-publication": {"long": ("ahead of print", "ahead of print")},
                  "original-work-published": {"long": ("originally published as", "originally published as")},
                  "number-of-volumes": {"long": ("volume", "volumes"), "short": ("vol.", "vols.")},
                  "collection-number": {"short": ("vol.", "vols.")},
                  "version": {"long": ("version", "versions"), "short": ("v.", "v.")},
              })
# The CSL style also disambiguates citations by given names (disambiguate-add-givenname, rule primary-name);
# engines that implement it (Style.add_givenname) use it.
if hasattr(STYLE, "add_givenname"):
    STYLE.add_givenname = True
