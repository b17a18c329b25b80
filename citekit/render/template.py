"""The style language: pybtex template nodes that read a CSL item and return formatted text.

A style is a tree of nodes (`group(sep=", ")[var("title", italic=True), ...]`). Each node returns
`(Rich, used)` where `used` is None for literal text, True when it printed a variable and False when
the variables it asked for were empty, so that a `group` vanishes like a CSL group does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pybtex.style.template import Node
from pybtex.style.template import node as _pybtex_node

from citekit.render.casing import capitalize_first, title_case
from citekit.render.locale import MONTHS, MONTHS_SHORT, SEASONS, Locale, ordinal
from citekit.render.names import NameOptions, render_names
from citekit.render.numbers import NUMERIC_VARIABLES, number_info
from citekit.render.numbers import is_numeric as numbers_is_numeric
from citekit.render.rich import EMPTY, Rich, concat, join

Result = tuple[Rich, bool | None]
Item = dict[str, Any]


def node(f: Callable[..., Result]) -> Any:
    """pybtex's node decorator (nodes take children with [] and options with ())."""
    made: Any = _pybtex_node(f)
    return made


@dataclass
class Ctx:
    """What a node sees: the item, the locale, the year suffix and the variables already used."""

    item: Item
    locale: Locale
    year_suffix: str = ""
    suppressed: set[str] = field(default_factory=set)
    english: bool = True
    seen: set[str] | None = None  # variables printed while a substitute is tried
    show_names: int = 0  # names to show before "et al." when disambiguation asks for more
    given_full: frozenset[int] = frozenset()  # author positions printed with their full given name
    predecessor: bool = False  # something was printed already: citeproc-js capitalises a leading term
    terms: int = 0  # terms printed so far: a group or macro that printed a term and asked for no
    # variable counts as printed variables for its parent (citeproc-js's term_intended)
    sort: Any = None  # the style's sort key for this entry, set by the engine
    shared: dict[str, Any] = field(default_factory=dict)  # one per reference list: what a style
    # learns about the whole list (the engine gives every entry's context the same dict)

    def get(self, name: str) -> Any:
        if name in self.suppressed:
            return None
        value = self.item.get(name)
        if value and self.seen is not None:
            self.seen.add(name)
        return value


def run(n: Any, ctx: Ctx) -> Result:
    """Format a child: a Node, a plain string (literal) or a callable(ctx) -> Result."""
    if isinstance(n, Node):
        return n.format_data(ctx)  # type: ignore[no-any-return]
    if isinstance(n, str):
        return Rich.of(n), None
    return n(ctx)  # type: ignore[no-any-return]


def decorate(r: Rich, ctx: Ctx, prefix: str = "", suffix: str = "", italic: bool = False,
             quotes: bool = False, case: str | None = None, bold: bool = False, requoted: bool = False) -> Rich:
    """Apply CSL formatting attributes in CSL's order: case, font, quotes, affixes."""
    if not r:
        return r
    if case == "title" and ctx.english:
        r = r.map_text(title_case)
    elif case == "capitalize-first":
        r = r.map_text(capitalize_first)
    elif case == "lowercase":
        r = r.map_text(str.lower)
    if italic:
        r = r.styled("i")
    if bold:
        r = r.styled("b")
    if quotes:
        lo, lc, io, ic = ctx.locale.quotes
        if not requoted:
            r = r.map_text(lambda s: s.replace("“", io).replace("”", ic))
        r = Rich(((lo, ""),) + r.segs + ((lc, ""),))
    piq = ctx.locale.punctuation_in_quote
    if prefix:
        r = concat(Rich.of(prefix), r, piq)
    if suffix:
        r = concat(r, Rich.of(suffix), piq)
    return r


@node
def group(children: list[Any], ctx: Ctx, sep: str = "", **fmt: Any) -> Result:
    """Join the children with `sep`; vanish when variables were asked for and all were empty."""
    parts, any_true, any_false = [], False, False
    before, terms = ctx.predecessor, ctx.terms
    for child in children:
        r, used = run(child, ctx)
        if used is True:
            any_true = True
        elif used is False:
            any_false = True
        if r:
            parts.append(r)
            ctx.predecessor = True
    if any_false and not any_true:
        ctx.predecessor = before
        return EMPTY, False
    out = join(parts, sep, ctx.locale.punctuation_in_quote)
    return decorate(out, ctx, **fmt), (True if any_true or (out and ctx.terms > terms) else None)


@node
def seq(children: list[Any], ctx: Ctx, sep: str = "", **fmt: Any) -> Result:
    """Like a CSL macro: the children joined, never suppressed for empty variables."""
    parts, any_true, any_false, terms = [], False, False, ctx.terms
    for child in children:
        r, used = run(child, ctx)
        any_true = any_true or used is True
        any_false = any_false or used is False
        if r:
            parts.append(r)
            ctx.predecessor = True
    out = join(parts, sep, ctx.locale.punctuation_in_quote)
    if not any_true and not any_false and out and ctx.terms > terms:
        any_true = True
    return decorate(out, ctx, **fmt), (True if any_true else (None if out else False))


@node
def first(children: list[Any], ctx: Ctx) -> Result:
    """The first child that prints something (CSL's choose over alternatives)."""
    for child in children:
        r, used = run(child, ctx)
        if r:
            return r, used
    return EMPTY, False


@node
def when(children: list[Any], ctx: Ctx, test: Callable[[Ctx], bool]) -> Result:
    """Children as a group when test(ctx) is true; otherwise nothing (and no variable asked)."""
    if not test(ctx):
        return EMPTY, None
    return group[children].format_data(ctx)  # type: ignore[no-any-return]


def choose(*branches: tuple[Callable[[Ctx], bool] | None, Any]) -> Callable[[Ctx], Result]:
    """CSL choose: the first branch whose test passes (None = else)."""
    def pick(ctx: Ctx) -> Result:
        for test, body in branches:
            if test is None or test(ctx):
                return run(body, ctx)
        return EMPTY, None
    return pick


def _value(ctx: Ctx, name: str) -> str:
    v = ctx.get(name)
    if v is None:
        return ""
    return v if isinstance(v, str) else str(v)


@node
def var(children: list[Any], ctx: Ctx, name: str, **fmt: Any) -> Result:
    """A CSL variable as printed text (markup honoured)."""
    v = _value(ctx, name)
    if not v:
        return EMPTY, False
    if name == "title" and fmt.pop("short", False):
        v = _value(ctx, "title-short") or v
    mode = fmt.pop("pages", None)
    if name in NUMERIC_VARIABLES:  # citeproc-js's number parsing: ranges, page-range-format
        v = number_info(v, name, _RANGE_FORMATS.get(mode)).text
    if "'" in v:
        v = v.replace("'", "\u2019")
    requoted = False
    if name not in ("URL", "DOI") and ('"' in v or "“" in v or "‘" in v):
        v = requote(v, ctx.locale, bool(fmt.get("quotes")))
        requoted = True
    r = Rich.of(v, "u") if name in ("URL", "DOI") else Rich.markup(v)
    return decorate(r, ctx, requoted=requoted, **fmt), True


@node
def text(children: list[Any], ctx: Ctx, value: str, **fmt: Any) -> Result:
    """Literal text."""
    return decorate(Rich.of(value), ctx, **fmt), None


@node
def term(children: list[Any], ctx: Ctx, name: str, form: str = "long", plural: bool = False, **fmt: Any) -> Result:
    """A locale term ('edited by', 'Available at', 'n.d.'); capitalised when nothing was printed before
    it in the entry, as citeproc-js does ("(No date)" opening an entry without author)."""
    t = ctx.locale.term(name, form, plural)
    if not ctx.predecessor:
        t = t[:1].upper() + t[1:]
    if t:
        ctx.terms += 1
    return decorate(Rich.of(t), ctx, **fmt), None


_RANGE_FORMATS: dict[object, str | None] = {True: None, "expanded": "expanded", "chicago": "chicago-16"}
_NUMBERISH = frozenset({"page", "issue", "number", "volume", "collection-number", "chapter-number",
                        "number-of-pages", "edition"})
_ONE_RANGE = re.compile(r"^([^\s\-–]+)\s*-+\s*([^\s\-–]+)$")


_PAGE_END = re.compile(r"^(?:[a-zA-Z]*\d+[a-zA-Z]*|[ivxlcdmIVXLCDM]+)$")


def _dash_ranges(v: str, page: bool = False) -> str:
    """citeproc-js writes a range in a number variable with an en dash: 17-18 -> 17–18."""
    out = []
    for p in v.split(", "):
        m = _ONE_RANGE.match(p.strip()) if "-" in p else None
        if m and (not page or (_PAGE_END.match(m.group(1)) and _PAGE_END.match(m.group(2)))):
            p = f"{m.group(1)}–{m.group(2)}"
        out.append(p)
    return ", ".join(out)


_OPEN_AFTER = frozenset(" \t\n\u00a0([“‘\"")


def requote(v: str, locale: Locale, enclosed: bool = False) -> str:
    """Quotation marks in a value as citeproc-js prints them: paired quotes ("..." after a space, “...”,
    ‘...’) take the locale's outer or inner marks by nesting; at the top level a curly pair keeps its own
    kind (in en-GB “...” stays inner), straight ones are outer; `enclosed`: inside the style's quotes."""
    lo, lc, io, ic = locale.quotes
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    n = len(v)
    in_tag: set[int] = set()
    if "<" in v:  # quotes inside markup (<span style="...">) are not quotation marks
        for m in re.finditer(r"<[^>]*>", v):
            in_tag.update(range(m.start(), m.end()))
    for i, ch in enumerate(v):
        if i in in_tag:
            continue
        if ch == '"':
            nxt = v[i + 1] if i + 1 < n else ""
            if stack and stack[-1][0] == '"' and (not nxt or not nxt.isalnum()):
                pairs[stack.pop()[1]] = i
            elif (i == 0 or v[i - 1] in _OPEN_AFTER) and nxt and not nxt.isspace():
                stack.append(('"', i))
        elif ch == "“":
            stack.append(("“", i))
        elif ch == "”":
            if stack and stack[-1][0] == "“":
                pairs[stack.pop()[1]] = i
        elif ch == "‘":
            if i == 0 or v[i - 1] in _OPEN_AFTER:
                stack.append(("‘", i))
        elif ch == "’" and stack and stack[-1][0] == "‘":
            nxt = v[i + 1] if i + 1 < n else ""
            if not nxt.isalnum():
                pairs[stack.pop()[1]] = i
    if not pairs:
        return v
    out = list(v)
    levels: list[tuple[int, bool]] = []  # (closing index, outer?) of the quotations we are inside
    for i in range(n):
        while levels and levels[-1][0] < i:
            levels.pop()
        if i in pairs:
            if levels:
                outer = not levels[-1][1]
            elif enclosed:
                outer = False
            else:
                outer = v[i] == '"' or (v[i] == "“") == (lo == "“")
            levels.append((pairs[i], outer))
            out[i], out[pairs[i]] = (lo, lc) if outer else (io, ic)
    return "".join(out)


def _curly(v: str) -> str:
    """Straight double quotes in pairs become curly ones, as citeproc-js prints them."""
    out, open_ = [], True
    for ch in v:
        if ch == '"':
            out.append("“" if open_ else "”")
            open_ = not open_
        else:
            out.append(ch)
    return "".join(out)


_RANGE = re.compile(r"(\w*?)(\d+)\s*[-\u2013]+\s*(\w*?)(\d+)")


def format_pages(value: str, mode: object = True) -> str:
    """Page ranges with an en dash; 'expanded' writes both ends in full, 'chicago' abbreviates."""
    def repl(m: re.Match[str]) -> str:
        p1, a, p2, b = m.group(1), m.group(2), m.group(3), m.group(4)
        if p1 != p2 and (p1 or p2):
            return m.group(0).replace("-", "\u2013")
        if mode == "expanded" and len(b) < len(a):
            b = a[:len(a) - len(b)] + b
        elif mode == "chicago":
            b = _chicago_range(a, b)
        return f"{p1}{a}\u2013{p2}{b}"
    parts = value.split(", ")
    return ", ".join(repl(m) if (m := _RANGE.fullmatch(p.strip())) else p for p in parts)


def _chicago_range(a: str, b: str) -> str:
    """Chicago 16: 71-72, 100-104, 101-8, 321-28, 498-532, 1087-89, 1496-1504."""
    if len(b) < len(a):
        b = a[:len(a) - len(b)] + b
    ia = int(a)
    if a == b:
        return b
    if ia < 100 or ia % 100 == 0 or len(a) != len(b):
        return b
    if ia % 100 < 10:
        keep = b[len(a) - 1:] if a[:-1] == b[:-1] else b[len(a) - 2:] if a[:-2] == b[:-2] else b
        return keep if ia >= 1000 and a[:-2] == b[:-2] or ia < 1000 else b
    k = 0
    while k < len(a) - 2 and a[k] == b[k]:
        k += 1
    return b[k:] if len(b[k:]) >= 2 else b[-2:]


def is_numeric(v: str, name: str = "number") -> bool:
    """CSL is-numeric as citeproc-js tests it ("2nd" and "12-15" are numeric, "RC-6947" is not)."""
    if name in NUMERIC_VARIABLES:
        return numbers_is_numeric(v, name)
    return v[-1:].isdigit()  # title, version: ends in a digit


@node
def number(children: list[Any], ctx: Ctx, name: str, form: str = "numeric", **fmt: Any) -> Result:
    """A number variable; `ordinal` turns 2 into 2nd when the value is numeric."""
    v = _value(ctx, name)
    if not v:
        return EMPTY, False
    if form == "ordinal" and v.strip().isdigit():
        v = ordinal(int(v))
    elif name in NUMERIC_VARIABLES:
        v = number_info(v, name).text
    return decorate(Rich.markup(v), ctx, **fmt), True


@node
def label(children: list[Any], ctx: Ctx, name: str, form: str = "long", strip_periods: bool = False,
          **fmt: Any) -> Result:
    """The term for a number variable, plural when the value is a range or list; like citeproc-js it
    prints (singular) even when the variable is empty, so "(3 vol)" for number-of-volumes without volume."""
    v = _value(ctx, name)
    plural = number_info(v, name).plural if v and name in NUMERIC_VARIABLES else False
    t = ctx.locale.term(name, form, plural)
    if strip_periods:
        t = t.replace(".", "")
    if t:
        ctx.terms += 1
    return decorate(Rich.of(t), ctx, **fmt), None


@node
def names(children: list[Any], ctx: Ctx, *variables: str, substitute: tuple[Any, ...] = (),
          opts: NameOptions | None = None, **fmt: Any) -> Result:
    """Names of the first non-empty variable (or the substitutes in order), with et-al rules."""
    o = opts or NameOptions()
    for v in variables:
        people = ctx.get(v)
        if people:
            if v == "author" and ctx.show_names > o.et_al_use_first and o.et_al_min:
                o = replace(o, et_al_use_first=ctx.show_names, et_al_min=ctx.show_names + 1)
            if v == "author" and ctx.given_full:
                people = [dict(p, _full_given=True) if i in ctx.given_full else p for i, p in enumerate(people)]
            r = render_names(people, v, o, ctx.locale)
            return decorate(r, ctx, **fmt), True
    for sub in substitute:
        r, _ = run_substitute(ctx, sub)
        if r:
            return decorate(r, ctx, **fmt), True
    return EMPTY, False


def run_substitute(ctx: Ctx, body: Any) -> Result:
    """Run a CSL substitute: the variables it printed are not printed again (here or by an enclosing one)."""
    outer, ctx.seen = ctx.seen, set()
    try:
        r, used = run(body, ctx)
        printed = ctx.seen
    finally:
        ctx.seen = outer
    if r:
        ctx.suppressed |= printed
        if outer is not None:
            outer |= printed
    return r, used


@node
def names_each(children: list[Any], ctx: Ctx, *variables: str, opts: NameOptions | None = None, sep: str = ", ",
               **fmt: Any) -> Result:
    """CSL <names> naming several variables: each non-empty one with its own label, joined by `sep`;
    editor and translator holding the same people print once with the editortranslator term, as in
    citeproc-js ("Edited and translated by J. Hercz")."""
    o = opts or NameOptions()
    lists = [(v, ctx.get(v)) for v in variables]
    present = [(v, p) for v, p in lists if p]
    if not present:
        return EMPTY, False
    roles = [v for v, _ in present]
    if "editor" in roles and "translator" in roles and ctx.get("editor") == ctx.get("translator"):
        i = roles.index("editor")
        present = [(v, p) for v, p in present if v != "translator"]
        present[i] = ("editortranslator", present[i][1])
    parts = [render_names(p, v, o, ctx.locale) for v, p in present]
    return decorate(join(parts, sep, ctx.locale.punctuation_in_quote), ctx, **fmt), True


def date_parts(ctx: Ctx, name: str) -> list[int] | None:
    d = ctx.get(name)
    if not isinstance(d, dict):
        return None
    parts = d.get("date-parts")
    if parts and parts[0]:
        return [int(x) for x in parts[0]]
    return None


def _year(p: list[int], bc: str = "BC") -> str:
    return str(p[0]) if p[0] > 0 else f"{-p[0]} {bc}"


@node
def date(children: list[Any], ctx: Ctx, name: str, parts: str = "year", month: str = "long",
         order: str = "", **fmt: Any) -> Result:
    """A date: `parts` is year, year-month, year-month-day, month-day; ranges use an en dash."""
    d = ctx.get(name)
    if not isinstance(d, dict):
        return EMPTY, False
    if "literal" in d:
        return (decorate(Rich.of(str(d["literal"])), ctx, **fmt), True) if parts.startswith("year") else (EMPTY, False)
    ranges = [[int(x) for x in p] for p in d.get("date-parts", []) if p]
    if not ranges:
        return EMPTY, False
    open_end = len(ranges) == 2 and ranges[1] == [0]  # "2015/": an open range prints as "2015–"
    if open_end:
        ranges = ranges[:1]
    bc = ctx.locale.term("bc")
    texts = [_format_date(p, parts, month, order or ("dmy" if ctx.locale.day_first else "mdy"), bc) for p in ranges]
    texts = [t for t in texts if t]
    if not texts:
        return EMPTY, False
    if len(texts) == 2 and texts[0] == texts[1]:
        texts = texts[:1]
    return decorate(Rich.of("–".join(texts) + ("–" if open_end else "")), ctx, **fmt), True


def month_name(m: int, form: str) -> str:
    if 1 <= m <= 12:
        return MONTHS[m - 1] if form == "long" else MONTHS_SHORT[m - 1]
    if 13 <= m <= 16:
        return SEASONS[m - 13]
    if 21 <= m <= 24:
        return SEASONS[m - 21]
    return ""


def _format_date(p: list[int], parts: str, month: str, order: str, bc: str = "BC") -> str:
    y = _year(p, bc)
    m = month_name(p[1], month) if len(p) > 1 else ""
    day = str(p[2]) if len(p) > 2 else ""
    if parts == "year":
        return y
    if parts == "month":
        return m
    if parts == "month-day":
        if not m:
            return ""
        return f"{day} {m}".strip() if order == "dmy" else f"{m} {day}".strip()
    if parts == "year-month":
        return f"{m} {y}".strip() if order != "ymd" else f"{y}, {m}".strip(", ")
    if order == "dmy":
        return " ".join(x for x in (day, m, y) if x)
    if order == "ymd":  # APA: 2014, April 19
        md = " ".join(x for x in (m, day) if x)
        return f"{y}, {md}" if md else y
    md = " ".join(x for x in (m, day) if x)
    return f"{md}, {y}" if day else " ".join(x for x in (m, y) if x)


@node
def year_suffix(children: list[Any], ctx: Ctx, **fmt: Any) -> Result:
    """The disambiguating letter (a, b, ...), when the entry has one."""
    if not ctx.year_suffix:
        return EMPTY, None  # citeproc-js does not count year-suffix as a variable a group asked for
    return decorate(Rich.of(ctx.year_suffix), ctx, **fmt), True


@node
def fn(children: list[Any], ctx: Ctx, func: Callable[[Ctx], Result]) -> Result:
    """Escape hatch: a Python function of the context."""
    return func(ctx)


def has(*names_: str) -> Callable[[Ctx], bool]:
    """Test: any of these variables is present."""
    return lambda ctx: any(ctx.get(n) for n in names_)


def has_all(*names_: str) -> Callable[[Ctx], bool]:
    return lambda ctx: all(ctx.get(n) for n in names_)


def lacks(*names_: str) -> Callable[[Ctx], bool]:
    """Test: none of these variables is present."""
    return lambda ctx: not any(ctx.get(n) for n in names_)


def of_type(*types: str) -> Callable[[Ctx], bool]:
    """Test: the item's CSL type is one of these."""
    return lambda ctx: ctx.item.get("type", "") in types


def numeric(name: str) -> Callable[[Ctx], bool]:
    return lambda ctx: is_numeric(_value(ctx, name), name)


def all_of(*tests: Callable[[Ctx], bool]) -> Callable[[Ctx], bool]:
    return lambda ctx: all(t(ctx) for t in tests)


def any_of(*tests: Callable[[Ctx], bool]) -> Callable[[Ctx], bool]:
    return lambda ctx: any(t(ctx) for t in tests)


def none_of(*tests: Callable[[Ctx], bool]) -> Callable[[Ctx], bool]:
    return lambda ctx: not any(t(ctx) for t in tests)


def uncertain(name: str) -> Callable[[Ctx], bool]:
    """Test: CSL is-uncertain-date (a date marked circa, e.g. biblatex's 2001~)."""
    def test(ctx: Ctx) -> bool:
        d = ctx.get(name)
        return isinstance(d, dict) and bool(d.get("circa"))
    return test
