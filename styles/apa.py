"""APA 7th edition (American English): author-date, sentence-case titles, DOIs as links."""

from citekit.render.names import NameOptions
from citekit.render.sorting import cite_names, date_key, name_key, text_key
from citekit.render.style import Style
from citekit.render.template import (
    all_of,
    choose,
    date,
    group,
    has,
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
ITALIC_TITLES = ("book", "report", "thesis", "webpage", "motion_picture", "song", "dataset", "graphic",
                 "map", "pamphlet", "software", "post-weblog", "manuscript", "patent", "standard")
DATED = ("article-magazine", "article-newspaper", "broadcast", "collection", "document", "event",
         "motion_picture", "pamphlet", "performance", "personal_communication", "post", "post-weblog",
         "song", "speech", "webpage")

AUTHOR = NameOptions(and_="symbol", precedes_last="always", initialize_with=". ", sort_order="all",
                     et_al_min=21, et_al_use_first=19, et_al_use_last=True)
AS_AUTHOR = NameOptions(and_="symbol", precedes_last="always", initialize_with=". ", sort_order="all",
                        et_al_min=21, et_al_use_first=19, et_al_use_last=True, label="short",
                        label_prefix=" (", label_suffix=")", label_capitalize=True)
IN_EDITORS = NameOptions(and_="symbol", precedes_last="contextual", initialize_with=". ", label="short",
                         label_prefix=" (", label_suffix=")", label_capitalize=True)


def _no_month(ctx):
    t = ctx.item.get("type", "")
    if t in DATED:
        return True
    if any(ctx.get(v) for v in ("editor", "issue", "page", "volume")):
        return False
    return t in ("interview", "paper-conference")


title_plain = choose(
    (of_type(*ITALIC_TITLES), var("title", italic=True)),
    (lambda ctx: ctx.item.get("type") == "" and not ctx.get("container-title"), var("title", italic=True)),
    (None, var("title")),
)
substitute_title = group[title_plain]
author = names("author", opts=AUTHOR, substitute=(
    names("editor", opts=AS_AUTHOR),
    names("translator", opts=AS_AUTHOR),
    choose((of_type("software", "webpage"), var("publisher"))),
    substitute_title,
))
the_date = group(prefix="(", suffix=")")[choose(
    (has("issued"), group(sep=", ")[
        group[date("issued", parts="year"), year_suffix()],
        choose((_no_month, date("issued", parts="month-day", order="mdy")))]),
    (has("status"), group[var("status", case="lowercase"), year_suffix()]),
    (None, seq[term("no date", form="short"), year_suffix(prefix="-")]),
)]
bracket = choose(
    (all_of(of_type("report"), lacks("number")), var("genre", prefix="[", suffix="]")),
    (all_of(of_type("thesis"), has("URL", "DOI")), group(sep=", ", prefix="[", suffix="]")[
        var("genre"), var("publisher")]),
    (of_type("thesis"), var("genre", prefix="[", suffix="]")),
)
number_bits = choose(
    (all_of(of_type("report"), has("number")),
     group(sep=" ", prefix="(", suffix=")")[var("genre"), choose(
         (numeric("number"), var("number", prefix="No. ")), (None, var("number")))]),
)
CONTRIB = NameOptions(and_="symbol", precedes_last="contextual", initialize_with=". ", label="short",
                      label_prefix=", ", label_capitalize=True)
contributors = group(sep="; ", prefix="(", suffix=")")[
    choose((lambda ctx: bool(ctx.get("author")) and ctx.item.get("type") not in (
        "chapter", "paper-conference", "entry-encyclopedia", "entry-dictionary"),
        names("editor", opts=CONTRIB))),
    names("translator", opts=CONTRIB),
]
edition = choose(
    (lambda ctx: (ctx.get("edition") or "").isdigit(),
     number("edition", form="ordinal", prefix="(", suffix=" ed.)")),
)
title_and_descriptions = group(sep=" ")[
    title_plain, group(sep=" ")[edition, number_bits, contributors], bracket,
]
pages = var("page", pages="expanded")
periodical_source = group(sep=", ")[
    var("container-title", italic=True, case="title"),
    group[var("volume", italic=True), var("issue", prefix="(", suffix=")")],
    pages,
]
chapter_source = group(sep=" ")[
    text("In"),
    group(sep=", ")[names("editor", opts=IN_EDITORS), var("container-title", italic=True)],
    group(sep=", ", prefix="(", suffix=")")[
        choose((lambda ctx: (ctx.get("edition") or "").isdigit(),
                number("edition", form="ordinal", suffix=" ed.")), (None, var("edition"))),
        var("page", pages="expanded", prefix="pp. ")],
]
chapter_source_pub = group(sep=". ")[chapter_source, var("publisher")]
source = choose(
    (of_type(*PERIODICALS), periodical_source),
    (of_type("chapter", "entry-encyclopedia", "entry-dictionary"), chapter_source_pub),
    (of_type("paper-conference"), choose(
        (has("editor"), chapter_source_pub),
        (None, group(sep=", ")[var("container-title", case="title", italic=True), pages]))),
    (all_of(of_type("thesis"), lacks("URL", "DOI")), var("publisher")),
    (of_type("thesis"), group()),
    (None, group(sep=". ")[var("container-title", italic=True), var("publisher")]),
)
doi_url = choose(
    (has("DOI"), var("DOI", prefix="https://doi.org/")),
    (all_of(has("URL"), has("accessed"), lacks("issued")), group(sep=" ")[
        text("Retrieved"), date("accessed", parts="full", suffix=","), text("from"), var("URL")]),
    (has("URL"), var("URL")),
)

layout = group(sep=" ")[
    group(sep=". ", suffix=".")[author, the_date, title_and_descriptions, source],
    doi_url,
]


def sort_key(ctx):
    item = ctx.item
    who = name_key(item.get("author") or item.get("editor") or item.get("translator"), demote=False,
                   limit=21, use_first=19)
    if not who:
        who = item.get("title", "")
    return (text_key(who), date_key(item), text_key(item.get("title")))


def cite_key(ctx):
    item = ctx.item
    people = item.get("author") or item.get("editor") or item.get("translator")
    who = cite_names(people) if people else item.get("title", "")
    return (who.casefold(), date_key(item)[:2])


STYLE = Style(name="apa", lang="en-US", layout=layout, sort_key=sort_key, cite_key=cite_key, suffix="",
              terms={"editor": {"short": ("ed.", "eds.")}})
