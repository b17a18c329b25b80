"""APA 7th edition (American English): author-date, sentence-case titles, DOIs as links.

The layout follows the structure of the official APA CSL style (author, date, title and
descriptions, source, DOI/URL, publication history; Bluebook-like legal references), restricted to
the CSL variables that a BibTeX entry can give.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from citekit.render.casing import capitalize_first, title_case
from citekit.render.locale import MONTHS, get_locale, ordinal
from citekit.render.names import NameOptions, initials, render_names
from citekit.render.numbers import is_numeric, is_plural, number_info
from citekit.render.rich import EMPTY, Rich, concat
from citekit.render.sorting import fold
from citekit.render.style import Style
from citekit.render.template import (
    Ctx,
    Result,
    all_of,
    choose,
    decorate,
    group,
    of_type,
    run,
    run_substitute,
    seq,
    term,
    text,
    year_suffix,
)
from citekit.render.template import var as _template_var

SERIAL = ("article-journal", "article-magazine", "article-newspaper", "periodical", "post-weblog", "review",
          "review-book")
EDITORISH = ("collection-editor", "compiler", "editor", "editorial-director")
LEGAL = ("bill", "hearing", "legal_case", "legislation", "regulation", "treaty")
FULL_DATE = ("article-magazine", "article-newspaper", "broadcast", "collection", "document", "event",
             "motion_picture", "pamphlet", "performance", "personal_communication", "post", "post-weblog", "song",
             "speech", "webpage")
RETRIEVABLE = ("archive", "archive-place", "container-title", "DOI", "number", "publisher", "references", "URL")
UNPUB_TESTS = EDITORISH + ("issue", "page", "supplement-number", "volume")

# Role labels: the en-US locale's, and no label for a container's author but "by" as a verb.
_LOCALE_ROLES = ("editor", "translator", "editortranslator", "director")
_ROLE_OVERRIDES: dict[str, dict[str, tuple[str, str]]] = {
    "container-author": {"long": ("", ""), "verb": ("by", "by")},
}
_EN_US = get_locale("en-US")
GENERIC = {"broadcast": "broadcast", "collection": "archival collection", "dataset": "dataset", "figure": "figure",
           "graphic": "graphic", "map": "map", "motion_picture": "video recording", "song": "audio recording",
           "software": "computer software", "post": "online post", "review": "review",
           "review-book": "book review"}


# ---- small pieces ----

def _present_value(ctx: Ctx, name: str) -> Any:
    """A variable's value for a test (which sees variables a substitute already printed), without
    marking it printed; unparsed dates count as absent (pandoc gives them no date parts)."""
    v = ctx.item.get(name)
    if isinstance(v, dict) and ("literal" in v or not v.get("date-parts")):
        return None
    return v


def has(*names_: str) -> Any:
    if len(names_) == 1:
        n = names_[0]
        return lambda ctx: bool(_present_value(ctx, n))
    return lambda ctx: any(_present_value(ctx, n) for n in names_ if n in ctx.item)


def lacks(*names_: str) -> Any:
    test = has(*names_)
    return lambda ctx: not test(ctx)


def var(name: str, **fmt: Any) -> Any:
    """A CSL text variable; straight quotes stay as they are (citeproc-js leaves them)."""
    if name in ("URL", "DOI", "page") or "pages" in fmt:
        return _template_var(name, **fmt)

    def f(ctx: Ctx) -> Result:
        v = ctx.get(name)
        if not v:
            return EMPTY, False
        v = str(v)
        if "'" in v:
            v = v.replace("'", "\u2019")
        r = Rich.markup(v)
        if _QUOTE_RE.search(v):
            r = quotes_in(r)
            if fmt.get("case") == "title" and '"' in r.text:
                # an unpaired quotation mark does not start a word for title case (citeproc-js)
                r = r.map_text(lambda t: t.replace('"', "\ue000"))
                return decorate(r, ctx, **fmt).map_text(lambda t: t.replace("\ue000", '"')), True
        return decorate(r, ctx, **fmt), True
    return f


QUOTE_CHARS = "\"\u201c\u201d\u2018"
_QUOTE_RE = re.compile("[" + QUOTE_CHARS + "]")
_OPENS_AFTER = " ([{\u2014\u2013-/"


def quotes_in(r: Rich) -> Rich:
    """Quotation marks in a field as citeproc-js reads them: a straight pair or a curly pair is a
    quotation (printed curly, double outside, single inside); anything unpaired stays as typed.
    A closing mark gets the flag "q" so that a following period or comma can move inside it."""
    chars = [(ch, f) for s, f in r.segs for ch in s]
    text = "".join(c for c, _ in chars)
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int, int]] = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if ch == '"':
            if stack and stack[-1][0] == '"' and not prev.isspace():
                o = stack.pop()
                pairs.append((o[1], i, len(stack)))
            elif (prev.isspace() or prev in _OPENS_AFTER) and not nxt.isspace():
                stack.append((ch, i))
        elif ch in "\u201c\u2018":
            stack.append((ch, i))
        elif ch in "\u201d\u2019":
            want = "\u201c" if ch == "\u201d" else "\u2018"
            if stack and stack[-1][0] == want:
                o = stack.pop()
                pairs.append((o[1], i, len(stack)))
    if not pairs:
        return r
    out = list(chars)
    for a, b, level in pairs:
        op, cl = ("\u201c", "\u201d") if level % 2 == 0 else ("\u2018", "\u2019")
        out[a] = (op, out[a][1])
        out[b] = (cl, out[b][1] + ("q" if b == len(out) - 1 else ""))  # only a closing mark that ends the field
    segs: list[tuple[str, str]] = []
    for ch, f in out:
        if segs and segs[-1][1] == f:
            segs[-1] = (segs[-1][0] + ch, f)
        else:
            segs.append((ch, f))
    return Rich(tuple(segs))


def punctuation_into_quotes(r: Rich) -> Rich:
    """en-US: a period or comma right after a closing quotation mark (flag "q") goes inside it."""
    segs = list(r.segs)
    changed = False
    for i in range(len(segs) - 1):
        s, f = segs[i]
        nxt, nf = segs[i + 1]
        if "q" not in f or not nxt or nxt[0] not in ".,":
            continue
        p = nxt[0]
        inner = s[-2] if len(s) > 1 else (segs[i - 1][0][-1:] if i else "")
        if not (inner in ".?!" or (p == "." and inner == ",")):
            s = s[:-1] + p + s[-1]
        segs[i] = (s, f)
        segs[i + 1] = (nxt[1:], nf)
        changed = True
    if not changed:
        return r
    return Rich(tuple((s, f.replace("q", "")) for s, f in segs if s))


def _kind(serial: Any, mono: Any) -> Any:
    """APA's serial/monographic split: serial types, then anything edited, then conference papers."""
    return choose((of_type(*SERIAL), serial), (has(*EDITORISH), mono),
                  (of_type("interview", "paper-conference"), serial), (None, mono))


def _title_case_all(s: str) -> str:
    """text-case="title" on a term (a non-variable string): every word capitalised."""
    return re.sub(r"(^|[\s])([a-z])", lambda m: m.group(1) + m.group(2).upper(), s)


def role_label(role: str, form: str, plural: bool, case: str | None = None) -> str:
    forms = _ROLE_OVERRIDES.get(role) or (_EN_US.terms.get(role, {}) if role in _LOCALE_ROLES else {})
    pair = forms.get(form) or forms.get("verb" if form == "verb-short" else "long") or ("", "")
    s = pair[1 if plural else 0]
    if case == "title":
        return _title_case_all(s)
    if case == "capitalize-first":
        return s[:1].upper() + s[1:]
    return s


def page_var(**fmt: Any) -> Any:
    """The page variable; a value that prints as nothing (a lone hyphen) still counts as present."""
    def f(ctx: Ctx) -> Result:
        v = _num_value(ctx, "page")
        if not v:
            return EMPTY, False
        return decorate(Rich.of(number_info(v, "page", "expanded").text), ctx, **fmt), True
    return f


def _num_value(ctx: Ctx, name: str) -> str:
    v = ctx.get(name)
    return "" if v is None else str(v)


def is_num(name: str) -> Any:
    """CSL is-numeric; numbers joined by slashes ("2/90") count as one number."""
    return lambda ctx: is_numeric(_num_value(ctx, name), name, slashed=True)


def num(name: str, case: str | None = None, **fmt: Any) -> Any:
    """A number variable as text: ranges of numbers get an en dash."""
    def f(ctx: Ctx) -> Result:
        v = _num_value(ctx, name)
        if not v:
            return EMPTY, False
        info = number_info(v, name)
        out = info.text if info.numeric else v  # citeproc-js prints a non-numeric value as it is
        if case == "capitalize-first":
            out = capitalize_first(out)
        if "'" in out:
            out = out.replace("'", "\u2019")
        return decorate(Rich.markup(out), ctx, **fmt), True
    return f


NUM_TERMS = {"volume": {"long": ("volume", "volumes"), "short": ("vol.", "vols.")},
             "issue": {"long": ("issue", "issues"), "short": ("no.", "nos.")},
             "number": {"long": ("number", "numbers"), "short": ("no.", "nos.")},
             "number-of-volumes": {"long": ("volume", "volumes"), "short": ("vol.", "vols.")},
             "chapter-number": {"long": ("chapter", "chapters"), "short": ("chap.", "chaps.")},
             "edition": {"long": ("edition", "editions"), "short": ("ed.", "eds.")},
             "version": {"long": ("version", "versions"), "short": ("v.", "v.")},
             "page": {"long": ("page", "pages"), "short": ("p.", "pp.")}}


def num_label(name: str, form: str = "long", cap: bool = False) -> Any:
    """CSL <label> for a number variable: plural for lists and ranges (and number-of-volumes > 1)."""
    def f(ctx: Ctx) -> Result:
        v = _num_value(ctx, name)
        if not v:
            return EMPTY, None
        s = NUM_TERMS[name][form][1 if is_plural(v, name, slashed=True) else 0]
        if cap:
            s = s[:1].upper() + s[1:]
        return Rich.of(s), None
    return f


def _succeed(body: Any) -> Any:
    """A group that printed only terms still counts as printed for the group around it (citeproc-js)."""
    def f(ctx: Ctx) -> Result:
        r, used = run(body, ctx)
        return r, (True if r else used)
    return f


# ---- dates ----

def _parts(ctx: Ctx, name: str) -> list[list[int]] | None:
    d = ctx.get(name)
    if not isinstance(d, dict) or "literal" in d:
        return None
    ps = [[int(x) for x in p] for p in d.get("date-parts", []) if p]
    return ps or None


def _year_text(y: int) -> str:
    if y < 0:
        return f"{-y} B.C.E."
    if 0 < y < 1000:
        return f"{y} C.E."
    return str(y)


def _date_node(name: str, text_of: Callable[[list[list[int]]], str]) -> Any:
    """A node printing a parsed date variable through `text_of`, "ca." first when it is uncertain."""
    def f(ctx: Ctx) -> Result:
        ps = _parts(ctx, name)  # None unless the variable holds parsed date parts
        if not ps:
            return EMPTY, False
        s = text_of(ps)
        return Rich.of("ca. " + s if ctx.get(name).get("circa") else s), True
    return f


def _years(ps: list[list[int]]) -> str:
    years = [p[0] for p in ps[:2]]
    if len(years) == 2 and years[1] == 0:  # an open range (2015/)
        return _year_text(years[0]) + "\u2013"
    return "\u2013".join(_year_text(y) for y in dict.fromkeys(years))


def year_of(name: str) -> Any:
    """A date's year(s), "ca." when uncertain."""
    return _date_node(name, _years)


def _month(m: int) -> str:
    if 1 <= m <= 12:
        return MONTHS[m - 1]
    if 13 <= m <= 16:
        return ["Spring", "Summer", "Autumn", "Winter"][m - 13]
    if 21 <= m <= 24:
        return ["Spring", "Summer", "Autumn", "Winter"][m - 21]
    return ""


def month_day(ctx: Ctx) -> Result:
    ps = _parts(ctx, "issued")
    if not ps:
        return EMPTY, False
    a = ps[0]
    b = ps[1] if len(ps) > 1 else None
    if len(a) < 2 or not _month(a[1]):
        return EMPTY, False
    first = _month(a[1]) + (f" {a[2]}" if len(a) > 2 else "")
    if b and len(b) > 1 and _month(b[1]) and b != a:
        if b[1] == a[1] and len(b) > 2 and len(a) > 2 and b[0] == a[0]:
            return Rich.of(f"{first}\u2013{b[2]}"), True
        second = _month(b[1]) + (f" {b[2]}" if len(b) > 2 else "")
        if second != first:
            return Rich.of(f"{first}\u2013{second}"), True
    return Rich.of(first), True


def _full(p: list[int]) -> str:
    y = _year_text(p[0])
    m = _month(p[1]) if len(p) > 1 else ""
    if len(p) > 2 and m:
        return f"{m} {p[2]}, {y}"
    return f"{m} {y}".strip()


def _full_range(ps: list[list[int]]) -> str:
    a = ps[0]
    if len(ps) < 2 or ps[1] == a or ps[1][0] == 0:
        return _full(a)
    b = ps[1]
    if b[0] != a[0] or len(a) < 2 or len(b) < 2:
        return f"{_full(a)}\u2013{_full(b)}"
    if b[1] != a[1] or len(a) < 3 or len(b) < 3:
        da = _month(a[1]) + (f" {a[2]}" if len(a) > 2 else "")
        db = _month(b[1]) + (f" {b[2]}" if len(b) > 2 else "")
        return f"{da}\u2013{db}, {_year_text(a[0])}"
    return f"{_month(a[1])} {a[2]}\u2013{b[2]}, {_year_text(a[0])}"


def date_text(name: str) -> Any:
    """A date in the locale's text form (April 26, 2018), ranges collapsed like citeproc-js."""
    return _date_node(name, _full_range)


# ---- names ----

BIB = NameOptions(and_="symbol", precedes_last="contextual", initialize_with=". ", et_al_min=21,
                  et_al_use_first=19, et_al_use_last=True)
SORTED = replace(BIB, precedes_last="always", sort_order="all")


def _render_names(people: list[dict[str, Any]], role: str, o: NameOptions, locale: Any) -> Rich:
    """Names with the style's options. "others" (a literal name) takes the comma before "&" by
    citeproc-js's contextual rule, as any literal last name does: only after two or more names."""
    r = render_names(people, role, o, locale)
    if len(people) >= 3 and people[-1].get("literal") == "others" and not (o.et_al_min and len(people) >= o.et_al_min):
        r = r.map_text(lambda t: t.replace(" & others", ", & others", 1) if ", & others" not in t else t)
    return r


def _people(ctx: Ctx, name: str) -> list[dict[str, Any]] | None:
    v = ctx.get(name)
    return v if v else None


def _with_label(r: Rich, role: str, plural: bool, form: str, prefix: str, suffix: str, case: str | None,
                before: bool = False) -> Rich:
    lab = role_label(role, form, plural, case)
    if not lab:
        return r
    if before:
        return concat(Rich.of(prefix + lab + suffix), r)
    return concat(r, Rich.of(prefix + lab + suffix))


def names_of(variables: tuple[str, ...], opts: NameOptions, label_form: str | None = None,
             prefix: str = "", suffix: str = "", case: str | None = "title", before: bool = False,
             delimiter: str = "; ") -> Any:
    """A CSL names element over several variables; identical editor and translator lists merge
    into one with the editor-translator label (citeproc-js)."""
    def f(ctx: Ctx) -> Result:
        lists = [(v, _people(ctx, v)) for v in variables]
        lists = [(v, p) for v, p in lists if p]
        if not lists:
            return EMPTY, False
        names = dict(lists)
        if "editor" in names and "translator" in names and names["editor"] == names["translator"]:
            lists = [(("editortranslator" if v == "editor" else v), p) for v, p in lists if v != "translator"]
        out = []
        for role, people in lists:
            r = _render_names(people, role, opts, ctx.locale)
            if label_form:
                r = _with_label(r, role, len(people) > 1, label_form, prefix, suffix, case, before)
            out.append(r)
        res = out[0]
        for r in out[1:]:
            res = concat(concat(res, Rich.of(delimiter)), r)
        return res, True
    return f


# ---- 1. author ----

def _publisher_if(*types: str) -> Any:
    return choose((of_type(*types), var("publisher")))


def author_title_substitute(ctx: Ctx) -> Result:
    if ctx.get("title"):
        return run(TITLE_IDENTIFIER, ctx)
    return run(title_and_descriptions, ctx)


def author(ctx: Ctx) -> Result:
    for v in ("author",):
        people = _people(ctx, v)
        if people:
            o = SORTED
            if ctx.show_names > o.et_al_use_first:
                o = replace(o, et_al_use_first=ctx.show_names, et_al_min=ctx.show_names + 1)
            return _render_names(people, v, o, ctx.locale), True
    subs: list[Any] = [
        names_of(("director",), SORTED, "long", " (", ")"),
        _publisher_if("entry-dictionary", "entry-encyclopedia"),
        choose((lacks("container-title"), lambda c: (EMPTY, None)),
               (of_type("book", "classic", "entry", "entry-dictionary", "entry-encyclopedia"),
                author_title_substitute)),
        names_of(("editor",), SORTED, "short", " (", ")"),
        _publisher_if("software", "webpage"),
        author_title_substitute,
    ]
    for sub in subs:
        r, _ = run_substitute(ctx, sub)
        if r:
            return r, True
    return EMPTY, False


def author_and_contributors(ctx: Ctx) -> Result:
    return author(ctx)


# ---- 2. date ----

def _md_test(ctx: Ctx) -> bool:
    t = ctx.item.get("type", "")
    if t in FULL_DATE:
        return True
    if any(ctx.get(v) for v in UNPUB_TESTS):
        return False
    return t in ("interview", "paper-conference")


the_date = _succeed(group(sep="-", prefix="(", suffix=")")[choose(
    (has("issued"), group(sep=", ")[
        group[year_of("issued"), year_suffix()],
        choose((_md_test, month_day))]),
    (has("status"), seq[var("status", case="lowercase"), year_suffix(prefix="-")]),
    (None, seq[term("no date", form="short"), year_suffix(prefix="-")]),
)])


# ---- 3. title and descriptions ----

label_volume = group(sep=" ")[choose((is_num("volume"), num_label("volume", "short", cap=True))),
                              num("volume", case="capitalize-first")]


def _numeric_volume(ctx: Ctx) -> bool:
    return is_num("volume")(ctx)


title_volume = choose(
    (has("volume-title"), group(sep=". ")[label_volume, var("volume-title")]),
    (_numeric_volume, lambda c: (EMPTY, None)),
    (None, label_volume),
)
title_monographic = choose(
    (has("container-title"), var("title")),
    (None, group(sep=": ", italic=True)[var("title"), title_volume]),
)
title_serial = choose(
    (has("container-title"), var("title")),
    (None, var("title", italic=True)),
)
title = choose(
    (of_type("post", "webpage"), var("title", italic=True)),
    (None, _kind(title_serial, title_monographic)),
)

label_number = group(sep=" ")[
    choose((of_type("standard"), lambda c: (EMPTY, None)),
           (lambda c: is_num("number")(c) or c.item.get("type") in ("legislation", "patent", "regulation"),
            num_label("number", "short", cap=True))),
    num("number", case="capitalize-first"),
]
identifier_number = group(sep=" ")[
    choose((all_of(of_type("thesis"), has("genre")), text("Publication")),
           (has("number"), var("genre", case="title"))),
    label_number,
]

contrib_serial = names_of(("translator",), BIB, "short", ", ", "")
contrib_mono = choose(
    (of_type("post", "webpage"), group(sep="; ")[
        names_of(("container-author",), BIB, "verb-short", "", " ", before=True),
        names_of(("editor", "translator"), BIB, "short", ", ", ""),
    ]),
    (has("container-title"), names_of(("translator",), BIB, "short", ", ", "")),
    (None, group(sep="; ")[
        names_of(("container-author",), BIB, "verb-short", "", " ", before=True),
        names_of(("editor", "translator"), BIB, "short", ", ", ""),
    ]),
)
identifier_contributors = _kind(contrib_serial, contrib_mono)

label_edition = choose(
    (is_num("edition"), group(sep=" ")[lambda c: _ordinal_edition(c), num_label("edition", "short")]),
    (None, var("edition")),
)


def _ordinal_edition(ctx: Ctx) -> Result:
    v = _num_value(ctx, "edition").strip()
    m = re.match(r"\d+", v)
    if not m:
        return EMPTY, False
    return Rich.of(ordinal(int(m.group(0)))), True


label_version = group(sep=" ")[num_label("version", "long", cap=True), var("version")]
identifier_series = choose((of_type("document", "report", "standard"), group(sep=" ")[
    var("collection-title", case="title"), var("collection-number")]))


label_number_of_volumes = choose(
    (is_num("number-of-volumes"), group(sep=" ")[num_label("number-of-volumes", "short", cap=True),
                                                group[text("1\u2013"), var("number-of-volumes")]]),
    (None, var("number-of-volumes")),
)


identifier_number_volume = choose(
    (all_of(has("volume"), has("volume-title")), lambda c: (EMPTY, None)),
    (is_num("volume"), label_volume),
    (None, label_number_of_volumes),
)
label_issue = group(sep=" ")[num_label("issue", "long", cap=True), num("issue")]
label_chapter_number = group(sep=" ")[
    choose((all_of(is_num("chapter-number"), of_type("song")), text("Track")),
           (is_num("chapter-number"), num_label("chapter-number", "long", cap=True))),
    var("chapter-number"),
]
label_page = group(sep=" ")[num_label("page", "short"), page_var()]
identifier_locators = choose(
    (has("page"), label_page),
    (all_of(has("chapter-number"), has("genre")), label_chapter_number),
    (all_of(has("chapter-number"), has("title")), label_chapter_number),
)
identifier_monographic_item = group(sep=", ")[
    label_version, label_edition, identifier_series, identifier_number_volume, label_issue, identifier_locators,
]
identifier_monographic = choose(
    (of_type("article-journal", "article-magazine", "article-newspaper", "broadcast", "event", "patent",
             "performance", "periodical", "post", "post-weblog", "review", "review-book", "speech", "webpage"),
     lambda c: (EMPTY, None)),
    (has(*EDITORISH), identifier_monographic_item),
    (of_type("interview", "paper-conference"), lambda c: (EMPTY, None)),
    (None, identifier_monographic_item),
)
identifier_patent = group(sep=" ")[
    var("authority"),
    choose((has("genre"), var("genre", case="capitalize-first")), (None, text("Patent"))),
    label_number,
]


def _none_of_genre_title(ctx: Ctx) -> bool:
    return not ctx.get("genre") and not ctx.get("title")


def _guard(variables: tuple[str, ...], body: Any, types: tuple[str, ...] = ()) -> Any:
    """Skip a part of the layout at once when the entry has none of the variables it could print
    (only for speed: the part would come out empty)."""
    def f(ctx: Ctx) -> Result:
        item = ctx.item
        if item.get("type", "") in types or any(v in item for v in variables):
            return run(body, ctx)
        return EMPTY, False
    return f


identifier = _guard(("translator", "container-author", "editor", "number", "genre", "version", "edition",
                     "collection-title", "collection-number", "volume", "volume-title", "number-of-volumes",
                     "issue", "page", "chapter-number", "authority"), group(sep="; ", prefix="(", suffix=")")[choose(
    (of_type("patent"), identifier_patent),
    (of_type("post", "webpage"), seq(sep="; ")[identifier_contributors, identifier_number, identifier_monographic]),
    (all_of(of_type("report"), has("container-title")), identifier_contributors),
    (all_of(of_type("report"), has("title")),
     seq(sep="; ")[identifier_contributors, identifier_number, identifier_monographic]),
    (of_type("report"), seq(sep="; ")[identifier_contributors, identifier_monographic]),
    (has("container-title"), seq(sep="; ")[
        choose((_none_of_genre_title, label_chapter_number)),
        identifier_contributors,
        choose((of_type("broadcast", "graphic", "map", "motion_picture"), identifier_number))]),
    (None, seq(sep="; ")[identifier_contributors, identifier_number, identifier_monographic]),
)], types=("patent",))


def _generic(ctx: Ctx) -> Result:
    t = ctx.item.get("type", "")
    retrievable = any(ctx.get(v) for v in RETRIEVABLE)
    if t in ("interview", "personal_communication"):
        if not retrievable:
            s = "personal communication"
        else:
            s = "interview" if t == "interview" else "letter"
    elif t == "manuscript":
        if retrievable:
            return EMPTY, None
        s = "unpublished manuscript"
    else:
        s = GENERIC.get(t, "")
    if not s:
        return EMPTY, None
    return Rich.of(s[:1].upper() + s[1:]), None


description_format = choose(
    (has("genre", "medium"), group(sep="; ")[
        choose((lacks("number"), var("genre", case="capitalize-first"))),
        var("medium", case="capitalize-first")]),
    (None, _generic),
)
description_thesis = group(sep="; ")[
    group(sep=", ")[var("genre", case="capitalize-first"),
                    choose((has("archive", "DOI", "URL"), var("publisher")))],
    var("medium", case="capitalize-first"),
]
description_serial = group(sep="; ")[description_format]
description = _succeed(group(prefix="[", suffix="]")[choose(
    (of_type("personal_communication"), description_format),
    (of_type("thesis"), description_thesis),
    (of_type(*SERIAL), description_serial),
    (lacks("container-title"), description_format),
    (of_type("document", "report", "software", "standard"), lambda c: (EMPTY, None)),
    (of_type("event", "paper-conference", "performance", "speech"),
     choose((has(*UNPUB_TESTS), description_format))),
    (None, description_format),
)])

title_and_descriptions = choose(
    (has("title"), group(sep=" ")[title, identifier, description]),
    (of_type("bill", "report"), group(sep=" ")[identifier_number, description, identifier]),
    (None, group(sep=" ")[description, identifier]),
)


# ---- 4. source ----

source_serial = group(sep=". ")[
    group(sep=", ")[
        group(sep=", ", italic=True)[var("container-title", case="title"), var("collection-title", case="title")],
        group[num("volume", italic=True), group(sep=", ", prefix="(", suffix=")")[num("issue")]],
        choose((has("number"), group(sep=" ")[text("Article"), var("number")]),
               (None, page_var())),
    ],
    choose((has("collection-title", "issue", "number", "page", "volume"), lambda c: (EMPTY, None)),
           (all_of(has("issued"), has("status")), var("status", case="capitalize-first"))),
]

source_monographic_author = choose(
    (has("container-author"), names_of(("container-author",), BIB)),
    (None, names_of(("editor",), BIB, "short", " (", ")")),
)
source_monographic_title = group(sep=": ", italic=True)[var("container-title"), title_volume]
source_monographic_identifier = group(sep="; ", prefix="(", suffix=")")[
    choose((lambda c: c.item.get("type") not in ("broadcast", "graphic", "map", "motion_picture"),
            identifier_number)),
    identifier_monographic,
]
source_monographic_description = group(prefix="[", suffix="]")[choose(
    (of_type("document", "report", "software", "standard"), description_format),
    (has(*UNPUB_TESTS), lambda c: (EMPTY, None)),
    (of_type("event", "paper-conference", "performance", "speech"), description_format),
)]
source_monographic = choose((has("container-title"), group(sep=" ")[
    choose((of_type("song"), text("On")), (None, text("In"))),
    group(sep=", ")[source_monographic_author, source_monographic_title],
    source_monographic_identifier,
    source_monographic_description,
]))
source_publisher = choose(
    (of_type("thesis"), choose((lacks("archive", "DOI", "URL"), var("publisher")))),
    (of_type(*SERIAL), lambda c: (EMPTY, None)),
    (has(*EDITORISH), var("publisher")),
    (of_type("interview"), var("publisher")),
    (of_type("paper-conference"), lambda c: (EMPTY, None)),
    (None, var("publisher")),
)
source_location_tpd = group(sep=", ")[var("event", case="capitalize-first"), var("event-place"),
                                      date_text("event-date")]
source_location = choose((has("event"), choose(
    (of_type("paper-conference"), choose((lacks(*UNPUB_TESTS), source_location_tpd))),
    (None, source_location_tpd))))
source_website = choose((of_type("post", "webpage"), var("container-title", case="title")))
source = group(sep=". ")[
    choose((of_type("post", "webpage"), lambda c: (EMPTY, None)),
           (None, _kind(source_serial, source_monographic))),
    source_publisher,
    source_location,
    source_website,
]


source_doi_url = choose(
    (has("DOI"), var("DOI", prefix="https://doi.org/")),
    (has("URL"), group(sep=" ")[
        choose((lacks("issued", "status"), seq(sep=" ")[text("Retrieved"),
                                                        group(sep=", ")[date_text("accessed"), text("from")]])),
        var("URL")]),
)


# ---- 5. publication history ----

publication_history = _guard(("references", "status", "original-title", "original-date", "original-publisher"),
                             group(sep="; ", prefix="(", suffix=")")[choose(
    (of_type("patent"), var("references")),
    (None, seq(sep="; ")[
        choose((lacks("issued"), lambda c: (EMPTY, None)),
               (has("collection-title", "issue", "number", "page", "volume"), var("status", case="capitalize-first"))),
        choose((has("references"), var("references")),
               (None, group(sep=" ")[
                   text("Original work published"),
                   group(sep=", ")[group(sep=" ")[text("as"), var("original-title", italic=True)],
                                   year_of("original-date"), var("original-publisher")]])),
    ]),
)])


# ---- 6. legal references ----

_legal_title = var("title", case="title")


legal_source_legislation = choose(
    (has("number"), group(sep=", ")[
        group(sep=" ")[choose((has("genre"), var("genre", case="capitalize-first")), (None, text("Pub. L."))),
                       label_number],
        group(sep=" ")[var("volume"), var("container-title"), page_var()]]),
    (None, group(sep=" ")[var("volume"), var("container-title"), page_var()]),
)
legal_source_case = choose(
    (has("container-title"), group(sep=" ")[var("volume"), var("container-title"), page_var()]),
    (None, label_number),
)
legal_source = choose(
    (of_type("legal_case"), legal_source_case),
    (of_type("legislation"), legal_source_legislation),
    (of_type("treaty"), group(sep=" ")[var("volume"), var("container-title"), choose(
        (has("page"), page_var()), (None, label_number))]),
)
legal_date = choose(
    (of_type("treaty"), date_text("issued")),
    (of_type("legal_case"), group(sep=" ", prefix="(", suffix=")")[
        var("authority"), choose((has("container-title"), year_of("issued")), (None, date_text("issued")))]),
    (of_type("bill", "hearing", "legislation", "regulation"), group(sep=" ", prefix="(", suffix=")")[
        group(sep=" ")[year_of("original-date"), text("&")],
        year_of("issued")]),
)
legal_identifier = group(sep=" ", prefix="(", suffix=")")[
    choose((of_type("bill", "legislation", "regulation"), var("status")))]
legal_reference = choose(
    (of_type("treaty"), group(sep=", ")[
        _legal_title, names_of(("author",), replace(BIB, short=True, delimiter="-", and_=None)), legal_date,
        legal_source]),
    (None, group(sep=" ")[group(sep=", ")[_legal_title, legal_source], legal_date, legal_identifier]),
)


# ---- the entry ----

TITLE_IDENTIFIER = group(sep=" ")[title, identifier]
LEGAL_ENTRY = group(sep=" ")[group(suffix=".")[legal_reference], source_doi_url, var("references")]
ENTRY = group(sep=" ")[
    group(sep=". ", suffix=".")[author_and_contributors, the_date, title_and_descriptions, source],
    source_doi_url,
    publication_history,
]


def bibliography(ctx: Ctx) -> Result:
    return run(LEGAL_ENTRY if ctx.item.get("type", "") in LEGAL else ENTRY, ctx)


def layout(ctx: Ctx) -> Result:
    ctx.locale.punctuation_in_quote = False  # quotes in APA entries come from the data, not the style
    if not any(ctx.get(v) for v in RETRIEVABLE) and ctx.item.get("type") in ("interview", "personal_communication"):
        return EMPTY, None
    r, used = bibliography(ctx)
    r = _capitalize_start(r)
    return punctuation_into_quotes(r), used


def _capitalize_start(r: Rich) -> Rich:
    """citeproc-js capitalises a bibliography entry that starts with a lowercase term ("(N.d.)")."""
    if r.text.startswith("(n.d."):
        return r.map_text(lambda s: "(N" + s[2:])
    return r


# ---- sorting and disambiguation ----

def _sort_date(item: dict[str, Any]) -> tuple[int, ...]:
    d = item.get("issued")
    if isinstance(d, dict) and d.get("date-parts") and d["date-parts"][0]:
        p = [int(x) for x in d["date-parts"][0]]
        t = item.get("type", "")
        year_only = t in ("article", "article-journal", "book", "chapter", "entry", "entry-dictionary",
                          "entry-encyclopedia", "dataset", "figure", "graphic", "manuscript", "map",
                          "musical_score", "patent", "report", "review", "review-book", "thesis")
        if t == "paper-conference" and any(item.get(v) for v in UNPUB_TESTS):
            year_only = True
        if year_only:
            return (p[0],)
        return tuple(p[:3])
    return ()


def _title_first(ctx: Ctx) -> bool:
    """Whether an entry without author is listed under its title before its editors."""
    item = ctx.item
    t = item.get("type", "")
    if t in ("entry-dictionary", "entry-encyclopedia") and item.get("publisher"):
        return True
    return bool(item.get("container-title")) and t in ("book", "classic", "entry", "entry-dictionary",
                                                       "entry-encyclopedia")


def sort_key(ctx: Ctx) -> tuple[Any, ...]:
    item = ctx.item
    t = item.get("type", "")
    if t in LEGAL:
        who: Any = title_case(str(item.get("title", "")))
    else:
        who = ""
        for v in ("author", "director", "editor"):
            if item.get(v):
                if v != "editor" or not _title_first(ctx):
                    who = _name_sort(item[v])
                break
        if not who:
            saved = ctx.suppressed
            ctx.suppressed = set()
            try:
                r, _ = author(ctx)
            finally:
                ctx.suppressed = saved
            who = r.text
    group_ = 1 if _HAS_ISSUED(ctx) else (2 if item.get("status") else 0)
    return (_text_sort(who), group_, _sort_date(item), _LaterKeys(ctx))


class _LaterKeys:
    """The keys after author and date (status, title, volume, event date, original date), worked out
    only when two entries tie on the first ones."""

    __slots__ = ("_key", "ctx")

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self._key: tuple[Any, ...] | None = None

    def key(self) -> tuple[Any, ...]:
        if self._key is None:
            ctx, item = self.ctx, self.ctx.item
            if "volume" in item or "volume-title" in item:
                tr = run(title, ctx)[0].text
            else:
                tr = Rich.markup(str(item.get("title", ""))).text
            self._key = (_text_sort(item.get("status")), _text_sort(tr), _text_sort(item.get("volume")),
                         _present(item.get("event-date")), _present(item.get("original-date")))
        return self._key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _LaterKeys) and self.key() == other.key()

    def __lt__(self, other: _LaterKeys) -> bool:
        return self.key() < other.key()

    __hash__ = None  # type: ignore[assignment]


_DIGITS = re.compile(r"(\d+)")


_FOLD_HAS_NUMBERS = fold("7") != "7"  # the shared fold may already compare digit runs as numbers


def _text_sort(value: Any) -> tuple[Any, ...]:
    """Text compared like citeproc-js's collator: accents and case ignored, digit runs as numbers;
    missing values last."""
    if not value:
        return (1,)
    if _FOLD_HAS_NUMBERS:
        return (0, fold(str(value)))
    pieces = _DIGITS.split(fold(str(value)))
    return (0, tuple((0, int(p), "") if i % 2 else (1, 0, p) for i, p in enumerate(pieces) if p))


@lru_cache(maxsize=16384)
def _sort_initials(given: str) -> str:
    return initials(given, ". ")


def _name_sort(people: list[dict[str, Any]]) -> str:
    """Names as the style prints them for sorting: family name, then initials."""
    chosen = people[:19] if len(people) >= 21 else people
    parts = []
    for p in chosen:
        if "literal" in p:
            parts.append(str(p["literal"]))
            continue
        fam = " ".join(x for x in (p.get("non-dropping-particle", ""), p.get("family", "")) if x)
        given = _sort_initials(str(p["given"])) if p.get("given") else ""
        parts.append(" ".join(x for x in (fam, p.get("dropping-particle", ""), given, p.get("suffix", "")) if x))
    return ", ".join(parts)


def _present(d: Any) -> tuple[int, tuple[int, ...]]:
    """A date sort key: dated first (citeproc-js puts empty keys last)."""
    if isinstance(d, dict) and d.get("date-parts") and d["date-parts"][0]:
        return (0, tuple(int(x) for x in d["date-parts"][0]))
    return (1, ())


def _short_names(people: list[dict[str, Any]]) -> tuple[str, ...]:
    out = []
    for p in people:
        if "literal" in p:
            out.append(str(p["literal"]).casefold())
        else:
            out.append(" ".join(x for x in (p.get("non-dropping-particle", ""), p.get("family", "")) if x).casefold())
    return tuple(out)


def _initials(p: dict[str, Any]) -> str:
    init = "".join(w[:1] for w in re.split(r"[\s.\-]+", str(p.get("given", ""))) if w)
    return init


_HAS_ISSUED = has("issued")
_YEAR_ISSUED = year_of("issued")
_YEAR_ORIGINAL = year_of("original-date")


def cite_key(ctx: Ctx) -> tuple[Any, ...]:
    """What "(Author, year)" shows once names and the first author's initials are added."""
    item = ctx.item
    people = item.get("author") or item.get("director") or item.get("editor")
    if people:
        who: tuple[Any, ...] = (_short_names(people), _initials(people[0]).casefold())
    elif item.get("type") in ("software", "webpage") and item.get("publisher") and not item.get("title"):
        who = ((str(item["publisher"]).casefold(),), "")
    elif item.get("title"):
        who = ((str(item.get("title-short") or item["title"]).casefold(),), "")
    else:
        saved = ctx.suppressed
        ctx.suppressed = set()
        try:
            r, _ = author(ctx)
        finally:
            ctx.suppressed = saved
        who = ((r.text.casefold(),), "")
    if _HAS_ISSUED(ctx):
        when: Any = _YEAR_ISSUED(ctx)[0].text
    elif item.get("status"):
        when = ("status", str(item["status"]).lower())
    else:
        when = ()
    orig = _YEAR_ORIGINAL(ctx)[0].text if "original-date" in item else ""
    return (who, when, orig)


STYLE = Style(name="apa", lang="en-US", layout=layout, sort_key=sort_key, cite_key=cite_key, suffix="",
              terms={"editor": {"short": ("ed.", "eds.")}})
