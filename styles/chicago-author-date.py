"""Chicago author-date (18th edition, American English): full given names, titles in title case."""

from citekit.render.names import NameOptions
from citekit.render.sorting import date_key, name_key, text_key
from citekit.render.style import Style
from citekit.render.template import (
    all_of,
    choose,
    date,
    group,
    has,
    label,
    lacks,
    names,
    number,
    numeric,
    of_type,
    seq,
    term,
    text,
    var,
    year_suffix,
)

PERIODICALS = ("article-journal", "article-magazine", "article-newspaper", "review", "review-book")
QUOTED = PERIODICALS + ("chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary", "webpage",
                        "post-weblog", "thesis", "manuscript", "speech")

AUTHOR = NameOptions(and_="text", precedes_last="always", sort_order="first", et_al_min=7,
                     et_al_use_first=3)
AS_AUTHOR = NameOptions(and_="text", precedes_last="always", sort_order="first", et_al_min=7,
                        et_al_use_first=3, label="short", label_prefix=", ")
EDITED_BY = NameOptions(and_="text", precedes_last="contextual", label="verb", label_before=True,
                        label_suffix=" ")

title = choose(
    (all_of(of_type(*PERIODICALS), lacks("container-title")), var("title", case="title", italic=True)),
    (of_type(*QUOTED), var("title", case="title", quotes=True)),
    (None, var("title", case="title", italic=True)),
)
author = names("author", opts=AUTHOR, substitute=(
    names("editor", opts=AS_AUTHOR),
    names("translator", opts=AS_AUTHOR),
    title,
))
the_date = choose(
    (has("issued"), group[date("issued", parts="year"), year_suffix()]),
    (has("status"), group[var("status", case="capitalize-first"), year_suffix(prefix="-")]),
    (None, seq[term("no date", form="short"), year_suffix(prefix="-")]),
)
edition = choose(
    (numeric("edition"), group(sep=" ")[number("edition", form="ordinal"), term("edition", form="short")]),
    (None, var("edition")),
)
periodical_source = group[
    group(sep=" ")[
        var("container-title", case="title", italic=True),
        var("publisher-place", prefix="(", suffix=")"),
        choose((has("volume"), group(sep=" ")[
            var("volume"),
            choose((has("issue"), var("issue", prefix="(", suffix=")")),
                   (None, date("issued", parts="month", prefix="(", suffix=")")))]))],
    choose((all_of(lacks("volume"), has("issue")), group(sep=" ", prefix=", ")[
        label("issue", form="short"), var("issue")])),
    choose((all_of(lacks("volume", "issue"), has("container-title")),
            date("issued", parts="month-day", prefix=", ")),
           (lacks("volume", "issue"), date("issued", parts="month-day"))),
    choose((has("volume", "issue"), var("page", pages="chicago", prefix=": ")),
           (None, var("page", pages="chicago", prefix=", "))),
]
chapter_source = group(sep=", ")[
    group(sep=" ")[term("in", case="capitalize-first"), var("container-title", case="title", italic=True)],
    names("editor", opts=EDITED_BY),
]
publisher = group(sep=". ")[
    group(sep=" ")[var("genre", case="capitalize-first"), var("number", prefix="No. ")], var("publisher")]
SECONDARY = NameOptions(and_="text", precedes_last="contextual", label="verb", label_before=True,
                        label_suffix=" ", label_capitalize=True)
secondary = choose(
    (lambda ctx: ctx.item.get("type") not in ("chapter", "paper-conference", "entry-encyclopedia",
                                              "entry-dictionary"),
     group(sep=". ")[names("editor", opts=SECONDARY), names("translator", opts=SECONDARY)]),
    (None, names("translator", opts=SECONDARY)),
)
source = choose(
    (of_type(*PERIODICALS), periodical_source),
    (of_type("chapter", "entry-encyclopedia", "entry-dictionary"),
     group(sep=". ")[chapter_source, var("publisher")]),
    (of_type("paper-conference"), choose(
        (has("editor"), group(sep=". ")[chapter_source, var("publisher")]),
        (None, group(sep=", ")[
            group(sep=" ")[var("container-title", case="title", italic=True),
                           var("publisher-place", prefix="(", suffix=")")],
            var("page", pages="chicago")]))),
    (of_type("thesis"), group(sep=", ")[var("genre", case="capitalize-first"), var("publisher")]),
    (None, group(sep=". ")[edition, publisher]),
)
access = group(sep=". ")[
    choose((all_of(has("accessed"), has("URL"), lacks("issued", "DOI")), group(sep=" ")[
        text("Accessed"), date("accessed", parts="full")])),
    choose((has("DOI"), var("DOI", prefix="https://doi.org/")), (has("URL"), var("URL"))),
]

layout = group(sep=". ")[author, the_date, title, secondary, source, access]


def sort_key(ctx):
    item = ctx.item
    who = name_key(item.get("author") or item.get("editor") or item.get("translator"), demote=False,
                   limit=7, use_first=3)
    if not who:
        who = item.get("title", "")
    return (text_key(who), date_key(item)[:2], text_key(item.get("title")))


def cite_key(ctx):
    item = ctx.item
    people = item.get("author") or item.get("editor") or item.get("translator")
    who = name_key(people, demote=False) if people else item.get("title", "")
    return (who.casefold(), date_key(item)[:2])


STYLE = Style(name="chicago-author-date", lang="en-US", layout=layout, sort_key=sort_key, cite_key=cite_key)
