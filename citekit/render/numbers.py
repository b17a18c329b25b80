"""Number variables (page, volume, issue, edition, ...) as citeproc-js reads and prints them.

citeproc-js splits a number variable on its joiners (hyphens, commas, '&', 'and'), decides per piece
whether it is numeric and collapsible, writes page ranges with the style's page-range-format and an en
dash, and keeps anything it cannot read as written: `RC-6947` and `91-A` keep their hyphen, `415-U53`
too, `380B - 381` gets an en dash between spaces, `968-&` loses the dangling ampersand. The same pass
tells whether the value is numeric (CSL `is-numeric`: "2nd" is, "RC-6947" is not) and whether its label
is plural ("pp." for 12-15, "p." for "217495:1-217495:14").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

NUMERIC_VARIABLES = frozenset({
    "call-number", "chapter-number", "collection-number", "division", "edition", "page", "issue", "locator",
    "number", "number-of-pages", "number-of-volumes", "part-number", "printing-number", "section",
    "supplement-number", "version", "volume", "supplement", "citation-number"})

# citeproc-js's statute-subdivision labels (those that can stand in a number variable)
_LABELS = {
    "vrs.": "verse", "sv.": "sub-verbo", "subpara.": "subparagraph", "op.": "opus", "subch.": "subchapter",
    "add.": "addendum", "amend.": "amendment", "annot.": "annotation", "app.": "appendix", "art.": "article",
    "bibliog.": "bibliography", "bk.": "book", "ch.": "chapter", "cl.": "clause", "col.": "column",
    "cmt.": "comment", "dec.": "decision", "dept.": "department", "ex.": "example", "fig.": "figure",
    "fld.": "field", "fol.": "folio", "n.": "note", "hypo.": "hypothetical", "illus.": "illustration",
    "intro.": "introduction", "l.": "line", "no.": "issue", "p.": "page", "pp.": "page", "para.": "paragraph",
    "pt.": "part", "pmbl.": "preamble", "princ.": "principle", "pub.": "publication", "r.": "rule",
    "rn.": "randnummer", "sched.": "schedule", "sec.": "section", "ser.": "series,", "subdiv.": "subdivision",
    "subsec.": "subsection", "supp.": "supplement", "tbl.": "table", "tit.": "title", "vol.": "volume"}
_DEFAULT_LABEL = {"page": "p.", "issue": "no.", "volume": "vol.", "section": "sec.", "chapter": "ch.",
                  "line": "l.", "note": "n.", "part": "pt.", "supplement": "supp."}
_DEFAULT_LABEL.update({v: k for k, v in _LABELS.items() if v not in _DEFAULT_LABEL and k != "pp."})
# terms the en-US and en-GB locales define (a label without a term is not a label)
_TERMS = frozenset({"article", "appendix", "book", "chapter", "column", "figure", "folio", "issue", "line",
                    "note", "opus", "page", "paragraph", "part", "rule", "section", "sub-verbo", "supplement",
                    "table", "verse", "volume"})
_LOCATOR_LIKE = ("locator", "number", "locator-extra", "page")

_JOINER = re.compile(r"(\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*\\*[\-\u2013]+\s*)")
_AND = re.compile(r"^\s*&\s*$")
_SUBSECTION = re.compile(r"^(?:(?:[a-z]|[a-z][a-z]|[a-z][a-z][a-z]|[a-z][a-z][a-z][a-z])\.  *)*[0-9]+[,a-zA-Z]+$")
_LABEL_WORDS = (r"(?:^| )(?:[a-z]|[a-z][a-z]|[a-z][a-z][a-z]|[a-z][a-z][a-z][a-z]|subpara|subch|amend|bibliog|"
                r"annot|illus|princ|intro|sched|subdiv|subsec)(?:\.| ) *")
_LABEL_FIND = re.compile(_LABEL_WORDS)
_LABEL_SPLIT = re.compile(_LABEL_WORDS)
_PIECE = re.compile(r"^[0-9]+([-;,:a-zA-Z]*)$")
_PARTICLE = re.compile(r"^([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))$")
_VAL = re.compile(r"^[0-9]+([-,:a-zA-Z]*)$")
_MASTER = re.compile(r"^(?:[0-9]+|[ixv]+)([-,:a-zA-Z]*|\-[\-0-9]+)$")
_ROMAN = re.compile(r"^[ivxlcmIVXLCM]+$")
_ROMAN_OR_NUMBER = re.compile(r"^([0-9]+|[ivxlcmIVXLCM]+)$")
_MANGLED = re.compile(r"^((?:[0-9]*[a-zA-Z]+0*))?([0-9]+[a-z]*)(\s*[^0-9]+\s*)([-,a-zA-Z]?0*)([0-9]+[a-z]*)$")
_INT = re.compile(r"^\s*[-+]?\d+")
_SIMPLE_RANGE = re.compile(r"^([0-9]+)-([0-9]+)$")


def _int(text: str) -> int | None:
    """JavaScript's parseInt: the leading integer, or None (NaN)."""
    m = _INT.match(text)
    return int(m.group(0)) if m else None


@dataclass
class _Num:
    label: str
    orig_label: str
    particle: str
    value: str
    joining: str
    numeric: bool = True
    collapsible: bool | None = None
    plural: bool = False


def _compose(orig_label: str, label: str, val: str, joining: str | None, variable: str) -> _Num:
    if not label and variable not in _DEFAULT_LABEL:
        label = "var:" + variable
    lab = ""
    if label:
        m = re.match(r"(\s*)([^\s]+)(\s*)", label)
        lab = m.group(2) if m else label
    m2 = _PARTICLE.match(val)
    particle, value = ((m2.group(1) or "", m2.group(2)) if m2 else ("", val))
    return _Num(lab, orig_label, particle, value, re.sub(r"\s*-\s*", "-", joining or "", count=1))


def _parse(text: str, variable: str) -> list[_Num]:
    text = text.strip()
    default = _DEFAULT_LABEL.get(variable, "")
    first = re.match(r"^([^ ]+)", text)
    if first and first.group(1) not in _LABELS and default:
        text = default + " " + text
    if variable == "page":
        text = text.replace("\u2013", "-")
    pieces = _JOINER.split(text)
    elems: list[str] = []
    for i, p in enumerate(pieces):
        if i % 2 and _AND.match(p):
            prev = pieces[i - 1]
            p = "&" if re.search(r"[a-zA-Z]$", prev) and re.match(r"^[a-zA-Z]", prev) else " & "
        elems.append(p)
    for i in range(len(elems) - 2, 0, -2):  # 12a-c stays one piece
        if elems[i] == "-" and _SUBSECTION.match(elems[i - 1]) and re.match(r"^[,a-zA-Z]+$", elems[i + 1]):
            elems[i - 1] = "".join(elems[i - 1:i + 2])
            del elems[i:i + 2]
    values: list[_Num] = []
    label, orig_label = default, ""
    for i in range(0, len(elems), 2):
        chunk = elems[i]
        joining = elems[i + 1] if i + 1 < len(elems) else None
        found = _LABEL_FIND.findall(chunk)
        if not found:
            values.append(_compose("" if orig_label == label.strip() else orig_label, label, chunk, joining,
                                   variable))
            continue
        lst = _LABEL_SPLIT.split(chunk)
        for j in range(len(lst) - 1, 0, -1):
            if lst[j - 1] and (not _PIECE.match(lst[j]) or not _PIECE.match(lst[j - 1])):
                lst[j - 1] = lst[j - 1] + found[j - 1] + lst[j]
                del lst[j]
                del found[j - 1]
        if found:
            slug = found[0].strip()
            kind = _LABELS.get(slug)
            not_label = kind is None or kind not in _TERMS or (variable not in _LOCATOR_LIKE and kind != variable)
            if not_label:
                if i == 0 and len(lst) > 1:
                    del found[0]
                    lst[0] = lst[0] + " " + slug + " " + lst[1]
                    del lst[1]
            else:
                orig_label = slug
        for j, piece in enumerate(lst):
            if piece or j == len(lst) - 1:
                if 1 <= j <= len(found):
                    label = found[j - 1]
                filtered = "" if orig_label == label.strip() else orig_label
                values.append(_compose(filtered, label, piece.strip(), joining if j == len(lst) - 1 else None,
                                       variable))
    for a, b in pairwise(values):
        if not a.joining and b.label:
            a.joining = " "
    _plurals_and_numerics(values)
    for v in values:
        if not v.numeric:
            v.plural = False
    return values


def _fix_group(values: list[_Num], pos: int, count: int) -> None:
    master = values[pos]
    val = master.value
    escaped = master.joining == "\\-"
    numeric, collapsible = True, master.collapsible
    m_val, m_master = _VAL.match(val), _MASTER.match(master.value)
    if not val or not m_val or not m_master or escaped:
        collapsible = False
        if not val or not m_master:
            numeric = False
        if escaped:
            count -= 1
    if (m_val and m_val.group(1)) or (m_master and m_master.group(1)):
        collapsible = False
    if master.collapsible is None:
        for j in range(pos, pos + count):
            values[j].collapsible = _int(values[j].value) is not None or bool(_ROMAN.match(values[j].value))
        collapsible = values[pos].collapsible
    for j in range(pos, pos + count):
        if count > 1 and collapsible:
            values[j].plural = True
        values[j].numeric = numeric
        values[j].collapsible = collapsible


def _plurals_and_numerics(values: list[_Num]) -> None:
    if not values:
        return
    start, count = 0, 1
    for i in range(1, len(values)):
        if values[i - 1].label == values[i].label:
            count += 1
        else:
            _fix_group(values, start, count)
            start, count = i, 1
    _fix_group(values, start, count)


def _range_delimiter(variable: str, val: _Num, delim: str, numeric: bool) -> str:
    is_page = variable == "page"
    has_term = True
    if variable in ("locator", "locator-extra", "page"):
        kind = _LABELS.get(val.orig_label or val.label)
        has_term = kind in _TERMS
    ranged = is_page or variable in ("locator", "locator-extra", "issue", "volume", "edition", "number",
                                     "collection-number")
    return "\u2013" if has_term and delim == "-" and numeric and ranged else delim


# ---- citeproc-js's page range mangler (page-range-format) ----

_RANGE = re.compile(r"([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)\s*(?:\u2013|-)\s*([0-9]*[a-zA-Z]+0*)?([0-9]+[a-z]*)")
_LIST_RANGE = re.compile(r"((?:[0-9]*[a-zA-Z]+0*)?[0-9]+[a-z]*\s+\-\s+(?:[0-9]*[a-zA-Z]+0*)?[0-9]+[a-z]*)")

Piece = str | list[str]


def _listify(text: str) -> list[Piece]:
    text = re.sub(r"([^\\])[-\u2013]", r"\1 - ", text)
    text = re.sub(r"\s+-\s+", " - ", text)
    parts = _LIST_RANGE.split(text)
    return [p if i % 2 == 0 else re.sub(r"\s*\-\s*", "-", p) for i, p in enumerate(parts)]


def _expand(text: str) -> list[Piece]:
    lst = _listify(text)
    for pos in range(1, len(lst), 2):
        piece = lst[pos]
        assert isinstance(piece, str)
        m = _RANGE.search(piece)
        if m:
            p1, a, p2, b = m.group(1) or "", m.group(2), m.group(3), m.group(4)
            if not p2 or p1 == p2:
                if len(b) < len(a):
                    b = a[:len(a) - len(b)] + b
                ia, ib = _int(a), _int(b)
                if ia is not None and ib is not None and ia < ib:
                    lst[pos] = [p1, a, "\u2013" + p1, b]
                    continue
        lst[pos] = piece.replace("-", "\u2013")
    return lst


def _stringify(lst: list[Piece]) -> str:
    out = "".join(p if isinstance(p, str) else "".join(p) for p in lst)
    return re.sub(r"([^\\])\-", "\\1\u2013", out)


def _chicago16(lst: list[Piece]) -> str:
    for pos in range(1, len(lst), 2):
        m = lst[pos]
        if isinstance(m, list):
            begin, end = int(m[1].rstrip("abcdefghijklmnopqrstuvwxyz") or 0), _int(m[3]) or 0
            e = str(end)
            if begin > 100 and begin % 100:
                for i in range(2, len(e)):
                    divisor = 10 ** i
                    if begin // divisor == end // divisor:
                        m[3] = str(end % divisor)
                        break
            if m[2][1:] == m[0]:
                m[2] = "\u2013"
    return _stringify(lst)


def _mangle_pages(text: str, range_format: str | None) -> str:
    lst = _expand(text)
    if range_format in ("chicago", "chicago-16"):
        return _chicago16(lst)
    return _stringify(lst)


def _fix_ranges(values: list[_Num], variable: str, range_format: str | None) -> None:
    count, label = 0, None

    def mangle(i: int) -> None:
        nonlocal count
        if i < 1 or count != 2:
            return
        a, b = values[i - 1], values[i]
        if a.particle != b.particle:
            return
        if a.joining != "-":
            count = 1
            return
        ia, ib = _int(a.value), _int(b.value)
        if not range_format and ia is not None and ib is not None and ia > ib:
            a.joining = _range_delimiter(variable, b, a.joining, True)
            return
        if variable == "page" and ia is not None and ib is not None:
            text = _mangle_pages(f"{a.particle}{a.value} - {b.particle}{b.value}", range_format)
        else:
            if _ROMAN_OR_NUMBER.match(a.value) and _ROMAN_OR_NUMBER.match(b.value):
                a.joining = "\u2013"
            text = a.value + a.joining.replace("\\-", "-") + b.value
        m = _MANGLED.match(text)
        if m:
            a.particle, a.value = m.group(1) or "", m.group(2)
            a.joining = _range_delimiter(variable, b, m.group(3), bool(b.numeric))
            b.particle, b.value = m.group(4), m.group(5)
        count = 0

    for i, val in enumerate(values):
        if not val.collapsible:
            count, label = 0, None
            val.joining = _range_delimiter(variable, val, val.joining, val.numeric)
        elif label == val.label and val.joining == "-":
            count = 1
        elif label == val.label:
            count += 1
            if count == 2:
                mangle(i)
        else:
            label, count = val.label, 1
    if count == 2:
        mangle(len(values) - 1)


@dataclass(frozen=True)
class NumberInfo:
    """How citeproc-js prints a number variable: its text, and its CSL is-numeric and plural flags."""

    text: str
    numeric: bool
    plural: bool


@lru_cache(maxsize=16384)
def number_info(value: str, variable: str, range_format: str | None = None) -> NumberInfo:
    """A number variable's printed text (ranges with an en dash, pages in `range_format`: None,
    'expanded' or 'chicago-16'), whether CSL counts it numeric, and whether its label is plural."""
    if value.isdigit() and value.isascii():  # the common case: one plain number
        return NumberInfo(value, True, variable.startswith("number-of-") and int(value) > 1)
    simple = _SIMPLE_RANGE.match(value)
    if simple:  # and the next most common: 12-15 (the same result as the full reading below)
        a, b = simple.group(1), simple.group(2)
        if variable != "page" or (not range_format and int(a) > int(b)):
            return NumberInfo(f"{a}\u2013{b}", True, True)
        if len(b) < len(a):
            b = a[:len(a) - len(b)] + b
        if int(a) < int(b):
            if range_format in ("chicago", "chicago-16"):
                return NumberInfo(_chicago16(["", ["", a, "\u2013", b], ""]), True, True)
            return NumberInfo(f"{a}\u2013{b}", True, True)
    values = _parse(value, variable)
    if not values:
        return NumberInfo(value, False, False)
    first = values[0]
    plural = first.plural
    if variable.startswith("number-of-") and first.numeric and (_int(value) or 0) > 1:
        plural = True
    _fix_ranges(values, variable, range_format)
    out = []
    for v in values:
        text = v.particle + v.value
        if text:
            out.append(text + v.joining.replace("\\-", "-"))
    return NumberInfo("".join(out).strip(), first.numeric, plural)


def _slashed_number(value: str) -> bool:
    """Numbers joined by slashes and nothing else ("157/2012", "3/4/5"): a law's or issue's one number."""
    parts = value.split("/")
    return len(parts) > 1 and all(p.isdigit() and p.isascii() for p in parts)


def is_numeric(value: str, variable: str, slashed: bool = False) -> bool:
    """CSL is-numeric for a number variable. With `slashed`, numbers joined by slashes count as
    numeric too (Chicago's reading of "157/2012"); an empty value is never numeric."""
    value = value.strip()
    if not value:
        return False
    if slashed and _slashed_number(value):
        return True
    return number_info(value, variable).numeric


def is_plural(value: str, variable: str, slashed: bool = False) -> bool:
    """Whether a number variable's label takes its plural form (a range or list of numbers, or a
    count above one for number-of-...); numbers joined by slashes are one number with `slashed`."""
    value = value.strip()
    if not value or (slashed and _slashed_number(value)):
        return False
    return number_info(value, variable).plural
