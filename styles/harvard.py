"""Harvard as Cite Them Right describes it (12th edition, British English).

A citekit style: a layout built from citekit's template nodes, a sort key and a citation key
(entries cited alike get year suffixes 2016a, 2016b). Copy this file to start a new style.
"""

from citekit.render.names import NameOptions, initials
from citekit.render.sorting import date_key, name_key, text_key
from citekit.render.style import Style
from citekit.render.template import (
    choose,
    date,
    group,
    has,
    label,
    lacks,
    names,
    names_each,
    number,
    numeric,
    of_type,
    seq,
    term,
    text,
    var,
    year_suffix,
)

ARTICLES = ("article-newspaper", "article-magazine", "article-journal")
STANDALONE = ("bill", "book", "legal_case", "legislation", "motion_picture", "report", "song", "thesis",
              "webpage", "graphic")

AUTHOR = NameOptions(and_="text", precedes_last="never", initialize_with=".", sort_order="all",
                     et_al_min=4, et_al_use_first=1, et_al_italic=True, label="short",
                     label_prefix=" (", label_suffix=")")
ET_AL = {"et_al_min": 4, "et_al_use_first": 1, "et_al_italic": True}
EDITOR_IN = NameOptions(and_="text", initialize_with=".", label="short", label_prefix=" (", label_suffix=")",
                        **ET_AL)
CONTAINER_AUTHOR = NameOptions(and_="text", initialize_with=". ", **ET_AL)
SECONDARY = NameOptions(and_="text", initialize_with=".", label="verb", label_before=True,
                        label_suffix=" ", label_capitalize=True, **ET_AL)
SECONDARY_SPACED = NameOptions(and_="text", initialize_with=". ", label="verb", label_before=True,
                               label_suffix=" ", label_capitalize=True, **ET_AL)

edition = choose(
    (numeric("edition"), group(sep=" ")[number("edition", form="ordinal"), term("edition", form="short")]),
    (None, var("edition")),
)
number_volumes = choose(
    (lacks("volume"), group(sep=" ", prefix="(", suffix=")")[
        var("number-of-volumes"), label("volume", form="short", strip_periods=True)]),
)
title = choose(
    (of_type(*STANDALONE), group(sep=". ")[
        group(sep=" ")[group(sep=" ")[var("title", italic=True), var("medium", prefix="[", suffix="]")],
                       number_volumes],
        edition]),
    (None, var("title", quotes=True)),
)
author = names("author", opts=AUTHOR, substitute=(
    names("editor", opts=AUTHOR),
    names("translator", opts=AUTHOR),
    choose((of_type(*ARTICLES), var("container-title", case="title", italic=True)), (None, title)),
))
year_date = choose(
    (has("issued"), group[date("issued", parts="year"), year_suffix()]),
    (None, seq[term("no date"), year_suffix(prefix=" ")]),
)
editor = choose(
    (of_type("chapter", "paper-conference"), group(sep=" ")[
        term("in"),
        names("container-author", opts=CONTAINER_AUTHOR, suffix=", "),
        choose((lacks("container-author"), names_each("editor", "translator", opts=EDITOR_IN, sep=", "))),
    ]),
)
secondary = choose(
    (lambda ctx: ctx.item.get("type") not in ("chapter", "paper-conference"),
     names_each("editor", "translator", opts=SECONDARY, sep=". ")),
    (has("container-author"), names_each("editor", "translator", opts=SECONDARY_SPACED, sep=". ")),
)
container_title = choose(
    (has("container-title"), group(sep=". ")[
        group(sep=" ")[
            var("container-title", italic=True),
            choose((lambda ctx: ctx.item.get("type") in ("article", "article-journal")
                    and lacks("page", "volume")(ctx), text("Preprint", prefix="[", suffix="]"))),
        ],
        edition]),
)
publisher = choose(
    (of_type("thesis"), group(sep=". ")[var("genre"), var("publisher")]),
    (of_type("report"), group(sep=". ")[
        group(sep=" ")[var("genre"), var("number")],
        group(sep=": ")[var("publisher-place"), var("publisher")]]),
    (lambda ctx: ctx.item.get("type") not in ARTICLES, group(sep=" ")[
        group(sep=", ")[
            choose((lambda ctx: ctx.item.get("type") == "speech" or bool(ctx.get("event")),
                    var("event", italic=True))),
            group(sep=": ")[var("publisher-place"), var("publisher")]],
        group(sep=", ", prefix="(", suffix=")")[var("collection-title"), var("collection-number")]]),
)
locator = choose((of_type("article-journal"), group[var("volume"), var("issue", prefix="(", suffix=")")]))
published_date = choose(
    (of_type("article-newspaper", "article-magazine", "post-weblog", "speech"),
     date("issued", parts="month-day")),
)
pages = choose(
    (of_type("chapter", "paper-conference", "article-journal", "article", "article-magazine",
             "article-newspaper", "book", "review", "review-book", "report"),
     group(sep=" ")[label("page", form="short"), var("page", pages=True)]),
)
access = choose(
    (has("DOI"), group(sep=": ")[term("available at", case="capitalize-first"),
                                 var("DOI", prefix="https://doi.org/")]),
    (has("URL"), group[
        term("available at", case="capitalize-first", suffix=": "), var("URL"),
        group(sep=": ", prefix=" (", suffix=")")[term("accessed", case="capitalize-first"),
                                                  date("accessed", parts="full")]]),
)

layout = group[
    group(sep=". ")[
        group(sep=" ")[
            author,
            group(prefix="(", suffix=")")[year_date],
            group(sep=", ")[title, group(sep=" ")[editor, container_title]],
        ],
        secondary,
        publisher,
    ],
    group(sep=", ", prefix=", ")[locator, published_date, pages],
    group(prefix=". ")[access],
]


def _initialised(people):
    """Names as the author macro prints them in a sort key: given names as initials."""
    if not people:
        return people
    return [dict(p, given=initials(p["given"], ".")) if p.get("given") else p for p in people]


def _years(item):
    """The years the year-date macro prints: one, or both ends of a range."""
    issued = item.get("issued")
    if not isinstance(issued, dict) or not issued.get("date-parts"):
        return ()
    return tuple(dict.fromkeys(p[0] for p in issued["date-parts"] if p))


def sort_key(ctx):
    """Author (or what stands in for one, names with initials as printed), year, title."""
    item = ctx.item
    who = name_key(_initialised(item.get("author") or item.get("editor") or item.get("translator")), limit=4,
                   use_first=1)
    if not who:
        who = item.get("container-title", "") if item.get("type") in ARTICLES else item.get("title", "")
    year = (0, *_years(item)) if _years(item) else (1,)  # "1984" before "1984–1986"
    return (text_key(who), year, text_key(item.get("title")))


def cite_key(ctx):
    """What '(Author, year)' shows: every author (so that added names can tell works apart), or what
    the author macro substitutes (editor, translator, an article's journal, the title), and the year
    or year range."""
    item = ctx.item
    people = item.get("author") or item.get("editor") or item.get("translator")
    if people:
        who = "; ".join("|".join(str(p.get(k) or "") for k in ("literal", "non-dropping-particle", "family", "given",
                                                                 "dropping-particle", "suffix")) for p in people)
    elif item.get("type") in ARTICLES:
        who = item.get("container-title", "")
    else:
        who = item.get("title", "")
    return (who.casefold(), _years(item) or date_key(item)[:2])


STYLE = Style(
    name="harvard",
    lang="en-GB",
    layout=layout,
    sort_key=sort_key,
    cite_key=cite_key,
    add_names=(4, 1),
    add_givenname=True,
    terms={"editor": {"short": ("ed.", "eds")}, "edition": {"short": ("edn", "edns")},
           "editortranslator": {"verb": ("edited and translated by", "edited and translated by")}},
)
